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
