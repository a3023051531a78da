// The Ink wizard end to end: real SDK clients against the sandbox over loopback HTTP.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {KEYS, renderApp, type Driver} from './helpers/ink.js';
import {waitFor} from './helpers/wizard-driver.js';
import {App} from '../source/ui/app.js';
import {WizardController} from '../source/core/wizard/controller.js';
import {createAwsGateway} from '../source/aws/gateway.js';
import {startSandbox} from '../source/sandbox/index.js';
import {draftFromPlan} from '../source/core/wizard/draft-from-plan.js';
import type {Draft} from '../source/core/wizard/fields.js';
import {useSandboxProfiles} from './helpers/sandbox-profiles.js';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

before(() => {
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});

const dirs: string[] = [];
after(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

async function world(scenario: string, exportDurationMs: number): Promise<{sandbox: Sandbox; defaults: Partial<Draft>}> {
	const sandbox = await startSandbox({scenario, exportDurationMs});
	dirs.push(useSandboxProfiles(sandbox, 'ddb-export-test-'));
	delete process.env.AWS_PROFILE;
	delete process.env.AWS_REGION;
	delete process.env.AWS_ACCESS_KEY_ID;
	return {sandbox, defaults: draftFromPlan(sandbox.defaultPlan, sandbox.defaultProfile)};
}

interface Started {
	sandbox: Sandbox;
	controller: WizardController;
	app: Driver;
	exits: number[];
}

/** Runs `body` on the wizard against `scenario`, then unmounts it and stops the sandbox. */
async function withApp(scenario: string, body: (started: Started) => Promise<void>, exportDurationMs = 300): Promise<void> {
	const {sandbox, defaults} = await world(scenario, exportDurationMs);
	const exits: number[] = [];
	let tokens = 0;
	const controller = new WizardController({
		gateway: createAwsGateway({endpointUrl: sandbox.endpoint}),
		defaults,
		probe: true,
		settings: {pollScheduleMs: [100, 100, 200]},
		makeClientToken: () => `test-token-${++tokens}`,
		onExit: (code) => exits.push(code),
	});
	const app = await renderApp(<App controller={controller} />);
	try {
		await body({sandbox, controller, app, exits});
	} finally {
		app.unmount();
		controller.dispose();
		await sandbox.stop();
	}
}

/** Enter at the first two questions: the proposed profile, then the proposed Region. */
async function acceptProfileAndRegion(app: Driver): Promise<void> {
	await app.waitFor(/❯ default/);
	await app.press(KEYS.enter);
	await app.waitFor('Region of the table?');
	await app.press(KEYS.enter);
}

const exited = (exits: number[]) => waitFor(() => exits.length > 0, 5000, 'the wizard to exit');

async function enterUntil(app: Driver, text: string | RegExp, presses = 20): Promise<string> {
	for (let i = 0; i < presses; i++) {
		try {
			return await app.waitFor(text, 1500);
		} catch {
			await app.press(KEYS.enter);
		}
	}
	return app.waitFor(text, 5000);
}

test('healthy: Enter at every step reaches a completed export, started exactly once', () =>
	withApp('healthy', async ({sandbox, app, exits}) => {
		await acceptProfileAndRegion(app);
		await app.waitFor(/Profile .*DataExporter.*111111111111/);
		await app.waitFor(/❯ orders/);
		await app.press(KEYS.enter);
		await app.waitFor('Which account owns the destination bucket?');
		const review = await enterUntil(app, 'The same export with the AWS CLI');
		assert.match(review, /aws dynamodb export-table-to-point-in-time/);
		assert.match(review, /--s3-bucket orders-exports/);
		await app.press(KEYS.enter);
		const checks = await app.waitFor(/\d+ passed/, 20_000);
		assert.doesNotMatch(checks, /failed/);
		await app.waitFor('Start the export');
		await app.press(KEYS.enter);
		const done = await app.waitFor('Export completed', 20_000);
		assert.match(done, /Export ARN/);
		assert.match(done, /s3:\/\/orders-exports\/exports\/orders\/AWSDynamoDB\//);
		// What to do with it: one line, the whole command when it fits.
		assert.match(done, /\nNext: ddb-export next (arn:aws:dynamodb:\S+ --profile default|ARN \(import-table, Athena\))\n/);
		assert.equal(sandbox.stats.exportsStarted, 1);
		await app.press(KEYS.enter);
		await exited(exits);
		assert.deepEqual(exits, [0]);
	}));

test('going back with Esc keeps the answers; a bad bucket name is named and nothing is lost', () =>
	withApp('healthy', async ({controller, app}) => {
		await acceptProfileAndRegion(app);
		await app.waitFor(/❯ orders/);
		await app.press(KEYS.enter);
		await app.waitFor('Which account owns the destination bucket?');
		await app.press(KEYS.down);
		await app.press(KEYS.enter);
		await app.waitFor('A bucket name');
		for (let i = 0; i < 'orders-exports'.length; i++) await app.press(KEYS.backspace);
		await app.type('Not_A_Bucket');
		await app.press(KEYS.enter);
		const error = await app.waitFor(/bucket name/i);
		assert.match(error, /Not_A_Bucket/);
		await app.press(KEYS.escape);
		await app.waitFor('Which account owns the destination bucket?');
		await app.press(KEYS.escape);
		await app.waitFor('Which table do you want to export?');
		// The state kept everything typed so far.
		assert.equal(controller.getState().draft.bucket, 'Not_A_Bucket');
		assert.equal(controller.getState().draft.table, 'orders');
	}));

test('Ctrl-C while watching detaches, tells how to watch again, and a second Ctrl-C quits', () =>
	withApp(
		'healthy',
		async ({sandbox, app, exits}) => {
			await app.waitFor(/❯ default/);
			await enterUntil(app, 'The same export with the AWS CLI');
			await app.press(KEYS.enter);
			await app.waitFor('Start the export', 20_000);
			// A long export so that we are still watching when Ctrl-C comes.
			await app.press(KEYS.enter);
			await app.waitFor('IN_PROGRESS');
			await app.press(KEYS.ctrlC);
			const detached = await app.waitFor('keeps running on AWS');
			assert.match(detached.replace(/\s+/g, ' '), /Watch it again: ddb-export watch arn:aws:dynamodb:us-east-1:111111111111:table\/orders\/export\//);
			await app.press(KEYS.ctrlC);
			await exited(exits);
			assert.deepEqual(exits, [130]);
			assert.equal(sandbox.stats.exportsStarted, 1);
		},
		60_000,
	));

test('an assume-role profile with MFA asks for the code inside the wizard, and a bad code is named', () =>
	withApp('mfa-role', async ({app}) => {
		await acceptProfileAndRegion(app);
		await app.waitFor('MFA code for arn:aws:iam::111111111111:mfa/alice?');
		await app.type('12345');
		await app.press(KEYS.enter);
		await app.waitFor('MFA code: enter the 6 digits');
		// A wrong code (the sandbox's device accepts 123456 only) is said to be refused.
		await app.press('654321\r');
		await app.waitFor('That code was not accepted (wrong or expired); enter the next one.');
		// A pasted code arrives with its line break in one chunk: that is Enter too.
		await app.press('123456\r');
		const tables = await app.waitFor(/❯ orders/);
		assert.match(tables, /DataExporter/);
		assert.doesNotMatch(tables, /123456/);
		assert.doesNotMatch(tables, /MFA code|not accepted|run again/i, 'nothing stale after the right code');
	}));

test('an expired SSO session says so with the aws sso login command, and another profile can be chosen', () =>
	withApp('sso-expired', async ({controller, app}) => {
		await acceptProfileAndRegion(app);
		const expired = await app.waitFor('aws sso login --profile default');
		assert.match(expired, /SSO session has expired/);
		await app.press(KEYS.escape);
		await app.waitFor('Region of the table?');
		await app.press(KEYS.escape);
		await app.waitFor('Which AWS profile?');
		assert.equal(controller.getState().draft.table, 'orders', 'answers survive going back');
	}));

test('the full explanations (d) say their own keys, and the footer does not contradict them', () =>
	withApp('missing-permission', async ({controller, app}) => {
		await enterUntil(app, 'Run the checks again');
		assert.match(await app.waitFor('Esc back to the review'), /Not allowed/);
		await app.press('d');
		const full = await app.waitFor('d or Esc back to the list');
		assert.doesNotMatch(full, /back to the review/, 'one line of keys, and it is the right one');
		// Scrolling stops at the last page: one ↑ after pressing ↓ far too often moves at once.
		for (let i = 0; i < 60; i++) await app.press(KEYS.down);
		const bottom = await app.waitFor((f) => /▲ \d+ more line/.test(f) && !/▼ \d+ more line/.test(f));
		const above = Number(/▲ (\d+) more line/.exec(bottom)![1]);
		await app.press(KEYS.up);
		await app.waitFor(`▲ ${above - 1} more line`);
		await app.waitFor('▼ 1 more line');
		await app.press(KEYS.escape);
		const list = await app.waitFor('Esc back to the review');
		assert.doesNotMatch(list, /back to the list/);
		assert.equal(controller.getState().phase.kind, 'checks', 'Esc closed the explanations only');
	}));
