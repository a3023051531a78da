// Starting a batch's exports safely at scale. Per account and Region: at most the
// concurrent-export limit in flight (AWS: about 300; lowered to what was running when AWS
// answers LimitExceededException), StartExport paced by a token bucket, a few calls at once.
// Throttling backs the whole place off (exponential, with jitter); LimitExceeded waits for one
// of the batch's exports there to finish (or, when none runs, for a while) and tries again.
// Each table is sent with its own ClientToken every time, so a retry after a lost answer
// returns the export that call started: no table is ever started twice.

import {toExportRequest} from '../plan.js';
import {AwsCallError, isAbortError, type AwsSession, type ExportDescription} from '../ports.js';
import {backoffMs, type BatchClock, realClock, throwIfAborted} from './batch-clock.js';
import {type BatchTracker, placeOf} from './batch-tracker.js';
import {TokenBucket} from './token-bucket.js';
import type {BatchItem, BatchItemState} from './types.js';

/** AWS's documented limit of export tasks in flight per account (AWS-FACTS). */
export const AWS_CONCURRENT_EXPORT_LIMIT = 300;
export const STARTS_PER_SECOND = 5;
/** StartExport calls in flight at once per account and Region (the pace still holds). */
const CALLS_AT_ONCE = 4;
/**
 * How long a limit learned from LimitExceededException holds: exports outside the batch may
 * have held slots and finished since, so after this one more start is tried above it.
 */
export const LEARNED_LIMIT_MS = 5 * 60 * 1000;
/** Same-token retries of a start whose answer was lost or was a server error. */
const UNKNOWN_OUTCOME_RETRIES = 3;

const THROTTLING = /^(ThrottlingException|Throttling|TooManyRequestsException|RequestLimitExceeded|ProvisionedThroughputExceededException|SlowDown)$/;

export interface StartQueueOptions {
	tracker: BatchTracker;
	/** The items to start, in this order. */
	items: BatchItem[];
	sessionOf(item: BatchItem): AwsSession;
	/** Exports in flight per account and Region at most (default 300). */
	concurrencyLimit?: number;
	/** StartExport calls per second per account and Region (default 5, a burst of as many). */
	startsPerSecond?: number;
	clock?: BatchClock;
	/** For the jitter; tests fix it. */
	random?: () => number;
	signal?: AbortSignal;
}

/** The state a StartExport answer puts the table in. */
export function startedState(description: ExportDescription): BatchItemState {
	const {exportArn} = description;
	if (description.status === 'COMPLETED') return {kind: 'completed', exportArn, description};
	if (description.status === 'FAILED') {
		return {kind: 'failed', exportArn, code: description.failureCode ?? 'FAILED', message: description.failureMessage ?? 'The export failed; AWS gave no reason.'};
	}
	return {kind: 'running', exportArn, startTime: description.startTime};
}

function codeOf(error: unknown): string {
	return error instanceof AwsCallError ? error.code : error instanceof Error ? error.name : 'Error';
}

function outcomeUnknown(error: unknown): boolean {
	if (!(error instanceof AwsCallError)) return false;
	return error.code === 'NetworkError' || error.code === 'InternalServerError' || (error.httpStatus !== undefined && error.httpStatus >= 500);
}

