import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {gzipSync} from 'node:zlib';
import {athenaIdentifier, athenaTable} from '../source/core/next-steps/athena-table.js';
import {exportDataFolder} from '../source/core/next-steps/export-data-folder.js';
import {importTableCommand, restoredTableName} from '../source/core/next-steps/import-table-command.js';
import {itemShape} from '../source/core/next-steps/item-shape.js';
import {nextSteps} from '../source/core/next-steps/next-steps.js';
import {terminalSafe} from '../source/core/terminal-text.js';
import {readSample} from '../source/core/next-steps/read-sample.js';
import {firstDataFileKey, sampleItems} from '../source/core/next-steps/sample-items.js';
import {AwsCallError, type AwsSession, type ExportDescription, type TableDetails} from '../source/core/ports.js';

const ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders/export/01764316800000-a1b2c3d4';

function exportOf(overrides: Partial<ExportDescription> = {}): ExportDescription {
	return {
		exportArn: ARN,
		status: 'COMPLETED',
		tableArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
		s3Bucket: 'orders-exports',
		s3Prefix: 'nightly',
		exportManifest: 'nightly/AWSDynamoDB/01764316800000-a1b2c3d4/manifest-summary.json',
		exportFormat: 'DYNAMODB_JSON',
		exportType: 'FULL_EXPORT',
		...overrides,
	};
}

/** orders: a composite key, a string partition key and a numeric sort key, on demand. */
const COMPOSITE: TableDetails = {
	name: 'orders',
	arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
	status: 'ACTIVE',
	encryption: {type: 'DEFAULT'},
	// RANGE listed first and an index key among the definitions: neither may leak through.
	keySchema: [
		{attributeName: 'createdAt', keyType: 'RANGE'},
		{attributeName: 'orderId', keyType: 'HASH'},
	],
	attributeDefinitions: [
		{attributeName: 'customerId', attributeType: 'S'},
		{attributeName: 'createdAt', attributeType: 'N'},
		{attributeName: 'orderId', attributeType: 'S'},
	],
	billingMode: 'PAY_PER_REQUEST',
};

/** sensor-readings: a numeric partition key alone, provisioned. */
const NUMERIC: TableDetails = {
	name: 'Sensor.Readings-2024',
	arn: 'arn:aws:dynamodb:eu-west-1:222222222222:table/Sensor.Readings-2024',
	status: 'ACTIVE',
	encryption: {type: 'DEFAULT'},
	keySchema: [{attributeName: 'sensorId', keyType: 'HASH'}],
	attributeDefinitions: [{attributeName: 'sensorId', attributeType: 'N'}],
	billingMode: 'PROVISIONED',
	provisioned: {readCapacityUnits: 5, writeCapacityUnits: 10},
};
const NUMERIC_ARN = 'arn:aws:dynamodb:eu-west-1:222222222222:table/Sensor.Readings-2024/export/01764316800000-ffff0000';

const SAMPLE = [
	{
		orderId: {S: 'ORDER#1'},
		createdAt: {N: '1764316800'},
		total: {N: '12.50'},
		gift: {BOOL: true},
		lines: {L: [{M: {sku: {S: 'SKU-1'}, quantity: {N: '2'}}}]},
		tags: {SS: ['new']},
		receipt: {B: 'AAEC'},
		'shipping-address': {S: 'somewhere'},
		'\u001b]52;c;aGk=\u0007x': {S: 'a clipboard write'},
	},
	{orderId: {S: 'ORDER#2'}, createdAt: {N: '1764316801'}, total: {S: 'n/a'}, note: {NULL: true}, Gift: {BOOL: false}},
];

function run(description: ExportDescription, table: TableDetails, sample?: Record<string, unknown>[], profile?: string) {
	const steps = nextSteps({description, table, sample, profile, region: /:dynamodb:([^:]+):/.exec(description.exportArn)![1]});
	assert.ok(steps.ok, steps.ok ? '' : steps.reason);
	return steps;
}

