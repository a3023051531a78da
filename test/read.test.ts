// ddb-export read: numbers kept to the digit, the core reader (readExportItems) against the
// sandbox's attribute-types export in both formats, value by value, then the built CLI:
// --limit, --to FILE and DIR, across accounts, an incremental export, and `read | head -1`.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gunzipSync} from 'node:zlib';
import {after, before, describe, test} from 'node:test';
import {DescribeExportCommand, DynamoDBClient, ExportTableToPointInTimeCommand, type ExportTableToPointInTimeCommandInput} from '@aws-sdk/client-dynamodb';
import {createAwsGateway} from '../source/aws/gateway.js';
import {unmarshalItem} from '../source/aws/unmarshal-item.js';
import {decimalText, ExactNumber, jsonNumberText} from '../source/core/read/exact-number.js';
import {ionStructs} from '../source/core/read/ion-values.js';
import {plainJson} from '../source/core/read/plain-json.js';
import {readExportItems, ReadExportError, type ReadItem} from '../source/core/read/read-export.js';
import type {ExportDescription} from '../source/core/ports.js';
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

export interface Exported {
	arn: string;
	description: ExportDescription;
	/** The data files' lines as the sandbox wrote them, in the manifest's order. */
	rawLines: () => string[];
}

/** Runs one export of the scenario's default plan (with `extra`) to COMPLETED. */
export async function exportOf(sandbox: Sandbox, extra: Partial<ExportTableToPointInTimeCommandInput> = {}): Promise<Exported> {
	const profile = sandbox.profiles.find((p) => p.name === sandbox.defaultProfile)!;
	const ddb = new DynamoDBClient({
		endpoint: sandbox.endpoint,
		region: 'us-east-1',
		credentials: {accessKeyId: profile.accessKeyId!, secretAccessKey: profile.secretAccessKey!, sessionToken: profile.sessionToken},
	});
	const plan = sandbox.defaultPlan;
	const started = await ddb.send(new ExportTableToPointInTimeCommand({TableArn: plan.tableArn, S3Bucket: plan.bucket, S3BucketOwner: plan.bucketOwner, S3Prefix: plan.prefix, ...extra}));
	const arn = started.ExportDescription!.ExportArn!;
	let described = started.ExportDescription!;
	while (described.ExportStatus === 'IN_PROGRESS') {
		await new Promise((resolve) => setTimeout(resolve, 30));
		described = (await ddb.send(new DescribeExportCommand({ExportArn: arn}))).ExportDescription!;
	}
	ddb.destroy();
	assert.equal(described.ExportStatus, 'COMPLETED');
	const description: ExportDescription = {
		exportArn: arn,
		status: described.ExportStatus!,
		s3Bucket: described.S3Bucket,
		s3BucketOwner: described.S3BucketOwner,
		exportManifest: described.ExportManifest,
		exportFormat: described.ExportFormat,
		exportType: described.ExportType,
	};
	const bucket = plan.bucket;
	const rawLines = () => {
		const summary = JSON.parse(sandbox.world.object(bucket, described.ExportManifest!)!.toString());
		const entries = sandbox.world.object(bucket, summary.manifestFilesS3Key)!.toString().trim().split('\n').map((l) => JSON.parse(l));
		return entries.flatMap((e: {dataFileS3Key: string}) => gunzipSync(sandbox.world.object(bucket, e.dataFileS3Key)!).toString().split('\n').filter(Boolean));
	};
	return {arn, description, rawLines};
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
		for await (const item of readExportItems(session(), description, {unmarshal: unmarshalItem, limit})) items.push(item);
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
