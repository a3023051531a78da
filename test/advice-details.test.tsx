// The smaller pieces of advice that were wrong (issue 13, item 8): a KMS plan without a
// key, a retry notice that outlived its call, a Table step with no way to type a name, a
// 403 whose XML body named the reason, and the Bucket check blaming itself.

import {after, test} from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {rmSync} from 'node:fs';
import {KEYS, renderApp} from './helpers/ink.js';
import {createAwsGateway} from '../source/aws/gateway.js';
import {runChecks} from '../source/core/checks/run-checks.js';
import {describeAwsError} from '../source/core/errors.js';
import {AwsCallError} from '../source/core/ports.js';
import type {ExportPlan} from '../source/core/plan.js';
import {WizardController} from '../source/core/wizard/controller.js';
import {draftFromPlan} from '../source/core/wizard/draft-from-plan.js';
import {initialState, transition} from '../source/core/wizard/reducer.js';
import {bucketOptions, keyOptions, TYPE_IT} from '../source/core/wizard/field-options.js';
import type {Effect, WizardEvent, WizardState} from '../source/core/wizard/state.js';
import {planLine, planRows} from '../source/core/wizard/summary.js';
import {startSandbox} from '../source/sandbox/index.js';
import {App} from '../source/ui/app.js';
import {useSandboxProfiles} from './helpers/sandbox-profiles.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const dirs: string[] = [];
after(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const plan: ExportPlan = {
	region: 'us-east-1',
	tableArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
	bucket: 'orders-exports',
	prefix: 'exports/',
	sse: 'KMS',
	format: 'DYNAMODB_JSON',
	type: 'FULL_EXPORT',
};

test('SSE-KMS without a key names the AWS managed key aws/s3, never "undefined"', () => {
	assert.equal(planLine(plan), 'orders → s3://orders-exports/exports/ · KMS aws/s3');
	assert.deepEqual(
		planRows(plan).find(([label]) => label === 'Encryption'),
		['Encryption', 'KMS, the AWS managed key aws/s3 (no key named)'],
	);
	assert.deepEqual(planRows({...plan, kmsKeyId: 'alias/exports'}).find(([label]) => label === 'Encryption'), ['Encryption', 'KMS key alias/exports']);
});

test('a retry notice goes when the call it was about ends, not when another call does', () => {
	let state = initialState().state;
	state = transition(state, {type: 'retrying', message: 'Retrying access-analyzer ValidatePolicy (attempt 5)', call: 'access-analyzer ValidatePolicy'}).state;
	assert.equal(state.retrying, 'Retrying access-analyzer ValidatePolicy (attempt 5)');
	state = transition(state, {type: 'retry-ended', call: 'kms DescribeKey'}).state;
	assert.equal(state.retrying, 'Retrying access-analyzer ValidatePolicy (attempt 5)');
	state = transition(state, {type: 'retry-ended', call: 'access-analyzer ValidatePolicy'}).state;
	assert.equal(state.retrying, undefined);
});

test('the controller takes the notice down when the gateway reports the call ended', async () => {
	const gateway = {listProfiles: async () => [], defaultRegion: async () => undefined, session: () => undefined as never};
	const controller = new WizardController({gateway, makeClientToken: () => 't'});
	try {
		controller.notifyRetry('Retrying access-analyzer ValidatePolicy (attempt 2): ThrottlingException', 'access-analyzer ValidatePolicy');
		assert.match(controller.getState().retrying ?? '', /ValidatePolicy/);
		controller.notifyCallEnded('access-analyzer ValidatePolicy');
		assert.equal(controller.getState().retrying, undefined);
	} finally {
		controller.dispose();
	}
});

/** A server that answers every request with `status` and `body` (as a proxy or an emulator might). */
async function answering(status: number, body: string): Promise<{endpoint: string; close: () => void}> {
	const server = http.createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			response.writeHead(status, {'content-type': 'text/xml'});
			response.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	return {endpoint: `http://127.0.0.1:${port}`, close: () => server.close()};
}

test('a 403 whose XML body says "User: … is not authorized to perform: …" is read, not called a refusal without reason', async () => {
	const reason =
		'User: arn:aws:sts::111111111111:assumed-role/DataExporter/alice is not authorized to perform: dynamodb:DescribeTable on resource: arn:aws:dynamodb:us-east-1:111111111111:table/orders because no identity-based policy allows the dynamodb:DescribeTable action';
	const server = await answering(403, `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${reason}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`);
	const saved = {...process.env};
	Object.assign(process.env, {AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null'});
	try {
		const session = createAwsGateway({endpointUrl: server.endpoint, maxAttempts: 1}).session({region: 'us-east-1'});
		const error = await session.describeTable('orders').then(
			() => assert.fail('expected a refusal'),
			(e: unknown) => e,
		);
		assert.ok(error instanceof AwsCallError);
		assert.equal(error.code, 'AccessDenied');
		assert.equal(error.message, reason);
		const described = describeAwsError(error);
		assert.equal(described.cause, 'The role DataExporter (session alice) may not call dynamodb:DescribeTable on table orders: no identity-based policy allows it.');
		assert.doesNotMatch(`${described.cause} ${described.fix}`, /gave no reason/);
		assert.match(described.fix ?? '', /^Add dynamodb:DescribeTable on arn:aws:dynamodb:us-east-1:111111111111:table\/orders to an IAM policy of role DataExporter/);
	} finally {
		server.close();
		for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) {
			if (saved[key] === undefined) delete process.env[key];
			else process.env[key] = saved[key];
		}
	}
});

test('a missing bucket: the Bucket check gives what S3 said, never that it could not run because of itself', async () => {
	const sandbox = await startSandbox({scenario: 'bucket-missing'});
	dirs.push(useSandboxProfiles(sandbox, 'ddb-export-details-'));
	try {
		const session = createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1}).session({profile: 'default', region: 'us-east-1'});
		const report = await runChecks({plan: {...sandbox.defaultPlan, format: 'DYNAMODB_JSON', type: 'FULL_EXPORT', prefix: 'exports/'} as ExportPlan, session, probe: true}, () => {});
		const bucket = report.results.find((r) => r.id === 'bucket')!;
		assert.equal(bucket.status, 'failed');
		assert.deepEqual(bucket.evidence, ['GetBucketLocation: NoSuchBucket: The specified bucket does not exist']);
		for (const result of report.results) {
			for (const line of [result.summary, result.cause ?? '', ...(result.evidence ?? [])]) {
				assert.doesNotMatch(line, new RegExp(`because the "${result.title}" check`), `${result.id} blames itself: ${line}`);
			}
		}
	} finally {
		await sandbox.stop();
	}
});

