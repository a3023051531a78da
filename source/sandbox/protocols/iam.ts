// IAM over the query protocol: the policy simulator and inline policies of roles and
// users. IAM is global; the SDK signs it for us-east-1.

import {authorize, refusalMessage, requestContext} from '../authorize.js';
import {parsePolicy} from '../evaluator.js';
import {isoTime, ServiceError, type HandlerRequest, type XmlValue} from '../wire.js';
import type {Principal} from '../world.js';
import {simulate} from './iam-simulate.js';
import type {Protocol, SandboxContext} from './protocol.js';
import {memberList, queryErrorReply, queryErrors, queryOperation, queryParams, queryReply} from './query.js';

const namespace = 'https://iam.amazonaws.com/doc/2010-05-08/';

function check(request: HandlerRequest, context: SandboxContext, action: string, resource: string, shownAs = resource): void {
	const refusal = authorize(context.world, {caller: request.caller, action, resource, context: requestContext(request.caller, request.region)});
	if (refusal) throw new ServiceError(403, 'AccessDenied', refusalMessage(request.caller.arn, action, shownAs, refusal));
}

function entity(request: HandlerRequest, context: SandboxContext, type: 'role' | 'user', name: string | null): Principal {
	const account = request.caller.account;
	const principal = name ? context.world.principals.get(`arn:aws:iam::${account}:${type}/${name}`) : undefined;
	if (!principal) throw new ServiceError(404, 'NoSuchEntity', `The ${type} with name ${name ?? ''} cannot be found.`);
	return principal;
}

/** Checks the caller may act on a role or user, then finds it. IAM names such resources "role NAME". */
function entityFor(request: HandlerRequest, context: SandboxContext, type: 'role' | 'user', action: string): Principal {
	const name = queryParams(request).get(type === 'role' ? 'RoleName' : 'UserName');
	const arn = `arn:aws:iam::${request.caller.account}:${type}/${name ?? ''}`;
	check(request, context, action, arn, `${type} ${name ?? ''}`);
	return entity(request, context, type, name);
}

