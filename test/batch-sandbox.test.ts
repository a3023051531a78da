// A whole batch on the sandbox (issue 17): the many-tables scenario's 60 tables of two
// accounts checked, then through runBatch and the real SDK clients into the central bucket of
// a third account, after its owner applied the statement the checks offered; orders-007
// skipped for its PITR; five exports at once per account, the rest queued; the same batch
// token run again starts nothing.

import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {test} from 'node:test';
import {createAwsGateway} from '../source/aws/gateway.js';
import {AwsCallError} from '../source/core/ports.js';
import {batchItems} from '../source/core/batch/batch-items.js';
import {newBatchToken, tableClientToken} from '../source/core/batch/batch-token.js';
import {DEFAULT_BATCH_PREFIX} from '../source/core/batch/prefix-template.js';
import {runBatch} from '../source/core/batch/run-batch.js';
import type {BatchPlan, BatchProgress, BatchSource} from '../source/core/batch/types.js';
import {runBatchChecks, skipReasons} from '../source/core/batch/batch-checks.js';
import {batchSnippetInputs} from '../source/core/batch/batch-policies.js';
import {applyTarget, readTargetPolicy, rebuildOverCurrent, snippetText, writeTargetPolicy} from '../source/core/policy/delivery.js';
import {buildSnippets} from '../source/core/policy/snippets.js';
import {startSandbox} from '../source/sandbox/index.js';
import {useSandboxProfiles} from './helpers/sandbox-profiles.js';

const REGION = 'us-east-1';
const LAKE_OWNER = '222222222222';

test('many-tables: 59 of 60 tables exported into the lake, 5 at a time per account; the same batch again starts nothing', async () => {
	const sandbox = await startSandbox({scenario: 'many-tables', exportDurationMs: 400});
	const dir = useSandboxProfiles(sandbox, 'ddb-export-batch-');
	try {
		const gateway = createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1});
		const sessions = new Map<string, ReturnType<typeof gateway.session>>();
		const sessionFor = (source: Pick<BatchSource, 'profile' | 'region'>) => {
			const key = `${source.profile}/${source.region}`;
			if (!sessions.has(key)) sessions.set(key, gateway.session({profile: source.profile, region: source.region}));
			return sessions.get(key)!;
		};
		// "Select all" in both accounts.
		const sources: BatchSource[] = [];
		for (const profile of ['default', 'billing']) {
			const session = sessionFor({profile, region: REGION});
			const {account} = await session.identity();
			const tables = await session.listTables();
			sources.push({profile, region: REGION, tableArns: tables.map((t) => `arn:aws:dynamodb:${REGION}:${account}:table/${t}`)});
		}
		assert.deepEqual(sources.map((s) => s.tableArns.length), [50, 10]);
		const planWith = (batchToken: string, chosen = sources): BatchPlan => ({
			sources: chosen,
			destination: {bucket: 'lake-exports', bucketOwner: LAKE_OWNER, prefixTemplate: DEFAULT_BATCH_PREFIX, sse: 'AES256'},
			format: 'DYNAMODB_JSON',
			type: 'FULL_EXPORT',
			batchToken,
			date: '2026-12-06',
			force: false,
		});
		const fast = {sessionFor, statusCallsPerMinute: 1200, startsPerSecond: 50};

		// Before the lake's owner admits account 333333333333, its exports fail in S3.
		const refusedPlan = planWith(newBatchToken(), [{...sources[1]!, tableArns: sources[1]!.tableArns.slice(0, 2)}]);
		const refused = await runBatch({...fast, plan: refusedPlan, items: batchItems(refusedPlan), skip: new Map()});
		assert.equal(refused.counts.failed, 2);
		for (const state of refused.states.values()) assert.ok(state.kind === 'failed' && state.code === 'S3AccessDenied', JSON.stringify(state));

		// The checks fail the billing account's bucket policy and offer one statement for both
		// accounts; the lake's administrator applies it as the policies screen does (over the
		// policy read just before), through the sandbox's PutBucketPolicy.
		const batchToken = newBatchToken();
		const plan = planWith(batchToken);
		const items = batchItems(plan);
		const before = await runBatchChecks({plan, items, sessionFor, probe: true}, () => {});
		assert.equal(before.overall, 'failed');
		const inputs = batchSnippetInputs(before, plan, items);
		const offered = buildSnippets(inputs.destination!).find((s) => s.id === 'bucket-policy')!;
		const owner = sessionFor({profile: 'lake-admin', region: REGION});
		const target = applyTarget(offered, items[0]!.plan)!;
		const current = await readTargetPolicy(owner, target, items[0]!.plan);
		const rebuilt = rebuildOverCurrent(inputs.destination!, inputs.destination!.only!, 'bucket-policy', current)!.snippet;
		await writeTargetPolicy(owner, target, items[0]!.plan, snippetText(rebuilt));
		for (const session of sessions.values()) session.forgetReads();
		const after = await runBatchChecks({plan, items, sessionFor, probe: true}, () => {});
		assert.notEqual(after.overall, 'failed');
		const skip = skipReasons(after, plan);
		const orders007 = `arn:aws:dynamodb:${REGION}:111111111111:table/orders-007`;
		assert.deepEqual([...skip.keys()], [orders007]);

		let queuedBehindFive = false;
		const onProgress = (progress: BatchProgress) => {
			const running = new Map<string, number>();
			const queued = new Map<string, number>();
			for (const item of progress.items) {
				const kind = progress.states.get(item.plan.tableArn)!.kind;
				if (kind === 'running') running.set(item.account, (running.get(item.account) ?? 0) + 1);
				if (kind === 'queued') queued.set(item.account, (queued.get(item.account) ?? 0) + 1);
			}
			// The batch's view lags the sandbox (a finished export is seen at the next poll), so it
			// may count more running than the 5 the sandbox allows; the sandbox refuses a sixth.
			if ((running.get('111111111111') ?? 0) >= 5 && (queued.get('111111111111') ?? 0) > 0) queuedBehindFive = true;
		};
		sandbox.resetStats();
		const done = await runBatch({...fast, plan, items, skip, onProgress});
		const failures = [...done.states].filter(([, state]) => state.kind === 'failed');
		assert.deepEqual(done.counts, {queued: 0, starting: 0, running: 0, completed: 59, failed: 0, skipped: 1}, JSON.stringify(failures));
		const skipped = done.states.get(orders007);
		assert.ok(skipped?.kind === 'skipped' && /Point-in-time recovery is off for orders-007/.test(skipped.reason), JSON.stringify(skipped));
		assert.ok(queuedBehindFive, 'tables waited while five of the account ran');

		// In the sandbox: one export per table, with the batch's token for that table, under the table's prefix.
		const exports = sandbox.world.exports().filter((e) => items.some((i) => i.clientToken === e.clientToken));
		assert.equal(exports.length, 59);
		for (const e of exports) {
			assert.equal(e.status, 'COMPLETED');
			assert.equal(e.clientToken, tableClientToken(batchToken, e.tableArn));
			assert.equal(e.prefix, `${e.tableArn.split('/').pop()}/`);
		}
		const started = sandbox.stats.exportsStarted;
		assert.equal(started, 59);
		const completed = done.states.get(items[0]!.plan.tableArn)!;
		assert.ok(completed.kind === 'completed' && completed.description.itemCount! > 0 && completed.description.clientToken === items[0]!.clientToken);
		assert.ok(sandbox.world.objects('lake-exports', 'billing-009/AWSDynamoDB/').some((o) => o.key.endsWith('manifest-summary.json')));

		// The same batch token again: everything is found finished, nothing is started.
		sandbox.resetStats();
		const again = await runBatch({...fast, plan, items: batchItems(plan), skip});
		assert.equal(again.counts.completed, 59);
		assert.equal(sandbox.stats.byOperation['dynamodb:ExportTableToPointInTime'] ?? 0, 0);
		assert.equal(sandbox.stats.exportsStarted, 0);
	} finally {
		await sandbox.stop();
		rmSync(dir, {recursive: true, force: true});
	}
});

