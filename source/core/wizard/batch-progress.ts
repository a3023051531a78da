// A batch's progress in words, the same for the Ink screen and line mode.

import type {BatchPlan, BatchProgress} from '../batch/types.js';
import {batchWatchCommand} from '../render-batch-command.js';

/** The tables that have ended (completed, failed, skipped) of all. */
export function finishedCount(progress: BatchProgress): number {
	const {completed, failed, skipped} = progress.counts;
	return completed + failed + skipped;
}

export function batchEnded(progress: BatchProgress): boolean {
	const {queued, starting, running} = progress.counts;
	return queued + starting + running === 0;
}

/** "12 of 50 done · 5 running · 30 queued · 2 failed · 1 skipped" (zero counts left out, but done). */
export function countsText(progress: BatchProgress): string {
	const {counts} = progress;
	const parts = [`${counts.completed} of ${progress.items.length} completed`];
	if (counts.running) parts.push(`${counts.running} running`);
	if (counts.starting) parts.push(`${counts.starting} starting`);
	if (counts.queued) parts.push(`${counts.queued} queued`);
	if (counts.failed) parts.push(`${counts.failed} failed`);
	if (counts.skipped) parts.push(`${counts.skipped} skipped`);
	return parts.join(' · ');
}

/** The batch in one line, above its checks and its watch: 50 tables → s3://bucket/{table}/ · AES256 */
export function batchPlanLine(plan: BatchPlan): string {
	const tables = plan.sources.reduce((n, s) => n + s.tableArns.length, 0);
	const {destination} = plan;
	const owner = destination.bucketOwner ? ` owned by ${destination.bucketOwner}` : '';
	return `${tables} tables → s3://${destination.bucket}/${destination.prefixTemplate}${owner} · ${destination.sse === 'KMS' ? `KMS ${destination.kmsKeyId ?? 'aws/s3'}` : 'AES256'}`;
}

/** What Ctrl-C left running, and (last) the command that watches the batch again. */
export function detachedText(plan: BatchPlan, progress: BatchProgress | undefined): {said: string; command: string} {
	const running = progress ? progress.counts.running + progress.counts.starting : 0;
	const queued = progress?.counts.queued ?? 0;
	const left = queued
		? `; ${queued} queued table${queued === 1 ? ' was' : 's were'} not started (the same batch run again starts them, and only them)`
		: '';
	const starting = progress?.counts.starting ?? 0;
	// A start in flight when Ctrl-C came may or may not have reached AWS.
	const going = starting ? `Up to ${running}` : `${running}`;
	return {said: `Stopped watching: ${going} export${running === 1 ? '' : 's'} keep${running === 1 && !starting ? 's' : ''} running on AWS${left}. Watch again with:`, command: batchWatchCommand(plan)};
}
