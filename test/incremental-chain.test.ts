import {after, describe, test} from 'node:test';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import assert from 'node:assert/strict';
import {MAX_WINDOW_MS, MIN_WINDOW_MS, planChain, sameDestination, windowPlan, type ChainInput, type ChainPlan} from '../source/core/incremental/chain-plan.js';
import {readChainFacts} from '../source/core/incremental/chain-exports.js';
import {chainJson, chainWords} from '../source/core/incremental/chain-words.js';
import type {ExportPlan} from '../source/core/plan.js';
import type {ExportDescription} from '../source/core/ports.js';
import {validatePlan} from '../source/core/validate.js';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';
import {builtCli, runCli, startCli} from './helpers/run-cli.js';

const TABLE = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = new Date('2026-12-06T12:00:00Z');
const LATEST = new Date(NOW.getTime() - 5 * MIN);

const PLAN: ExportPlan = {region: 'us-east-1', tableArn: TABLE, bucket: 'orders-exports', prefix: 'exports/orders/', sse: 'AES256', format: 'DYNAMODB_JSON', type: 'INCREMENTAL_EXPORT'};

let ids = 0;
function exported(reaches: Date, overrides: Partial<ExportDescription> = {}): ExportDescription {
	const type = overrides.exportType ?? 'INCREMENTAL_EXPORT';
	const started = new Date(reaches.getTime() + 10 * MIN);
	return {
		exportArn: `${TABLE}/export/${String(started.getTime()).padStart(14, '0')}-${(++ids).toString(16).padStart(8, '0')}`,
		status: 'COMPLETED',
		tableArn: TABLE,
		startTime: started,
		s3Bucket: 'orders-exports',
		s3Prefix: 'exports/orders/',
		exportFormat: 'DYNAMODB_JSON',
		exportType: type,
		...(type === 'INCREMENTAL_EXPORT' ? {incremental: {from: new Date(reaches.getTime() - HOUR), to: reaches, viewType: 'NEW_AND_OLD_IMAGES'}} : {exportTime: reaches}),
		...overrides,
	};
}

function plan(exports: ExportDescription[], pitr: ChainInput['pitr'] = {enabled: true, earliest: new Date(NOW.getTime() - 35 * 24 * HOUR), latest: LATEST}): ChainPlan {
	return planChain({plan: PLAN, viewType: 'NEW_AND_OLD_IMAGES', pitr, exports, now: NOW});
}

const ago = (ms: number) => new Date(LATEST.getTime() - ms);

function windowsOf(chain: ChainPlan) {
	assert.equal(chain.kind, 'chain', JSON.stringify(chain));
	return chain.kind === 'chain' ? chain.windows : [];
}

/** Every window valid for AWS, and consecutive: each starts where the one before ends. */
function assertContiguous(chain: ChainPlan, from: Date) {
	const windows = windowsOf(chain);
	let cursor = from.getTime();
	for (const w of windows) {
		assert.equal(w.from.getTime(), cursor, `window ${w.index} starts where the one before ends`);
		const span = w.to.getTime() - w.from.getTime();
		assert.ok(span >= MIN_WINDOW_MS && span <= MAX_WINDOW_MS, `window ${w.index} is ${span / MIN} minutes`);
		assert.deepEqual(validatePlan(windowPlan(PLAN, w, 'NEW_AND_OLD_IMAGES'), {now: NOW, window: {earliest: new Date(NOW.getTime() - 35 * 24 * HOUR), latest: LATEST}}), []);
		cursor = w.to.getTime();
	}
}

