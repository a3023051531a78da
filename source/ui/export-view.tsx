import {useRef, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {useOwnKeysHint} from './keys-hint.js';
import {maxScroll, ScrollWindow, type ShownLine} from './scroll-window.js';
import {menuHeight, SelectList} from './widgets/select-list.js';
import {ProblemView, problemRows} from './problem-view.js';
import {SpinnerLine} from './spinner-line.js';
import {Lines} from './lines.js';
import {BodyRows, useRoom} from './screen-size.js';
import {symbols} from './theme.js';
import {useNow} from './use-now.js';
import {commandLines, labelledLines, rowsOf, wrapWords} from './text-layout.js';
import {INCREMENTAL_IMPORT_ADVICE} from '../core/next-steps/import-table-command.js';
import {describeExportCommand, nextCommand, s3ListCommand, watchCommand} from '../core/render-aws-command.js';
import {CHECK_TITLES} from '../core/checks/check-titles.js';
import {finishedChoices} from '../core/wizard/field-options.js';
import {explainFailedExport, exportLocation, failureText, runElapsed} from '../core/wizard/export-outcome.js';
import {formatBytes, formatCount, formatElapsed} from '../core/wizard/summary.js';
import {formatUtc} from '../core/time-input.js';
import type {CallerIdentity} from '../core/ports.js';
import {duplicateQuestion} from '../core/wizard/export-start.js';
import type {DuplicateChoice, ExportRun, FinishedChoice, WizardEvent, WizardState} from '../core/wizard/state.js';
import {completionChoices} from '../core/wizard/completion.js';
import {CompletionPanel, verifiedLine} from './completion-actions.js';
import type {CopyOutcome} from './policies/clipboard.js';

/** Label column of the labelled lines. */
const LABEL = 12;

/** A block of lines; `optional` blocks go first when the screen is short. */
interface Part {
	lines: string[];
	color?: string;
	dim?: boolean;
	optional?: boolean;
}

const labelled = (label: string, value: string, columns: number, extra: Omit<Part, 'lines'> = {}): Part => ({lines: labelledLines(label, value, columns, LABEL), ...extra});
const prose = (text: string, columns: number, extra: Omit<Part, 'lines'> = {}): Part => ({lines: wrapWords(text, columns, {indent: '  '}), ...extra});
/** A command to copy: on its own line(s), ready to paste. */
const command = (text: string, columns: number, extra: Omit<Part, 'lines'> = {}): Part => ({lines: commandLines(text, columns - 2).map((line) => `  ${line}`), color: 'cyan', ...extra});

/** The export ARN alone on its line, so that a copy from the terminal gives it whole (its label ends the status line when there is one). */
function arnParts(arn: string, labelled: boolean): Part[] {
	return labelled ? [{lines: [arn]}] : [{lines: ['Export ARN'], dim: true}, {lines: [arn]}];
}

/** To the second: "2026-12-06 20:36:26 UTC". */
const toSecond = (date: Date) => formatUtc(new Date(Math.floor(date.getTime() / 1000) * 1000));

function timesText(d: NonNullable<ExportRun['description']>): string | undefined {
	if (!d.startTime) return undefined;
	const end = d.endTime ? ` to ${toSecond(d.endTime).slice(11)}` : '';
	return `${toSecond(d.startTime)}${end}`;
}

/** What a finished export left and how to look at it. */
function completedParts(run: ExportRun, columns: number): Part[] {
	const d = run.description!;
	const plan = run.plan;
	const parts: Part[] = [];
	// The point in time the data represents, then what was written.
	if (d.exportTime) parts.push(labelled('Data as of', toSecond(d.exportTime), columns));
	const verified = verifiedLine(run);
	if (verified) parts.push(labelled('Verified', verified.text, columns, {color: verified.color}));
	parts.push(labelled('Items', `${formatCount(d.itemCount)} · ${formatBytes(d.billedSizeBytes)} billed`, columns));
	// An incremental export's records are changes: say so (kept on screen) rather than offer import-table.
	const incremental = d.exportType === 'INCREMENTAL_EXPORT';
	if (incremental) parts.push(prose(INCREMENTAL_IMPORT_ADVICE, columns));
	const times = timesText(d);
	if (times) parts.push(labelled('Ran', times, columns, {optional: true}));
	const location = exportLocation(d, plan.bucket);
	if (location) {
		const data = `${location}data/`;
		const owner = plan.bucketOwner;
		if (owner) {
			parts.push(prose(`Account ${owner} owns the files and reads them; this account cannot, which is expected. The owner lists the data folder with:`, columns));
			parts.push(command(s3ListCommand(data, undefined, plan.bucketRegion ?? plan.region), columns));
		} else {
			parts.push({lines: ['The data folder, listed:'], dim: true});
			parts.push(command(s3ListCommand(data, plan.profile, plan.bucketRegion ?? plan.region), columns));
		}
	}
	if (run.manifestProblem) parts.push(prose(`Could not read manifest-summary.json: ${run.manifestProblem}`, columns, {dim: true, optional: true}));
	parts.push({lines: ['Its description again, any time:'], dim: true, optional: true});
	parts.push({lines: [`  ${watchCommand(d.exportArn, plan.profile, plan.region)}`], color: 'cyan'});
	// One line or none: the whole command when it fits, else its name (the ARN is above).
	const next = `Next: ${nextCommand(d.exportArn, plan.profile)}`;
	parts.push({lines: [next.length <= columns ? next : `Next: ddb-export next ARN (${incremental ? 'Athena' : 'import-table, Athena'})`], dim: true, optional: true});
	return parts;
}

function failedParts(run: ExportRun, caller: CallerIdentity | undefined, columns: number): Part[] {
	const d = run.description!;
	const reread = run.reread?.status === 'done' ? run.reread.results : undefined;
	const explained = explainFailedExport(d, caller, run.plan, reread);
	const parts: Part[] = [labelled('Failure', failureText(d), columns), {lines: wrapWords(explained.headline, columns)}];
	// While the policies are read again, the details wait for them (they name the one that refused).
	if (run.reread?.status === 'reading') return [...parts, {lines: wrapWords('⠿ Reading the policies that apply again, to name the one that refused…', columns), dim: true}];
	if (run.reread?.status === 'failed') parts.push(prose(`The policies could not be read again (${run.reread.problem.title}); what follows is only possible.`, columns, {dim: true}));
	for (const line of explained.details) parts.push({lines: wrapWords(line, columns, {first: '  ', indent: '  '})});
	if (explained.likelyChecks.length > 0) {
		parts.push(prose(`The checks that look at this: ${explained.likelyChecks.map((id) => CHECK_TITLES[id]).join(', ')}.`, columns, {dim: true, optional: true}));
	}
	return parts;
}

/**
 * The parts that fit `rows`: optional ones are left out, last first, when they do not;
 * then the first ones that fit, and how many lines are left for the full view (d).
 */
function fitting(parts: Part[], rows: number, columns: number): {shown: Part[]; hidden: number} {
	const shown = [...parts];
	const height = () => shown.reduce((sum, p) => sum + rowsOf(p.lines, columns), 0);
	for (let i = shown.length - 1; i >= 0 && height() > rows; i--) if (shown[i]!.optional) shown.splice(i, 1);
	let hidden = 0;
	// Cutting takes a line of its own to say so.
	if (height() > rows) while (shown.length > 1 && height() > rows - 1) hidden += shown.pop()!.lines.length;
	return {shown, hidden};
}

const linesOf = (parts: Part[]): ShownLine[] => parts.flatMap((p) => p.lines.map((text) => ({text, color: p.color, dim: p.dim})));

interface ExportViewProps {
	state: WizardState;
	onFinished: (choice: FinishedChoice) => void;
	/** The same export is already running: watch it, start anyway, or back. */
	onDuplicate?: (choice: DuplicateChoice) => void;
	/** The completed export's actions (verify, preview, import-table) dispatch their own events. */
	dispatch?: (event: WizardEvent) => void;
	/** Tests give their own clipboard. */
	copy?: (text: string) => Promise<CopyOutcome>;
}

export function ExportView({state, onFinished, onDuplicate, dispatch, copy}: ExportViewProps) {
	const run = state.phase.kind === 'export' ? state.phase.run : undefined;
	const live = run?.status === 'starting' || run?.status === 'watching';
	const now = useNow(1000, live);
	const {columns, rows} = useRoom();
	const [full, setFull] = useState(false);
	const [scroll, setScroll] = useState(0);
	useOwnKeysHint(full);
	const windowRows = Math.max(3, rows - 2);
	// The last scroll position, known once the lines are laid out below.
	const fullMax = useRef(0);
	useInput(
		(input, key) => {
			if (input === 'd') setFull((f) => !f);
			else if (full && key.escape) setFull(false);
			else if (full) {
				const by = key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -windowRows : key.pageDown ? windowRows : 0;
				if (by) setScroll((s) => Math.max(0, Math.min(fullMax.current, s + by)));
			}
		},
		{isActive: run !== undefined && !live && run.status !== 'looking' && run.status !== 'duplicate' && !run.completion?.open},
	);
	if (!run) return null;
	if (run.status === 'completed' && run.completion?.open && dispatch) return <CompletionPanel state={state} run={run} dispatch={dispatch} copy={copy} />;
	if (run.status === 'looking') return <SpinnerLine>Looking for the same export started in the last 15 minutes (ListExports)…</SpinnerLine>;
	if (run.status === 'duplicate') {
		const {lines, choices} = duplicateQuestion(run, new Date(now));
		return (
			<Box flexDirection="column">
				{lines.map((line, i) => (
					<Lines key={i} lines={wrapWords(line, columns)} color={i === 0 ? 'yellow' : undefined} />
				))}
				<SelectList options={choices} onSubmit={(v) => onDuplicate?.(v as DuplicateChoice)} />
			</Box>
		);
	}
	const d = run.description;
	const elapsed = formatElapsed(runElapsed(run, now));
	const plan = run.plan;
	// The explanation names who wrote (or failed to write) the files, as line mode does.
	const caller = state.loaded.identity.status === 'ready' ? state.loaded.identity.value : undefined;
	const parts: Part[] = [];
	const ended = run.status === 'completed' || run.status === 'failed';
	if (d) parts.push(...arnParts(d.exportArn, ended));
	if (run.status !== 'completed') parts.push(labelled('Destination', `s3://${plan.bucket}/${plan.prefix}`, columns, {optional: true}));
	if (d && live) parts.push(labelled('Items', d.itemCount === undefined ? 'known when it completes' : `${formatCount(d.itemCount)} · billed size ${formatBytes(d.billedSizeBytes)}`, columns, {optional: true}));
	if (live && run.lastPollAt) parts.push(labelled('Last check', `${new Date(run.lastPollAt).toISOString().slice(11, 19)} UTC · DescribeExport every few seconds`, columns, {optional: true}));
	if (state.retrying) parts.push({lines: wrapWords(state.retrying, columns), color: 'yellow'});
	if (run.status === 'completed' && d) parts.push(...completedParts(run, columns));
	if (run.status === 'failed' && d) parts.push(...failedParts(run, caller, columns));
	if ((run.status === 'detached' || live) && d) {
		parts.push({lines: ['Watch it again:'], dim: true});
		parts.push({lines: [`  ${watchCommand(d.exportArn, plan.profile, plan.region)}`], color: 'cyan'});
		// One part, so that a short screen leaves out the label with its command.
		if (run.status === 'detached') parts.push({lines: ['Or with the AWS CLI:', ...command(describeExportCommand(d.exportArn, plan.profile, plan.region), columns).lines], dim: true, optional: true});
	}
	const choices = live ? [] : [...(dispatch ? completionChoices(run) : []), ...finishedChoices(run)];
	const problem = run.status === 'start-failed' && run.problem ? problemRows(run.problem, columns) : 0;
	// The status line above the parts: a stopped watch's sentence and a client token wrap at 60 columns.
	const detachedLines = wrapWords(`Stopped watching after ${elapsed}. The export keeps running on AWS.`, columns);
	const status =
		run.status === 'detached'
			? detachedLines.length
			: run.status === 'starting'
				? rowsOf([`⠋ Starting the export (client token ${run.clientToken})…`], columns)
				: run.status === 'start-failed'
					? 0
					: 1;
	const {shown, hidden} = fitting(parts, rows - status - problem - menuHeight(choices, columns), columns);
	// The full view has no status line: the ARN keeps its label there.
	const all = linesOf(ended && d ? [{lines: ['Export ARN'], dim: true}, ...parts] : parts);
	fullMax.current = maxScroll(all, windowRows, columns);
	if (full) {
		return (
			<Box flexDirection="column">
				<ScrollWindow lines={all} scroll={scroll} rows={windowRows} />
				<Text dimColor>↑↓ PgUp PgDn scroll · d or Esc back</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column">
			{run.status === 'starting' ? <SpinnerLine>{`Starting the export (client token ${run.clientToken})…`}</SpinnerLine> : null}
			{run.status === 'watching' ? (
				<SpinnerLine>
					<Text bold>{d?.status ?? 'IN_PROGRESS'}</Text> · {elapsed} elapsed
				</SpinnerLine>
			) : null}
			{run.status === 'completed' ? (
				<Text color="green">
					{symbols.passed} Export completed in {elapsed}
					{d ? <Text dimColor> · Export ARN:</Text> : null}
				</Text>
			) : null}
			{run.status === 'failed' ? (
				<Text color="red">
					{symbols.failed} Export failed after {elapsed}
					{d ? <Text dimColor> · Export ARN:</Text> : null}
				</Text>
			) : null}
			{run.status === 'detached' ? <Text color="yellow">{detachedLines.join('\n')}</Text> : null}
			{shown.map((part, i) => (
				<Lines key={i} lines={part.lines} color={part.color} dim={part.dim} />
			))}
			{hidden > 0 ? <Text dimColor>  {symbols.down} {hidden} more line{hidden === 1 ? '' : 's'} · d shows them all</Text> : null}
			{run.status === 'start-failed' && run.problem ? <ProblemView problem={run.problem} /> : null}
			{choices.length ? (
				<BodyRows.Provider value={{columns, rows: choices.length}}>
					{/* Enter alone still finishes a completed run (Quit highlighted); its actions are above it. */}
					<SelectList options={choices} defaultValue={run.status === 'completed' ? 'quit' : undefined} onSubmit={(v) => onFinished(v as FinishedChoice)} isActive={!full} />
				</BodyRows.Provider>
			) : null}
		</Box>
	);
}
