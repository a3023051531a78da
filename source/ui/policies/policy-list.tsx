
import {Box, Text, useInput} from 'ink';
import {symbols} from '../theme.js';
import {useRoom} from '../screen-size.js';
import {rowsOf, wrapWords} from '../text-layout.js';
import {Lines} from '../lines.js';
import {placeText, shortBasis, whoText} from './describe.js';
import {highlightedIndex, type PoliciesAction, type PoliciesUiState} from './policies-state.js';
import type {PolicyEntry} from './policy-entry.js';

export interface PolicyListProps {
	entries: PolicyEntry[];
	/** How many snippets exist in all (to offer "show all"). */
	total: number;
	ui: PoliciesUiState;
	dispatch: (action: PoliciesAction) => void;
	onSaveShown: () => void;
	onDone: () => void;
	isActive: boolean;
	/** Lines the screen draws under the list (a question, a message). */
	below?: number;
}

function heading(shown: number, total: number, showAll: boolean): string {
	const policies = (n: number) => `${n} ${n === 1 ? 'policy' : 'policies'}`;
	if (showAll) return `All ${policies(total)} this export relies on`;
	const more = total > shown ? ` (a shows ${total - shown} more)` : '';
	return `${shown === 1 ? 'The policy that fixes' : `The ${policies(shown)} that fix`} what the checks found missing${more}`;
}

/** An entry's lines: its title and basis, where it goes, who applies it. */
function entryLines(entry: PolicyEntry, columns: number): {title: string[]; place: string[]; who: string[]} {
	return {
		title: wrapWords(`${entry.snippet.title}  ${shortBasis(entry.basis, entry.appliedBy)}`, columns, {first: '  ', indent: '  '}),
		place: wrapWords(placeText(entry.snippet), columns, {first: '    ', indent: '    '}),
		who: wrapWords(whoText(entry.snippet), columns, {first: '    ', indent: '    '}),
	};
}

/** The snippets, each with where it goes and who applies it; a window of them when the screen is short. */
export function PolicyList({entries, total, ui, dispatch, onSaveShown, onDone, isActive, below = 0}: PolicyListProps) {
	const {columns, rows} = useRoom();
	const ids = entries.map((e) => e.snippet.id);
	const index = highlightedIndex(ids, ui.highlighted);
	useInput(
		(input, key) => {
			if (key.ctrl) return;
			if (key.upArrow) dispatch({type: 'move', by: -1, ids});
			else if (key.downArrow) dispatch({type: 'move', by: 1, ids});
			else if (key.return) dispatch({type: 'open-highlighted', ids, pane: 'document'});
			else if (key.escape || (key.shift && key.tab)) onDone();
			else if (input === 'a' && total > 0) dispatch({type: 'toggle-all'});
			else if (input === 's' && entries.length > 0) onSaveShown();
		},
		{isActive},
	);
	const toggle = total > entries.length || ui.showAll ? (ui.showAll ? ' · a only what failed' : ' · a show all') : '';
	const title = wrapWords(heading(entries.length, total, ui.showAll), columns);
	const keys = wrapWords(`↑↓ choose · Enter show · s save${toggle} · Esc back`, columns);
	const laid = entries.map((entry) => entryLines(entry, columns));
	const heights = laid.map((l) => rowsOf([...l.title, ...l.place, ...l.who], columns));
	// The window of entries around the highlighted one that fits, with ▲ / ▼ lines.
	const room = rows - title.length - keys.length - below;
	let start = index;
	let end = index + 1;
	let used = heights[index] ?? 0;
	const fits = (extra: number) => used + extra + (start > 0 ? 1 : 0) + (end < entries.length ? 1 : 0) <= room;
	while (end < entries.length && fits(heights[end]!)) used += heights[end++]!;
	while (start > 0 && fits(heights[start - 1]!)) used += heights[--start]!;
	return (
		<Box flexDirection="column">
			<Text bold>{title.join('\n')}</Text>
			{start > 0 ? <Text dimColor>  {symbols.up} {start} more</Text> : null}
			{laid.slice(start, end).map((lines, i) => {
				const entry = entries[start + i]!;
				const selected = start + i === index;
				return (
					<Box key={entry.snippet.id} flexDirection="column">
						<Lines lines={selected ? [`${symbols.pointer}${lines.title[0]!.slice(1)}`, ...lines.title.slice(1)] : lines.title} color={selected ? 'cyan' : undefined} bold={selected} />
						<Lines lines={lines.place} />
						<Lines lines={lines.who} dim />
					</Box>
				);
			})}
			{end < entries.length ? <Text dimColor>  {symbols.down} {entries.length - end} more</Text> : null}
			<Text dimColor>{keys.join('\n')}</Text>
		</Box>
	);
}
