
import {Box, Text, useInput} from 'ink';
import {symbols} from '../theme.js';
import {placeText, shortBasis, truncateMiddle, whoText, WIDTH} from './describe.js';
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
}

function heading(shown: number, total: number, showAll: boolean): string {
	const policies = (n: number) => `${n} ${n === 1 ? 'policy' : 'policies'}`;
	if (showAll) return `All ${policies(total)} this export relies on`;
	const more = total > shown ? ` (a shows ${total - shown} more)` : '';
	return `${shown === 1 ? 'The policy that fixes' : `The ${policies(shown)} that fix`} what the checks found missing${more}`;
}

/** The snippets, each with where it goes and who applies it. */
export function PolicyList({entries, total, ui, dispatch, onSaveShown, onDone, isActive}: PolicyListProps) {
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
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">{heading(entries.length, total, ui.showAll)}</Text>
			{entries.map((entry, i) => {
				const selected = i === index;
				const {snippet} = entry;
				return (
					<Box key={snippet.id} flexDirection="column">
						<Text wrap="truncate-end">
							<Text color={selected ? 'cyan' : undefined} bold={selected}>
								{selected ? `${symbols.pointer} ` : '  '}
								{truncateMiddle(snippet.title, WIDTH - 4 - shortBasis(entry.basis).length)}
							</Text>
							<Text color={entry.basis === 'unread' ? 'yellow' : undefined} dimColor={entry.basis !== 'unread'}>
								{'  '}
								{shortBasis(entry.basis)}
							</Text>
						</Text>
						<Text>    {placeText(snippet, WIDTH - 4)}</Text>
						<Text dimColor>    {whoText(snippet, WIDTH - 4)}</Text>
					</Box>
				);
			})}
			<Text dimColor wrap="truncate-end">
				↑↓ choose · Enter show · s save {entries.length === 1 ? 'it' : 'these'} to files{toggle} · Esc back
			</Text>
		</Box>
	);
}
