// The checks of a batch: shared checks once per source, table checks per table; the
// tables with PITR off offered at once; the skip map; the policy snippets of a batch.
// First against a recording fake session (no read cache, so every call it counts is one
// the checks made), then on the sandbox's many-tables scenario.

import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {rerunBatchShared, rerunBatchTables, runBatchChecks, skipReasons, sourceKey, SHARED_CHECKS, type BatchCheckContext} from '../source/core/batch/batch-checks.js';
import {enablePitrForAll, pitrFixFor} from '../source/core/batch/batch-pitr.js';
import type {BatchCheckReport, BatchItem, BatchPlan, BatchSource} from '../source/core/batch/types.js';
import type {Snippet} from '../source/core/policy/snippets.js';
import {AwsCallError, type AwsSession, type SimulationResult} from '../source/core/ports.js';

const LAKE = '222222222222';
const BUCKET = 'lake-exports';
const NOW = new Date('2026-12-06T12:00:00Z');

const policy = (...Statement: object[]) => JSON.stringify({Version: '2012-10-17', Statement});

interface FakeAccount {
	account: string;
	profile: string;
	role: string;
	tables: string[];
	pitrOff?: string[];
}

const orders: FakeAccount = {account: '111111111111', profile: 'orders', role: 'OrdersExporter', tables: names('orders', 50), pitrOff: ['orders-007']};
const billing: FakeAccount = {account: '333333333333', profile: 'billing', role: 'BillingExporter', tables: names('billing', 10)};

function names(stem: string, n: number): string[] {
	return Array.from({length: n}, (_, i) => `${stem}-${String(i).padStart(3, '0')}`);
}

const tableArn = (a: FakeAccount, table: string) => `arn:aws:dynamodb:us-east-1:${a.account}:table/${table}`;

