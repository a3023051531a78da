// Batches on the command line (issue 17): the flags and every bad-input message, the
// record kept for watch --batch-token, and whole batches through the built CLI on the
// sandbox's many-tables scenario.

import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {isBatch, parseCommandLine, type CliOptions} from '../source/cli/arguments.js';
import {batchFlagsFrom, tablesOfList, type TableListReader} from '../source/cli/batch-plan-from-flags.js';
import {parseRecord, recordStore, recordText, statePlace} from '../source/cli/batch-record.js';
import {batchItems} from '../source/core/batch/batch-items.js';
import type {BatchItemState, BatchPlan} from '../source/core/batch/types.js';
import {BatchChangeLines, batchPlanLines} from '../source/line-mode/batch-lines.js';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';
import {builtCli, runCli, startCli, type CliProcess, type CliResult} from './helpers/run-cli.js';

const ORDERS = (n: number) => `arn:aws:dynamodb:us-east-1:111111111111:table/orders-${String(n).padStart(3, '0')}`;
const BILLING = (n: number) => `arn:aws:dynamodb:us-east-1:333333333333:table/billing-${String(n).padStart(3, '0')}`;

function parse(argv: string[]): CliOptions {
	const parsed = parseCommandLine(argv);
	assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
	return parsed.value;
}

function refused(argv: string[]): string {
	const parsed = parseCommandLine(argv);
	assert.ok(!parsed.ok, `${argv.join(' ')} was accepted`);
	return parsed.message;
}

