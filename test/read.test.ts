// ddb-export read: numbers kept to the digit, the core reader (readExportItems) against the
// sandbox's attribute-types export in both formats, value by value, then the built CLI:
// --limit, --to FILE and DIR, across accounts, an incremental export, and `read | head -1`.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {DescribeExportCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb';
import {PutBucketPolicyCommand, S3Client} from '@aws-sdk/client-s3';
import {createAwsGateway} from '../source/aws/gateway.js';
import {loadUnmarshal} from '../source/aws/unmarshal-item.js';
import {decimalText, ExactNumber, jsonNumberText} from '../source/core/read/exact-number.js';
import {ionStructs} from '../source/core/read/ion-values.js';
import {LineTooLong, splitLines} from '../source/core/read/line-splitter.js';
import {plainJson} from '../source/core/read/plain-json.js';
import {readExportItems, ReadExportError, type ReadItem} from '../source/core/read/read-export.js';
import type {ExportDescription} from '../source/core/ports.js';
import {builtCli, cliEnv, runCli, type CliResult} from './helpers/run-cli.js';
import {exportOf} from './helpers/sandbox-export.js';
import {progressText} from '../source/cli/commands/export-reader.js';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';

describe('numbers to the digit', () => {
	test('DynamoDB number text is kept; other spellings become JSON numbers of the same value', () => {
		for (const text of ['0', '-7', '12345678901234567890123456789012345678', '-0.000000000000000000000000000000000001', '1E+125', '2.5e-3']) {
			assert.equal(jsonNumberText(text), text);
		}
		assert.equal(jsonNumberText('+5'), '5');
		assert.equal(jsonNumberText('.5'), '0.5');
		assert.equal(jsonNumberText('5.'), '5');
		assert.equal(jsonNumberText('007.10'), '7.10');
		assert.equal(jsonNumberText('1d3'), '1000');
		assert.equal(jsonNumberText('abc'), undefined);
		assert.equal(jsonNumberText(''), undefined);
	});

	test('Ion decimals (coefficient × 10^exponent) as plain digits, an exponent only when far out', () => {
		assert.equal(decimalText(false, '6', 2), '600');
		assert.equal(decimalText(false, '103', 0), '103');
		assert.equal(decimalText(true, '15', -4), '-0.0015');
		assert.equal(decimalText(true, '0', 0), '0');
		assert.equal(decimalText(false, '1', 125), '1e125');
		assert.equal(decimalText(false, '1', -130), '1e-130');
	});

	test('plain JSON: sets as arrays, binary as base64, NULL as null, digits as they are', () => {
		const value = {n: new ExactNumber('99999999999999999999999999999999999999'), b: new Uint8Array([104, 105]), s: new Set(['x']), l: [null, true], m: {k: 'v\u009b'}};
		assert.equal(plainJson(value), '{"n":99999999999999999999999999999999999999,"b":"aGk=","s":["x"],"l":[null,true],"m":{"k":"v\\u009b"}}');
	});

	test('Ion lines: every DynamoDB type by AWS\'s mapping; a line that is not Ion is an error', () => {
		const [record] = ionStructs('$ion_1_0 {Item:{a:6d2,b:{{aGk=}},c:$dynamodb_NS::[1.,2.5],d:null,e:"x",f:[{g:true}],h:12345678901234567890123456789012345678.}}');
		assert.equal(plainJson(record!), '{"Item":{"a":600,"b":"aGk=","c":[1,2.5],"d":null,"e":"x","f":[{"g":true}],"h":12345678901234567890123456789012345678}}');
		assert.throws(() => ionStructs('{Item:{a:"x'));
	});
});

describe('progress line', () => {
	test('files, bytes of the total, items and the time left; without a total, what is known', () => {
		assert.equal(progressText('Reading', {filesDone: 3, filesTotal: 20, bytesDone: 12 * 1048576, bytesTotal: 80 * 1048576}, 4000, '35,000 items'), 'Reading: files 3/20 · 12.0 MB of 80.0 MB · 35,000 items · about 23 s left');
		assert.equal(progressText('Verifying', {filesDone: 0, filesTotal: 2, bytesDone: 0}, 0), 'Verifying: files 0/2 · 0.0 MB');
	});
});

