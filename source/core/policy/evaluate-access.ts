// Combines identity and resource policies the way AWS does (IAM User Guide, "Policy
// evaluation logic" and "Cross-account policy evaluation logic"):
// - an explicit Deny in either wins;
// - same account: an Allow in the identity policies OR a resource policy that names the
//   caller directly is enough. A resource policy that names only the account (root ARN or
//   account id) delegates to the account's IAM policies, so it adds nothing on its own;
// - cross account: both the caller's identity policies AND the resource policy must allow
//   (naming the caller's account root in the resource policy is enough for that side);
// - KMS key policies are stricter: nothing works unless the key policy allows it, either
//   naming the caller (then IAM policies are not needed in the key's account) or trusting
//   the account root (then IAM policies decide).
// Permissions boundaries, session policies and SCPs are not modelled here; callers that
// know them evaluate them separately.

import {accountOf} from '../arn.js';
import {triAnd, triOr} from './conditions.js';
import {evaluatePolicy} from './evaluate-policy.js';
import type {EvalRequest, PolicyDecision, PolicyDocument, StatementMatch, Tri} from './types.js';

export interface AccessDecision {
	decision: 'allow' | 'deny' | 'unknown';
	/** One or two plain sentences a person can act on. */
	reason: string;
	deniedBy?: 'identity' | 'resource' | 'explicit-identity' | 'explicit-resource';
	undecidedKeys: string[];
}

interface Side {
	allow: Tri;
	allowDirect: Tri;
	allowViaRoot: Tri;
	deny: Tri;
	undecidedKeys: string[];
	denySids: string[];
	allowSids: string[];
	unreadable: boolean;
}

function triOf(matches: StatementMatch[]): Tri {
	return triOr(matches.map((m) => m.applies));
}

function sidsOf(matches: StatementMatch[]): string[] {
	return matches.map((m) => (m.sid ? `"${m.sid}"` : `statement ${m.index + 1}`));
}

function sideOf(decision: PolicyDecision): Side {
	const denies = decision.matches.filter((m) => m.effect === 'Deny');
	const allows = decision.matches.filter((m) => m.effect === 'Allow');
	const direct = allows.filter((m) => !m.viaAccountRoot);
	const viaRoot = allows.filter((m) => m.viaAccountRoot);
	return {
		allow: triOf(allows),
		allowDirect: triOf(direct),
		allowViaRoot: triOf(viaRoot),
		deny: triOf(denies),
		undecidedKeys: [...new Set(decision.matches.filter((m) => m.applies === 'unknown').flatMap((m) => m.undecidedKeys))],
		denySids: sidsOf(denies.filter((m) => m.applies === 'yes')),
		allowSids: sidsOf(allows.filter((m) => m.applies === 'yes')),
		unreadable: false,
	};
}

const UNREADABLE: Side = {
	allow: 'unknown',
	allowDirect: 'unknown',
	allowViaRoot: 'unknown',
	deny: 'unknown',
	undecidedKeys: [],
	denySids: [],
	allowSids: [],
	unreadable: true,
};

const ABSENT: Side = {
	allow: 'no',
	allowDirect: 'no',
	allowViaRoot: 'no',
	deny: 'no',
	undecidedKeys: [],
	denySids: [],
	allowSids: [],
	unreadable: false,
};

function identitySide(identity: PolicyDocument[] | 'unknown' | undefined, request: EvalRequest): Side {
	// Not being told about identity policies is not the same as there being none.
	if (identity === undefined || identity === 'unknown') return UNREADABLE;
	const merged: PolicyDocument = {Version: '2012-10-17', Statement: identity.flatMap((d) => d.Statement)};
	return sideOf(evaluatePolicy(merged, request, {kind: 'identity'}));
}

function resourceSide(resource: PolicyDocument | null | 'unknown' | undefined, request: EvalRequest): Side {
	if (resource === 'unknown') return UNREADABLE;
	if (resource === undefined || resource === null) return ABSENT;
	return sideOf(evaluatePolicy(resource, request, {kind: 'resource'}));
}

function list(items: string[]): string {
	return items.join(', ');
}

function unknownReason(sides: Array<[string, Side]>, keys: string[]): string {
	const unreadable = sides.filter(([, side]) => side.unreadable).map(([label]) => label);
	const parts: string[] = [];
	if (unreadable.length > 0) parts.push(`the ${unreadable.join(' and the ')} could not be read`);
	if (keys.length > 0) parts.push(`it depends on condition keys not known here (${list(keys)})`);
	if (parts.length === 0) parts.push('a statement might apply but could not be decided');
	return `Cannot tell: ${parts.join('; ')}.`;
}

function explicitDeny(label: string, side: Side, request: EvalRequest): string {
	const sids = side.denySids.length > 0 ? ` (${list(side.denySids)})` : '';
	return `An explicit Deny in the ${label}${sids} blocks ${request.action} on ${request.resource}.`;
}

