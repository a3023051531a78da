// The live prerequisite checks against a hand-written fake AwsSession: each failure
// mode gives the right verdict, cause and fix; calls are made once and in as few
// sequential waves as their inputs allow.

import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {setMaxListeners} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {checkExitCode, rerunChecks, runChecks, CHECK_ORDER, type CheckContext, type CheckReport} from '../source/core/checks/run-checks.js';
import type {CheckId, CheckResult} from '../source/core/checks/types.js';
import {CHECK_TITLES} from '../source/core/checks/check-titles.js';
import {isCredentialError} from '../source/core/checks/check-errors.js';
import type {ExportPlan} from '../source/core/plan.js';
import {AwsCallError, type AwsSession, type KeyDetails, type OrgPolicy, type SimulationResult} from '../source/core/ports.js';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/Exporter`;
const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/Exporter/alice`;
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY_ID}`;
const BUCKET = 'exports-bucket';
const NOW = new Date('2025-06-01T12:00:00Z');

const basePlan: ExportPlan = {
	region: 'us-east-1',
	tableArn: TABLE_ARN,
	bucket: BUCKET,
	prefix: 'ddb/',
	sse: 'KMS',
	kmsKeyId: KEY_ARN,
	format: 'DYNAMODB_JSON',
	type: 'FULL_EXPORT',
};

const policy = (...Statement: object[]) => JSON.stringify({Version: '2012-10-17', Statement});

const rootTrustKeyPolicy = policy({
	Sid: 'EnableIAM',
	Effect: 'Allow',
	Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`},
	Action: 'kms:*',
	Resource: '*',
});

const fullAccessScp: OrgPolicy = {
	id: 'p-FullAWSAccess',
	arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
	name: 'FullAWSAccess',
	type: 'SERVICE_CONTROL_POLICY',
	content: policy({Effect: 'Allow', Action: '*', Resource: '*'}),
};

const healthyKey: KeyDetails = {
	keyId: KEY_ID,
	arn: KEY_ARN,
	region: 'eu-west-1',
	account: ACCOUNT,
	state: 'Enabled',
	enabled: true,
	manager: 'CUSTOMER',
	keySpec: 'SYMMETRIC_DEFAULT',
	keyUsage: 'ENCRYPT_DECRYPT',
};

const denied = (service: string, operation: string, message = 'Access Denied') => new AwsCallError(service, operation, 'AccessDenied', message, 403);

/** Like S3 and KMS: a bucket or key asked for in another Region than its own is not there. */
function inBucketRegion(operation: string, region: string): void {
	if (region !== 'eu-west-1') throw new AwsCallError(operation.startsWith('Key') || operation === 'DescribeKey' ? 'kms' : 's3', operation, operation === 'DescribeKey' || operation === 'GetKeyPolicy' ? 'NotFoundException' : 'PermanentRedirect', `not in ${region}`, operation === 'DescribeKey' || operation === 'GetKeyPolicy' ? 400 : 301);
}

type Method = Exclude<keyof AwsSession, 'region' | 'profile'>;
type Answers = {[K in Method]?: AwsSession[K] extends (...args: infer A) => infer R ? (...args: A) => R | Awaited<R> : never};

interface Call {
	method: string;
	args: unknown[];
	/** The wave (1-based) in which the call was released, with a Waves gate. */
	wave: number;
}

/** Releases all pending calls together; counts how many sequential rounds a run needs. */
class Waves {
	released = 0;
	private pending: Array<() => void> = [];

	/** Like an SDK call, a waiting call rejects with AbortError when its signal aborts. */
	wait(signal?: AbortSignal): Promise<void> {
		return new Promise((resolve, reject) => {
			this.pending.push(resolve);
			signal?.addEventListener('abort', () => reject(new DOMException('Request aborted', 'AbortError')), {once: true});
		});
	}

	async drive<T>(run: Promise<T>): Promise<T> {
		let done = false;
		const finished = run.finally(() => (done = true));
		finished.catch(() => {});
		while (!done) {
			for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
			if (done) break;
			assert.ok(this.pending.length > 0, 'the run is stuck: nothing pending and not finished');
			this.released++;
			for (const release of this.pending.splice(0)) release();
		}
		return finished;
	}
}

