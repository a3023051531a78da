// IAM (global, one Region per partition) and IAM Access Analyzer operations: AWS's own
// policy evaluators, and the inline policies the wizard may read or write.

import type {EvaluationResult} from '@aws-sdk/client-iam';
import {AwsCallError, type ManagedPolicy, type PolicyFinding, type SimulationDecision, type SimulationResult} from '../core/ports.js';
import type {ClientPool, SdkClient, SdkModule, SendOptions} from './clients.js';

type SimulationPage = {EvaluationResults?: EvaluationResult[]; IsTruncated?: boolean; Marker?: string};

export type Principal = {type: 'role' | 'user'; name: string};

export function simulationResultOf(r: EvaluationResult): SimulationResult {
	const decision: SimulationDecision =
		r.EvalDecision === 'allowed' ? 'allowed' : r.EvalDecision === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny';
	const result: SimulationResult = {
		action: r.EvalActionName ?? '',
		resource: r.EvalResourceName ?? '*',
		decision,
		matchedStatementIds: [...new Set((r.MatchedStatements ?? []).map((s) => s.SourcePolicyId ?? '').filter(Boolean))],
		missingContextKeys: r.MissingContextValues ?? [],
	};
	const org = r.OrganizationsDecisionDetail?.AllowedByOrganizations;
	if (org !== undefined) result.allowedByOrganizations = org;
	const boundary = r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary;
	if (boundary !== undefined) result.allowedByPermissionsBoundary = boundary;
	return result;
}

/**
 * One result per action and resource. IAM now answers one EvaluationResult per action
 * whatever the number of resources, its top level being the most restrictive of them, and
 * the per-resource decisions in ResourceSpecificResults; it used to answer one per pair.
 * Both shapes come out the same here. Organisation and boundary details exist only at the
 * top level: they are kept for the refused resources, where they explain the refusal.
 */
export function simulationResultsOf(r: EvaluationResult): SimulationResult[] {
	const top = simulationResultOf(r);
	const perResource = r.ResourceSpecificResults ?? [];
	if (perResource.length <= 1) return [top];
	return perResource.map((each) => {
		const decision: SimulationDecision =
			each.EvalResourceDecision === 'allowed' ? 'allowed' : each.EvalResourceDecision === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny';
		const result: SimulationResult = {
			action: top.action,
			resource: each.EvalResourceName ?? top.resource,
			decision,
			matchedStatementIds: [...new Set((each.MatchedStatements ?? []).map((s) => s.SourcePolicyId ?? '').filter(Boolean))],
			missingContextKeys: each.MissingContextValues ?? top.missingContextKeys,
		};
		if (decision !== 'allowed' && top.allowedByOrganizations !== undefined) result.allowedByOrganizations = top.allowedByOrganizations;
		if (decision !== 'allowed' && top.allowedByPermissionsBoundary !== undefined) result.allowedByPermissionsBoundary = top.allowedByPermissionsBoundary;
		return result;
	});
}

/** Both simulators page the same way (Marker / IsTruncated) and answer the same shape. */
async function simulateAll(
	pool: ClientPool,
	region: string,
	operation: 'SimulatePrincipalPolicy' | 'SimulateCustomPolicy',
	signal: AbortSignal | undefined,
	send: (m: SdkModule<'iam'>, c: SdkClient<'iam'>, o: SendOptions, marker: string | undefined) => Promise<SimulationPage>,
): Promise<SimulationResult[]> {
	const all: SimulationResult[] = [];
	let marker: string | undefined;
	do {
		const current = marker;
		const page = await pool.call('iam', region, operation, signal, (m, c, o) => send(m, c, o, current));
		all.push(...(page.EvaluationResults ?? []).flatMap(simulationResultsOf));
		marker = page.IsTruncated ? page.Marker : undefined;
	} while (marker);
	return all;
}

export function simulatePrincipalPolicy(
	pool: ClientPool,
	region: string,
	principalArn: string,
	actions: string[],
	resources: string[],
	signal?: AbortSignal,
): Promise<SimulationResult[]> {
	return simulateAll(pool, region, 'SimulatePrincipalPolicy', signal, (m, c, o, marker) =>
		c.send(
			new m.SimulatePrincipalPolicyCommand({
				PolicySourceArn: principalArn,
				ActionNames: actions,
				ResourceArns: resources.length > 0 ? resources : undefined,
				Marker: marker,
			}),
			o,
		),
	);
}

export function simulateCustomPolicy(
	pool: ClientPool,
	region: string,
	policies: string[],
	actions: string[],
	resources: string[],
	signal?: AbortSignal,
): Promise<SimulationResult[]> {
	return simulateAll(pool, region, 'SimulateCustomPolicy', signal, (m, c, o, marker) =>
		c.send(
			new m.SimulateCustomPolicyCommand({
				PolicyInputList: policies,
				ActionNames: actions,
				ResourceArns: resources.length > 0 ? resources : undefined,
				Marker: marker,
			}),
			o,
		),
	);
}

