// The policies that fix a batch's failed shared checks (issue 17), built by the batch's
// generator (batch-policies.ts: one bucket-policy statement for every source's principal,
// one key-policy statement likewise, each source's own identity policy): a list, then
// each document whole in a scrolling window (JSON lines never broken), c copies it. Applying
// is left to the policy's owner (its apply command is shown) or to line mode.

import {Box, Text, useStdout} from 'ink';
import {useState} from 'react';
import {useKeys, useLatestState} from './widgets/use-keys.js';
import {scrolled} from './widgets/scroll-state.js';
import {SelectList} from './widgets/select-list.js';
import {maxScroll, ScrollWindow, type ShownLine} from './scroll-window.js';
import {BodyRows, useRoom} from './screen-size.js';
import {useOwnKeysHint} from './keys-hint.js';
import {commandLines, wrapWords} from './text-layout.js';
import {processClipboard} from './policies/clipboard.js';
import type {BatchFixOffer} from '../core/batch/batch-policies.js';
import {snippetText} from '../core/policy/delivery.js';

/** One offer in full: whose policy, what it fixes, notes, the document, the apply command. */
export function offerLines(offer: BatchFixOffer, columns: number): ShownLine[] {
	const {snippet} = offer;
	const lines: ShownLine[] = [];
	for (const text of wrapWords(`For ${snippet.appliesTo.who}; fixes ${offer.fixes.join(', ')}.`, columns)) lines.push({text});
	for (const note of snippet.notes) for (const text of wrapWords(`! ${note}`, columns, {indent: '  '})) lines.push({text, color: 'yellow'});
	lines.push({text: ''});
	for (const text of snippetText(snippet).split('\n')) lines.push({text, color: 'cyan'});
	lines.push({text: ''});
	lines.push({text: 'Apply it (as its owner) with:', dim: true});
	for (const text of snippet.applyCommand.split('\n').flatMap((line) => commandLines(line, columns))) lines.push({text, color: 'cyan'});
	return lines;
}

export function BatchPoliciesView({offers, onDone}: {offers: readonly BatchFixOffer[]; onDone: () => void}) {
	const room = useRoom();
	const {columns} = room;
	const {stdout} = useStdout();
	const ui = useLatestState<{open?: number; scroll: number}>(() => ({scroll: 0}));
	const [message, setMessage] = useState<string>();
	useOwnKeysHint(true);
	const open = ui.state.open === undefined ? undefined : offers[ui.state.open];
	const lines = open ? offerLines(open, columns) : [];
	const keys = wrapWords(open ? '↑↓ PgUp PgDn scroll · c copy · Esc the list' : '↑↓ choose · Enter show · Esc back to the checks', columns);
	const note = message ? wrapWords(message, columns) : [];
	const rows = Math.max(3, room.rows - 1 - keys.length - note.length - 1);
	const max = maxScroll(lines, rows, columns);
	useKeys((key) => {
		const state = ui.get();
		if (state.open === undefined) return;
		const next = scrolled(state.scroll, key, rows, max);
		if (next !== undefined) return ui.set({...state, scroll: next});
		if (key.name === 'escape' || key.name === 'backTab') {
			setMessage(undefined);
			return ui.set({scroll: 0});
		}
		if (key.name === 'text' && key.text === 'c') {
			const offer = offers[state.open];
			if (offer) void processClipboard(stdout)(snippetText(offer.snippet)).then((outcome) => setMessage(outcome.message));
		}
	}, open !== undefined);
	if (open) {
		return (
			<Box flexDirection="column">
				<Text bold>{open.snippet.title}</Text>
				<ScrollWindow lines={lines} scroll={ui.state.scroll} rows={rows} />
				{note.length ? <Text color="green">{note.join('\n')}</Text> : null}
				<Text dimColor>{keys.join('\n')}</Text>
			</Box>
		);
	}
	const options = offers.map((offer, i) => ({value: String(i), label: offer.snippet.title, hint: offer.fixes.join(', ')}));
	return (
		<Box flexDirection="column">
			<Text>{wrapWords('The policies that fix the failed shared checks: one statement each for every account of the batch.', columns).join('\n')}</Text>
			<BodyRows.Provider value={{columns, rows: Math.max(3, room.rows - 2 - keys.length)}}>
				<SelectList options={options} onSubmit={(value) => ui.set({open: Number(value), scroll: 0})} onBack={onDone} />
			</BodyRows.Provider>
			<Text dimColor>{keys.join('\n')}</Text>
		</Box>
	);
}