function fakeSession(answers: Answers = {}, options: {region?: string; waves?: Waves; failAll?: AwsCallError} = {}) {
	const calls: Call[] = [];
	const defaults: Required<Answers> = {
		forgetReads: () => undefined,
		identity: async () => ({account: ACCOUNT, arn: SESSION_ARN, userId: 'AROAEXAMPLE:alice'}),
		listTables: async () => ['orders'],
		describeTable: async (name) => ({name, arn: TABLE_ARN, status: 'ACTIVE', itemCount: 10, sizeBytes: 1000, encryption: {type: 'DEFAULT'}}),
		describeContinuousBackups: async () => ({enabled: true, earliest: new Date('2025-05-20T00:00:00Z'), latest: new Date('2025-06-01T11:55:00Z'), recoveryPeriodDays: 35}),
		enablePitr: async () => ({enabled: true}),
		permissionsBoundary: async () => null,
		managedPolicy: async (arn) => {
			throw new AwsCallError('iam', 'GetPolicy', 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
		},
		enableKey: async () => undefined,
		putBucketRequestPayment: async () => undefined,
		createBucket: async () => undefined,
		listBuckets: async () => [{name: BUCKET, region: 'eu-west-1'}],
		bucketRegion: async () => 'eu-west-1',
		headBucket: async (_bucket, region) => inBucketRegion('HeadBucket', region),
		bucketPolicy: async (_bucket, region) =>
			(inBucketRegion('GetBucketPolicy', region),
			policy({
				Sid: 'DenyInsecure',
				Effect: 'Deny',
				Principal: '*',
				Action: 's3:*',
				Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
				Condition: {Bool: {'aws:SecureTransport': 'false'}},
			})),
		bucketEncryption: async () => ({algorithm: 'AES256'}),
		bucketOwnership: async (_bucket, region) => (inBucketRegion('GetBucketOwnershipControls', region), 'BucketOwnerEnforced'),
		bucketRequestPayment: async (_bucket, region) => (inBucketRegion('GetBucketRequestPayment', region), 'BucketOwner'),
		probeWrite: async (_bucket, region) => (inBucketRegion('CreateMultipartUpload', region), {}),
		getObjectText: async () => null,
		getObjectStream: async () => null,
		listObjects: async () => [],
		getObjectStart: async () => null,
		putBucketPolicy: async () => undefined,
		listKeys: async () => [],
		describeKey: async (_id, region) => (inBucketRegion('DescribeKey', region), healthyKey),
		keyPolicy: async (_arn, region) => (inBucketRegion('GetKeyPolicy', region), rootTrustKeyPolicy),
		putKeyPolicy: async () => undefined,
		simulatePrincipalPolicy: async (_arn, actions, resources) =>
			actions.flatMap((action) => resources.map((resource): SimulationResult => ({action, resource, decision: 'allowed', matchedStatementIds: ['ExportAccess'], missingContextKeys: []}))),
		simulateCustomPolicy: async () => [],
		listInlinePolicies: async () => [],
		getInlinePolicy: async () => null,
		putInlinePolicy: async () => undefined,
		organizationPolicies: async () => [fullAccessScp],
		validatePolicy: async () => [],
		startExport: async () => {
			throw new Error('not in checks');
		},
		describeExport: async () => {
			throw new Error('not in checks');
		},
		listExports: async () => [],
		listExportsPage: async () => ({summaries: []}),
	};
	const session = {region: options.region ?? 'us-east-1', profile: 'work'} as AwsSession & {calls: Call[]};
	session.calls = calls;
	for (const method of Object.keys(defaults) as Method[]) {
		(session as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
			const call: Call = {method, args: args.filter((a) => !(typeof a === 'object' && a !== null && 'signal' in a)), wave: (options.waves?.released ?? 0) + 1};
			calls.push(call);
			const withSignal = args.find((a): a is {signal?: AbortSignal} => typeof a === 'object' && a !== null && 'signal' in a);
			if (options.waves) await options.waves.wait(withSignal?.signal);
			if (options.failAll) throw options.failAll;
			const handler = (answers[method] ?? defaults[method]) as (...a: unknown[]) => unknown;
			return handler(...args);
		};
	}
	return session;
}

interface Run {
	report: CheckReport;
	updates: CheckResult[][];
	session: ReturnType<typeof fakeSession>;
	byId: (id: CheckId) => CheckResult;
}

async function run(answers: Answers = {}, planChanges: Partial<ExportPlan> = {}, extra: {probe?: boolean; failAll?: AwsCallError; region?: string} = {}): Promise<Run> {
	const session = fakeSession(answers, {failAll: extra.failAll, region: extra.region});
	const updates: CheckResult[][] = [];
	const ctx: CheckContext = {plan: {...basePlan, ...planChanges}, session, probe: extra.probe ?? true, now: () => NOW};
	const report = await runChecks(ctx, (results) => updates.push(results));
	return {report, updates, session, byId: (id) => report.results.find((r) => r.id === id)!};
}

function statuses(report: CheckReport): Record<string, string> {
	return Object.fromEntries(report.results.map((r) => [r.id, r.status]));
}

function assertNoDuplicateCalls(calls: Call[]): void {
	const seen = new Set<string>();
	for (const call of calls) {
		const key = `${call.method}(${JSON.stringify(call.args)})`;
		assert.ok(!seen.has(key), `called twice: ${key}`);
		seen.add(key);
	}
}

describe('healthy account', () => {
	it('passes every check, calls each thing once, and reports what it read', async () => {
		const {report, session, byId} = await run();
		assert.deepEqual(statuses(report), {
			credentials: 'passed',
			table: 'passed',
			pitr: 'passed',
			bucket: 'passed',
			'bucket-policy': 'passed',
			'kms-key': 'passed',
			'key-policy': 'passed',
			permissions: 'passed',
			organization: 'passed',
			'write-probe': 'passed',
		});
		assert.equal(report.overall, 'passed');
		assert.equal(checkExitCode(report), 0);
		assert.equal(report.identity?.arn, SESSION_ARN);
		assert.equal(report.bucketRegion, 'eu-west-1');
		assert.equal(report.key?.arn, KEY_ARN);
		assert.equal(report.callerPolicyArn, ROLE_ARN);
		assert.equal(report.keyPolicy, rootTrustKeyPolicy);
		assert.match(report.bucketPolicy ?? '', /DenyInsecure/);
		assert.equal(report.calls, session.calls.length);
		assertNoDuplicateCalls(session.calls);
		assert.match(byId('credentials').summary, /role Exporter \(session alice\)/);
		assert.match(byId('key-policy').summary, /trusts account 111111111111; IAM policies decide/);
		assert.ok(byId('bucket-policy').evidence?.some((e) => /BucketOwnerEnforced/.test(e) && /Unconfirmed/.test(e)));
		assert.ok(byId('permissions').evidence?.some((e) => /session policies .* not evaluated/.test(e)));
		assert.match(byId('write-probe').summary, /source IP \/ VPC were not exercised/);
		assert.ok(byId('write-probe').evidence?.some((e) => /nothing is left behind/.test(e)));
		// The KMS key is looked up in the bucket's Region, not the table's.
		assert.deepEqual(session.calls.find((c) => c.method === 'describeKey')?.args, [KEY_ARN, 'eu-west-1']);
		const probe = session.calls.find((c) => c.method === 'probeWrite' && c.args[1] === 'eu-west-1')!;
		assert.match(String(probe.args[2]), /^ddb\/ddb-export-probe-[0-9a-f]{8}$/);
		assert.deepEqual(probe.args[3], {algorithm: 'KMS', kmsKeyId: KEY_ARN});
	});

	it('simulates the role of an assumed-role session on exactly the needed actions and resources', async () => {
		const {session} = await run();
		const simulated = session.calls.filter((c) => c.method === 'simulatePrincipalPolicy').map((c) => [c.args[0], c.args[2], c.args[1]]);
		assert.deepEqual(
			simulated.sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
			[
				[ROLE_ARN, [TABLE_ARN], ['dynamodb:ExportTableToPointInTime']],
				[ROLE_ARN, [`${TABLE_ARN}/export/*`], ['dynamodb:DescribeExport']],
				[ROLE_ARN, [KEY_ARN], ['kms:GenerateDataKey', 'kms:Decrypt']],
				[ROLE_ARN, [`arn:aws:s3:::${BUCKET}/ddb/AWSDynamoDB/x/data/x.json.gz`], ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload']],
			].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
		);
	});

	it('skips the KMS checks for SSE-S3 and makes no KMS calls', async () => {
		const {report, session} = await run({}, {sse: 'AES256', kmsKeyId: undefined});
		assert.equal(statuses(report)['kms-key'], 'skipped');
		assert.equal(statuses(report)['key-policy'], 'skipped');
		assert.equal(report.overall, 'passed');
		assert.ok(!session.calls.some((c) => c.method === 'describeKey' || c.method === 'keyPolicy'));
		assert.deepEqual(session.calls.find((c) => c.method === 'probeWrite')?.args[3], {algorithm: 'AES256'});
	});

	it('skips the write probe with --no-probe', async () => {
		const {report, session} = await run({}, {}, {probe: false});
		assert.equal(statuses(report)['write-probe'], 'skipped');
		assert.ok(!session.calls.some((c) => c.method === 'probeWrite'));
	});
});

describe('credentials', () => {
	const cases: Array<[string, RegExp, RegExp | undefined]> = [
		['ProfileNotFound', /not in your AWS config/, /aws configure --profile work/],
		['SsoTokenExpired', /SSO token/, /aws sso login --profile work/],
		['MfaRequired', /multi-factor/, undefined],
		['CredentialsMissing', /No credentials were found/, /aws configure/],
		['ExpiredToken', /expired/, undefined],
		['NetworkError', /no answer/i, undefined],
	];
	for (const [code, cause, command] of cases) {
		it(`${code} fails the credentials check with a cause and a fix; the rest is unknown`, async () => {
			const error = new AwsCallError('sts', 'GetCallerIdentity', code, code === 'NetworkError' ? 'GetCallerIdentity got no answer' : `${code} happened`);
			const {report, byId} = await run({}, {profile: 'work'}, {failAll: error});
			const credentials = byId('credentials');
			assert.equal(credentials.status, 'failed');
			assert.match(credentials.cause ?? '', cause);
			assert.ok(credentials.fix?.text);
			if (command) assert.match(credentials.fix?.command ?? '', command);
			for (const result of report.results.filter((r) => r.id !== 'credentials')) {
				assert.ok(result.status === 'unknown' || result.status === 'skipped' || result.status === 'failed', `${result.id} is ${result.status}`);
			}
			assert.equal(byId('permissions').status, 'unknown');
			assert.equal(byId('permissions').blockedBy, 'credentials');
			if (code !== 'NetworkError') assert.equal(byId('table').blockedBy, 'credentials');
			assert.match(byId('permissions').summary, /could not run because the "Credentials" check failed/);
			assert.equal(checkExitCode(report), 1);
		});
	}

	it('every refused-credentials answer (AwsCallError.isRefusedCredentials) blocks a check on the credentials check', () => {
		for (const code of ['InvalidToken', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken']) {
			const error = new AwsCallError('s3', 'GetBucketPolicy', code, `${code} happened`, 400);
			assert.ok(error.isRefusedCredentials || error.isExpiredCredentials, code);
			assert.ok(isCredentialError(error), code);
		}
		assert.ok(!isCredentialError(new AwsCallError('s3', 'GetBucketPolicy', 'AccessDenied', 'Access Denied', 403)));
	});

	it('names an SSO session by its permission set', async () => {
		const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_DataExport_0123456789abcdef/alice@example.com`;
		const {byId} = await run({identity: async () => ({account: ACCOUNT, arn, userId: 'x'})});
		assert.match(byId('credentials').summary, /SSO session of alice@example.com \(permission set DataExport\)/);
	});
});

describe('table and PITR', () => {
	it('a missing table fails, and PITR cannot run because of it', async () => {
		const missing = () => {
			throw new AwsCallError('dynamodb', 'DescribeTable', 'ResourceNotFoundException', 'Requested resource not found', 400);
		};
		const {byId} = await run({describeTable: missing, describeContinuousBackups: missing});
		assert.equal(byId('table').status, 'failed');
		assert.match(byId('table').summary, /does not exist in Region us-east-1, account 111111111111/);
		assert.equal(byId('pitr').status, 'unknown');
		assert.equal(byId('pitr').blockedBy, 'table');
	});

	it('notes that a customer managed table key needs kms permissions, and simulates them', async () => {
		const tableKey = `arn:aws:kms:us-east-1:${ACCOUNT}:key/table-key`;
		const {byId, session} = await run({
			describeTable: async (name) => ({name, arn: TABLE_ARN, status: 'ACTIVE', encryption: {type: 'KMS', kmsKeyArn: tableKey, status: 'ENABLED'}}),
		});
		assert.ok(byId('table').evidence?.some((e) => e.includes(tableKey) && /kms:Decrypt/.test(e)));
		assert.ok(session.calls.some((c) => c.method === 'simulatePrincipalPolicy' && (c.args[2] as string[])[0] === tableKey));
	});

	it('PITR off fails with the enable action and command', async () => {
		const {byId, report} = await run({describeContinuousBackups: async () => ({enabled: false})});
		const pitr = byId('pitr');
		assert.equal(pitr.status, 'failed');
		assert.equal(pitr.fix?.action?.kind, 'enable-pitr');
		assert.match(pitr.fix?.command ?? '', /aws dynamodb update-continuous-backups --table-name orders .*PointInTimeRecoveryEnabled=true/);
		assert.equal(checkExitCode(report), 1);
	});

	it('an export time outside the restorable window fails', async () => {
		const {byId} = await run({}, {exportTime: new Date('2025-05-01T00:00:00Z')});
		assert.equal(byId('pitr').status, 'failed');
		assert.match(byId('pitr').cause ?? '', /before the earliest restorable time .*InvalidExportTimeException/);
	});

	it('an incremental window must lie inside the restorable window', async () => {
		const {byId} = await run({}, {
			type: 'INCREMENTAL_EXPORT',
			incremental: {from: new Date('2025-06-01T11:00:00Z'), to: new Date('2025-06-01T12:00:00Z'), viewType: 'NEW_IMAGE'},
		});
		assert.equal(byId('pitr').status, 'failed');
		assert.match(byId('pitr').cause ?? '', /window end .* after the latest restorable time/);
	});
});

describe('bucket', () => {
	it('a missing bucket fails; checks that need it cannot run', async () => {
		const noBucket = () => {
			throw new AwsCallError('s3', 'GetBucketLocation', 'NoSuchBucket', 'The specified bucket does not exist', 404);
		};
		const {byId} = await run({bucketRegion: noBucket, headBucket: noBucket, bucketPolicy: noBucket, bucketOwnership: noBucket, bucketRequestPayment: noBucket, probeWrite: noBucket}, {bucketRegion: undefined});
		assert.equal(byId('bucket').status, 'failed');
		assert.match(byId('bucket').summary, /does not exist/);
		for (const id of ['bucket-policy', 'kms-key', 'key-policy', 'write-probe'] as const) {
			assert.equal(byId(id).status, 'unknown', id);
			assert.equal(byId(id).blockedBy, 'bucket', id);
		}
	});

	it('Requester Pays fails: exports do not support it', async () => {
		const {byId} = await run({bucketRequestPayment: async () => 'Requester'});
		assert.equal(byId('bucket').status, 'failed');
		assert.match(byId('bucket').cause ?? '', /Requester Pays/);
		assert.match(byId('bucket').fix?.command ?? '', /Payer=BucketOwner/);
	});

	it('a bucket of another account without S3BucketOwner: Access Denied to the same-account probe → failed', async () => {
		const refuse = () => {
			throw denied('s3', 'GetBucketLocation');
		};
		// The aws layer learns the Region even from a refusal (x-amz-bucket-region), so only
		// HeadBucket, asked with the caller's account as expected owner, can tell.
		const {byId, session} = await run({headBucket: refuse, listBuckets: async () => [{name: 'mine'}]}, {bucketRegion: undefined});
		const bucket = byId('bucket');
		assert.equal(bucket.status, 'failed');
		assert.match(bucket.summary, /not in your account; which account owns it is not known/);
		assert.match(bucket.cause ?? '', /S3BucketOwner/);
		// The owner is typed in place: the tool cannot know it.
		assert.deepEqual(bucket.fix?.action, {kind: 'set-bucket-owner'});
		assert.equal(bucket.fix?.snippet, 'bucket-policy');
		// The same-account probe names the caller's account as expected owner.
		assert.deepEqual(session.calls.find((c) => c.method === 'bucketRegion')?.args, [BUCKET, ACCOUNT]);
		assert.ok(session.calls.some((c) => c.method === 'headBucket' && JSON.stringify(c.args) === JSON.stringify([BUCKET, 'eu-west-1', ACCOUNT])));
	});

	it('your own bucket that refuses HeadBucket (no s3:ListBucket) still passes', async () => {
		const {byId} = await run({
			headBucket: () => {
				throw denied('s3', 'HeadBucket');
			},
		});
		assert.equal(byId('bucket').status, 'passed');
		assert.ok(byId('bucket').evidence?.some((e) => /s3:ListBucket/.test(e)));
	});

	it('a wrong S3BucketOwner (the bucket is yours) fails', async () => {
		const refuse = () => {
			throw denied('s3', 'HeadBucket');
		};
		const {byId} = await run({bucketRegion: refuse, headBucket: refuse}, {bucketOwner: OTHER, bucketRegion: 'eu-west-1'});
		assert.equal(byId('bucket').status, 'failed');
		assert.match(byId('bucket').summary, /in your own account, not in 222222222222/);
	});

	it('a cross-account bucket whose location is refused still passes when HeadBucket answers', async () => {
		const {byId, report} = await run(
			{
				bucketRegion: () => {
					throw denied('s3', 'GetBucketLocation');
				},
				listBuckets: async () => [],
				bucketPolicy: async () => policy({Sid: 'Exporter', Effect: 'Allow', Principal: {AWS: ROLE_ARN}, Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload'], Resource: `arn:aws:s3:::${BUCKET}/ddb/*`}),
			},
			{bucketOwner: OTHER, bucketRegion: undefined, sse: 'AES256', kmsKeyId: undefined, region: 'eu-west-1'},
			{region: 'eu-west-1'},
		);
		assert.equal(byId('bucket').status, 'passed');
		assert.match(byId('bucket').summary, /owned by 222222222222/);
		assert.ok(byId('bucket').evidence?.some((e) => /assumed/.test(e)));
		assert.equal(byId('bucket-policy').status, 'passed');
		assert.ok(byId('permissions').evidence?.some((e) => /your side only/.test(e)));
		assert.equal(report.bucketRegion, undefined, 'a guessed Region is not reported as known');
	});

	it('a refused location and a wrong Region guess: unknown, asking for the Region', async () => {
		const {byId} = await run(
			{
				bucketRegion: () => {
					throw denied('s3', 'GetBucketLocation');
				},
			},
			{bucketOwner: OTHER, bucketRegion: undefined},
		);
		assert.equal(byId('bucket').status, 'unknown');
		assert.match(byId('bucket').cause ?? '', /not in us-east-1/);
		assert.match(byId('bucket').fix?.text ?? '', /bucket's Region/);
	});

	it('a plan Region that differs from the bucket\'s fails', async () => {
		const {byId} = await run({}, {bucketRegion: 'us-west-2'});
		assert.equal(byId('bucket').status, 'failed');
		assert.match(byId('bucket').summary, /is in eu-west-1, not us-west-2/);
	});
});

describe('bucket policy', () => {
	const crossAccount: Partial<ExportPlan> = {bucketOwner: OTHER, sse: 'AES256', kmsKeyId: undefined, bucketRegion: 'eu-west-1'};

	it('cross-account with no bucket policy fails with the bucket-policy snippet', async () => {
		const {byId} = await run({bucketPolicy: async () => null}, crossAccount);
		const result = byId('bucket-policy');
		assert.equal(result.status, 'failed');
		assert.equal(result.fix?.snippet, 'bucket-policy');
		assert.match(result.cause ?? '', /belongs to account 222222222222 and has no bucket policy/);
	});

	it('same account with no bucket policy passes: IAM decides', async () => {
		const {byId} = await run({bucketPolicy: async () => null});
		assert.equal(byId('bucket-policy').status, 'passed');
		assert.match(byId('bucket-policy').summary, /IAM policies decide/);
	});

	it('cross-account policy that trusts the caller account root passes', async () => {
		const {byId} = await run(
			{bucketPolicy: async () => policy({Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Action: 's3:PutObject*', Resource: `arn:aws:s3:::${BUCKET}/*`}, {Effect: 'Allow', Principal: {AWS: ACCOUNT}, Action: 's3:AbortMultipartUpload', Resource: `arn:aws:s3:::${BUCKET}/*`})},
			crossAccount,
		);
		assert.equal(byId('bucket-policy').status, 'passed');
		assert.match(byId('bucket-policy').summary, /trusts your whole account/);
	});

	it('cross-account policy that grants only PutObject fails naming the rest', async () => {
		const {byId} = await run({bucketPolicy: async () => policy({Sid: 'Put', Effect: 'Allow', Principal: {AWS: ROLE_ARN}, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*`})}, crossAccount);
		assert.equal(byId('bucket-policy').status, 'failed');
		assert.match(byId('bucket-policy').summary, /s3:PutObjectAcl, s3:AbortMultipartUpload/);
		assert.equal(byId('bucket-policy').fix?.snippet, 'bucket-policy');
	});

	it('a Deny on source IP is a warning (service-side writes have no source IP)', async () => {
		const {byId, report} = await run({
			bucketPolicy: async () =>
				policy({Sid: 'OfficeOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: {NotIpAddress: {'aws:SourceIp': '203.0.113.0/24'}}}),
		});
		const result = byId('bucket-policy');
		assert.equal(result.status, 'warning');
		assert.match(result.cause ?? '', /aws:sourceip/i);
		assert.match(result.cause ?? '', /unconfirmed in detail/);
		assert.equal(checkExitCode(report), 0);
	});

	it('a Deny that surely applies wins over a source-IP risk', async () => {
		const {byId} = await run({
			bucketPolicy: async () =>
				policy(
					{Sid: 'OfficeOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: {NotIpAddress: {'aws:SourceIp': '203.0.113.0/24'}}},
					{Sid: 'NoExporter', Effect: 'Deny', Principal: {AWS: ROLE_ARN}, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*`},
				),
		});
		assert.equal(byId('bucket-policy').status, 'failed');
		assert.match(byId('bucket-policy').summary, /NoExporter/);
	});

	const requireKms = policy({
		Sid: 'RequireKms',
		Effect: 'Deny',
		Principal: '*',
		Action: 's3:PutObject',
		Resource: `arn:aws:s3:::${BUCKET}/*`,
		Condition: {StringNotEquals: {'s3:x-amz-server-side-encryption': 'aws:kms'}},
	});

	it('AES256 against a policy that requires aws:kms fails', async () => {
		const {byId} = await run({bucketPolicy: async () => requireKms}, {sse: 'AES256', kmsKeyId: undefined});
		const result = byId('bucket-policy');
		assert.equal(result.status, 'failed');
		assert.match(result.summary, /refuses SSE-S3 \(AES256\) writes \(statement "RequireKms"\)/);
		assert.match(result.fix?.text ?? '', /KMS encryption/);
	});

	it('KMS against the same policy is a risk for parts without the header, naming the statement and its Null fix', async () => {
		const {byId, report} = await run({bucketPolicy: async () => requireKms});
		const result = byId('bucket-policy');
		assert.equal(result.status, 'warning');
		assert.match(result.summary, /statement "RequireKms" also refuses uploads in parts/);
		assert.match(result.fix?.text ?? '', /"Null": \{"s3:x-amz-server-side-encryption": "false"\} to statement "RequireKms"/);
		assert.deepEqual(report.bucketRepairs?.map((r) => r.add), [{Null: {'s3:x-amz-server-side-encryption': 'false'}}]);
	});

	it('KMS against a policy guarded by Null passes', async () => {
		const guarded = policy({
			Sid: 'RequireKms',
			Effect: 'Deny',
			Principal: '*',
			Action: 's3:PutObject',
			Resource: `arn:aws:s3:::${BUCKET}/*`,
			Condition: {StringNotEquals: {'s3:x-amz-server-side-encryption': 'aws:kms'}, Null: {'s3:x-amz-server-side-encryption': 'false'}},
		});
		const {byId} = await run({bucketPolicy: async () => guarded});
		assert.equal(byId('bucket-policy').status, 'passed');
	});

	it('a policy that requires another key fails for this key', async () => {
		const {byId} = await run({
			bucketPolicy: async () =>
				policy({Sid: 'OnlyTheBucketKey', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: {StringNotEquals: {'s3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:eu-west-1:${ACCOUNT}:key/other`}}}),
		});
		assert.equal(byId('bucket-policy').status, 'failed');
		assert.match(byId('bucket-policy').fix?.text ?? '', /the bucket accepts: SSE-KMS with key arn:aws:kms:eu-west-1:\d{12}:key\/other \(statement "OnlyTheBucketKey"\)/);
	});

	it('cross-account, unreadable policy and a bare Access Denied to the test write (IAM allows): failed', async () => {
		const {byId} = await run(
			{
				bucketPolicy: () => {
					throw denied('s3', 'GetBucketPolicy');
				},
				probeWrite: () => {
					throw denied('s3', 'CreateMultipartUpload');
				},
			},
			crossAccount,
		);
		const result = byId('bucket-policy');
		assert.equal(result.status, 'failed');
		assert.match(result.cause ?? '', /while your IAM policies allow the writes/);
		assert.equal(result.fix?.snippet, 'bucket-policy');
	});

	it('cross-account, unreadable policy, and IAM itself refuses S3: left to the permissions check', async () => {
		const {byId} = await run(
			{
				bucketPolicy: () => {
					throw denied('s3', 'GetBucketPolicy');
				},
				probeWrite: () => {
					throw denied('s3', 'CreateMultipartUpload');
				},
				simulatePrincipalPolicy: async (_arn, actions, resources) =>
					actions.map((action) => ({action, resource: resources[0]!, decision: action.startsWith('s3:') ? ('implicitDeny' as const) : ('allowed' as const), matchedStatementIds: [], missingContextKeys: []})),
			},
			crossAccount,
		);
		assert.equal(byId('bucket-policy').status, 'unknown');
		assert.equal(byId('permissions').status, 'failed');
	});

	it('an unreadable policy is unknown, not failed', async () => {
		const {byId, report} = await run({
			bucketPolicy: () => {
				throw denied('s3', 'GetBucketPolicy');
			},
		});
		assert.equal(byId('bucket-policy').status, 'unknown');
		assert.match(byId('bucket-policy').cause ?? '', /s3:GetBucketPolicy/);
		assert.equal(checkExitCode(report), 2);
	});
});

describe('KMS key and key policy', () => {
	it('a key ARN in another Region than the bucket fails without asking KMS', async () => {
		const {byId, session} = await run({}, {kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`, bucketRegion: 'eu-west-1'});
		assert.equal(byId('kms-key').status, 'failed');
		assert.match(byId('kms-key').cause ?? '', /same Region as the bucket \(eu-west-1\)/);
		assert.equal(byId('key-policy').status, 'unknown');
		assert.equal(byId('key-policy').blockedBy, 'kms-key');
		assert.ok(!session.calls.some((c) => c.method === 'describeKey' || c.method === 'keyPolicy'));
	});

	it('an alias missing in the bucket Region but present in the table Region says so', async () => {
		const {byId} = await run(
			{
				describeKey: async (_id, region) => {
					if (region === 'us-east-1') return {...healthyKey, region: 'us-east-1', arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`};
					throw new AwsCallError('kms', 'DescribeKey', 'NotFoundException', 'Alias alias/exports is not found.', 400);
				},
			},
			{kmsKeyId: 'alias/exports'},
		);
		assert.equal(byId('kms-key').status, 'failed');
		assert.match(byId('kms-key').summary, /No key alias\/exports in eu-west-1.*exists in us-east-1/);
		assert.match(byId('kms-key').cause ?? '', /same Region as the bucket/);
	});

	it('a disabled key fails with the enable-key command', async () => {
		const {byId} = await run({describeKey: async () => ({...healthyKey, state: 'Disabled', enabled: false})});
		assert.equal(byId('kms-key').status, 'failed');
		assert.match(byId('kms-key').fix?.command ?? '', /aws kms enable-key --key-id .* --region eu-west-1/);
	});

	it('the AWS managed key with a cross-account bucket fails', async () => {
		const {byId} = await run(
			{describeKey: async () => ({...healthyKey, manager: 'AWS', arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/aws-s3`}), bucketPolicy: async () => policy({Effect: 'Allow', Principal: {AWS: ACCOUNT}, Action: 's3:*', Resource: '*'})},
			{bucketOwner: OTHER, kmsKeyId: undefined},
		);
		assert.equal(byId('kms-key').status, 'failed');
		assert.match(byId('kms-key').cause ?? '', /cannot be granted to another account/);
	});

	it('a key policy that names neither the caller nor its account fails with the key-policy-caller snippet', async () => {
		const {byId} = await run({keyPolicy: async () => policy({Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:role/Admin`}, Action: 'kms:*', Resource: '*'})});
		assert.equal(byId('key-policy').status, 'failed');
		assert.equal(byId('key-policy').fix?.snippet, 'key-policy-caller');
	});

	it('a key policy naming the role directly passes', async () => {
		const {byId} = await run({keyPolicy: async () => policy({Effect: 'Allow', Principal: {AWS: ROLE_ARN}, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*'})});
		assert.equal(byId('key-policy').status, 'passed');
		assert.match(byId('key-policy').summary, /lets you use the key/);
	});

	it('an unreadable key policy is unknown', async () => {
		const {byId} = await run({
			keyPolicy: () => {
				throw new AwsCallError('kms', 'GetKeyPolicy', 'AccessDeniedException', 'not authorized to perform: kms:GetKeyPolicy', 400);
			},
		});
		assert.equal(byId('key-policy').status, 'unknown');
		assert.match(byId('key-policy').cause ?? '', /kms:GetKeyPolicy/);
	});

	it('with a cross-account bucket, readers there need kms:Decrypt: a warning, not a failure', async () => {
		const {byId, report} = await run(
			{bucketPolicy: async () => policy({Effect: 'Allow', Principal: {AWS: ROLE_ARN}, Action: 's3:*', Resource: `arn:aws:s3:::${BUCKET}/*`})},
			{bucketOwner: OTHER},
		);
		const keyPolicy = byId('key-policy');
		assert.equal(keyPolicy.status, 'warning');
		assert.equal(keyPolicy.fix?.snippet, 'key-policy-readers');
		assert.ok(keyPolicy.evidence?.some((e) => /readers in the bucket account 222222222222 need kms:Decrypt/.test(e)));
		assert.equal(checkExitCode(report), 0);
	});
});

describe('permissions', () => {
	const deny = (overrides: Partial<SimulationResult>, actions: string[] = ['s3:PutObject']): Answers['simulatePrincipalPolicy'] =>
		async (_arn, acts, resources) =>
			acts.map((action) => ({
				action,
				resource: resources[0]!,
				decision: 'allowed' as const,
				matchedStatementIds: [],
				missingContextKeys: [],
				...(actions.includes(action) ? overrides : {}),
			}));

	it('an implicit deny fails naming the actions, with the identity-policy snippet', async () => {
		const {byId} = await run({simulatePrincipalPolicy: deny({decision: 'implicitDeny'}, ['dynamodb:ExportTableToPointInTime', 's3:PutObject'])});
		const result = byId('permissions');
		assert.equal(result.status, 'failed');
		assert.match(result.summary, /dynamodb:ExportTableToPointInTime/);
		assert.match(result.summary, /s3:PutObject/);
		assert.match(result.cause ?? '', /no IAM policy allows/i);
		assert.equal(result.fix?.snippet, 'caller-identity-policy');
	});

	it('a bucket policy naming the caller grants S3 in the same account', async () => {
		const {byId} = await run({
			simulatePrincipalPolicy: deny({decision: 'implicitDeny'}, ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload']),
			bucketPolicy: async () => policy({Effect: 'Allow', Principal: {AWS: ROLE_ARN}, Action: 's3:*', Resource: `arn:aws:s3:::${BUCKET}/*`}),
		});
		assert.equal(byId('permissions').status, 'passed');
		assert.ok(byId('permissions').evidence?.some((e) => /allowed by the bucket policy/.test(e)));
	});

	it('an SCP denial says an organisation policy denies it', async () => {
		const {byId} = await run({simulatePrincipalPolicy: deny({decision: 'explicitDeny', allowedByOrganizations: false}, ['dynamodb:ExportTableToPointInTime'])});
		assert.equal(byId('permissions').status, 'failed');
		assert.match(byId('permissions').cause ?? '', /an organisation policy \(SCP\) denies it|organisation policy \(SCP\) denies dynamodb:ExportTableToPointInTime/);
		assert.match(byId('permissions').fix?.text ?? '', /administrator of your organisation's management account/);
		assert.equal(byId('permissions').fix?.snippet, 'scp-exemption');
	});

	it('a permissions boundary denial names the boundary policy and its statement', async () => {
		const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/NoKeys`;
		const {byId, report} = await run({
			simulatePrincipalPolicy: deny({decision: 'implicitDeny', allowedByPermissionsBoundary: false}, ['kms:GenerateDataKey']),
			permissionsBoundary: async () => boundaryArn,
			managedPolicy: async (arn) => ({arn, versionId: 'v3', document: policy({Sid: 'NoKeyUse', Effect: 'Deny', Action: 'kms:GenerateDataKey', Resource: '*'}, {Effect: 'Allow', Action: '*', Resource: '*'})}),
		});
		assert.equal(byId('permissions').status, 'failed');
		assert.match(byId('permissions').cause ?? '', /permissions boundary arn:aws:iam::\d{12}:policy\/NoKeys refuses kms:GenerateDataKey: statement "NoKeyUse" denies kms:GenerateDataKey/);
		assert.equal(byId('permissions').fix?.snippet, 'permissions-boundary');
		assert.equal(report.boundary?.arn, boundaryArn);
	});

	it('a permissions boundary that cannot be read is named as the cause, its statements as unknown', async () => {
		const {byId} = await run({simulatePrincipalPolicy: deny({decision: 'implicitDeny', allowedByPermissionsBoundary: false}, ['kms:GenerateDataKey'])});
		assert.match(byId('permissions').cause ?? '', /permissions boundary refuses kms:GenerateDataKey \(its statements could not be read: IAM reports no permissions boundary on role/);
	});

	it('no iam:SimulatePrincipalPolicy permission is unknown, never failed', async () => {
		const {byId, report} = await run({
			simulatePrincipalPolicy: () => {
				throw new AwsCallError('iam', 'SimulatePrincipalPolicy', 'AccessDenied', 'User is not authorized to perform: iam:SimulatePrincipalPolicy', 403);
			},
		});
		assert.equal(byId('permissions').status, 'unknown');
		assert.match(byId('permissions').cause ?? '', /iam:SimulatePrincipalPolicy/);
		assert.equal(report.overall, 'unknown');
		assert.equal(checkExitCode(report), 2);
	});

	it('the root user is skipped with a reason', async () => {
		const {byId, session} = await run({identity: async () => ({account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT})});
		assert.equal(byId('permissions').status, 'skipped');
		assert.match(byId('permissions').summary, /Root user/);
		assert.equal(byId('credentials').status, 'warning');
		assert.ok(!session.calls.some((c) => c.method === 'simulatePrincipalPolicy'));
	});
});

describe('organisation policies', () => {
	const regionScp: OrgPolicy = {
		id: 'p-region',
		arn: 'arn:aws:organizations::999999999999:policy/o-abc/service_control_policy/p-region',
		name: 'OnlyUsEast1',
		type: 'SERVICE_CONTROL_POLICY',
		content: policy({Sid: 'DenyOtherRegions', Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: {StringNotEquals: {'aws:RequestedRegion': ['us-east-1']}}}),
	};

	it('an SCP that denies writes in the bucket Region fails, naming the policy and Sid', async () => {
		const {byId} = await run({organizationPolicies: async () => [fullAccessScp, regionScp]});
		const result = byId('organization');
		assert.equal(result.status, 'failed');
		assert.match(result.summary, /OnlyUsEast1/);
		assert.match(result.summary, /DenyOtherRegions/);
		assert.match(result.cause ?? '', /p-region/);
	});

	it('an SCP exempting service calls passes', async () => {
		const exempt = {...regionScp, content: policy({Sid: 'DenyOtherRegions', Effect: 'Deny', NotAction: ['iam:*'], Resource: '*', Condition: {StringNotEquals: {'aws:RequestedRegion': ['us-east-1']}, Bool: {'aws:ViaAWSService': 'false'}}})};
		const {byId} = await run({organizationPolicies: async () => [fullAccessScp, exempt]});
		assert.equal(byId('organization').status, 'passed');
	});

	it('unreadable SCPs are unknown with the reason', async () => {
		const {byId} = await run({
			organizationPolicies: () => {
				throw new AwsCallError('organizations', 'ListPoliciesForTarget', 'AccessDeniedException', 'You don\'t have permissions to access this resource.', 400);
			},
		});
		assert.equal(byId('organization').status, 'unknown');
		assert.match(byId('organization').cause ?? '', /management account or a delegated administrator/);
	});

	it('outside an organisation it is skipped', async () => {
		const {byId} = await run({
			organizationPolicies: () => {
				throw new AwsCallError('organizations', 'ListPoliciesForTarget', 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400);
			},
		});
		assert.equal(byId('organization').status, 'skipped');
	});
});

describe('write probe', () => {
	it('an Access Denied at UploadPart only (the upload with the header was allowed) is a risk naming the step, never a failure', async () => {
		const {byId} = await run(
			{
				probeWrite: () => {
					throw new AwsCallError('s3', 'UploadPart', 'AccessDenied', `User: ${SESSION_ARN} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${BUCKET}/ddb/x" because no identity-based policy allows the s3:PutObject action`, 403);
				},
			},
		);
		const result = byId('write-probe');
		assert.equal(result.status, 'warning');
		assert.match(result.summary, /refused a part of it \(UploadPart\)/);
		assert.ok(result.evidence?.some((e) => /source IP \/ VPC were not exercised/.test(e)));
		assert.match(result.cause ?? '', /identity-based policy most likely allows s3:PutObject only with an encryption header/);
		assert.equal(result.fix?.snippet, 'caller-identity-policy');
	});

	it('a bare S3 Access Denied on a cross-account bucket points at the bucket policy', async () => {
		const {byId} = await run(
			{
				bucketPolicy: async () => policy({Effect: 'Allow', Principal: {AWS: ROLE_ARN}, Action: 's3:*', Resource: `arn:aws:s3:::${BUCKET}/*`}),
				probeWrite: () => {
					throw denied('s3', 'CreateMultipartUpload');
				},
			},
			{bucketOwner: OTHER, sse: 'AES256', kmsKeyId: undefined},
		);
		assert.equal(byId('write-probe').status, 'failed');
		assert.equal(byId('write-probe').fix?.snippet, 'bucket-policy');
		// The summary says what was refused, short enough for the checks screen; where the probe ran is in the detail.
		assert.equal(byId('write-probe').summary, 'S3 refused the test upload while starting the upload (CreateMultipartUpload).');
		assert.ok(byId('write-probe').evidence?.some((e) => /source IP \/ VPC were not exercised/.test(e)));
	});

	it('an explicit deny offers no statement to add, since no Allow can override it', async () => {
		const {byId} = await run({
			probeWrite: () => {
				throw new AwsCallError('s3', 'CreateMultipartUpload', 'AccessDenied', `User: ${SESSION_ARN} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${BUCKET}/ddb/x" with an explicit deny in a resource-based policy`, 403);
			},
		});
		const result = byId('write-probe');
		assert.equal(result.status, 'failed');
		assert.equal(result.fix?.snippet, undefined);
		assert.match(result.fix?.text ?? '', /A Deny in the bucket or key policy/);
	});

	it('another error is unknown', async () => {
		const {byId} = await run({
			probeWrite: () => {
				throw new AwsCallError('s3', 'CreateMultipartUpload', 'InternalError', 'We encountered an internal error.', 500);
			},
		});
		assert.equal(byId('write-probe').status, 'unknown');
	});
});

describe('the runner', () => {
	it('maps reports to exit codes', () => {
		const result = (status: CheckResult['status']): CheckResult => ({id: 'table', title: 'Table', status, summary: ''});
		assert.equal(checkExitCode({results: [result('passed'), result('warning'), result('skipped')]}), 0);
		assert.equal(checkExitCode({results: [result('passed'), result('unknown'), result('failed')]}), 1);
		assert.equal(checkExitCode({results: [result('passed'), result('unknown')]}), 2);
	});

	it('an unexpected error in one check does not break the others', async () => {
		const {byId, report} = await run({
			describeContinuousBackups: () => {
				throw new TypeError('boom');
			},
		});
		assert.equal(byId('pitr').status, 'unknown');
		assert.match(byId('pitr').cause ?? '', /Unexpected error.*boom/);
		assert.equal(report.results.filter((r) => r.status === 'passed').length, 9);
	});

	it('reports every change in a stable order, pending → running → final', async () => {
		const {updates, report} = await run();
		for (const update of updates) assert.deepEqual(update.map((r) => r.id), CHECK_ORDER);
		assert.ok(updates[0]!.every((r) => r.status === 'pending'));
		assert.deepEqual(updates.at(-1), report.results);
		for (const id of CHECK_ORDER) {
			const seen = updates.map((u) => u.find((r) => r.id === id)!.status).filter((s, i, all) => i === 0 || s !== all[i - 1]);
			assert.deepEqual(seen.slice(0, 2), ['pending', 'running'], id);
			assert.equal(seen.length, 3, `${id}: ${seen.join(' → ')}`);
		}
	});

	it('makes its calls in as few waves as their inputs allow (bucket in the table\'s Region)', async () => {
		const waves = new Waves();
		const session = fakeSession({}, {waves, region: 'eu-west-1'});
		const plan = {...basePlan, region: 'eu-west-1', bucketRegion: undefined, kmsKeyId: 'alias/exports'};
		await waves.drive(runChecks({plan, session, probe: true, now: () => NOW}, () => {}));
		const waveOf = (method: string, pick: (c: Call) => boolean = () => true) => session.calls.find((c) => c.method === method && pick(c))?.wave;
		// The bucket is guessed to be in the table's Region: every bucket call starts at once.
		for (const method of ['identity', 'describeTable', 'describeContinuousBackups', 'bucketRegion', 'organizationPolicies', 'headBucket', 'bucketPolicy', 'bucketRequestPayment', 'bucketOwnership', 'describeKey', 'probeWrite']) {
			assert.equal(waveOf(method), 1, method);
		}
		// Simulation needs the identity; the key policy needs the alias resolved.
		for (const call of session.calls.filter((c) => c.method === 'simulatePrincipalPolicy' || c.method === 'keyPolicy')) assert.equal(call.wave, 2, call.method);
		assert.equal(waves.released, 2);
		assertNoDuplicateCalls(session.calls);
	});

	it('a wrong Region guess costs one more wave, not more', async () => {
		const waves = new Waves();
		const session = fakeSession({}, {waves});
		const plan = {...basePlan, bucketRegion: undefined, kmsKeyId: 'alias/exports'};
		const report = await waves.drive(runChecks({plan, session, probe: true, now: () => NOW}, () => {}));
		assert.equal(report.overall, 'passed', report.results.map((r) => `${r.id}: ${r.status} ${r.summary}`).join('\n'));
		for (const method of ['headBucket', 'bucketPolicy', 'describeKey', 'probeWrite']) {
			const regions = session.calls.filter((c) => c.method === method).map((c) => `${c.args[1]}@${c.wave}`);
			assert.deepEqual(regions, ['us-east-1@1', 'eu-west-1@2'], method);
		}
		assert.equal(waves.released, 3);
		assertNoDuplicateCalls(session.calls);
	});

	it('with the bucket Region and a key ARN in the plan, everything but the simulation starts at once', async () => {
		const waves = new Waves();
		const session = fakeSession({}, {waves});
		await waves.drive(runChecks({plan: {...basePlan, bucketRegion: 'eu-west-1'}, session, probe: true, now: () => NOW}, () => {}));
		const late = session.calls.filter((c) => c.wave > 1).map((c) => c.method);
		assert.deepEqual([...new Set(late)], ['simulatePrincipalPolicy']);
		assert.equal(waves.released, 2);
		assert.ok(session.calls.every((c) => c.args[1] !== 'us-east-1' || !['headBucket', 'bucketPolicy', 'probeWrite'].includes(c.method)), 'no guessing when the plan knows');
	});

	it('rejects promptly with AbortError and stops reporting', async () => {
		const waves = new Waves();
		const session = fakeSession({}, {waves});
		const controller = new AbortController();
		// As the CLI and the wizard do: every check's calls listen on the one signal at once.
		setMaxListeners(0, controller.signal);
		let updatesAfterAbort = 0;
		let aborted = false;
		const running = runChecks({plan: basePlan, session, probe: true, signal: controller.signal}, () => {
			if (aborted) updatesAfterAbort++;
		});
		await new Promise((resolve) => setImmediate(resolve));
		aborted = true;
		controller.abort();
		await assert.rejects(running, (error: Error) => error.name === 'AbortError');
		assert.equal(updatesAfterAbort, 0);
	});

	it('rerunChecks re-reads only what the re-run checks own, and re-runs the checks they blocked', async () => {
		let pitrOn = false;
		const session = fakeSession({
			describeContinuousBackups: async () => (pitrOn ? {enabled: true, earliest: new Date('2025-06-01T11:00:00Z'), latest: new Date('2025-06-01T11:55:00Z')} : {enabled: false}),
		});
		const ctx: CheckContext = {plan: basePlan, session, probe: true, now: () => NOW};
		const first = await runChecks(ctx, () => {});
		assert.equal(first.results.find((r) => r.id === 'pitr')?.status, 'failed');
		pitrOn = true;
		const before = session.calls.length;
		const updates: CheckResult[][] = [];
		const second = await rerunChecks(ctx, ['pitr'], first, (r) => updates.push(r));
		assert.equal(second.results.find((r) => r.id === 'pitr')?.status, 'passed');
		assert.equal(second.overall, 'passed');
		assert.deepEqual(session.calls.slice(before).map((c) => c.method), ['describeContinuousBackups']);
		assert.deepEqual(second.results.find((r) => r.id === 'permissions'), first.results.find((r) => r.id === 'permissions'));
		assert.equal(second.identity?.arn, SESSION_ARN);
		assert.equal(second.bucketPolicy, first.bucketPolicy);
		for (const update of updates) assert.equal(update.length, 10);
	});

	it('rerunChecks also re-runs checks that were blocked by a re-run one', async () => {
		let tableThere = false;
		const session = fakeSession({
			describeTable: async (name) => {
				if (!tableThere) throw new AwsCallError('dynamodb', 'DescribeTable', 'ResourceNotFoundException', 'not found', 400);
				return {name, arn: TABLE_ARN, status: 'ACTIVE', encryption: {type: 'DEFAULT'}};
			},
			describeContinuousBackups: async () => {
				if (!tableThere) throw new AwsCallError('dynamodb', 'DescribeContinuousBackups', 'TableNotFoundException', 'not found', 400);
				return {enabled: true};
			},
		});
		const ctx: CheckContext = {plan: basePlan, session, probe: false, now: () => NOW};
		const first = await runChecks(ctx, () => {});
		assert.equal(first.results.find((r) => r.id === 'pitr')?.blockedBy, 'table');
		tableThere = true;
		const second = await rerunChecks(ctx, ['table'], first, () => {});
		assert.equal(second.results.find((r) => r.id === 'table')?.status, 'passed');
		assert.equal(second.results.find((r) => r.id === 'pitr')?.status, 'passed');
	});
});

describe('against the sandbox (real SDK clients over loopback HTTP)', () => {
	type StartedSandbox = Awaited<ReturnType<typeof import('../source/sandbox/index.js').startSandbox>>;

	async function checkScenario(
		scenario: string,
		profile?: string,
		prepare?: (sandbox: StartedSandbox) => void,
	): Promise<{report: CheckReport; byId: (id: CheckId) => CheckResult}> {
		const [{startSandbox}, {createAwsGateway}] = await Promise.all([import('../source/sandbox/index.js'), import('../source/aws/gateway.js')]);
		const sandbox = await startSandbox({scenario});
		prepare?.(sandbox);
		const dir = mkdtempSync(join(tmpdir(), 'ddb-export-checks-'));
		const saved = {config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE};
		let session: AwsSession | undefined;
		try {
			const files = sandbox.writeSharedConfig(dir);
			process.env.AWS_CONFIG_FILE = files.configFile;
			process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
			const gateway = createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1});
			const chosen = profile ?? sandbox.defaultProfile;
			session = gateway.session({profile: chosen, region: sandbox.defaultPlan.region});
			const plan: ExportPlan = {...sandbox.defaultPlan, profile: chosen, format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'};
			const report = await runChecks({plan, session, probe: true}, () => {});
			return {report, byId: (id) => report.results.find((r) => r.id === id)!};
		} finally {
			(session as {destroy?: () => void} | undefined)?.destroy?.();
			await sandbox.stop();
			rmSync(dir, {recursive: true, force: true});
			restoreEnv('AWS_CONFIG_FILE', saved.config);
			restoreEnv('AWS_SHARED_CREDENTIALS_FILE', saved.credentials);
		}
	}

	function restoreEnv(name: string, value: string | undefined): void {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}

	function describeReport(report: CheckReport): string {
		return report.results.map((r) => `${r.id}: ${r.status} — ${r.summary}${r.cause ? ` [${r.cause}]` : ''}`).join('\n');
	}

	it('healthy, as an administrator (who may read SCPs): every check passes', async () => {
		const {report} = await checkScenario('healthy', 'admin');
		assert.equal(report.overall, 'passed', describeReport(report));
		assert.ok(report.results.every((r) => r.status === 'passed' || r.status === 'skipped'), describeReport(report));
	});

	it('healthy, as the exporting role: every check passes (SCPs: passed, or unknown when not readable)', async () => {
		const {report, byId} = await checkScenario('healthy');
		for (const result of report.results.filter((r) => r.id !== 'organization')) {
			assert.ok(result.status === 'passed' || result.status === 'skipped', describeReport(report));
		}
		const organization = byId('organization');
		assert.ok(organization.status === 'passed' || (organization.status === 'unknown' && /management account/.test(organization.cause ?? '')), describeReport(report));
	});

	it('scp-deny, as an administrator: the organisation check names the denying SCP', async () => {
		const {report, byId} = await checkScenario('scp-deny', 'admin');
		const result = byId('organization');
		assert.equal(result.status, 'failed', describeReport(report));
		assert.match(result.summary, /SCP DenyDataExport \(DenyExports\) denies dynamodb:ExportTableToPointInTime/);
		assert.match(result.cause ?? '', /p-deny1234/);
	});

	it('scp-deny: the permissions check says which statements would allow it, and points at the SCP check by its title', async () => {
		const {report, byId} = await checkScenario('scp-deny');
		const result = byId('permissions');
		const line = result.evidence?.find((e) => e.startsWith('dynamodb:ExportTableToPointInTime')) ?? '';
		assert.match(line, /explicitDeny \(denied by an SCP; your IAM policies allow it: ExportAccess\)/, describeReport(report));
		assert.doesNotMatch(line, /; statements /);
		assert.ok(result.fix?.text.includes(`"${CHECK_TITLES.organization}"`), result.fix?.text);
	});

	it('cross-account: a refused call is named once in what was seen', async () => {
		const {report, byId} = await checkScenario('cross-account');
		const evidence = byId('bucket').evidence ?? [];
		assert.ok(evidence.some((e) => /^HeadBucket: AccessDenied/.test(e)), describeReport(report));
		assert.deepEqual(evidence.filter((e) => /\b(\w+): \1:/.test(e)), []);
	});

	it('expired credentials: the credentials check fails and the rest waits for it', async () => {
		const {report, byId} = await checkScenario('healthy', undefined, (sandbox) => sandbox.expireCredentials());
		assert.equal(byId('credentials').status, 'failed', describeReport(report));
		assert.match(byId('credentials').cause ?? '', /expired/i);
		assert.ok(report.results.filter((r) => r.id !== 'credentials' && r.status !== 'skipped').every((r) => r.blockedBy === 'credentials'), describeReport(report));
	});

	const failing: Array<[scenario: string, check: CheckId, status: CheckResult['status'], pattern: RegExp]> = [
		['pitr-off', 'pitr', 'failed', /point-in-time recovery|PointInTimeRecoveryUnavailable/i],
		['cross-account', 'bucket-policy', 'failed', /does not let you write.*bare Access Denied/s],
		['kms-key-policy', 'key-policy', 'failed', /does not let you use the key|Nothing in the key policy allows/],
		['scp-deny', 'permissions', 'failed', /organisation policy \(SCP\) denies dynamodb:ExportTableToPointInTime/],
		['bucket-missing', 'bucket', 'failed', /does not exist/],
		['requester-pays', 'bucket', 'failed', /Requester Pays/],
		['bucket-requires-kms', 'bucket-policy', 'failed', /RequireKmsEncryption/],
		['source-ip', 'bucket-policy', 'warning', /aws:sourceip/i],
		['key-disabled', 'kms-key', 'failed', /Disabled/],
		['key-wrong-region', 'kms-key', 'failed', /same Region as the bucket/],
		['missing-permission', 'permissions', 'failed', /s3:PutObject/],
		['permissions-boundary', 'permissions', 'failed', /permissions boundary arn:aws:iam::111111111111:policy\/DataExporterBoundary refuses dynamodb:ExportTableToPointInTime/],
		['no-simulate', 'permissions', 'unknown', /iam:SimulatePrincipalPolicy/],
	];
	for (const [scenario, check, status, pattern] of failing) {
		it(`${scenario}: ${check} is ${status}`, async () => {
			const {report, byId} = await checkScenario(scenario);
			const result = byId(check);
			assert.equal(result.status, status, describeReport(report));
			assert.match(`${result.summary} ${result.cause ?? ''}`, pattern, describeReport(report));
		});
	}
});
