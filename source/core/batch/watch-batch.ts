// Watching many exports within a call budget. Statuses come from ListExports pages of each
// account and Region (no TableArn filter, 25 a page), exports matched to the batch's tables by
// their ARN; DescribeExport is called once per export, when it reached COMPLETED or FAILED
// (for its items, size or failure), failures first. Every status call takes a token from one
// bucket whose rate is the budget (15 a minute by default), so 300 exports cost what 3 do;
// small batches see each export more often because one page covers them all. Where a cycle
// through an account's pages takes more calls than the batch's exports fill and than it has
// running (many other exports listed before ours), those few are described one by one instead.

import {isAbortError, type AwsSession, type ExportDescription} from '../ports.js';
import {type BatchClock, realClock, throwIfAborted} from './batch-clock.js';
import {BatchTracker, placeOf} from './batch-tracker.js';
import {TokenBucket} from './token-bucket.js';
import type {BatchItem, BatchItemState, BatchProgress} from './types.js';

/** The default budget of status calls (ListExports pages and DescribeExport). */
export const STATUS_CALLS_PER_MINUTE = 15;
/** Cycles through an account's pages without seeing an export before it is described directly. */
const UNSEEN_CYCLES = 2;
const LIST_FAILURES = 2;
/** DescribeExport failures of one finished export before its details are given up. */
const DESCRIBE_ATTEMPTS = 3;

export interface ExportWatcherOptions {
	tracker: BatchTracker;
	sessionOf(item: BatchItem): AwsSession;
	statusCallsPerMinute?: number;
	clock?: BatchClock;
	signal?: AbortSignal;
	/** While it says true, the watcher waits for more exports when none runs (the queue still starts some). */
	moreToCome?: () => boolean;
	/**
	 * Describe each COMPLETED export once for its items and size (default true). With false a
	 * completed table keeps the summary ListExports gave, and watching ends as soon as every
	 * export finished: within the budget, describing 300 exports that finished together takes
	 * 20 minutes. FAILED exports are always described (their reason is the point).
	 */
	describeCompleted?: boolean;
}

interface PlaceWatch {
	token?: string;
	seen: Set<string>;
	listFailures: number;
	/** Pages of the cycle under way, and of the last whole cycle through this place's exports. */
	pages: number;
	cyclePages?: number;
	/** Round robin over the running exports when each is described instead. */
	next: number;
}

function finishedState(description: ExportDescription, exportArn: string): BatchItemState | undefined {
	if (description.status === 'COMPLETED') return {kind: 'completed', exportArn, description};
	if (description.status === 'FAILED') {
		return {kind: 'failed', exportArn, code: description.failureCode ?? 'FAILED', message: description.failureMessage ?? 'The export failed; AWS gave no reason.'};
	}
	return undefined;
}

function problemOf(error: unknown, what: string): string {
	return `${what}: ${error instanceof Error ? error.message : String(error)}`;
}

