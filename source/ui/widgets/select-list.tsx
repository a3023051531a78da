import {useEffect} from 'react';
import {Box, Text} from 'ink';
import {filterOptions, highlightedIndex, selectKey, spacesApart, unlistedProposal, visibleWindow, type SelectOption, type SelectState} from './select-state.js';
import {useKeys, useLatestState} from './use-keys.js';
import {symbols} from '../theme.js';
import {useRoom} from '../screen-size.js';
import {stringWidth, wrapWords} from '../text-layout.js';

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
	/** Options shown at once (at most; fewer when the screen has no room for them). */
	rows?: number;
	/** Lines the screen has for this whole list (default: the view's room). */
	height?: number;
	/** e.g. "loading… 300 so far". */
	status?: string;
	/** More options are still coming: a proposed `defaultValue` not listed yet shows above the list, and Enter takes it. */
	loading?: boolean;
	isActive?: boolean;
	/** Told the highlighted option's value whenever it changes (and at first). */
	onHighlight?: (value: string) => void;
	/** Multiple choice: Space toggles the highlighted option (the list's owner keeps what is chosen). */
	onToggle?: (value: string) => void;
	/** Multiple choice: Ctrl-A, with the values of every option the filter shows. */
	onToggleAll?: (values: string[]) => void;
}

/** Fewer columns than this after the label: the hint goes on the lines below it. */
const MIN_HINT_COLUMNS = 16;

/** One line of an option: its label part (after the pointer's two columns) and its hint part. */
export interface OptionLine {
	label: string;
	hint: string;
}

/**
 * An option's lines: the label wrapped at words, then its hint after the label (padded
 * to `labelWidth`) and wrapped under itself; when the hint's first word does not fit
 * there, the hint starts on the next line.
 */
export function optionLines(option: SelectOption, labelWidth: number, columns: number): OptionLine[] {
	const labels = wrapWords(option.label, columns - 2);
	if (!option.hint) return labels.map((label) => ({label, hint: ''}));
	const last = labels.length === 1 ? option.label.padEnd(labelWidth) : labels.at(-1)!;
	const before = 2 + stringWidth(last) + 2;
	const indent = ' '.repeat(Math.min(before, Math.floor(columns / 3)));
	const lines = wrapWords(option.hint, columns, {first: ' '.repeat(before), indent});
	const head = labels.slice(0, -1).map((label) => ({label, hint: ''}));
	// A label that leaves the hint no room (a whole key id at 60 columns) puts it under itself,
	// instead of one word a line.
	if (stringWidth(lines[0]!) > columns || columns - before < MIN_HINT_COLUMNS) {
		const below = wrapWords(option.hint, columns, {first: indent, indent});
		return [...head, {label: labels.at(-1)!, hint: ''}, ...below.map((hint) => ({label: '', hint: hint.slice(2)}))];
	}
	return [...head, {label: last, hint: lines[0]!.slice(before - 2)}, ...lines.slice(1).map((hint) => ({label: '', hint: hint.slice(2)}))];
}

/** Hints line up after the longest label of the options that have one. */
function labelColumn(options: readonly SelectOption[]): number {
	return Math.min(36, Math.max(0, ...options.filter((o) => o.hint).map((o) => o.label.length)));
}

/** Lines a short list takes when every option shows (a menu). */
export function menuHeight(options: readonly SelectOption[], columns: number): number {
	const labelWidth = labelColumn(options);
	return options.reduce((sum, o) => sum + optionLines(o, labelWidth, columns).length, 0);
}

/** How many options fit in `height` lines after `chrome` lines (filter, ▲, ▼). */
function fittingRows(height: number, linesEach: number, chrome: number, most: number): number {
	return Math.max(1, Math.min(most, Math.floor((height - chrome) / Math.max(1, linesEach))));
}

/** A list to choose from (↑↓, Enter; Esc back), narrowed by typing when filterable; keys in SELECT_LIST_KEYS. */
export function SelectList({options, defaultValue, onSubmit, onBack, filterable = false, submitTyped = false, rows: most = 8, height, status, loading, isActive = true, onHighlight, onToggle, onToggleAll}: SelectListProps) {
	const list = useLatestState<SelectState>(() => ({filter: '', highlighted: defaultValue}));
	const multiple = Boolean(onToggle);
	useKeys((typed) => {
		for (const key of multiple ? spacesApart(typed) : [typed]) {
			const {state, outcome} = selectKey(list.get(), key, {options, filterable, rows, submitTyped, multiple, loading});
			if (state !== list.get()) list.set(state);
			if (outcome?.kind === 'toggle') onToggle?.(outcome.value);
			if (outcome?.kind === 'toggle-all') onToggleAll?.(outcome.values);
			if (outcome?.kind === 'submit') {
				onSubmit(outcome.value);
				return 'done';
			}
			if (outcome?.kind === 'back' && onBack) {
				onBack();
				return 'done';
			}
		}
	}, isActive);
	const state = list.state;
	const room = useRoom();
	const filtered = filterOptions(options, state.filter);
	const proposal = unlistedProposal(state, options, loading);
	const index = highlightedIndex(filtered, state);
	const highlightedValue = proposal ?? filtered[index]?.value;
	useEffect(() => {
		if (highlightedValue !== undefined) onHighlight?.(highlightedValue);
	}, [highlightedValue, onHighlight]);
	// Hints line up in a column after the longest label near the highlight (a list may
	// hold thousands of options: only those that can be on screen are measured).
	const near = filtered.slice(Math.max(0, index - most), index + most);
	const labelWidth = labelColumn(near);
	const heights = near.map((o) => optionLines(o, labelWidth, room.columns).length);
	const tallest = Math.max(1, ...heights);
	const header = (filterable || status ? 1 : 0) + (proposal === undefined ? 0 : 1);
	const available = height ?? room.rows;
	// The ▲ / ▼ lines only when not every option fits.
	const allFit = filtered.length <= most && filtered.length === near.length && header + heights.reduce((a, b) => a + b, 0) <= available;
	const rows = allFit ? most : fittingRows(available, tallest, header + 2, most);

	const window = visibleWindow(filtered.length, index, rows);
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
			{proposal === undefined ? null : (
				<Text>
					<Text color="cyan">{`${symbols.pointer} ${proposal}`}</Text>
					<Text dimColor>  proposed · not listed yet: Enter takes it</Text>
				</Text>
			)}
			{above > 0 ? <Text dimColor>  {symbols.up} {above} more</Text> : null}
			{filtered.slice(window.start, window.end).map((option, i) => {
				const selected = proposal === undefined && window.start + i === index;
				return (
					<Box key={option.value} flexDirection="column">
						{optionLines(option, labelWidth, room.columns).map((line, n) => (
							<Text key={n}>
								<Text color={selected ? 'cyan' : undefined}>
									{n === 0 ? (selected ? `${symbols.pointer} ` : '  ') : '  '}
									{line.label}
								</Text>
								{line.hint ? <Text dimColor>{line.hint}</Text> : null}
							</Text>
						))}
					</Box>
				);
			})}
			{below > 0 ? <Text dimColor>  {symbols.down} {below} more</Text> : null}
			{filtered.length === 0 && state.filter ? (
				<Text dimColor>  No match.{submitTyped ? ` Enter uses "${state.filter.trim()}" as typed.` : ' Esc clears the filter.'}</Text>
			) : null}
		</Box>
	);
}
