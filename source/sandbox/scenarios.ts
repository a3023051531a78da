// Named worlds: `healthy`, and one scenario per way an export goes wrong. Each breaks
// exactly one thing in the healthy world and carries a default plan that runs into it.

import {
	addBucket,
	addKey,
	addStaticCredential,
	addTable,
	addUser,
	buildHealthyWorld,
	exporterPolicy,
	exporterPolicyName,
	exporterRoleArn,
	homeAccount,
	homeRegion,
	keyAdminRoleArn,
	otherAccount,
	policy,
	profileFor,
	type BaseWorld,
} from './base-world.js';
import {createHash} from 'node:crypto';
import {gunzipSync, gzipSync} from 'node:zlib';
import {addEarlierExport} from './earlier-exports.js';
import type {ExportRecord} from './export-record.js';
import type {FaultPlan} from './faults.js';
import type {ProfileSecrets} from './secrets.js';
import {applyManyTables, type ManyTablesOptions} from './many-tables.js';
import type {WorldState} from './world.js';

export interface ScenarioSetup extends BaseWorld {
	faults?: FaultPlan;
	onExportStarted?: (record: ExportRecord, world: WorldState) => void;
	onExportCompleted?: (record: ExportRecord, world: WorldState) => void;
	/** Exports that may be IN_PROGRESS at once per account; more answer LimitExceededException. */
	exportLimit?: number;
}

/** What a scenario may be asked to vary (the bench's 300-table batch). */
export type ScenarioOptions = ManyTablesOptions;

interface ScenarioDefinition {
	description: string;
	apply?: (setup: ScenarioSetup, options: ScenarioOptions) => void;
}

const ordersExportsArn = 'arn:aws:s3:::orders-exports';

/**
 * What a hostile string carries (hostile-strings): a screen clear and colour (CSI), a window
 * title and a clipboard write (OSC 0, OSC 52), a link (OSC 8), a carriage return that would
 * overwrite the line, a bell, and the C1 forms of CSI and OSC (U+009B, U+009D).
 */
export const HOSTILE = ' \u001b[2J\u001b[38;5;201mPINK\u001b]0;HOSTILE-TITLE\u0007\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\\rOVER\u009b31mC1RED\u009d52;c;QzFjbGlw\u009c';

function addBucketStatement(setup: ScenarioSetup, bucketName: string, statement: object): void {
	const bucket = setup.world.buckets.get(bucketName)!;
	const document = JSON.parse(bucket.policy ?? '{"Version":"2012-10-17","Statement":[]}') as {Statement: object[]};
	document.Statement.push(statement);
	bucket.policy = JSON.stringify(document, null, 2);
}

/** The data files of the export whose summary is `summaryKey`, in key order. */
function dataFileKeys(keys: Iterable<string>, summaryKey: string): string[] {
	const dataPrefix = summaryKey.replace(/manifest-summary\.json$/, 'data/');
	return [...keys].filter((key) => key.startsWith(dataPrefix)).sort();
}

function setExporterPolicy(setup: ScenarioSetup, document: string): void {
	setup.exporter.inlinePolicies.set(exporterPolicyName, document);
}

/** One more inline policy on the caller's role: the permission an in-place fix needs. */
function allowCaller(setup: ScenarioSetup, name: string, action: string, resource: string): void {
	setup.exporter.inlinePolicies.set(name, policy({Sid: name, Effect: 'Allow', Action: action, Resource: resource}));
}

function useKey(setup: ScenarioSetup, kmsKeyId: string): void {
	setup.plan.sse = 'KMS';
	setup.plan.kmsKeyId = kmsKeyId;
}

