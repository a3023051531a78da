// ddb-export verify: the item counters and the verdict on in-memory exports (fast), then
// the built CLI against the sandbox: intact, the damaged-export scenario, a cut data file.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import {createHash} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {PutBucketPolicyCommand, S3Client} from '@aws-sdk/client-s3';
import {AwsCallError} from '../source/core/ports.js';
import {checksumMatches} from '../source/core/verify/export-manifest.js';
import {ionCounter, jsonLinesCounter} from '../source/core/verify/item-counter.js';
import {verifyExport, type ExportObjects} from '../source/core/verify/verify-export.js';
import {verdictExitCode} from '../source/core/verify/verdict.js';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';
import {builtCli, runCli, type CliResult} from './helpers/run-cli.js';
import {exportOf} from './helpers/sandbox-export.js';

function count(counter: ReturnType<typeof jsonLinesCounter>, text: string, chunk = 7) {
	const bytes = Buffer.from(text);
	// Small chunks: lines, strings and comments cross chunk boundaries.
	for (let i = 0; i < bytes.length; i += chunk) counter.push(bytes.subarray(i, i + chunk));
	return counter.end();
}

describe('item counters', () => {
	test('DynamoDB JSON: one object per line; a cut last line is a problem, not an item', () => {
		assert.deepEqual(count(jsonLinesCounter(), '{"Item":{"a":{"S":"x"}}}\n{"Item":{"a":{"S":"y\\n}"}}}\n'), {count: 2});
		assert.deepEqual(count(jsonLinesCounter(), ''), {count: 0});
		const cut = count(jsonLinesCounter(), '{"Item":{"a":{"S":"x"}}}\n{"Item":{"a":{"S"');
		assert.equal('count' in cut && cut.count, 1);
		assert.match('problem' in cut ? String(cut.problem) : '', /line 2 is not a JSON object/);
	});

	test('Ion text, read by ion-js: top-level structs, with braces inside strings, symbols, long strings and comments ignored', () => {
		const text = `$ion_1_0 {Item:{a:"}{",b:'sym}bol',c:'''long } ''' ,d:[1,{e:2}]}} // {not an item}\n/* { } */ {Item:{a:'',b:{{aGVsbG8=}}}}\n{Keys:{pk:"x"}}`;
		assert.deepEqual(count(ionCounter(), text, 5), {count: 3});
		const cut = count(ionCounter(), '{Item:{a:"x"}}\n{Item:{a:"y');
		assert.equal('count' in cut && cut.count, 1);
		assert.match('problem' in cut ? String(cut.problem) : '', /line 2 is not Ion \(a cut or altered line/);
		// Balanced braces are not enough: the altered value is not Ion.
		const altered = count(ionCounter(), '$ion_1_0 {Item:{a:"x"}}\n$ion_1_0 {Item:{a:1..2}}\n');
		assert.match('problem' in altered ? String(altered.problem) : '', /line 2 is not Ion/);
		const notStruct = count(ionCounter(), '$ion_1_0 {Item:{a:"x"}} 42\n');
		assert.match('problem' in notStruct ? String(notStruct.problem) : '', /top-level int/);
		assert.deepEqual(ionCounter().end(), {count: 0});
		const binary = ionCounter();
		binary.push(Buffer.from([0xe0, 0x01, 0x00, 0xea, 0x0f]));
		assert.deepEqual(binary.end(), {unknown: 'binary Ion item counting is not supported (DynamoDB writes Ion text)'});
	});

	test('checksum files: hex or base64 MD5; anything else is not a verdict', () => {
		const text = '{"a":1}';
		const digest = createHash('md5').update(text).digest();
		assert.equal(checksumMatches(digest.toString('hex'), text), true);
		assert.equal(checksumMatches(`${digest.toString('base64')}\n`, text), true);
		assert.equal(checksumMatches(createHash('md5').update('other').digest('hex'), text), false);
		assert.equal(checksumMatches('not a digest', text), undefined);
	});
});

const md5 = (data: Buffer | string, encoding: 'hex' | 'base64') => createHash('md5').update(data).digest(encoding);

/** An export in memory: data files from lines, both manifests and their checksum files. */
function memoryExport(files: string[][], options: {format?: string; checksumName?: 'checksum' | 'md5'} = {}) {
	const objects = new Map<string, Buffer>();
	const base = 'p/AWSDynamoDB/01-ab/';
	const entries = files.map((lines, i) => {
		const body = gzipSync(lines.length ? `${lines.join('\n')}\n` : '');
		const key = `${base}data/file${i}.json.gz`;
		objects.set(key, body);
		return {itemCount: lines.length, md5Checksum: md5(body, 'base64'), etag: `${md5(body, 'hex')}-1`, dataFileS3Key: key};
	});
	const manifest = `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`;
	const summary = JSON.stringify({exportArn: 'arn', manifestFilesS3Key: `${base}manifest-files.json`, itemCount: files.flat().length, outputFormat: options.format ?? 'DYNAMODB_JSON'});
	const ext = options.checksumName ?? 'checksum';
	objects.set(`${base}manifest-files.json`, Buffer.from(manifest));
	objects.set(`${base}manifest-files.${ext}`, Buffer.from(md5(manifest, 'hex')));
	objects.set(`${base}manifest-summary.json`, Buffer.from(summary));
	objects.set(`${base}manifest-summary.${ext}`, Buffer.from(md5(summary, 'base64')));
	const refused = new Set<string>();
	let open = 0;
	let maxOpen = 0;
	const reader: ExportObjects = {
		text: async (key) => {
			if (refused.has(key)) throw new AwsCallError('s3', 'GetObject', 'AccessDenied', 'Access Denied', 403);
			return objects.get(key)?.toString('utf8') ?? null;
		},
		stream: async (key) => {
			if (refused.has(key)) throw new AwsCallError('s3', 'GetObject', 'AccessDenied', 'Access Denied', 403);
			const body = objects.get(key);
			if (!body) return null;
			open++;
			maxOpen = Math.max(maxOpen, open);
			const chunks = Array.from({length: Math.ceil(body.length / 50)}, (_, i) => body.subarray(i * 50, i * 50 + 50));
			return {
				size: body.length,
				body: (async function* () {
					try {
						for (const chunk of chunks) {
							await new Promise((resolve) => setImmediate(resolve));
							yield chunk;
						}
					} finally {
						open--;
					}
				})(),
			};
		},
		list: async (prefix) => [...objects].filter(([key]) => key.startsWith(prefix)).map(([key, body]) => ({key, size: body.length})),
	};
	return {objects, base, reader, refused, maxOpen: () => maxOpen, run: () => verifyExport(reader, {exportArn: 'arn', bucket: 'b', manifestSummaryKey: `${base}manifest-summary.json`, concurrency: 2})};
}

const items = (n: number, from = 0) => Array.from({length: n}, (_, i) => JSON.stringify({Item: {pk: {S: `k${from + i}`}}}));

describe('verifyExport on exports in memory', () => {
	test('intact: every file intact, counts agree, at most `concurrency` files open; .md5 names are read too', async () => {
		const memory = memoryExport([items(30), items(20, 30), [], items(5, 50)], {checksumName: 'md5'});
		const report = await memory.run();
		assert.equal(report.verdict, 'intact', JSON.stringify(report, null, 1));
		assert.deepEqual([report.countedItemCount, report.manifestItemCount, report.summaryItemCount], [55, 55, 55]);
		assert.deepEqual(
			report.files.map((f) => f.status),
			['intact', 'intact', 'intact', 'intact'],
		);
		assert.ok(memory.maxOpen() <= 2 && memory.maxOpen() >= 1);
		assert.equal(verdictExitCode(report.verdict), 0);
	});

	test('a cut data file, an altered one, a missing one and an extra one are each named', async () => {
		const memory = memoryExport([items(30), items(20, 30), items(10, 50), items(3, 60)]);
		const key = (i: number) => `${memory.base}data/file${i}.json.gz`;
		const cut = memory.objects.get(key(0))!;
		memory.objects.set(key(0), cut.subarray(0, cut.length - 12));
		memory.objects.set(key(1), gzipSync(`${items(19, 30).join('\n')}\n`));
		memory.objects.delete(key(2));
		memory.objects.set(`${memory.base}data/stray.json.gz`, gzipSync('{}\n'));
		const report = await memory.run();
		assert.equal(report.verdict, 'damaged');
		assert.equal(verdictExitCode(report.verdict), 1);
		const byKey = Object.fromEntries(report.files.map((f) => [f.key.split('/').pop(), f]));
		assert.equal(byKey['file0.json.gz']!.status, 'unreadable');
		assert.match(byKey['file0.json.gz']!.problems.join(' '), /MD5 .* differs/);
		assert.match(byKey['file0.json.gz']!.problems.join(' '), /does not decompress/);
		assert.equal(byKey['file1.json.gz']!.status, 'damaged');
		assert.match(byKey['file1.json.gz']!.problems.join(' '), /19 items, the manifest says 20/);
		assert.equal(byKey['file2.json.gz']!.status, 'missing');
		assert.equal(byKey['file3.json.gz']!.status, 'intact');
		assert.equal(byKey['stray.json.gz']!.status, 'extra');
	});

	test('an altered manifest is caught by its checksum file; a refused data file is "could not tell"', async () => {
		const altered = memoryExport([items(3)]);
		const filesKey = `${altered.base}manifest-files.json`;
		altered.objects.set(filesKey, Buffer.from(`${altered.objects.get(filesKey)!.toString()}\n`));
		assert.match((await altered.run()).problems.join(' '), /manifest-files.json does not match its checksum file manifest-files.checksum/);

		const refused = memoryExport([items(3), items(4, 3)]);
		refused.refused.add(`${refused.base}data/file1.json.gz`);
		const report = await refused.run();
		assert.equal(report.verdict, 'unknown');
		assert.equal(verdictExitCode(report.verdict), 2);
		assert.equal(report.countedItemCount, null, 'never pretends to a total it could not count');
		assert.match(report.unknowns.join(' '), /GetObject was refused or failed: AccessDenied/);
	});

	test('Ion exports are counted too', async () => {
		const memory = memoryExport([['$ion_1_0 {Item:{pk:"a"}}', '{Item:{pk:"b}"}}'], ['{Item:{pk:"c"}}']], {format: 'ION'});
		const report = await memory.run();
		assert.equal(report.verdict, 'intact', JSON.stringify(report.files));
		assert.equal(report.countedItemCount, 3);
	});
});

function jsonOf(result: CliResult): Record<string, any> {
	try {
		return JSON.parse(result.stdout) as Record<string, any>;
	} catch {
		assert.fail(`stdout is not JSON:\n${result.stdout}\nstderr:\n${result.stderr}`);
	}
}

const explain = (r: CliResult) => `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

describe('ddb-export verify against the sandbox', () => {
	let cli: string;
	const sandboxes: Sandbox[] = [];
	const homes: string[] = [];
	before(async () => {
		cli = await builtCli();
	});
	after(async () => {
		for (const sandbox of sandboxes) await sandbox.stop();
		for (const home of homes) rmSync(home, {recursive: true, force: true});
	});

	/** A sandbox with one completed export of the default plan; its ARN and the CLI's environment. */
	async function exported(scenario: string, format?: 'ION', prepare?: (sandbox: Sandbox) => Promise<void>) {
		const sandbox = await startSandbox({scenario, exportDurationMs: 20});
		sandboxes.push(sandbox);
		const home = mkdtempSync(join(tmpdir(), 'ddb-export-verify-'));
		homes.push(home);
		const files = sandbox.writeSharedConfig(home);
		await prepare?.(sandbox);
		const {arn} = await exportOf(sandbox, {ExportFormat: format});
		const env = {AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, AWS_PROFILE: sandbox.defaultProfile};
		const verify = (...extra: string[]) => runCli(cli, ['verify', arn, '--endpoint-url', sandbox.endpoint, ...extra], {env});
		return {sandbox, arn, verify};
	}

	test('intact export: exit 0, every file intact in the JSON, the words say so', async () => {
		const {verify} = await exported('healthy');
		const json = await verify('--output', 'json');
		assert.equal(json.code, 0, explain(json));
		const report = jsonOf(json).verify;
		assert.equal(report.verdict, 'intact');
		assert.equal(report.countedItemCount, 3500);
		assert.equal(report.summaryItemCount, 3500);
		assert.ok(report.files.length >= 2 && report.files.every((f: {status: string}) => f.status === 'intact'));
		const words = await verify();
		assert.equal(words.code, 0, explain(words));
		assert.match(words.stdout, /^Export intact: \d+ data files\n  s3:\/\/orders-exports\/exports\/orders\/AWSDynamoDB\/\d{14}-[0-9a-f]{8}\/\n/);
		assert.match(words.stdout, /Items: 3,500 counted, 3,500 in the manifest, 3,500 in the summary; 0.1 MB read/);
	});

	test('Ion export: intact, its items counted', async () => {
		const {verify} = await exported('healthy', 'ION');
		const json = await verify('--json');
		assert.equal(json.code, 0, explain(json));
		assert.equal(jsonOf(json).verify.countedItemCount, 3500);
	});

	test('damaged-export scenario: exit 1, the altered file is named with its MD5', async () => {
		const {verify} = await exported('damaged-export');
		const result = await verify('--json');
		assert.equal(result.code, 1, explain(result));
		const report = jsonOf(result).verify;
		const bad = report.files.filter((f: {status: string}) => f.status !== 'intact');
		assert.equal(bad.length, 1);
		assert.equal(bad[0].status, 'damaged');
		assert.match(bad[0].problems.join(' '), /MD5 .* differs from the manifest's/);
		const words = await verify();
		assert.match(words.stdout, /Export NOT intact: 1 of \d+ files is damaged/);
		assert.match(words.stdout, /  ✗ damaged data\/[a-z2-7]{26}\.json\.gz\n      MD5 \S+ differs from the manifest's/);
		for (const line of words.stdout.split('\n')) assert.ok(line.length <= 80, line);
	});

	test('a data file cut short: exit 1, unreadable', async () => {
		const {sandbox, verify} = await exported('healthy');
		const victim = sandbox.world.objects('orders-exports').find((o) => o.key.includes('/data/'))!;
		const body = sandbox.world.object('orders-exports', victim.key)!;
		sandbox.world.alterObject('orders-exports', victim.key, body.subarray(0, Math.floor(body.length / 2)));
		const result = await verify('--json');
		assert.equal(result.code, 1, explain(result));
		const file = jsonOf(result).verify.files.find((f: {key: string}) => f.key === victim.key);
		assert.equal(file.status, 'unreadable');
		assert.match(file.problems.join(' '), /does not decompress/);
	});

	test('a data file past the 16 MB answer limit is streamed to its end (the limit is for answers held whole)', async () => {
		const {sandbox, verify} = await exported('healthy');
		const victim = sandbox.world.objects('orders-exports').find((o) => o.key.includes('/data/'))!;
		sandbox.world.alterObject('orders-exports', victim.key, Buffer.alloc(17 * 1024 * 1024, 7));
		const result = await verify('--json');
		assert.equal(result.code, 1, explain(result));
		const file = jsonOf(result).verify.files.find((f: {key: string}) => f.key === victim.key);
		assert.equal(file.bytes, 17 * 1024 * 1024, 'every byte was read and hashed');
		assert.match(file.problems.join(' '), /MD5 .* differs/);
	});

	test('across accounts: the exporter is refused, told to read as the bucket owner; the owner reads it intact', async () => {
		const {verify} = await exported('cross-account', undefined, async (sandbox) => {
			// The owner lets the exporting role write, and nothing more (as most landing buckets do).
			const owner = sandbox.profiles.find((p) => p.name === 'analytics-admin')!;
			const s3 = new S3Client({endpoint: sandbox.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: {accessKeyId: owner.accessKeyId!, secretAccessKey: owner.secretAccessKey!}});
			const statement = {Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::111111111111:role/DataExporter'}, Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:PutObjectAcl'], Resource: 'arn:aws:s3:::analytics-landing/*'};
			await s3.send(new PutBucketPolicyCommand({Bucket: 'analytics-landing', Policy: JSON.stringify({Version: '2012-10-17', Statement: [statement]})}));
			s3.destroy();
		});
		const refused = await verify();
		assert.equal(refused.code, 2, explain(refused));
		assert.match(refused.stderr, /Could not read manifest-summary.json, so nothing could be verified/);
		assert.match(refused.stderr, /account 222222222222[\s\S]*--reader-profile NAME/);
		// The reader's statement, not the export's write advice.
		assert.match(refused.stderr, /"Action": "s3:GetObject",\s+"Resource": "arn:aws:s3:::analytics-landing\/exports\/orders\/AWSDynamoDB\/\d{14}-[0-9a-f]{8}\/\*"/);
		assert.doesNotMatch(refused.stderr, /PutObject/);
		const asOwner = await verify('--reader-profile', 'analytics-admin', '--json');
		assert.equal(asOwner.code, 0, explain(asOwner));
		assert.equal(jsonOf(asOwner).verify.verdict, 'intact');
	});

	test('bad input: no ARN, a table ARN, an unknown reader profile (exit 3, nothing sent)', async () => {
		const none = await runCli(cli, ['verify']);
		assert.equal(none.code, 3, explain(none));
		const table = await runCli(cli, ['verify', 'arn:aws:dynamodb:us-east-1:111111111111:table/orders']);
		assert.equal(table.code, 3, explain(table));
		assert.match(table.stderr, /table ARN/);
		const reader = await runCli(cli, ['verify', 'arn:aws:dynamodb:us-east-1:111111111111:table/orders/export/01764316800000-a1b2c3d4', '--reader-profile', 'nobody']);
		assert.equal(reader.code, 3, explain(reader));
		assert.match(reader.stderr, /--reader-profile: there is no profile "nobody"/);
	});
});
