// "Everything since the last export to this destination" (issue 16): from the exports of
// a table and its PITR window, the incremental windows that continue the chain. Pure: the
// exports and the window are read by chain-exports.ts, the windows are started by the faces.
//
// AWS limits one incremental export to 15 minutes – 24 hours, ExportFromTime inclusive and
// ExportToTime exclusive, inside the PITR window. A longer gap becomes consecutive windows of
// 24 hours from the chain's start (window k+1 starts where window k ends: no gap, no overlap),
// the last one shorter. A remainder under 15 minutes is not made into a window (AWS would
// refuse it): the chain ends before it, and the plan says from when it can be exported.

import type {ExportPlan, ExportViewType} from '../plan.js';
import {accountOfTable} from '../plan.js';
import type {ExportDescription} from '../ports.js';
import {chainWindowToken} from './chain-token.js';

export const MIN_WINDOW_MS = 15 * 60_000;
export const MAX_WINDOW_MS = 24 * 60 * 60_000;
/** Used when DescribeContinuousBackups gave no latest restorable time: about five minutes ago. */
const LATEST_LAG_MS = 5 * 60_000;

/** The export a chain continues from: its kind and the instant it reaches. */
export interface ChainStart {
	exportArn: string;
	type: 'FULL_EXPORT' | 'INCREMENTAL_EXPORT';
	/** ExportToTime of an incremental export, ExportTime of a full one: the next window's from. */
	reaches: Date;
}

export interface ChainWindow {
	/** 1-based, in order. */
	index: number;
	/** Inclusive. */
	from: Date;
	/** Exclusive; the next window's from. */
	to: Date;
	clientToken: string;
	/** An export of exactly this window already running (started by an interrupted run): watched, not started. */
	runningArn?: string;
}

export type ChainPlan =
	| {
			kind: 'chain';
			previous: ChainStart;
			windows: ChainWindow[];
			/** A remainder under 15 minutes left for a later run: it can be exported from `exportableAt`. */
			leftover?: {from: Date; to: Date; exportableAt: Date};
	  }
	/** Less than 15 minutes since the previous export reaches: nothing can be exported yet. */
	| {kind: 'nothing-yet'; previous: ChainStart; latest: Date; exportableAt: Date}
	/** The previous export ends before the PITR window starts: the changes between are gone. */
	| {kind: 'beyond-pitr'; previous: ChainStart; earliest: Date}
	/** No COMPLETED export of the table to this destination. */
	| {kind: 'no-previous'}
	| {kind: 'pitr-off'}
	/** Another export to this destination is running and is not the chain's next window. */
	| {kind: 'running'; running: ExportDescription};

export interface ChainInput {
	/** Table, destination, format and encryption of every window (its type and times are ignored). */
	plan: ExportPlan;
	viewType: ExportViewType;
	pitr: {enabled: boolean; earliest?: Date; latest?: Date};
	/** Described exports of the table (any order; other destinations are ignored). */
	exports: ExportDescription[];
	now: Date;
}

const trimSlash = (prefix: string | undefined) => (prefix ?? '').replace(/\/+$/, '');

/** Whether an export wrote to the plan's bucket and prefix, for the same bucket owner. */
export function sameDestination(description: ExportDescription, plan: Pick<ExportPlan, 'tableArn' | 'bucket' | 'prefix' | 'bucketOwner'>): boolean {
	// Without S3BucketOwner the bucket is the table account's own (AWS-FACTS: the export call).
	const own = accountOfTable(plan);
	const owner = (description.s3BucketOwner ?? own) === (plan.bucketOwner ?? own);
	// "exports/orders" and "exports/orders/" write to the same exports/orders/AWSDynamoDB/.
	return description.s3Bucket === plan.bucket && trimSlash(description.s3Prefix) === trimSlash(plan.prefix) && owner;
}

/** The instant an export reaches: ExportToTime (incremental) or ExportTime (full); undefined when not said. */
export function reachOf(description: ExportDescription): Date | undefined {
	if (description.exportType === 'INCREMENTAL_EXPORT') return description.incremental?.to;
	return description.exportTime;
}

function startOf(description: ExportDescription, reaches: Date): ChainStart {
	return {exportArn: description.exportArn, type: description.exportType === 'INCREMENTAL_EXPORT' ? 'INCREMENTAL_EXPORT' : 'FULL_EXPORT', reaches};
}

