// AWS's evaluation logic over the sandbox world: explicit deny wins; SCPs must allow;
// identity policies, resource policies and permissions boundaries combine as AWS
// combines them. Produces the policy type that refused, for AWS-style messages.

import {contextOf, type ContextValues} from './conditions.js';
import {evaluatePolicy, type PolicyResult, type PrincipalFacts} from './evaluator.js';
import type {Caller, KmsKey, WorldState} from './world.js';

export type PolicyType = 'service control' | 'identity-based' | 'resource-based' | 'permissions boundary';

export interface Refusal {
	explicit: boolean;
	policyType: PolicyType;
	/** The denying policy's ARN, appended by AWS for explicit denies it may disclose. */
	policyArn?: string;
}

export interface AuthzInput {
	caller: Caller;
	action: string;
	resource: string;
	context: ContextValues;
	/**
	 * The target's resource-based policy. `kind: 'gate'` is for KMS key policies and role
	 * trust policies, which must always allow; 'resource' follows S3 rules (in the same
	 * account either the identity or the resource policy suffices).
	 */
	resourcePolicy?: {document?: string; owner: string; kind: 'resource' | 'gate'};
}

function principalFacts(caller: Caller): PrincipalFacts {
	return {
		arn: caller.arn,
		roleArn: caller.principal.type === 'role' ? caller.principal.arn : undefined,
		account: caller.account,
	};
}

/**
 * The request context AWS builds for a caller. A call made by a service on the caller's
 * behalf (the export's S3 and KMS writes) has aws:ViaAWSService true and no network keys.
 */
export function requestContext(
	caller: Caller,
	region: string,
	extra: Record<string, string | string[] | undefined> = {},
	options: {viaService?: boolean} = {},
): ContextValues {
	const isSession = caller.principal.type === 'role';
	return contextOf({
		'aws:PrincipalArn': caller.principal.arn,
		'aws:PrincipalAccount': caller.account,
		'aws:PrincipalType': isSession ? 'AssumedRole' : 'User',
		'aws:userid': caller.userId,
		'aws:username': isSession ? undefined : caller.principal.name,
		'aws:SourceIp': options.viaService ? undefined : '127.0.0.1',
		'aws:ViaAWSService': options.viaService ? 'true' : 'false',
		// The sandbox speaks plain HTTP on loopback, but stands for AWS, which is always TLS.
		'aws:SecureTransport': 'true',
		'aws:RequestedRegion': region,
		'aws:MultiFactorAuthPresent': isSession ? String(!!caller.credential.mfaAuthenticated) : undefined,
		...extra,
	});
}

function firstArnOf(results: Array<{result: PolicyResult; arn?: string}>): string | undefined {
	return results.find((r) => r.result.denies.length > 0)?.arn;
}

/** undefined when allowed; otherwise why not. */
export function authorize(world: WorldState, input: AuthzInput): Refusal | undefined {
	const {caller, action, resource, context} = input;
	const identityFacts = {action, resource, context};
	const resourceFacts = {action, resource, context, principal: principalFacts(caller)};

	const scps = world.scpsFor(caller.account).map((p) => ({arn: p.arn, result: evaluatePolicy(p.content, identityFacts, 'identity')}));
	const identity = [...caller.principal.inlinePolicies.values()].map((doc) => ({result: evaluatePolicy(doc, identityFacts, 'identity')}));
	const boundary = caller.principal.boundary ? evaluatePolicy(caller.principal.boundary.document, identityFacts, 'identity') : undefined;
	const resourcePolicy = input.resourcePolicy;
	const resourceResult = resourcePolicy?.document ? evaluatePolicy(resourcePolicy.document, resourceFacts, 'resource') : undefined;
	const sameAccount = !resourcePolicy || resourcePolicy.owner === caller.account;

	// Explicit denies, in the order AWS evaluates policy types.
	const scpDenyArn = firstArnOf(scps);
	if (scpDenyArn) return {explicit: true, policyType: 'service control', policyArn: scpDenyArn};
	if (resourceResult && resourceResult.denies.length > 0) return {explicit: true, policyType: 'resource-based'};
	if (identity.some((p) => p.result.denies.length > 0)) return {explicit: true, policyType: 'identity-based'};
	if (boundary && boundary.denies.length > 0) return {explicit: true, policyType: 'permissions boundary'};

	if (scps.length > 0 && !scps.some((p) => p.result.allows.length > 0)) return {explicit: false, policyType: 'service control'};

	const identityAllows = identity.some((p) => p.result.allows.length > 0);
	const resourceDirect = !!resourceResult?.allows.some((s) => s.principalMatch === 'direct');
	const resourceAny = !!resourceResult && resourceResult.allows.length > 0;
	const boundaryAllows = !boundary || boundary.allows.length > 0;

	if (resourcePolicy?.kind === 'gate') {
		// The resource policy must allow; trusting the account root hands over to IAM.
		if (!resourceAny) return {explicit: false, policyType: 'resource-based'};
		if (sameAccount && resourceDirect) return undefined;
		if (!identityAllows) return {explicit: false, policyType: 'identity-based'};
		return boundaryAllows ? undefined : {explicit: false, policyType: 'permissions boundary'};
	}
	if (!sameAccount) {
		if (!resourceAny) return {explicit: false, policyType: 'resource-based'};
		if (!identityAllows) return {explicit: false, policyType: 'identity-based'};
		return boundaryAllows ? undefined : {explicit: false, policyType: 'permissions boundary'};
	}
	// Same account: a resource policy naming the caller is enough on its own; one that
	// only trusts the account delegates to IAM, like having no resource policy.
	if (resourceDirect) return undefined;
	if (!identityAllows) return {explicit: false, policyType: 'identity-based'};
	return boundaryAllows ? undefined : {explicit: false, policyType: 'permissions boundary'};
}

/**
 * A KMS action a service (S3, DynamoDB) asks for on the caller's behalf: the key policy
 * must allow, and the context says which service asked (kms:ViaService, no network keys).
 */
export function authorizeKeyViaService(world: WorldState, caller: Caller, action: string, key: KmsKey, viaService: string): Refusal | undefined {
	return authorize(world, {
		caller,
		action,
		resource: key.arn,
		context: requestContext(caller, key.region, {'kms:ViaService': viaService, 'kms:CallerAccount': caller.account}, {viaService: true}),
		resourcePolicy: {document: key.policy, owner: key.account, kind: 'gate'},
	});
}

const article: Record<PolicyType, string> = {
	'service control': 'a service control policy',
	'identity-based': 'an identity-based policy',
	'resource-based': 'a resource-based policy',
	'permissions boundary': 'a permissions boundary',
};

const noun: Record<PolicyType, string> = {
	'service control': 'service control policy',
	'identity-based': 'identity-based policy',
	'resource-based': 'resource-based policy',
	'permissions boundary': 'permissions boundary',
};

/** The modern AccessDenied text: who, what, on what, and which policy type refused. */
export function refusalMessage(callerArn: string, action: string, resource: string | undefined, refusal: Refusal): string {
	const on = resource === undefined ? '' : ` on resource: ${resource}`;
	const head = `User: ${callerArn} is not authorized to perform: ${action}${on}`;
	if (refusal.explicit) {
		return `${head} with an explicit deny in ${article[refusal.policyType]}${refusal.policyArn ? `: ${refusal.policyArn}` : ''}`;
	}
	return `${head} because no ${noun[refusal.policyType]} allows the ${action} action`;
}
