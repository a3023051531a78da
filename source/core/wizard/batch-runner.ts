// The batch's I/O for the wizard's controller: its checks, PITR turned on for every table
// that has it off (after the yes), and the run itself, each feeding the reducer events.
// Loaded with import() when a batch reaches its checks, like the single export's checks.

import {rerunBatchTables, runBatchChecks, skipReasons} from '../batch/batch-checks.js';
import {enablePitrForAll, pitrFixFor} from '../batch/batch-pitr.js';
import {runBatch} from '../batch/run-batch.js';
import type {BatchCheckReport, BatchItem, BatchPlan, BatchSource} from '../batch/types.js';
import type {AwsSession} from '../ports.js';
import type {Problem, WizardEvent} from './state.js';

export interface BatchIo {
	sessionFor(source: BatchSource): AwsSession;
	dispatch(event: WizardEvent): void;
	signal: AbortSignal;
	probe: boolean;
	now: () => Date;
	problemOf(error: unknown): Problem;
	isAbort(error: unknown): boolean;
	/** Exports in flight per account at most (--concurrency); AWS's limit when absent. */
	concurrency?: number;
}

function stopped(io: BatchIo, error: unknown): boolean {
	return io.signal.aborted || io.isAbort(error);
}

export async function checkBatch(io: BatchIo, plan: BatchPlan, items: BatchItem[]): Promise<void> {
	const ctx = {plan, items, sessionFor: io.sessionFor, probe: io.probe, signal: io.signal, now: io.now};
	try {
		const report = await runBatchChecks(ctx, (update) => io.dispatch({type: 'batch-checks-update', report: update}));
		if (!io.signal.aborted) io.dispatch({type: 'batch-checks-done', report});
	} catch (error) {
		if (!stopped(io, error)) io.dispatch({type: 'batch-checks-failed', problem: io.problemOf(error)});
	}
}

/** Changes AWS (after the yes): PITR on for the report's pitrOff tables, then their checks again. */
export async function enablePitr(io: BatchIo, plan: BatchPlan, items: BatchItem[], report: BatchCheckReport): Promise<void> {
	const fix = pitrFixFor(report, plan, items);
	if (!fix) return io.dispatch({type: 'batch-pitr-done'});
	try {
		const outcomes = await enablePitrForAll(fix, {sessionFor: io.sessionFor, signal: io.signal});
		const turnedOn = [...outcomes].filter(([, o]) => o.ok).map(([arn]) => arn);
		const refused = [...outcomes].filter(([, o]) => !o.ok);
		// The sessions cached the PITR answers: the checks must read them again.
		for (const source of plan.sources) io.sessionFor(source).forgetReads();
		const ctx = {plan, items, sessionFor: io.sessionFor, probe: io.probe, signal: io.signal, now: io.now};
		const next = await rerunBatchTables(ctx, report, turnedOn, (update) => io.dispatch({type: 'batch-checks-update', report: update}));
		if (io.signal.aborted) return;
		io.dispatch({type: 'batch-checks-done', report: next});
		if (refused.length > 0) {
			const [arn, outcome] = refused[0]!;
			const first = outcome.ok ? undefined : io.problemOf(outcome.error);
			const name = arn.split('/').pop();
			io.dispatch({
				type: 'batch-pitr-done',
				problem: {title: `PITR could not be turned on for ${refused.length} table${refused.length === 1 ? '' : 's'} (${name}${refused.length > 1 ? ' and others' : ''}).`, cause: first?.title, fix: first?.fix, command: first?.command},
			});
		} else io.dispatch({type: 'batch-pitr-done'});
	} catch (error) {
		if (!stopped(io, error)) io.dispatch({type: 'batch-pitr-done', problem: io.problemOf(error)});
	}
}

export async function startBatch(io: BatchIo, plan: BatchPlan, items: BatchItem[], report: BatchCheckReport): Promise<void> {
	try {
		const progress = await runBatch({
			plan,
			items,
			sessionFor: io.sessionFor,
			skip: skipReasons(report, plan),
			concurrencyLimit: io.concurrency,
			signal: io.signal,
			onProgress: (update) => io.dispatch({type: 'batch-progress', progress: update}),
		});
		if (!io.signal.aborted) io.dispatch({type: 'batch-progress', progress});
	} catch (error) {
		if (!stopped(io, error)) io.dispatch({type: 'batch-run-failed', problem: io.problemOf(error)});
	}
}
