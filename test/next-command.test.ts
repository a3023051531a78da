// `ddb-export next EXPORT_ARN` end to end: the built CLI against the sandbox, after a
// real export through the CLI (DynamoDB JSON and Ion), then bad input and an export
// that did not complete.

import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';
import {builtCli, runCli, type CliResult} from './helpers/run-cli.js';

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';

function explain(result: CliResult): string {
	return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

async function sandboxWith(scenario: string): Promise<{sandbox: Sandbox; home: string; env: Record<string, string>}> {
	const sandbox = await startSandbox({scenario, exportDurationMs: 300});
	const home = mkdtempSync(join(tmpdir(), 'ddb-export-next-'));
	const files = sandbox.writeSharedConfig(home);
	return {sandbox, home, env: {AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, AWS_PROFILE: sandbox.defaultProfile}};
}

describe('ddb-export next', () => {
	let cli: string;
	let world: Awaited<ReturnType<typeof sandboxWith>>;
	before(async () => {
		cli = await builtCli();
		world = await sandboxWith('healthy');
	});
	after(async () => {
		await world.sandbox.stop();
		rmSync(world.home, {recursive: true, force: true});
	});

	async function exportArn(format: 'DYNAMODB_JSON' | 'ION'): Promise<string> {
		const result = await runCli(
			cli,
			['--yes', '--table-arn', TABLE_ARN, '--s3-bucket', 'orders-exports', '--s3-prefix', 'exports/orders', '--export-format', format, '--endpoint-url', world.sandbox.endpoint, '--query', 'ExportDescription.ExportArn', '--output', 'text'],
			{env: world.env},
		);
		assert.equal(result.code, 0, explain(result));
		return result.stdout.trim();
	}

	for (const format of ['DYNAMODB_JSON', 'ION'] as const) {
		test(`a completed ${format} export: both texts, copyable, and the same as fields of --output json`, async () => {
			const arn = await exportArn(format);
			const id = /\/export\/(.+)$/.exec(arn)![1]!;
			const words = await runCli(cli, ['next', arn, '--endpoint-url', world.sandbox.endpoint], {env: world.env});
			assert.equal(words.code, 0, explain(words));
			const folder = `exports/orders/AWSDynamoDB/${id}/data/`;
			assert.match(words.stdout, new RegExp(`^Export of orders \\(full, ${format}, [\\d,]+ items\\)\\nData files: s3://orders-exports/${folder}\\n`));
			// The sandbox's table is keyed by orderId (a string), as its exported items are.
			assert.ok(
				words.stdout.includes(
					[
						'aws dynamodb import-table \\',
						`  --input-format ${format} \\`,
						'  --input-compression-type GZIP \\',
						`  --s3-bucket-source S3Bucket=orders-exports,S3BucketOwner=111111111111,S3KeyPrefix=${folder} \\`,
						`  --table-creation-parameters '{"TableName":"orders-restored","KeySchema":[{"AttributeName":"orderId","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"orderId","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}' \\`,
						'  --region us-east-1\n',
					].join('\n'),
				),
				words.stdout,
			);
			const athenaName = `orders_${id.replace(/-/g, '_')}`;
			if (format === 'ION') {
				// Ion is sampled with ion-js too, its columns typed as the Ion SerDe reads them.
				assert.match(words.stdout, /Query it with Athena \(columns from the key and \d+ sampled items\):/);
				assert.ok(
					words.stdout.includes(
						`CREATE EXTERNAL TABLE IF NOT EXISTS ${athenaName} (\n  Item struct<\n    orderid:string,\n    customerid:string,\n    status:string,\n    total:decimal(38,9),\n    createdat:string,\n    gift:boolean,\n    lines:array<struct<sku:string, quantity:decimal(38,9)>>\n  >\n)\n`,
					),
					words.stdout,
				);
			} else {
				// DynamoDB JSON: the start of the first data file types the other columns too.
				assert.match(words.stdout, /Query it with Athena \(columns from the key and \d+ sampled items\):/);
				assert.ok(
					words.stdout.includes(
						`CREATE EXTERNAL TABLE IF NOT EXISTS ${athenaName} (\n  Item struct<\n    orderid:struct<s:string>,\n    customerid:struct<s:string>,\n    status:struct<s:string>,\n    total:struct<n:string>,\n    createdat:struct<s:string>,\n    gift:struct<bool:boolean>,\n    lines:struct<l:array<struct<m:struct<sku:struct<s:string>, quantity:struct<n:string>>>>>\n  >\n)\n`,
					),
					words.stdout,
				);
			}
			assert.ok(words.stdout.includes(format === 'ION' ? "'com.amazon.ionhiveserde.IonHiveSerDe'" : "'org.openx.data.jsonserde.JsonSerDe'"));
			assert.ok(words.stdout.includes(`LOCATION 's3://orders-exports/${folder}';\n\nSELECT COUNT(*) AS items FROM ${athenaName};\n`));
			// Nothing a person copies is indented or wider than the command itself needs.
			assert.doesNotMatch(words.stdout, /\u001b/);

			const json = await runCli(cli, ['next', arn, '--endpoint-url', world.sandbox.endpoint, '--output', 'json'], {env: world.env});
			assert.equal(json.code, 0, explain(json));
			const doc = JSON.parse(json.stdout);
			assert.equal(doc.dataFolder, `s3://orders-exports/${folder}`);
			assert.ok(words.stdout.includes(doc.importTable.command));
			assert.ok(words.stdout.includes(doc.athena.createTable));
			assert.equal(doc.athena.countQuery, `SELECT COUNT(*) AS items FROM ${athenaName};`);
			assert.deepEqual(doc.importTable.argv.slice(0, 5), ['aws', 'dynamodb', 'import-table', '--input-format', format]);
			assert.equal(doc.export.status, 'COMPLETED');
			assert.match(doc.athena.sample.dataFileKey, new RegExp(`^${folder}.+\\.${format === 'ION' ? 'ion' : 'json'}\\.gz$`));

			const text = await runCli(cli, ['next', arn, '--endpoint-url', world.sandbox.endpoint, '--query', 'athena.countQuery', '--output', 'text'], {env: world.env});
			assert.equal(text.stdout, `SELECT COUNT(*) AS items FROM ${athenaName};\n`);
		});
	}

	test('bad input is refused before any AWS call (exit 3)', async () => {
		const none = await runCli(cli, ['next', '--endpoint-url', world.sandbox.endpoint], {env: world.env});
		assert.equal(none.code, 3, explain(none));
		assert.match(none.stderr, /next needs the export ARN/);
		const table = await runCli(cli, ['next', TABLE_ARN, '--endpoint-url', world.sandbox.endpoint], {env: world.env});
		assert.equal(table.code, 3, explain(table));
		assert.match(table.stderr, /EXPORT_ARN: .* is a table ARN/);
		const region = await runCli(cli, ['next', `${TABLE_ARN}/export/01764316800000-a1b2c3d4`, '--region', 'eu-west-1', '--endpoint-url', world.sandbox.endpoint], {env: world.env});
		assert.equal(region.code, 3, explain(region));
		assert.match(region.stderr, /--region: The export is in us-east-1/);
	});

	test('an unknown export is AWS\'s answer, exit 1', async () => {
		const result = await runCli(cli, ['next', `${TABLE_ARN}/export/01764316800000-00000000`, '--endpoint-url', world.sandbox.endpoint], {env: world.env});
		assert.equal(result.code, 1, explain(result));
	});
});

describe('ddb-export next on a failed export', () => {
	let cli: string;
	let world: Awaited<ReturnType<typeof sandboxWith>>;
	before(async () => {
		cli = await builtCli();
		world = await sandboxWith('export-fails');
	});
	after(async () => {
		await world.sandbox.stop();
		rmSync(world.home, {recursive: true, force: true});
	});

	test('says there is nothing to load until an export completes (exit 1)', async () => {
		const started = await runCli(cli, ['--yes', '--force', '--json', '--table-arn', TABLE_ARN, '--s3-bucket', 'orders-exports', '--endpoint-url', world.sandbox.endpoint], {env: world.env});
		const arn = JSON.parse(started.stdout).export.exportArn as string;
		const result = await runCli(cli, ['next', arn, '--endpoint-url', world.sandbox.endpoint, '--output', 'json'], {env: world.env});
		assert.equal(result.code, 1, explain(result));
		assert.equal(JSON.parse(result.stdout).error.code, 'ExportNotCompleted');
		assert.match(JSON.parse(result.stdout).error.message, /The export is FAILED/);
	});
});
