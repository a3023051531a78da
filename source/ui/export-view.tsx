import React from 'react';
import {Box, Text} from 'ink';
import {SelectList} from './widgets/select-list.js';
import {ProblemView} from './problem-view.js';
import {SpinnerLine} from './spinner-line.js';
import {symbols} from './theme.js';
import {useNow} from './use-now.js';
import {describeExportCommand, watchCommand} from '../core/render-aws-command.js';
import {CHECK_TITLES} from '../core/checks/check-titles.js';
import {finishedChoices} from '../core/wizard/field-options.js';
import {explainFailedExport, exportLocation, failureText, manifestLocation, runElapsed} from '../core/wizard/export-outcome.js';
import {formatBytes, formatCount, formatElapsed} from '../core/wizard/summary.js';
import type {CallerIdentity} from '../core/ports.js';
import {duplicateQuestion} from '../core/wizard/export-start.js';
import type {DuplicateChoice, ExportRun, WizardState} from '../core/wizard/state.js';

/** A labelled line; `full` wraps instead of truncating, for ARNs and s3:// paths people copy. */
function Row({label, children, full}: {label: string; children: React.ReactNode; full?: boolean}) {
	return (
		<Text wrap={full ? 'wrap' : 'truncate-middle'}>
			<Text dimColor>{label.padEnd(12)}</Text>
			{children}
		</Text>
	);
}

interface ExportViewProps {
	state: WizardState;
	onFinished: (choice: 'recheck' | 'quit') => void;
	/** The same export is already running: watch it, start anyway, or back. */
	onDuplicate?: (choice: DuplicateChoice) => void;
}

export function ExportView({state, onFinished, onDuplicate}: ExportViewProps) {
	const run = state.phase.kind === 'export' ? state.phase.run : undefined;
	const live = run?.status === 'starting' || run?.status === 'watching';
	const now = useNow(1000, live);
	if (!run) return null;
	if (run.status === 'looking') return <SpinnerLine>Looking for the same export started in the last 15 minutes (ListExports)…</SpinnerLine>;
	if (run.status === 'duplicate') {
		const {lines, choices} = duplicateQuestion(run, new Date(now));
		return (
			<Box flexDirection="column">
				{lines.map((line, i) => (
					<Text key={i} wrap="wrap" color={i === 0 ? 'yellow' : undefined}>
						{line}
					</Text>
				))}
				<SelectList options={choices} onSubmit={(v) => onDuplicate?.(v as DuplicateChoice)} />
			</Box>
		);
	}
	const d = run.description;
	const elapsed = formatElapsed(runElapsed(run, now));
	const resume = d ? watchCommand(d.exportArn, run.plan.profile, run.plan.region) : undefined;
	// The explanation names who wrote (or failed to write) the files, as line mode does.
	const caller = state.loaded.identity.status === 'ready' ? state.loaded.identity.value : undefined;
	return (
		<Box flexDirection="column">
			{run.status === 'starting' ? <SpinnerLine>Starting the export (client token {run.clientToken})…</SpinnerLine> : null}
			{run.status === 'watching' ? (
				<SpinnerLine>
					<Text bold>{d?.status ?? 'IN_PROGRESS'}</Text> · {elapsed} elapsed
				</SpinnerLine>
			) : null}
			{run.status === 'completed' ? (
				<Text color="green">
					{symbols.passed} Export completed in {elapsed}
				</Text>
			) : null}
			{run.status === 'failed' ? (
				<Text color="red">
					{symbols.failed} Export failed after {elapsed}
				</Text>
			) : null}
			{run.status === 'detached' ? <Text color="yellow">Stopped watching after {elapsed}. The export keeps running on AWS.</Text> : null}
			{d ? <Row label="Export ARN" full>{d.exportArn}</Row> : null}
			<Row label="Destination">{`s3://${run.plan.bucket}/${run.plan.prefix}`}</Row>
			{d && run.status !== 'failed' ? (
				<Row label="Items">
					{d.itemCount === undefined ? <Text dimColor>known when it completes</Text> : `${formatCount(d.itemCount)} · billed size ${formatBytes(d.billedSizeBytes)}`}
				</Row>
			) : null}
			{live && run.lastPollAt ? <Row label="Last check">{new Date(run.lastPollAt).toISOString().slice(11, 19)} UTC · DescribeExport every few seconds</Row> : null}
			{state.retrying ? <Text color="yellow">{state.retrying}</Text> : null}
			{run.status === 'completed' ? <Completed run={run} /> : null}
			{run.status === 'failed' ? <Failed run={run} caller={caller} /> : null}
			{run.status === 'start-failed' && run.problem ? <ProblemView problem={run.problem} /> : null}
			{run.status === 'detached' || (live && d) ? (
				<Box flexDirection="column">
					{resume ? (
						<Text>
							Watch it again: <Text color="cyan">{resume}</Text>
						</Text>
					) : null}
					{d && run.status === 'detached' ? (
						<Text dimColor>or: {describeExportCommand(d.exportArn, run.plan.profile, run.plan.region)}</Text>
					) : null}
				</Box>
			) : null}
			{!live ? (
				<SelectList
					options={finishedChoices(run)}
					onSubmit={(v) => onFinished(v as 'recheck' | 'quit')}
				/>
			) : null}
		</Box>
	);
}

function Completed({run}: {run: ExportRun}) {
	const d = run.description;
	const location = d ? exportLocation(d, run.plan.bucket) : undefined;
	const manifest = d ? manifestLocation(d, run.plan.bucket) : undefined;
	let files: number | undefined;
	if (run.manifestSummary) {
		try {
			const summary = JSON.parse(run.manifestSummary) as {itemCount?: number; manifestFilesS3Key?: string};
			files = summary.itemCount;
		} catch {
			files = undefined;
		}
	}
	return (
		<Box flexDirection="column">
			{location ? <Row label="Files" full>{location}</Row> : null}
			{manifest ? <Row label="Manifest" full>{manifest}</Row> : null}
			{run.manifestSummary ? <Text dimColor>manifest-summary.json read: {files === undefined ? 'present' : `${formatCount(files)} items listed`}</Text> : null}
			{run.manifestProblem ? <Text dimColor>Could not read manifest-summary.json: {run.manifestProblem}</Text> : null}
		</Box>
	);
}

function Failed({run, caller}: {run: ExportRun; caller: CallerIdentity | undefined}) {
	const d = run.description!;
	const reread = run.reread?.status === 'done' ? run.reread.results : undefined;
	const explained = explainFailedExport(d, caller, run.plan, reread);
	return (
		<Box flexDirection="column">
			<Row label="Failure" full>
				{failureText(d)}
			</Row>
			<Text bold>{explained.headline}</Text>
			{run.reread?.status === 'reading' ? <SpinnerLine>Reading the policies that apply again, to name the one that refused…</SpinnerLine> : null}
			{run.reread?.status === 'failed' ? <Text dimColor>The policies could not be read again ({run.reread.problem.title}); what follows is only possible.</Text> : null}
			{run.reread?.status === 'reading'
				? null
				: explained.details.map((line, i) => (
						<Text key={i}>  {line}</Text>
					))}
			{run.reread?.status !== 'reading' && explained.likelyChecks.length > 0 ? (
				<Text dimColor>The checks that look at this: {explained.likelyChecks.map((id) => CHECK_TITLES[id]).join(', ')}.</Text>
			) : null}
		</Box>
	);
}
