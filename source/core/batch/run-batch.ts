// One batch from confirmation to its end: look for exports this batch token already started
// (a re-run adopts them: a running one is watched, a finished one is not started again),
// start the rest through the start queue, and watch them all, until every table is finished.

import {isAbortError, type AwsSession} from '../ports.js';
import type {BatchClock} from './batch-clock.js';
import {BatchTracker, placeOf} from './batch-tracker.js';
import {type BatchPlace, findBatchExports} from './find-batch-exports.js';
import {runStartQueue, startedState} from './start-queue.js';
import type {BatchItem, BatchPlan, BatchProgress, BatchSource} from './types.js';
import {watchExports} from './watch-batch.js';

export interface RunBatchOptions {
	plan: BatchPlan;
	items: BatchItem[];
	/** The session of a source's profile and Region (asked once per source). */
	sessionFor(source: BatchSource): AwsSession;
	/** Tables not to start, by table ARN, with the reason shown (their check failed…). */
	skip: Map<string, string>;
	/** Exports in flight per account and Region at most (default 300, AWS's limit). */
	concurrencyLimit?: number;
	/**
	 * StartExport calls a second per account and Region (default 5); the look-up of a re-run's
	 * exports (DescribeExport of each recent one) keeps the same pace.
	 */
	startsPerSecond?: number;
	/** ListExports pages and DescribeExport calls a minute while watching (default 15). */
	statusCallsPerMinute?: number;
	/** See watchBatch: describe each completed export for its items and size (default true). */
	describeCompleted?: boolean;
	/** Look for this batch token's exports before starting (default true; a new token has none). */
	adopt?: boolean;
	clock?: BatchClock;
	random?: () => number;
	signal?: AbortSignal;
	onProgress?(progress: BatchProgress): void;
}

/** Item → its source's session, one session per source. */
export function sessionsByItem(plan: BatchPlan, sessionFor: (source: BatchSource) => AwsSession): (item: BatchItem) => AwsSession {
	const sourceOf = new Map<string, BatchSource>();
	for (const source of plan.sources) for (const tableArn of source.tableArns) if (!sourceOf.has(tableArn)) sourceOf.set(tableArn, source);
	const sessions = new Map<BatchSource, AwsSession>();
	return (item) => {
		const source = sourceOf.get(item.plan.tableArn);
		if (!source) throw new Error(`No source of the batch holds ${item.plan.tableArn}`);
		let session = sessions.get(source);
		if (!session) sessions.set(source, (session = sessionFor(source)));
		return session;
	};
}

/**
 * Runs the batch; resolves with the final progress when every table is completed, failed or
 * skipped. Rejects with an AbortError when the signal fires (the exports go on in AWS: watch
 * them again with watchBatch, or run the same batch token again, which starts nothing twice).
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchProgress> {
	const {items} = options;
	// The commands check their flags; a value that would stall the queue here is a bug.
	for (const [name, value] of [['concurrencyLimit', options.concurrencyLimit], ['startsPerSecond', options.startsPerSecond], ['statusCallsPerMinute', options.statusCallsPerMinute]] as const) {
		if (value !== undefined && !(value > 0)) throw new RangeError(`runBatch: ${name} must be above 0 (got ${value}).`);
	}
	if (options.concurrencyLimit !== undefined && !Number.isInteger(options.concurrencyLimit)) throw new RangeError(`runBatch: concurrencyLimit must be a whole number (got ${options.concurrencyLimit}).`);
	const tracker = new BatchTracker(items, options.onProgress);
	const sessionOf = sessionsByItem(options.plan, options.sessionFor);
	const stop = new AbortController();
	const onAbort = () => stop.abort();
	options.signal?.addEventListener('abort', onAbort, {once: true});
	if (options.signal?.aborted) stop.abort();
	const signal = stop.signal;
	try {
		for (const [tableArn, reason] of options.skip) if (tracker.byTable.has(tableArn)) tracker.states.set(tableArn, {kind: 'skipped', reason});
		tracker.changed();

		if (options.adopt !== false) await adoptEarlier(tracker, sessionOf, options, signal);

		const toStart = items.filter((item) => tracker.states.get(item.plan.tableArn)?.kind === 'queued');
		let queueDone = false;
		const queue = runStartQueue({
			tracker,
			items: toStart,
			sessionOf,
			concurrencyLimit: options.concurrencyLimit,
			startsPerSecond: options.startsPerSecond,
			clock: options.clock,
			random: options.random,
			signal,
		}).finally(() => {
			queueDone = true;
			tracker.changed();
		});
		const watch = watchExports({
			tracker,
			sessionOf,
			statusCallsPerMinute: options.statusCallsPerMinute,
			describeCompleted: options.describeCompleted,
			clock: options.clock,
			signal,
			moreToCome: () => !queueDone,
		});
		// Either failing stops the other: nothing keeps running after runBatch settles.
		await Promise.all([queue, watch].map((part) => part.catch((error: unknown) => {
			stop.abort();
			throw error;
		})));
		return tracker.progress();
	} finally {
		options.signal?.removeEventListener('abort', onAbort);
		stop.abort();
	}
}

async function adoptEarlier(tracker: BatchTracker, sessionOf: (item: BatchItem) => AwsSession, options: RunBatchOptions, signal: AbortSignal): Promise<void> {
	const places = new Map<string, BatchPlace>();
	for (const item of tracker.items) {
		const place = placeOf(item);
		if (!places.has(place)) places.set(place, {session: sessionOf(item), account: item.account, region: item.plan.region});
	}
	try {
		const {found} = await findBatchExports({
			places: [...places.values()],
			tokenFor: (tableArn) => tracker.byTable.get(tableArn)?.clientToken,
			clock: options.clock,
			describesPerSecond: options.startsPerSecond,
			signal,
		});
		for (const [tableArn, description] of found) tracker.states.set(tableArn, startedState(description));
		if (found.size > 0) tracker.changed();
	} catch (error) {
		if (isAbortError(error) || signal.aborted) throw error;
		// Not fatal: each table's StartExport carries its token, so AWS returns what this batch started.
		tracker.watchProblem = `Could not look for this batch's earlier exports (${error instanceof Error ? error.message : String(error)}); starting with the same tokens returns them instead of starting new ones.`;
		tracker.changed();
	}
}