export const SCENARIOS: Record<string, {description: string}> = {};
const definitions: Record<string, ScenarioDefinition> = {
	healthy: {description: 'Everything is in place: the default plan exports orders to s3://orders-exports/exports/orders/.'},
	'pitr-off': {
		description: 'The table (audit-log) has point-in-time recovery off.',
		apply(setup) {
			setup.plan.tableArn = `arn:aws:dynamodb:${homeRegion}:${homeAccount}:table/audit-log`;
			setup.plan.prefix = 'exports/audit-log/';
		},
	},
	'cross-account': {
		description: 'The bucket analytics-landing belongs to account 222222222222 and has no bucket policy yet (profile analytics-admin can add one).',
		apply(setup) {
			addBucket(setup.world, 'analytics-landing', {owner: otherAccount});
			const analyticsAdmin = addUser(setup.world, otherAccount, 'analytics-admin', {
				ManageLanding: policy({Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::analytics-landing', 'arn:aws:s3:::analytics-landing/*']}),
			});
			setup.profiles.push(profileFor('analytics-admin', addStaticCredential(setup.world, 'AKIASANDBOXANALYTIC1', analyticsAdmin)));
			setup.plan.bucket = 'analytics-landing';
			setup.plan.bucketOwner = otherAccount;
		},
	},
	'kms-key-policy': {
		description: "The KMS key alias/exports has a key policy that lets only the KeyAdmin role use it; it does not trust the account for usage.",
		apply(setup) {
			const key = setup.world.resolveKey('alias/exports', homeAccount, homeRegion)!;
			key.policy = policy(
				{
					Sid: 'KeyAdministration',
					Effect: 'Allow',
					Principal: {AWS: keyAdminRoleArn},
					Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
					Resource: '*',
				},
				{
					Sid: 'AccountMayReadAndManagePolicy',
					Effect: 'Allow',
					Principal: {AWS: `arn:aws:iam::${homeAccount}:root`},
					Action: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy', 'kms:List*'],
					Resource: '*',
				},
			);
			useKey(setup, 'alias/exports');
		},
	},
	'scp-deny': {
		description: 'A service control policy (DenyDataExport) denies dynamodb:ExportTableToPointInTime in the account.',
		apply(setup) {
			setup.world.organization!.policies.push({
				id: 'p-deny1234',
				arn: 'arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny1234',
				name: 'DenyDataExport',
				description: 'No table exports from this account',
				type: 'SERVICE_CONTROL_POLICY',
				awsManaged: false,
				content: policy({Sid: 'DenyExports', Effect: 'Deny', Action: 'dynamodb:ExportTableToPointInTime', Resource: '*'}),
				targets: [homeAccount],
			});
		},
	},
	'bucket-missing': {
		description: 'The plan names a bucket (orders-exports-archive) that does not exist; the caller may create it.',
		apply(setup) {
			setup.plan.bucket = 'orders-exports-archive';
			allowCaller(setup, 'CreateArchiveBucket', 's3:CreateBucket', 'arn:aws:s3:::orders-exports-archive');
		},
	},
	'requester-pays': {
		description: 'The bucket orders-exports has Requester Pays turned on, which exports do not support; the caller may turn it off.',
		apply(setup) {
			setup.world.buckets.get('orders-exports')!.requesterPays = true;
			allowCaller(setup, 'ManageRequestPayment', 's3:PutBucketRequestPayment', ordersExportsArn);
		},
	},
	'bucket-requires-kms': {
		description: 'The bucket policy of orders-exports denies PutObject unless it is SSE-KMS; the plan uses AES256.',
		apply(setup) {
			addBucketStatement(setup, 'orders-exports', {
				Sid: 'RequireKmsEncryption',
				Effect: 'Deny',
				Principal: '*',
				Action: 's3:PutObject',
				Resource: `${ordersExportsArn}/*`,
				Condition: {StringNotEquals: {'s3:x-amz-server-side-encryption': 'aws:kms'}},
			});
		},
	},
	'source-ip': {
		description: "The bucket policy allows writes only from 127.0.0.1: the write probe passes, DynamoDB's own writes are refused.",
		apply(setup) {
			addBucketStatement(setup, 'orders-exports', {
				Sid: 'OnlyFromTheOffice',
				Effect: 'Deny',
				Principal: '*',
				Action: 's3:PutObject',
				Resource: `${ordersExportsArn}/*`,
				Condition: {NotIpAddress: {'aws:SourceIp': '127.0.0.1/32'}},
			});
		},
	},
	'key-disabled': {
		description: 'The plan encrypts with alias/exports, and that KMS key is disabled; the caller may enable it.',
		apply(setup) {
			const key = setup.world.resolveKey('alias/exports', homeAccount, homeRegion)!;
			key.state = 'Disabled';
			allowCaller(setup, 'EnableExportsKey', 'kms:EnableKey', key.arn);
			useKey(setup, 'alias/exports');
		},
	},
	'key-wrong-region': {
		description: 'The plan encrypts with a KMS key in eu-west-1 while the bucket is in us-east-1.',
		apply(setup) {
			const key = addKey(setup.world, 'exports-eu', {region: 'eu-west-1', aliases: ['alias/exports-eu'], description: 'Encrypts exports in Europe'});
			useKey(setup, key.arn);
		},
	},
	'missing-permission': {
		description: "The caller's role policy lacks s3:PutObject (and nothing else).",
		apply(setup) {
			setExporterPolicy(setup, exporterPolicy({withoutActions: ['s3:PutObject']}));
		},
	},
	'permissions-boundary': {
		description: "The caller's role has a permissions boundary that does not allow dynamodb:ExportTableToPointInTime.",
		apply(setup) {
			setup.exporter.boundary = {
				arn: `arn:aws:iam::${homeAccount}:policy/DataExporterBoundary`,
				document: policy({Sid: 'EverythingButExports', Effect: 'Allow', NotAction: 'dynamodb:ExportTableToPointInTime', Resource: '*'}),
			};
		},
	},
	'no-simulate': {
		description: 'Like healthy, but the caller may not call iam:SimulatePrincipalPolicy nor read SCPs: those checks answer "unknown".',
		apply(setup) {
			setExporterPolicy(
				setup,
				exporterPolicy({withoutActions: ['iam:SimulatePrincipalPolicy', 'organizations:ListPoliciesForTarget', 'organizations:ListParents', 'organizations:DescribePolicy']}),
			);
		},
	},
	'export-fails': {
		description: 'Every check passes, but a bucket policy change right after the first export starts makes it fail.',
		apply(setup) {
			// Once: an administrator freezes the bucket; after they lift it, exports work again.
			let frozen = false;
			setup.onExportStarted = () => {
				if (frozen) return;
				frozen = true;
				addBucketStatement(setup, 'orders-exports', {
					Sid: 'FreezeDuringMaintenance',
					Effect: 'Deny',
					Principal: '*',
					Action: 's3:PutObject',
					Resource: `${ordersExportsArn}/*`,
				});
			};
		},
	},
	'mfa-role': {
		description: 'The default profile assumes the DataExporter role from user alice and needs an MFA code (123456 in the sandbox).',
		apply(setup) {
			const {world} = setup;
			const alice = addUser(world, homeAccount, 'alice', {
				AssumeExporter: policy({Effect: 'Allow', Action: 'sts:AssumeRole', Resource: exporterRoleArn}),
			});
			alice.mfaSerial = `arn:aws:iam::${homeAccount}:mfa/alice`;
			setup.exporter.trustPolicy = policy({
				Sid: 'AliceWithMfa',
				Effect: 'Allow',
				Principal: {AWS: alice.arn},
				Action: 'sts:AssumeRole',
				Condition: {Bool: {'aws:MultiFactorAuthPresent': 'true'}},
			});
			// The static role session of the healthy world does not exist here.
			world.credentials.delete(setup.profiles[0]!.accessKeyId!);
			const keys = addStaticCredential(world, 'AKIASANDBOXALICE0001', alice);
			setup.profiles[0] = {name: 'default', region: homeRegion, roleArn: exporterRoleArn, sourceProfile: 'alice-user', mfaSerial: alice.mfaSerial};
			setup.profiles.push(profileFor('alice-user', keys));
		},
	},
	'sso-expired': {
		description: 'The default profile is an IAM Identity Center (SSO) profile whose session has expired: the wizard says so and shows aws sso login; the profile "static" still works.',
		apply(setup) {
			const healthy = setup.profiles[0]!;
			// No token for this start URL exists in any SSO cache, as after the session expired.
			setup.profiles[0] = {
				name: 'default',
				region: homeRegion,
				sso: {startUrl: 'https://ddb-export-sandbox.awsapps.com/start', region: homeRegion, accountId: homeAccount, roleName: 'DataExporter'},
			};
			setup.profiles.push({...healthy, name: 'static'});
		},
	},
	'big-account': {
		description: 'A large account: 10,000 more tables and 5,000 more buckets, for paging and filtering.',
		apply(setup) {
			const areas = ['billing', 'catalog', 'events', 'inventory', 'sessions', 'metrics', 'search', 'profiles'];
			for (let i = 0; i < 10_000; i++) {
				addTable(setup.world, `${areas[i % areas.length]}-${String(i).padStart(5, '0')}`, (i * 37) % 500);
			}
			const regions = [homeRegion, homeRegion, 'eu-west-1', 'us-west-2'];
			for (let i = 0; i < 5_000; i++) {
				addBucket(setup.world, `data-${areas[i % areas.length]}-${String(i).padStart(4, '0')}-${homeAccount}`, {region: regions[i % regions.length]});
			}
		},
	},
	'hostile-strings': {
		description:
			'Strings AWS hands back carry terminal control sequences (screen clears, OSC 52 clipboard writes, OSC 8 links, C1 controls): the KMS key description, a key policy Sid, an SCP name and description, and the failed export\'s message. Nothing may reach the terminal raw.',
		apply(setup) {
			const key = addKey(setup.world, 'hostile', {aliases: ['alias/hostile'], description: `Exports key${HOSTILE}`});
			// Only the key's administrators may use it (so its policy is shown, merged), under a Sid that carries the sequences.
			key.policy = policy(
				{Sid: `KeyAdmins${HOSTILE}`, Effect: 'Allow', Principal: {AWS: keyAdminRoleArn}, Action: 'kms:*', Resource: '*'},
				{Sid: 'AccountMayRead', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${homeAccount}:root`}, Action: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:List*'], Resource: '*'},
			);
			useKey(setup, 'alias/hostile');
			setup.world.organization!.policies.push({
				id: 'p-hostile01',
				arn: 'arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-hostile01',
				name: `NoAcls${HOSTILE}`,
				description: `Object ACLs are off${HOSTILE}`,
				type: 'SERVICE_CONTROL_POLICY',
				awsManaged: false,
				content: policy({Sid: 'NoObjectAcls', Effect: 'Deny', Action: 's3:PutObjectAcl', Resource: '*'}),
				targets: [homeAccount],
			});
			setup.onExportStarted = (record) => {
				record.failWith = {code: 'S3AccessDenied', message: `Access Denied${HOSTILE} (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Proxy: null)`};
			};
		},
	},
	'damaged-export': {
		description: 'Healthy, but after each export completes one of its data files is altered in S3 (one line changed): verify finds it.',
		apply(setup) {
			setup.onExportCompleted = (record, world) => {
				const bucket = world.buckets.get(record.params.s3Bucket);
				const key = record.exportManifest && dataFileKeys(bucket?.objects.keys() ?? [], record.exportManifest)[0];
				const object = key ? bucket!.objects.get(key) : undefined;
				if (!object) return;
				// Someone rewrote the file: still valid gzip, one item's value changed.
				const text = gunzipSync(object.body).toString('utf8').replace(/"S":"/, '"S":"ALTERED ');
				object.body = gzipSync(text);
				object.etag = createHash('md5').update(object.body).digest('hex');
			};
		},
	},
	'many-tables': {
		description:
			'A batch: 50 tables orders-000…049 (orders-007 without PITR), 10 tables billing-000…009 in account 333333333333 (profile billing), the central bucket lake-exports in 222222222222 admitting only 111111111111 (profile lake-admin may change it); 5 exports at once per account.',
		apply: applyManyTables,
	},
	'attribute-types': {
		description:
			'Healthy; the default plan exports attribute-types, whose items carry every DynamoDB type (S, N of 38 digits, B, SS, NS, BS, nested M and L, NULL, BOOL), to s3://orders-exports/exports/attribute-types/.',
		apply(setup) {
			addTable(setup.world, 'attribute-types', 2500);
			setup.plan.tableArn = `arn:aws:dynamodb:${homeRegion}:${homeAccount}:table/attribute-types`;
			setup.plan.prefix = 'exports/attribute-types/';
		},
	},
	'incremental-chain': {
		description:
			'orders has earlier exports to orders-exports: exports/orders/ was last exported (incremental) 50 h before the latest restorable time, orders-hourly/ 3 h, orders-recent/ 10 min, orders-archive/ (full) 40 days ago, beyond PITR; any other prefix has none.',
		apply(setup) {
			// Times relative to the latest restorable time (five minutes before now, as in DescribeContinuousBackups).
			const latest = Math.floor((setup.world.now() - 5 * 60_000) / 1000) * 1000;
			const hour = 60 * 60_000;
			const earlier = (prefix: string, type: 'FULL_EXPORT' | 'INCREMENTAL_EXPORT', before: number) =>
				addEarlierExport(setup.world, {tableName: 'orders', bucket: 'orders-exports', prefix, type, reaches: latest - before, accessKeyId: 'ASIASANDBOXDEFAULT01'});
			earlier('exports/orders/', 'FULL_EXPORT', 51 * hour);
			earlier('exports/orders/', 'INCREMENTAL_EXPORT', 50 * hour);
			earlier('exports/orders-hourly/', 'INCREMENTAL_EXPORT', 3 * hour);
			earlier('exports/orders-recent/', 'INCREMENTAL_EXPORT', 10 * 60_000);
			earlier('exports/orders-archive/', 'FULL_EXPORT', 40 * 24 * hour);
		},
	},
	flaky: {
		description: 'Healthy, but one call in five meets a fault (throttling, errors, dropped connections, slow or lost answers).',
		apply(setup) {
			setup.faults = {rate: 0.2, seed: 42};
		},
	},
};

for (const [name, definition] of Object.entries(definitions)) SCENARIOS[name] = {description: definition.description};

export const SCENARIO_NAMES: string[] = Object.keys(definitions);

export function buildScenario(name: string, now: () => number, secrets?: ProfileSecrets, options: ScenarioOptions = {}): ScenarioSetup {
	const definition = definitions[name];
	if (!definition) {
		throw new Error(`Unknown sandbox scenario '${name}'. Known scenarios: ${SCENARIO_NAMES.join(', ')}`);
	}
	const setup: ScenarioSetup = buildHealthyWorld(now, secrets);
	definition.apply?.(setup, options);
	return setup;
}