/** The COMPLETED export of this destination that reaches furthest (a late backfill of an old window does not pull the chain back). */
export function lastCompleted(exports: ExportDescription[], plan: ExportPlan): ChainStart | undefined {
	let best: {start: ChainStart; started: number} | undefined;
	for (const d of exports) {
		if (d.status !== 'COMPLETED' || !sameDestination(d, plan)) continue;
		const reaches = reachOf(d);
		if (!reaches) continue;
		const started = d.startTime?.getTime() ?? 0;
		if (!best || reaches.getTime() > best.start.reaches.getTime() || (reaches.getTime() === best.start.reaches.getTime() && started > best.started)) {
			best = {start: startOf(d, reaches), started};
		}
	}
	return best?.start;
}

/** Rounds up to the next whole minute (an "earliest at HH:MM" must not be a minute early). */
function ceilMinute(ms: number): Date {
	return new Date(Math.ceil(ms / 60_000) * 60_000);
}

export function planChain(input: ChainInput): ChainPlan {
	const {plan, pitr, exports, now, viewType} = input;
	if (!pitr.enabled) return {kind: 'pitr-off'};
	const previous = lastCompleted(exports, plan);
	if (!previous) {
		const running = exports.find((d) => d.status === 'IN_PROGRESS' && sameDestination(d, plan));
		return running ? {kind: 'running', running} : {kind: 'no-previous'};
	}
	// Whole seconds: AWS takes epoch seconds, and the windows read as people expect.
	const latest = new Date(Math.floor((pitr.latest?.getTime() ?? now.getTime() - LATEST_LAG_MS) / 1000) * 1000);
	const lag = Math.max(0, now.getTime() - latest.getTime());
	if (pitr.earliest && previous.reaches.getTime() < pitr.earliest.getTime()) return {kind: 'beyond-pitr', previous, earliest: pitr.earliest};

	const running = exports.filter((d) => d.status === 'IN_PROGRESS' && sameDestination(d, plan));
	const failed = exports.filter((d) => d.status === 'FAILED' && sameDestination(d, plan) && d.exportType === 'INCREMENTAL_EXPORT');
	const windows: ChainWindow[] = [];
	let cursor = previous.reaches.getTime();
	const end = latest.getTime();
	const push = (to: number) => {
		const from = new Date(cursor);
		const until = new Date(to);
		// A window that already failed gets a new token (AWS would answer the old one with that failed export).
		const attempt = failed.filter((d) => d.incremental?.from?.getTime() === cursor && d.incremental?.to?.getTime() === to).length;
		windows.push({index: windows.length + 1, from, to: until, clientToken: chainWindowToken(plan, viewType, from, until, attempt)});
		cursor = to;
	};
	// An export already running from the chain's end (an interrupted run started it) is its next window, whatever its length.
	for (;;) {
		const next = running.find((d) => d.exportType === 'INCREMENTAL_EXPORT' && d.incremental?.from?.getTime() === cursor && d.incremental.to);
		if (!next) break;
		const to = next.incremental!.to!.getTime();
		push(to);
		windows[windows.length - 1]!.runningArn = next.exportArn;
		if (next.clientToken) windows[windows.length - 1]!.clientToken = next.clientToken;
	}
	const adopted = new Set(windows.map((w) => w.runningArn));
	const other = running.find((d) => !adopted.has(d.exportArn));
	if (other) return {kind: 'running', running: other};

	if (windows.length === 0 && end - cursor < MIN_WINDOW_MS) {
		return {kind: 'nothing-yet', previous, latest, exportableAt: ceilMinute(cursor + MIN_WINDOW_MS + lag)};
	}
	while (end - cursor >= MAX_WINDOW_MS) push(cursor + MAX_WINDOW_MS);
	if (end - cursor >= MIN_WINDOW_MS) push(end);
	const chain: ChainPlan = {kind: 'chain', previous, windows};
	if (end > cursor) chain.leftover = {from: new Date(cursor), to: latest, exportableAt: ceilMinute(cursor + MIN_WINDOW_MS + lag)};
	return chain;
}

/** The export plan of one window: the chain's plan with that window's times. */
export function windowPlan(plan: ExportPlan, window: Pick<ChainWindow, 'from' | 'to'>, viewType: ExportViewType): ExportPlan {
	const {exportTime: _full, ...rest} = plan;
	return {...rest, type: 'INCREMENTAL_EXPORT', incremental: {from: window.from, to: window.to, viewType}};
}
