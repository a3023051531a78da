// The batch engine's pure parts (issue 17): prefix templates, batch tokens, items, the start
// queue and the ListExports watcher, on fake exports in simulated time (nothing is timed).

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {attachBatch} from '../source/core/batch/attach-batch.js';
import {batchItems} from '../source/core/batch/batch-items.js';
import {BATCH_TOKEN_NAMESPACE, newBatchToken, tableClientToken, uuidV5} from '../source/core/batch/batch-token.js';
import {exportStartedAt} from '../source/core/batch/find-batch-exports.js';
import {DEFAULT_BATCH_PREFIX, expandPrefixTemplate, prefixTemplateProblem} from '../source/core/batch/prefix-template.js';
import {runBatch} from '../source/core/batch/run-batch.js';
import {TokenBucket} from '../source/core/batch/token-bucket.js';
import type {BatchItem, BatchItemState, BatchPlan, BatchProgress} from '../source/core/batch/types.js';
import {watchBatch} from '../source/core/batch/watch-batch.js';
import {validateClientToken} from '../source/core/validate.js';
import {fakeClock} from './helpers/fake-clock.js';
import {fakeExports, type FakeExports} from './helpers/fake-exports.js';

const ORDERS = '111111111111';
const BILLING = '333333333333';
const arnOf = (account: string, table: string) => `arn:aws:dynamodb:us-east-1:${account}:table/${table}`;
const names = (prefix: string, count: number) => Array.from({length: count}, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
const MINUTE = 60_000;

function planOf(tables: {orders?: number; billing?: number} = {}, batchToken = 'batch-1'): BatchPlan {
	const sources = [{profile: 'default', region: 'us-east-1', tableArns: names('orders', tables.orders ?? 12).map((n) => arnOf(ORDERS, n))}];
	if (tables.billing) sources.push({profile: 'billing', region: 'us-east-1', tableArns: names('billing', tables.billing).map((n) => arnOf(BILLING, n))});
	return {
		sources,
		destination: {bucket: 'lake-exports', bucketOwner: '222222222222', prefixTemplate: '{account}/{table}/{date}/', sse: 'AES256'},
		format: 'DYNAMODB_JSON',
		type: 'FULL_EXPORT',
		batchToken,
		date: '2026-12-06',
		force: false,
	};
}

const sessionsOn = (service: FakeExports) => (source: {profile?: string; region: string}) => service.session(source.profile === 'billing' ? BILLING : ORDERS, source.region, source.profile);

// ---------------------------------------------------------------- prefix templates

test('a prefix template expands its placeholders per table', () => {
	const values = {account: ORDERS, region: 'us-east-1', table: 'orders-001', date: '2026-12-06'};
	assert.equal(DEFAULT_BATCH_PREFIX, '{table}/');
	assert.equal(expandPrefixTemplate(DEFAULT_BATCH_PREFIX, values), 'orders-001/');
	assert.equal(expandPrefixTemplate('lake/{account}/{region}/{table}/{date}/', values), 'lake/111111111111/us-east-1/orders-001/2026-12-06/');
	assert.equal(expandPrefixTemplate('{table}-{table}', values), 'orders-001-orders-001');
	assert.equal(expandPrefixTemplate('', values), '');
	for (const fine of ['{table}/', 'exports/{date}/{table}', '', 'plain/prefix/']) assert.equal(prefixTemplateProblem(fine), undefined, fine);
});

test('a bad prefix template is named with --s3-prefix and its fix', () => {
	const unknown = prefixTemplateProblem('{tabel}/');
	assert.match(unknown!, /^--s3-prefix: \{tabel\} is not a placeholder; a batch's prefix may use \{account\}, \{region\}, \{table\}, \{date\}/);
	assert.match(prefixTemplateProblem('{Table}/')!, /Did you mean \{table\}\?/);
	assert.match(prefixTemplateProblem('{table/')!, /^--s3-prefix: "\{" is never closed in "\{table\/"; placeholders are written whole, as in \{table\}\//);
	assert.match(prefixTemplateProblem('table}/')!, /^--s3-prefix: "\}" closes nothing/);
	assert.equal(prefixTemplateProblem('/{table}/'), '--s3-prefix must not start with "/": S3 would make a folder with an empty name. Use "{table}/".');
	assert.match(prefixTemplateProblem('s3://lake/{table}')!, /^--s3-prefix: .*without "s3:\/\/"/);
	assert.match(prefixTemplateProblem('{table}\t/')!, /^--s3-prefix: .*control character/);
});

// ---------------------------------------------------------------- tokens

test('table ClientTokens are name-based UUIDs: stable, distinct per table and per batch, valid for AWS', () => {
	// RFC 9562's own example of a version 5 UUID (the DNS namespace, www.example.com).
	assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
	assert.match(BATCH_TOKEN_NAMESPACE, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	const batch = newBatchToken();
	assert.notEqual(batch, newBatchToken());
	assert.ok(validateClientToken(batch).ok);
	const tables = names('orders', 50).map((n) => arnOf(ORDERS, n));
	const tokens = tables.map((t) => tableClientToken(batch, t));
	assert.deepEqual(tokens, tables.map((t) => tableClientToken(batch, t)), 'the same batch and table give the same token');
	assert.equal(new Set(tokens).size, tables.length, 'each table its own');
	assert.notEqual(tableClientToken('other-batch', tables[0]!), tokens[0], 'each batch its own');
	// The name is the pair, not a concatenation: these two must differ.
	assert.notEqual(tableClientToken('a', 'bc'), tableClientToken('ab', 'c'));
	for (const token of tokens) {
		assert.match(token, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		assert.ok(validateClientToken(token).ok);
	}
	assert.equal(tableClientToken('batch-1', arnOf(ORDERS, 'orders-000')), tableClientToken('batch-1', arnOf(ORDERS, 'orders-000')));
});

test('batch items: one export plan per table, prefix expanded, token derived, facts kept', () => {
	const plan = planOf({orders: 3, billing: 2});
	plan.sources[0]!.tableArns.push(arnOf(ORDERS, 'orders-001'));
	plan.destination.bucketOwner = BILLING;
	const facts = new Map([[arnOf(ORDERS, 'orders-001'), {sizeBytes: 2048, itemCount: 12, pitrEnabled: true}]]);
	const items = batchItems(plan, facts);
	assert.deepEqual(items.map((i) => i.tableName), ['orders-000', 'orders-001', 'orders-002', 'billing-000', 'billing-001']);
	const [first, second, , billing] = items;
	assert.deepEqual(first!.plan, {
		profile: 'default',
		region: 'us-east-1',
		tableArn: arnOf(ORDERS, 'orders-000'),
		bucket: 'lake-exports',
		bucketOwner: BILLING,
		prefix: '111111111111/orders-000/2026-12-06/',
		sse: 'AES256',
		format: 'DYNAMODB_JSON',
		type: 'FULL_EXPORT',
	});
	assert.equal(first!.clientToken, tableClientToken('batch-1', arnOf(ORDERS, 'orders-000')));
	assert.equal(first!.account, ORDERS);
	assert.deepEqual([second!.sizeBytes, second!.itemCount, second!.pitrEnabled], [2048, 12, true]);
	assert.equal(first!.sizeBytes, undefined);
	// The bucket is the billing account's own: no S3BucketOwner, as a single export would send.
	assert.equal(billing!.plan.bucketOwner, undefined);
	assert.equal(billing!.plan.profile, 'billing');
	assert.equal(billing!.plan.prefix, '333333333333/billing-000/2026-12-06/');
});

test('a token bucket paces takes and pauses after throttling', async () => {
	const clock = fakeClock();
	const bucket = new TokenBucket(clock, 2, 2);
	const times: number[] = [];
	await clock.run(
		(async () => {
			for (let i = 0; i < 6; i++) {
				await bucket.take();
				times.push(clock.now());
				if (i === 3) bucket.pause(10_000);
			}
		})(),
	);
	const t0 = times[0]!;
	assert.deepEqual(times.map((t) => t - t0), [0, 0, 500, 1000, 11_000, 11_500]);
});

// ---------------------------------------------------------------- the queue

interface Observed {
	progress: BatchProgress;
	states: Set<string>;
	maxRunning: Map<string, number>;
}

function observer(): Observed & {onProgress(p: BatchProgress): void} {
	const seen: Observed = {progress: undefined as unknown as BatchProgress, states: new Set(), maxRunning: new Map()};
	return {
		...seen,
		get progress() {
			return seen.progress;
		},
		onProgress(p) {
			seen.progress = p;
			const running = new Map<string, number>();
			for (const item of p.items) {
				const state = p.states.get(item.plan.tableArn)!;
				seen.states.add(state.kind);
				if (state.kind === 'running') running.set(item.account, (running.get(item.account) ?? 0) + 1);
			}
			for (const [account, n] of running) seen.maxRunning.set(account, Math.max(seen.maxRunning.get(account) ?? 0, n));
		},
	};
}

function startsByTable(service: FakeExports): Map<string, string[]> {
	const byTable = new Map<string, string[]>();
	for (const call of service.calls.filter((c) => c.operation === 'startExport')) {
		const [table, token] = call.detail.split(' ');
		byTable.set(table!, [...(byTable.get(table!) ?? []), token!]);
	}
	return byTable;
}

test('the queue keeps to the account limit AWS answers with LimitExceededException, and every table completes', async () => {
	const clock = fakeClock();
	const service = fakeExports({clock, limit: 5, durationMs: (t) => (3 + (t.length % 4)) * MINUTE});
	const plan = planOf({orders: 30, billing: 10});
	const items = batchItems(plan);
	const seen = observer();
	const skip = new Map([[arnOf(ORDERS, 'orders-007'), 'PITR is off']]);
	const result = await clock.run(runBatch({plan, items, sessionFor: sessionsOn(service), skip, clock, random: () => 0.5, statusCallsPerMinute: 60, onProgress: seen.onProgress}));

	assert.deepEqual(result.counts, {queued: 0, starting: 0, running: 0, completed: 39, failed: 0, skipped: 1});
	assert.deepEqual(result.states.get(arnOf(ORDERS, 'orders-007')), {kind: 'skipped', reason: 'PITR is off'});
	assert.equal(service.peakInProgress.get(ORDERS), 5);
	assert.equal(service.peakInProgress.get(BILLING), 5);
	assert.ok(seen.maxRunning.get(ORDERS)! <= 5);
	assert.ok(seen.states.has('queued') && seen.states.has('running') && seen.states.has('completed'));
	// The limit is learned from the first refusal, not met again at every start.
	const refusals = service.calls.filter((c) => c.outcome === 'LimitExceededException').length;
	assert.ok(refusals >= 1 && refusals <= 8, `LimitExceededException answered ${refusals} times`);
	// One export per table, each started only with its own token; orders-007 never.
	assert.equal(service.exports.length, 39);
	for (const [table, tokens] of startsByTable(service)) {
		assert.ok(tokens.every((t) => t === tableClientToken('batch-1', table)), table);
		assert.equal(service.exports.filter((e) => e.tableArn === table).length, 1, table);
	}
	assert.equal(startsByTable(service).has(arnOf(ORDERS, 'orders-007')), false);
	// Completed ones were described once each, for their items and size.
	const completed = result.states.get(arnOf(ORDERS, 'orders-000')) as Extract<BatchItemState, {kind: 'completed'}>;
	assert.equal(completed.description.itemCount, 100);
	const describes = service.calls.filter((c) => c.operation === 'describeExport').map((c) => c.detail);
	assert.equal(describes.length, new Set(describes).size);
	assert.equal(describes.length, 39);
});

test('throttled starts back off with growing waits and jitter, then go on', async () => {
	const clock = fakeClock();
	// The 2nd to 5th StartExport calls are throttled.
	const service = fakeExports({clock, limit: 300, durationMs: () => MINUTE, throttleStart: (n) => n >= 1 && n <= 4});
	const plan = planOf({orders: 6});
	const items = batchItems(plan);
	const result = await clock.run(runBatch({plan, items, sessionFor: sessionsOn(service), skip: new Map(), clock, random: () => 1, startsPerSecond: 100, adopt: false}));
	assert.equal(result.counts.completed, 6);
	const starts = service.calls.filter((c) => c.operation === 'startExport');
	const throttled = starts.filter((c) => c.outcome === 'ThrottlingException');
	assert.equal(throttled.length, 4);
	// Throttling answers in a row make the account's calls wait ever longer (1 s, 2 s, 4 s, 8 s…;
	// jitter fixed at its top here): three at once, then one 4 s later, then the next 8 s after it.
	const times = [...new Set(starts.map((c) => c.at))];
	const gaps = times.slice(1).map((t, i) => t - times[i]!);
	assert.ok(gaps[0]! >= 1000 && gaps[1]! >= 2 * gaps[0]!, `gaps ${gaps}`);
	for (const [table, tokens] of startsByTable(service)) assert.ok(tokens.every((t) => t === tableClientToken('batch-1', table)));
	assert.equal(service.exports.length, 6);
});

test('LimitExceeded with nothing of the batch running (other exports hold the slots) waits and tries again', async () => {
	const clock = fakeClock();
	const service = fakeExports({clock, limit: 1, durationMs: () => 10 * MINUTE});
	// Someone else's export holds the only slot for 10 minutes.
	await service.session(ORDERS).startExport({TableArn: arnOf(ORDERS, 'other'), S3Bucket: 'b', S3SseAlgorithm: 'AES256', ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT', ClientToken: 'someone-else'});
	const plan = planOf({orders: 1});
	const result = await clock.run(runBatch({plan, items: batchItems(plan), sessionFor: sessionsOn(service), skip: new Map(), clock, random: () => 0.5}));
	assert.equal(result.counts.completed, 1);
	const refused = service.calls.filter((c) => c.outcome === 'LimitExceededException');
	assert.ok(refused.length >= 2, 'refused while the other export ran');
	assert.ok(service.exports[1]!.startTime >= service.exports[0]!.endTime);
});

test('a batch stopped midway and run again with its token adopts what it started: no table twice, finished ones not again', async () => {
	const clock = fakeClock();
	const service = fakeExports({clock, limit: 5, durationMs: (t) => (2 + (t.length % 3)) * MINUTE});
	const plan = planOf({orders: 20});
	const items = batchItems(plan);
	const stop = new AbortController();
	clock.at(clock.now() + 5 * MINUTE, () => stop.abort());
	const first = observer();
	await assert.rejects(
		clock.run(runBatch({plan, items, sessionFor: sessionsOn(service), skip: new Map(), clock, random: () => 0.5, signal: stop.signal, onProgress: first.onProgress})),
		{name: 'AbortError'},
	);
	const startedBefore = new Set(service.exports.map((e) => e.tableArn));
	const completedBefore = [...first.progress.states].filter(([, s]) => s.kind === 'completed').map(([t]) => t);
	assert.ok(startedBefore.size > 5 && startedBefore.size < 20, `${startedBefore.size} started before the stop`);
	assert.ok(completedBefore.length > 0);

	const callsBefore = service.calls.length;
	const again = await clock.run(runBatch({plan, items: batchItems(plan), sessionFor: sessionsOn(service), skip: new Map(), clock, random: () => 0.5}));
	assert.equal(again.counts.completed, 20);
	assert.equal(service.exports.length, 20, 'one export per table over both runs');
	const rerunStarts = service.calls.slice(callsBefore).filter((c) => c.operation === 'startExport');
	for (const call of rerunStarts) assert.ok(!startedBefore.has(call.detail.split(' ')[0]!), `re-run started ${call.detail} again`);
	// Each table's export is the same one in both runs' eyes.
	for (const table of completedBefore) {
		const state = again.states.get(table) as Extract<BatchItemState, {kind: 'completed'}>;
		assert.equal(state.exportArn, service.exports.find((e) => e.tableArn === table)!.arn);
	}

	// A third run, everything finished: nothing is started, nothing watched beyond the look-up.
	const callsDone = service.calls.length;
	const third = await clock.run(runBatch({plan, items: batchItems(plan), sessionFor: sessionsOn(service), skip: new Map(), clock}));
	assert.equal(third.counts.completed, 20);
	assert.equal(service.calls.slice(callsDone).filter((c) => c.operation === 'startExport').length, 0);
});

// ---------------------------------------------------------------- the watcher

test('watching 300 exports for an hour stays within 15 status calls in any minute, from ListExports pages', async () => {
	const clock = fakeClock();
	const t0 = clock.now();
	// 300 exports already running in two accounts, ending over the hour.
	const service = fakeExports({clock, limit: 300, durationMs: (t) => (5 + (Number(t.slice(-3)) % 55)) * MINUTE, failing: new Set([arnOf(BILLING, 'billing-003')])});
	const plan = planOf({orders: 250, billing: 50});
	const items = batchItems(plan);
	const states = new Map<string, BatchItemState>();
	const sessionOf = (item: BatchItem) => service.session(item.account);
	for (const item of items) {
		const d = await sessionOf(item).startExport({TableArn: item.plan.tableArn, S3Bucket: 'lake-exports', S3SseAlgorithm: 'AES256', ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT', ClientToken: item.clientToken});
		states.set(item.plan.tableArn, {kind: 'running', exportArn: d.exportArn});
	}
	service.calls.length = 0;
	const result = await clock.run(watchBatch({items, states, sessionOf, clock}));

	assert.equal(result.counts.completed, 299);
	assert.equal(result.counts.failed, 1);
	const failed = result.states.get(arnOf(BILLING, 'billing-003')) as Extract<BatchItemState, {kind: 'failed'}>;
	assert.equal(failed.code, 'S3AccessDenied');
	const status = service.calls.filter((c) => c.operation !== 'startExport');
	assert.equal(result.statusCalls, status.length);
	// In every minute-long window, 15 calls at most.
	for (const call of status) {
		const inWindow = status.filter((c) => c.at >= call.at && c.at < call.at + MINUTE).length;
		assert.ok(inWindow <= 15, `${inWindow} status calls in the minute from ${(call.at - t0) / 1000} s`);
	}
	// Statuses come from pages of the whole account: no TableArn filter, 25 a page.
	const lists = status.filter((c) => c.operation === 'listExportsPage');
	assert.ok(lists.length > 0);
	assert.ok(lists.every((c) => c.detail.startsWith('- 25 ')));
	// DescribeExport once per export, when it had finished (so 300, not one per export per poll).
	const describes = status.filter((c) => c.operation === 'describeExport');
	assert.equal(describes.length, 300);
	assert.equal(new Set(describes.map((c) => c.detail)).size, 300);
	assert.ok(describes.every((c) => c.outcome !== 'IN_PROGRESS'));
	const hours = (clock.now() - t0) / (60 * MINUTE);
	assert.ok(hours < 1.5, `watching took ${hours.toFixed(2)} simulated hours`);
});

test('a small batch is polled more often within the same budget', async () => {
	const clock = fakeClock();
	const service = fakeExports({clock, limit: 300, durationMs: () => 10 * MINUTE});
	const plan = planOf({orders: 3});
	const items = batchItems(plan);
	const sessionOf = (item: BatchItem) => service.session(item.account);
	const states = new Map<string, BatchItemState>();
	for (const item of items) {
		const d = await sessionOf(item).startExport({TableArn: item.plan.tableArn, S3Bucket: 'b', S3SseAlgorithm: 'AES256', ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT', ClientToken: item.clientToken});
		states.set(item.plan.tableArn, {kind: 'running', exportArn: d.exportArn});
	}
	const t0 = clock.now();
	await clock.run(watchBatch({items, states, sessionOf, clock}));
	// Each export was seen at least every 4 s (one page covers the three), and finished ones noticed within seconds.
	const lists = service.calls.filter((c) => c.operation === 'listExportsPage');
	assert.ok(lists.length >= 140, `${lists.length} pages in 10 minutes`);
	assert.ok(clock.now() - t0 <= 10 * MINUTE + 30_000);
});

test('watch --batch-token: the batch\'s exports are found from the token alone and watched to their end', async () => {
	const clock = fakeClock();
	const service = fakeExports({clock, limit: 5, durationMs: (t) => (2 + (t.length % 3)) * MINUTE});
	// Another batch ran on the same tables first: its exports are not this batch's.
	const other = planOf({orders: 4}, 'other-batch');
	await clock.run(runBatch({plan: other, items: batchItems(other), sessionFor: sessionsOn(service), skip: new Map(), clock}));
	const plan = planOf({orders: 8, billing: 3}, 'nightly');
	const stop = new AbortController();
	clock.at(clock.now() + 90_000, () => stop.abort());
	await assert.rejects(clock.run(runBatch({plan, items: batchItems(plan), sessionFor: sessionsOn(service), skip: new Map(), clock, signal: stop.signal})), {name: 'AbortError'});
	const ours = service.exports.filter((e) => e.clientToken === tableClientToken('nightly', e.tableArn));
	assert.ok(ours.length > 0 && ours.some((e) => e.endTime > clock.now()), 'some still running when detached');

	const seen: BatchProgress[] = [];
	const attached = await clock.run(attachBatch({batchToken: 'nightly', sessions: [service.session(ORDERS), service.session(BILLING, 'us-east-1', 'billing')], clock, onProgress: (p) => seen.push(p)}));
	assert.deepEqual(new Set(attached.items.map((i) => i.plan.tableArn)), new Set(ours.map((e) => e.tableArn)));
	assert.equal(attached.counts.completed, ours.length);
	const billing = attached.items.find((i) => i.account === BILLING);
	assert.equal(billing?.plan.profile, 'billing');
	assert.equal(billing?.plan.prefix, `333333333333/${billing?.tableName}/2026-12-06/`);
	assert.equal(billing?.clientToken, tableClientToken('nightly', billing!.plan.tableArn));
	assert.ok(seen.some((p) => p.counts.running > 0), 'running ones were watched');
	// A token that started nothing finds nothing.
	const none = await clock.run(attachBatch({batchToken: 'never-ran', sessions: [service.session(ORDERS)], clock}));
	assert.equal(none.items.length, 0);
});

test('without describing completed exports, watching ends when the last one finished; failed ones are still described', async () => {
	const clock = fakeClock();
	const t0 = clock.now();
	const service = fakeExports({clock, limit: 300, durationMs: () => 10 * MINUTE, failing: new Set([arnOf(ORDERS, 'orders-004')])});
	const plan = planOf({orders: 60});
	const result = await clock.run(runBatch({plan, items: batchItems(plan), sessionFor: sessionsOn(service), skip: new Map(), clock, describeCompleted: false}));
	assert.equal(result.counts.completed, 59);
	const failed = result.states.get(arnOf(ORDERS, 'orders-004'));
	assert.ok(failed?.kind === 'failed' && failed.code === 'S3AccessDenied');
	assert.deepEqual(service.calls.filter((c) => c.operation === 'describeExport').map((c) => c.detail), [service.exports.find((e) => e.tableArn === arnOf(ORDERS, 'orders-004'))!.arn]);
	const completed = result.states.get(arnOf(ORDERS, 'orders-000'));
	assert.ok(completed?.kind === 'completed' && completed.description.itemCount === undefined);
	assert.ok(clock.now() - t0 < 12 * MINUTE, `${(clock.now() - t0) / 1000} s`);
});

test('a finished export DescribeExport refuses keeps what ListExports said, and the batch still ends', async () => {
	const clock = fakeClock();
	const refused = new Set([arnOf(ORDERS, 'orders-001'), arnOf(ORDERS, 'orders-002')]);
	const service = fakeExports({clock, limit: 300, durationMs: () => 5 * MINUTE, failing: new Set([arnOf(ORDERS, 'orders-002')]), undescribable: refused});
	const plan = planOf({orders: 4});
	const seen: BatchProgress[] = [];
	const result = await clock.run(runBatch({plan, items: batchItems(plan), sessionFor: sessionsOn(service), skip: new Map(), clock, onProgress: (p) => seen.push(p)}));
	assert.equal(result.counts.completed, 3);
	const completed = result.states.get(arnOf(ORDERS, 'orders-001'));
	assert.ok(completed?.kind === 'completed' && completed.description.itemCount === undefined);
	const failed = result.states.get(arnOf(ORDERS, 'orders-002'));
	assert.ok(failed?.kind === 'failed');
	assert.match(failed.message, /why could not be read \(DescribeExport: User is not authorized to perform: dynamodb:DescribeExport/);
	assert.ok(seen.some((p) => p.watchProblem?.startsWith('DescribeExport: ')), 'the refusal was shown while watching');
	assert.equal(service.calls.filter((c) => c.outcome === 'AccessDeniedException').length, 6, 'three tries each');
});

test('runBatch refuses settings that would stall it', async () => {
	const plan = planOf({orders: 1});
	const service = fakeExports({clock: fakeClock(), limit: 5, durationMs: () => MINUTE});
	for (const bad of [{concurrencyLimit: 0}, {concurrencyLimit: 1.5}, {startsPerSecond: 0}, {statusCallsPerMinute: -1}]) {
		await assert.rejects(runBatch({plan, items: batchItems(plan), sessionFor: sessionsOn(service), skip: new Map(), ...bad}), RangeError);
	}
	assert.equal(service.calls.length, 0);
});

test('an account whose pages list many older exports first: its few running exports are described instead of paged through', async () => {
	const clock = fakeClock();
	const t0 = clock.now();
	const service = fakeExports({clock, limit: 300, durationMs: () => 10 * MINUTE, oldestFirst: true});
	// 200 exports of last month, listed before ours.
	for (let i = 0; i < 200; i++) {
		const startTime = t0 - 30 * 24 * 60 * MINUTE + i * MINUTE;
		const tableArn = arnOf(ORDERS, `old-${i}`);
		service.exports.push({arn: `${tableArn}/export/${String(startTime).padStart(14, '0')}-old${i}`, tableArn, account: ORDERS, clientToken: `old-${i}`, request: {TableArn: tableArn, S3Bucket: 'b', S3SseAlgorithm: 'AES256', ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT'}, startTime, endTime: startTime + MINUTE, fails: false});
	}
	const plan = planOf({orders: 3});
	const result = await clock.run(runBatch({plan, items: batchItems(plan), sessionFor: sessionsOn(service), skip: new Map(), clock, adopt: false}));
	assert.equal(result.counts.completed, 3);
	const status = service.calls.filter((c) => c.operation !== 'startExport');
	const pages = status.filter((c) => c.operation === 'listExportsPage').length;
	// One cycle through the 9 pages (203 exports), then the three are described in turn.
	assert.ok(pages <= 9, `${pages} pages`);
	for (const item of result.items) {
		const state = result.states.get(item.plan.tableArn);
		assert.ok(state?.kind === 'completed' && state.description.itemCount === 100, 'described when finished: no second call needed');
	}
	const lastEnd = Math.max(...service.exports.slice(200).map((e) => e.endTime));
	assert.ok(clock.now() - lastEnd <= 20_000, `the end was seen ${(clock.now() - lastEnd) / 1000} s after it`);
	for (const call of status) assert.ok(status.filter((c) => c.at >= call.at && c.at < call.at + MINUTE).length <= 15);
});

test('a limit learned while exports outside the batch held slots lapses, so the batch uses the slots they free', async () => {
	const clock = fakeClock();
	const t0 = clock.now();
	const service = fakeExports({clock, limit: 3, durationMs: (t) => (t.includes('other') ? 20 * MINUTE : 4 * MINUTE)});
	// Two exports of someone else run for 20 minutes: one slot is left for the batch.
	for (const name of ['other-a', 'other-b']) {
		await service.session(ORDERS).startExport({TableArn: arnOf(ORDERS, name), S3Bucket: 'b', S3SseAlgorithm: 'AES256', ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT', ClientToken: name});
	}
	const plan = planOf({orders: 12});
	const result = await clock.run(runBatch({plan, items: batchItems(plan), sessionFor: sessionsOn(service), skip: new Map(), clock, random: () => 0.5, statusCallsPerMinute: 60}));
	assert.equal(result.counts.completed, 12);
	const ours = service.exports.filter((e) => e.tableArn.includes('orders-'));
	const runningAt = (t: number) => ours.filter((e) => e.startTime <= t && t < e.endTime).length;
	const starts = ours.map((e) => e.startTime);
	assert.equal(Math.max(...starts.filter((t) => t < t0 + 20 * MINUTE).map(runningAt)), 1, 'one at a time while the others ran');
	assert.equal(Math.max(...starts.filter((t) => t >= t0 + 20 * MINUTE).map(runningAt)), 3, 'three at a time once they finished');
	// A refusal now and then, not at every start.
	const refused = service.calls.filter((c) => c.outcome === 'LimitExceededException').length;
	assert.ok(refused <= 12, `${refused} refusals`);
});

test('an export id begins with its start time in epoch milliseconds', () => {
	// As AWS writes them (seen in public listings): 14 digits, zero-padded, then a hex suffix.
	assert.equal(exportStartedAt('arn:aws:dynamodb:us-east-1:278493688375:table/test-delete/export/01660303305033-7b1a9b46'), 1660303305033);
	assert.equal(new Date(exportStartedAt('arn:aws:dynamodb:us-east-1:123456789012:table/ProductCatalog/export/01695353076000-06e2188f')!).toISOString(), '2023-09-22T03:24:36.000Z');
	// Another shape counts as "could be recent" (undefined), which costs a DescribeExport and nothing else.
	assert.equal(exportStartedAt('arn:aws:dynamodb:us-east-1:123456789012:table/ProductCatalog/export/abc'), undefined);
	assert.equal(exportStartedAt('not an arn'), undefined);
});

test('a progress listener that throws stops the batch with its error; it is not taken for a refused start', async () => {
	const clock = fakeClock();
	const service = fakeExports({clock, limit: 300, durationMs: () => MINUTE});
	const plan = planOf({orders: 3});
	let calls = 0;
	const onProgress = (p: BatchProgress) => {
		if (p.counts.running > 0 && ++calls > 0) throw new Error('a bug in a screen');
	};
	await assert.rejects(clock.run(runBatch({plan, items: batchItems(plan), sessionFor: sessionsOn(service), skip: new Map(), clock, onProgress})), /a bug in a screen/);
});
