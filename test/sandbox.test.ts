// The sandbox through the real AWS SDK clients: every protocol round-trips, exports run
// and fail as AWS's do, refusals read like AWS's, and faults repeat for a seed.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import {createHash} from 'node:crypto';

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {sharedConfigTexts} from '../source/sandbox/shared-config.js';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {gunzipSync} from 'node:zlib';
import {AccessAnalyzerClient, ValidatePolicyCommand} from '@aws-sdk/client-accessanalyzer';
import {
	DescribeContinuousBackupsCommand,
	DescribeExportCommand,
	DescribeTableCommand,
	DynamoDBClient,
	ExportTableToPointInTimeCommand,
	ListExportsCommand,
	ListTablesCommand,
	UpdateContinuousBackupsCommand,
	type ExportTableToPointInTimeCommandInput,
} from '@aws-sdk/client-dynamodb';
import {GetRolePolicyCommand, IAMClient, ListUserPoliciesCommand, PutRolePolicyCommand, SimulatePrincipalPolicyCommand} from '@aws-sdk/client-iam';
import {DescribeKeyCommand, GenerateDataKeyCommand, GetKeyPolicyCommand, KMSClient, ListAliasesCommand, PutKeyPolicyCommand} from '@aws-sdk/client-kms';
import {DescribeOrganizationCommand, DescribePolicyCommand, ListParentsCommand,
	ListPoliciesForTargetCommand, OrganizationsClient} from '@aws-sdk/client-organizations';
import {
	AbortMultipartUploadCommand,
	CreateBucketCommand,
	CreateMultipartUploadCommand,
	GetBucketPolicyCommand,
	GetBucketRequestPaymentCommand,
	GetObjectCommand,
	HeadBucketCommand,
	HeadObjectCommand,
	ListBucketsCommand,
	ListMultipartUploadsCommand,
	ListObjectsV2Command,
	PutBucketPolicyCommand,
	S3Client,
	UploadPartCommand,
} from '@aws-sdk/client-s3';
import {AssumeRoleCommand, GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {fromIni} from '@aws-sdk/credential-providers';
import {SCENARIO_NAMES, SCENARIOS, startSandbox, type Sandbox, type SandboxOptions} from '../source/sandbox/index.js';
import {HOSTILE} from '../source/sandbox/scenarios.js';
import {contextOf} from '../source/sandbox/conditions.js';
import {evaluatePolicy} from '../source/sandbox/evaluator.js';
import {mulberry32} from '../source/sandbox/random.js';

type Credentials = {accessKeyId: string; secretAccessKey: string; sessionToken?: string};

function credentialsOf(sandbox: Sandbox, name = sandbox.defaultProfile): Credentials {
	const profile = sandbox.profiles.find((p) => p.name === name);
	assert.ok(profile?.accessKeyId && profile.secretAccessKey, `profile ${name} has static keys`);
	return {accessKeyId: profile.accessKeyId, secretAccessKey: profile.secretAccessKey, sessionToken: profile.sessionToken};
}

function clients(sandbox: Sandbox, options: {profile?: string; credentials?: Credentials; region?: string; maxAttempts?: number} = {}) {
	const config = {
		endpoint: sandbox.endpoint,
		region: options.region ?? 'us-east-1',
		credentials: options.credentials ?? credentialsOf(sandbox, options.profile),
		maxAttempts: options.maxAttempts ?? 1,
	};
	return {
		ddb: new DynamoDBClient(config),
		s3: new S3Client(config),
		kms: new KMSClient(config),
		sts: new STSClient(config),
		iam: new IAMClient(config),
		org: new OrganizationsClient(config),
		analyzer: new AccessAnalyzerClient(config),
	};
}

/** A clock that runs with real time but can be pushed forward, so exports finish on demand. */
function clock() {
	let offset = 0;
	return {now: () => Date.now() + offset, advance: (ms: number) => (offset += ms)};
}

async function withSandbox(options: SandboxOptions, body: (sandbox: Sandbox) => Promise<void>): Promise<void> {
	const sandbox = await startSandbox(options);
	try {
		await body(sandbox);
	} finally {
		await sandbox.stop();
	}
}

async function failure(promise: Promise<unknown>): Promise<Error & {$metadata?: {httpStatusCode?: number}; $response?: {headers: Record<string, string>}}> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	assert.fail('expected the call to fail');
}

function planRequest(sandbox: Sandbox, extra: Partial<ExportTableToPointInTimeCommandInput> = {}): ExportTableToPointInTimeCommandInput {
	const plan = sandbox.defaultPlan;
	return {
		TableArn: plan.tableArn,
		S3Bucket: plan.bucket,
		S3BucketOwner: plan.bucketOwner,
		S3Prefix: plan.prefix,
		S3SseAlgorithm: plan.sse,
		S3SseKmsKeyId: plan.kmsKeyId,
		...extra,
	};
}

/** Starts the default plan's export, lets the clock run past it, and describes it. */
async function runExport(sandbox: Sandbox, time: ReturnType<typeof clock>, extra: Partial<ExportTableToPointInTimeCommandInput> = {}) {
	const {ddb} = clients(sandbox);
	const started = await ddb.send(new ExportTableToPointInTimeCommand(planRequest(sandbox, extra)));
	assert.equal(started.ExportDescription?.ExportStatus, 'IN_PROGRESS');
	time.advance(60_000);
	const described = await ddb.send(new DescribeExportCommand({ExportArn: started.ExportDescription!.ExportArn}));
	return described.ExportDescription!;
}