describe('import-table command', () => {
	test('DynamoDB JSON, composite key: the key attributes only, HASH first, on demand (golden)', () => {
		const steps = run(exportOf(), COMPOSITE, undefined, 'prod');
		assert.ok(steps.importTable.ok);
		assert.equal(
			steps.importTable.command,
			[
				'aws dynamodb import-table \\',
				'  --input-format DYNAMODB_JSON \\',
				'  --input-compression-type GZIP \\',
				'  --s3-bucket-source S3Bucket=orders-exports,S3BucketOwner=111111111111,S3KeyPrefix=nightly/AWSDynamoDB/01764316800000-a1b2c3d4/data/ \\',
				`  --table-creation-parameters '{"TableName":"orders-restored","KeySchema":[{"AttributeName":"orderId","KeyType":"HASH"},{"AttributeName":"createdAt","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"orderId","AttributeType":"S"},{"AttributeName":"createdAt","AttributeType":"N"}],"BillingMode":"PAY_PER_REQUEST"}' \\`,
				'  --profile prod \\',
				'  --region us-east-1',
			].join('\n'),
		);
	});

	test('Ion, numeric key, provisioned, bucket of another account, no prefix (golden)', () => {
		const description = exportOf({exportArn: NUMERIC_ARN, exportFormat: 'ION', s3Prefix: undefined, exportManifest: undefined, s3Bucket: 'lake', s3BucketOwner: '333333333333'});
		const steps = run(description, NUMERIC);
		assert.ok(steps.importTable.ok);
		assert.equal(
			steps.importTable.command,
			[
				'aws dynamodb import-table \\',
				'  --input-format ION \\',
				'  --input-compression-type GZIP \\',
				'  --s3-bucket-source S3Bucket=lake,S3BucketOwner=333333333333,S3KeyPrefix=AWSDynamoDB/01764316800000-ffff0000/data/ \\',
				`  --table-creation-parameters '{"TableName":"Sensor.Readings-2024-restored","KeySchema":[{"AttributeName":"sensorId","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"sensorId","AttributeType":"N"}],"BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":10}}' \\`,
				'  --region eu-west-1',
			].join('\n'),
		);
	});

	test('incremental exports get no import-table command: it reads full exports only', () => {
		const steps = run(exportOf({exportType: 'INCREMENTAL_EXPORT'}), COMPOSITE);
		assert.equal(steps.importTable.ok, false);
		const reason = steps.importTable.ok ? '' : steps.importTable.reason;
		assert.match(reason, /^import-table takes full exports only, and this export is incremental/);
		// What to do instead: the full export it continues from, then the changes applied.
		assert.match(reason, /import the full export it continues from \(ddb-export next FULL_EXPORT_ARN\), then apply these changes/);
		assert.doesNotMatch(reason, /aws dynamodb import-table/);
	});

	test('a table without a key schema is said, not guessed', () => {
		const steps = run(exportOf(), {...COMPOSITE, keySchema: undefined});
		assert.equal(steps.importTable.ok, false);
		assert.match(steps.importTable.ok ? '' : steps.importTable.reason, /no partition key for orders/);
	});

	test('shell quoting: the command reads back, through sh, as the arguments it was built from', () => {
		const description = exportOf({s3Prefix: "it's a, b=c", exportManifest: "it's a, b=c/AWSDynamoDB/01764316800000-a1b2c3d4/manifest-summary.json"});
		const table: TableDetails = {...COMPOSITE, keySchema: [{attributeName: "owner's id", keyType: 'HASH'}], attributeDefinitions: [{attributeName: "owner's id", attributeType: 'S'}]};
		const result = importTableCommand({description, table, folder: exportDataFolder(description) as never, profile: 'my profile'});
		assert.ok(result.ok);
		// Commas and '=' in the prefix would split the shorthand: the source goes as JSON.
		const source = result.argv[result.argv.indexOf('--s3-bucket-source') + 1]!;
		assert.deepEqual(JSON.parse(source), {S3Bucket: 'orders-exports', S3BucketOwner: '111111111111', S3KeyPrefix: "it's a, b=c/AWSDynamoDB/01764316800000-a1b2c3d4/data/"});
		const echoed = spawnSync('sh', ['-c', `printf '%s\\n' ${result.command.replace(/^aws /, '')}`], {encoding: 'utf8'});
		assert.equal(echoed.status, 0, echoed.stderr);
		assert.deepEqual(echoed.stdout.split('\n').slice(0, -1), result.argv.slice(1));
		const parameters = JSON.parse(result.argv[result.argv.indexOf('--table-creation-parameters') + 1]!);
		assert.equal(parameters.KeySchema[0].AttributeName, "owner's id");
	});

	test('the new table name stays within 255 characters', () => {
		assert.equal(restoredTableName('t'.repeat(255)).length, 255);
		assert.ok(restoredTableName('t'.repeat(255)).endsWith('-restored'));
	});
});