export async function listInlinePolicies(pool: ClientPool, region: string, principal: Principal, signal?: AbortSignal): Promise<string[]> {
	const all: string[] = [];
	let marker: string | undefined;
	do {
		const page =
			principal.type === 'role'
				? await pool.call('iam', region, 'ListRolePolicies', signal, (m, c, o) =>
						c.send(new m.ListRolePoliciesCommand({RoleName: principal.name, Marker: marker}), o),
					)
				: await pool.call('iam', region, 'ListUserPolicies', signal, (m, c, o) =>
						c.send(new m.ListUserPoliciesCommand({UserName: principal.name, Marker: marker}), o),
					);
		all.push(...(page.PolicyNames ?? []));
		marker = page.IsTruncated ? page.Marker : undefined;
	} while (marker);
	return all;
}

/** IAM returns policy documents URL-encoded (RFC 3986); some compatible services do not. */
export function decodePolicyDocument(document: string): string {
	if (/^\s*[{[]/.test(document)) return document;
	try {
		return decodeURIComponent(document.replace(/\+/g, '%20'));
	} catch {
		return document;
	}
}

export async function getInlinePolicy(
	pool: ClientPool,
	region: string,
	principal: Principal,
	policyName: string,
	signal?: AbortSignal,
): Promise<string | null> {
	try {
		const document =
			principal.type === 'role'
				? (
						await pool.call('iam', region, 'GetRolePolicy', signal, (m, c, o) =>
							c.send(new m.GetRolePolicyCommand({RoleName: principal.name, PolicyName: policyName}), o),
						)
					).PolicyDocument
				: (
						await pool.call('iam', region, 'GetUserPolicy', signal, (m, c, o) =>
							c.send(new m.GetUserPolicyCommand({UserName: principal.name, PolicyName: policyName}), o),
						)
					).PolicyDocument;
		return document === undefined ? null : decodePolicyDocument(document);
	} catch (error) {
		if (error instanceof AwsCallError && error.code === 'NoSuchEntity') return null;
		throw error;
	}
}

/** ARN of the permissions boundary of a role or user (GetRole / GetUser), or null. */
export async function permissionsBoundary(pool: ClientPool, region: string, principal: Principal, signal?: AbortSignal): Promise<string | null> {
	const detail =
		principal.type === 'role'
			? (await pool.call('iam', region, 'GetRole', signal, (m, c, o) => c.send(new m.GetRoleCommand({RoleName: principal.name}), o))).Role
			: (await pool.call('iam', region, 'GetUser', signal, (m, c, o) => c.send(new m.GetUserCommand({UserName: principal.name}), o))).User;
	return detail?.PermissionsBoundary?.PermissionsBoundaryArn ?? null;
}

/** A managed policy's default version: GetPolicy names it, GetPolicyVersion reads it. */
export async function managedPolicy(pool: ClientPool, region: string, policyArn: string, signal?: AbortSignal): Promise<ManagedPolicy> {
	const policy = await pool.call('iam', region, 'GetPolicy', signal, (m, c, o) => c.send(new m.GetPolicyCommand({PolicyArn: policyArn}), o));
	const versionId = policy.Policy?.DefaultVersionId ?? 'v1';
	const version = await pool.call('iam', region, 'GetPolicyVersion', signal, (m, c, o) =>
		c.send(new m.GetPolicyVersionCommand({PolicyArn: policyArn, VersionId: versionId}), o),
	);
	return {arn: policyArn, versionId, document: decodePolicyDocument(version.PolicyVersion?.Document ?? '')};
}

export async function putInlinePolicy(
	pool: ClientPool,
	region: string,
	principal: Principal,
	policyName: string,
	document: string,
	signal?: AbortSignal,
): Promise<void> {
	if (principal.type === 'role') {
		await pool.call('iam', region, 'PutRolePolicy', signal, (m, c, o) =>
			c.send(new m.PutRolePolicyCommand({RoleName: principal.name, PolicyName: policyName, PolicyDocument: document}), o),
		);
	} else {
		await pool.call('iam', region, 'PutUserPolicy', signal, (m, c, o) =>
			c.send(new m.PutUserPolicyCommand({UserName: principal.name, PolicyName: policyName, PolicyDocument: document}), o),
		);
	}
}

export async function validatePolicy(
	pool: ClientPool,
	region: string,
	document: string,
	policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY',
	resourceType?: 'AWS::S3::Bucket',
	signal?: AbortSignal,
): Promise<PolicyFinding[]> {
	const all: PolicyFinding[] = [];
	let token: string | undefined;
	do {
		const page = await pool.call('access-analyzer', region, 'ValidatePolicy', signal, (m, c, o) =>
			c.send(
				new m.ValidatePolicyCommand({
					policyDocument: document,
					policyType,
					...(resourceType ? {validatePolicyResourceType: resourceType} : {}),
					nextToken: token,
				}),
				o,
			),
		);
		all.push(
			...(page.findings ?? []).map((f): PolicyFinding => ({
				findingType: f.findingType ?? 'WARNING',
				issueCode: f.issueCode ?? '',
				details: f.findingDetails ?? '',
			})),
		);
		token = page.nextToken;
	} while (token);
	return all;
}