describe('line splitter', () => {
	const chunks = async function* (parts: string[]) {
		for (const part of parts) yield Buffer.from(part);
	};
	const lines = async (parts: string[], max?: number) => {
		const out: string[] = [];
		for await (const line of splitLines(chunks(parts), max)) out.push(line.toString());
		return out;
	};

	test('lines across chunks, CRLF, a last line without newline; a line past the limit is an error', async () => {
		assert.deepEqual(await lines(['a', 'b\nc', 'd\r\n\ne', 'f']), ['ab', 'cd', '', 'ef']);
		assert.deepEqual(await lines(['x\n']), ['x']);
		assert.deepEqual(await lines([]), []);
		await assert.rejects(lines(['0123456789', '0123456789'], 15), LineTooLong);
	});
});

/** What a DynamoDB JSON attribute value should print as, written independently of the reader. */
function expectedJson(value: Record<string, unknown>): string {
	const [type, inner] = Object.entries(value)[0]!;
	switch (type) {
		case 'S':
		case 'B':
			return JSON.stringify(inner);
		case 'N':
			return inner as string;
		case 'BOOL':
			return String(inner);
		case 'NULL':
			return 'null';
		case 'SS':
		case 'BS':
			return `[${(inner as string[]).map((s) => JSON.stringify(s)).join(',')}]`;
		case 'NS':
			return `[${(inner as string[]).join(',')}]`;
		case 'L':
			return `[${(inner as Record<string, unknown>[]).map(expectedJson).join(',')}]`;
		case 'M':
			return expectedMap(inner as Record<string, Record<string, unknown>>);
	}
	throw new Error(`unknown type ${type}`);
}

function expectedMap(map: Record<string, Record<string, unknown>>): string {
	return `{${Object.entries(map)
		.map(([name, member]) => `${JSON.stringify(name)}:${expectedJson(member)}`)
		.join(',')}}`;
}

describe('readExportItems against the sandbox (attribute-types)', () => {
	let sandbox: Sandbox;
	let home: string;
	const saved = {config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE};
	before(async () => {
		sandbox = await startSandbox({scenario: 'attribute-types', exportDurationMs: 20});
		home = mkdtempSync(join(tmpdir(), 'ddb-export-read-'));
		const files = sandbox.writeSharedConfig(home);
		process.env.AWS_CONFIG_FILE = files.configFile;
		process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
	});
	after(async () => {
		await sandbox.stop();
		rmSync(home, {recursive: true, force: true});
		process.env.AWS_CONFIG_FILE = saved.config;
		process.env.AWS_SHARED_CREDENTIALS_FILE = saved.credentials;
	});
	const session = () =>
		createAwsGateway({endpointUrl: sandbox.endpoint}).session({profile: sandbox.defaultProfile, region: 'us-east-1', mfaCode: () => Promise.reject(new Error('no MFA'))});
	const readAll = async (description: ExportDescription, limit?: number) => {
		const items: ReadItem[] = [];
		const unmarshal = await loadUnmarshal();
		for await (const item of readExportItems(session(), description, {unmarshal, limit})) items.push(item);
		return items;
	};

	test('DynamoDB JSON and Ion: what the sandbox wrote is what is read, value by value, big numbers to the digit', async () => {
		const json = await exportOf(sandbox);
		const ion = await exportOf(sandbox, {ExportFormat: 'ION'});
		const written = json.rawLines().map((line) => JSON.parse(line).Item as Record<string, Record<string, unknown>>);
		assert.equal(written.length, 2500);
		for (const exported of [json, ion]) {
			const items = await readAll(exported.description);
			assert.equal(items.length, written.length, exported.description.exportFormat);
			for (let i = 0; i < written.length; i++) {
				const expected = expectedMap(written[i]!);
				if (items[i]!.json !== expected) assert.equal(items[i]!.json, expected, `item ${i} of the ${exported.description.exportFormat} export`);
				// Digit for digit: the 38-digit numbers are in the text as the sandbox wrote them.
				assert.ok(items[i]!.json.includes(`"big":${written[i]!.big!.N}`));
				assert.equal((items[i]!.value.big as ExactNumber).text, written[i]!.big!.N);
			}
		}
	});

	test('limit stops after that many items; a FAILED export is said to have nothing to read', async () => {
		const {description} = await exportOf(sandbox);
		const five = await readAll(description, 5);
		assert.deepEqual(
			five.map((i) => i.value.id),
			['item#000001', 'item#000002', 'item#000003', 'item#000004', 'item#000005'],
		);
		await assert.rejects(readAll({...description, status: 'FAILED'}), (error: unknown) => error instanceof ReadExportError && error.kind === 'not-completed');
	});
});

