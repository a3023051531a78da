import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {ExportPlan} from '../source/core/plan.js';
import {
	awsManagedKeyProblem,
	parseS3Url,
	validateAccountId,
	validateBucketName,
	validateClientToken,
	validateEndpointUrl,
	validateExportFormat,
	validateExportType,
	validateKmsKeyRef,
	validateMfaCode,
	validatePlan,
	validatePrefix,
	validateProfileName,
	validateRegion,
	validateSseAlgorithm,
	validateTableArn,
	validateTableName,
	validateViewType,
} from '../source/core/validate.js';
import type {FieldName, Validation} from '../source/core/validate.js';
import {
	formatIso,
	formatUtc,
	parseIncrementalSpec,
	parseTimeInput,
	timeInputMeaning,
	validateExportTime,
	validateIncrementalWindow,
} from '../source/core/time-input.js';
import {
	describeExportCommand,
	exportCommandArgv,
	pitrEnableCommand,
	renderAwsCommand,
	renderShellCommand,
	shellQuote,
	ssoLoginCommand,
	watchCommand,
} from '../source/core/render-aws-command.js';

const NOW = new Date('2026-11-27T12:00:00Z');
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';

type Case = [validator: (text: string) => Validation<unknown>, input: string, field: FieldName, rule: RegExp];

const v = {
	tableArn: validateTableArn,
	tableName: validateTableName,
	bucket: validateBucketName,
	account: (text: string) => validateAccountId(text),
	prefix: validatePrefix,
	kms: validateKmsKeyRef,
	region: validateRegion,
	profile: validateProfileName,
	endpoint: validateEndpointUrl,
	token: validateClientToken,
	mfa: validateMfaCode,
	format: validateExportFormat,
	type: validateExportType,
	sse: validateSseAlgorithm,
	view: validateViewType,
	s3url: parseS3Url,
	time: (text: string) => parseTimeInput(text, NOW),
	spec: (text: string) => parseIncrementalSpec(text, NOW),
};