/** A managed policy by ARN, after checking the caller may read it. */
function managedPolicy(request: HandlerRequest, context: SandboxContext, action: string): {arn: string; name: string; document: string} {
	const arn = queryParams(request).get('PolicyArn') ?? '';
	check(request, context, action, arn);
	for (const principal of context.world.principals.values()) {
		if (principal.boundary?.arn === arn) return {arn, name: arn.replace(/^.*\//, ''), document: principal.boundary.document};
	}
	throw new ServiceError(404, 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}

/** What GetRole and GetUser both answer: names, ids, and the permissions boundary. */
function entityDetail(principal: Principal, type: 'Role' | 'User'): Record<string, XmlValue> {
	return {
		Path: '/',
		[`${type}Name`]: principal.name,
		[`${type}Id`]: principal.id,
		Arn: principal.arn,
		CreateDate: isoTime(Date.UTC(2024, 0, 15)),
		PermissionsBoundary: principal.boundary ? {PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: principal.boundary.arn} : undefined,
	};
}

function validDocument(document: string | null): string {
	if (!document || !parsePolicy(document)) throw new ServiceError(400, 'MalformedPolicyDocument', 'Syntax errors in policy.');
	return document;
}

function inlinePolicyOperations(type: 'role' | 'user') {
	const Type = type === 'role' ? 'Role' : 'User';
	return {
		[`List${Type}Policies`](request: HandlerRequest, context: SandboxContext): XmlValue {
			const principal = entityFor(request, context, type, `iam:List${Type}Policies`);
			return {PolicyNames: [...principal.inlinePolicies.keys()].sort().map((n) => ({member: n})), IsTruncated: false};
		},
		[`Get${Type}Policy`](request: HandlerRequest, context: SandboxContext): XmlValue {
			const principal = entityFor(request, context, type, `iam:Get${Type}Policy`);
			const name = queryParams(request).get('PolicyName') ?? '';
			const document = principal.inlinePolicies.get(name);
			if (document === undefined) throw new ServiceError(404, 'NoSuchEntity', `The ${type} policy with name ${name} cannot be found.`);
			// IAM returns policy documents URL-encoded (RFC 3986).
			return {[`${Type}Name`]: principal.name, PolicyName: name, PolicyDocument: encodeURIComponent(document)};
		},
		[`Put${Type}Policy`](request: HandlerRequest, context: SandboxContext): XmlValue | undefined {
			const principal = entityFor(request, context, type, `iam:Put${Type}Policy`);
			const params = queryParams(request);
			const name = params.get('PolicyName');
			if (!name) throw new ServiceError(400, 'ValidationError', "1 validation error detected: Value null at 'policyName' failed to satisfy constraint: Member must not be null");
			principal.inlinePolicies.set(name, validDocument(params.get('PolicyDocument')));
			return undefined;
		},
	};
}

const operations: Record<string, (request: HandlerRequest, context: SandboxContext) => XmlValue | undefined> = {
	...inlinePolicyOperations('role'),
	...inlinePolicyOperations('user'),
	GetRole(request, context) {
		const role = entityFor(request, context, 'role', 'iam:GetRole');
		return {
			Role: {
				...entityDetail(role, 'Role'),
				AssumeRolePolicyDocument: role.trustPolicy ? encodeURIComponent(role.trustPolicy) : undefined,
				MaxSessionDuration: 3600,
			},
		};
	},
	GetUser(request, context) {
		return {User: entityDetail(entityFor(request, context, 'user', 'iam:GetUser'), 'User')};
	},
	// Managed policies exist in the sandbox only as permissions boundaries, each with one version.
	GetPolicy(request, context) {
		const {arn, name} = managedPolicy(request, context, 'iam:GetPolicy');
		return {Policy: {PolicyName: name, PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 17)}`, Arn: arn, Path: '/', DefaultVersionId: 'v1', AttachmentCount: 1, IsAttachable: true}};
	},
	GetPolicyVersion(request, context) {
		const {document} = managedPolicy(request, context, 'iam:GetPolicyVersion');
		const version = queryParams(request).get('VersionId');
		if (version !== 'v1') throw new ServiceError(404, 'NoSuchEntity', `Policy version ${version ?? ''} does not exist or is not attachable.`);
		return {PolicyVersion: {Document: encodeURIComponent(document), VersionId: 'v1', IsDefaultVersion: true, CreateDate: isoTime(Date.UTC(2024, 0, 15))}};
	},
	ListAttachedRolePolicies(request, context) {
		entityFor(request, context, 'role', 'iam:ListAttachedRolePolicies');
		return {AttachedPolicies: [], IsTruncated: false};
	},
	SimulatePrincipalPolicy(request, context) {
		const params = queryParams(request);
		const source = params.get('PolicySourceArn') ?? '';
		const m = /^arn:aws:iam::(\d{12}):(user|role|group)\/(?:.*\/)?([\w+=,.@-]+)$/.exec(source);
		if (!m) {
			throw new ServiceError(400, 'InvalidInput', `Invalid Entity Arn: ${source} does not clearly define entity type and name.`);
		}
		check(request, context, 'iam:SimulatePrincipalPolicy', source);
		const principal = context.world.principals.get(source);
		if (!principal) throw new ServiceError(404, 'NoSuchEntity', `The ${m[2]} with name ${m[3]} cannot be found.`);
		const extra = memberList(params, 'PolicyInputList').map((document, i) => ({id: `PolicyInputList.${i + 1}`, type: 'none' as const, document: validDocument(document)}));
		const results = simulate(
			context.world,
			{
				policies: [...[...principal.inlinePolicies].map(([id, document]) => ({id, type: principal.type, document})), ...extra],
				boundary: principal.boundary?.document,
				account: principal.account,
			},
			params,
		);
		return {EvaluationResults: results, IsTruncated: false};
	},
	SimulateCustomPolicy(request, context) {
		check(request, context, 'iam:SimulateCustomPolicy', '*');
		const params = queryParams(request);
		const policies = memberList(params, 'PolicyInputList').map((document, i) => ({
			id: `PolicyInputList.${i + 1}`,
			type: 'none' as const,
			document: validDocument(document),
		}));
		if (policies.length === 0) {
			throw new ServiceError(400, 'ValidationError', "1 validation error detected: Value null at 'policyInputList' failed to satisfy constraint: Member must not be null");
		}
		const boundary = memberList(params, 'PermissionsBoundaryPolicyInputList')[0];
		return {EvaluationResults: simulate(context.world, {policies, boundary}, params), IsTruncated: false};
	},
};

export const iam: Protocol = {
	service: 'iam',
	operationOf: queryOperation,
	handle(request, context) {
		const operation = operations[request.operation];
		if (!operation) throw new ServiceError(400, 'InvalidAction', `Could not find operation ${request.operation} for version 2010-05-08`);
		return queryReply(request.operation, namespace, operation(request, context), request.requestId);
	},
	errorReply: (error, requestId) => queryErrorReply(namespace, error, requestId),
	errors: {...queryErrors, serverError: [500, 'ServiceFailure', 'Request processing has failed due to some unknown error, exception or failure.']},
};
