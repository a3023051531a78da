import React from 'react';
import {Box, Text} from 'ink';
import {SelectList} from './widgets/select-list.js';
import {ProblemView} from './problem-view.js';
import {SpinnerLine} from './spinner-line.js';
import {symbols} from './theme.js';
import {useNow} from './use-now.js';
import {describeExportCommand} from '../core/render-aws-command.js';
import {explainExportFailure} from '../core/diagnosis/explain-export-failure.js';
import {CHECK_TITLES} from '../core/checks/check-titles.js';
import {finishedChoices} from '../core/wizard/field-options.js';
import {formatBytes, formatCount, formatElapsed} from '../core/wizard/summary.js';
import type {ExportRun, WizardState} from '../core/wizard/state.js';

/** A labelled line; `full` wraps instead of truncating, for ARNs and s3:// paths people copy. */
function Row({label, children, full}: {label: string; children: React.ReactNode; full?: boolean}) {
	return (
		<Text wrap={full ? 'wrap' : 'truncate-middle'}>
			<Text dimColor>{label.padEnd(12)}</Text>
			{children}
		</Text>
	);
}

/** Where the export's files are: s3://bucket/prefix/AWSDynamoDB/<id>/ */
function exportLocation(run: ExportRun): string | undefined {
	const d = run.description;
	if (!d?.exportManifest) return undefined;
	const key = d.exportManifest.replace(/manifest-summary\.json$/, '');
	return `s3://${d.s3Bucket ?? run.plan.bucket}/${key}`;
}

function elapsedOf(run: ExportRun, now: number): number {
	const d = run.description;
	const start = d?.startTime?.getTime() ?? run.startedAt;
	const end = d?.endTime?.getTime() ?? (run.status === 'watching' || run.status === 'starting' ? now : run.lastPollAt ?? now);
	return end - start;
}

function resumeCommand(run: ExportRun): string | undefined {
	const arn = run.description?.exportArn;
	if (!arn) return undefined;
	const profile = run.plan.profile ? ` --profile ${run.plan.profile}` : '';
	return `ddb-export watch ${arn}${profile} --region ${run.plan.region}`;
}

export function ExportView({state, onFinished}: {state: WizardState; onFinished: (choice: 'recheck' | 'quit') => void}) {
	const run = state.phase.kind === 'export' ? state.phase.run : undefined;
	const live = run?.status === 'starting' || run?.status === 'watching';
	const now = useNow(1000, live);
	if (!run) return null;
	const d = run.description;
	const elapsed = formatElapsed(elapsedOf(run, now));
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
			{run.status === 'failed' ? <Failed run={run} /> : null}
			{run.status === 'start-failed' && run.problem ? <ProblemView problem={run.problem} /> : null}
			{run.status === 'detached' || (live && d) ? (
				<Box flexDirection="column">
					{resumeCommand(run) ? (
						<Text>
							Watch it again: <Text color="cyan">{resumeCommand(run)}</Text>
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
	const location = exportLocation(run);
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
			{run.description?.exportManifest ? <Row label="Manifest" full>{`s3://${run.description.s3Bucket ?? run.plan.bucket}/${run.description.exportManifest}`}</Row> : null}
			{run.manifestSummary ? <Text dimColor>manifest-summary.json read: {files === undefined ? 'present' : `${formatCount(files)} items listed`}</Text> : null}
			{run.manifestProblem ? <Text dimColor>Could not read manifest-summary.json: {run.manifestProblem}</Text> : null}
		</Box>
	);
}

function Failed({run}: {run: ExportRun}) {
	const d = run.description!;
	const explained = explainExportFailure(
		{failureCode: d.failureCode, failureMessage: d.failureMessage, s3Bucket: d.s3Bucket ?? run.plan.bucket, s3BucketOwner: d.s3BucketOwner ?? run.plan.bucketOwner, s3Prefix: d.s3Prefix ?? run.plan.prefix, s3SseAlgorithm: d.s3SseAlgorithm, s3SseKmsKeyId: d.s3SseKmsKeyId},
		{},
	);
	return (
		<Box flexDirection="column">
			<Row label="Failure">{`${d.failureCode ?? ''}${d.failureCode && d.failureMessage ? ': ' : ''}${d.failureMessage ?? ''}`}</Row>
			<Text bold>{explained.headline}</Text>
			{explained.details.map((line, i) => (
				<Text key={i}>  {line}</Text>
			))}
			{explained.likelyChecks.length > 0 ? (
				<Text dimColor>The checks that look at this: {explained.likelyChecks.map((id) => CHECK_TITLES[id]).join(', ')}.</Text>
			) : null}
		</Box>
	);
}