test("the account's export limit is answered at once: the SDK does not retry LimitExceededException for ExportTableToPointInTime", async () => {
	const sandbox = await startSandbox({scenario: 'many-tables', exportDurationMs: 600_000});
	const dir = useSandboxProfiles(sandbox, 'ddb-export-batch-');
	try {
		// The product's own retry settings: 5 attempts, standard mode.
		const session = createAwsGateway({endpointUrl: sandbox.endpoint}).session({profile: 'default', region: REGION});
		const request = (table: string) => ({
			TableArn: `arn:aws:dynamodb:${REGION}:111111111111:table/${table}`,
			S3Bucket: 'lake-exports',
			S3BucketOwner: LAKE_OWNER,
			S3Prefix: `${table}/`,
			S3SseAlgorithm: 'AES256' as const,
			ExportFormat: 'DYNAMODB_JSON' as const,
			ExportType: 'FULL_EXPORT' as const,
			ClientToken: `limit-${table}`,
		});
		for (const table of ['orders-000', 'orders-001', 'orders-002', 'orders-003', 'orders-004']) await session.startExport(request(table));
		sandbox.resetStats();
		await assert.rejects(session.startExport(request('orders-005')), (error: unknown) => {
			assert.ok(error instanceof AwsCallError);
			assert.equal(error.code, 'LimitExceededException');
			assert.equal(error.httpStatus, 400);
			assert.match(error.message, /concurrent export/);
			return true;
		});
		assert.equal(sandbox.stats.byOperation['dynamodb:ExportTableToPointInTime'], 1, 'one call, no retries');
		// A token already used still returns its export, limit or not.
		assert.equal((await session.startExport(request('orders-000'))).clientToken, 'limit-orders-000');
	} finally {
		await sandbox.stop();
		rmSync(dir, {recursive: true, force: true});
	}
});
