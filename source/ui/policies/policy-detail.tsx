import React from 'react';
import {Box, Text, useInput} from 'ink';
import Spinner from 'ink-spinner';
import {liveValidationLines, type LiveTone} from '../../core/policy/live-validation.js';
import {FORMAT_LABELS} from '../../core/policy/policy-as-code.js';
import {symbols} from '../theme.js';
import {placeText, shortBasis, validationSummary, whoText} from './describe.js';
import type {Message, Pane, PoliciesAction, PoliciesUiState} from './policies-state.js';
import {liveDetails, paneLines, panesOf, type PolicyEntry} from './policy-entry.js';
import {maxScroll, ScrollWindow} from '../scroll-window.js';
import {Lines} from '../lines.js';
import {BodyRows, useRoom} from '../screen-size.js';
import {commandLines, labelledLines, rowsOf, wrapWords} from '../text-layout.js';
import type {LiveState} from './use-live-validation.js';

const PANE_TITLES: Record<Pane, string> = {document: 'Document', diff: 'Diff', notes: 'Notes', command: 'Command'};

export interface PolicyDetailProps {
	entry: PolicyEntry;
	ui: PoliciesUiState;
	dispatch: (action: PoliciesAction) => void;
	/** Lines the question or spinner below takes (it replaces the one line of keys). */
	belowRows: number;
	onCopy: () => void;
	onSave: () => void;
	onApply: () => void;
	/** Key bindings on (off while a question is asked below). */
	isActive: boolean;
	/** Replaces the key help line (a question, a spinner). */
	children?: React.ReactNode;
	/** AWS's verdict on the document (Access Analyzer, IAM simulator); undefined: not asked. */
	live?: LiveState;
	/** The document in ui.format when that is not JSON (Terraform, CloudFormation, CDK). */
	code?: string;
}

export function messageLines(message: Message | undefined, columns: number): string[] {
	return message ? wrapWords(message.text, columns) : [];
}

export function MessageLine({message}: {message?: Message}) {
	const {columns} = useRoom();
	if (!message) return null;
	const color = message.tone === 'error' ? 'red' : message.tone === 'success' ? 'green' : 'yellow';
	return <Lines lines={messageLines(message, columns)} color={color} />;
}

type ScrollKey = {upArrow: boolean; downArrow: boolean; pageUp: boolean; pageDown: boolean; home?: boolean; end?: boolean};

function scrollBy(key: ScrollKey, rows: number, max: number): number | undefined {
	if (key.upArrow) return -1;
	if (key.downArrow) return 1;
	if (key.pageUp) return -rows;
	if (key.pageDown) return rows;
	if (key.home) return -max;
	if (key.end) return max;
	return undefined;
}

/** Arrow keys, PgUp/PgDn (a window of `rows`), Home/End over a text scrolled at most `max` lines. */
export function scrollAction(key: ScrollKey, rows: number, max: number): PoliciesAction | undefined {
	const by = scrollBy(key, rows, max);
	return by === undefined ? undefined : {type: 'scroll', by, max};
}

const LIVE_COLORS: Record<LiveTone, string> = {passed: 'green', warning: 'yellow', failed: 'red', unknown: 'yellow'};
const LIVE_SYMBOLS: Record<LiveTone, string> = {passed: symbols.passed, warning: symbols.warning, failed: symbols.failed, unknown: symbols.unknown};

/** One line per evaluator under the offline check; a spinner on each while AWS is asked. */
export function LiveValidationLines({entry, live}: {entry: PolicyEntry; live?: LiveState}) {
	const {columns} = useRoom();
	if (!live) return null;
	if (live.status === 'running') {
		const names = entry.snippet.id === 'caller-identity-policy' ? ['Access Analyzer', 'IAM simulator'] : ['Access Analyzer'];
		return (
			<Box flexDirection="column">
				{names.map((name) => (
					<Text key={name}>
						<Text color="cyan">
							<Spinner type="dots" />
						</Text>
						<Text dimColor> {name}: asking AWS…</Text>
					</Text>
				))}
			</Box>
		);
	}
	return (
		<Box flexDirection="column">
			{liveValidationLines(live.validation).map((line) => (
				<Text key={line.text}>
					<Text color={LIVE_COLORS[line.tone]}>{LIVE_SYMBOLS[line.tone]}</Text>
					<Text> {wrapWords(line.text, columns, {first: '  ', indent: '  '}).join('\n').slice(2)}</Text>
				</Text>
			))}
		</Box>
	);
}

/** Rows the live validation lines take. */
function liveValidationRows(entry: PolicyEntry, live: LiveState | undefined, columns: number): number {
	if (!live) return 0;
	if (live.status === 'running') return entry.snippet.id === 'caller-identity-policy' ? 2 : 1;
	return liveValidationLines(live.validation).reduce((sum, line) => sum + wrapWords(line.text, columns, {first: '  ', indent: '  '}).length, 0);
}

/** The head of the open snippet: title and basis, where it goes, who applies it. */
function headLines(entry: PolicyEntry, columns: number): {title: string[]; place: string[]; who: string[]} {
	return {
		title: wrapWords(`${entry.snippet.title}  ${shortBasis(entry.basis, entry.appliedBy)}`, columns, {indent: '  '}),
		place: labelledLines('Goes to', placeText(entry.snippet), columns, 7),
		who: wrapWords(whoText(entry.snippet), columns, {indent: '  '}),
	};
}

