// The ARN module against every AWS partition, and the places that read ARNs through it.

import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {describe, it} from 'node:test';
import {
	PARTITIONS,
	accountOf,
	accountRootArn,
	describePrincipal,
	exportsArnOf,
	isGroupArn,
	iamPolicyArn,
	isPrincipalArn,
	kmsKeyArn,
	parseAliasArn,
	parseArn,
	parseExportArn,
	parseKeyArn,
	parsePolicyArn,
	parseS3Arn,
	parseTableArn,
	partitionOf,
	roleArn,
	s3Arn,
	tableArn,
} from '../source/core/arn.js';
import {validateExportArn} from '../source/cli/plan-from-flags.js';
import {parseS3Url, validateAccountId, validateKmsKeyRef, validateRegion, validateTableArn} from '../source/core/validate.js';
import {validatePolicyOffline} from '../source/core/policy/validate-policy.js';

const require = createRequire(import.meta.url);
const sdkClient = require('@aws-sdk/core/client') as {partition: (region: string) => {name: string}};

/** One Region of each partition. */
const REGION_OF: Record<(typeof PARTITIONS)[number], string> = {
	aws: 'us-east-1',
	'aws-cn': 'cn-north-1',
	'aws-us-gov': 'us-gov-west-1',
	'aws-iso': 'us-iso-east-1',
	'aws-iso-b': 'us-isob-east-1',
	'aws-iso-e': 'eu-isoe-west-1',
	'aws-iso-f': 'us-isof-south-1',
	'aws-eusc': 'eusc-de-east-1',
};
const ACCOUNT = '111111111111';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

describe('partitions', () => {
	it('are the SDK endpoint rules\' partitions, no more and no fewer', () => {
		const source = readFileSync(require.resolve('@aws-sdk/core/client'), 'utf8');
		const block = source.slice(source.indexOf('"partitions"'), source.indexOf('"version"', source.indexOf('"partitions"')));
		const sdk = [...block.matchAll(/"id":\s*"([a-z-]+)"/g)].map((m) => m[1]).sort();
		assert.ok(sdk.length >= 8, `read ${sdk.length} partitions from the SDK`);
		assert.deepEqual([...PARTITIONS].sort(), sdk);
	});

	it('each sample Region belongs to its partition, for the SDK and for validateRegion', () => {
		for (const [partition, region] of Object.entries(REGION_OF)) {
			assert.equal(sdkClient.partition(region).name, partition, region);
			assert.ok(validateRegion(region).ok, region);
		}
	});
});

for (const partition of PARTITIONS) {
	const region = REGION_OF[partition];
	describe(`partition ${partition}`, () => {
		const table = `arn:${partition}:dynamodb:${region}:${ACCOUNT}:table/orders`;

		it('table and export ARNs parse, build and validate', () => {
			assert.deepEqual(parseTableArn(table), {partition, region, account: ACCOUNT, table: 'orders'});
			assert.equal(tableArn({partition, region, account: ACCOUNT, table: 'orders'}), table);
			assert.deepEqual(validateTableArn(table), {ok: true, value: {arn: table, partition, region, account: ACCOUNT, table: 'orders'}});
			const exportArn = `${table}/export/01764316800000-a1b2c3d4`;
			assert.deepEqual(parseExportArn(exportArn), {partition, region, account: ACCOUNT, table: 'orders', tableArn: table, exportId: '01764316800000-a1b2c3d4'});
			const validated = validateExportArn(exportArn);
			assert.ok(validated.ok && validated.value.tableArn === table, JSON.stringify(validated));
			assert.equal(exportsArnOf(table), `${table}/export/*`);
			assert.equal(partitionOf(table), partition);
			assert.equal(accountOf(table), ACCOUNT);
		});

		it('KMS key and alias ARNs parse and validate', () => {
			const key = `arn:${partition}:kms:${region}:${ACCOUNT}:key/${KEY_ID}`;
			assert.deepEqual(parseKeyArn(key), {partition, region, account: ACCOUNT, keyId: KEY_ID});
			assert.equal(kmsKeyArn(partition, region, ACCOUNT, KEY_ID), key);
			assert.deepEqual(validateKmsKeyRef(key), {ok: true, value: {kind: 'key-arn', value: key, keyId: KEY_ID, region, account: ACCOUNT, partition}});
			const alias = `arn:${partition}:kms:${region}:${ACCOUNT}:alias/exports`;
			assert.deepEqual(parseAliasArn(alias), {partition, region, account: ACCOUNT, alias: 'alias/exports'});
			assert.equal(parseKeyArn(alias), undefined);
		});

		it('S3 ARNs parse, build, and are read as buckets', () => {
			assert.equal(s3Arn(partition, 'orders-exports', 'exports/*'), `arn:${partition}:s3:::orders-exports/exports/*`);
			assert.deepEqual(parseS3Arn(`arn:${partition}:s3:::orders-exports`), {partition, bucket: 'orders-exports'});
			assert.deepEqual(parseS3Arn(`arn:${partition}:s3:::orders-exports/a/b:c`), {partition, bucket: 'orders-exports', key: 'a/b:c'});
			assert.deepEqual(parseS3Url(`arn:${partition}:s3:::orders-exports/exports/`), {ok: true, value: {bucket: 'orders-exports', prefix: 'exports/'}});
		});

		it('principals are told apart and accepted in policies', () => {
			const session = `arn:${partition}:sts::${ACCOUNT}:assumed-role/Exporter/alice`;
			assert.deepEqual(describePrincipal(session), {
				kind: 'assumed-role',
				account: ACCOUNT,
				partition,
				name: 'Exporter',
				session: 'alice',
				roleArn: roleArn(partition, ACCOUNT, 'Exporter'),
			});
			const role = `arn:${partition}:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123`;
			assert.equal(roleArn(partition, ACCOUNT, 'AWSReservedSSO_Admin_0123', '/aws-reserved/sso.amazonaws.com/'), role);
			assert.deepEqual(describePrincipal(role), {kind: 'role', account: ACCOUNT, partition, name: 'AWSReservedSSO_Admin_0123', path: '/aws-reserved/sso.amazonaws.com/', roleArn: role});
			assert.deepEqual(describePrincipal(accountRootArn(partition, ACCOUNT)), {kind: 'root', account: ACCOUNT, partition});
			for (const principal of [session, role, accountRootArn(partition, ACCOUNT), `arn:${partition}:iam::${ACCOUNT}:user/ops/bob`, `arn:${partition}:sts::${ACCOUNT}:federated-user/carol`]) {
				assert.ok(isPrincipalArn(principal), principal);
			}
			assert.ok(isGroupArn(`arn:${partition}:iam::${ACCOUNT}:group/admins`));
			assert.deepEqual(parsePolicyArn(`arn:${partition}:iam::${ACCOUNT}:policy/boundaries/ExportBoundary`), {partition, account: ACCOUNT, path: '/boundaries/', name: 'ExportBoundary'});
			assert.deepEqual(parsePolicyArn(`arn:${partition}:iam::aws:policy/ReadOnlyAccess`), {partition, account: 'aws', path: '/', name: 'ReadOnlyAccess'});
			assert.deepEqual(parsePolicyArn(iamPolicyArn(partition, ACCOUNT, 'boundaries/B')), {partition, account: ACCOUNT, path: '/boundaries/', name: 'B'});
			assert.equal(parsePolicyArn(role), undefined);
			assert.equal(validateAccountId(accountRootArn(partition, ACCOUNT)).ok, false);
		});

		it('a policy of this partition validates without an unknown-partition finding', () => {
			const findings = validatePolicyOffline(
				{
					Version: '2012-10-17',
					Statement: [{Effect: 'Allow', Principal: {AWS: accountRootArn(partition, ACCOUNT)}, Action: 's3:PutObject', Resource: s3Arn(partition, 'orders-exports', '*')}],
				},
				'bucket',
			);
			assert.deepEqual(
				findings.filter((f) => /partition|not a principal/.test(f.message)),
				[],
			);
		});
	});
}

