// The Table step's multiple choice as wizard transitions: the chosen names live in the
// draft (kept when going back), the facts read for them in state.tableFacts.

import type {Transition} from './reducer.js';
import type {Problem, WizardState} from './state.js';
import {allTableOptions, profileOptions} from './field-options.js';
import {parseTableKey, toggled, toggledAll, unread, type TableFacts} from './table-selection.js';

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

const listed = (state: WizardState) => allTableOptions(state).map((o) => o.value);

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

/** Space at the Profile step: several profiles make one batch across their accounts. */
export function profileToggled(state: WizardState, name: string): Transition {
	if (state.phase.kind !== 'asking' || state.phase.field !== 'profile') return {state, effects: []};
	const profiles = toggled(state.draft.profiles ?? [], name, profileOptions(state).map((o) => o.value));
	return {state: {...state, draft: {...state.draft, profiles}, fieldError: undefined}, effects: []};
}

/** The other chosen profiles (not the wizard's own), whose tables are listed too. */
export function otherProfiles(draft: WizardState['draft']): string[] {
	const profiles = draft.profiles ?? [];
	return profiles.length > 1 ? profiles.filter((p) => p !== draft.profile) : [];
}

/** After the Profile step's answer: tables and listings of profiles no longer chosen are let go. */
export function keepChosenProfiles(state: WizardState): WizardState {
	const others = new Set(otherProfiles(state.draft));
	const tables = state.draft.tables?.filter((key) => {
		const {profile} = parseTableKey(key);
		return profile === undefined || others.has(profile);
	});
	const otherTables = state.otherTables && Object.fromEntries(Object.entries(state.otherTables).filter(([profile]) => others.has(profile)));
	return {...state, draft: {...state.draft, tables}, otherTables};
}

export function otherTablesListed(state: WizardState, profile: string, value: {account: string; names: string[]} | undefined, problem: Problem | undefined): Transition {
	if (!otherProfiles(state.draft).includes(profile)) return {state, effects: []};
	const remote = value ? ({status: 'ready', value} as const) : ({status: 'failed', problem: problem ?? {title: 'The tables could not be listed.'}} as const);
	return {state: {...state, otherTables: {...state.otherTables, [profile]: remote}}, effects: []};
}