test('healthy: DynamoDB, STS, S3, KMS, IAM, Organizations and Access Analyzer round-trip through the SDK', async () => {
	const time = clock();
	await withSandbox({now: time.now}, async (sandbox) => {
		const {ddb, s3, kms, sts, iam, org, analyzer} = clients(sandbox);
		const admin = clients(sandbox, {profile: 'admin'});
		const eu = clients(sandbox, {region: 'eu-west-1'});

		const identity = await sts.send(new GetCallerIdentityCommand({}));
		assert.equal(identity.Arn, 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice');
		assert.equal(identity.Account, '111111111111');

		const names: string[] = [];
		let start: string | undefined;
		let pages = 0;
		do {
			const page = await ddb.send(new ListTablesCommand({Limit: 3, ExclusiveStartTableName: start}));
			names.push(...(page.TableNames ?? []));
			start = page.LastEvaluatedTableName;
			pages++;
		} while (start);
		assert.deepEqual(names, ['audit-log', 'customers', 'orders', 'payments']);
		assert.equal(pages, 2);

		const payments = await ddb.send(new DescribeTableCommand({TableName: 'payments'}));
		assert.equal(payments.Table?.SSEDescription?.SSEType, 'KMS');
		assert.match(payments.Table?.SSEDescription?.KMSMasterKeyArn ?? '', /^arn:aws:kms:us-east-1:111111111111:key\//);

		const pitr = (await ddb.send(new DescribeContinuousBackupsCommand({TableName: 'orders'}))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
		assert.equal(pitr?.PointInTimeRecoveryStatus, 'ENABLED');
		assert.equal(pitr?.RecoveryPeriodInDays, 35);
		assert.ok(pitr?.EarliestRestorableDateTime instanceof Date && pitr.LatestRestorableDateTime instanceof Date);
		const now = time.now();
		assert.ok(Math.abs(now - 35 * 86_400_000 - pitr.EarliestRestorableDateTime.getTime()) < 60_000);
		assert.ok(Math.abs(now - 5 * 60_000 - pitr.LatestRestorableDateTime.getTime()) < 60_000);

		const enabled = await ddb.send(
			new UpdateContinuousBackupsCommand({TableName: 'audit-log', PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}),
		);
		const window = enabled.ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
		assert.equal(window?.PointInTimeRecoveryStatus, 'ENABLED');
		assert.ok(Math.abs((window?.EarliestRestorableDateTime?.getTime() ?? 0) - time.now()) < 5_000, 'the window starts when PITR is turned on');

		const firstPage = await s3.send(new ListBucketsCommand({MaxBuckets: 1}));
		assert.deepEqual(firstPage.Buckets?.map((b) => [b.Name, b.BucketRegion]), [['logs-eu', 'eu-west-1']]);
		assert.ok(firstPage.ContinuationToken);
		const secondPage = await s3.send(new ListBucketsCommand({MaxBuckets: 1, ContinuationToken: firstPage.ContinuationToken}));
		assert.deepEqual(secondPage.Buckets?.map((b) => b.Name), ['orders-exports']);
		assert.equal(secondPage.ContinuationToken, undefined);

		assert.equal((await s3.send(new HeadBucketCommand({Bucket: 'orders-exports'}))).BucketRegion, 'us-east-1');
		const redirected = await failure(s3.send(new HeadBucketCommand({Bucket: 'logs-eu'})));
		assert.equal(redirected.$metadata?.httpStatusCode, 301);
		assert.equal(redirected.$response?.headers['x-amz-bucket-region'], 'eu-west-1');
		assert.equal((await failure(s3.send(new HeadBucketCommand({Bucket: 'no-such-bucket'})))).name, 'NotFound');

		const bucketPolicy = await s3.send(new GetBucketPolicyCommand({Bucket: 'orders-exports'}));
		assert.equal(JSON.parse(bucketPolicy.Policy ?? '{}').Statement[0].Principal.AWS, 'arn:aws:iam::111111111111:root');
		assert.equal((await failure(eu.s3.send(new GetBucketPolicyCommand({Bucket: 'logs-eu'})))).name, 'NoSuchBucketPolicy');
		assert.equal((await failure(s3.send(new GetBucketPolicyCommand({Bucket: 'orders-exports', ExpectedBucketOwner: '999999999999'})))).name, 'AccessDenied');

		const key = 'exports/orders/.write-probe';
		const upload = await s3.send(new CreateMultipartUploadCommand({Bucket: 'orders-exports', Key: key, ServerSideEncryption: 'AES256'}));
		assert.ok(upload.UploadId);
		await s3.send(new UploadPartCommand({Bucket: 'orders-exports', Key: key, UploadId: upload.UploadId, PartNumber: 1, Body: 'probe'}));
		await s3.send(new AbortMultipartUploadCommand({Bucket: 'orders-exports', Key: key, UploadId: upload.UploadId}));
		assert.deepEqual(sandbox.world.objects('orders-exports'), [], 'the probe leaves nothing behind');

		const exportsKey = (await kms.send(new DescribeKeyCommand({KeyId: 'alias/exports'}))).KeyMetadata;
		assert.equal(exportsKey?.KeyManager, 'CUSTOMER');
		assert.equal(exportsKey?.KeyState, 'Enabled');
		assert.equal(exportsKey?.AWSAccountId, '111111111111');
		const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases?.map((a) => a.AliasName);
		assert.ok(aliases?.includes('alias/exports') && aliases.includes('alias/aws/s3'));
		assert.equal((await failure(eu.kms.send(new DescribeKeyCommand({KeyId: 'alias/exports'})))).name, 'NotFoundException', 'keys live in one Region');

		const simulation = await iam.send(
			new SimulatePrincipalPolicyCommand({
				PolicySourceArn: 'arn:aws:iam::111111111111:role/DataExporter',
				ActionNames: ['dynamodb:ExportTableToPointInTime', 's3:DeleteBucket'],
				ResourceArns: ['arn:aws:dynamodb:us-east-1:111111111111:table/orders'],
			}),
		);
		assert.deepEqual(simulation.EvaluationResults?.map((r) => r.EvalDecision), ['allowed', 'implicitDeny']);
		assert.equal(simulation.EvaluationResults?.[0]?.OrganizationsDecisionDetail?.AllowedByOrganizations, true);
		assert.equal(simulation.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyId, 'ExportAccess');
		const sessionArn = await failure(iam.send(new SimulatePrincipalPolicyCommand({PolicySourceArn: identity.Arn, ActionNames: ['s3:PutObject']})));
		assert.equal(sessionArn.name, 'InvalidInputException');
		assert.match(sessionArn.message, /does not clearly define entity type and name/);
		const rolePolicy = await iam.send(new GetRolePolicyCommand({RoleName: 'DataExporter', PolicyName: 'ExportAccess'}));
		assert.match(rolePolicy.PolicyDocument ?? '', /^%7B/, 'IAM returns documents URL-encoded');
		assert.ok(JSON.parse(decodeURIComponent(rolePolicy.PolicyDocument!)).Statement.length > 0);

		assert.deepEqual((await admin.iam.send(new ListUserPoliciesCommand({UserName: 'admin'}))).PolicyNames, ['AdministratorAccess']);
		assert.equal((await failure(iam.send(new ListUserPoliciesCommand({UserName: 'admin'})))).name, 'AccessDenied');

		assert.equal((await org.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId, '111111111111');
		// Like AWS: the account's own attachments, then the root's through ListParents.
		const direct = await org.send(new ListPoliciesForTargetCommand({TargetId: '111111111111', Filter: 'SERVICE_CONTROL_POLICY'}));
		assert.deepEqual(direct.Policies, []);
		const parents = await org.send(new ListParentsCommand({ChildId: '111111111111'}));
		assert.equal(parents.Parents?.[0]?.Type, 'ROOT');
		const scps = await admin.org.send(new ListPoliciesForTargetCommand({TargetId: parents.Parents![0]!.Id!, Filter: 'SERVICE_CONTROL_POLICY'}));
		assert.deepEqual(scps.Policies?.map((p) => p.Name), ['FullAWSAccess']);
		const fullAccess = await admin.org.send(new DescribePolicyCommand({PolicyId: scps.Policies![0]!.Id}));
		assert.equal(JSON.parse(fullAccess.Policy?.Content ?? '{}').Statement[0].Action, '*');

		const invalid = await analyzer.send(
			new ValidatePolicyCommand({policyType: 'IDENTITY_POLICY', policyDocument: JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 'kms:', Resource: '*'}]})}),
		);
		assert.deepEqual(invalid.findings?.map((f) => [f.findingType, f.issueCode]), [['ERROR', 'INVALID_ACTION']]);
		const open = await analyzer.send(
			new ValidatePolicyCommand({
				policyType: 'RESOURCE_POLICY',
				validatePolicyResourceType: 'AWS::S3::Bucket',
				policyDocument: JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*'}]}),
			}),
		);
		assert.deepEqual(open.findings?.map((f) => f.findingType), ['SECURITY_WARNING']);
		const clean = await analyzer.send(new ValidatePolicyCommand({policyType: 'IDENTITY_POLICY', policyDocument: rolePolicy.PolicyDocument && decodeURIComponent(rolePolicy.PolicyDocument)}));
		assert.deepEqual(clean.findings, []);
		const broken = await analyzer.send(new ValidatePolicyCommand({policyType: 'IDENTITY_POLICY', policyDocument: '{"Version": '}));
		assert.equal(broken.findings?.[0]?.issueCode, 'JSON_SYNTAX_ERROR');

		assert.equal(sandbox.stats.byOperation['dynamodb:ListTables'], 2);
		assert.equal(sandbox.stats.exportsStarted, 0);
	});
});