test('the Table step: with ListTables refused, t types the table name and the wizard goes on', async () => {
	const sandbox = await startSandbox({scenario: 'healthy'});
	dirs.push(useSandboxProfiles(sandbox, 'ddb-export-details-'));
	delete process.env.AWS_PROFILE;
	delete process.env.AWS_REGION;
	const gateway = createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1});
	await gateway
		.session({profile: 'admin', region: 'us-east-1'})
		.putInlinePolicy({type: 'role', name: 'DataExporter'}, 'NoListing', JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Deny', Action: 'dynamodb:ListTables', Resource: '*'}]}));
	const defaults = draftFromPlan(sandbox.defaultPlan, sandbox.defaultProfile);
	delete defaults.table;
	const controller = new WizardController({gateway, defaults, makeClientToken: () => 't'});
	const app = await renderApp(<App controller={controller} />);
	try {
		await app.waitFor(/❯ default/);
		await app.press(KEYS.enter);
		await app.waitFor('Region of the table?');
		await app.press(KEYS.enter);
		const refused = await app.waitFor('You can still type the table name: press t.');
		assert.match(refused, /Access denied: dynamodb:ListTables/);
		await app.press('t');
		await app.waitFor('A table name in us-east-1');
		await app.type('orders');
		await app.press(KEYS.enter);
		await app.waitFor('Which account owns the destination bucket?');
		assert.equal(controller.getState().draft.table, 'orders');
	} finally {
		app.unmount();
		controller.dispose();
		await sandbox.stop();
	}
});

// ---------------------------------------------------------------- said at entry

