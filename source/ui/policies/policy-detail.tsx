import React from 'react';
import {Box, Text, useInput} from 'ink';
import Spinner from 'ink-spinner';
import {liveValidationLines, type LiveTone} from '../../core/policy/live-validation.js';
import {symbols} from '../theme.js';
import {placeText, shortBasis, truncateMiddle, validationSummary, whoText, WIDTH, wrapText} from './describe.js';
import type {Message, Pane, PoliciesAction, PoliciesUiState} from './policies-state.js';
import {liveDetails, paneLines, panesOf, type PolicyEntry} from './policy-entry.js';
import {maxScroll, ScrollWindow} from './scroll-window.js';
import type {LiveState} from './use-live-validation.js';

const PANE_TITLES: Record<Pane, string> = {document: 'Document', diff: 'Diff', notes: 'Notes'};

export interface PolicyDetailProps {
	entry: PolicyEntry;
	ui: PoliciesUiState;
	dispatch: (action: PoliciesAction) => void;
	/** Height of the scrolled text. */
	rows: number;
	onCopy: () => void;
	onSave: () => void;
	onApply: () => void;
	/** Key bindings on (off while a question is asked below). */
	isActive: boolean;
	/** Replaces the key help line (a question, a spinner). */
	children?: React.ReactNode;
	/** AWS's verdict on the document (Access Analyzer, IAM simulator); undefined: not asked. */
	live?: LiveState;
}

/** Rows the app draws around this screen on its own (title, answers so far, footer). */
export const APP_CHROME_ROWS = 9;

/**
 * Height of the scrolled text so the whole screen fits the terminal (24 rows at least):
 * what is left after the fixed lines, the command, the message and `extra` prompt lines.
 */
export function windowRows(terminalRows: number, entry: PolicyEntry, message: Message | undefined, extra: number): number {
	const fixed = 6 + wrapText(entry.snippet.applyCommand, WIDTH).length + (message ? wrapText(message.text, WIDTH).length : 0) + extra;
	return Math.max(3, Math.min(30, terminalRows - APP_CHROME_ROWS - fixed));
}

export function MessageLine({message}: {message?: Message}) {
	if (!message) return null;
	const color = message.tone === 'error' ? 'red' : message.tone === 'success' ? 'green' : 'yellow';
	return (
		<Box flexDirection="column">
			{wrapText(message.text, WIDTH).map((line, i) => (
				<Text key={i} color={color}>
					{line}
				</Text>
			))}
		</Box>
	);
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
	if (!live) return null;
	if (live.status === 'running') {
		const names = entry.snippet.id === 'caller-identity-policy' ? ['Access Analyzer', 'IAM simulator'] : ['Access Analyzer'];
		return (
			<Box flexDirection="column">
				{names.map((name) => (
					<Text key={name} wrap="truncate-end">
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
				<Text key={line.text} wrap="truncate-end">
					<Text color={LIVE_COLORS[line.tone]}>{LIVE_SYMBOLS[line.tone]}</Text>
					<Text> {line.text.length > WIDTH - 2 ? `${line.text.slice(0, WIDTH - 3)}…` : line.text}</Text>
				</Text>
			))}
		</Box>
	);
}

/** One snippet in full: where it goes, its document (or diff, or notes), the command, the actions. */
export function PolicyDetail({entry, ui, dispatch, rows, onCopy, onSave, onApply, isActive, children, live}: PolicyDetailProps) {
	const {snippet} = entry;
	const panes = panesOf(entry);
	const pane = panes.includes(ui.pane) ? ui.pane : 'document';
	const lines = paneLines(entry, pane, WIDTH - 2);
	const max = maxScroll(lines.length, rows);
	useInput(
		(input, key) => {
			// Ctrl-C belongs to the app (it stops or quits), never to a letter binding here.
			if (key.ctrl) return;
			const scrolled = scrollAction(key, rows, max);
			if (scrolled) dispatch(scrolled);
			else if ((key.tab && !key.shift) || input === 'd') dispatch({type: 'pane', panes});
			else if (key.escape || (key.shift && key.tab)) dispatch({type: 'close'});
			else if (input === 'c') onCopy();
			else if (input === 's') onSave();
			else if (input === 'a') onApply();
		},
		{isActive},
	);
	const validation = validationSummary(entry.findings);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>{truncateMiddle(snippet.title, WIDTH - 2 - shortBasis(entry.basis).length)}</Text>
				<Text color={entry.basis === 'unread' ? 'yellow' : undefined} dimColor={entry.basis !== 'unread'}>
					{'  '}
					{shortBasis(entry.basis)}
				</Text>
			</Text>
			<Text wrap="truncate-end">
				<Text dimColor>Goes to </Text>
				{placeText(snippet, WIDTH - 8)}
			</Text>
			<Text wrap="truncate-end" dimColor>
				{whoText(snippet, WIDTH)}
			</Text>
			<Text wrap="truncate-end">
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
			<LiveValidationLines entry={entry} live={live} />
			<ScrollWindow lines={lines} scroll={Math.min(ui.scroll, max)} rows={rows} />
			{wrapText(snippet.applyCommand, WIDTH).map((line, i) => (
				<Text key={i} color="cyan">
					{line}
				</Text>
			))}
			<MessageLine message={ui.message} />
			{children ?? (
				<Text dimColor wrap="truncate-end">
					↑↓ PgUp PgDn scroll{panes.length > 1 ? ' · Tab view' : ''} · c copy · s save · a apply · Esc list
				</Text>
			)}
		</Box>
	);
}