describe('the chain planner', () => {
	test('a gap of 10 minutes: nothing to export yet, and from when a 15-minute window can be', () => {
		const previous = exported(ago(10 * MIN));
		const chain = plan([previous]);
		assert.equal(chain.kind, 'nothing-yet');
		assert.ok(chain.kind === 'nothing-yet');
		// The previous export reaches 11:45; 15 minutes later is 12:00 in PITR time, which is restorable about 5 minutes after.
		assert.equal(chain.exportableAt.toISOString(), '2026-12-06T12:05:00.000Z');
		const words = chainWords(chain, PLAN, NOW);
		assert.match(words.headline, /^Nothing to export yet/);
		assert.match(words.notes.join(' '), /the earliest a 15-minute window can be exported is at 12:05 UTC/i);
		assert.equal(words.offerFull, false);
	});

	test('a gap of 3 hours: one window from where the last export ends to the latest restorable time', () => {
		const previous = exported(ago(3 * HOUR));
		const chain = plan([previous]);
		const windows = windowsOf(chain);
		assert.equal(windows.length, 1);
		assert.equal(windows[0]!.from.getTime(), previous.incremental!.to!.getTime());
		assert.equal(windows[0]!.to.getTime(), LATEST.getTime());
		assertContiguous(chain, previous.incremental!.to!);
	});

	test('a gap of 50 hours: 24 h + 24 h + 2 h, contiguous, each with its own token', () => {
		const previous = exported(ago(50 * HOUR));
		const chain = plan([previous]);
		const windows = windowsOf(chain);
		assert.deepEqual(
			windows.map((w) => (w.to.getTime() - w.from.getTime()) / HOUR),
			[24, 24, 2],
		);
		assertContiguous(chain, previous.incremental!.to!);
		assert.equal(windows[2]!.to.getTime(), LATEST.getTime());
		assert.equal(new Set(windows.map((w) => w.clientToken)).size, 3, 'distinct tokens');
		for (const w of windows) assert.match(w.clientToken, /^chain-[0-9a-f]{40}$/);
		assert.equal(chain.kind === 'chain' && chain.leftover, undefined);
	});

	test('tokens are stable: the same inputs plan the same windows with the same tokens', () => {
		const previous = exported(ago(50 * HOUR));
		const again = {...previous};
		assert.deepEqual(windowsOf(plan([previous])), windowsOf(plan([again])));
		// A later run (the latest restorable time moved on) keeps the full windows' tokens: only the last window changes.
		const later = planChain({plan: PLAN, viewType: 'NEW_AND_OLD_IMAGES', pitr: {enabled: true, latest: new Date(LATEST.getTime() + 20 * MIN)}, exports: [previous], now: new Date(NOW.getTime() + 20 * MIN)});
		const [a, b] = [windowsOf(plan([previous])), windowsOf(later)];
		assert.equal(a[0]!.clientToken, b[0]!.clientToken);
		assert.equal(a[1]!.clientToken, b[1]!.clientToken);
		assert.notEqual(a[2]!.clientToken, b[2]!.clientToken);
		// Another view type is another request: another token.
		const newImage = planChain({plan: PLAN, viewType: 'NEW_IMAGE', pitr: {enabled: true, latest: LATEST}, exports: [previous], now: NOW});
		assert.notEqual(windowsOf(newImage)[0]!.clientToken, a[0]!.clientToken);
	});

	test('a window whose export FAILED is planned again with a new token', () => {
		const previous = exported(ago(3 * HOUR));
		const first = windowsOf(plan([previous]))[0]!;
		const failed = exported(first.to, {status: 'FAILED', incremental: {from: first.from, to: first.to, viewType: 'NEW_AND_OLD_IMAGES'}});
		const retry = windowsOf(plan([previous, failed]))[0]!;
		assert.equal(retry.from.getTime(), first.from.getTime());
		assert.notEqual(retry.clientToken, first.clientToken);
	});

	test('a remainder under 15 minutes ends the chain early and says when it can be exported', () => {
		const previous = exported(ago(24 * HOUR + 5 * MIN));
		const chain = plan([previous]);
		const windows = windowsOf(chain);
		assert.equal(windows.length, 1);
		assert.equal(windows[0]!.to.getTime() - windows[0]!.from.getTime(), 24 * HOUR);
		assert.ok(chain.kind === 'chain' && chain.leftover);
		assert.equal(chain.leftover.from.getTime(), windows[0]!.to.getTime());
		assert.equal(chain.leftover.to.getTime(), LATEST.getTime());
		assert.match(chainWords(chain, PLAN, NOW).notes.join(' '), /last 5 min .* next run can export them from 12:10 UTC/);
	});

	test('beyond the PITR window: said plainly, with a full export as the way out', () => {
		const earliest = new Date(NOW.getTime() - 35 * 24 * HOUR);
		const previous = exported(new Date(earliest.getTime() - 2 * 24 * HOUR), {exportType: 'FULL_EXPORT'});
		const chain = plan([previous]);
		assert.equal(chain.kind, 'beyond-pitr');
		const words = chainWords(chain, PLAN, NOW);
		assert.match(words.headline, /^The last export to this destination ended at 2026-10-30 12:00 UTC; point-in-time recovery only reaches back to 2026-11-01 12:00 UTC: the changes between are gone from PITR\.$/);
		assert.equal(words.offerFull, true);
	});

	test('no previous export to this destination: said, with a full export offered', () => {
		const elsewhere = exported(ago(HOUR), {s3Prefix: 'exports/other/'});
		const otherBucket = exported(ago(HOUR), {s3Bucket: 'another-bucket'});
		const otherOwner = exported(ago(HOUR), {s3BucketOwner: '222222222222'});
		const failed = exported(ago(HOUR), {status: 'FAILED'});
		for (const exports of [[], [elsewhere, otherBucket, otherOwner, failed]]) {
			const chain = plan(exports);
			assert.equal(chain.kind, 'no-previous');
			const words = chainWords(chain, PLAN, NOW);
			assert.match(words.headline, /no completed export of orders to s3:\/\/orders-exports\/exports\/orders\//);
			assert.equal(words.offerFull, true);
		}
	});

	test('previous FULL export: from its ExportTime; previous INCREMENTAL: from its ExportToTime', () => {
		const full = exported(ago(3 * HOUR), {exportType: 'FULL_EXPORT'});
		assert.equal(windowsOf(plan([full]))[0]!.from.getTime(), full.exportTime!.getTime());
		assert.match(chainWords(plan([full]), PLAN, NOW).headline, /\(full\) was as of/);
		const incremental = exported(ago(2 * HOUR));
		// The one reaching furthest is continued, whichever kind.
		const chain = plan([full, incremental]);
		assert.equal(windowsOf(chain)[0]!.from.getTime(), incremental.incremental!.to!.getTime());
		assert.ok(chain.kind === 'chain');
		assert.equal(chain.previous.type, 'INCREMENTAL_EXPORT');
		assert.match(chainWords(chain, PLAN, NOW).headline, /\(incremental\) ended at/);
	});

	test('a late backfill of an old window does not pull the chain back', () => {
		const recent = exported(ago(2 * HOUR));
		const backfill = exported(ago(30 * HOUR), {startTime: new Date(NOW.getTime() - MIN)});
		assert.equal(windowsOf(plan([backfill, recent]))[0]!.from.getTime(), recent.incremental!.to!.getTime());
	});

	test('a window already running from the chain end is watched, not started again; another running export stops the plan', () => {
		const previous = exported(ago(50 * HOUR));
		const planned = windowsOf(plan([previous]));
		const running = exported(planned[0]!.to, {status: 'IN_PROGRESS', clientToken: planned[0]!.clientToken, incremental: {from: planned[0]!.from, to: planned[0]!.to, viewType: 'NEW_AND_OLD_IMAGES'}});
		const resumed = windowsOf(plan([previous, running]));
		assert.equal(resumed[0]!.runningArn, running.exportArn);
		assert.deepEqual(resumed.map((w) => w.clientToken), planned.map((w) => w.clientToken));
		const stray = exported(ago(HOUR), {status: 'IN_PROGRESS', exportType: 'FULL_EXPORT'});
		const blocked = plan([previous, stray]);
		assert.equal(blocked.kind, 'running');
		assert.match(chainWords(blocked, PLAN, NOW).notes[0]!, /ddb-export watch arn:aws:dynamodb/);
	});

	test('PITR off: nothing to continue', () => {
		assert.equal(plan([exported(ago(HOUR))], {enabled: false}).kind, 'pitr-off');
	});

	test('the same destination: a trailing slash of the prefix and an S3BucketOwner of the own account do not matter', () => {
		const base = exported(ago(HOUR));
		assert.ok(sameDestination({...base, s3Prefix: 'exports/orders'}, PLAN));
		assert.ok(sameDestination({...base, s3BucketOwner: '111111111111'}, PLAN));
		assert.ok(!sameDestination({...base, s3BucketOwner: '222222222222'}, PLAN));
		assert.ok(sameDestination({...base, s3BucketOwner: '222222222222'}, {...PLAN, bucketOwner: '222222222222'}));
	});

	test('JSON: windows with the AWS CLI names, tokens, and the status', () => {
		const json = chainJson(plan([exported(ago(3 * HOUR))]), PLAN, NOW) as {status: string; windows: Array<Record<string, unknown>>};
		assert.equal(json.status, 'chain');
		assert.deepEqual(Object.keys(json.windows[0]!).filter((k) => json.windows[0]![k] !== undefined), ['index', 'ExportFromTime', 'ExportToTime', 'durationSeconds', 'ClientToken']);
		assert.equal(json.windows[0]!.durationSeconds, 3 * 3600);
	});
});

describe('reading what a chain is planned from', () => {
	test('exports are described newest first until a COMPLETED one to the destination; older ones are not', async () => {
		const newest = exported(ago(HOUR), {status: 'FAILED'});
		const completed = exported(ago(2 * HOUR));
		const older = Array.from({length: 20}, (_, i) => exported(ago((3 + i) * HOUR)));
		const all = [older[3]!, completed, ...older.slice(4), newest, ...older.slice(0, 3)];
		const described: string[] = [];
		const session = {
			describeContinuousBackups: async () => ({enabled: true, latest: LATEST}),
			listExports: async () => all.map((d) => ({exportArn: d.exportArn, status: d.status, exportType: d.exportType})),
			describeExport: async (arn: string) => {
				described.push(arn);
				return all.find((d) => d.exportArn === arn)!;
			},
		};
		const facts = await readChainFacts(session, PLAN, 'orders');
		assert.ok(facts.exports.some((d) => d.exportArn === completed.exportArn));
		assert.equal(described.length, 8, 'one batch of 8 found it');
		assert.ok(described.indexOf(newest.exportArn) < described.indexOf(completed.exportArn));
		assert.equal(windowsOf(planChain({plan: PLAN, viewType: 'NEW_IMAGE', pitr: facts.pitr, exports: facts.exports, now: NOW}))[0]!.from.getTime(), completed.incremental!.to!.getTime());
	});
});

describe('--since-last on the sandbox (incremental-chain)', () => {
	const sandboxes: Sandbox[] = [];
	const homes: string[] = [];
	after(async () => {
		for (const sandbox of sandboxes) await sandbox.stop();
		for (const home of homes) rmSync(home, {recursive: true, force: true});
	});

	/** A sandbox of the scenario, the CLI's environment for it, and the --since-last command for a prefix. */
	async function chainSandbox(exportDurationMs = 20) {
		const sandbox = await startSandbox({scenario: 'incremental-chain', exportDurationMs});
		sandboxes.push(sandbox);
		const home = mkdtempSync(join(tmpdir(), 'ddb-export-chain-'));
		homes.push(home);
		const files = sandbox.writeSharedConfig(home);
		const env = {AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, AWS_PROFILE: sandbox.defaultProfile};
		const cli = await builtCli();
		const args = (prefix: string) => ['--yes', '--export-type', 'INCREMENTAL_EXPORT', '--since-last', '--no-probe', '--table-arn', TABLE, '--s3-bucket', 'orders-exports', '--s3-prefix', prefix, '--endpoint-url', sandbox.endpoint];
		const run = (prefix: string, ...extra: string[]) => runCli(cli, [...args(prefix), ...extra], {env});
		return {sandbox, run, cli, env, args};
	}

	test('starts exactly the planned windows, once, in order; the same command again starts nothing', async () => {
		const {sandbox, run} = await chainSandbox();
		const first = await run('exports/orders/', '--output', 'json');
		assert.equal(first.code, 0, first.stderr);
		const doc = JSON.parse(first.stdout) as {
			chain: {status: string; windows: Array<{ExportFromTime: string; ExportToTime: string; durationSeconds: number; ClientToken: string}>};
			ExportDescriptions: Array<{ExportStatus: string; ClientToken: string; IncrementalExportSpecification: {ExportFromTime: string; ExportToTime: string}}>;
		};
		assert.equal(doc.chain.status, 'chain');
		// The sandbox's clock runs: the last window ends at the latest restorable time of the run, seconds after the scenario was made.
		const durations = doc.chain.windows.map((w) => w.durationSeconds);
		assert.deepEqual(durations.slice(0, 2), [24 * 3600, 24 * 3600]);
		assert.ok(durations[2]! >= 2 * 3600 && durations[2]! < 2 * 3600 + 60, `last window ${durations[2]} s`);
		for (let i = 1; i < doc.chain.windows.length; i++) assert.equal(doc.chain.windows[i]!.ExportFromTime, doc.chain.windows[i - 1]!.ExportToTime);
		// What AWS was asked for is what the plan said: the same windows with the same tokens, all COMPLETED.
		assert.deepEqual(
			doc.ExportDescriptions.map((d) => [d.ExportStatus, d.ClientToken, new Date(d.IncrementalExportSpecification.ExportFromTime).toISOString(), new Date(d.IncrementalExportSpecification.ExportToTime).toISOString()]),
			doc.chain.windows.map((w) => ['COMPLETED', w.ClientToken, new Date(w.ExportFromTime).toISOString(), new Date(w.ExportToTime).toISOString()]),
		);
		assert.equal(sandbox.stats.exportsStarted, 3);
		const started = sandbox.world.exports().filter((e) => e.clientToken.startsWith('chain-'));
		assert.deepEqual(started.map((e) => e.clientToken).sort(), doc.chain.windows.map((w) => w.ClientToken).sort());
		// The plan was shown before anything started, with the aws command of each window.
		assert.match(first.stderr, /3 windows, each its own incremental export/);
		assert.equal((first.stderr.match(/aws dynamodb export-table-to-point-in-time/g) ?? []).length, 3);
		assert.ok(first.stderr.indexOf('client token chain-') < first.stderr.indexOf('Window 1 of 3'));

		const again = await run('exports/orders/');
		assert.equal(again.code, 0, again.stderr);
		assert.match(again.stdout, /Nothing to export yet: the last export to this destination \(incremental\) ended at/);
		assert.match(again.stdout, /The earliest a 15-minute window can be exported is at (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC/);
		assert.equal(sandbox.stats.exportsStarted, 3, 'the second run started nothing');
	});

	test('Ctrl-C while window 1 runs, then the same command: window 1 is watched, not started again; the rest follow', async () => {
		const {sandbox, run, cli, env, args} = await chainSandbox(2500);
		const first = startCli(cli, args('exports/orders/'), {env});
		await first.waitFor(/Window 1 of 3 .*: starting/);
		await first.waitFor(/IN_PROGRESS/);
		first.child.kill('SIGINT');
		const stopped = await first.done;
		assert.equal(stopped.code, 130, stopped.stderr);
		assert.equal(sandbox.stats.exportsStarted, 1);
		const again = await run('exports/orders/', '--output', 'json');
		assert.equal(again.code, 0, again.stderr);
		assert.match(again.stderr, /The first window is already running \(an earlier run started it\): watched, not started again\./);
		assert.match(again.stderr, /Window 1 of 3 .*: already running, watching it/);
		const doc = JSON.parse(again.stdout) as {chain: {windows: Array<{ClientToken: string}>}; ExportDescriptions: Array<{ExportStatus: string}>};
		assert.deepEqual(doc.ExportDescriptions.map((d) => d.ExportStatus), ['COMPLETED', 'COMPLETED', 'COMPLETED']);
		assert.equal(sandbox.stats.exportsStarted, 3, 'window 1 once, then windows 2 and 3');
		assert.deepEqual(sandbox.world.exports().filter((e) => e.clientToken.startsWith('chain-')).map((e) => e.clientToken), doc.chain.windows.map((w) => w.ClientToken));
	});

	test('the other cases of the scenario: 3 hours, 10 minutes, beyond PITR, no previous export', async () => {
		const {sandbox, run} = await chainSandbox();
		const hourly = await run('exports/orders-hourly/', '--output', 'json');
		assert.equal(hourly.code, 0, hourly.stderr);
		const hours = (JSON.parse(hourly.stdout) as {chain: {windows: Array<{durationSeconds: number}>}}).chain.windows.map((w) => w.durationSeconds);
		assert.equal(hours.length, 1);
		assert.ok(hours[0]! >= 3 * 3600 && hours[0]! < 3 * 3600 + 60, `${hours[0]} s`);

		const recent = await run('exports/orders-recent/', '--output', 'json');
		assert.equal(recent.code, 0, recent.stderr);
		const nothing = JSON.parse(recent.stdout) as {chain: {status: string; exportableAt: string}};
		assert.equal(nothing.chain.status, 'nothing-yet');
		assert.ok(new Date(nothing.chain.exportableAt).getTime() > Date.now());

		const archive = await run('exports/orders-archive/');
		assert.equal(archive.code, 1);
		assert.match(archive.stdout, /point-in-time recovery only reaches back to .*: the changes between are gone from PITR\./);
		assert.match(archive.stdout, /A full export to this destination instead:\n {2}ddb-export --yes --table-arn \S+ --s3-bucket orders-exports --s3-prefix exports\/orders-archive\/ --export-type FULL_EXPORT/);

		const none = await run('exports/orders-new/');
		assert.equal(none.code, 1);
		assert.match(none.stdout, /There is no completed export of orders to s3:\/\/orders-exports\/exports\/orders-new\//);
		assert.equal(sandbox.stats.exportsStarted, 1, 'only the 3-hour window was started');
	});

	test('--since-last with a window or a full export type: bad input naming both flags, before any AWS call', async () => {
		const cli = await builtCli();
		const spec = await runCli(cli, ['--yes', '--since-last', '--table-arn', TABLE, '--s3-bucket', 'b-1234', '--incremental-export-specification', 'ExportFromTime=-3h,ExportToTime=-1h']);
		assert.equal(spec.code, 3);
		assert.match(spec.stderr, /--since-last: --since-last and --incremental-export-specification both set the window/);
		const full = await runCli(cli, ['--yes', '--since-last', '--export-type', 'FULL_EXPORT', '--table-arn', TABLE, '--s3-bucket', 'b-1234']);
		assert.equal(full.code, 3);
		assert.match(full.stderr, /--since-last continues a chain of incremental exports, but --export-type says FULL_EXPORT/);
	});
});

test('line mode: --since-last in the wizard asks no times, shows the windows and their aws commands, and starts them in order', async () => {
	const cli = await builtCli();
	const result = await runCli(cli, ['--demo', 'incremental-chain', '--plain', '--since-last', '--no-probe'], {input: '\n'.repeat(40), env: {DDB_EXPORT_DEMO_EXPORT_MS: '100'}});
	assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
	const asked = result.stdout.split('\n').filter((line) => line.startsWith('? ')).map((line) => line.replace(/ \[.*\]$/, ''));
	assert.ok(!asked.some((q) => /Incremental window (start|end)/.test(q)), asked.join('\n'));
	assert.match(result.stdout, /The last export to this destination \(incremental\) ended at .*: 50 h of changes since, as 3 incremental exports, one after the other\./);
	assert.equal((result.stdout.match(/--incremental-export-specification ExportFromTime=/g) ?? []).length, 3);
	assert.match(result.stdout, /Start the 3 exports, one after the other/);
	assert.match(result.stdout, /Window 1 of 3: [^\n]*\nStarting the export \(client token chain-[\s\S]*Window 3 of 3: .* \(2 COMPLETED\)/);
	assert.match(result.stdout, /Export completed in /);
});
