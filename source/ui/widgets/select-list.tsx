import {useEffect} from 'react';
import {Box, Text} from 'ink';
import {filterOptions, highlightedIndex, selectKey, visibleWindow, type SelectOption, type SelectState} from './select-state.js';
import {useKeys, useLatestState} from './use-keys.js';
import {symbols} from '../theme.js';

export interface SelectListProps {
	options: SelectOption[];
	/** Highlighted at first when present. */
	defaultValue?: string;
	onSubmit: (value: string) => void;
	onBack?: () => void;
	/** Typing narrows the list. */
	filterable?: boolean;
	/** With a filter that matches nothing, Enter submits the typed text (e.g. a name to use as is). */
	submitTyped?: boolean;
	/** Rows shown at once. */
	rows?: number;
	/** e.g. "loading… 300 so far". */
	status?: string;
	isActive?: boolean;
	/** Told the highlighted option's value whenever it changes (and at first). */
	onHighlight?: (value: string) => void;
}

/** A list to choose from (↑↓, Enter; Esc back), narrowed by typing when filterable; keys in SELECT_LIST_KEYS. */
export function SelectList({options, defaultValue, onSubmit, onBack, filterable = false, submitTyped = false, rows = 8, status, isActive = true, onHighlight}: SelectListProps) {
	const list = useLatestState<SelectState>(() => ({filter: '', highlighted: defaultValue}));
	useKeys((key) => {
		const {state, outcome} = selectKey(list.get(), key, {options, filterable, rows, submitTyped});
		if (state !== list.get()) list.set(state);
		if (outcome?.kind === 'submit') {
			onSubmit(outcome.value);
			return 'done';
		}
		if (outcome?.kind === 'back' && onBack) {
			onBack();
			return 'done';
		}
	}, isActive);
	const state = list.state;
	const filtered = filterOptions(options, state.filter);
	const index = highlightedIndex(filtered, state);
	const highlightedValue = filtered[index]?.value;
	useEffect(() => {
		if (highlightedValue !== undefined) onHighlight?.(highlightedValue);
	}, [highlightedValue, onHighlight]);

	const window = visibleWindow(filtered.length, index, rows);
	// Hints line up in a column after the longest visible label.
	const labelWidth = Math.min(36, Math.max(0, ...filtered.slice(window.start, window.end).map((o) => o.label.length)));
	const above = window.start;
	const below = filtered.length - window.end;
	return (
		<Box flexDirection="column">
			{filterable ? (
				<Text>
					<Text dimColor>Filter: </Text>
					{state.filter ? <Text>{state.filter}</Text> : <Text dimColor>type to narrow</Text>}
					<Text dimColor>
						{'  '}
						{filtered.length === options.length ? `${options.length}` : `${filtered.length} of ${options.length}`}
						{status ? ` · ${status}` : ''}
					</Text>
				</Text>
			) : status ? (
				<Text dimColor>{status}</Text>
			) : null}
			{above > 0 ? <Text dimColor>  {symbols.up} {above} more</Text> : null}
			{filtered.slice(window.start, window.end).map((option, i) => {
				const selected = window.start + i === index;
				return (
					<Text key={option.value} wrap="truncate-end">
						<Text color={selected ? 'cyan' : undefined}>{selected ? `${symbols.pointer} ` : '  '}{option.hint ? option.label.padEnd(labelWidth) : option.label}</Text>
						{option.hint ? <Text dimColor>  {option.hint}</Text> : null}
					</Text>
				);
			})}
			{below > 0 ? <Text dimColor>  {symbols.down} {below} more</Text> : null}
			{filtered.length === 0 && state.filter ? (
				<Text dimColor>  No match.{submitTyped ? ` Enter uses "${state.filter.trim()}" as typed.` : ' Esc clears the filter.'}</Text>
			) : null}
		</Box>
	);
}