const malformed: Case[] = [
	// table ARN
	[v.tableArn, '', 'table ARN', /empty.*arn:aws:dynamodb/],
	[v.tableArn, 'orders', 'table ARN', /table name, not an ARN/],
	[v.tableArn, 'arn:aws:s3:::orders', 'table ARN', /"s3" service/],
	[v.tableArn, 'arn:aws:dynamodb:us-east-1:1111:table/orders', 'table ARN', /exactly 12 digits/],
	[v.tableArn, 'arn:aws:dynamodb:useast1:111111111111:table/orders', 'table ARN', /not a Region/],
	[v.tableArn, 'arn:aws:dynamodb:us-east-1:111111111111:table/orders/stream/2026-01-01T00:00:00.000', 'table ARN', /stream.*use arn:aws:dynamodb:us-east-1:111111111111:table\/orders/],
	[v.tableArn, 'arn:aws:dynamodb:us-east-1:111111111111:table/orders/export/01234', 'table ARN', /export, not of the table/],
	[v.tableArn, 'arn:aws:dynamodb:us-east-1:111111111111:global-table/orders', 'table ARN', /"table\/NAME"/],
	[v.tableArn, 'arn:aws:dynamodb:us-east-1:111111111111:table/ord$rs', 'table ARN', /letters, digits/],
	[v.tableArn, 'arn:amazon:dynamodb:us-east-1:111111111111:table/orders', 'table ARN', /partition/],
	[v.tableArn, 'arn:aws:dynamodb', 'table ARN', /too few parts/],
	// table name
	[v.tableName, 'ab', 'table name', /3 to 255/],
	[v.tableName, 'x'.repeat(256), 'table name', /3 to 255.*256/],
	[v.tableName, 'my table', 'table name', /a space/],
	[v.tableName, 'orders#2', 'table name', /"#"/],
	// bucket names
	[v.bucket, '', 'bucket name', /empty/],
	[v.bucket, 'ab', 'bucket name', /3 to 63/],
	[v.bucket, 'a'.repeat(64), 'bucket name', /3 to 63.*64/],
	[v.bucket, 'My-Bucket', 'bucket name', /lowercase.*"my-bucket"/],
	[v.bucket, 'my_bucket', 'bucket name', /only lowercase letters.*"_"/],
	[v.bucket, '-bucket', 'bucket name', /begin and end/],
	[v.bucket, 'bucket-', 'bucket name', /begin and end/],
	[v.bucket, 'my..bucket', 'bucket name', /two dots/],
	[v.bucket, '192.168.5.4', 'bucket name', /IP address/],
	[v.bucket, 'xn--bucket', 'bucket name', /start with "xn--"/],
	[v.bucket, 'sthree-bucket', 'bucket name', /start with "sthree-"/],
	[v.bucket, 'amzn-s3-demo-bucket', 'bucket name', /start with "amzn-s3-demo-"/],
	[v.bucket, 'mybucket-s3alias', 'bucket name', /end with "-s3alias"/],
	[v.bucket, 'mybucket--ol-s3', 'bucket name', /end with "--ol-s3"/],
	[v.bucket, 'mybucket.mrap', 'bucket name', /end with ".mrap"/],
	[v.bucket, 'mybucket--usw2-az1--x-s3', 'bucket name', /end with "--x-s3"/],
	[v.bucket, 'mybucket--table-s3', 'bucket name', /end with "--table-s3"/],
	[v.bucket, 's3://orders-exports/daily', 'bucket name', /prefix.*"orders-exports".*"daily"/],
	[v.bucket, 'orders-exports/daily', 'bucket name', /cannot contain "\/"/],
	[v.s3url, 'https://orders-exports.s3.amazonaws.com/x', 'bucket name', /s3:\/\/BUCKET\/PREFIX/],
	[v.s3url, 's3://Orders/x', 'bucket name', /lowercase/],
	[v.s3url, 's3://orders-exports//x', 'prefix', /must not start with "\/"/],
	// account ids
	[v.account, '', 'bucket owner', /12 digits/],
	[v.account, '111-111-111-111', 'bucket owner', /without dashes.*"111111111111"/],
	[v.account, 'arn:aws:iam::222222222222:root', 'bucket owner', /not an ARN.*"222222222222"/],
	[v.account, '12345678901', 'bucket owner', /exactly 12 digits.*11/],
	[v.account, 'acme-prod', 'bucket owner', /12 digits/],
	// prefixes
	[v.prefix, '/exports/', 'prefix', /must not start with "\/".*empty name.*"exports\/"/],
	[v.prefix, 's3://bucket/exports', 'prefix', /without "s3:\/\/"/],
	[v.prefix, 'é'.repeat(513), 'prefix', /1024 bytes.*1026/],
	[v.prefix, 'exports\n', 'prefix', /control character/],
	[v.prefix, 'exp\torts', 'prefix', /control character/],
	// KMS keys
	[v.kms, '', 'KMS key', /empty/],
	[v.kms, 'my-key', 'KMS key', /"alias\/my-key"/],
	[v.kms, 'alias/', 'KMS key', /no name/],
	[v.kms, 'alias/bad name', 'KMS key', /letters, digits.*a space/],
	[v.kms, `alias/${'a'.repeat(251)}`, 'KMS key', /at most 256/],
	[v.kms, '1234ABCD-12AB-34CD-56EF-1234567890AB', 'KMS key', /lowercase/],
	[v.kms, 'arn:aws:kms:us-east-1:111111111111:key/nope', 'KMS key', /not a key ID/],
	[v.kms, 'arn:aws:s3:::bucket', 'KMS key', /"s3" service/],
	[v.kms, 'arn:aws:kms:us-east-1:111111111111:grant/abc', 'KMS key', /"key\/ID" or "alias\/NAME"/],
	[v.kms, 'arn:aws:kms:nowhere:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'KMS key', /not a Region/],
	[v.kms, 'arn:aws:kms:us-east-1:11111:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'KMS key', /12 digits/],
	[v.kms, '1234abcd-12ab-34cd-56ef-1234567890ab-zz!', 'KMS key', /not a KMS key reference/],
	// Regions
	[v.region, '', 'Region', /empty/],
	[v.region, 'US-EAST-1', 'Region', /lowercase.*"us-east-1"/],
	[v.region, 'us-east-1a', 'Region', /Availability Zone.*"us-east-1"/],
	[v.region, 'US East (N. Virginia)', 'Region', /code, not its display name/],
	[v.region, 'useast1', 'Region', /not a Region code/],
	[v.region, 'mars-north-1', 'Region', /not a Region code/],
	[v.region, 'global', 'Region', /no global Region/],
	// profiles
	[v.profile, '', 'profile', /empty/],
	[v.profile, 'my profile', 'profile', /whitespace/],
	[v.profile, '[profile dev]', 'profile', /brackets.*"dev"/],
	[v.profile, 'profile dev', 'profile', /without "profile ".*"dev"/],
	[v.profile, 'dev]', 'profile', /"\[" or "\]"/],
	// endpoint URLs
	[v.endpoint, '', 'endpoint URL', /empty/],
	[v.endpoint, 'localhost:4566', 'endpoint URL', /scheme.*"https:\/\/localhost:4566"/],
	[v.endpoint, 'ftp://example.com', 'endpoint URL', /http:\/\/ or https:\/\//],
	[v.endpoint, 'https://user:pw@example.com', 'endpoint URL', /user name or password/],
	[v.endpoint, 'http://localhost:4566/dynamodb', 'endpoint URL', /path.*"http:\/\/localhost:4566"/],
	[v.endpoint, 'http://localhost:4566/?x=1', 'endpoint URL', /query/],
	[v.endpoint, 'http://', 'endpoint URL', /not a URL|no host/],
	// client tokens, MFA
	[v.token, '', 'client token', /1 to 64/],
	[v.token, 'x'.repeat(65), 'client token', /at most 64/],
	[v.token, 'abc$def', 'client token', /"\$"/],
	[v.mfa, '12345', 'MFA code', /exactly 6 digits.*5/],
	[v.mfa, '12a456', 'MFA code', /digits only/],
	[v.mfa, '', 'MFA code', /empty/],
	// enumerations
	[v.format, 'CSV', 'export format', /DYNAMODB_JSON or ION.*"CSV"/],
	[v.format, '', 'export format', /empty/],
	[v.type, 'PARTIAL', 'export type', /FULL_EXPORT or INCREMENTAL_EXPORT/],
	[v.sse, 'DSSE', 'SSE algorithm', /AES256 or KMS/],
	[v.view, 'OLD_IMAGE', 'export view type', /NEW_IMAGE or NEW_AND_OLD_IMAGES/],
	// times
	[v.time, '', 'export time', /empty/],
	[v.time, 'yesterday-ish', 'export time', /not a time.*ISO 8601/],
	[v.time, '2026-13-01', 'export time', /month 13/],
	[v.time, '2026-02-30T10:00:00Z', 'export time', /2026-02 has 28 days/],
	[v.time, '2026-11-27T25:00:00Z', 'export time', /time of day/],
	[v.time, '1764237600000', 'export time', /milliseconds.*1764237600/],
	[v.time, '+15m', 'export time', /in the past/],
	[v.time, '-15y', 'export time', /not a unit/],
	[v.time, '11/27/2026', 'export time', /YYYY-MM-DD/],
	[v.time, '2026-11-27T10:00:00+15:00', 'export time', /offset/],
	// incremental spec
	[v.spec, '', 'incremental export specification', /empty/],
	[v.spec, 'ExportFromTime=2026-11-27T10:00:00Z,ExportToTime', 'incremental export specification', /no "="/],
	[v.spec, 'ExportFromTime=2026-11-27T10:00:00Z,Until=2026-11-27T11:00:00Z', 'incremental export specification', /"Until" is not a field/],
	[v.spec, 'ExportFromTime=2026-11-27T10:00:00Z', 'incremental export specification', /ExportToTime is missing/],
	[v.spec, 'ExportFromTime=soon,ExportToTime=2026-11-27T11:00:00Z', 'incremental from', /ExportFromTime: .*not a time/],
	[v.spec, 'ExportFromTime=2026-11-27T10:00:00Z,ExportToTime=2026-11-27T11:00:00Z,ExportViewType=OLD', 'export view type', /NEW_IMAGE or NEW_AND_OLD_IMAGES/],
	[v.spec, '{"ExportFromTime": "2026-11-27T10:00:00Z", ', 'incremental export specification', /not valid JSON/],
	[v.spec, '{"ExportFromTime": true, "ExportToTime": 1}', 'incremental export specification', /ExportFromTime must be a string or a number/],
	[v.spec, '{"ExportFromTime": "2026-11-27T10:00:00Z", "ExportToTime": "2026-11-27T10:05:00Z"}', 'incremental window', /at least 15 minutes.*5 minutes/],
	[v.spec, 'ExportFromTime=2026-11-27T10:00:00Z,ExportFromTime=2026-11-27T10:00:00Z', 'incremental export specification', /given twice/],
	[v.spec, 'ExportFromTime=latest,ExportToTime=2026-11-27T11:00:00Z', 'incremental from', /not "latest"/],
];

describe('validators reject malformed input, naming the field and the rule', () => {
	it(`has at least 60 cases (${malformed.length})`, () => assert.ok(malformed.length >= 60));
	for (const [validator, input, field, rule] of malformed) {
		it(`${field}: ${JSON.stringify(input.length > 60 ? `${input.slice(0, 40)}…` : input)}`, () => {
			const result = validator(input);
			assert.equal(result.ok, false, `expected ${JSON.stringify(input)} to be refused`);
			if (result.ok) return;
			assert.equal(result.field, field);
			assert.match(result.message, rule);
		});
	}
});

describe('validators accept valid input', () => {
	it('table ARNs in every partition and table names', () => {
		assert.deepEqual(validateTableArn(` ${TABLE_ARN} `), {
			ok: true,
			value: {arn: TABLE_ARN, partition: 'aws', region: 'us-east-1', account: '111111111111', table: 'orders'},
		});
		for (const arn of ['arn:aws-cn:dynamodb:cn-north-1:111111111111:table/a.b_c-d', 'arn:aws-us-gov:dynamodb:us-gov-west-1:111111111111:table/Orders2']) {
			assert.equal(validateTableArn(arn).ok, true, arn);
		}
		assert.deepEqual(validateTableName('Orders_2026.v-1'), {ok: true, value: 'Orders_2026.v-1'});
	});

	it('bucket names at the edges of the rules', () => {
		for (const name of ['abc', 'a'.repeat(63), 'orders.exports-2026', '1bucket9', 'my.bucket.name', '192.168.5.bucket', 'xn-bucket', 'bucket-s3alias-not']) {
			assert.deepEqual(validateBucketName(name), {ok: true, value: name}, name);
		}
		assert.deepEqual(validateBucketName('s3://orders-exports/'), {ok: true, value: 'orders-exports'});
		assert.deepEqual(validateBucketName('s3://orders-exports'), {ok: true, value: 'orders-exports'});
	});

	it('parseS3Url splits a pasted location', () => {
		assert.deepEqual(parseS3Url('s3://orders-exports/daily/2026/'), {ok: true, value: {bucket: 'orders-exports', prefix: 'daily/2026/'}});
		assert.deepEqual(parseS3Url('S3://orders-exports'), {ok: true, value: {bucket: 'orders-exports'}});
		assert.deepEqual(parseS3Url('orders-exports/x'), {ok: true, value: {bucket: 'orders-exports', prefix: 'x'}});
		assert.deepEqual(parseS3Url('arn:aws:s3:::orders-exports/exports/*'), {ok: true, value: {bucket: 'orders-exports', prefix: 'exports/*'}});
	});

	it('account ids, prefixes, profiles, tokens, MFA codes', () => {
		assert.deepEqual(validateAccountId('012345678901'), {ok: true, value: '012345678901'});
		assert.deepEqual(validatePrefix(''), {ok: true, value: ''});
		assert.deepEqual(validatePrefix('exports/daily run/é'), {ok: true, value: 'exports/daily run/é'});
		assert.deepEqual(validatePrefix('a'.repeat(1024)), {ok: true, value: 'a'.repeat(1024)});
		assert.deepEqual(validateProfileName('dev-admin@acme'), {ok: true, value: 'dev-admin@acme'});
		assert.deepEqual(validateClientToken('a'.repeat(64)), {ok: true, value: 'a'.repeat(64)});
		assert.deepEqual(validateMfaCode(' 123 456 '), {ok: true, value: '123456'});
	});

	it('KMS key references of every kind', () => {
		assert.deepEqual(validateKmsKeyRef('1234abcd-12ab-34cd-56ef-1234567890ab'), {
			ok: true,
			value: {kind: 'key-id', value: '1234abcd-12ab-34cd-56ef-1234567890ab', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab'},
		});
		const mrk = validateKmsKeyRef('mrk-1234abcd12ab34cd56ef1234567890ab');
		assert.equal(mrk.ok && mrk.value.kind, 'key-id');
		const arn = validateKmsKeyRef('arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab');
		assert.deepEqual(arn.ok && [arn.value.kind, arn.value.region, arn.value.account], ['key-arn', 'eu-west-1', '222222222222']);
		const alias = validateKmsKeyRef('alias/exports/orders_2026');
		assert.deepEqual(alias.ok && [alias.value.kind, alias.value.alias], ['alias', 'alias/exports/orders_2026']);
		const aliasArn = validateKmsKeyRef('arn:aws:kms:us-east-1:111111111111:alias/exports');
		assert.deepEqual(aliasArn.ok && [aliasArn.value.kind, aliasArn.value.alias, aliasArn.value.region], ['alias-arn', 'alias/exports', 'us-east-1']);
	});

	it('awsManagedKeyProblem refuses aws/s3 across accounts and other services\' managed keys always', () => {
		assert.equal(awsManagedKeyProblem('alias/aws/s3', false), undefined);
		assert.match(awsManagedKeyProblem('alias/aws/s3', true) ?? '', /cannot be used for a bucket in another account.*key policy.*cannot be changed/);
		assert.match(awsManagedKeyProblem('arn:aws:kms:us-east-1:111111111111:alias/aws/s3', true) ?? '', /another account/);
		assert.match(awsManagedKeyProblem('alias/aws/dynamodb', false) ?? '', /AWS managed key of dynamodb.*cannot encrypt S3/);
		assert.equal(awsManagedKeyProblem('alias/exports', true), undefined);
	});

	it('Regions of every shape', () => {
		for (const r of ['us-east-1', 'eu-central-2', 'ap-southeast-4', 'us-gov-west-1', 'cn-north-1', 'il-central-1', 'mx-central-1', 'ca-west-1', 'eusc-de-east-1']) {
			assert.deepEqual(validateRegion(r), {ok: true, value: r}, r);
		}
	});

	it('endpoint URLs normalise to their origin', () => {
		assert.deepEqual(validateEndpointUrl('http://127.0.0.1:4566/'), {ok: true, value: 'http://127.0.0.1:4566'});
		assert.deepEqual(validateEndpointUrl('https://dynamodb.us-east-1.amazonaws.com'), {ok: true, value: 'https://dynamodb.us-east-1.amazonaws.com'});
	});

	it('enumerations take the API spelling and friendly ones', () => {
		assert.deepEqual(validateExportFormat('ion'), {ok: true, value: 'ION'});
		assert.deepEqual(validateExportFormat('dynamodb-json'), {ok: true, value: 'DYNAMODB_JSON'});
		assert.deepEqual(validateExportType('incremental'), {ok: true, value: 'INCREMENTAL_EXPORT'});
		assert.deepEqual(validateSseAlgorithm('sse-kms'), {ok: true, value: 'KMS'});
		assert.deepEqual(validateSseAlgorithm('AES256'), {ok: true, value: 'AES256'});
		assert.deepEqual(validateViewType('new-and-old-images'), {ok: true, value: 'NEW_AND_OLD_IMAGES'});
	});
});

describe('time input', () => {
	const at = (text: string) => {
		const r = parseTimeInput(text, NOW);
		assert.ok(r.ok, `${text}: ${r.ok ? '' : r.message}`);
		return r.value instanceof Date ? r.value.toISOString() : r.value;
	};

	it('reads ISO 8601 with Z, with offsets, without a zone (UTC, as the AWS CLI does) and date-only', () => {
		assert.equal(at('2026-11-27T10:00:00Z'), '2026-11-27T10:00:00.000Z');
		assert.equal(at('2026-11-27T10:00:00.250Z'), '2026-11-27T10:00:00.250Z');
		assert.equal(at('2026-11-27T12:00:00+02:00'), '2026-11-27T10:00:00.000Z');
		assert.equal(at('2026-11-27T05:30:00-0430'), '2026-11-27T10:00:00.000Z');
		assert.equal(at('2026-11-27 10:00'), '2026-11-27T10:00:00.000Z');
		assert.equal(at('2026-11-27T10:00:00'), '2026-11-27T10:00:00.000Z');
		assert.equal(at('2026-11-27'), '2026-11-27T00:00:00.000Z');
		assert.equal(at('2028-02-29T00:00:00Z'), '2028-02-29T00:00:00.000Z');
		assert.match(timeInputMeaning('2026-11-27', NOW) ?? '', /midnight UTC/);
		assert.match(timeInputMeaning('2026-11-27T10:00:00', NOW) ?? '', /read as UTC/);
	});

	it('reads epoch seconds, relative times, now and latest', () => {
		assert.equal(at('1764237600'), '2025-11-27T10:00:00.000Z');
		assert.equal(at('1764237600.5'), '2025-11-27T10:00:00.500Z');
		assert.equal(at('now'), NOW.toISOString());
		assert.equal(at('-15m'), '2026-11-27T11:45:00.000Z');
		assert.equal(at('-2h'), '2026-11-27T10:00:00.000Z');
		assert.equal(at('-1d'), '2026-11-26T12:00:00.000Z');
		assert.equal(at('90 minutes ago'), '2026-11-27T10:30:00.000Z');
		assert.equal(at('now-30s'), '2026-11-27T11:59:30.000Z');
		assert.equal(at('LATEST'), 'latest');
		assert.match(timeInputMeaning('-2h', NOW) ?? '', /2 hours ago: 2026-11-27 10:00:00 UTC/);
	});

	it('formats for people and for commands', () => {
		assert.equal(formatUtc(new Date('2026-11-27T10:00:00Z')), '2026-11-27 10:00:00 UTC');
		assert.equal(formatIso(new Date('2026-11-27T10:00:00Z')), '2026-11-27T10:00:00Z');
		assert.equal(formatIso(new Date('2026-11-27T10:00:00.5Z')), '2026-11-27T10:00:00.500Z');
	});

	it('validateExportTime: in the past and inside the PITR window, which the message shows in UTC', () => {
		const window = {earliest: new Date('2026-11-20T00:00:00Z'), latest: new Date('2026-11-27T11:55:00Z')};
		assert.equal(validateExportTime(new Date('2026-11-25T00:00:00Z'), window, NOW).ok, true);
		const future = validateExportTime(new Date('2026-11-28T00:00:00Z'), {}, NOW);
		assert.ok(!future.ok && future.field === 'export time' && /in the future/.test(future.message));
		const early = validateExportTime(new Date('2026-11-01T00:00:00Z'), window, NOW);
		assert.ok(!early.ok && /before.*window \(2026-11-20 00:00:00 UTC to 2026-11-27 11:55:00 UTC\)/.test(early.message), early.ok ? '' : early.message);
		const late = validateExportTime(new Date('2026-11-27T11:58:00Z'), window, NOW);
		assert.ok(!late.ok && /after the latest restorable time/.test(late.message));
		const bad = validateExportTime(new Date('x'), {}, NOW);
		assert.ok(!bad.ok && /not a valid time/.test(bad.message));
	});

	it('validateIncrementalWindow: order, 15 minutes to 24 hours, PITR window', () => {
		const t = (iso: string) => new Date(iso);
		const window = {earliest: t('2026-11-26T00:00:00Z'), latest: t('2026-11-27T11:55:00Z')};
		assert.equal(validateIncrementalWindow(t('2026-11-27T10:00:00Z'), t('2026-11-27T10:15:00Z'), window, NOW).ok, true);
		assert.equal(validateIncrementalWindow(t('2026-11-26T10:00:00Z'), t('2026-11-27T10:00:00Z'), window, NOW).ok, true);
		const cases: Array<[string, string, FieldName, RegExp]> = [
			['2026-11-27T11:00:00Z', '2026-11-27T10:00:00Z', 'incremental window', /must be before/],
			['2026-11-27T10:00:00Z', '2026-11-27T10:14:59Z', 'incremental window', /at least 15 minutes/],
			['2026-11-26T09:00:00Z', '2026-11-27T10:00:00Z', 'incremental window', /at most 24 hours.*25 hours/],
			['2026-11-27T11:50:00Z', '2026-11-27T12:10:00Z', 'incremental to', /in the future/],
			['2026-11-25T23:00:00Z', '2026-11-26T01:00:00Z', 'incremental from', /before the table's point-in-time recovery window/],
			['2026-11-27T11:30:00Z', '2026-11-27T11:58:00Z', 'incremental to', /after the latest restorable time/],
		];
		for (const [from, to, field, rule] of cases) {
			const r = validateIncrementalWindow(t(from), t(to), window, NOW);
			assert.ok(!r.ok, `${from}..${to}`);
			if (r.ok) continue;
			assert.equal(r.field, field, `${from}..${to}`);
			assert.match(r.message, rule);
		}
	});

	it('parseIncrementalSpec reads the CLI shorthand and JSON', () => {
		const expected = {from: new Date('2026-11-27T10:00:00Z'), to: new Date('2026-11-27T11:00:00Z'), viewType: 'NEW_IMAGE'};
		assert.deepEqual(parseIncrementalSpec('ExportFromTime=2026-11-27T10:00:00Z,ExportToTime=2026-11-27T11:00:00Z,ExportViewType=NEW_IMAGE', NOW), {ok: true, value: expected});
		assert.deepEqual(parseIncrementalSpec(' ExportFromTime="2026-11-27T10:00:00Z", ExportToTime=1795777200, ExportViewType=NEW_IMAGE ', NOW), {ok: true, value: expected});
		assert.deepEqual(
			parseIncrementalSpec('{"ExportFromTime": "2026-11-27T12:00:00+02:00", "ExportToTime": 1795777200, "ExportViewType": "NEW_IMAGE"}', NOW),
			{ok: true, value: expected},
		);
		const defaulted = parseIncrementalSpec('ExportFromTime=2026-11-27T10:00:00Z,ExportToTime=2026-11-27T11:00:00Z', NOW);
		assert.equal(defaulted.ok && defaulted.value.viewType, 'NEW_AND_OLD_IMAGES');
	});
});

describe('validatePlan', () => {
	const plan: ExportPlan = {
		region: 'us-east-1',
		tableArn: TABLE_ARN,
		bucket: 'orders-exports',
		prefix: 'exports/',
		sse: 'AES256',
		format: 'DYNAMODB_JSON',
		type: 'FULL_EXPORT',
	};

	it('passes a good plan', () => {
		assert.deepEqual(validatePlan(plan, {now: NOW}), []);
		assert.deepEqual(
			validatePlan(
				{...plan, type: 'INCREMENTAL_EXPORT', incremental: {from: new Date('2026-11-27T10:00:00Z'), to: new Date('2026-11-27T11:00:00Z'), viewType: 'NEW_IMAGE'}},
				{now: NOW},
			),
			[],
		);
	});

	it('lists every problem at once', () => {
		const problems = validatePlan(
			{
				region: 'eu-west-1',
				tableArn: TABLE_ARN,
				bucket: 'Orders',
				bucketOwner: '2222-2222-2222',
				prefix: '/x',
				sse: 'KMS',
				kmsKeyId: 'alias/aws/s3',
				format: 'ION',
				type: 'INCREMENTAL_EXPORT',
				exportTime: new Date('2026-11-27T10:00:00Z'),
			},
			{now: NOW},
		);
		assert.deepEqual(
			problems.map((p) => p.field),
			['Region', 'bucket name', 'bucket owner', 'prefix', 'KMS key', 'export time', 'incremental window'],
		);
		assert.match(problems[0]!.message, /table is in us-east-1 but the call would go to eu-west-1/);
	});

	it('reports missing required fields, cross-account aws/s3, key Region and AES256 with a key', () => {
		const missing = validatePlan({}, {now: NOW}).map((p) => p.field);
		assert.deepEqual(missing, ['Region', 'table ARN', 'bucket name']);
		const kms = validatePlan({...plan, sse: 'KMS', bucketOwner: '222222222222', kmsKeyId: 'alias/aws/s3'}, {now: NOW});
		assert.ok(kms.some((p) => p.field === 'KMS key' && /another account/.test(p.message)));
		const region = validatePlan({...plan, sse: 'KMS', bucketRegion: 'eu-west-1', kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'}, {now: NOW});
		assert.ok(region.some((p) => p.field === 'KMS key' && /bucket's Region/.test(p.message)));
		const aes = validatePlan({...plan, kmsKeyId: 'alias/exports'}, {now: NOW});
		assert.ok(aes.some((p) => p.field === 'KMS key' && /AES256/.test(p.message)));
		const window = validatePlan({...plan, exportTime: new Date('2026-11-01T00:00:00Z')}, {now: NOW, window: {earliest: new Date('2026-11-20T00:00:00Z')}});
		assert.deepEqual(window.map((p) => p.field), ['export time']);
	});
});

describe('the equivalent AWS CLI command', () => {
	const full: ExportPlan = {
		region: 'us-east-1',
		tableArn: TABLE_ARN,
		bucket: 'orders-exports',
		prefix: 'exports/daily',
		sse: 'AES256',
		format: 'DYNAMODB_JSON',
		type: 'FULL_EXPORT',
	};

	it('renders a full export exactly', () => {
		assert.equal(
			renderAwsCommand(full),
			`aws dynamodb export-table-to-point-in-time --table-arn ${TABLE_ARN} --s3-bucket orders-exports --s3-prefix exports/daily --s3-sse-algorithm AES256 --export-format DYNAMODB_JSON --region us-east-1`,
		);
		assert.equal(
			renderAwsCommand(
				{...full, profile: 'dev', bucketOwner: '222222222222', sse: 'KMS', kmsKeyId: 'alias/exports', format: 'ION', exportTime: new Date('2026-11-27T10:00:00Z')},
				{clientToken: 'ddb-export-1', endpointUrl: 'http://127.0.0.1:4566'},
			),
			`aws dynamodb export-table-to-point-in-time --table-arn ${TABLE_ARN} --s3-bucket orders-exports --s3-bucket-owner 222222222222 --s3-prefix exports/daily --s3-sse-algorithm KMS --s3-sse-kms-key-id alias/exports --export-format ION --export-time 2026-11-27T10:00:00Z --client-token ddb-export-1 --profile dev --region us-east-1 --endpoint-url http://127.0.0.1:4566`,
		);
	});

	it('renders an incremental export, multiline', () => {
		const plan: ExportPlan = {
			...full,
			prefix: '',
			type: 'INCREMENTAL_EXPORT',
			exportTime: new Date('2026-11-27T09:00:00Z'),
			incremental: {from: new Date('2026-11-27T10:00:00Z'), to: new Date('2026-11-27T11:00:00Z'), viewType: 'NEW_AND_OLD_IMAGES'},
		};
		assert.equal(
			renderAwsCommand(plan, {multiline: true, profile: '', region: 'eu-west-1'}),
			[
				'aws dynamodb export-table-to-point-in-time',
				`  --table-arn ${TABLE_ARN}`,
				'  --s3-bucket orders-exports',
				'  --s3-sse-algorithm AES256',
				'  --export-format DYNAMODB_JSON',
				'  --export-type INCREMENTAL_EXPORT',
				'  --incremental-export-specification ExportFromTime=2026-11-27T10:00:00Z,ExportToTime=2026-11-27T11:00:00Z,ExportViewType=NEW_AND_OLD_IMAGES',
				'  --region eu-west-1',
			].join(' \\\n'),
		);
	});

	it('quotes only what needs quoting, POSIX style', () => {
		assert.equal(shellQuote('exports/2026-11-27T10:00:00Z'), 'exports/2026-11-27T10:00:00Z');
		assert.equal(shellQuote(''), "''");
		assert.equal(shellQuote('daily run/'), "'daily run/'");
		assert.equal(shellQuote("bob's exports/"), "'bob'\\''s exports/'");
		assert.equal(shellQuote('$HOME*'), "'$HOME*'");
		const cmd = renderAwsCommand({...full, prefix: "bob's daily run/"});
		assert.ok(cmd.includes(`--s3-prefix 'bob'\\''s daily run/'`), cmd);
		assert.ok(renderAwsCommand({...full, prefix: '-weird/'}).includes('--s3-prefix=-weird/'));
	});

	it('round-trips: the rendered flags carry the plan\'s values, and shell-splitting gives the argv back', () => {
		const plan: ExportPlan = {...full, prefix: "a b'c\"d$e/", bucketOwner: '222222222222', sse: 'KMS', kmsKeyId: 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab'};
		const argv = exportCommandArgv(plan, {clientToken: 'tok'});
		const flagValue = (name: string) => argv[argv.indexOf(name) + 1];
		assert.equal(flagValue('--table-arn'), plan.tableArn);
		assert.equal(flagValue('--s3-bucket'), plan.bucket);
		assert.equal(flagValue('--s3-bucket-owner'), plan.bucketOwner);
		assert.equal(flagValue('--s3-prefix'), plan.prefix);
		assert.equal(flagValue('--s3-sse-kms-key-id'), plan.kmsKeyId);
		assert.equal(flagValue('--client-token'), 'tok');
		assert.deepEqual(posixSplit(renderShellCommand(argv)), argv);
		assert.deepEqual(posixSplit(renderShellCommand(argv, {multiline: true})), argv);
	});

	it('renders the follow-up commands', () => {
		assert.equal(
			pitrEnableCommand('orders', 'dev', 'us-east-1'),
			'aws dynamodb update-continuous-backups --table-name orders --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true --profile dev --region us-east-1',
		);
		assert.equal(
			pitrEnableCommand(TABLE_ARN),
			'aws dynamodb update-continuous-backups --table-name orders --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true --region us-east-1',
		);
		assert.equal(
			describeExportCommand(`${TABLE_ARN}/export/01764237600000-abcd1234`, 'dev'),
			`aws dynamodb describe-export --export-arn ${TABLE_ARN}/export/01764237600000-abcd1234 --profile dev --region us-east-1`,
		);
		assert.equal(ssoLoginCommand('my sso'), "aws sso login --profile 'my sso'");
		const exportArn = `${TABLE_ARN}/export/01764237600000-abcd1234`;
		assert.equal(watchCommand(exportArn, 'dev', 'us-east-1'), `ddb-export watch ${exportArn} --profile dev --region us-east-1`);
		assert.equal(watchCommand(exportArn, undefined, 'us-east-1'), `ddb-export watch ${exportArn} --region us-east-1`);
		assert.deepEqual(posixSplit(watchCommand(exportArn, 'my sso', 'us-east-1')), ['ddb-export', 'watch', exportArn, '--profile', 'my sso', '--region', 'us-east-1']);
	});
});

/** A small POSIX word splitter (quotes, backslash-newline), enough to check our own quoting. */
function posixSplit(line: string): string[] {
	const words: string[] = [];
	let word: string | undefined;
	for (let i = 0; i < line.length; i++) {
		const c = line[i]!;
		if (c === '\\' && line[i + 1] === '\n') {
			i++;
			continue;
		}
		if (c === ' ' || c === '\n') {
			if (word !== undefined) words.push(word);
			word = undefined;
			continue;
		}
		if (c === "'") {
			const end = line.indexOf("'", i + 1);
			word = (word ?? '') + line.slice(i + 1, end);
			i = end;
			continue;
		}
		if (c === '\\') {
			word = (word ?? '') + line[i + 1];
			i++;
			continue;
		}
		word = (word ?? '') + c;
	}
	if (word !== undefined) words.push(word);
	return words;
}
