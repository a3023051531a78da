// The IAM policy simulator: identity policies of a principal (or given documents),
// with the SCPs of its account and its permissions boundary, for each action × resource.
// Like AWS's, it ignores resource policies and only knows the context it is given.

import {contextOf} from '../conditions.js';
import {evaluatePolicy, type PolicyResult} from '../evaluator.js';
import type {WorldState} from '../world.js';
import type {XmlValue} from '../wire.js';
import {memberIndexes, memberList} from './query.js';

export interface SimulationSource {
	/** Identity policies: id (inline policy name) → document. */
	policies: Array<{id: string; type: 'user' | 'role' | 'none'; document: string}>;
	boundary?: string;
	/** Account whose SCPs apply; undefined for custom simulations. */
	account?: string;
}

function simulationContext(params: URLSearchParams) {
	const entries: Record<string, string[]> = {};
	for (const index of memberIndexes(params, 'ContextEntries')) {
		const name = params.get(`ContextEntries.member.${index}.ContextKeyName`);
		if (!name) continue;
		entries[name] = memberList(params, `ContextEntries.member.${index}.ContextKeyValues`);
	}
	return contextOf(entries);
}

export function simulate(world: WorldState, source: SimulationSource, params: URLSearchParams): XmlValue[] {
	const actions = memberList(params, 'ActionNames');
	const resources = memberList(params, 'ResourceArns');
	const context = simulationContext(params);
	const scps = source.account ? world.scpsFor(source.account) : [];
	const results: XmlValue[] = [];
	for (const action of actions) {
		for (const resource of resources.length > 0 ? resources : ['*']) {
			const facts = {action, resource, context};
			const identity = source.policies.map((p) => ({policy: p, result: evaluatePolicy(p.document, facts, 'identity')}));
			const scpResults = scps.map((p) => evaluatePolicy(p.content, facts, 'identity'));
			const boundary = source.boundary ? evaluatePolicy(source.boundary, facts, 'identity') : undefined;
			const missing = new Set<string>();
			const collect = (r: PolicyResult) => r.missingContextKeys.forEach((k) => missing.add(k));
			identity.forEach((i) => collect(i.result));
			if (boundary) collect(boundary);

			const orgAllows = scpResults.length === 0 || (scpResults.every((r) => r.denies.length === 0) && scpResults.some((r) => r.allows.length > 0));
			const boundaryAllows = !boundary || (boundary.denies.length === 0 && boundary.allows.length > 0);
			const explicitDeny =
				identity.some((i) => i.result.denies.length > 0) || scpResults.some((r) => r.denies.length > 0) || (boundary?.denies.length ?? 0) > 0;
			const identityAllows = identity.some((i) => i.result.allows.length > 0);
			const decision = explicitDeny ? 'explicitDeny' : identityAllows && orgAllows && boundaryAllows ? 'allowed' : 'implicitDeny';

			const matched = identity.flatMap((i) =>
				[...i.result.denies, ...i.result.allows].map((s) => ({
					member: {
						SourcePolicyId: i.policy.id,
						SourcePolicyType: i.policy.type,
						StartPosition: {Line: 1, Column: 1 + s.index},
						EndPosition: {Line: 1, Column: 2 + s.index},
					},
				})),
			);
			results.push({
				member: {
					EvalActionName: action,
					EvalResourceName: resource,
					EvalDecision: decision,
					MatchedStatements: matched,
					MissingContextValues: [...missing].map((k) => ({member: k})),
					OrganizationsDecisionDetail: scpResults.length > 0 ? {AllowedByOrganizations: orgAllows} : undefined,
					PermissionsBoundaryDecisionDetail: boundary ? {AllowedByPermissionsBoundary: boundaryAllows} : undefined,
				},
			});
		}
	}
	return results;
}
