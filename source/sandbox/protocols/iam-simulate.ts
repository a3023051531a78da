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

/** What one action on one resource came to, before it is put on the wire. */
interface PairResult {
	action: string;
	resource: string;
	decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
	matched: XmlValue[];
	missing: string[];
	orgAllows?: boolean;
	boundaryAllows?: boolean;
}

const RESTRICTIVENESS = {allowed: 0, implicitDeny: 1, explicitDeny: 2} as const;

/**
 * As IAM answers now: one EvaluationResult per action, whatever the number of resources,
 * its top level the most restrictive of them, and each resource's own decision in
 * ResourceSpecificResults (IAM used to answer one EvaluationResult per action and resource).
 */
export function simulate(world: WorldState, source: SimulationSource, params: URLSearchParams): XmlValue[] {
	const pairs = simulatePairs(world, source, params);
	const actions = [...new Set(pairs.map((p) => p.action))];
	return actions.map((action) => {
		const mine = pairs.filter((p) => p.action === action);
		const top = mine.reduce((worst, p) => (RESTRICTIVENESS[p.decision] > RESTRICTIVENESS[worst.decision] ? p : worst));
		const orgs = mine.flatMap((p) => (p.orgAllows === undefined ? [] : [p.orgAllows]));
		const boundaries = mine.flatMap((p) => (p.boundaryAllows === undefined ? [] : [p.boundaryAllows]));
		return {
			member: {
				EvalActionName: action,
				EvalResourceName: mine.length === 1 ? top.resource : undefined,
				EvalDecision: top.decision,
				MatchedStatements: top.matched,
				MissingContextValues: [...new Set(mine.flatMap((p) => p.missing))].map((k) => ({member: k})),
				OrganizationsDecisionDetail: orgs.length > 0 ? {AllowedByOrganizations: orgs.every(Boolean)} : undefined,
				PermissionsBoundaryDecisionDetail: boundaries.length > 0 ? {AllowedByPermissionsBoundary: boundaries.every(Boolean)} : undefined,
				ResourceSpecificResults: mine.map((p) => ({
					member: {
						EvalResourceName: p.resource,
						EvalResourceDecision: p.decision,
						MatchedStatements: p.matched,
						MissingContextValues: p.missing.map((k) => ({member: k})),
					},
				})),
			},
		};
	});
}

function simulatePairs(world: WorldState, source: SimulationSource, params: URLSearchParams): PairResult[] {
	const actions = memberList(params, 'ActionNames');
	const resources = memberList(params, 'ResourceArns');
	const context = simulationContext(params);
	const scps = source.account ? world.scpsFor(source.account) : [];
	const results: PairResult[] = [];
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
				action,
				resource,
				decision,
				matched,
				missing: [...missing],
				orgAllows: scpResults.length > 0 ? orgAllows : undefined,
				boundaryAllows: boundary ? boundaryAllows : undefined,
			});
		}
	}
	return results;
}