/** Watches the tracker's running exports until none runs and none is to come; updates the tracker. */
export async function watchExports(options: ExportWatcherOptions): Promise<void> {
	const {tracker, signal} = options;
	const clock = options.clock ?? realClock;
	const budget = new TokenBucket(clock, (options.statusCallsPerMinute ?? STATUS_CALLS_PER_MINUTE) / 60, 1);
	const places = new Map<string, PlaceWatch>();
	const unseen = new Map<string, number>();
	const describeFailures = new Map<string, number>();
	/** Table ARNs whose export is to be described: finished ones, and ones no page showed. */
	const toDescribe = new Set<string>();
	let lastWasList = false;
	let turn = 0;

	const running = (): Array<{item: BatchItem; exportArn: string}> => {
		const out: Array<{item: BatchItem; exportArn: string}> = [];
		for (const item of tracker.items) {
			const state = tracker.states.get(item.plan.tableArn);
			if (state?.kind === 'running') out.push({item, exportArn: state.exportArn});
		}
		return out;
	};
	/** Exports of this batch in one place, running or finished: what its own pages hold. */
	const exportsOfBatch = (place: string): number =>
		tracker.items.filter((item) => {
			const state = tracker.states.get(item.plan.tableArn);
			return placeOf(item) === place && state !== undefined && 'exportArn' in state && state.exportArn !== undefined;
		}).length;
	const call = async <T>(work: () => Promise<T>, what: string): Promise<T | undefined> => {
		tracker.statusCalls++;
		try {
			const result = await work();
			tracker.watchProblem = undefined;
			return result;
		} catch (error) {
			if (isAbortError(error) || signal?.aborted) throw error;
			tracker.watchProblem = problemOf(error, what);
			tracker.changed();
			return undefined;
		}
	};

	const describe = async (tableArn: string) => {
		toDescribe.delete(tableArn);
		const item = tracker.byTable.get(tableArn);
		const state = tracker.states.get(tableArn);
		const exportArn = state && 'exportArn' in state ? state.exportArn : undefined;
		if (!item || !state || !exportArn) return;
		const description = await call(() => options.sessionOf(item).describeExport(exportArn, {signal}), 'DescribeExport');
		if (!description) {
			const failures = (describeFailures.get(tableArn) ?? 0) + 1;
			describeFailures.set(tableArn, failures);
			// A running export is found again by the next pages; a finished one keeps what the
			// page said once DescribeExport failed a few times (refused, say), so the batch ends.
			if (state.kind === 'running') return;
			if (failures < DESCRIBE_ATTEMPTS) toDescribe.add(tableArn);
			else if (state.kind === 'failed') tracker.set(tableArn, {...state, message: `The export failed; why could not be read (${tracker.watchProblem ?? 'DescribeExport failed'}).`});
			return;
		}
		unseen.delete(exportArn);
		const now = tracker.states.get(tableArn);
		const finished = finishedState(description, exportArn);
		if (finished) tracker.set(tableArn, finished);
		else if (now?.kind === 'running') tracker.set(tableArn, {...now, startTime: description.startTime ?? now.startTime});
	};

	const listPage = async (place: string, exports: Array<{item: BatchItem; exportArn: string}>) => {
		let watch = places.get(place);
		if (!watch) places.set(place, (watch = {seen: new Set(), listFailures: 0, pages: 0, next: 0}));
		const page = await call(() => options.sessionOf(exports[0]!.item).listExportsPage(undefined, 25, watch.token, {signal}), 'ListExports');
		if (!page) {
			watch.token = undefined;
			// ListExports refused or failing: each export is described instead (same budget).
			if (++watch.listFailures >= LIST_FAILURES) for (const {item} of exports) toDescribe.add(item.plan.tableArn);
			return;
		}
		watch.listFailures = 0;
		watch.pages++;
		const byArn = new Map(exports.map((e) => [e.exportArn, e.item]));
		for (const summary of page.summaries) {
			const item = byArn.get(summary.exportArn);
			if (!item) continue;
			watch.seen.add(summary.exportArn);
			unseen.delete(summary.exportArn);
			const tableArn = item.plan.tableArn;
			if (summary.status === 'COMPLETED') {
				tracker.set(tableArn, {kind: 'completed', exportArn: summary.exportArn, description: {exportArn: summary.exportArn, status: 'COMPLETED', tableArn, exportType: summary.exportType}});
				if (options.describeCompleted !== false) toDescribe.add(tableArn);
			} else if (summary.status === 'FAILED') {
				tracker.set(tableArn, {kind: 'failed', exportArn: summary.exportArn, code: 'FAILED', message: 'The export failed; reading why (DescribeExport).'});
				toDescribe.add(tableArn);
			}
		}
		const missing = exports.filter((e) => !watch.seen.has(e.exportArn) && tracker.states.get(e.item.plan.tableArn)?.kind === 'running');
		if (page.nextToken && missing.length > 0) {
			watch.token = page.nextToken;
			return;
		}
		// The end of a cycle through this place's pages: an export no page showed twice is described.
		watch.token = undefined;
		watch.seen.clear();
		watch.cyclePages = watch.pages;
		watch.pages = 0;
		for (const {item, exportArn} of missing) {
			const cycles = (unseen.get(exportArn) ?? 0) + 1;
			unseen.set(exportArn, cycles);
			if (cycles >= UNSEEN_CYCLES) toDescribe.add(item.plan.tableArn);
		}
	};

	for (;;) {
		throwIfAborted(signal);
		if (running().length === 0 && toDescribe.size === 0) {
			if (!options.moreToCome?.()) return;
			await tracker.nextChange(signal);
			continue;
		}
		await budget.take(signal);
		const now = running();
		const byPlace = new Map<string, Array<{item: BatchItem; exportArn: string}>>();
		for (const entry of now) {
			const place = placeOf(entry.item);
			byPlace.set(place, [...(byPlace.get(place) ?? []), entry]);
		}
		const failed = [...toDescribe].find((t) => tracker.states.get(t)?.kind === 'failed');
		if (toDescribe.size > 0 && (failed !== undefined || byPlace.size === 0 || lastWasList)) {
			await describe(failed ?? toDescribe.values().next().value!);
			lastWasList = false;
			continue;
		}
		if (byPlace.size === 0) continue;
		const placesNow = [...byPlace.keys()].sort();
		const place = placesNow[turn++ % placesNow.length]!;
		const exports = byPlace.get(place)!;
		const watch = places.get(place);
		// An account whose pages list many exports besides this batch's (older ones first, say)
		// costs more pages a cycle than the batch's own exports fill, and more than it has
		// running: describing those few one by one is cheaper then, and a finished one needs no
		// second call. Paging resumes when more run than a cycle's pages.
		const ownPages = Math.ceil(exportsOfBatch(place) / 25);
		if (watch?.cyclePages !== undefined && watch.token === undefined && watch.cyclePages > ownPages && exports.length < watch.cyclePages) {
			await describe(exports[watch.next++ % exports.length]!.item.plan.tableArn);
		} else {
			await listPage(place, exports);
		}
		lastWasList = true;
	}
}

export interface WatchBatchOptions {
	items: BatchItem[];
	/** What is known: running items (with their export ARN) are watched, finished ones kept as they are. */
	states: Map<string, BatchItemState>;
	sessionOf(item: BatchItem): AwsSession;
	statusCallsPerMinute?: number;
	/** See ExportWatcherOptions.describeCompleted (default true). */
	describeCompleted?: boolean;
	clock?: BatchClock;
	signal?: AbortSignal;
	onProgress?(progress: BatchProgress): void;
}

/** Watches a batch's exports to their end (for re-attaching: `watch --batch-token`). */
export async function watchBatch(options: WatchBatchOptions): Promise<BatchProgress> {
	const tracker = new BatchTracker(options.items, options.onProgress);
	for (const [tableArn, state] of options.states) if (tracker.byTable.has(tableArn)) tracker.states.set(tableArn, state);
	tracker.changed();
	await watchExports({
		tracker,
		sessionOf: options.sessionOf,
		statusCallsPerMinute: options.statusCallsPerMinute,
		describeCompleted: options.describeCompleted,
		clock: options.clock,
		signal: options.signal,
	});
	return tracker.progress();
}