/** One snippet in full: where it goes, its document (or diff, or notes), the command, the actions. */
export function PolicyDetail({entry, ui, dispatch, belowRows, onCopy, onSave, onApply, isActive, children, live, code}: PolicyDetailProps) {
	const {snippet} = entry;
	const {columns, rows: room} = useRoom();
	const head = headLines(entry, columns);
	const command = commandLines(snippet.applyCommand, columns);
	const validation = validationSummary(entry.findings);
	const keysFor = (panes: Pane[]) => wrapWords(`↑↓ scroll${panes.length > 1 ? ' · Tab view' : ''} · f format: ${FORMAT_LABELS[ui.format]} · c copy · s save · a apply · Esc list`, columns);
	// What fits, from the most to the least: everything; without who applies it and AWS's
	// verdict lines; the command in a pane of its own; with a question below, its room first.
	const layouts = [
		{head: true, who: true, live: true, commandPane: false, text: true},
		{head: true, who: false, live: false, commandPane: false, text: true},
		{head: true, who: false, live: false, commandPane: true, text: true},
		{head: true, who: false, live: false, commandPane: false, text: false},
		{head: false, who: false, live: false, commandPane: false, text: false},
	].filter((l) => (children ? !l.commandPane : l.text));
	const paneRows = (panes: Pane[]) =>
		wrapWords(`${panes.map((p) => ` ${PANE_TITLES[p]}${p === 'notes' ? ` (${snippet.notes.length + entry.findings.length + liveDetails(entry).length})` : ''} `).join('')}  ✔ ${validation.text}`, columns).length;
	let layout = layouts[0]!;
	let rows = 0;
	let childRows = 0;
	let panes: Pane[] = [];
	for (const candidate of layouts) {
		layout = candidate;
		panes = [...panesOf(entry), ...(candidate.commandPane ? (['command'] as Pane[]) : [])];
		const fixed =
			(candidate.head ? head.title.length + rowsOf(head.place, columns) : 0) +
			(candidate.who ? head.who.length : 0) +
			(candidate.live ? liveValidationRows(entry, live, columns) : 0) +
			(candidate.text ? paneRows(panes) + 1 + (candidate.commandPane ? 0 : rowsOf(command, columns)) : 0) +
			messageLines(ui.message, columns).length;
		childRows = room - fixed;
		rows = childRows - (children ? belowRows : keysFor(panes).length);
		// The text needs a few rows; a question below needs its own lines.
		if (rows >= (candidate.text ? 5 : 0)) break;
	}
	// Without the text, the question below has all the room there is.
	if (!layout.text) childRows = room - (layout.head ? head.title.length + rowsOf(head.place, columns) : 0) - messageLines(ui.message, columns).length;
	rows = Math.max(3, rows);
	const pane = panes.includes(ui.pane) ? ui.pane : 'document';
	const lines = pane === 'command' ? command.map((text) => ({text, color: 'cyan'})) : paneLines(entry, pane, columns, code);
	const max = maxScroll(lines, rows, columns);
	useInput(
		(input, key) => {
			// Ctrl-C belongs to the app (it stops or quits), never to a letter binding here.
			if (key.ctrl) return;
			const scrolled = scrollAction(key, rows, max);
			if (scrolled) dispatch(scrolled);
			else if ((key.tab && !key.shift) || input === 'd') dispatch({type: 'pane', panes});
			else if (key.escape || (key.shift && key.tab)) dispatch({type: 'close'});
			else if (input === 'f') dispatch({type: 'format'});
			else if (input === 'c') onCopy();
			else if (input === 's') onSave();
			else if (input === 'a') onApply();
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			{layout.head ? <Text bold>{head.title.join('\n')}</Text> : null}
			{layout.head ? <Lines lines={head.place} /> : null}
			{layout.who ? <Text dimColor>{head.who.join('\n')}</Text> : null}
			{layout.text ? (
				<Text>
					{panes.map((p) => (
						<Text key={p} inverse={p === pane} bold={p === pane} dimColor={p !== pane}>
							{` ${PANE_TITLES[p]}${p === 'notes' ? ` (${snippet.notes.length + entry.findings.length + liveDetails(entry).length})` : ''} `}
						</Text>
					))}
					<Text color={validation.ok ? 'green' : 'red'}>
						{'  '}
						{validation.ok ? symbols.passed : symbols.failed}
					</Text>
					<Text dimColor> {validation.text}</Text>
				</Text>
			) : null}
			{layout.live ? <LiveValidationLines entry={entry} live={live} /> : null}
			{layout.text ? <ScrollWindow lines={lines} scroll={Math.min(ui.scroll, max)} rows={rows} /> : null}
			{layout.text && !layout.commandPane ? <Lines lines={command} color="cyan" /> : null}
			<MessageLine message={ui.message} />
			{children ? <BodyRows.Provider value={{columns, rows: childRows}}>{children}</BodyRows.Provider> : <Text dimColor>{keysFor(panes).join('\n')}</Text>}
		</Box>
	);
}