export async function runStartQueue(options: StartQueueOptions): Promise<void> {
	const {tracker, signal} = options;
	const clock = options.clock ?? realClock;
	const random = options.random ?? Math.random;
	const configured = options.concurrencyLimit ?? AWS_CONCURRENT_EXPORT_LIMIT;
	const perSecond = options.startsPerSecond ?? STARTS_PER_SECOND;
	const learned = new Map<string, {limit: number; at: number}>();
	const limitOf = (place: string) => {
		const known = learned.get(place);
		return known && clock.now() - known.at < LEARNED_LIMIT_MS ? Math.min(configured, known.limit) : configured;
	};

	const queues = new Map<string, BatchItem[]>();
	for (const item of options.items) {
		const place = placeOf(item);
		queues.set(place, [...(queues.get(place) ?? []), item]);
	}

	/** Until something changes, or until the learned limit of the place lapses. */
	const waitForSlot = async (place: string) => {
		const known = learned.get(place);
		const lapses = known ? known.at + LEARNED_LIMIT_MS - clock.now() : 0;
		if (lapses <= 0) return tracker.nextChange(signal);
		const stop = new AbortController();
		const onAbort = () => stop.abort();
		signal?.addEventListener('abort', onAbort, {once: true});
		try {
			// The wait that loses the race is stopped below; its AbortError is nobody's concern.
			const waits = [tracker.nextChange(stop.signal), clock.sleep(lapses, stop.signal)];
			for (const wait of waits) wait.catch(() => {});
			await Promise.race(waits);
		} finally {
			signal?.removeEventListener('abort', onAbort);
			stop.abort();
		}
		throwIfAborted(signal);
	};

	/** Throttling answers in a row per place: the back-off grows with them, whichever table met them. */
	const throttledInARow = new Map<string, number>();

	const startOne = async (item: BatchItem, place: string, bucket: TokenBucket) => {
		const tableArn = item.plan.tableArn;
		let limited = 0;
		let unknown = 0;
		for (;;) {
			// A free slot, then a token; the slot is checked again after the wait for the token.
			for (;;) {
				while (tracker.inFlight(place) >= limitOf(place)) await waitForSlot(place);
				await bucket.take(signal);
				if (tracker.inFlight(place) < limitOf(place)) break;
			}
			tracker.set(tableArn, {kind: 'starting'});
			let description: ExportDescription;
			try {
				description = await options.sessionOf(item).startExport(toExportRequest(item.plan, item.clientToken), {signal});
			} catch (error) {
				tracker.set(tableArn, {kind: 'queued'});
				if (isAbortError(error) || signal?.aborted) throw error;
				const code = codeOf(error);
				if (code === 'LimitExceededException') {
					// AWS's limit is lower than ours (or other exports hold slots): as many as are
					// known running now (the watcher sees finishes late, so never fewer than AWS counts).
					const running = tracker.running(place);
					if (running > 0) {
						learned.set(place, {limit: Math.min(limitOf(place), running), at: clock.now()});
						continue;
					}
					// Others of this batch are being started: how they end says more.
					if (tracker.inFlight(place) > 0) {
						await tracker.nextChange(signal);
						continue;
					}
					// Nothing of this batch runs there: exports outside it hold the slots.
					await clock.sleep(backoffMs(limited++, 15_000, 120_000, random), signal);
					continue;
				}
				if (THROTTLING.test(code)) {
					const attempt = throttledInARow.get(place) ?? 0;
					throttledInARow.set(place, attempt + 1);
					bucket.pause(backoffMs(attempt, 1_000, 60_000, random));
					continue;
				}
				if (outcomeUnknown(error) && unknown < UNKNOWN_OUTCOME_RETRIES) {
					// The same token again: if the first call did start it, AWS returns that export.
					await clock.sleep(backoffMs(unknown++, 1_000, 20_000, random), signal);
					continue;
				}
				tracker.set(tableArn, {kind: 'failed', code, message: error instanceof Error ? error.message : String(error)});
				return;
			}
			// Outside the try: a failing progress listener is a bug to surface, not a refused start.
			throttledInARow.set(place, 0);
			tracker.set(tableArn, startedState(description));
			return;
		}
	};

	await Promise.all(
		[...queues].map(async ([place, queue]) => {
			const bucket = new TokenBucket(clock, perSecond, perSecond);
			const worker = async () => {
				for (let item = queue.shift(); item; item = queue.shift()) {
					throwIfAborted(signal);
					await startOne(item, place, bucket);
				}
			};
			await Promise.all(Array.from({length: Math.min(CALLS_AT_ONCE, queue.length)}, worker));
		}),
	);
}
