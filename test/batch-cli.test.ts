// Batches on the command line (issue 17): the flags and every bad-input message, the
// record kept for watch --batch-token, and whole batches through the built CLI on the
// sandbox's many-tables scenario.

import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {isBatch, parseCommandLine, type CliOptions} from '../source/cli/arguments.js';
import {batchFlagsFrom, tablesOfList, type TableListReader} from '../source/cli/batch-plan-from-flags.js';
import {parseRecord, recordStore, recordText, statePlace} from '../source/cli/batch-record.js';
import type {BatchPlan} from '../source/core/batch/types.js';

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
		assert.equal(two.tableArn, undefined, 'no single table: nothing takes the first for the whole batch');
		assert.deepEqual(two.tableArns, [ORDERS(1), ORDERS(2)]);
		assert.equal(isBatch(two), true);
		assert.equal(isBatch(parse(['--tables-from', 'tables.txt'])), true);
		assert.equal(isBatch(parse(['--all-tables', '--table-filter', 'orders-*'])), true);
		assert.equal(isBatch(parse(['--table-arn', ORDERS(1), '--batch-token', 'nightly'])), true);
		const accounts = parse(['--all-tables', '--profile', 'default', '--profile', 'billing']);
		assert.deepEqual([accounts.profile, accounts.profiles], [undefined, ['default', 'billing']]);
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