const PROFILES = [{name: 'default', kind: 'static' as const, region: 'us-east-1'}];
const IDENTITY = {account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice', userId: 'AROA:alice'};
const tableOf = (name: string, pitr = true) => ({
	name,
	details: {name, arn: `arn:aws:dynamodb:us-east-1:111111111111:table/${name}`, status: 'ACTIVE', encryption: {type: 'DEFAULT' as const}},
	pitr: {enabled: pitr},
});

function play(state: WizardState, ...events: WizardEvent[]): {state: WizardState; effects: Effect[]} {
	let effects: Effect[] = [];
	for (const event of events) {
		const t = transition(state, event, new Date('2026-11-28T12:00:00Z'));
		state = t.state;
		effects = t.effects;
	}
	return {state, effects};
}

const answer = (value: string): WizardEvent => ({type: 'answer', value});
const fieldOf = (state: WizardState) => (state.phase.kind === 'asking' ? state.phase.field : state.phase.kind);

function atTableStep(): WizardState {
	return play(
		initialState().state,
		{type: 'loaded', key: 'profiles', value: PROFILES},
		answer('default'),
		answer('us-east-1'),
		{type: 'loaded', key: 'identity', value: IDENTITY},
		{type: 'loaded', key: 'tables', value: ['audit-log', 'orders', 'payments']},
	).state;
}

test('a table that does not exist is said at the Table step, naming the name, the Region and the account', () => {
	let {state, effects} = play(atTableStep(), answer('order'));
	assert.equal(fieldOf(state), 'table');
	assert.deepEqual(effects, [{type: 'load-table', name: 'order'}]);
	({state} = play(state, {type: 'load-failed', key: 'table', problem: {title: 'Table not found: order', code: 'ResourceNotFoundException'}}));
	assert.equal(fieldOf(state), 'table');
	assert.equal(state.fieldError, 'Table: there is no table named order in us-east-1 of account 111111111111. Check the name, or go back (Esc) to change the Region or the profile.');
	({state} = play(state, answer('orders'), {type: 'loaded', key: 'table', value: tableOf('orders')}));
	assert.equal(fieldOf(state), 'destination');
	assert.equal(state.fieldError, undefined);
});

test('PITR off is said at the Table step; the same answer again goes on', () => {
	let {state} = play(atTableStep(), answer('audit-log'), {type: 'loaded', key: 'table', value: tableOf('audit-log', false)});
	assert.equal(fieldOf(state), 'table');
	assert.match(state.fieldWarning?.text ?? '', /^Point-in-time recovery is off for audit-log, and an export needs it\. The checks will offer to turn it on/);
	({state} = play(state, answer('audit-log')));
	assert.equal(fieldOf(state), 'destination');
	assert.equal(state.fieldWarning, undefined);
});

function atBucketStep(): WizardState {
	return play(atTableStep(), answer('orders'), {type: 'loaded', key: 'table', value: tableOf('orders')}, answer('this-account'), {
		type: 'loaded',
		key: 'buckets',
		value: [
			{name: 'logs-eu', region: 'eu-west-1'},
			{name: 'orders-exports', region: 'us-east-1'},
		],
	}).state;
}

test('a bucket in another Region than the table is said before it is taken (cost and data residency)', () => {
	let {state} = play(atBucketStep(), answer('logs-eu'));
	assert.equal(fieldOf(state), 'bucket');
	assert.equal(
		state.fieldWarning?.text,
		'Bucket logs-eu is in eu-west-1, the table in us-east-1: the export crosses Regions (the transfer is billed, and the data leaves us-east-1). Enter again to use it, or choose another bucket.',
	);
	({state} = play(state, answer('orders-exports')));
	assert.equal(fieldOf(state), 'prefix', 'a bucket in the table’s Region is taken at once');
	({state} = play(atBucketStep(), answer('logs-eu'), answer('logs-eu')));
	assert.equal(fieldOf(state), 'prefix');
	assert.equal(state.draft.bucket, 'logs-eu');
});

test('spaces at the ends of the prefix are said at the Prefix step; kept if answered again', () => {
	let {state} = play(atBucketStep(), answer('orders-exports'), answer(' exports/orders/ '));
	assert.equal(fieldOf(state), 'prefix');
	assert.equal(state.fieldWarning?.text, 'The prefix starts and ends with a space, which becomes part of every object key (" exports/orders/ "). Enter again to keep it, or remove the space.');
	({state} = play(state, answer(' exports/orders/ ')));
	assert.equal(fieldOf(state), 'sse');
	assert.equal(state.draft.prefix, ' exports/orders/ ');
});

function atKeyStep(): WizardState {
	return play(atBucketStep(), answer('orders-exports'), answer('exports/'), answer('KMS'), {
		type: 'loaded',
		key: 'keys',
		value: {
			region: 'us-east-1',
			keys: [
				{keyId: 'k1', arn: 'arn:aws:kms:us-east-1:111111111111:key/k1', aliases: ['alias/payments-table'], manager: 'CUSTOMER'},
				{keyId: 'k2', arn: 'arn:aws:kms:us-east-1:111111111111:key/k2', aliases: ['alias/exports'], manager: 'CUSTOMER'},
				{keyId: 'k3', arn: 'arn:aws:kms:us-east-1:111111111111:key/k3', aliases: ['alias/aws/s3'], manager: 'AWS'},
			],
		},
	}).state;
}

test('the Key step: Enter alone proposes no key named for another table, and choosing one is said', () => {
	const state = atKeyStep();
	assert.equal(fieldOf(state), 'kmsKey');
	assert.equal(keyOptions(state).defaultValue, 'alias/exports');
	const warned = play(state, answer('alias/payments-table')).state;
	assert.equal(fieldOf(warned), 'kmsKey');
	assert.equal(warned.fieldWarning?.text, 'alias/payments-table looks like the key of table payments (its alias names it), not of orders. Enter again to use it, or choose another key.');
	// A key named for the table itself comes first.
	const own = {...state, loaded: {...state.loaded, keys: {status: 'ready' as const, value: {region: 'us-east-1', keys: [...(state.loaded.keys.status === 'ready' ? state.loaded.keys.value.keys : []), {keyId: 'k4', arn: 'arn:aws:kms:us-east-1:111111111111:key/k4', aliases: ['alias/orders-exports'], manager: 'CUSTOMER' as const}]}}}};
	assert.equal(keyOptions(own).defaultValue, 'alias/orders-exports');
	// Only other tables' keys: Enter alone types one instead of taking theirs.
	const onlyOthers = {...state, loaded: {...state.loaded, keys: {status: 'ready' as const, value: {region: 'us-east-1', keys: [{keyId: 'k1', arn: 'arn:aws:kms:us-east-1:111111111111:key/k1', aliases: ['alias/payments-table'], manager: 'CUSTOMER' as const}]}}}};
	assert.equal(keyOptions(onlyOthers).defaultValue, TYPE_IT);
});

test('a key ARN in another Region than the bucket is refused at the Key step, naming both Regions', () => {
	const {state} = play(atKeyStep(), answer('arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'));
	assert.equal(fieldOf(state), 'kmsKey');
	assert.equal(
		state.fieldError,
		"This key is in eu-west-1, but the bucket orders-exports is in us-east-1: a KMS key for the export must be in the bucket's Region. Choose a key in us-east-1.",
	);
});

test('a key the plan names that is not listed stays proposed first (Enter does not fall to another table’s key), and is judged', () => {
	const eu = 'arn:aws:kms:eu-west-1:111111111111:key/454aa78d-be78-4e34-a2e5-6a767cb86339';
	const state = {...atKeyStep(), draft: {...atKeyStep().draft, kmsKey: eu}};
	const {options, defaultValue} = keyOptions(state);
	assert.equal(defaultValue, eu);
	assert.deepEqual(options[0], {value: eu, label: 'key 454aa78d-be78-4e34-a2e5-6a767cb86339 (eu-west-1)', hint: 'from the plan; not listed here'});
	assert.match(play(state, answer(eu)).state.fieldError ?? '', /^This key is in eu-west-1, but the bucket orders-exports is in us-east-1/);
});

test('a bucket the plan names that is not among yours stays proposed first, so Enter does not take another Region’s bucket', () => {
	const state = {...atBucketStep(), draft: {...atBucketStep().draft, bucket: 'orders-exports-archive'}};
	const options = bucketOptions(state);
	assert.deepEqual(options[0], {value: 'orders-exports-archive', label: 'orders-exports-archive', hint: 'from the plan; not among your buckets'});
	assert.deepEqual(options.map((o) => o.value).slice(1, 3), ['logs-eu', 'orders-exports']);
});
