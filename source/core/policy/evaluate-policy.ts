// Our own three-valued policy evaluator (we do not take an AGPL one). For each statement it
// decides whether the statement applies — yes, no, or unknown when a condition key's value
// is not known — and combines them the way IAM does within one policy:
// a Deny that applies wins; a Deny that might apply means the answer cannot be "allow";
// otherwise an Allow that applies allows, one that might apply leaves it unknown, and
// nothing at all is an implicit deny. Combining identity, resource and key policies lives in
// evaluate-access.ts; evaluate.ts exports both.

import {visibleControls} from '../terminal-text.js';
import {evaluateConditions, normaliseContext, substituteVariables, triAnd, triOr} from './conditions.js';
import {asList, principalMatches} from './principal-match.js';
import {actionMatches, arnMatches} from './wildcard.js';
import type {EvalRequest, PolicyDecision, PolicyDocument, Statement, StatementMatch, Tri} from './types.js';

export interface EvaluateOptions {
	/** identity: Principal is ignored, Resource is required. resource: Principal decides, Resource may be left out. */
	kind: 'identity' | 'resource';
}

function actionApplies(statement: Statement, action: string): Tri {
	if (statement.Action !== undefined) return asList(statement.Action).some((p) => actionMatches(p, action)) ? 'yes' : 'no';
	if (statement.NotAction !== undefined) return asList(statement.NotAction).some((p) => actionMatches(p, action)) ? 'no' : 'yes';
	return 'no';
}

function resourceListMatches(patterns: string[], resource: string, context: ReturnType<typeof normaliseContext>, undecided: string[]): Tri {
	const results: Tri[] = [];
	for (const pattern of patterns) {
		const substituted = substituteVariables(pattern, context);
		if ('unknownKey' in substituted) {
			undecided.push(substituted.unknownKey);
			results.push('unknown');
		} else if ('absent' in substituted) {
			results.push('no');
		} else {
			results.push(arnMatches(substituted.value, resource) ? 'yes' : 'no');
		}
	}
	return triOr(results);
}

function resourceApplies(
	statement: Statement,
	request: EvalRequest,
	kind: EvaluateOptions['kind'],
	context: ReturnType<typeof normaliseContext>,
	undecided: string[],
): Tri {
	if (statement.Resource !== undefined) return resourceListMatches(asList(statement.Resource), request.resource, context, undecided);
	if (statement.NotResource !== undefined) {
		const matched = resourceListMatches(asList(statement.NotResource), request.resource, context, undecided);
		return matched === 'yes' ? 'no' : matched === 'no' ? 'yes' : 'unknown';
	}
	// A resource policy is attached to the resource: a statement without Resource is about it.
	return kind === 'resource' ? 'yes' : 'no';
}

/**
 * Values IAM puts in every request context that follow from the caller itself. Only filled
 * in when the caller did not say: aws:PrincipalArn is the role ARN for a role session.
 */
function derivedContext(request: EvalRequest): Record<string, string> {
	const derived: Record<string, string> = {'aws:principalaccount': request.principalAccount};
	const isSession = /:assumed-role\//.test(request.principalArn);
	if (request.principalRoleArn) derived['aws:principalarn'] = request.principalRoleArn;
	else if (!isSession) derived['aws:principalarn'] = request.principalArn;
	if (/^kms:/i.test(request.action)) derived['kms:calleraccount'] = request.principalAccount;
	return derived;
}

export function evaluatePolicy(doc: PolicyDocument, request: EvalRequest, options: EvaluateOptions): PolicyDecision {
	const context = normaliseContext({...derivedContext(request), ...request.context});
	const matches: StatementMatch[] = [];
	const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement as unknown as Statement];

	statements.forEach((statement, index) => {
		if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return;
		const undecided: string[] = [];
		const action = actionApplies(statement, request.action);
		if (action === 'no') return;
		const resource = resourceApplies(statement, request, options.kind, context, undecided);
		if (resource === 'no') return;

		let viaAccountRoot = false;
		let principal: Tri = 'yes';
		if (options.kind === 'resource') {
			if (statement.Principal !== undefined) {
				const outcome = principalMatches(statement.Principal, request);
				principal = outcome.result;
				viaAccountRoot = outcome.viaAccountRoot;
				undecided.push(...outcome.undecidedKeys);
			} else if (statement.NotPrincipal !== undefined) {
				const outcome = principalMatches(statement.NotPrincipal, request);
				principal = outcome.result === 'yes' ? 'no' : outcome.result === 'no' ? 'yes' : 'unknown';
				undecided.push(...outcome.undecidedKeys);
			} else {
				// IAM rejects resource policy statements without a principal.
				principal = 'no';
			}
			if (principal === 'no') return;
		}

		const conditions = evaluateConditions(statement.Condition, context);
		if (conditions.result === 'no') return;
		undecided.push(...conditions.undecidedKeys);

		const applies = triAnd([action, resource, principal, conditions.result]);
		if (applies === 'no') return;
		const match: StatementMatch = {
			index,
			effect: statement.Effect,
			applies,
			undecidedKeys: applies === 'unknown' ? [...new Set(undecided)] : [],
		};
		// Quoted in messages: controls a Sid read from AWS may hold are shown, not obeyed.
		if (statement.Sid !== undefined) match.sid = visibleControls(statement.Sid);
		if (viaAccountRoot) match.viaAccountRoot = true;
		matches.push(match);
	});

	return decide(matches);
}

function decide(matches: StatementMatch[]): PolicyDecision {
	const denies = matches.filter((m) => m.effect === 'Deny');
	const allows = matches.filter((m) => m.effect === 'Allow');
	const undecidedOf = (list: StatementMatch[]) => [...new Set(list.filter((m) => m.applies === 'unknown').flatMap((m) => m.undecidedKeys))];

	if (denies.some((m) => m.applies === 'yes')) return {decision: 'explicit-deny', matches, undecidedKeys: []};
	if (denies.length > 0) return {decision: 'unknown', matches, undecidedKeys: undecidedOf(matches)};
	const surelyAllowing = allows.filter((m) => m.applies === 'yes');
	if (surelyAllowing.length > 0) {
		const decision: PolicyDecision = {decision: 'allow', matches, undecidedKeys: []};
		if (surelyAllowing.every((m) => m.viaAccountRoot)) decision.viaAccountRoot = true;
		return decision;
	}
	if (allows.length > 0) return {decision: 'unknown', matches, undecidedKeys: undecidedOf(allows)};
	return {decision: 'implicit-deny', matches, undecidedKeys: []};
}