describe('Athena table', () => {
	test('DynamoDB JSON with a sample: OpenX SerDe, lower-case type keys, the data folder (golden)', () => {
		const steps = run(exportOf(), COMPOSITE, SAMPLE);
		assert.equal(
			steps.athena.createTable,
			[
				'CREATE EXTERNAL TABLE IF NOT EXISTS orders_01764316800000_a1b2c3d4 (',
				'  Item struct<',
				'    orderid:struct<s:string>,',
				'    createdat:struct<n:string>,',
				'    total:struct<s:string, n:string>,',
				'    gift:struct<bool:boolean>,',
				'    lines:struct<l:array<struct<m:struct<sku:struct<s:string>, quantity:struct<n:string>>>>>,',
				'    tags:struct<ss:array<string>>,',
				'    receipt:struct<b:string>',
				'  >',
				')',
				"ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'",
				"LOCATION 's3://orders-exports/nightly/AWSDynamoDB/01764316800000-a1b2c3d4/data/';",
			].join('\n'),
		);
		assert.equal(steps.athena.countQuery, 'SELECT COUNT(*) AS items FROM orders_01764316800000_a1b2c3d4;');
		assert.doesNotMatch(steps.athena.leftOut.join('\n'), /\u001b|\u0007/);
		assert.deepEqual(steps.athena.leftOut, [
			'shipping-address: the name is not a plain identifier',
			`${terminalSafe('\u001b]52;c;aGk=\u0007x')}: the name is not a plain identifier`,
			'note: only null or empty values in the sample',
			'Gift: differs from another attribute only in case',
		]);
	});

	test('Ion, numeric key, no sample: the Ion SerDe and its formats, typed values (golden)', () => {
		const description = exportOf({exportArn: NUMERIC_ARN, exportFormat: 'ION', s3Bucket: 'lake', s3Prefix: 'raw/', exportManifest: undefined});
		const steps = run(description, NUMERIC);
		assert.equal(
			steps.athena.createTable,
			[
				'CREATE EXTERNAL TABLE IF NOT EXISTS sensor_readings_2024_01764316800000_ffff0000 (',
				'  Item struct<',
				'    sensorid:decimal(38,9)',
				'  >',
				')',
				"ROW FORMAT SERDE 'com.amazon.ionhiveserde.IonHiveSerDe'",
				"STORED AS INPUTFORMAT 'com.amazon.ionhiveserde.formats.IonInputFormat'",
				"OUTPUTFORMAT 'com.amazon.ionhiveserde.formats.IonOutputFormat'",
				"LOCATION 's3://lake/raw/AWSDynamoDB/01764316800000-ffff0000/data/';",
			].join('\n'),
		);
	});

	test('Ion with a sample: one type per column; an attribute of two types is left out and said', () => {
		const steps = run(exportOf({exportFormat: 'ION'}), COMPOSITE, SAMPLE);
		assert.match(steps.athena.createTable, /\n {4}orderid:string,\n {4}createdat:decimal\(38,9\),\n {4}gift:boolean,\n {4}lines:array<struct<sku:string, quantity:decimal\(38,9\)>>,\n {4}tags:array<string>,\n {4}receipt:binary\n/);
		assert.ok(steps.athena.leftOut.includes('total: holds N and S in different items (an Ion column has one type)'));
	});

	test('incremental: change records with Metadata, Keys, NewImage and OldImage; the query counts changes', () => {
		const steps = run(exportOf({exportType: 'INCREMENTAL_EXPORT'}), COMPOSITE);
		assert.match(steps.athena.createTable, /`Keys` struct<\n {4}orderid:struct<s:string>,\n {4}createdat:struct<n:string>\n {2}>,/);
		assert.match(steps.athena.createTable, /`Metadata` struct<writetimestampmicros:struct<n:string>>/);
		assert.match(steps.athena.createTable, /`NewImage` struct</);
		assert.match(steps.athena.createTable, /`OldImage` struct</);
		assert.match(steps.athena.countQuery, /COUNT\(\*\) AS changes/);
	});

	test('identifiers: lower case, underscores, never a leading digit; a quote in the location is doubled', () => {
		assert.equal(athenaIdentifier('My-Table.v2'), 'my_table_v2');
		assert.equal(athenaIdentifier('2024_events'), 't_2024_events');
		assert.equal(athenaIdentifier('---'), 'ddb');
		const description = exportOf({exportManifest: "o'brien/AWSDynamoDB/x/manifest-summary.json"});
		const folder = exportDataFolder(description);
		assert.ok(!('problem' in folder));
		const table = athenaTable({description, tableName: 'orders', folder, shape: itemShape(COMPOSITE.keySchema!, COMPOSITE.attributeDefinitions!), keyAttributes: ['orderId']});
		assert.match(table.createTable, /LOCATION 's3:\/\/orders-exports\/o''brien\/AWSDynamoDB\/x\/data\/';$/);
	});
});

