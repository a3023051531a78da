// Where every table of a running batch is: one state per table ARN, shared by the start
// queue and the watcher, with the counts the screens show and a way to wait for the next
// change (an export finished, so a slot is free; an export started, so there is more to watch).

import {abortError, throwIfAborted} from './batch-clock.js';
import type {BatchItem, BatchItemState, BatchProgress} from './types.js';

export type BatchCounts = BatchProgress['counts'];

/** The account and Region an item's export runs in: AWS's limits and ListExports are per place. */
export function placeOf(item: BatchItem): string {
	return `${item.account}/${item.plan.region}`;
}

export class BatchTracker {
	readonly states = new Map<string, BatchItemState>();
	readonly byTable = new Map<string, BatchItem>();
	statusCalls = 0;
	watchProblem?: string;
	private waiters: Array<() => void> = [];

	constructor(
		readonly items: BatchItem[],
		private readonly onProgress?: (progress: BatchProgress) => void,
	) {
		for (const item of items) {
			this.byTable.set(item.plan.tableArn, item);
			this.states.set(item.plan.tableArn, {kind: 'queued'});
		}
	}

	set(tableArn: string, state: BatchItemState): void {
		this.states.set(tableArn, state);
		this.changed();
	}

	/** Tells whoever waits (and the screens) that something changed. */
	changed(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const wake of waiters) wake();
		this.onProgress?.(this.progress());
	}

	/** Resolves at the next change; rejects with AbortError when the signal fires first. */
	nextChange(signal?: AbortSignal): Promise<void> {
		throwIfAborted(signal);
		return new Promise((resolve, reject) => {
			const stop = () => reject(abortError());
			signal?.addEventListener('abort', stop, {once: true});
			this.waiters.push(() => {
				signal?.removeEventListener('abort', stop);
				resolve();
			});
		});
	}

	/** Exports started and not finished (or being started) in one account and Region. */
	inFlight(place: string): number {
		return this.countIn(place, (kind) => kind === 'running' || kind === 'starting');
	}

	/** Exports AWS answered as started and not yet seen finished, in one account and Region. */
	running(place: string): number {
		return this.countIn(place, (kind) => kind === 'running');
	}

	private countIn(place: string, counts: (kind: BatchItemState['kind']) => boolean): number {
		let count = 0;
		for (const item of this.items) {
			const kind = this.states.get(item.plan.tableArn)?.kind;
			if (kind && counts(kind) && placeOf(item) === place) count++;
		}
		return count;
	}

	counts(): BatchCounts {
		const counts: BatchCounts = {queued: 0, starting: 0, running: 0, completed: 0, failed: 0, skipped: 0};
		for (const state of this.states.values()) counts[state.kind]++;
		return counts;
	}

	/** A snapshot: later changes do not alter it. */
	progress(): BatchProgress {
		const progress: BatchProgress = {items: this.items, states: new Map(this.states), counts: this.counts(), statusCalls: this.statusCalls};
		if (this.watchProblem) progress.watchProblem = this.watchProblem;
		return progress;
	}
}