function explain(result: CliResult): string {
	return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

const files = (texts: Record<string, string>, stdin = ''): TableListReader => ({
	readFile: (path) => {
		if (!(path in texts)) throw Object.assign(new Error(`ENOENT: ${path}`), {code: 'ENOENT'});
		return texts[path]!;
	},
	readStdin: async () => stdin,
});

describe('batch flags', () => {
	test('one --table-arn is today\'s single export; two or more, a list, every table or a token make a batch', () => {
		const single = parse(['--table-arn', ORDERS(1), '--s3-bucket', 'b1b']);
		assert.equal(single.tableArn, ORDERS(1));
		assert.deepEqual(single.tableArns, [ORDERS(1)]);
		assert.equal(isBatch(single), false);
		const two = parse(['--table-arn', ORDERS(1), '--table-arn', ORDERS(2)]);
		assert.equal(two.tableArn, ORDERS(2), 'the last one, as the AWS CLI keeps a repeated flag (a batch reads every one)');
		assert.deepEqual(two.tableArns, [ORDERS(1), ORDERS(2)]);
		assert.equal(isBatch(two), true);
		assert.equal(isBatch(parse(['--tables-from', 'tables.txt'])), true);
		assert.equal(isBatch(parse(['--all-tables', '--table-filter', 'orders-*'])), true);
		assert.equal(isBatch(parse(['--table-arn', ORDERS(1), '--batch-token', 'nightly'])), true);
		const accounts = parse(['--all-tables', '--profile', 'default', '--profile', 'billing']);
		assert.deepEqual([accounts.profile, accounts.profiles], ['billing', ['default', 'billing']]);
		assert.equal(parse(['--profile', 'default']).profile, 'default');
		assert.equal(parse(['--concurrency', '20', '--all-tables']).concurrency, 20);
		// watch re-attaches by token, with or without the table flags.
		assert.equal(parse(['watch', '--batch-token', 'nightly', '--profile', 'a', '--profile', 'b']).batchToken, 'nightly');
	});

	test('flags that do not go together, or not with the command, are refused with the fix', () => {
		assert.match(refused(['--table-filter', 'orders-*']), /--table-filter narrows --all-tables; add --all-tables/);
		assert.match(refused(['--all-tables', '--table-arn', ORDERS(1)]), /--all-tables takes every table of each profile; leave out --table-arn/);
		assert.match(refused(['--all-tables', '--tables-from', 'x']), /leave out --tables-from/);
		assert.match(refused(['--table-arn', ORDERS(1), '--table-arn', ORDERS(2), '--client-token', 'abc']), /--client-token names one export; a batch derives each table's token from --batch-token/);
		assert.match(refused(['list', '--table-arn', ORDERS(1), '--table-arn', ORDERS(2)]), /--table-arn is given 2 times; list takes one table/);
		assert.match(refused(['verify', 'arn:x', '--profile', 'a', '--profile', 'b']), /--profile is given 2 times; verify runs as one profile/);
		assert.match(refused(['policies', '--all-tables']), /--all-tables makes a batch, which policies does not take/);
		assert.match(refused(['list', '--batch-token', 'x']), /--batch-token names a batch, which list does not take/);
		assert.match(refused(['--concurrency', '0', '--all-tables']), /--concurrency: "0" is not a number of exports at once per account; give a whole number from 1 to 300/);
		assert.match(refused(['check', '--concurrency', '3', '--all-tables']), /--concurrency paces the exports of a batch; it belongs to export/);
		assert.match(refused(['--tabels-from', 'x']), /unknown flag --tabels-from\. Did you mean --tables-from\?/);
		assert.match(refused(['--batch-tokn', 'x']), /Did you mean --batch-token\?/);
	});

	test('a table list: one ARN a line, # comments and blank lines skipped; a bad line is named with its number and the fix', () => {
		const listed = tablesOfList(`# nightly\n${ORDERS(1)}\n\n  ${ORDERS(2)}   # the big one\n`, 'tables.txt');
		assert.deepEqual(listed.problems, []);
		assert.deepEqual(listed.tables.map((t) => [t.arn.table, t.from]), [['orders-001', '--tables-from tables.txt, line 2'], ['orders-002', '--tables-from tables.txt, line 4']]);
		const lines = Array.from({length: 6}, (_, i) => ORDERS(i));
		lines.push('arn:aws:dynamodb:us-east-1:11111111111:table/orders-x');
		const bad = tablesOfList(lines.join('\n'), 'tables.txt');
		assert.equal(bad.problems.length, 1);
		assert.equal(bad.problems[0]!.flag, '--tables-from tables.txt, line 7');
		assert.match(bad.problems[0]!.message, /account part "11111111111" .* exactly 12 digits\. Correct the line, or start it with # to leave it out\./);
		assert.match(tablesOfList('# nothing\n\n', 'empty.txt').problems[0]!.message, /names no table/);
	});

	test('every bad batch input is said before any AWS call, naming the flag or the line', async () => {
		const problems = async (argv: string[], reader = files({})) => {
			const result = await batchFlagsFrom(parse(argv), reader);
			assert.ok(!result.ok, `${argv.join(' ')} was accepted`);
			return result.problems.map((p) => `${p.flag}: ${p.message}`).join('\n');
		};
		assert.match(await problems(['--table-arn', ORDERS(1), '--table-arn', 'orders-2']), /^--table-arn: "orders-2" is a table name, not an ARN/);
		assert.match(await problems(['--tables-from', 'tables.txt'], files({'tables.txt': `${ORDERS(1)}\n${ORDERS(2)}\nnot-an-arn\n`})), /--tables-from tables.txt, line 3: /);
		assert.match(await problems(['--tables-from', 'missing.txt']), /--tables-from: cannot read missing.txt \(there is no such file\)/);
		assert.match(
			await problems(['--table-arn', ORDERS(1), '--tables-from', 'tables.txt'], files({'tables.txt': `${ORDERS(2)}\n${ORDERS(1)}\n`})),
			/--tables-from tables.txt, line 2: orders-001 \(account 111111111111, us-east-1\) is named twice, also by --table-arn; name each table once\./,
		);
		assert.match(await problems(['--table-arn', ORDERS(1), '--table-arn', ORDERS(2), '--s3-prefix', '{tabel}/']), /^--s3-prefix: .*\{tabel\}/);
		assert.match(await problems(['--table-arn', ORDERS(1), '--batch-token', 'no spaces']), /--batch-token: The batch token may hold letters, digits/);
		assert.match(await problems(['--all-tables', '--profile', 'a', '--profile', 'a']), /--profile: "a" is given twice/);
		assert.match(await problems(['--tables-from', '-'], files({}, '# none\n')), /--tables-from standard input: names no table/);
		const fromStdin = await batchFlagsFrom(parse(['--tables-from', '-']), files({}, `${ORDERS(3)}\n${BILLING(0)}\n`));
		assert.ok(fromStdin.ok);
		assert.deepEqual(fromStdin.value.tables.map((t) => t.arn.table), ['orders-003', 'billing-000']);
		assert.equal(fromStdin.value.prefixTemplate, '{table}/', 'a batch puts each table in its own folder by default');
	});
});

describe('the record of a batch', () => {
	const plan: BatchPlan = {
		sources: [
			{profile: 'default', region: 'us-east-1', tableArns: [ORDERS(0), ORDERS(1)]},
			{profile: 'billing', region: 'us-east-1', tableArns: [BILLING(0)]},
		],
		destination: {bucket: 'lake-exports', bucketOwner: '222222222222', prefixTemplate: '{account}/{table}/{date}/', sse: 'AES256'},
		format: 'DYNAMODB_JSON',
		type: 'FULL_EXPORT',
		batchToken: 'nightly-1',
		date: '2026-12-06',
		force: true,
	};

	test('the state folder: XDG_STATE_HOME, ~/.local/state, macOS and Windows places', () => {
		assert.equal(statePlace({XDG_STATE_HOME: '/x/state'}, 'linux', '/home/a')?.folder, '/x/state/ddb-export');
		assert.equal(statePlace({XDG_STATE_HOME: 'relative'}, 'linux', '/home/a')?.folder, '/home/a/.local/state/ddb-export');
		assert.equal(statePlace({}, 'darwin', '/Users/a')?.folder, '/Users/a/Library/Application Support/ddb-export');
		assert.equal(statePlace({}, 'linux', undefined), undefined);
	});

	test('written and read back whole, with no secret and without --force (a choice of one run)', () => {
		const home = mkdtempSync(join(tmpdir(), 'ddb-export-state-'));
		try {
			const store = recordStore(statePlace({}, 'linux', home));
			const saved = store.save(plan, new Date('2026-12-06T22:00:00Z'));
			assert.ok(saved.ok, saved.ok ? '' : saved.why);
			assert.equal(statSync(saved.path).mode & 0o777, 0o600);
			assert.equal(statSync(join(home, '.local', 'state', 'ddb-export')).mode & 0o777, 0o700);
			const loaded = store.load('nightly-1');
			assert.ok(loaded.ok, loaded.ok ? '' : loaded.why);
			assert.deepEqual(loaded.plan, {...plan, force: false});
			assert.doesNotMatch(recordText(plan, new Date()), /secret|AKIA|ASIA|aws_access_key/i);
			assert.deepEqual(readdirSync(join(home, '.local', 'state', 'ddb-export')), ['batch-nightly-1.json'], 'no temporary file left');
			assert.match(store.load('other').ok ? '' : (store.load('other') as {why: string}).why, /there is no record of it here/);
		} finally {
			rmSync(home, {recursive: true, force: true});
		}
	});

	test('a new record removes records of batches last written more than 30 days ago, and nothing else', () => {
		const home = mkdtempSync(join(tmpdir(), 'ddb-export-state-'));
		try {
			const place = statePlace({}, 'linux', home)!;
			const store = recordStore(place);
			assert.ok(store.save({...plan, batchToken: 'old'}, new Date()).ok);
			const long = new Date(Date.now() - 31 * 24 * 3600 * 1000);
			utimesSync(join(place.folder, 'batch-old.json'), long, long);
			writeFileSync(join(place.folder, 'notes.txt'), 'mine');
			utimesSync(join(place.folder, 'notes.txt'), long, long);
			assert.ok(store.save(plan, new Date()).ok);
			assert.deepEqual(readdirSync(place.folder).sort(), ['batch-nightly-1.json', 'notes.txt']);
			assert.deepEqual(store.tokens(), ['nightly-1']);
		} finally {
			rmSync(home, {recursive: true, force: true});
		}
	});

	test('a symlink, a file others may write, or a record that does not parse is never used', () => {
		const home = mkdtempSync(join(tmpdir(), 'ddb-export-state-'));
		try {
			const place = statePlace({}, 'linux', home)!;
			const store = recordStore(place);
			assert.ok(store.save(plan, new Date()).ok);
			const path = join(place.folder, 'batch-nightly-1.json');
			chmodSync(path, 0o666);
			assert.match((store.load('nightly-1') as {why: string}).why, /written by other users/);
			rmSync(path);
			const elsewhere = join(home, 'elsewhere.json');
			writeFileSync(elsewhere, recordText(plan, new Date()), {mode: 0o600});
			symlinkSync(elsewhere, path);
			assert.match((store.load('nightly-1') as {why: string}).why, /symbolic link/);
			assert.equal(parseRecord('{"version":1,"batchToken":"nightly-1"}', 'nightly-1').ok, false);
			assert.match((parseRecord(recordText(plan, new Date()), 'other') as {why: string}).why, /another batch/);
			const tampered = JSON.parse(recordText(plan, new Date()));
			tampered.sources[0].tableArns.push('arn:aws:s3:::not-a-table');
			assert.match((parseRecord(JSON.stringify(tampered), 'nightly-1') as {why: string}).why, /table ARN is not valid/);
		} finally {
			rmSync(home, {recursive: true, force: true});
		}
	});
});

describe('a batch through the built CLI on the many-tables sandbox', () => {
	let cli: string;
	let sandbox: Sandbox;
	let dir: string;
	let env: Record<string, string>;
	let batchToken: string;
	const BATCH = ['--profile', 'default', '--profile', 'billing', '--all-tables', '--s3-bucket', 'lake-exports', '--s3-bucket-owner', '222222222222'];
	const started = () => sandbox.stats.exportsStarted;

	before(async () => {
		cli = await builtCli();
		sandbox = await startSandbox({scenario: 'many-tables', exportDurationMs: 200, latencyMs: 0});
		dir = mkdtempSync(join(tmpdir(), 'ddb-export-batch-'));
		const files = sandbox.writeSharedConfig(dir);
		// The watcher describes each finished export within its budget of status calls: the
		// sandbox answers at once, so the budget is raised to keep the test short.
		env = {AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, DDB_EXPORT_STATUS_CALLS_PER_MINUTE: '6000', XDG_STATE_HOME: join(dir, 'state')};
	});
	after(async () => {
		await sandbox?.stop();
		rmSync(dir, {recursive: true, force: true});
	});

	/** Answers a numbered question: the number of the option whose label is `label`. */
	async function answer(run: CliProcess, question: RegExp, label: string): Promise<void> {
		try {
			// The question, then its numbered options (printed after it).
			await run.waitFor(new RegExp(`${question.source}[\\s\\S]*Enter chooses`), 60_000);
		} catch (error) {
			run.child.kill();
			throw error;
		}
		const text = run.stderr();
		const asked = text.slice(text.search(question));
		const option = new RegExp(`^  (\\d+)\\) ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(|$)`, 'm').exec(asked);
		assert.ok(option, `no option "${label}" after ${question}:\n${asked}`);
		run.child.stdin.write(`${option[1]}\n`);
	}

	test('check with a batch: shared checks once per profile, table checks per table; exit 1, nothing started', async () => {
		const result = await runCli(cli, ['check', ...BATCH, '--output', 'json'], {env});
		assert.equal(result.code, 1, explain(result));
		const doc = JSON.parse(result.stdout) as {tables: unknown[]; checks: {shared: Record<string, Array<{id: string; status: string}>>; perTable: Record<string, Array<{id: string; status: string}>>; pitrOff: string[]}};
		assert.equal(doc.tables.length, 60);
		assert.deepEqual(Object.keys(doc.checks.shared), ['default', 'billing']);
		assert.equal(doc.checks.shared.billing!.find((c) => c.id === 'bucket-policy')?.status, 'failed');
		assert.equal(doc.checks.shared.default!.find((c) => c.id === 'write-probe')?.status, 'passed');
		assert.deepEqual(doc.checks.pitrOff, [ORDERS(7)]);
		assert.equal(Object.keys(doc.checks.perTable).length, 60);
		assert.equal(started(), 0);
	});

	test('both accounts: the bucket statement for 333333333333 applied as offered, then 59 completed and orders-007 skipped with its reason (exit 1)', async () => {
		const run = startCli(cli, BATCH, {env});
		await answer(run, /Apply it to arn:aws:s3:::lake-exports now, as which profile/, 'lake-admin');
		await answer(run, /Write this bucket policy as lake-admin\?/, 'Yes');
		await answer(run, /Turn on point-in-time recovery for table orders-007 now\?/, 'No');
		await answer(run, /Start the export of 59 tables \(1 skipped\)\?/, 'Yes');
		const result = await run.done;
		assert.equal(result.code, 1, explain(result));
		// The shared check failed for billing only, with the statement that fixes it.
		assert.match(result.stderr, /Checks shared by the tables of billing:[\s\S]*FAILED +Bucket policy:/);
		// One statement for every source's principal, on every table's prefix.
		assert.match(result.stderr, /for every source account at once:\n1\. Bucket policy for lake-exports \(fixes: billing: Bucket policy/);
		assert.match(result.stderr, /"arn:aws:iam::111111111111:role\/DataExporter",\n +"arn:aws:iam::333333333333:role\/DataExporter"[\s\S]*"arn:aws:s3:::lake-exports\/billing-009\/\*"/);
		assert.match(sandbox.world.bucketPolicy('lake-exports') ?? '', /333333333333:role\/DataExporter/, 'the statement is in the bucket policy');
		assert.match(sandbox.world.bucketPolicy('lake-exports') ?? '', /OrdersAccountExports/, 'merged with the policy in place');
		// The plan: a row per table with its size, PITR and prefix.
		assert.match(result.stderr, /^ {2}111111111111 {2}orders-007 +\d[\d.]* [KM]?B {2}OFF {3}orders-007\/$/m);
		assert.match(result.stderr, /^ {2}333333333333 {2}billing-009 +\d[\d.]* [KM]?B {2}on {4}billing-009\/$/m);
		batchToken = /^Batch (\S+): 59 of 60 completed, 1 skipped\.$/m.exec(result.stdout)?.[1] ?? '';
		assert.ok(batchToken, explain(result));
		assert.match(result.stdout, /^ {2}skipped {2}111111111111 orders-007: PITR: Point-in-time recovery is off for orders-007\.$/m);
		assert.equal(started(), 59);
		assert.equal(sandbox.world.exports().filter((e) => e.status === 'COMPLETED').length, 59);
		assert.match(result.stderr, new RegExp(`ddb-export --profile default --profile billing --all-tables .*--batch-token ${batchToken}`));
	});

	test('piped answers that end before the questions do stop the batch before anything starts (exit 130)', async () => {
		const result = await runCli(cli, BATCH, {env, input: ''});
		assert.equal(result.code, 130, explain(result));
		assert.match(result.stderr, /Turn on point-in-time recovery for table orders-007 now\?[\s\S]*The input ended before every question was answered; nothing more was done\./);
		assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace');
		assert.equal(started(), 59);
	});

	test('the same command again with --batch-token starts nothing new', async () => {
		assert.ok(batchToken, 'needs the batch of the previous test');
		const run = startCli(cli, [...BATCH, '--batch-token', batchToken], {env});
		await answer(run, /Turn on point-in-time recovery for table orders-007 now\?/, 'No');
		await answer(run, /Start the export of 59 tables \(1 skipped\)\?/, 'Yes');
		const result = await run.done;
		assert.equal(result.code, 1, explain(result));
		assert.match(result.stdout, /: 59 of 60 completed, 1 skipped\./);
		assert.equal(started(), 59, 'no StartExport started another export');
		assert.doesNotMatch(result.stderr, /Apply it to/, 'the bucket policy applied before holds');
	});

	test('watch --batch-token re-attaches from the record kept and ends with the summary', async () => {
		const result = await runCli(cli, ['watch', '--batch-token', batchToken, '--output', 'json'], {env});
		assert.equal(result.code, 1, explain(result));
		const doc = JSON.parse(result.stdout) as {ExportDescriptions: Array<{ExportStatus: string; ItemCount?: number}>; Summary: Record<string, unknown> & {Items: Array<{TableName: string; Status: string; Reason?: string}>}};
		assert.equal(doc.ExportDescriptions.length, 59);
		assert.ok(doc.ExportDescriptions.every((d) => d.ExportStatus === 'COMPLETED' && typeof d.ItemCount === 'number'));
		assert.deepEqual([doc.Summary.Tables, doc.Summary.Completed, doc.Summary.Skipped, doc.Summary.Failed], [60, 59, 1, 0]);
		assert.match(doc.Summary.Items.find((i) => i.TableName === 'orders-007')?.Reason ?? '', /no export of this batch was found/);
		assert.equal(started(), 59);
		// Without a record, the exports are found by their client tokens in the profiles' accounts.
		const elsewhere = {...env, XDG_STATE_HOME: join(dir, 'another-machine')};
		const attached = await runCli(cli, ['watch', '--batch-token', batchToken, '--profile', 'default', '--profile', 'billing'], {env: elsewhere});
		assert.equal(attached.code, 0, explain(attached));
		assert.match(attached.stderr, /No record of batch .* here \(there is no record of it here\): looking for its exports as default, billing/);
		assert.match(attached.stdout, /: 59 of 59 completed\./);
		const unknown = await runCli(cli, ['watch', '--batch-token', 'never-started', '--profile', 'default'], {env: elsewhere});
		assert.equal(unknown.code, 2, explain(unknown));
		assert.match(unknown.stderr, /No export of batch never-started was found as default/);
	});

	test('--tables-from - reads the tables from standard input (check, no questions)', async () => {
		const result = await runCli(cli, ['check', '--tables-from', '-', '--profile', 'default', '--s3-bucket', 'lake-exports', '--s3-bucket-owner', '222222222222', '--output', 'json'], {env, input: `# two of them\n${ORDERS(3)}\n${ORDERS(4)}\n`});
		assert.ok(result.code === 0 || result.code === 2, explain(result));
		assert.deepEqual((JSON.parse(result.stdout) as {tables: Array<{tableArn: string; prefix: string}>}).tables.map((t) => [t.tableArn, t.prefix]), [[ORDERS(3), 'orders-003/'], [ORDERS(4), 'orders-004/']]);
	});

	test('bad input is said before any AWS call: no call reaches the sandbox', async () => {
		const calls = sandbox.stats.calls;
		const tables = join(dir, 'tables.txt');
		writeFileSync(tables, [ORDERS(1), ORDERS(2), '# a comment', '', ORDERS(3), ORDERS(4), ORDERS(5), 'arn:aws:dynamodb:us-east-1:111111111111:tabel/orders-006'].join('\n'));
		const bad = await runCli(cli, ['--tables-from', tables, '--s3-bucket', 'lake-exports', '--yes'], {env});
		assert.equal(bad.code, 3, explain(bad));
		assert.match(bad.stderr, /--tables-from .*tables\.txt, line 8: The resource part must be "table\/NAME"/);
		const placeholder = await runCli(cli, ['--table-arn', ORDERS(1), '--table-arn', ORDERS(2), '--s3-bucket', 'lake-exports', '--s3-prefix', '{acount}/{table}/', '--yes'], {env});
		assert.equal(placeholder.code, 3, explain(placeholder));
		assert.match(placeholder.stderr, /--s3-prefix: \{acount\} is not a placeholder/);
		const twice = await runCli(cli, ['--table-arn', ORDERS(1), '--table-arn', ORDERS(1), '--s3-bucket', 'lake-exports', '--yes'], {env});
		assert.match(twice.stderr, /orders-001 .* is named twice, also by --table-arn; name each table once/);
		assert.equal(sandbox.stats.calls, calls, 'nothing was sent to AWS');
		const glob = await runCli(cli, ['--profile', 'default', '--all-tables', '--table-filter', 'order-*', '--s3-bucket', 'lake-exports', '--yes'], {env});
		assert.equal(glob.code, 3, explain(glob));
		assert.match(glob.stderr, /--table-filter "order-\*": no table name matches[\s\S]*default @ us-east-1 \(account 111111111111\): 50 tables, orders-000/);
		assert.equal(started(), 59, 'nothing was started');
	});
});

test('Ctrl-C while a batch runs detaches (exit 130): the exports go on, and the watch command is printed', async () => {
	const cli = await builtCli();
	const slow = await startSandbox({scenario: 'many-tables', exportDurationMs: 120_000});
	const dir = mkdtempSync(join(tmpdir(), 'ddb-export-batch-'));
	try {
		const files = slow.writeSharedConfig(dir);
		const env = {AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, XDG_STATE_HOME: join(dir, 'state')};
		const run = startCli(cli, ['--yes', '--profile', 'default', '--table-arn', ORDERS(1), '--table-arn', ORDERS(2), '--s3-bucket', 'lake-exports', '--s3-bucket-owner', '222222222222'], {env});
		await run.waitFor(/orders-002: started, export /, 60_000);
		run.child.kill('SIGINT');
		const result = await run.done;
		assert.equal(result.code, 130, explain(result));
		assert.match(result.stderr, /Stopped watching the batch\. Its exports keep running on AWS\.\n {2}Fix: Watch them again with:\n {4}ddb-export watch --batch-token [0-9a-f-]{36}\n/);
		assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace');
		assert.equal(slow.stats.exportsStarted, 2);
		assert.ok(readdirSync(join(dir, 'state', 'ddb-export')).some((name) => name.startsWith('batch-')), 'the record the watch command reads was kept');
	} finally {
		await slow.stop();
		rmSync(dir, {recursive: true, force: true});
	}
});

test('line mode at 80 columns: the plan rows and change lines of usual names fit, a long name is never cut', () => {
	const plan: BatchPlan = {
		sources: [{profile: 'default', region: 'us-east-1', tableArns: [ORDERS(1), BILLING(2), 'arn:aws:dynamodb:us-east-1:111111111111:table/a-table-name-much-longer-than-the-usual-ones']}],
		destination: {bucket: 'lake-exports', prefixTemplate: '{table}/', sse: 'AES256'},
		format: 'DYNAMODB_JSON',
		type: 'FULL_EXPORT',
		batchToken: 't',
		date: '2026-12-06',
		force: false,
	};
	const items = batchItems(plan, new Map([[ORDERS(1), {sizeBytes: 123_456_789, pitrEnabled: true}]]));
	const rows = batchPlanLines(items);
	assert.ok(rows.slice(0, 3).every((row) => row.length <= 80), rows.join('\n'));
	assert.match(rows.at(-1)!, /a-table-name-much-longer-than-the-usual-ones +— +\? +a-table-name-much-longer-than-the-usual-ones\/$/);
	const printed: string[] = [];
	const lines = new BatchChangeLines((line) => printed.push(line));
	const exportArn = `${ORDERS(1)}/export/01796599826518-f5f3c5cf`;
	const states = new Map<string, BatchItemState>([[ORDERS(1), {kind: 'running', exportArn}], [BILLING(2), {kind: 'queued'}]]);
	const counts = {queued: 1, starting: 0, running: 1, completed: 0, failed: 0, skipped: 0};
	lines.update({items, states, counts, statusCalls: 0});
	lines.update({items, states, counts, statusCalls: 1});
	states.set(ORDERS(1), {kind: 'failed', exportArn, code: 'S3AccessDenied', message: 'Access Denied'});
	lines.update({items, states, counts: {...counts, running: 0, failed: 1}, statusCalls: 2});
	states.set(BILLING(2), {kind: 'completed', exportArn: `${BILLING(2)}/export/01796599826519-ce1130d5`, description: {exportArn: '', status: 'COMPLETED', itemCount: 4800, billedSizeBytes: 1_234_567, startTime: new Date(0), endTime: new Date(65_000)}});
	lines.update({items, states, counts: {...counts, queued: 0, running: 0, failed: 1, completed: 1}, statusCalls: 3});
	assert.deepEqual(printed, [
		'orders-001: started, export 01796599826518-f5f3c5cf',
		// AWS's failure message is said whole (it may wrap).
		'orders-001: FAILED: S3AccessDenied: Access Denied (1 of 3 done · 1 queued · 1 failed)',
		'billing-002: COMPLETED in 1:05 · 4,800 items · 1.2 MB (2 of 3 done · 1 failed)',
	]);
	assert.ok([printed[0], printed[2]].every((line) => line!.length <= 80));
});
