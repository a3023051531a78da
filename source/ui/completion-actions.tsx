// The completed export's actions, each in place of the summary: verify the files (as this
// profile or another), five items as plain JSON, and the import-table command to copy.
// What each action found lives in the wizard state (core/wizard/completion.ts); this view
// draws it in a scroll window that fits any terminal, and dispatches the keys.

import {useState} from 'react';
import {Box, Text, useInput, useStdout} from 'ink';
import {useOwnKeysHint} from './keys-hint.js';
import {maxScroll, ScrollWindow, type ShownLine} from './scroll-window.js';
import {SelectList} from './widgets/select-list.js';
import {problemLines} from './problem-view.js';
import {SpinnerLine} from './spinner-line.js';
import {BodyRows, useRoom} from './screen-size.js';
import {symbols} from './theme.js';
import {wrapWords} from './text-layout.js';
import {indentJson} from './indent-json.js';
import {progressText, reportLines} from './verify-report.js';
import {processClipboard, type CopyOutcome} from './policies/clipboard.js';
import {importTableText, PREVIEW_ITEMS, readerAdvice, readerChoices, type CompletionAction} from '../core/wizard/completion.js';
import {ENVIRONMENT_PROFILE} from '../core/wizard/fields.js';
import type {ExportRun, Problem, WizardEvent, WizardState} from '../core/wizard/state.js';

const TITLES: Record<CompletionAction, string> = {
	verify: 'Verify the files',
	preview: `The first ${PREVIEW_ITEMS} items, as plain JSON`,
	'import-table': 'Load it into a new table',
};

const prose = (text: string, columns: number, extra: Omit<ShownLine, 'text'> = {}): ShownLine[] => wrapWords(text, columns).map((line) => ({text: line, ...extra}));

function problemShown(problem: Problem, columns: number): ShownLine[] {
	const lines = problemLines(problem, columns);
	return [...lines.title.map((text) => ({text, color: 'red'})), ...[...lines.cause, ...lines.fix].map((text) => ({text})), ...lines.command.map((text) => ({text, color: 'cyan'}))];
}

function readerName(run: ExportRun, reader: string | undefined): string {
	return reader ?? (run.plan.profile && run.plan.profile !== ENVIRONMENT_PROFILE ? `${run.plan.profile} (this profile)` : 'this profile');
}

/** A read that ended without its answer: stopped by Ctrl-C (r starts it again), or refused (with whose files they are). */
function endedEarlyLines(run: ExportRun, ended: {reader?: string} & ({status: 'stopped'} | {status: 'refused'; problem: Problem}), again: string, columns: number): ShownLine[] {
	if (ended.status === 'stopped') return prose(`Stopped (Ctrl-C) before it finished: press r to ${again} again.`, columns, {color: 'yellow'});
	const advice = readerAdvice(run, ended.reader);
	return [...problemShown(ended.problem, columns), ...(advice ? [{text: ''}, ...prose(advice, columns)] : [])];
}

/** What the open action has to show, as lines for the scroll window. */
function panelLines(state: WizardState, run: ExportRun, action: CompletionAction, columns: number, copied?: CopyOutcome): ShownLine[] {
	const completion = run.completion ?? {};
	if (action === 'verify') {
		const verify = completion.verify;
		if (!verify || verify.status === 'running') return [];
		if (verify.status === 'stopped' || verify.status === 'refused') return endedEarlyLines(run, verify, 'verify', columns);
		const color = verify.report.verdict === 'intact' ? 'green' : verify.report.verdict === 'damaged' ? 'red' : 'yellow';
		return [...reportLines(verify.report, columns).map((text, i) => ({text, color: i === 0 ? color : undefined}))];
	}
	if (action === 'preview') {
		const preview = completion.preview;
		if (!preview || preview.status === 'reading') return [];
		if (preview.status === 'stopped' || preview.status === 'refused') return endedEarlyLines(run, preview, 'read', columns);
		if (preview.items.length === 0) return prose('The export holds no items.', columns);
		return [...preview.items.flatMap((json, i) => [{text: `Item ${i + 1}`, dim: true}, ...indentJson(json).map((text) => ({text}))])];
	}
	const text = importTableText(state, run);
	if ('loading' in text) return [];
	if (!text.ok) return prose(text.reason, columns, {color: 'yellow'});
	const lines: ShownLine[] = [
		...prose(`Creates the table ${text.table} from the export's data folder (full exports only):`, columns, {dim: true}),
		...text.command.split('\n').map((line) => ({text: line, color: 'cyan'})),
	];
	if (text.note) lines.push({text: ''}, ...prose(text.note, columns));
	if (copied) lines.push({text: ''}, ...prose(copied.message, columns, {color: copied.result === 'failed' ? 'red' : 'green'}));
	return lines;
}

/** The keys of the open action: true for what it shows now. */
function panelKeys(run: ExportRun, action: CompletionAction, scrolls: boolean): string {
	const scroll = scrolls ? '↑↓ PgUp PgDn scroll · ' : '';
	if (action === 'import-table') return `${scroll}c copies the command · Esc back`;
	const work = run.completion?.[action];
	const busy = work?.status === 'running' || work?.status === 'reading';
	if (busy) return 'Ctrl-C stops · Esc back (it goes on)';
	return `${scroll}o another profile · r again · Esc back`;
}