export function evaluateAccess(input: {
	identity?: PolicyDocument[] | 'unknown';
	resource?: PolicyDocument | null | 'unknown';
	sameAccount: boolean;
	request: EvalRequest;
}): AccessDecision {
	const {request} = input;
	const identity = identitySide(input.identity, request);
	const resource = resourceSide(input.resource, request);
	const undecidedKeys = [...new Set([...identity.undecidedKeys, ...resource.undecidedKeys])];
	const who = request.principalArn;
	const what = `${request.action} on ${request.resource}`;

	if (identity.deny === 'yes') return {decision: 'deny', deniedBy: 'explicit-identity', reason: explicitDeny('identity-based policy', identity, request), undecidedKeys: []};
	if (resource.deny === 'yes') return {decision: 'deny', deniedBy: 'explicit-resource', reason: explicitDeny('resource-based policy', resource, request), undecidedKeys: []};

	const allow = input.sameAccount ? triOr([identity.allow, resource.allowDirect]) : triAnd([identity.allow, resource.allow]);
	const deny = triOr([identity.deny, resource.deny]);

	if (allow === 'no') {
		if (input.sameAccount) {
			return {
				decision: 'deny',
				deniedBy: 'identity',
				reason: input.resource && input.resource !== 'unknown'
					? `No identity-based policy allows ${what}, and the resource-based policy does not name ${who} directly.`
					: `No identity-based policy allows ${what}.`,
				undecidedKeys: [],
			};
		}
		if (identity.allow === 'no') {
			return {
				decision: 'deny',
				deniedBy: 'identity',
				reason: `No identity-based policy of ${who} allows ${what}; across accounts both the caller's IAM policies and the resource-based policy must allow it.`,
				undecidedKeys: [],
			};
		}
		return {
			decision: 'deny',
			deniedBy: 'resource',
			reason: input.resource === null || input.resource === undefined
				? `The resource is in another account and has no resource-based policy, so nothing lets ${who} perform ${what}.`
				: `The resource-based policy does not allow ${who} (or its account) ${what}; across accounts both sides must allow it.`,
			undecidedKeys: [],
		};
	}
	if (deny === 'unknown' || allow === 'unknown') {
		return {decision: 'unknown', reason: unknownReason([['identity-based policies', identity], ['resource-based policy', resource]], undecidedKeys), undecidedKeys};
	}
	const sources: string[] = [];
	if (identity.allow === 'yes') sources.push(`identity-based policy (${list(identity.allowSids)})`);
	if (resource.allow === 'yes' && (!input.sameAccount || resource.allowDirect === 'yes')) sources.push(`resource-based policy (${list(resource.allowSids)})`);
	return {decision: 'allow', reason: `Allowed by the ${sources.join(' and the ')}.`, undecidedKeys: []};
}

/**
 * KMS: the key policy must allow the caller, directly or by trusting the account root (then
 * the caller's IAM policies decide). Across accounts the caller's IAM policies must allow as
 * well. The key's account is read from request.resource (the key ARN) unless given.
 */
export function evaluateKeyPolicyAccess(
	keyPolicy: PolicyDocument | 'unknown',
	identity: PolicyDocument[] | 'unknown',
	request: EvalRequest,
	options: {keyAccount?: string} = {},
): AccessDecision {
	const key = keyPolicy === 'unknown' ? UNREADABLE : sideOf(evaluatePolicy(keyPolicy, request, {kind: 'resource'}));
	const iam = identitySide(identity, request);
	const keyAccount = options.keyAccount ?? accountOf(request.resource);
	const sameAccount = keyAccount !== undefined && keyAccount === request.principalAccount;
	const undecidedKeys = [...new Set([...key.undecidedKeys, ...iam.undecidedKeys])];
	const what = `${request.action} on ${request.resource}`;
	const who = request.principalArn;

	if (key.deny === 'yes') return {decision: 'deny', deniedBy: 'explicit-resource', reason: explicitDeny('key policy', key, request), undecidedKeys: []};
	if (iam.deny === 'yes') return {decision: 'deny', deniedBy: 'explicit-identity', reason: explicitDeny('identity-based policy', iam, request), undecidedKeys: []};

	const allow = sameAccount ? triOr([key.allowDirect, triAnd([key.allowViaRoot, iam.allow])]) : triAnd([key.allow, iam.allow]);
	const deny = triOr([key.deny, iam.deny]);

	if (allow === 'no') {
		if (key.allow === 'no') {
			return {
				decision: 'deny',
				deniedBy: 'resource',
				reason: `The key policy neither names ${who} nor trusts its account root, so no IAM policy can grant ${what}.`,
				undecidedKeys: [],
			};
		}
		return {
			decision: 'deny',
			deniedBy: 'identity',
			reason: sameAccount
				? `The key policy trusts the account root; IAM policies decide, and none allows ${what}.`
				: `The key policy allows it, but no identity-based policy of ${who} allows ${what}; across accounts both must allow it.`,
			undecidedKeys: [],
		};
	}
	if (deny === 'unknown' || allow === 'unknown') {
		return {decision: 'unknown', reason: unknownReason([['key policy', key], ['identity-based policies', iam]], undecidedKeys), undecidedKeys};
	}
	if (sameAccount && key.allowDirect === 'yes') {
		return {decision: 'allow', reason: `The key policy allows ${who} directly (${list(key.allowSids)}).`, undecidedKeys: []};
	}
	if (sameAccount) {
		return {
			decision: 'allow',
			reason: `The key policy trusts the account root; IAM policies decide, and the identity-based policy (${list(iam.allowSids)}) allows it.`,
			undecidedKeys: [],
		};
	}
	return {
		decision: 'allow',
		reason: `The key policy (${list(key.allowSids)}) and the identity-based policy (${list(iam.allowSids)}) both allow it.`,
		undecidedKeys: [],
	};
}