describe('next steps', () => {
	test('only a COMPLETED export has next steps', () => {
		const steps = nextSteps({description: exportOf({status: 'IN_PROGRESS'}), table: COMPOSITE});
		assert.equal(steps.ok, false);
		assert.match(steps.ok ? '' : steps.reason, /IN_PROGRESS/);
	});

	test('the data folder comes from the manifest, else from the prefix and the export id', () => {
		assert.deepEqual(exportDataFolder(exportOf()), {
			bucket: 'orders-exports',
			bucketOwner: '111111111111',
			keyPrefix: 'nightly/AWSDynamoDB/01764316800000-a1b2c3d4/data/',
			url: 's3://orders-exports/nightly/AWSDynamoDB/01764316800000-a1b2c3d4/data/',
		});
		const fromPrefix = exportDataFolder(exportOf({exportManifest: undefined, s3Prefix: 'a/b/'}));
		assert.equal('keyPrefix' in fromPrefix && fromPrefix.keyPrefix, 'a/b/AWSDynamoDB/01764316800000-a1b2c3d4/data/');
		assert.deepEqual(exportDataFolder(exportOf({s3Bucket: undefined})), {problem: "DescribeExport did not name the export's bucket."});
	});
});

describe('the sample of items', () => {
	const lines = [
		'{"Item":{"pk":{"S":"a"},"n":{"N":"1"}}}',
		'{"Item":{"pk":{"S":"b"},"m":{"M":{"x":{"BOOL":true}}}}}',
		'{"Metadata":{"WriteTimestampMicros":{"N":"1"}},"Keys":{"pk":{"S":"c"}},"NewImage":{"pk":{"S":"c"},"s":{"SS":["x"]}}}',
		'{"Metadata":{"WriteTimestampMicros":{"N":"2"}},"Keys":{"pk":{"S":"d"}}}',
	];
	const gzipped = gzipSync(`${lines.join('\n')}\n`);

	test('a whole file gives every item; incremental records give their new image, or the keys of a deletion', () => {
		assert.deepEqual(sampleItems(gzipped, true), [
			{pk: {S: 'a'}, n: {N: '1'}},
			{pk: {S: 'b'}, m: {M: {x: {BOOL: true}}}},
			{pk: {S: 'c'}, s: {SS: ['x']}},
			{pk: {S: 'd'}},
		]);
		assert.equal(sampleItems(gzipped, true, 2).length, 2);
	});

	test('the start of a file (a cut gzip stream) gives its whole lines only', () => {
		const big = gzipSync(Array.from({length: 5000}, (_, i) => `{"Item":{"pk":{"S":"item-${i}"},"v":{"N":"${i * 7919}"}}}`).join('\n'), {level: 0});
		const cut = big.subarray(0, Math.floor(big.length / 2));
		const items = sampleItems(cut, false, 10_000);
		assert.ok(items.length > 1000 && items.length < 5000, String(items.length));
		assert.deepEqual(items.at(-1), {pk: {S: `item-${items.length - 1}`}, v: {N: String((items.length - 1) * 7919)}});
	});

	test('the first data file with items is read from manifest-files.json', () => {
		const manifest = [
			'{"itemCount":0,"md5Checksum":"x","etag":"y","dataFileS3Key":"p/AWSDynamoDB/id/data/empty.json.gz"}',
			'not json',
			'{"itemCount":12,"md5Checksum":"x","etag":"y","dataFileS3Key":"p/AWSDynamoDB/id/data/full.json.gz"}',
		].join('\n');
		assert.equal(firstDataFileKey(manifest), 'p/AWSDynamoDB/id/data/full.json.gz');
		assert.equal(firstDataFileKey(''), undefined);
	});

	test('a refused read is said with the owner to read as; Ion is sampled too; nothing is thrown', async () => {
		const description = exportOf({s3BucketOwner: '222222222222'});
		const folder = exportDataFolder(description);
		assert.ok(!('problem' in folder));
		const refusing = {
			bucketRegion: async () => 'us-east-1',
			getObjectText: async () => {
				throw new AwsCallError('s3', 'GetObject', 'AccessDenied', 'Access Denied', 403);
			},
		} as unknown as AwsSession;
		assert.deepEqual(await readSample(refusing, description, folder), {
			problem: 'GetObject was refused or failed: AccessDenied (account 222222222222 owns the files; read them as that account).',
		});
		// Ion is read with ion-js back into DynamoDB JSON's types (a set stays a set, numbers keep their digits).
		const ionLines = '$ion_1_0 {Item:{pk:"a",n:12345678901234567890123456789012345678.,s:$dynamodb_SS::["x"],b:{{aGk=}},l:[1.5,null],m:{t:true}}}\n$ion_1_0 {Metadata:{WriteTimestampMicros:1.},Keys:{pk:"d"}}\n';
		const ionReading = {
			bucketRegion: async () => 'us-east-1',
			getObjectText: async () => `{"itemCount":2,"dataFileS3Key":"k.ion.gz"}\n`,
			getObjectStart: async () => gzipSync(ionLines),
		} as unknown as AwsSession;
		assert.deepEqual(await readSample(ionReading, exportOf({exportFormat: 'ION'}), folder), {
			items: [
				{pk: {S: 'a'}, n: {N: '12345678901234567890123456789012345678'}, s: {SS: ['x']}, b: {B: 'aGk='}, l: {L: [{N: '1.5'}, {NULL: true}]}, m: {M: {t: {BOOL: true}}}},
				{pk: {S: 'd'}},
			],
			dataFileKey: 'k.ion.gz',
		});
		const reading = {
			bucketRegion: async () => 'us-east-1',
			getObjectText: async (_b: string, _r: string, key: string) => (key === 'nightly/AWSDynamoDB/01764316800000-a1b2c3d4/manifest-files.json' ? `{"itemCount":4,"dataFileS3Key":"k.json.gz"}\n` : null),
			getObjectStart: async (_b: string, _r: string, key: string, max: number) => (key === 'k.json.gz' ? gzipped.subarray(0, max) : null),
		} as unknown as AwsSession;
		const sample = await readSample(reading, exportOf(), exportDataFolder(exportOf()) as never);
		assert.ok('items' in sample);
		assert.equal(sample.items.length, 4);
	});
});