export interface CompletionPanelProps {
	state: WizardState;
	run: ExportRun;
	dispatch: (event: WizardEvent) => void;
	/** Tests give their own clipboard; the terminal's otherwise. */
	copy?: (text: string) => Promise<CopyOutcome>;
}

/** The open action of a completed export, or the profile question before it reads. */
export function CompletionPanel({state, run, dispatch, copy}: CompletionPanelProps) {
	const {columns, rows} = useRoom();
	const {stdout} = useStdout();
	const [scroll, setScroll] = useState(0);
	const [copied, setCopied] = useState<CopyOutcome>();
	useOwnKeysHint(true);
	const completion = run.completion ?? {};
	const action = completion.open;
	const picking = completion.picking;
	const lines = action ? panelLines(state, run, action, columns, copied) : [];
	const work = action && action !== 'import-table' ? completion[action] : undefined;
	const busy = work?.status === 'running' || work?.status === 'reading';
	const loading = action === 'import-table' && lines.length === 0;
	const title = wrapWords(`${TITLES[action ?? 'verify']}${work ? ` · as ${readerName(run, work.reader)}` : ''}`, columns);
	// Title, the window and its ▲▼ line, the keys (with or without the scroll keys).
	const keysRows = (scrolls: boolean) => wrapWords(panelKeys(run, action ?? 'verify', scrolls), columns).length;
	const windowRows = (scrolls: boolean) => Math.max(3, rows - title.length - 1 - keysRows(scrolls) - (busy || loading ? 1 : 0));
	const scrolls = maxScroll(lines, windowRows(false), columns) > 0;
	const shownRows = windowRows(scrolls);
	const bottom = maxScroll(lines, shownRows, columns);
	useInput(
		(input, key) => {
			if (!action) return;
			if (key.escape) {
				dispatch({type: 'completion-close'});
				return;
			}
			const by = key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -shownRows : key.pageDown ? shownRows : 0;
			if (by) setScroll((s) => Math.max(0, Math.min(bottom, s + by)));
			if (action === 'import-table' && input === 'c') {
				const text = importTableText(state, run);
				if ('ok' in text && text.ok) void (copy ?? processClipboard(stdout))(text.command).then(setCopied);
			}
			if (action !== 'import-table' && !busy && input === 'o') dispatch({type: 'completion-pick', action});
			if (action !== 'import-table' && !busy && input === 'r') {
				setScroll(0);
				dispatch({type: 'completion-open', action, reader: work?.reader ?? null});
			}
		},
		{isActive: action !== undefined && picking === undefined},
	);
	if (!action) return null;
	if (picking) {
		const {options, proposed} = readerChoices(state, run);
		const question = wrapWords(`${picking === 'verify' ? 'Verify' : 'Read the items'} as which profile? One that may read s3://${run.plan.bucket}/ (across accounts: the owner's).`, columns);
		const keys = wrapWords('↑↓ choose · Enter reads with it · Esc cancels', columns);
		return (
			<Box flexDirection="column">
				<Text bold>{question.join('\n')}</Text>
				<BodyRows.Provider value={{columns, rows: Math.max(3, rows - question.length - keys.length)}}>
					<SelectList key={proposed} options={options} defaultValue={proposed} onSubmit={(name) => dispatch({type: 'completion-open', action: picking, reader: name})} onBack={() => dispatch({type: 'completion-open', action: picking})} />
				</BodyRows.Provider>
				<Text dimColor>{keys.join('\n')}</Text>
			</Box>
		);
	}
	const progress = work?.status === 'running' ? work.progress : undefined;
	return (
		<Box flexDirection="column">
			<Text bold>{title.join('\n')}</Text>
			{busy ? (
				<SpinnerLine>{action === 'verify' ? (progress ? progressText(progress) : 'Reading the manifests…') : `Reading the first ${PREVIEW_ITEMS} items…`}</SpinnerLine>
			) : null}
			{loading ? <SpinnerLine>Reading the table's key schema (DescribeTable)…</SpinnerLine> : null}
			<ScrollWindow lines={lines} scroll={scroll} rows={shownRows} />
			<Text dimColor>{wrapWords(panelKeys(run, action, scrolls), columns).join('\n')}</Text>
		</Box>
	);
}

/** A line for the summary once the files were verified: the verdict, and as whom. */
export function verifiedLine(run: ExportRun): {text: string; color: string} | undefined {
	const verify = run.completion?.verify;
	if (verify?.status !== 'done') return undefined;
	const verdict = {intact: `${symbols.passed} intact`, damaged: `${symbols.failed} NOT intact`, unknown: `${symbols.unknown} could not tell`}[verify.report.verdict];
	const color = verify.report.verdict === 'intact' ? 'green' : verify.report.verdict === 'damaged' ? 'red' : 'yellow';
	return {text: `${verdict}, read as ${readerName(run, verify.reader)}`, color};
}