const explain = (r: CliResult) => `exit ${r.code}\nstdout:\n${r.stdout.slice(0, 2000)}\nstderr:\n${r.stderr}`;

describe('ddb-export read against the sandbox', () => {
	let cli: string;
	const sandboxes: Sandbox[] = [];
	const dirs: string[] = [];
	before(async () => {
		cli = await builtCli();
	});
	after(async () => {
		for (const sandbox of sandboxes) await sandbox.stop();
		for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
	});
	const scratch = () => {
		const dir = mkdtempSync(join(tmpdir(), 'ddb-export-read-cli-'));
		dirs.push(dir);
		return dir;
	};

	/** A sandbox of `scenario` and the CLI's environment for it. */
	async function sandboxFor(scenario: string) {
		const sandbox = await startSandbox({scenario, exportDurationMs: 20});
		sandboxes.push(sandbox);
		const files = sandbox.writeSharedConfig(scratch());
		const env = {AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, AWS_PROFILE: sandbox.defaultProfile};
		const read = (arn: string, ...extra: string[]) => runCli(cli, ['read', arn, '--endpoint-url', sandbox.endpoint, ...extra], {env});
		return {sandbox, env, read};
	}

	test('stdout: every item of both formats, as written, big numbers to the digit; --limit 3 prints three', async () => {
		const {sandbox, read} = await sandboxFor('attribute-types');
		const json = await exportOf(sandbox);
		const ion = await exportOf(sandbox, {ExportFormat: 'ION'});
		const expected = json.rawLines().map((line) => expectedMap(JSON.parse(line).Item));
		for (const exported of [json, ion]) {
			const result = await read(exported.arn);
			assert.equal(result.code, 0, explain(result));
			const lines = result.stdout.split('\n');
			assert.equal(lines.pop(), '', 'ends with a newline');
			assert.equal(lines.length, expected.length);
			for (let i = 0; i < lines.length; i++) if (lines[i] !== expected[i]) assert.equal(lines[i], expected[i], `line ${i + 1} of ${exported.description.exportFormat}`);
			assert.equal(result.stderr, '', 'nothing on stderr when the lines go to a pipe');
		}
		const limited = await read(ion.arn, '--limit', '3');
		assert.equal(limited.code, 0, explain(limited));
		assert.deepEqual(limited.stdout.trimEnd().split('\n'), expected.slice(0, 3));
	});

	test('--to FILE: one new file, never overwritten; --to DIR/: one .jsonl per data file', async () => {
		const {sandbox, read} = await sandboxFor('attribute-types');
		const {arn, rawLines} = await exportOf(sandbox);
		const expected = rawLines().map((line) => expectedMap(JSON.parse(line).Item));
		const dir = scratch();
		const file = join(dir, 'items.jsonl');
		const toFile = await read(arn, '--to', file);
		assert.equal(toFile.code, 0, explain(toFile));
		assert.match(toFile.stdout, /^Read 2,500 items from 3 data files into .*items\.jsonl\.\n$/);
		assert.deepEqual(readFileSync(file, 'utf8').trimEnd().split('\n'), expected);
		assert.deepEqual(readdirSync(dir), ['items.jsonl'], 'no temporary file is left');
		const again = await read(arn, '--to', file);
		assert.equal(again.code, 3, explain(again));
		assert.match(again.stderr, /--to: .*items\.jsonl exists already; name a new file \(it is never overwritten\)/);

		const folder = join(dir, 'items/');
		const toDir = await read(arn, '--to', folder);
		assert.equal(toDir.code, 0, explain(toDir));
		const names = readdirSync(folder).sort();
		assert.equal(names.length, 3);
		for (const name of names) assert.match(name, /^[a-z2-7]{26}\.jsonl$/);
		// Each data file's items in its own file, in the manifest's order.
		const summary = JSON.parse(sandbox.world.object('orders-exports', (await describeExportOf(sandbox, arn)).ExportManifest!)!.toString());
		const keys = sandbox.world.object('orders-exports', summary.manifestFilesS3Key)!.toString().trim().split('\n').map((l) => JSON.parse(l).dataFileS3Key as string);
		const joined = keys.flatMap((key) => readFileSync(join(folder, `${key.split('/').pop()!.replace('.json.gz', '')}.jsonl`), 'utf8').trimEnd().split('\n'));
		assert.deepEqual(joined, expected);
		const previewed = await read(arn, '--to', join(dir, 'five.jsonl'), '--limit', '5');
		assert.equal(previewed.code, 0, explain(previewed));
		assert.match(previewed.stdout, /Read 5 items .* \(--limit 5\)\./);
	});

	test('an incremental export: one line per change with Keys, NewImage, OldImage (as each change has them) and the write time', async () => {
		const {sandbox, read} = await sandboxFor('attribute-types');
		const now = Math.floor(Date.now() / 1000);
		const shapes = new Map<string, number>();
		for (const format of ['DYNAMODB_JSON', 'ION'] as const) {
			const {arn, rawLines} = await exportOf(sandbox, {
				ExportFormat: format,
				ExportType: 'INCREMENTAL_EXPORT',
				IncrementalExportSpecification: {ExportFromTime: new Date((now - 7200) * 1000), ExportToTime: new Date((now - 3600) * 1000), ExportViewType: 'NEW_AND_OLD_IMAGES'},
			});
			const result = await read(arn);
			assert.equal(result.code, 0, explain(result));
			const lines = result.stdout.trimEnd().split('\n');
			const written = format === 'ION' ? undefined : rawLines().map((line) => JSON.parse(line));
			assert.ok(lines.length > 10);
			for (const [i, line] of lines.entries()) {
				const record = JSON.parse(line);
				const shape = Object.keys(record).join(',');
				shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
				assert.match(record.WriteTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
				const micros = /"WriteTimestampMicros":(\d+)\}$/.exec(line)![1]!;
				assert.equal(new Date(Number(BigInt(micros) / 1000n)).toISOString().slice(0, 23), record.WriteTime.slice(0, 23));
				if (written) {
					const raw = written[i];
					assert.equal(micros, raw.Metadata.WriteTimestampMicros.N);
					const images = ['NewImage', 'OldImage'].filter((name) => raw[name]).map((name) => `"${name}":${expectedMap(raw[name])},`).join('');
					assert.equal(line, `{"Keys":${expectedMap(raw.Keys)},${images}"WriteTime":"${record.WriteTime}","WriteTimestampMicros":${micros}}`);
				}
			}
		}
		// Inserts (no OldImage), updates (both images), deletions (no NewImage), in both formats.
		assert.deepEqual([...shapes.keys()].sort(), [
			'Keys,NewImage,OldImage,WriteTime,WriteTimestampMicros',
			'Keys,NewImage,WriteTime,WriteTimestampMicros',
			'Keys,OldImage,WriteTime,WriteTimestampMicros',
		]);
	});

	test('`read | head -1` ends cleanly: exit 0, one line, nothing on stderr', async () => {
		const {sandbox, env} = await sandboxFor('attribute-types');
		const {arn} = await exportOf(sandbox);
		const script = `"${process.execPath}" "${cli}" read "${arn}" --endpoint-url ${sandbox.endpoint} 2>"$ERR" | head -1; echo "exit \${PIPESTATUS[0]}"`;
		const errFile = join(scratch(), 'stderr');
		const child = spawn('bash', ['-c', script], {env: cliEnv({...env, ERR: errFile})});
		let stdout = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		await once(child, 'close');
		const [first, status] = stdout.trimEnd().split('\n');
		assert.match(first!, /^\{"id":"item#000001",/);
		assert.equal(status, 'exit 0');
		assert.equal(readFileSync(errFile, 'utf8'), '');
	});

	test('across accounts: the exporter is refused and told to read as the bucket owner; the owner reads every item', async () => {
		const {sandbox, read} = await sandboxFor('cross-account');
		const owner = sandbox.profiles.find((p) => p.name === 'analytics-admin')!;
		const s3 = new S3Client({endpoint: sandbox.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: {accessKeyId: owner.accessKeyId!, secretAccessKey: owner.secretAccessKey!}});
		const statement = {Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::111111111111:role/DataExporter'}, Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:PutObjectAcl'], Resource: 'arn:aws:s3:::analytics-landing/*'};
		await s3.send(new PutBucketPolicyCommand({Bucket: 'analytics-landing', Policy: JSON.stringify({Version: '2012-10-17', Statement: [statement]})}));
		s3.destroy();
		const {arn} = await exportOf(sandbox);
		const refused = await read(arn, '--limit', '2');
		assert.equal(refused.code, 2, explain(refused));
		assert.equal(refused.stdout, '');
		assert.match(refused.stderr, /Could not read manifest-summary.json, so no item could be read/);
		assert.match(refused.stderr, /account 222222222222[\s\S]*--reader-profile NAME/);
		assert.match(refused.stderr, /"Action": "s3:GetObject",\s+"Resource": "arn:aws:s3:::analytics-landing\/exports\/orders\/AWSDynamoDB\/\d{14}-[0-9a-f]{8}\/\*"/);
		const asOwner = await read(arn, '--reader-profile', 'analytics-admin');
		assert.equal(asOwner.code, 0, explain(asOwner));
		const lines = asOwner.stdout.trimEnd().split('\n');
		assert.equal(lines.length, 3500);
		assert.match(lines[0]!, /^\{"orderId":"ORDER#000001",/);
	});

	test('a damaged data file stops with exit 1 and names it; bad input is refused before any AWS call', async () => {
		const {sandbox, read} = await sandboxFor('attribute-types');
		const {arn} = await exportOf(sandbox);
		const victim = sandbox.world.objects('orders-exports').find((o) => o.key.includes('/data/'))!;
		const body = sandbox.world.object('orders-exports', victim.key)!;
		sandbox.world.alterObject('orders-exports', victim.key, body.subarray(0, Math.floor(body.length / 2)));
		const cut = await read(arn, '--to', join(scratch(), 'cut.jsonl'));
		assert.equal(cut.code, 1, explain(cut));
		assert.match(cut.stderr, /The export is damaged.*: data\/[a-z2-7]{26}\.json\.gz: does not decompress/);
		assert.match(cut.stderr, /ddb-export verify /);

		const notRead = [
			[['read'], /read needs the export ARN/],
			[['read', arn, '--limit', '0'], /--limit: "0" is not a whole number of items, 1 or more/],
			[['read', arn, '--output', 'json'], /read prints each item as a line of JSON already; --output does not apply/],
			[['read', arn, '--to', join(scratch(), 'missing', 'x.jsonl')], /--to: the directory .*missing does not exist/],
			[['verify', arn, '--limit', '3'], /--limit belongs to the read command/],
		] as const;
		for (const [args, message] of notRead) {
			const result = await runCli(cli, [...args]);
			assert.equal(result.code, 3, explain(result));
			assert.match(result.stderr, message);
		}
		// A DIR/ to create is created only once the export is found.
		const unmade = join(scratch(), 'unmade/');
		const badArn = await runCli(cli, ['read', 'arn:aws:dynamodb:us-east-1:111111111111:table/orders', '--to', unmade]);
		assert.equal(badArn.code, 3, explain(badArn));
		assert.equal(existsSync(unmade), false);
	});
});

async function describeExportOf(sandbox: Sandbox, arn: string) {
	const profile = sandbox.profiles.find((p) => p.name === sandbox.defaultProfile)!;
	const ddb = new DynamoDBClient({endpoint: sandbox.endpoint, region: 'us-east-1', credentials: {accessKeyId: profile.accessKeyId!, secretAccessKey: profile.secretAccessKey!, sessionToken: profile.sessionToken}});
	try {
		return (await ddb.send(new DescribeExportCommand({ExportArn: arn}))).ExportDescription!;
	} finally {
		ddb.destroy();
	}
}
