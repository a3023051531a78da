// The batch figures (issue 17): a 300-table batch of account 111111111111 into lake-exports
// (the many-tables scenario, 300 tables, AWS's limit of 300 exports at once), every answer
// 100 ms late. From "select all" to the checks (shared once, per table for each), then from
// confirmation to the last StartExport, then watching with the default status budget for a
// while. The sandbox runs in another process, so this process's memory is the tool's own.

import {createAwsGateway} from '../../source/aws/gateway.js';
import {runBatchChecks, skipReasons} from '../../source/core/batch/batch-checks.js';
import {batchItems} from '../../source/core/batch/batch-items.js';
import {newBatchToken} from '../../source/core/batch/batch-token.js';
import {DEFAULT_BATCH_PREFIX} from '../../source/core/batch/prefix-template.js';
import {runBatch} from '../../source/core/batch/run-batch.js';
import type {BatchPlan, BatchProgress, BatchSource} from '../../source/core/batch/types.js';
import {isAbortError} from '../../source/core/ports.js';
import {useSandbox} from './checks-worker.js';
import type {SandboxInfo} from './sandbox-runner.js';

export interface BatchMeasure {
	tables: number;
	checksMs: number;
	checksSharedCalls: number;
	checksPerTableCalls: number;
	checksOverall: string;
	skipped: number;
	/** From confirmation (runBatch called) to the answer of the last StartExport. */
	toLastStartMs: number;
	starts: number;
	/** Status calls (ListExports pages, DescribeExport) after the first StartExport. */
	statusCalls: number;
	/** Most status calls sent in any 60 s window, and the average per minute, while watching. */
	statusMaxPerMinute: number;
	statusPerMinute: number;
	watchMs: number;
	/** Exports the watcher knew finished when the watch window closed. */
	finishedAtStop: number;
	counts: BatchProgress['counts'];
	peakRssMb: number;
}

const PER_TABLE = new Set(['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups']);

export async function measureBatch(input: Record<string, unknown>): Promise<BatchMeasure> {
	const info = input['sandbox'] as SandboxInfo;
	const watchMs = Number(input['watchMs'] ?? 150_000);
	useSandbox(info);
	// `at` when the answer came, `sent` when the call went out (what the status budget paces).
	const events: Array<{key: string; at: number; sent: number}> = [];
	const gateway = createAwsGateway({
		endpointUrl: info.endpoint,
		onCall: (e) => {
			const at = performance.now();
			events.push({key: `${e.service}:${e.operation}`, at, sent: at - e.ms});
		},
	});
	const sessions = new Map<string, ReturnType<typeof gateway.session>>();
	const sessionFor = (source: Pick<BatchSource, 'profile' | 'region'>) => {
		const key = `${source.profile}/${source.region}`;
		if (!sessions.has(key)) sessions.set(key, gateway.session({profile: source.profile, region: source.region}));
		return sessions.get(key)!;
	};

	// "Select all": the account's tables.
	const source0 = {profile: info.defaultProfile, region: info.region};
	const {account} = await sessionFor(source0).identity();
	const tables = await sessionFor(source0).listTables();
	const plan: BatchPlan = {
		sources: [{...source0, tableArns: tables.map((t) => `arn:aws:dynamodb:${info.region}:${account}:table/${t}`)}],
		destination: {bucket: info.plan.bucket, bucketOwner: info.plan.bucketOwner, prefixTemplate: DEFAULT_BATCH_PREFIX, sse: 'AES256'},
		format: 'DYNAMODB_JSON',
		type: 'FULL_EXPORT',
		batchToken: newBatchToken(),
		date: new Date().toISOString().slice(0, 10),
		force: false,
	};
	const items = batchItems(plan);

	const checksFrom = events.length;
	const checksStart = performance.now();
	const report = await runBatchChecks({plan, items, sessionFor, probe: true}, () => {});
	const checksMs = performance.now() - checksStart;
	const checkCalls = events.slice(checksFrom);
	const skip = skipReasons(report, plan);

	const stop = new AbortController();
	let last: BatchProgress | undefined;
	const confirmed = performance.now();
	const runFrom = events.length;
	const run = runBatch({plan, items, sessionFor, skip, signal: stop.signal, onProgress: (p) => (last = p)});
	const timer = setTimeout(() => stop.abort(), watchMs);
	try {
		last = await run;
	} catch (error) {
		if (!isAbortError(error)) throw error;
	} finally {
		clearTimeout(timer);
	}
	const stopped = performance.now();
	const ran = events.slice(runFrom);
	const starts = ran.filter((e) => e.key === 'dynamodb:ExportTableToPointInTime');
	const firstStart = starts[0]?.at ?? confirmed;
	const status = ran.filter((e) => (e.key === 'dynamodb:ListExports' || e.key === 'dynamodb:DescribeExport') && e.sent >= firstStart);
	let maxPerMinute = 0;
	for (const call of status) maxPerMinute = Math.max(maxPerMinute, status.filter((c) => c.sent >= call.sent && c.sent < call.sent + 60_000).length);
	const watched = stopped - firstStart;
	const counts = last!.counts;
	return {
		tables: items.length,
		checksMs,
		checksSharedCalls: checkCalls.filter((e) => !PER_TABLE.has(e.key)).length,
		checksPerTableCalls: checkCalls.filter((e) => PER_TABLE.has(e.key)).length,
		checksOverall: report.overall,
		skipped: skip.size,
		toLastStartMs: (starts.at(-1)?.at ?? confirmed) - confirmed,
		starts: starts.length,
		statusCalls: status.length,
		statusMaxPerMinute: maxPerMinute,
		statusPerMinute: status.length / (watched / 60_000),
		watchMs: watched,
		finishedAtStop: counts.completed + counts.failed,
		counts,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
	};
}
