// The wizard's chain of incremental windows ("everything since the last export to this
// destination"): the windows go from the review to the checks with the plan of the first,
// and Start starts them one after the other, each once the one before is COMPLETED (why in
// order: cli/commands/chain-command.ts). Each window sends its own token (chain-token.ts),
// so nothing here goes through client-token.ts's one-token-per-plan.

import {chainWindowToken} from '../incremental/chain-token.js';
import {windowPlan} from '../incremental/chain-plan.js';
import type {ExportPlan} from '../plan.js';
import type {ExportDescription} from '../ports.js';
import {planKey} from './client-token.js';
import {basePlanFromDraft, chainKey, draftChain} from './plan-from-draft.js';
import type {ChainRun, Effect, ExportRun, WizardState} from './state.js';

interface Transition {
	state: WizardState;
	effects: Effect[];
}

/** Reads the table's exports when the chain's table or destination changed (asked at the incremental choice and the review). */
export function chainLoadEffect(state: WizardState, now: Date): Effect | undefined {
	const base = basePlanFromDraft(state.draft, state.loaded, now);
	if (!base || !state.draft.table) return undefined;
	const key = chainKey(base);
	const remote = state.loaded.chain;
	if (remote.status === 'loading' || (remote.status === 'ready' && remote.value.key === key)) return undefined;
	return {type: 'load-chain', plan: base, table: state.draft.table, key};
}

/** The chain the review sends to the checks, or undefined when the plan is not one. */
export function chainForChecks(state: WizardState, now: Date): WizardState['chain'] {
	if (state.draft.exportType !== 'INCREMENTAL_EXPORT' || state.draft.incrementalMode !== 'since-last') return undefined;
	const chain = draftChain(state.draft, state.loaded, now);
	if (chain?.status !== 'ready' || chain.chain.kind !== 'chain') return undefined;
	return {base: chain.base, viewType: chain.viewType, windows: chain.chain.windows};
}

/** The run of window `index` of `chain`: started, or watched when an earlier run started it. */
function windowRun(state: WizardState, chain: ChainRun, now: Date): Transition {
	const window = chain.windows[chain.index]!;
	const run: ExportRun = {clientToken: window.clientToken, plan: windowPlan(chain.base, window, chain.viewType), status: window.runningArn ? 'watching' : 'starting', startedAt: now.getTime(), polls: 0, chain};
	const effect: Effect = window.runningArn ? {type: 'poll-export', exportArn: window.runningArn, delayMs: 0} : {type: 'start-export', run};
	return {state: {...state, phase: {kind: 'export', run}}, effects: [effect]};
}

/**
 * Start on the checks screen, for a chain. A plan changed on the checks screen (an in-place
 * fix: another owner, another key) changes every window's request, so the tokens follow it.
 */
export function startChain(state: WizardState, plan: ExportPlan, now: Date): Transition | undefined {
	const chain = state.chain;
	if (!chain || plan.type !== 'INCREMENTAL_EXPORT') return undefined;
	const first = windowPlan(chain.base, chain.windows[0]!, chain.viewType);
	let {base, windows} = chain;
	if (planKey(first) !== planKey(plan)) {
		const {incremental: _window, ...fixed} = plan;
		base = fixed;
		windows = windows.map((w) => (w.runningArn ? w : {...w, clientToken: chainWindowToken(base, chain.viewType, w.from, w.to)}));
	}
	return windowRun(state, {base, viewType: chain.viewType, windows, index: 0, done: []}, now);
}

/** A window COMPLETED: the next one starts, or undefined when it was the last. */
export function nextWindow(state: WizardState, run: ExportRun, completed: ExportDescription, now: Date): Transition | undefined {
	const chain = run.chain;
	if (!chain || chain.index + 1 >= chain.windows.length) return undefined;
	return windowRun(state, {...chain, index: chain.index + 1, done: [...chain.done, completed]}, now);
}