/** The lake's bucket policy: only the orders account may write, as at the start of many-tables. */
let lakePolicy = policy({Sid: 'OrdersWrite', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${orders.account}:root`}, Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload'], Resource: `arn:aws:s3:::${BUCKET}/*`});

type Recorded = AwsSession & {calls: string[]};

/** Releases every waiting call together: how many such rounds a run needs is its wall time in round trips. */
class Waves {
	released = 0;
	private pending: Array<() => void> = [];

	wait(): Promise<void> {
		return new Promise((resolve) => this.pending.push(resolve));
	}

	async drive<T>(run: Promise<T>): Promise<T> {
		let done = false;
		const finished = run.finally(() => (done = true));
		finished.catch(() => {});
		while (!done) {
			for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
			if (done) break;
			assert.ok(this.pending.length > 0, 'the run is stuck: nothing pending and not finished');
			this.released++;
			for (const release of this.pending.splice(0)) release();
		}
		return finished;
	}
}

/** A session of one account that answers like AWS would and records every call (no cache). */
function fakeSession(a: FakeAccount, waves?: Waves): Recorded {
	const calls: string[] = [];
	const pitrOn = new Set(a.tables.filter((t) => !a.pitrOff?.includes(t)));
	const denied = (service: string, operation: string) => new AwsCallError(service, operation, 'AccessDenied', 'Access Denied', 403);
	const mayWrite = () => JSON.parse(lakePolicy).Statement.some((s: {Principal: {AWS: string | string[]}}) => [s.Principal.AWS].flat().some((p) => p.includes(a.account)));
	const answers: Partial<Record<keyof AwsSession, (...args: never[]) => unknown>> = {
		identity: () => ({account: a.account, arn: `arn:aws:sts::${a.account}:assumed-role/${a.role}/nightly`, userId: 'AROA:nightly'}),
		describeTable: (name: string) => {
			if (!a.tables.includes(name)) throw new AwsCallError('dynamodb', 'DescribeTable', 'ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`, 400);
			return {name, arn: tableArn(a, name), status: 'ACTIVE', itemCount: 100, sizeBytes: 10_000, encryption: {type: 'DEFAULT'}};
		},
		describeContinuousBackups: (name: string) =>
			pitrOn.has(name) ? {enabled: true, earliest: new Date('2026-11-01T00:00:00Z'), latest: new Date('2026-12-06T11:55:00Z'), recoveryPeriodDays: 35} : {enabled: false},
		enablePitr: (name: string) => (pitrOn.add(name), {enabled: true}),
		bucketRegion: () => {
			throw denied('s3', 'GetBucketLocation');
		},
		headBucket: () => {
			throw denied('s3', 'HeadBucket');
		},
		bucketPolicy: () => lakePolicy,
		bucketOwnership: () => 'BucketOwnerEnforced',
		bucketRequestPayment: () => {
			throw denied('s3', 'GetBucketRequestPayment');
		},
		listBuckets: () => [],
		probeWrite: () => {
			if (!mayWrite()) throw denied('s3', 'CreateMultipartUpload');
			return {};
		},
		simulatePrincipalPolicy: (_arn: string, actions: string[], resources: string[]) =>
			actions.flatMap((action) => resources.map((resource): SimulationResult => ({action, resource, decision: 'allowed', matchedStatementIds: ['ddb-export'], missingContextKeys: []}))),
		permissionsBoundary: () => null,
		organizationPolicies: () => {
			throw new AwsCallError('organizations', 'ListPoliciesForTarget', 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400);
		},
	};
	const session = {region: 'us-east-1', profile: a.profile, calls} as unknown as Recorded;
	const target = session as unknown as Record<string, unknown>;
	for (const [method, answer] of Object.entries(answers)) {
		target[method] = async (...args: unknown[]) => {
			calls.push(method);
			if (waves) await waves.wait();
			return (answer as (...args: unknown[]) => unknown)(...args);
		};
	}
	target.forgetReads = () => {};
	return session;
}

function batchOf(accounts: FakeAccount[], force = false): {plan: BatchPlan; items: BatchItem[]} {
	const sources: BatchSource[] = accounts.map((a) => ({profile: a.profile, region: 'us-east-1', tableArns: a.tables.map((t) => tableArn(a, t))}));
	const plan: BatchPlan = {
		sources,
		destination: {bucket: BUCKET, bucketOwner: LAKE, bucketRegion: 'us-east-1', prefixTemplate: '{table}/', sse: 'AES256'},
		format: 'DYNAMODB_JSON',
		type: 'FULL_EXPORT',
		batchToken: 'nightly',
		date: '2026-12-06',
		force,
	};
	const items = accounts.flatMap((a) =>
		a.tables.map(
			(table): BatchItem => ({
				plan: {profile: a.profile, region: 'us-east-1', tableArn: tableArn(a, table), bucket: BUCKET, bucketOwner: LAKE, bucketRegion: 'us-east-1', prefix: `${table}/`, sse: 'AES256', format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'},
				clientToken: `token-${table}`,
				account: a.account,
				tableName: table,
			}),
		),
	);
	return {plan, items};
}

async function check(accounts: FakeAccount[], options: {force?: boolean; concurrency?: number; waves?: Waves} = {}) {
	const sessions = new Map(accounts.map((a) => [a.profile, fakeSession(a, options.waves)]));
	const {plan, items} = batchOf(accounts, options.force);
	const updates: BatchCheckReport[] = [];
	const ctx: BatchCheckContext = {plan, items, sessionFor: (s) => sessions.get(s.profile!)!, probe: true, now: () => NOW, concurrency: options.concurrency};
	const run = runBatchChecks(ctx, (r) => updates.push(r));
	const report = await (options.waves ? options.waves.drive(run) : run);
	const count = (profile: string, method: string) => sessions.get(profile)!.calls.filter((c) => c === method).length;
	return {ctx, report, updates, sessions, count, plan, items};
}

describe('batch checks on a recording session', () => {
	it('runs the shared checks once per source and the table checks once per table', async () => {
		const {report, count} = await check([orders, billing]);
		for (const [profile, tables] of [['orders', 50], ['billing', 10]] as const) {
			assert.equal(count(profile, 'identity'), 1, `${profile}: one GetCallerIdentity`);
			assert.equal(count(profile, 'bucketPolicy'), 1, `${profile}: one GetBucketPolicy`);
			assert.equal(count(profile, 'probeWrite'), 1, `${profile}: one write probe`);
			assert.equal(count(profile, 'organizationPolicies'), 1, `${profile}: one SCP read`);
			// One call per kind of resource (tables, their exports, their prefixes), every table in it.
			assert.equal(count(profile, 'simulatePrincipalPolicy'), 3, `${profile}: the simulator once per set of resources`);
			assert.equal(count(profile, 'describeTable'), tables, `${profile}: one DescribeTable per table`);
			assert.equal(count(profile, 'describeContinuousBackups'), tables, `${profile}: one DescribeContinuousBackups per table`);
		}
		assert.deepEqual([...report.shared.keys()], ['orders', 'billing']);
		assert.deepEqual(report.shared.get('orders')!.map((r) => r.id), [...SHARED_CHECKS]);
		assert.equal(report.perTable.size, 60);
		assert.equal(report.calls, (report.sharedCalls ?? 0) + (report.tableCalls ?? 0));
		assert.equal(report.tableCalls, 120);
	});

	it('per-table calls grow with the tables, shared ones do not', async () => {
		const few = await check([{...orders, tables: names('orders', 5), pitrOff: []}]);
		const many = await check([{...orders, tables: names('orders', 40), pitrOff: []}]);
		assert.equal(few.report.tableCalls, 10);
		assert.equal(many.report.tableCalls, 80);
		assert.equal(many.report.sharedCalls, few.report.sharedCalls);
		assert.ok((few.report.sharedCalls ?? 0) > 0);
	});

	it('checks 300 tables in at most 10 round trips plus one per 50 tables (the bench budget), counted as waves of calls', async () => {
		for (const tables of [50, 300]) {
			const waves = new Waves();
			const {report} = await check([{...orders, tables: names('orders', tables), pitrOff: []}, billing], {waves});
			assert.equal(report.perTable.size, tables + 10);
			assert.ok(waves.released <= 10 + tables / 50, `${tables} tables took ${waves.released} round trips`);
		}
	});

	it("fails the second account's bucket policy, and lists orders-007 in pitrOff with its reason in the skip map", async () => {
		const {report, plan} = await check([orders, billing]);
		const status = (key: string, id: string) => report.shared.get(key)!.find((r) => r.id === id)!;
		assert.equal(status('orders', 'bucket-policy').status, 'passed', status('orders', 'bucket-policy').summary);
		assert.equal(status('billing', 'bucket-policy').status, 'failed');
		assert.equal(status('billing', 'bucket-policy').fix?.snippet, 'bucket-policy');
		assert.equal(report.overall, 'failed');
		assert.deepEqual(report.pitrOff, [tableArn(orders, 'orders-007')]);
		const skips = skipReasons(report, plan);
		assert.deepEqual([...skips.keys()], [tableArn(orders, 'orders-007')]);
		assert.match(skips.get(tableArn(orders, 'orders-007'))!, /^PITR: Point-in-time recovery is off for orders-007/);
		assert.equal(skipReasons(report, {...plan, force: true}).size, 0);
	});

	it('judges every table of a source with its own bucket-policy prefix', async () => {
		const saved = lakePolicy;
		// Only some prefixes granted: the other tables' writes are refused, and the check says which.
		lakePolicy = policy({Sid: 'SomeOrders', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${orders.account}:root`}, Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload'], Resource: `arn:aws:s3:::${BUCKET}/orders-00*`});
		try {
			const {report} = await check([orders]);
			const result = report.shared.get('orders')!.find((r) => r.id === 'bucket-policy')!;
			assert.equal(result.status, 'failed', result.summary);
			assert.match(result.cause ?? '', /lake-exports\/orders-010\//);
		} finally {
			lakePolicy = saved;
		}
	});

	it('offers one PITR fix for every table that has it off, with the exact calls, and re-checks only those', async () => {
		const {report, ctx, sessions} = await check([orders, billing]);
		const fix = pitrFixFor(report, ctx.plan, ctx.items)!;
		assert.deepEqual(fix.commands, ['aws dynamodb update-continuous-backups --table-name orders-007 --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true --profile orders --region us-east-1']);
		assert.match(fix.question, /orders-007/);
		const outcomes = await enablePitrForAll(fix, ctx);
		assert.deepEqual([...outcomes.values()], [{ok: true}]);
		const before = sessions.get('orders')!.calls.length;
		const again = await rerunBatchTables(ctx, report, report.pitrOff, () => {});
		assert.deepEqual(again.pitrOff, []);
		assert.equal(skipReasons(again, ctx.plan).size, 0);
		assert.deepEqual(sessions.get('orders')!.calls.slice(before).sort(), ['describeContinuousBackups', 'describeTable']);
		assert.equal(again.shared.get('billing')!.find((r) => r.id === 'bucket-policy')!.status, 'failed', 'the shared results are kept');
	});

	it("names 300 tables by a pattern in the caller's policy (IAM's 10,240 characters), one by one in the bucket policy (20 KB)", async () => {
		const {batchPolicySnippets, policySize, POLICY_SIZE_LIMITS} = await import('../source/core/batch/batch-policies.js');
		const {report, plan, items} = await check([{...orders, tables: names('orders', 300), pitrOff: []}, billing]);
		const snippets = batchPolicySnippets(report, plan, items);
		const caller = snippets.sources.get('orders')!.find((s) => s.id === 'caller-identity-policy')!;
		assert.ok(policySize(caller.document) <= POLICY_SIZE_LIMITS.role, `${policySize(caller.document)} characters`);
		assert.equal(caller.statements.find((s) => s.Sid === 'DdbExportStartExport')!.Resource, 'arn:aws:dynamodb:us-east-1:111111111111:table/orders-*');
		assert.equal(caller.statements.find((s) => s.Sid === 'DdbExportWriteObjects')!.Resource, 'arn:aws:s3:::lake-exports/orders-*/*');
		assert.match(caller.notes.join(' '), /every table whose name starts with "orders-" in account 111111111111, us-east-1 \(300 chosen\)/);
		// Ten tables fit: billing's are named.
		const billingCaller = snippets.sources.get('billing')!.find((s) => s.id === 'caller-identity-policy')!;
		assert.equal((billingCaller.statements[0]!.Resource as string[]).length, 10);
		const bucket = snippets.destination.find((s) => s.id === 'bucket-policy')!;
		assert.equal((bucket.statements.at(-1)!.Resource as string[]).length, 310);
		assert.ok(policySize(bucket.document) <= POLICY_SIZE_LIMITS.bucket);
	});

	it("grants both accounts' principals in one key-policy statement, and each source's caller its own tables", async () => {
		const {batchPolicySnippets} = await import('../source/core/batch/batch-policies.js');
		const {report, plan, items} = await check([orders, billing]);
		const keyArn = `arn:aws:kms:us-east-1:${LAKE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
		const kms = {...plan, destination: {...plan.destination, sse: 'KMS' as const, kmsKeyId: keyArn}};
		const kmsItems = items.map((item) => ({...item, plan: {...item.plan, sse: 'KMS' as const, kmsKeyId: keyArn}}));
		const snippets = batchPolicySnippets(report, kms, kmsItems);
		const key = snippets.destination.find((s) => s.id === 'key-policy-caller')!;
		assert.deepEqual(key.statements, [
			{
				Sid: 'DdbExportKeyUseByOrdersExporterAndBillingExporter',
				Effect: 'Allow',
				Principal: {AWS: ['arn:aws:iam::111111111111:role/OrdersExporter', 'arn:aws:iam::333333333333:role/BillingExporter']},
				Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
				Resource: '*',
			},
		]);
		assert.equal(key.appliesTo.resource, keyArn);
		const callerOf = (source: string) => snippets.sources.get(source)!.find((s) => s.id === 'caller-identity-policy')!;
		assert.deepEqual(callerOf('orders').statements.find((s) => s.Sid === 'DdbExportUseExportKey')!.Resource, keyArn);
		assert.equal((callerOf('billing').statements.find((s) => s.Sid === 'DdbExportStartExport')!.Resource as string[]).length, 10);
		assert.ok((callerOf('billing').statements.find((s) => s.Sid === 'DdbExportStartExport')!.Resource as string[]).every((arn) => arn.includes(':333333333333:table/billing-')));
	});

	it('names the tables the simulator refuses, among the many it was asked about in one call', async () => {
		const refusing = fakeSession(orders);
		const allowed = refusing.simulatePrincipalPolicy;
		refusing.simulatePrincipalPolicy = async (arn, actions, resources, options) =>
			(await allowed(arn, actions, resources, options)).map((r) => (/table\/orders-01\d$/.test(r.resource) ? {...r, decision: 'implicitDeny' as const, matchedStatementIds: []} : r));
		const {plan, items} = batchOf([orders]);
		const report = await runBatchChecks({plan, items, sessionFor: () => refusing, probe: false, now: () => NOW}, () => {});
		const permissions = report.shared.get('orders')!.find((r) => r.id === 'permissions')!;
		assert.equal(permissions.status, 'failed');
		assert.equal(permissions.summary, 'Not allowed: dynamodb:ExportTableToPointInTime.');
		assert.equal(permissions.fix?.snippet, 'caller-identity-policy');
		assert.ok(
			permissions.evidence?.includes(
				'dynamodb:ExportTableToPointInTime on 10 of 50 tables (arn:aws:dynamodb:us-east-1:111111111111:table/orders-010, arn:aws:dynamodb:us-east-1:111111111111:table/orders-011, arn:aws:dynamodb:us-east-1:111111111111:table/orders-012 and 7 more): implicitDeny',
			),
			JSON.stringify(permissions.evidence, null, 1),
		);
		assert.ok(permissions.evidence?.some((line) => line.startsWith('dynamodb:ExportTableToPointInTime on 40 of 50 tables (') && line.endsWith('): allowed (statements ddb-export)')));
		assert.equal(refusing.calls.filter((c) => c === 'simulatePrincipalPolicy').length, 3);
	});

	it('keys a source by its profile, with its Region when the batch has that profile in two', () => {
		const sources = [{profile: 'orders', region: 'us-east-1'}, {profile: 'orders', region: 'eu-west-1'}, {region: 'us-east-1'}];
		assert.deepEqual(sources.map((s) => sourceKey(s, sources)), ['orders (us-east-1)', 'orders (eu-west-1)', '(environment)']);
		assert.equal(sourceKey({profile: 'billing', region: 'us-east-1'}), 'billing');
	});

	it('refused credentials fail the batch once per source, and the tables say they could not be checked', async () => {
		const expired = new AwsCallError('sts', 'GetCallerIdentity', 'InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
		const refused = fakeSession(billing);
		const target = refused as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
		for (const method of ['identity', 'describeTable', 'describeContinuousBackups', 'bucketPolicy', 'probeWrite', 'simulatePrincipalPolicy', 'organizationPolicies', 'bucketRegion', 'headBucket']) {
			target[method] = async () => {
				refused.calls.push(method);
				throw new AwsCallError(expired.service, method, expired.code, expired.message, 403);
			};
		}
		const {plan, items} = batchOf([billing]);
		const report = await runBatchChecks({plan, items, sessionFor: () => refused, probe: true, now: () => NOW}, () => {});
		assert.equal(report.overall, 'failed');
		const results = report.shared.get('billing')!;
		assert.equal(results.find((r) => r.id === 'credentials')!.status, 'failed');
		assert.ok(results.filter((r) => r.id !== 'credentials').every((r) => r.status !== 'passed' && r.status !== 'failed'), JSON.stringify(results.map((r) => [r.id, r.status])));
		assert.equal(refused.calls.filter((c) => c === 'identity').length, 1);
		for (const tableResults of report.perTable.values()) {
			assert.ok(tableResults.every((r) => r.status === 'unknown' && r.blockedBy === 'credentials'), JSON.stringify(tableResults));
		}
		assert.equal(skipReasons(report, plan).size, 0, 'nothing is skipped: the whole batch stops');
	});

	it('stops with AbortError when the signal aborts', async () => {
		const {plan, items} = batchOf([orders]);
		const session = fakeSession(orders);
		const controller = new AbortController();
		const run = runBatchChecks({plan, items, sessionFor: () => session, probe: true, signal: controller.signal}, () => {});
		controller.abort();
		await assert.rejects(run, (error: Error) => error.name === 'AbortError');
	});
});

describe('the simulator asked about many resources at once', () => {
	it('reads each resource from ResourceSpecificResults, as IAM now answers (one result per action)', async () => {
		const {simulationResultsOf} = await import('../source/aws/iam-calls.js');
		const results = simulationResultsOf({
			EvalActionName: 'dynamodb:ExportTableToPointInTime',
			EvalDecision: 'implicitDeny',
			OrganizationsDecisionDetail: {AllowedByOrganizations: true},
			ResourceSpecificResults: [
				{EvalResourceName: tableArn(orders, 'orders-000'), EvalResourceDecision: 'allowed', MatchedStatements: [{SourcePolicyId: 'ddb-export'}]},
				{EvalResourceName: tableArn(orders, 'orders-001'), EvalResourceDecision: 'implicitDeny'},
			],
		});
		assert.deepEqual(
			results.map((r) => [r.resource, r.decision, r.matchedStatementIds, r.allowedByOrganizations]),
			[
				[tableArn(orders, 'orders-000'), 'allowed', ['ddb-export'], undefined],
				[tableArn(orders, 'orders-001'), 'implicitDeny', [], true],
			],
		);
		// One resource: the top level, as before.
		assert.equal(simulationResultsOf({EvalActionName: 'a', EvalResourceName: 'r', EvalDecision: 'allowed', ResourceSpecificResults: [{EvalResourceName: 'r', EvalResourceDecision: 'allowed'}]}).length, 1);
	});
});

describe('on the many-tables sandbox (real SDK clients over loopback HTTP)', () => {
	async function lake(options: {tableCount?: number} = {}) {
		const [{startSandbox}, {createAwsGateway}, {useSandboxProfiles}, {batchItems}] = await Promise.all([
			import('../source/sandbox/index.js'),
			import('../source/aws/gateway.js'),
			import('./helpers/sandbox-profiles.js'),
			import('../source/core/batch/batch-items.js'),
		]);
		const sandbox = await startSandbox({scenario: 'many-tables', tableCount: options.tableCount});
		const saved = {config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE};
		const dir = useSandboxProfiles(sandbox, 'ddb-export-batch-checks-');
		const gateway = createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1});
		const ordersProfile = sandbox.defaultProfile;
		const tablesOf = async (profile: string) => {
			const session = gateway.session({profile, region: 'us-east-1'});
			const identity = await session.identity();
			return (await session.listTables()).map((name) => `arn:aws:dynamodb:us-east-1:${identity.account}:table/${name}`);
		};
		const plan: BatchPlan = {
			sources: [
				{profile: ordersProfile, region: 'us-east-1', tableArns: await tablesOf(ordersProfile)},
				{profile: 'billing', region: 'us-east-1', tableArns: await tablesOf('billing')},
			],
			destination: {bucket: 'lake-exports', bucketOwner: LAKE, prefixTemplate: '{account}/{table}/{date}/', sse: 'AES256'},
			format: 'DYNAMODB_JSON',
			type: 'FULL_EXPORT',
			batchToken: 'nightly',
			date: '2026-12-06',
			force: false,
		};
		const items = batchItems(plan);
		/** Fresh sessions for every run: a session caches its reads, and a new run should see AWS as it is. */
		const checkBatch = async (changes: Partial<BatchPlan> = {}) => {
			const sessions = new Map<string, AwsSession>();
			const ctx: BatchCheckContext = {
				plan: {...plan, ...changes},
				items,
				sessionFor: (source) => sessions.get(source.profile!) ?? sessions.set(source.profile!, gateway.session({profile: source.profile, region: source.region})).get(source.profile!)!,
				probe: true,
			};
			sandbox.resetStats();
			const report = await runBatchChecks(ctx, () => {});
			return {ctx, report, stats: sandbox.stats};
		};
		const stop = async () => {
			await sandbox.stop();
			const {rmSync} = await import('node:fs');
			rmSync(dir, {recursive: true, force: true});
			for (const [name, value] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
				if (value === undefined) delete process.env[name];
				else process.env[name] = value;
			}
		};
		return {sandbox, gateway, plan, items, checkBatch, stop, ordersProfile};
	}

	const shared = (report: BatchCheckReport, key: string, id: string) => report.shared.get(key)!.find((r) => r.id === id)!;

	it("fails the billing account's bucket policy with one statement for both accounts, which passes once applied; orders-007 is skipped unless --force", async () => {
		const {sandbox, gateway, plan, items, checkBatch, stop, ordersProfile} = await lake();
		try {
			const {report, stats, ctx} = await checkBatch();
			assert.equal(report.perTable.size, 60);
			assert.equal(stats.byOperation['sts:GetCallerIdentity'], 2, 'one GetCallerIdentity per source');
			// Three per source (tables, their exports, their prefixes: every table in each call), and
			// one more for billing, whose refused test write is told apart from its own IAM side.
			assert.equal(stats.byOperation['iam:SimulatePrincipalPolicy'], 7, 'the simulator once per set of resources, per source');
			assert.equal(stats.byOperation['dynamodb:DescribeTable'], 60);
			assert.equal(stats.byOperation['dynamodb:DescribeContinuousBackups'], 60);
			const permissions = shared(report, ordersProfile, 'permissions');
			assert.equal(permissions.status, 'passed', `${permissions.summary} ${permissions.cause ?? ''}`);
			assert.ok(permissions.evidence?.some((line) => /on all 50 tables: allowed/.test(line)), JSON.stringify(permissions.evidence));

			// The lake's policy is not readable from the source accounts; orders' test write passes.
			assert.equal(shared(report, ordersProfile, 'bucket-policy').status, 'unknown', shared(report, ordersProfile, 'bucket-policy').summary);
			assert.equal(shared(report, ordersProfile, 'write-probe').status, 'passed');
			const refused = shared(report, 'billing', 'bucket-policy');
			assert.equal(refused.status, 'failed', refused.summary);
			assert.equal(refused.fix?.snippet, 'bucket-policy');
			assert.equal(report.overall, 'failed');

			const orders007 = items.find((i) => i.tableName === 'orders-007')!.plan.tableArn;
			assert.deepEqual(report.pitrOff, [orders007]);
			assert.match(skipReasons(report, plan).get(orders007) ?? '', /PITR: Point-in-time recovery is off for orders-007/);
			assert.equal(skipReasons(report, {...plan, force: true}).has(orders007), false);

			// The bucket statement names both accounts' exporting roles, in one statement.
			const {batchSnippetInputs} = await import('../source/core/batch/batch-policies.js');
			const {buildSnippets} = await import('../source/core/policy/snippets.js');
			const {applyTarget, rebuildOverCurrent, readTargetPolicy, writeTargetPolicy, snippetText} = await import('../source/core/policy/delivery.js');
			const inputs = batchSnippetInputs(report, plan, items);
			const bucket = buildSnippets(inputs.destination!).find((s) => s.id === 'bucket-policy')!;
			assert.equal(bucket.statements.length, 1);
			assert.deepEqual((bucket.statements[0]!.Principal as {AWS: string[]}).AWS, ['arn:aws:iam::111111111111:role/DataExporter', 'arn:aws:iam::333333333333:role/DataExporter']);
			assert.ok((bucket.statements[0]!.Resource as string[]).includes('arn:aws:s3:::lake-exports/333333333333/billing-009/*/*'));

			// The fix offered for the failed checks is that same statement, once, for both.
			const {batchFixOffers} = await import('../source/core/batch/batch-policies.js');
			const offers = batchFixOffers(report, plan, items);
			assert.deepEqual(offers.map((o) => [o.scope, o.snippet.id, o.fixes]), [['destination', 'bucket-policy', ['billing: Bucket policy', 'billing: Write probe']]]);
			assert.deepEqual(offers[0]!.snippet.statements, bucket.statements);

			// The lake's administrator applies it as the policies screen does: over the policy read just before.
			const admin = gateway.session({profile: 'lake-admin', region: 'us-east-1'});
			const target = applyTarget(bucket, items[0]!.plan)!;
			const current = await readTargetPolicy(admin, target, items[0]!.plan);
			const rebuilt = rebuildOverCurrent(inputs.destination!, inputs.destination!.only!, 'bucket-policy', current)!.snippet;
			await writeTargetPolicy(admin, target, items[0]!.plan, snippetText(rebuilt));

			// Only billing's shared checks again, on the sessions of the first run: no table is read again.
			ctx.sessionFor(plan.sources[1]!).forgetReads();
			sandbox.resetStats();
			const again = await rerunBatchShared(ctx, report, ['billing'], () => {});
			assert.equal(shared(again, 'billing', 'write-probe').status, 'passed', shared(again, 'billing', 'write-probe').summary);
			assert.notEqual(shared(again, 'billing', 'bucket-policy').status, 'failed');
			assert.deepEqual(again.shared.get(ordersProfile), report.shared.get(ordersProfile));
			assert.equal(sandbox.stats.byOperation['dynamodb:DescribeTable'] ?? 0, 0);
			assert.equal(sandbox.stats.byOperation['sts:GetCallerIdentity'] ?? 0, 0);
			assert.deepEqual(again.pitrOff, report.pitrOff);

			const after = await checkBatch();
			// Still not readable from billing, but no longer refused: its test write goes through.
			assert.equal(shared(after.report, 'billing', 'bucket-policy').status, 'unknown', shared(after.report, 'billing', 'bucket-policy').summary);
			assert.equal(shared(after.report, 'billing', 'write-probe').status, 'passed', shared(after.report, 'billing', 'write-probe').summary);
			assert.notEqual(after.report.overall, 'failed', JSON.stringify([...after.report.shared].map(([k, rs]) => [k, rs.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.status} ${r.summary}`)])));
			assert.deepEqual([...skipReasons(after.report, plan).keys()], [orders007]);
		} finally {
			await stop();
		}
	});

	it('snippets for two accounts match their goldens (UPDATE_GOLDENS=1 rewrites them) and pass the offline validator', async () => {
		const {checkBatch, stop, plan, items} = await lake({tableCount: 3});
		try {
			const {report} = await checkBatch();
			const {batchPolicySnippets} = await import('../source/core/batch/batch-policies.js');
			const {snippetFileText} = await import('../source/core/policy/delivery.js');
			const {validatePolicyOffline} = await import('../source/core/policy/validate-policy.js');
			const snippets = batchPolicySnippets(report, plan, items);
			const files = new Map<string, string>();
			const commands: string[] = [];
			const add = (scope: string, snippet: Snippet) => {
				const name = scope === 'destination' ? snippet.fileName : snippet.fileName.replace(/\.json$/, `-${scope}.json`);
				files.set(name, snippetFileText(snippet));
				commands.push(`# ${scope}: ${snippet.id} — ${snippet.title}\n# ${snippet.appliesTo.who}\n${snippet.notes.map((n) => `# note: ${n}\n`).join('')}${snippet.applyCommand.replace(snippet.fileName, name)}\n`);
				const kind = snippet.id === 'bucket-policy' ? 'bucket' : snippet.id.startsWith('key-policy') ? 'key' : 'identity';
				const errors = validatePolicyOffline(snippet.document, kind).filter((f) => f.severity === 'error');
				assert.deepEqual(errors, [], `${name}: ${JSON.stringify(errors)}`);
			};
			for (const snippet of snippets.destination) add('destination', snippet);
			for (const [key, list] of snippets.sources) for (const snippet of list) add(key, snippet);
			files.set('commands.txt', commands.join('\n'));
			assert.deepEqual([...files.keys()].sort(), ['bucket-policy.json', 'caller-policy-billing.json', 'caller-policy-default.json', 'checker-policy-billing.json', 'commands.txt']);

			const {existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} = await import('node:fs');
			const {join} = await import('node:path');
			const dir = join(import.meta.dirname, 'fixtures', 'batch-policy-goldens');
			if (process.env.UPDATE_GOLDENS === '1') {
				rmSync(dir, {recursive: true, force: true});
				mkdirSync(dir, {recursive: true});
				for (const [name, text] of files) writeFileSync(join(dir, name), text);
			}
			assert.ok(existsSync(dir), 'no goldens: run with UPDATE_GOLDENS=1 once');
			assert.deepEqual(readdirSync(dir).sort(), [...files.keys()].sort());
			for (const [name, text] of files) assert.equal(text, readFileSync(join(dir, name), 'utf8'), `${name} differs from its golden`);
		} finally {
			await stop();
		}
	});

	it('makes per-table calls in proportion to the tables, and shared calls independent of them', async () => {
		const counts = async (tableCount: number) => {
			const {checkBatch, stop} = await lake({tableCount});
			try {
				const {report, stats} = await checkBatch();
				const perTable = (stats.byOperation['dynamodb:DescribeTable'] ?? 0) + (stats.byOperation['dynamodb:DescribeContinuousBackups'] ?? 0);
				return {perTable, shared: stats.calls - perTable, reported: report};
			} finally {
				await stop();
			}
		};
		const small = await counts(10);
		const large = await counts(40);
		// orders-NNN plus the 10 billing tables, two calls each.
		assert.equal(small.perTable, 2 * (10 + 10));
		assert.equal(large.perTable, 2 * (40 + 10));
		assert.equal(large.shared, small.shared, 'shared calls do not grow with the tables');
		assert.equal(small.reported.tableCalls, small.perTable);
	});
});