describe('what is not an ARN of a known partition', () => {
	it('is refused by every parser', () => {
		for (const text of ['arn:aws-foo:dynamodb:us-east-1:111111111111:table/orders', 'arn:amazon:s3:::bucket', 'arn:aws', 'orders', '', 'arn:aws:dynamodb:us-east-1:111111111111:']) {
			assert.equal(parseArn(text), undefined, text);
			assert.equal(parseTableArn(text), undefined, text);
			assert.equal(parseS3Arn(text), undefined, text);
			assert.deepEqual(describePrincipal(text), {kind: 'unknown'}, text);
			assert.equal(partitionOf(text), 'aws', text);
		}
	});

	it('gives a message that names the partition', () => {
		const table = validateTableArn('arn:aws-foo:dynamodb:us-east-1:111111111111:table/orders');
		assert.ok(!table.ok && /"aws-foo" is not an AWS partition.*aws-eusc/.test(table.message), JSON.stringify(table));
		const exported = validateExportArn('arn:aws-foo:dynamodb:us-east-1:111111111111:table/orders/export/1');
		assert.ok(!exported.ok && /"aws-foo" is not an AWS partition/.test(exported.message), JSON.stringify(exported));
		const bucket = parseS3Url('arn:aws-foo:s3:::orders');
		assert.ok(!bucket.ok && /not an S3 ARN/.test(bucket.message), JSON.stringify(bucket));
	});

	it('keeps the kinds apart', () => {
		const table = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
		assert.equal(parseKeyArn(table), undefined);
		assert.equal(parseExportArn(table), undefined);
		assert.equal(parseTableArn(`${table}/export/1`), undefined);
		assert.equal(parseTableArn('arn:aws:dynamodb:us-east-1:1111:table/orders'), undefined, 'account of 4 digits');
		assert.equal(parseTableArn('arn:aws:dynamodb:us-east-1:111111111111:table/o'), undefined, 'name too short');
		assert.equal(parseS3Arn('arn:aws:s3:us-east-1:111111111111:accesspoint/ap'), undefined, 'access points are not buckets');
		assert.deepEqual(describePrincipal('arn:aws:s3:::bucket'), {kind: 'unknown'});
		assert.deepEqual(describePrincipal('arn:aws:iam::111111111111:group/admins'), {kind: 'unknown', account: '111111111111', partition: 'aws'});
		assert.deepEqual(describePrincipal('dynamodb.amazonaws.com'), {kind: 'service', name: 'dynamodb.amazonaws.com'});
		assert.deepEqual(describePrincipal('111111111111'), {kind: 'root', account: '111111111111'});
		assert.deepEqual(describePrincipal('arn:aws:iam::111111111111:role/service/team/Exporter'), {
			kind: 'role',
			account: '111111111111',
			partition: 'aws',
			name: 'Exporter',
			path: '/service/team/',
			roleArn: 'arn:aws:iam::111111111111:role/service/team/Exporter',
		});
		assert.equal(isPrincipalArn('arn:aws:sts::111111111111:assumed-role/R/s/extra'), false);
		assert.equal(isPrincipalArn('arn:aws:iam::111111111111:role/'), false);
		assert.equal(isPrincipalArn('arn:aws:iam::111111111111:group/admins'), false);
	});
});
