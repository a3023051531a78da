// Pure state of a filterable list (after ink-ui's use-select-state): the filter text
// and the highlighted value. The highlight is a value, not an index, so it stays put
// while more options stream in. selectKey applies one key at a time (see use-keys.ts).

import type {Key} from './keys.js';

export interface SelectOption {
	value: string;
	label: string;
	/** Dimmed text after the label (Region, kind...). */
	hint?: string;
}

export interface SelectState {
	/** Text typed to narrow the list. */
	filter: string;
	/** Value of the highlighted option; undefined means "the first one". */
	highlighted?: string;
}

export type SelectAction =
	| {type: 'move'; by: number; options: SelectOption[]}
	| {type: 'type'; text: string}
	| {type: 'erase'}
	| {type: 'erase-word'}
	| {type: 'clear'};

export function filterOptions(options: SelectOption[], filter: string): SelectOption[] {
	if (!filter) return options;
	const needle = filter.toLowerCase();
	return options.filter((option) => option.label.toLowerCase().includes(needle) || option.value.toLowerCase().includes(needle));
}

export function highlightedIndex(filtered: SelectOption[], state: SelectState): number {
	const index = state.highlighted === undefined ? -1 : filtered.findIndex((o) => o.value === state.highlighted);
	return index === -1 ? 0 : index;
}

export function selectReducer(state: SelectState, action: SelectAction): SelectState {
	switch (action.type) {
		case 'move': {
			const filtered = filterOptions(action.options, state.filter);
			if (filtered.length === 0) return state;
			const index = Math.max(0, Math.min(filtered.length - 1, highlightedIndex(filtered, state) + action.by));
			return {...state, highlighted: filtered[index]!.value};
		}
		case 'type':
			return {filter: state.filter + action.text, highlighted: undefined};
		// A narrower filter puts the highlight on its first match; erasing nothing (Backspace on an
		// empty filter) leaves the highlight where it was: the proposal stays chosen.
		case 'erase':
			return narrowed(state, state.filter.slice(0, -1));
		case 'erase-word':
			return narrowed(state, state.filter.replace(/\S*\s*$/u, ''));
		case 'clear':
			return {filter: '', highlighted: state.highlighted};
	}
}

function narrowed(state: SelectState, filter: string): SelectState {
	return filter === state.filter ? state : {filter, highlighted: undefined};
}

/** The slice of rows to draw: a fixed window that keeps the highlight visible. */
export function visibleWindow(total: number, index: number, size: number): {start: number; end: number} {
	if (total <= size) return {start: 0, end: total};
	const start = Math.max(0, Math.min(index - Math.floor(size / 2), total - size));
	return {start, end: start + size};
}

/** What the list does with each key (for the key hints). */
export const SELECT_LIST_KEYS = {
	move: '↑↓ PgUp PgDn Home End',
	accept: 'Enter',
	back: 'Esc or Shift+Tab',
	filter: 'type to narrow · Backspace · Ctrl-U clears the filter',
} as const;

export interface SelectContext {
	options: SelectOption[];
	filterable: boolean;
	/** Rows shown at once (PgUp/PgDn move by this). */
	rows: number;
	/** With a filter that matches nothing, Enter gives the typed text. */
	submitTyped: boolean;
	/** Space toggles the highlighted option, Ctrl-A every option the filter shows (multiple choice). */
	multiple?: boolean;
	/** More options are still being listed (a proposal may not be among them yet). */
	loading?: boolean;
}

/**
 * The proposed value (highlighted at first) while the list is still loading and it is not
 * listed yet: Enter takes it by name, never the first option listed so far.
 */
export function unlistedProposal(state: SelectState, options: readonly SelectOption[], loading: boolean | undefined): string | undefined {
	if (!loading || state.filter || state.highlighted === undefined) return undefined;
	return options.some((o) => o.value === state.highlighted) ? undefined : state.highlighted;
}

export type SelectOutcome =
	| {kind: 'submit'; value: string}
	| {kind: 'back'}
	| {kind: 'toggle'; value: string}
	/** The options the filter shows, in order. */
	| {kind: 'toggle-all'; values: string[]}
	| undefined;

/**
 * A typed run of characters split at its spaces: in a multiple-choice list a space is the
 * toggle key, and "  " or "ab c" can arrive in one read (keys sent fast, key repeat).
 */
export function spacesApart(key: Key): Key[] {
	if (key.name !== 'text' || !key.text.includes(' ')) return [key];
	return key.text.split(/( )/).filter(Boolean).map((text) => ({name: 'text', text}));
}

/**
 * One key against the latest state: the next state, and whether the key chose a value
 * (Enter) or asked to go back (Esc with no filter to clear).
 */
export function selectKey(state: SelectState, key: Key, context: SelectContext): {state: SelectState; outcome?: SelectOutcome} {
	const {options, filterable, rows} = context;
	const proposal = unlistedProposal(state, options, context.loading);
	const move = (by: number) => {
		// From a proposal not listed yet (shown above the list), ↓ goes to the first option.
		if (proposal !== undefined) return by > 0 && options[0] ? {state: selectReducer({...state, highlighted: options[0].value}, {type: 'move', by: by - 1, options})} : {state};
		return {state: selectReducer(state, {type: 'move', by, options})};
	};
	switch (key.name) {
		case 'up':
			return move(-1);
		case 'down':
			return move(1);
		case 'pageUp':
			return move(-rows);
		case 'pageDown':
			return move(rows);
		case 'home':
			return move(-options.length);
		case 'end':
			return move(options.length);
		case 'enter': {
			if (proposal !== undefined) return {state, outcome: {kind: 'submit', value: proposal}};
			const filtered = filterOptions(options, state.filter);
			const chosen = filtered[highlightedIndex(filtered, state)];
			if (chosen) return {state, outcome: {kind: 'submit', value: chosen.value}};
			const typed = state.filter.trim();
			return {state, outcome: context.submitTyped && typed ? {kind: 'submit', value: typed} : undefined};
		}
		case 'escape':
		case 'backTab':
			if (filterable && state.filter) return {state: selectReducer(state, {type: 'clear'})};
			return {state, outcome: {kind: 'back'}};
		case 'text':
			if (context.multiple && key.text === ' ') {
				const filtered = filterOptions(options, state.filter);
				const chosen = filtered[highlightedIndex(filtered, state)];
				return {state, outcome: chosen ? {kind: 'toggle', value: chosen.value} : undefined};
			}
			return filterable ? {state: selectReducer(state, {type: 'type', text: key.text})} : {state};
		case 'backspace':
			return filterable ? {state: selectReducer(state, {type: 'erase'})} : {state};
		case 'ctrl':
			if (key.letter === 'p') return move(-1);
			if (key.letter === 'n') return move(1);
			if (context.multiple && key.letter === 'a') return {state, outcome: {kind: 'toggle-all', values: filterOptions(options, state.filter).map((o) => o.value)}};
			if (filterable && key.letter === 'u') return {state: selectReducer(state, {type: 'clear'})};
			if (filterable && key.letter === 'w') return {state: selectReducer(state, {type: 'erase-word'})};
			return {state};
		default:
			return {state};
	}
}
