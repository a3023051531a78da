// The Table step's multiple choice as wizard transitions: the chosen names live in the
// draft (kept when going back), the facts read for them in state.tableFacts.

import type {Transition} from './reducer.js';
import type {Problem, WizardState} from './state.js';
import {tableOptions} from './field-options.js';
import {toggled, toggledAll, unread, type TableFacts} from './table-selection.js';

function atTableStep(state: WizardState): boolean {
	return state.phase.kind === 'asking' && state.phase.field === 'table';
}

/** The draft's chosen tables set to `chosen`, and a read of the facts of those not read. */
function choose(state: WizardState, chosen: string[]): Transition {
	const facts = {...state.tableFacts};
	const names = unread(chosen, facts, state.draft.tables ?? []);
	for (const name of names) facts[name] = {status: 'loading'};
	return {
		state: {...state, draft: {...state.draft, tables: chosen}, tableFacts: facts, fieldError: undefined, fieldWarning: undefined},
		effects: names.length > 0 ? [{type: 'load-table-facts', names}] : [],
	};
}

const listed = (state: WizardState) => tableOptions(state).map((o) => o.value);

export function tableToggled(state: WizardState, name: string): Transition {
	if (!atTableStep(state)) return {state, effects: []};
	return choose(state, toggled(state.draft.tables ?? [], name, listed(state)));
}

export function tablesToggled(state: WizardState, names: string[]): Transition {
	if (!atTableStep(state)) return {state, effects: []};
	return choose(state, toggledAll(state.draft.tables ?? [], names, listed(state)));
}

/** A read answered; dropped when the choice was reset meanwhile (another profile or Region). */
export function tableFactsRead(state: WizardState, name: string, facts: TableFacts): Transition {
	if (state.tableFacts?.[name]?.status !== 'loading') return {state, effects: []};
	return {state: {...state, tableFacts: {...state.tableFacts, [name]: facts}}, effects: []};
}

export function factsLoading(state: WizardState): boolean {
	return Object.values(state.tableFacts ?? {}).some((f) => f.status === 'loading');
}

/** Reads stopped by Ctrl-C: their tables' sizes say unknown, not a spinner that never ends. */
export function factsStopped(state: WizardState): WizardState['tableFacts'] {
	if (!state.tableFacts) return undefined;
	const stopped: Problem = {title: 'Stopped (Ctrl-C) before DescribeTable answered.'};
	return Object.fromEntries(Object.entries(state.tableFacts).map(([name, f]) => [name, f.status === 'loading' ? {status: 'failed' as const, problem: stopped} : f]));
}
