// The batch figures (issue 17): a 300-table batch on the sandbox at 100 ms per call, measured
// by scripts/bench/batch-worker.ts in its own process (its peak RSS is the tool's alone).

import {figure, round} from './figures.mjs';
import {runWorker} from './workers.mjs';

export const BATCH_TABLES = 300;
/** Exports run this long in the sandbox; the watch window closes after WATCH_MS. */
export const BATCH_EXPORT_MS = 45_000;
const WATCH_MS = 150_000;
const STATUS_TARGET = 15;
const RSS_TARGET_MB = 200;
const ROUND_TRIPS = 10 + Math.ceil(BATCH_TABLES / 50);

export async function measureBatch({worker, sandbox, latencyMs}) {
	const m = await runWorker(worker, 'batch', {sandbox: sandbox.info, watchMs: WATCH_MS}, WATCH_MS + 240_000);
	const checksTarget = ROUND_TRIPS * latencyMs;
	return [
		figure({
			id: 'batch.checks',
			name: `Batch: checks of ${m.tables} tables (${m.checksSharedCalls} shared calls, ${m.checksPerTableCalls} per-table calls; ${m.checksOverall})`,
			value: m.checksMs,
			unit: 'ms',
			reference: checksTarget,
			referenceLabel: `${ROUND_TRIPS} round trips`,
			ratio: m.checksMs / checksTarget,
			target: `≤ 10 round trips + 1 per 50 tables`,
			met: m.checksMs <= checksTarget,
			data: m,
		}),
		figure({
			id: 'batch.to-last-start',
			name: `Batch: confirmation to the last StartExport (${m.starts} calls, ${m.skipped} skipped, 5 a second per account)`,
			value: m.toLastStartMs / 1000,
			unit: 's',
			target: '(for information)',
			met: null,
		}),
		figure({
			id: 'batch.status-rate',
			name: `Batch: status calls in any minute while watching (${m.statusCalls} in ${round(m.watchMs / 1000, 0)} s, ${round(m.statusPerMinute)} a minute; ${m.finishedAtStop} of ${m.starts} seen finished)`,
			value: m.statusMaxPerMinute,
			unit: '/min',
			ratio: m.statusMaxPerMinute / STATUS_TARGET,
			target: `≤ ${STATUS_TARGET} a minute`,
			met: m.statusMaxPerMinute <= STATUS_TARGET,
		}),
		figure({
			id: 'batch.rss',
			name: `Batch: peak RSS of the process running the ${m.tables}-table batch`,
			value: m.peakRssMb,
			unit: 'MB',
			ratio: m.peakRssMb / RSS_TARGET_MB,
			target: `≤ ${RSS_TARGET_MB} MB`,
			met: m.peakRssMb <= RSS_TARGET_MB,
		}),
	];
}