test('healthy: an export completes and writes _started, the manifests and gzip data files', async () => {
	const time = clock();
	await withSandbox({now: time.now, exportDurationMs: 300}, async (sandbox) => {
		const description = await runExport(sandbox, time);
		assert.equal(description.ExportStatus, 'COMPLETED');
		assert.equal(description.ItemCount, 3500);
		assert.ok((description.BilledSizeBytes ?? 0) > 0);
		assert.ok(description.EndTime instanceof Date);
		const id = description.ExportArn!.split('/export/')[1]!;
		assert.match(id, /^\d{14}-[0-9a-f]{8}$/);
		const base = `exports/orders/AWSDynamoDB/${id}/`;
		assert.equal(description.ExportManifest, `${base}manifest-summary.json`);

		const {s3} = clients(sandbox);
		const summaryObject = await s3.send(new GetObjectCommand({Bucket: 'orders-exports', Key: description.ExportManifest}));
		const summary = JSON.parse(await summaryObject.Body!.transformToString());
		assert.deepEqual(
			Object.keys(summary).sort(),
			['billedSizeBytes', 'endTime', 'exportArn', 'exportTime', 'exportType', 'itemCount', 'manifestFilesS3Key', 'outputFormat', 's3Bucket', 's3Prefix', 's3SseAlgorithm', 's3SseKmsKeyId', 'startTime', 'tableArn', 'tableId', 'version'],
		);
		assert.equal(summary.exportArn, description.ExportArn);
		assert.equal(summary.itemCount, 3500);
		assert.equal(summary.outputFormat, 'DYNAMODB_JSON');

		const keys = sandbox.world.objects('orders-exports').map((o) => o.key);
		// The current guide's names for the manifests' checksum files.
		assert.ok(keys.includes(`${base}_started`) && keys.includes(`${base}manifest-summary.checksum`) && keys.includes(`${base}manifest-files.checksum`));
		const manifestLines = sandbox.world.object('orders-exports', summary.manifestFilesS3Key)!.toString().trim().split('\n').map((l) => JSON.parse(l));
		assert.ok(manifestLines.length >= 2, 'the items are spread over several data files');
		let items = 0;
		for (const entry of manifestLines) {
			assert.match(entry.dataFileS3Key, new RegExp(`^${base}data/[a-z2-7]{26}\\.json\\.gz$`));
			const bytes = sandbox.world.object('orders-exports', entry.dataFileS3Key)!;
			assert.equal(entry.md5Checksum, createHash('md5').update(bytes).digest('base64'), 'md5Checksum is the base64 MD5 of the data file');
			assert.match(entry.etag, /^[0-9a-f]{32}-1$/, 'written in parts, as AWS does');
			const lines = gunzipSync(bytes).toString().trim().split('\n');
			assert.equal(lines.length, entry.itemCount);
			const first = JSON.parse(lines[0]!);
			assert.match(first.Item.orderId.S, /^ORDER#\d{6}$/);
			items += lines.length;
		}
		assert.equal(items, 3500);

		const listed = await clients(sandbox).ddb.send(new ListExportsCommand({TableArn: sandbox.defaultPlan.tableArn}));
		assert.deepEqual(listed.ExportSummaries?.map((e) => e.ExportStatus), ['COMPLETED']);
	});
});

test('exports: ClientToken makes retries idempotent, and reusing it with other parameters is refused', async () => {
	const time = clock();
	await withSandbox({now: time.now}, async (sandbox) => {
		const {ddb} = clients(sandbox);
		const first = await ddb.send(new ExportTableToPointInTimeCommand(planRequest(sandbox, {ClientToken: 'token-1'})));
		const again = await ddb.send(new ExportTableToPointInTimeCommand(planRequest(sandbox, {ClientToken: 'token-1'})));
		assert.equal(again.ExportDescription?.ExportArn, first.ExportDescription?.ExportArn);
		const mismatch = await failure(ddb.send(new ExportTableToPointInTimeCommand(planRequest(sandbox, {ClientToken: 'token-1', S3Prefix: 'elsewhere/'}))));
		assert.equal(mismatch.name, 'ExportConflictException');
		assert.equal(sandbox.stats.exportsStarted, 1);

		const tooOld = await failure(ddb.send(new ExportTableToPointInTimeCommand(planRequest(sandbox, {ExportTime: new Date(time.now() - 40 * 86_400_000)}))));
		assert.equal(tooOld.name, 'InvalidExportTimeException');
		const tooShort = await failure(
			ddb.send(
				new ExportTableToPointInTimeCommand(
					planRequest(sandbox, {
						ExportType: 'INCREMENTAL_EXPORT',
						IncrementalExportSpecification: {ExportFromTime: new Date(time.now() - 10 * 60_000), ExportToTime: new Date(time.now() - 60_000)},
					}),
				),
			),
		);
		assert.equal(tooShort.name, 'ValidationException');
	});
});

test('cross-account: without S3BucketOwner the export fails; a bucket policy added by the owner fixes it', async () => {
	const time = clock();
	await withSandbox({scenario: 'cross-account', now: time.now}, async (sandbox) => {
		const withoutOwner = await runExport(sandbox, time, {S3BucketOwner: undefined});
		assert.equal(withoutOwner.ExportStatus, 'FAILED');
		assert.equal(withoutOwner.FailureCode, 'S3AccessDenied');
		assert.match(withoutOwner.FailureMessage ?? '', /^Access Denied \(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: /);

		const noPolicy = await runExport(sandbox, time);
		assert.equal(noPolicy.FailureCode, 'S3AccessDenied', 'the bucket policy does not let the caller in yet');
		const probe = await failure(
			clients(sandbox).s3.send(new CreateMultipartUploadCommand({Bucket: 'analytics-landing', Key: 'exports/orders/probe', ExpectedBucketOwner: '222222222222'})),
		);
		assert.equal(probe.message, 'Access Denied', 'S3 gives other accounts no reason');

		const owner = clients(sandbox, {profile: 'analytics-admin'});
		await owner.s3.send(
			new PutBucketPolicyCommand({
				Bucket: 'analytics-landing',
				Policy: JSON.stringify({
					Version: '2012-10-17',
					Statement: [
						{
							Effect: 'Allow',
							Principal: {AWS: 'arn:aws:iam::111111111111:role/DataExporter'},
							Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload'],
							Resource: 'arn:aws:s3:::analytics-landing/exports/orders/*',
						},
					],
				}),
			}),
		);
		const fixed = await runExport(sandbox, time);
		assert.equal(fixed.ExportStatus, 'COMPLETED');
		assert.ok(sandbox.world.objects('analytics-landing', 'exports/orders/AWSDynamoDB/').length > 3);
	});
});

test('bucket-missing: the caller may create that bucket (no other); a KMS export then lands there, listable page by page', async () => {
	const time = clock();
	await withSandbox({scenario: 'bucket-missing', now: time.now}, async (sandbox) => {
		const bucket = sandbox.defaultPlan.bucket;
		const {s3} = clients(sandbox);
		assert.equal((await failure(s3.send(new CreateBucketCommand({Bucket: `${bucket}-2`})))).name, 'AccessDenied');
		await s3.send(new CreateBucketCommand({Bucket: bucket}));
		const done = await runExport(sandbox, time, {S3SseAlgorithm: 'KMS', S3SseKmsKeyId: 'alias/exports'});
		assert.equal(done.ExportStatus, 'COMPLETED');
		const head = await s3.send(new HeadObjectCommand({Bucket: bucket, Key: done.ExportManifest}));
		assert.equal(head.ServerSideEncryption, 'aws:kms');
		assert.match(head.SSEKMSKeyId ?? '', /^arn:aws:kms:us-east-1:111111111111:key\//);

		const seen: string[] = [];
		let token: string | undefined;
		do {
			const page = await s3.send(new ListObjectsV2Command({Bucket: bucket, Prefix: 'exports/orders/AWSDynamoDB/', MaxKeys: 3, ContinuationToken: token}));
			seen.push(...(page.Contents ?? []).map((c) => c.Key!));
			token = page.NextContinuationToken;
		} while (token);
		assert.deepEqual(seen, sandbox.world.objects(bucket).map((o) => o.key));
		const top = await s3.send(new ListObjectsV2Command({Bucket: bucket, Delimiter: '/'}));
		assert.deepEqual(top.CommonPrefixes?.map((p) => p.Prefix), ['exports/']);
	});
});

test('s3: ListMultipartUploads lists the uploads of a key for who may (s3:ListBucketMultipartUploads), like S3', async () => {
	await withSandbox({}, async (sandbox) => {
		const bucket = sandbox.defaultPlan.bucket;
		const {s3} = clients(sandbox);
		const admin = clients(sandbox, {profile: 'admin'});
		const key = `${sandbox.defaultPlan.prefix}twice`;
		const first = await s3.send(new CreateMultipartUploadCommand({Bucket: bucket, Key: key}));
		const second = await s3.send(new CreateMultipartUploadCommand({Bucket: bucket, Key: key}));
		await s3.send(new CreateMultipartUploadCommand({Bucket: bucket, Key: `${key}-other`}));
		const listed = await admin.s3.send(new ListMultipartUploadsCommand({Bucket: bucket, Prefix: key}));
		assert.deepEqual(
			(listed.Uploads ?? []).filter((u) => u.Key === key).map((u) => u.UploadId).sort(),
			[first.UploadId, second.UploadId].sort(),
		);
		assert.equal(listed.Uploads?.length, 3, 'a prefix, not a key: the other key is listed too');
		// The exporter role has s3:ListBucket, not s3:ListBucketMultipartUploads.
		await assert.rejects(s3.send(new ListMultipartUploadsCommand({Bucket: bucket, Prefix: key})), (error: Error) => error.name === 'AccessDenied');
		await admin.s3.send(new AbortMultipartUploadCommand({Bucket: bucket, Key: key, UploadId: first.UploadId}));
		assert.deepEqual(sandbox.world.uploads(bucket).filter((u) => u.key === key).map((u) => u.uploadId), [second.UploadId]);
	});
});

test('sts: AssumeRole needs the MFA code; the SDK gets there from the written profile files', async () => {
	await withSandbox({scenario: 'mfa-role'}, async (sandbox) => {
		const source = clients(sandbox, {profile: 'alice-user'});
		const mfaSerial = sandbox.profiles.find((p) => p.name === 'default')?.mfaSerial;
		const RoleArn = 'arn:aws:iam::111111111111:role/DataExporter';
		const noMfa = await failure(source.sts.send(new AssumeRoleCommand({RoleArn, RoleSessionName: 'alice'})));
		assert.equal(noMfa.name, 'AccessDenied');
		assert.match(noMfa.message, /^User: arn:aws:iam::111111111111:user\/alice is not authorized to perform: sts:AssumeRole on resource: /);
		const wrongCode = await failure(source.sts.send(new AssumeRoleCommand({RoleArn, RoleSessionName: 'alice', SerialNumber: mfaSerial, TokenCode: '000000'})));
		assert.match(wrongCode.message, /MultiFactorAuthentication failed/);
		const assumed = await source.sts.send(new AssumeRoleCommand({RoleArn, RoleSessionName: 'alice', SerialNumber: mfaSerial, TokenCode: '123456'}));
		assert.match(assumed.Credentials?.AccessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
		assert.equal(assumed.AssumedRoleUser?.Arn, 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice');

		const dir = mkdtempSync(join(tmpdir(), 'sandbox-profiles-'));
		try {
			const files = sandbox.writeSharedConfig(dir);
			const asked: string[] = [];
			const credentials = fromIni({
				profile: 'default',
				filepath: files.credentialsFile,
				configFilepath: files.configFile,
				clientConfig: {endpoint: sandbox.endpoint},
				mfaCodeProvider: async (serial) => {
					asked.push(serial);
					return '123456';
				},
			});
			const sts = new STSClient({endpoint: sandbox.endpoint, region: 'us-east-1', credentials, maxAttempts: 1});
			const identity = await sts.send(new GetCallerIdentityCommand({}));
			assert.match(identity.Arn ?? '', /^arn:aws:sts::111111111111:assumed-role\/DataExporter\//);
			assert.deepEqual(asked, [mfaSerial]);

			// Expiring the default profile's credentials hits every session of its role.
			sandbox.expireCredentials();
			assert.equal((await failure(sts.send(new GetCallerIdentityCommand({})))).name, 'ExpiredToken');
			sandbox.refreshCredentials();
			assert.ok((await sts.send(new GetCallerIdentityCommand({}))).Arn);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

test('unknown keys, expired credentials and bad signatures are answered as each service would', async () => {
	await withSandbox({}, async (sandbox) => {
		const stranger = clients(sandbox, {credentials: {accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40)}});
		assert.equal((await failure(stranger.ddb.send(new ListTablesCommand({})))).name, 'UnrecognizedClientException');
		const s3Unknown = await failure(stranger.s3.send(new ListBucketsCommand({})));
		assert.equal(s3Unknown.name, 'InvalidAccessKeyId');
		assert.equal(s3Unknown.$metadata?.httpStatusCode, 403);
		assert.equal((await failure(stranger.sts.send(new GetCallerIdentityCommand({})))).name, 'InvalidClientTokenId');

		const good = credentialsOf(sandbox);
		const forged = clients(sandbox, {credentials: {...good, secretAccessKey: 'y'.repeat(40)}});
		assert.equal((await failure(forged.ddb.send(new ListTablesCommand({})))).name, 'InvalidSignatureException');
		assert.equal((await failure(forged.s3.send(new ListBucketsCommand({})))).name, 'SignatureDoesNotMatch');

		const {ddb, s3, kms} = clients(sandbox);
		sandbox.expireCredentials();
		assert.equal((await failure(ddb.send(new ListTablesCommand({})))).name, 'ExpiredTokenException');
		assert.equal((await failure(kms.send(new ListAliasesCommand({})))).name, 'ExpiredTokenException');
		assert.equal((await failure(s3.send(new ListBucketsCommand({})))).name, 'ExpiredToken');
		sandbox.refreshCredentials();
		assert.ok((await ddb.send(new ListTablesCommand({}))).TableNames);
	});
});

interface ScenarioCase {
	check: (sandbox: Sandbox, time: ReturnType<typeof clock>) => Promise<void>;
}

const deniedBy = (type: string, action: string) => new RegExp(`^User: arn:aws:sts::111111111111:assumed-role/DataExporter/alice is not authorized to perform: ${action} on resource: .* because no ${type} allows the ${action} action$`);

const scenarioCases: Record<string, ScenarioCase> = {
	'pitr-off': {
		async check(sandbox) {
			const error = await failure(clients(sandbox).ddb.send(new ExportTableToPointInTimeCommand(planRequest(sandbox))));
			assert.equal(error.name, 'PointInTimeRecoveryUnavailableException');
		},
	},
	'cross-account': {
		async check(sandbox) {
			assert.equal(sandbox.defaultPlan.bucketOwner, '222222222222');
			const head = await failure(clients(sandbox).s3.send(new HeadBucketCommand({Bucket: sandbox.defaultPlan.bucket, ExpectedBucketOwner: '222222222222'})));
			assert.equal(head.$metadata?.httpStatusCode, 403);
			assert.equal(head.$response?.headers['x-amz-bucket-region'], 'us-east-1');
		},
	},
	'kms-key-policy': {
		async check(sandbox, time) {
			const error = await failure(clients(sandbox).kms.send(new GenerateDataKeyCommand({KeyId: 'alias/exports', KeySpec: 'AES_256'})));
			assert.equal(error.name, 'AccessDeniedException');
			assert.match(error.message, deniedBy('resource-based policy', 'kms:GenerateDataKey'));
			const result = await runExport(sandbox, time);
			assert.equal(result.FailureCode, 'KMSAccessDenied');
			const admin = clients(sandbox, {profile: 'admin'});
			const current = JSON.parse((await admin.kms.send(new GetKeyPolicyCommand({KeyId: 'alias/exports'}))).Policy ?? '{}');
			current.Statement.push({Sid: 'TrustAccount', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::111111111111:root'}, Action: 'kms:*', Resource: '*'});
			await admin.kms.send(new PutKeyPolicyCommand({KeyId: 'alias/exports', Policy: JSON.stringify(current)}));
			assert.equal((await runExport(sandbox, time)).ExportStatus, 'COMPLETED', 'trusting the account hands the decision to IAM, which allows');
		},
	},
	'scp-deny': {
		async check(sandbox) {
			const {ddb, iam} = clients(sandbox);
			const error = await failure(ddb.send(new ExportTableToPointInTimeCommand(planRequest(sandbox))));
			assert.equal(error.name, 'AccessDeniedException');
			assert.match(
				error.message,
				/is not authorized to perform: dynamodb:ExportTableToPointInTime on resource: arn:aws:dynamodb:us-east-1:111111111111:table\/orders with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy\/o-abc123\/service_control_policy\/p-deny1234$/,
			);
			const simulation = await iam.send(
				new SimulatePrincipalPolicyCommand({PolicySourceArn: 'arn:aws:iam::111111111111:role/DataExporter', ActionNames: ['dynamodb:ExportTableToPointInTime']}),
			);
			assert.equal(simulation.EvaluationResults?.[0]?.EvalDecision, 'explicitDeny');
			assert.equal(simulation.EvaluationResults?.[0]?.OrganizationsDecisionDetail?.AllowedByOrganizations, false);
		},
	},
	'bucket-missing': {
		async check(sandbox, time) {
			assert.equal((await failure(clients(sandbox).s3.send(new HeadBucketCommand({Bucket: sandbox.defaultPlan.bucket})))).name, 'NotFound');
			const result = await runExport(sandbox, time);
			assert.equal(result.FailureCode, 'S3NoSuchBucket');
		},
	},
	'requester-pays': {
		async check(sandbox, time) {
			assert.equal((await clients(sandbox).s3.send(new GetBucketRequestPaymentCommand({Bucket: sandbox.defaultPlan.bucket}))).Payer, 'Requester');
			assert.equal((await runExport(sandbox, time)).FailureCode, 'S3AccessDenied');
		},
	},
	'bucket-requires-kms': {
		async check(sandbox, time) {
			const {s3} = clients(sandbox);
			const error = await failure(s3.send(new CreateMultipartUploadCommand({Bucket: 'orders-exports', Key: 'exports/orders/probe', ServerSideEncryption: 'AES256'})));
			assert.equal(error.name, 'AccessDenied');
			assert.match(error.message, /on resource: "arn:aws:s3:::orders-exports\/exports\/orders\/probe" with an explicit deny in a resource-based policy$/);
			assert.equal((await runExport(sandbox, time)).FailureCode, 'S3AccessDenied');
		},
	},
	'source-ip': {
		async check(sandbox, time) {
			const {s3} = clients(sandbox);
			const upload = await s3.send(new CreateMultipartUploadCommand({Bucket: 'orders-exports', Key: 'exports/orders/probe', ServerSideEncryption: 'AES256'}));
			await s3.send(new AbortMultipartUploadCommand({Bucket: 'orders-exports', Key: 'exports/orders/probe', UploadId: upload.UploadId}));
			assert.equal((await runExport(sandbox, time)).FailureCode, 'S3AccessDenied', "DynamoDB's writes come from no source IP");
		},
	},
	'key-disabled': {
		async check(sandbox, time) {
			const {kms} = clients(sandbox);
			assert.equal((await kms.send(new DescribeKeyCommand({KeyId: 'alias/exports'}))).KeyMetadata?.KeyState, 'Disabled');
			assert.equal((await failure(kms.send(new GenerateDataKeyCommand({KeyId: 'alias/exports', KeySpec: 'AES_256'})))).name, 'DisabledException');
			assert.equal((await runExport(sandbox, time)).FailureCode, 'KMSKeyDisabled');
		},
	},
	'key-wrong-region': {
		async check(sandbox, time) {
			assert.match(sandbox.defaultPlan.kmsKeyId ?? '', /^arn:aws:kms:eu-west-1:/);
			assert.equal((await failure(clients(sandbox).kms.send(new DescribeKeyCommand({KeyId: sandbox.defaultPlan.kmsKeyId})))).name, 'NotFoundException');
			assert.equal((await clients(sandbox, {region: 'eu-west-1'}).kms.send(new DescribeKeyCommand({KeyId: sandbox.defaultPlan.kmsKeyId}))).KeyMetadata?.KeyState, 'Enabled');
			assert.equal((await runExport(sandbox, time)).FailureCode, 'KMSKeyNotFound');
		},
	},
	'missing-permission': {
		async check(sandbox, time) {
			const error = await failure(clients(sandbox).s3.send(new CreateMultipartUploadCommand({Bucket: 'orders-exports', Key: 'exports/orders/probe'})));
			assert.match(error.message, deniedBy('identity-based policy', 's3:PutObject'));
			assert.equal((await runExport(sandbox, time)).FailureCode, 'S3AccessDenied');
		},
	},
	'permissions-boundary': {
		async check(sandbox) {
			const {ddb, iam} = clients(sandbox);
			const error = await failure(ddb.send(new ExportTableToPointInTimeCommand(planRequest(sandbox))));
			assert.match(error.message, deniedBy('permissions boundary', 'dynamodb:ExportTableToPointInTime'));
			const simulation = await iam.send(
				new SimulatePrincipalPolicyCommand({PolicySourceArn: 'arn:aws:iam::111111111111:role/DataExporter', ActionNames: ['dynamodb:ExportTableToPointInTime']}),
			);
			assert.equal(simulation.EvaluationResults?.[0]?.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, false);
			assert.equal(simulation.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
		},
	},
	'no-simulate': {
		async check(sandbox, time) {
			const error = await failure(
				clients(sandbox).iam.send(new SimulatePrincipalPolicyCommand({PolicySourceArn: 'arn:aws:iam::111111111111:role/DataExporter', ActionNames: ['s3:PutObject']})),
			);
			assert.equal(error.name, 'AccessDenied');
			assert.match(error.message, deniedBy('identity-based policy', 'iam:SimulatePrincipalPolicy'));
			assert.equal((await runExport(sandbox, time)).ExportStatus, 'COMPLETED');
		},
	},
	'export-fails': {
		async check(sandbox, time) {
			const result = await runExport(sandbox, time);
			assert.equal(result.FailureCode, 'S3AccessDenied');
			const id = result.ExportArn!.split('/export/')[1];
			assert.deepEqual(
				sandbox.world.objects('orders-exports').map((o) => o.key),
				[`exports/orders/AWSDynamoDB/${id}/_started`],
				'only the _started marker was written before the policy changed',
			);
		},
	},
	'mfa-role': {
		async check(sandbox) {
			const profile = sandbox.profiles.find((p) => p.name === sandbox.defaultProfile);
			assert.equal(profile?.roleArn, 'arn:aws:iam::111111111111:role/DataExporter');
			assert.equal(profile?.accessKeyId, undefined);
		},
	},
	'sso-expired': {
		async check(sandbox) {
			const profile = sandbox.profiles.find((p) => p.name === sandbox.defaultProfile);
			assert.match(profile?.sso?.startUrl ?? '', /^https:\/\//);
			assert.equal(profile?.accessKeyId, undefined);
			// The written config names the SSO settings the SDK reads; the static profile still works.
			const {config} = sharedConfigTexts(sandbox.profiles, sandbox.endpoint);
			assert.match(config, /\[default\]\nregion = us-east-1\nsso_start_url = https:\/\/[^\n]+\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = DataExporter/);
			const identity = await clients(sandbox, {profile: 'static'}).sts.send(new GetCallerIdentityCommand({}));
			assert.equal(identity.Arn, 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice');
		},
	},
	'big-account': {
		async check(sandbox) {
			const {ddb, s3} = clients(sandbox);
			let count = 0;
			let start: string | undefined;
			do {
				const page = await ddb.send(new ListTablesCommand({ExclusiveStartTableName: start}));
				count += page.TableNames?.length ?? 0;
				start = page.LastEvaluatedTableName;
			} while (start);
			assert.equal(count, 10_004);
			const buckets = await s3.send(new ListBucketsCommand({MaxBuckets: 1000}));
			assert.equal(buckets.Buckets?.length, 1000);
			assert.ok(buckets.ContinuationToken);
		},
	},
	'hostile-strings': {
		async check(sandbox, time) {
			// The sandbox hands the sequences out raw, as a hostile AWS account could; the product must not print them so.
			const {kms} = clients(sandbox);
			assert.equal((await kms.send(new DescribeKeyCommand({KeyId: 'alias/hostile'}))).KeyMetadata?.Description, `Exports key${HOSTILE}`);
			const result = await runExport(sandbox, time);
			assert.equal(result.FailureCode, 'S3AccessDenied');
			assert.ok(result.FailureMessage?.includes(HOSTILE), result.FailureMessage);
		},
	},
	'damaged-export': {
		async check(sandbox, time) {
			// One data file no longer matches the manifest's md5Checksum; the manifests still do.
			const description = await runExport(sandbox, time);
			const manifest = JSON.parse(sandbox.world.object('orders-exports', description.ExportManifest!)!.toString()).manifestFilesS3Key;
			const entries = sandbox.world.object('orders-exports', manifest)!.toString().trim().split('\n').map((l) => JSON.parse(l));
			const altered = entries.filter((e) => createHash('md5').update(sandbox.world.object('orders-exports', e.dataFileS3Key)!).digest('base64') !== e.md5Checksum);
			assert.equal(altered.length, 1);
			assert.match(gunzipSync(sandbox.world.object('orders-exports', altered[0].dataFileS3Key)!).toString(), /"S":"ALTERED /);
		},
	},
	'many-tables': {
		async check(sandbox, time) {
			const orders = clients(sandbox);
			const billing = clients(sandbox, {profile: 'billing'});
			const names = (await orders.ddb.send(new ListTablesCommand({}))).TableNames ?? [];
			assert.equal(names.length, 50);
			assert.equal(names[0], 'orders-000');
			assert.deepEqual((await billing.ddb.send(new ListTablesCommand({}))).TableNames, Array.from({length: 10}, (_, i) => `billing-00${i}`));
			const sizes = await Promise.all(['orders-001', 'orders-002'].map((n) => orders.ddb.send(new DescribeTableCommand({TableName: n}))));
			assert.notEqual(sizes[0]!.Table?.ItemCount, sizes[1]!.Table?.ItemCount, 'sizes differ per table');
			const pitr = await orders.ddb.send(new DescribeContinuousBackupsCommand({TableName: 'orders-007'}));
			assert.equal(pitr.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'DISABLED');

			// Five exports at once per account; the sixth is refused as AWS refuses it, a retry of one of the five is not.
			const request = (table: string, account = '111111111111') => ({
				TableArn: `arn:aws:dynamodb:us-east-1:${account}:table/${table}`,
				S3Bucket: 'lake-exports',
				S3BucketOwner: '222222222222',
				S3Prefix: `${table}/`,
				ClientToken: `token-${table}`,
			});
			for (let i = 0; i < 5; i++) await orders.ddb.send(new ExportTableToPointInTimeCommand(request(`orders-01${i}`)));
			const limited = await failure(orders.ddb.send(new ExportTableToPointInTimeCommand(request('orders-020'))));
			assert.equal(limited.name, 'LimitExceededException');
			await orders.ddb.send(new ExportTableToPointInTimeCommand(request('orders-010')));
			// The other account has its own five; its writes into the lake are refused until the owner admits it.
			const refused = await billing.ddb.send(new ExportTableToPointInTimeCommand(request('billing-000', '333333333333')));
			time.advance(60_000);
			const done = await billing.ddb.send(new DescribeExportCommand({ExportArn: refused.ExportDescription!.ExportArn}));
			assert.equal(done.ExportDescription?.FailureCode, 'S3AccessDenied');
			assert.equal(done.ExportDescription?.ClientToken, 'token-billing-000');

			// ListExports pages of at most 25, with NextToken, for the account asking.
			for (let i = 0; i < 25; i++) {
				if (i % 5 === 0) time.advance(60_000);
				await orders.ddb.send(new ExportTableToPointInTimeCommand(request(`orders-0${20 + i}`)));
			}
			await assert.rejects(orders.ddb.send(new ListExportsCommand({MaxResults: 26})), /MaxResults/);
			const first = await orders.ddb.send(new ListExportsCommand({MaxResults: 25}));
			assert.equal(first.ExportSummaries?.length, 25);
			const second = await orders.ddb.send(new ListExportsCommand({MaxResults: 25, NextToken: first.NextToken}));
			assert.equal(second.ExportSummaries?.length, 5);
			assert.equal(second.NextToken, undefined);
			assert.ok([...first.ExportSummaries!, ...second.ExportSummaries!].every((e) => e.ExportArn?.includes(':111111111111:table/orders-')));

			const admin = clients(sandbox, {profile: 'lake-admin'});
			const current = JSON.parse((await admin.s3.send(new GetBucketPolicyCommand({Bucket: 'lake-exports'}))).Policy ?? '{}');
			assert.deepEqual(current.Statement.map((s: {Principal: {AWS: string}}) => s.Principal.AWS), ['arn:aws:iam::111111111111:root']);
		},
	},
	'attribute-types': {
		async check(sandbox, time) {
			// Every DynamoDB type in every item, in both formats: DynamoDB JSON as the API spells it, Ion by AWS's mapping.
			const description = await runExport(sandbox, time);
			assert.equal(description.ItemCount, 2500);
			const firstLine = (summaryKey: string) => {
				const summary = JSON.parse(sandbox.world.object('orders-exports', summaryKey)!.toString());
				const entry = JSON.parse(sandbox.world.object('orders-exports', summary.manifestFilesS3Key)!.toString().split('\n')[0]!);
				return gunzipSync(sandbox.world.object('orders-exports', entry.dataFileS3Key)!).toString().split('\n')[0]!;
			};
			const item = JSON.parse(firstLine(description.ExportManifest!)).Item;
			const types = new Set<string>();
			const collect = (value: Record<string, unknown>) => {
				const [type, inner] = Object.entries(value)[0]!;
				types.add(type);
				if (type === 'M') for (const member of Object.values(inner as object)) collect(member);
				if (type === 'L') for (const member of inner as Record<string, unknown>[]) collect(member);
			};
			for (const value of Object.values(item)) collect(value as Record<string, unknown>);
			assert.deepEqual([...types].sort(), ['B', 'BOOL', 'BS', 'L', 'M', 'N', 'NS', 'NULL', 'S', 'SS']);
			assert.match(item.big.N, /^[1-9]\d{37}$/);
			const ion = await runExport(sandbox, time, {ExportFormat: 'ION'});
			const line = firstLine(ion.ExportManifest!);
			assert.match(line, /^\$ion_1_0 \{Item:\{id:"item#000001",/);
			assert.match(line, new RegExp(`big:${item.big.N}\\.,`));
			assert.match(line, /tags:\$dynamodb_SS::\["red",/);
			assert.match(line, /blob:\{\{[A-Za-z0-9+/=]+\}\}/);
			assert.match(line, /"post-code":"N1 9GU"/);
			assert.match(line, /nothing:null,active:(true|false)\}\}$/);
		},
	},
	'incremental-chain': {
		async check(sandbox) {
			// Earlier COMPLETED exports of orders, each with its files, at times relative to the latest restorable time.
			const {ddb, s3} = clients(sandbox);
			const summaries = (await ddb.send(new ListExportsCommand({TableArn: sandbox.defaultPlan.tableArn}))).ExportSummaries ?? [];
			assert.equal(summaries.length, 5);
			const described = await Promise.all(summaries.map((s) => ddb.send(new DescribeExportCommand({ExportArn: s.ExportArn})).then((d) => d.ExportDescription!)));
			const pitr = (await ddb.send(new DescribeContinuousBackupsCommand({TableName: 'orders'}))).ContinuousBackupsDescription!.PointInTimeRecoveryDescription!;
			const latest = pitr.LatestRestorableDateTime!.getTime();
			const hoursBefore = (prefix: string) => {
				const d = described.find((e) => e.S3Prefix === prefix && e.ExportStatus === 'COMPLETED')!;
				return Math.round((latest - (d.IncrementalExportSpecification?.ExportToTime ?? d.ExportTime)!.getTime()) / 60_000) / 60;
			};
			assert.equal(hoursBefore('exports/orders-hourly/'), 3);
			assert.ok(Math.abs(hoursBefore('exports/orders-recent/') - 10 / 60) < 0.02);
			const archive = described.find((e) => e.S3Prefix === 'exports/orders-archive/')!;
			assert.ok(archive.ExportTime!.getTime() < pitr.EarliestRestorableDateTime!.getTime(), 'the archive export is older than the PITR window');
			const last = described.filter((e) => e.S3Prefix === 'exports/orders/').sort((a, b) => b.StartTime!.getTime() - a.StartTime!.getTime())[0]!;
			assert.equal(last.ExportType, 'INCREMENTAL_EXPORT');
			const summary = JSON.parse(await (await s3.send(new GetObjectCommand({Bucket: 'orders-exports', Key: last.ExportManifest!}))).Body!.transformToString());
			assert.equal(summary.exportToTime, last.IncrementalExportSpecification!.ExportToTime!.toISOString());
		},
	},
	flaky: {
		async check(sandbox) {
			const {ddb} = clients(sandbox);
			const outcomes: string[] = [];
			for (let i = 0; i < 6; i++) outcomes.push(await ddb.send(new ListTablesCommand({})).then(() => 'ok', (e: Error) => e.name));
			assert.ok(sandbox.stats.faultsInjected > 0);
			assert.ok(outcomes.includes('ok') && outcomes.some((o) => o !== 'ok'));
		},
	},
};

test('every scenario breaks its one thing, and refusals read like AWS', async () => {
	assert.deepEqual(Object.keys(scenarioCases).sort(), SCENARIO_NAMES.filter((n) => n !== 'healthy').sort());
	for (const name of SCENARIO_NAMES) assert.ok(SCENARIOS[name]!.description.length > 10);
	await assert.rejects(startSandbox({scenario: 'nope'}), /Unknown sandbox scenario 'nope'.*healthy, pitr-off/);
	for (const [name, scenarioCase] of Object.entries(scenarioCases)) {
		const time = clock();
		await withSandbox({scenario: name, now: time.now}, async (sandbox) => {
			assert.equal(sandbox.scenarioName, name);
			await scenarioCase.check(sandbox, time);
		});
	}
});

test('applying a fix before the export finishes counts', async () => {
	const time = clock();
	await withSandbox({scenario: 'missing-permission', now: time.now}, async (sandbox) => {
		const {ddb} = clients(sandbox);
		const started = await ddb.send(new ExportTableToPointInTimeCommand(planRequest(sandbox)));
		const admin = clients(sandbox, {profile: 'admin'});
		const fix = JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::orders-exports/exports/orders/*'}]});
		await admin.iam.send(new PutRolePolicyCommand({RoleName: 'DataExporter', PolicyName: 'ExportWrites', PolicyDocument: fix}));
		time.advance(60_000);
		const done = await ddb.send(new DescribeExportCommand({ExportArn: started.ExportDescription!.ExportArn}));
		assert.equal(done.ExportDescription?.ExportStatus, 'COMPLETED');
	});
});

test('faults repeat for a seed, and a lost export response retried with its token makes one export', async () => {
	const faults = {rate: 0.5, seed: 7, kinds: ['throttle' as const, 'server-error' as const]};
	const runs: string[][] = [];
	for (let run = 0; run < 2; run++) {
		await withSandbox({faults}, async (sandbox) => {
			const {ddb, s3} = clients(sandbox);
			const outcomes: string[] = [];
			for (let i = 0; i < 8; i++) {
				outcomes.push(await ddb.send(new ListTablesCommand({})).then(() => 'ok', (e: Error) => e.name));
				outcomes.push(await s3.send(new ListBucketsCommand({})).then(() => 'ok', (e: Error) => e.name));
			}
			assert.equal(sandbox.stats.faultsInjected, outcomes.filter((o) => o !== 'ok').length);
			assert.ok(outcomes.includes('SlowDown') || outcomes.includes('ThrottlingException') || outcomes.includes('InternalError'));
			runs.push(outcomes);
		});
	}
	assert.deepEqual(runs[0], runs[1]);

	// A seed whose first call is lost and whose second goes through.
	const seed = [...Array(200).keys()].find((s) => {
		const random = mulberry32(s);
		if (random() >= 0.5) return false;
		random();
		return random() >= 0.5;
	})!;
	await withSandbox({faults: {rate: 0.5, seed, kinds: ['lost-response']}}, async (sandbox) => {
		const {ddb} = clients(sandbox, {maxAttempts: 3});
		const result = await ddb.send(new ExportTableToPointInTimeCommand(planRequest(sandbox)));
		assert.equal(result.ExportDescription?.ExportStatus, 'IN_PROGRESS');
		assert.equal(result.$metadata.attempts, 2);
		assert.equal(sandbox.stats.exportsStarted, 1);
		assert.equal(sandbox.stats.faultsByKind['lost-response'], 1);
		assert.equal(sandbox.world.exports().length, 1);
	});
});

test("the sandbox's own policy evaluator: wildcards, Not*, principals and conditions", () => {
	const decide = (statement: object, facts: {action?: string; resource?: string; context?: Record<string, string>; principal?: {arn: string; roleArn?: string; account: string}}, kind: 'identity' | 'resource' = 'identity') => {
		const result = evaluatePolicy(
			{Statement: [statement]},
			{action: facts.action ?? 's3:PutObject', resource: facts.resource ?? 'arn:aws:s3:::b/exports/x', context: contextOf(facts.context ?? {}), principal: facts.principal},
			kind,
		);
		return result.denies.length > 0 ? 'deny' : result.allows.length > 0 ? `allow${result.allows[0]!.principalMatch ? `:${result.allows[0]!.principalMatch}` : ''}` : 'none';
	};
	assert.equal(decide({Effect: 'Allow', Action: 'S3:Put*', Resource: 'arn:aws:s3:::b/exports/*'}, {}), 'allow', 'actions ignore case, resources take wildcards');
	assert.equal(decide({Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/other/*'}, {}), 'none');
	assert.equal(decide({Effect: 'Allow', NotAction: 'dynamodb:ExportTableToPointInTime', Resource: '*'}, {action: 'dynamodb:ExportTableToPointInTime'}), 'none');
	assert.equal(decide({Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::b/*'}, {}), 'none');
	const session = {arn: 'arn:aws:sts::111111111111:assumed-role/R/s', roleArn: 'arn:aws:iam::111111111111:role/R', account: '111111111111'};
	const allowTo = (AWS: string) => ({Effect: 'Allow', Principal: {AWS}, Action: 's3:PutObject', Resource: '*'});
	assert.equal(decide(allowTo('arn:aws:iam::111111111111:role/R'), {principal: session}, 'resource'), 'allow:direct', 'a role ARN names its sessions');
	assert.equal(decide(allowTo('111111111111'), {principal: session}, 'resource'), 'allow:account');
	assert.equal(decide(allowTo('arn:aws:iam::111111111111:root'), {principal: session}, 'resource'), 'allow:account');
	assert.equal(decide(allowTo('arn:aws:iam::222222222222:root'), {principal: session}, 'resource'), 'none');
	assert.equal(decide({...allowTo('*'), Principal: '*'}, {principal: session}, 'resource'), 'allow:direct');

	const denyOutside = {Effect: 'Deny', Action: 's3:PutObject', Resource: '*', Condition: {NotIpAddress: {'aws:SourceIp': '10.0.0.0/8'}}};
	assert.equal(decide(denyOutside, {context: {'aws:SourceIp': '10.1.2.3'}}), 'none');
	assert.equal(decide(denyOutside, {context: {'aws:SourceIp': '127.0.0.1'}}), 'deny');
	assert.equal(decide(denyOutside, {}), 'deny', 'a negated operator matches when the key is missing');
	const kmsOnly = {Effect: 'Allow', Action: '*', Resource: '*', Condition: {StringEqualsIfExists: {'s3:x-amz-server-side-encryption': 'aws:kms'}}};
	assert.equal(decide(kmsOnly, {}), 'allow');
	assert.equal(decide(kmsOnly, {context: {'s3:x-amz-server-side-encryption': 'AES256'}}), 'none');
	assert.equal(decide({Effect: 'Allow', Action: '*', Resource: '*', Condition: {Null: {'aws:SourceVpce': 'true'}}}, {}), 'allow');
	assert.equal(decide({Effect: 'Allow', Action: '*', Resource: '*', Condition: {Bool: {'aws:ViaAWSService': 'true'}}}, {context: {'AWS:viaawsservice': 'true'}}), 'allow', 'keys ignore case');
	assert.equal(decide({Effect: 'Allow', Action: '*', Resource: '*', Condition: {ArnLike: {'aws:PrincipalArn': 'arn:aws:iam::*:role/Data*'}}}, {context: {'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/DataExporter'}}), 'allow');
	assert.equal(decide({Effect: 'Allow', Action: '*', Resource: '*', Condition: {StringNotLike: {'kms:ViaService': 's3.*.amazonaws.com'}}}, {context: {'kms:ViaService': 's3.us-east-1.amazonaws.com'}}), 'none');
});
