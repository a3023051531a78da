// One ClientToken per plan for the whole run. AWS starts one export per token (within 8
// hours; the same token with other parameters is an error), so every start of a plan —
// after a Ctrl-C, a failed start, a re-run of the checks — sends that plan's token, and a
// changed plan gets a new one. The first token is --client-token's when given.

import {toExportRequest, type ExportPlan} from '../plan.js';

export interface ClientTokens {
	/** The token the next new plan will get; '' until one is needed (the review of a new plan, a start). */
	next: string;
	/** Plans already confirmed at a start, with their token; started once sent to AWS. */
	plans: Array<{key: string; token: string; started: boolean}>;
}

export function initialTokens(first: string): ClientTokens {
	return {next: first, plans: []};
}

/** Two plans are the same export when they make the same request. */
export function planKey(plan: ExportPlan): string {
	return JSON.stringify(toExportRequest(plan));
}

const NONE: ClientTokens = {next: '', plans: []};

/** The token a start of `plan` sends: the one it already has, else the next one. */
export function tokenFor(tokens: ClientTokens = NONE, plan: ExportPlan): string {
	const key = planKey(plan);
	return tokens.plans.find((p) => p.key === key)?.token ?? tokens.next;
}

/** Whether a start of `plan` was already sent with its token (a new start is then a retry). */
export function wasStarted(tokens: ClientTokens = NONE, plan: ExportPlan): boolean {
	const key = planKey(plan);
	return tokens.plans.some((p) => p.key === key && p.started);
}

/** Gives `plan` its token (the next one when it has none: `consumed`), and marks it started when `started`. */
export function bindToken(tokens: ClientTokens = NONE, plan: ExportPlan, started: boolean): {tokens: ClientTokens; token: string; consumed: boolean} {
	const key = planKey(plan);
	const known = tokens.plans.find((p) => p.key === key);
	if (known) {
		const plans = tokens.plans.map((p) => (p === known ? {...p, started: p.started || started} : p));
		return {tokens: {...tokens, plans}, token: known.token, consumed: false};
	}
	// The next token is made when a plan needs one (client-token.ts's callers): none is made ahead.
	return {tokens: {next: '', plans: [...tokens.plans, {key, token: tokens.next, started}]}, token: tokens.next, consumed: true};
}

/**
 * An export that AWS ended FAILED is finished with its token: the same token would only
 * return that failed export again. The plan starts afresh with the next token (after a fix,
 * "Run the checks again" and Start must start a new export).
 */
export function retireToken(tokens: ClientTokens = NONE, plan: ExportPlan): ClientTokens {
	const key = planKey(plan);
	return {...tokens, plans: tokens.plans.filter((p) => p.key !== key)};
}
