// Pure state of a filterable list (after ink-ui's use-select-state): the filter text
// and the highlighted value. The highlight is a value, not an index, so it stays put
// while more options stream in.

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
		case 'erase':
			return {filter: state.filter.slice(0, -1), highlighted: undefined};
		case 'clear':
			return {filter: '', highlighted: state.highlighted};
	}
}

/** The slice of rows to draw: a fixed window that keeps the highlight visible. */
export function visibleWindow(total: number, index: number, size: number): {start: number; end: number} {
	if (total <= size) return {start: 0, end: total};
	const start = Math.max(0, Math.min(index - Math.floor(size / 2), total - size));
	return {start, end: start + size};
}
