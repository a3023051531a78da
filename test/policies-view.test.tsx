import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {KEYS, renderApp, type Driver} from './helpers/ink.js';
import {PoliciesView, type PolicyController} from '../source/ui/policies-view.js';
import {initialLoaded, type WizardEvent, type WizardState} from '../source/core/wizard/state.js';
import type {CheckReport} from '../source/core/checks/run-checks.js';
import type {CheckResult} from '../source/core/checks/types.js';
import type {Snippet} from '../source/core/policy/generate.js';
import {EXISTING_BUCKET_POLICY as BUCKET_POLICY, KEY_ARN, PLAN} from './helpers/policy-fixtures.js';

/** The terminal the screen is drawn in: every line must fit its 80 columns. */
const TERMINAL = {columns: 80, rows: 30};

function failed(id: CheckResult['id'], snippet: NonNullable<CheckResult['fix']>['snippet']): CheckResult {
	return {id, title: id, status: 'failed', summary: 'missing', fix: {text: 'apply the policy', snippet}};
}

function makeState(): WizardState {
	const results: CheckResult[] = [
		{id: 'credentials', title: 'Credentials', status: 'passed', summary: 'ok'},
		failed('bucket-policy', 'bucket-policy'),
		failed('key-policy', 'key-policy-caller'),
	];
	const report: CheckReport = {
		results,
		overall: 'failed',
		identity: {account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice', userId: 'AROA:alice'},
		callerPolicyArn: 'arn:aws:iam::111111111111:role/DataExporter',
		bucketPolicy: BUCKET_POLICY,
		keyPolicy: null,
		key: {keyId: '1234abcd', arn: KEY_ARN, region: 'eu-west-1', account: '111111111111', state: 'Enabled', enabled: true, manager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT'},
	};
	return {
		phase: {kind: 'policies', plan: PLAN},
		draft: {profile: 'default', region: 'eu-west-1'},
		given: {},
		probe: true,
		loaded: {
			...initialLoaded(),
			profiles: {
				status: 'ready',
				value: [
					{name: 'default', kind: 'sso', ssoAccountId: '111111111111', region: 'eu-west-1'},
					{name: 'landing-admin', kind: 'sso', ssoAccountId: '222222222222', region: 'eu-west-1'},
				],
			},
		},
		checks: {status: 'done', results, overall: 'failed', report},
	};
}

interface Calls {
	read: Array<{id: string; profile?: string}>;
	apply: Array<{snippet: Snippet; profile?: string}>;
	events: WizardEvent[];
}

/** `current`: the policy in place at the snippets' targets; `inline`: the caller's inline policy. */
function fakeController(calls: Calls, current: string | null, inline: string | null = null): PolicyController {
	return {
		// Read with the checks' session, as when the screen opens.
		readCallerInlinePolicy: async () => {
			calls.read.push({id: 'caller-identity-policy', profile: undefined});
			return inline;
		},
		readCurrentPolicy: async (snippet, profile) => {
			calls.read.push({id: snippet.id, profile});
			return {ok: true, text: current};
		},
		applySnippet: async (snippet, profile) => {
			calls.apply.push({snippet, profile});
			return {ok: true};
		},
		dispatch: (event) => {
			calls.events.push(event);
		},
	};
}

test('the list offers what the checks found missing, says where each goes, and shows all on a', async () => {
	let done = 0;
	const calls: Calls = {read: [], apply: [], events: []};
	const app = await renderApp(<PoliciesView state={makeState()} controller={fakeController(calls, null)} onDone={() => done++} />, TERMINAL);
	try {
		const frame = await app.waitFor('Bucket policy of analytics-landing');
		assert.match(frame, /an administrator of account 222222222222 \(bucket owner\) applies it/);
		assert.match(frame, /Bucket policy for analytics-landing\s+merged, existing statements kept/);
		// Whole, wrapped at words: the key id is never cut.
		assert.match(frame.replace(/\n\s*/g, ' '), /Key policy of key 1234abcd-12ab-34cd-56ef-1234567890ab \(account 111111111111, eu-west-1\)/);
		assert.match(frame, /Key policy: let the exporting identity use the key\s+new policy/);
		assert.doesNotMatch(frame, /Inline policy "ddb-export"/, 'the caller policy fixes no failed check');
		assert.match(frame, /a shows 2 more/);

		await app.press('a');
		const all = await app.waitFor('Inline policy "ddb-export" of role DataExporter (account 111111111111)');
		assert.match(all, /let readers in account 222222222222 decrypt/);
		for (const line of all.split('\n')) assert.ok(line.length <= 80, `wider than 80 columns: ${line}`);

		await app.press('a');
		await app.waitFor((f) => !f.includes('Inline policy "ddb-export"'));
		await app.press(KEYS.escape);
		assert.equal(done, 1);
	} finally {
		app.unmount();
	}
});

test('opening a snippet shows its document, scrolls in a window, and Esc goes back to the list', async () => {
	const calls: Calls = {read: [], apply: [], events: []};
	const app = await renderApp(<PoliciesView state={makeState()} controller={fakeController(calls, null)} onDone={() => {}} />, TERMINAL);
	try {
		await app.waitFor('Bucket policy of analytics-landing');
		await app.press(KEYS.enter);
		let frame = await app.waitFor('"Version": "2012-10-17"');
		assert.match(frame, /Goes to Bucket policy of analytics-landing/);
		// Continued with " \" so that a paste runs the whole command.
		assert.match(frame.replace(/ \\\n\s*/g, ' '), /aws s3api put-bucket-policy --bucket analytics-landing --policy file:\/\/bucket-policy\.json/);
		assert.match(frame, /▼ \d+ more lines/);
		assert.match(frame, /offline check/);
		for (const line of frame.split('\n')) assert.ok(line.length <= 80, `wider than 80 columns: ${line}`);

		await app.press(KEYS.down);
		frame = await app.waitFor('▲ 1 more line');
		assert.doesNotMatch(frame, /^\{$/m, 'the opening brace scrolled out of the window');
		await app.press('\u001B[6~');
		frame = await app.waitFor(/▲ \d\d? more lines/);
		assert.doesNotMatch(frame, /"Version"/);

		// The diff against the bucket policy in place: its statement stays, ours is added.
		await app.press('\t');
		frame = await app.waitFor(/^\+.*DdbExportWriteFromDataExporter/m);
		assert.doesNotMatch(frame, /^-/m);

		await app.press(KEYS.escape);
		await app.waitFor('↑↓ choose · Enter show');
	} finally {
		app.unmount();
	}
});

test('f switches the shown document to Terraform, CloudFormation, CDK and back to JSON; copy and save use the format shown', async () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'ddb-export-policies-'));
	const calls: Calls = {read: [], apply: [], events: []};
	const copied: string[] = [];
	const copy = async (text: string) => {
		copied.push(text);
		return {result: 'sent' as const, message: 'Sent to the terminal clipboard (OSC 52).'};
	};
	const app = await renderApp(<PoliciesView state={makeState()} controller={fakeController(calls, null)} onDone={() => {}} cwd={dir} copy={copy} />, TERMINAL);
	try {
		await app.waitFor('Bucket policy of analytics-landing');
		await app.press(KEYS.enter);
		await app.waitFor('f format: JSON');
		await app.press('f');
		await app.waitFor('f format: Terraform');
		await app.press('c');
		await app.waitFor('Sent to the terminal clipboard (OSC 52).');
		assert.match(copied[0]!, /^# Bucket policy for analytics-landing \(Terraform/);
		assert.match(copied[0]!, /resource "aws_s3_bucket_policy" "analytics_landing_orders_export"/);
		await app.press('s');
		await app.waitFor('Save bucket-policy.tf to which folder?');
		await app.press(KEYS.enter);
		const file = path.join(dir, 'ddb-export-policies', 'bucket-policy.tf');
		await app.waitFor(`Saved ${file}`);
		assert.equal(readFileSync(file, 'utf8'), copied[0]);

		await app.press('f');
		await app.waitFor('f format: CloudFormation');
		await app.waitFor('AWS::S3::BucketPolicy');
		await app.press('f');
		await app.waitFor('f format: CDK');
		await app.waitFor('bucket.addToResourcePolicy');
		await app.press('f');
		await app.waitFor('f format: JSON');
		await app.press('c');
		await app.waitFor('Sent to the terminal clipboard (OSC 52).');
		assert.equal(copied.length, 2);
		assert.deepEqual(JSON.parse(copied[1]!).Statement.map((s: {Sid: string}) => s.Sid), ['DenyInsecure', 'DdbExportWriteFromDataExporter']);
	} finally {
		app.unmount();
		rmSync(dir, {recursive: true, force: true});
	}
});

test('Save writes the file into the folder and never overwrites without y', async () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'ddb-export-policies-'));
	const calls: Calls = {read: [], apply: [], events: []};
	const app = await renderApp(<PoliciesView state={makeState()} controller={fakeController(calls, null)} onDone={() => {}} cwd={dir} />, TERMINAL);
	const file = path.join(dir, 'ddb-export-policies', 'bucket-policy.json');
	try {
		await app.waitFor('Bucket policy of analytics-landing');
		await app.press(KEYS.enter);
		await app.waitFor('"Version"');
		await app.press('s');
		await app.waitFor('Save bucket-policy.json to which folder?');
		await app.press(KEYS.enter);
		await app.waitFor(`Saved ${file}`);
		const saved = JSON.parse(readFileSync(file, 'utf8'));
		assert.deepEqual(
			saved.Statement.map((s: {Sid: string}) => s.Sid),
			['DenyInsecure', 'DdbExportWriteFromDataExporter'],
		);

		writeFileSync(file, 'edited by hand');
		await app.press('s');
		await app.waitFor('to which folder?');
		await app.press(KEYS.enter);
		await app.waitFor('overwrite? (y/N)');
		await app.press(KEYS.enter);
		await app.waitFor('Not saved');
		assert.equal(readFileSync(file, 'utf8'), 'edited by hand');

		await app.press('s');
		await app.waitFor('to which folder?');
		await app.press(KEYS.enter);
		await app.waitFor('overwrite? (y/N)');
		await app.press('y');
		await app.waitFor(`Saved ${file}`);
		assert.match(readFileSync(file, 'utf8'), /DdbExportWriteFromDataExporter/);

		// From the list, every file shown; No keeps the one that exists and writes the others.
		writeFileSync(file, 'edited again');
		await app.press(KEYS.escape);
		await app.waitFor('↑↓ choose · Enter show');
		await app.press('s');
		await app.waitFor('Save 2 files to which folder?');
		await app.press(KEYS.enter);
		await app.waitFor('overwrite? (y/N)');
		await app.press('n');
		await app.waitFor(/Kept\s+the\s+existing\s+bucket-policy\.json/);
		assert.equal(readFileSync(file, 'utf8'), 'edited again');
		assert.match(readFileSync(path.join(dir, 'ddb-export-policies', 'key-policy.json'), 'utf8'), /DdbExportKeyUseByDataExporter/);
	} finally {
		app.unmount();
		rmSync(dir, {recursive: true, force: true});
	}
});

test('the apply picker starts on the profile of the target account once it is known (analytics-admin, asked as the verify picker asks)', async () => {
	const calls: Calls = {read: [], apply: [], events: []};
	const state = makeState();
	// Profiles whose configuration does not say their account: only GetCallerIdentity tells.
	state.loaded.profiles = {status: 'ready', value: [{name: 'default', kind: 'static'}, {name: 'ops', kind: 'static'}, {name: 'analytics-admin', kind: 'static'}]};
	const asked: string[] = [];
	const accounts: Record<string, string> = {ops: '333333333333', 'analytics-admin': '222222222222'};
	const controller: PolicyController = {...fakeController(calls, BUCKET_POLICY), profileAccount: async (profile) => (asked.push(profile), {account: accounts[profile]!})};
	const app = await renderApp(<PoliciesView state={state} controller={controller} onDone={() => {}} />, TERMINAL);
	try {
		await app.waitFor('Bucket policy of analytics-landing');
		await app.press(KEYS.enter);
		await app.waitFor('"Version"');
		await app.press('a');
		const frame = await app.waitFor(/❯ analytics-admin\s+static · account 222222222222 \(owns it\)/);
		assert.match(frame, /  ops\s+static · account 333333333333/);
		assert.deepEqual(asked.sort(), ['analytics-admin', 'ops']);
		await app.press(KEYS.enter);
		await app.waitFor('Apply this policy to bucket analytics-landing');
		assert.deepEqual(calls.read.at(-1), {id: 'bucket-policy', profile: 'analytics-admin'});
	} finally {
		app.unmount();
	}
});

test('after an apply the list says it was applied, and as which profile, instead of how the document was made', async () => {
	const calls: Calls = {read: [], apply: [], events: []};
	const state = makeState();
	// The bucket policy could not be read: the list said 'current policy not read'.
	if (state.checks?.status === 'done' && state.checks.report) state.checks.report.bucketPolicy = undefined;
	const app = await renderApp(<PoliciesView state={state} controller={fakeController(calls, BUCKET_POLICY)} onDone={() => {}} />, TERMINAL);
	try {
		assert.match(await app.waitFor('Bucket policy for analytics-landing'), /Bucket policy for analytics-landing\s+current policy not read/);
		await app.press(KEYS.enter);
		await app.waitFor('"Version"');
		await toBucketApplyQuestion(app);
		await app.press('y');
		await app.waitFor('Applied the bucket policy');
		await app.press(KEYS.escape);
		await app.waitFor('Applied with profile landing-admin');
		const detail = app.frame();
		assert.match(detail, /Bucket policy for analytics-landing\s+applied as landing-admin/);
		assert.doesNotMatch(detail, /current policy not read/);
		await app.press(KEYS.escape);
		const list = await app.waitFor(/↑↓ choose · Enter show/);
		assert.match(list, /Bucket policy for analytics-landing\s+applied as landing-admin/);
		assert.doesNotMatch(list, /current policy not read/);
	} finally {
		app.unmount();
	}
});

/** a on the open bucket policy, Enter on the proposed profile: the confirmation is asked. */
async function toBucketApplyQuestion(app: Driver): Promise<void> {
	await app.press('a');
	await app.waitFor('Apply with which profile?');
	await app.press(KEYS.enter);
	await app.waitFor('Apply this policy to bucket analytics-landing');
}

test('Apply reads the current policy with the chosen profile, shows the change, and writes only after y', async () => {
	let done = 0;
	const calls: Calls = {read: [], apply: [], events: []};
	const app = await renderApp(<PoliciesView state={makeState()} controller={fakeController(calls, BUCKET_POLICY)} onDone={() => done++} />, TERMINAL);
	try {
		await app.waitFor('Bucket policy of analytics-landing');
		await app.press(KEYS.enter);
		await app.waitFor('"Version"');
		await app.press('a');
		let frame = await app.waitFor('Apply with which profile?');
		// The profile for the bucket owner's account is proposed.
		assert.match(frame, /❯ landing-admin\s+sso · account 222222222222 \(owns it\)/);
		// The question says its keys (the screen's footer leaves them to it).
		assert.match(frame, /↑↓ choose · Enter reads the current policy · Esc cancels/);
		for (const line of frame.split('\n')) assert.ok(line.length <= 80, `wider than 80 columns: ${line}`);
		await app.press(KEYS.enter);
		frame = await app.waitFor('Apply this policy to bucket analytics-landing');
		// First the caller's inline policy, read when the screen opened with the checks' session.
		assert.deepEqual(calls.read, [{id: 'caller-identity-policy', profile: undefined}, {id: 'bucket-policy', profile: 'landing-admin'}]);
		assert.match(frame, /Target\s+bucket analytics-landing \(account 222222222222, eu-west-1\)/);
		assert.match(frame, /Profile landing-admin/);
		assert.match(frame, /^\+.*DdbExportWriteFromDataExporter/m);
		assert.match(frame, /\(y\/N\)/);

		// Ctrl-C is not an answer; Enter takes the default, No.
		await app.press(KEYS.ctrlC);
		await app.press(KEYS.enter);
		await app.waitFor('Not applied: nothing was changed.');
		assert.equal(calls.apply.length, 0);

		await toBucketApplyQuestion(app);
		await app.press('n');
		await app.waitFor('Not applied');
		assert.equal(calls.apply.length, 0);

		await toBucketApplyQuestion(app);
		await app.press('y');
		frame = await app.waitFor('Applied the bucket policy');
		assert.equal(calls.apply.length, 1);
		assert.equal(calls.apply[0]!.profile, 'landing-admin');
		assert.deepEqual(
			calls.apply[0]!.snippet.document.Statement.map((s) => s.Sid),
			['DenyInsecure', 'DdbExportWriteFromDataExporter'],
		);
		assert.match(frame, /Enter runs the checks again/);

		await app.press(KEYS.enter);
		assert.equal(done, 1);
		assert.deepEqual(calls.events, [{type: 'checks-choice', choice: 'recheck'}]);
	} finally {
		app.unmount();
	}
});

test('Apply says so when the policy in place already grants it, and copy reports what it did', async () => {
	const calls: Calls = {read: [], apply: [], events: []};
	const copied: string[] = [];
	const state = makeState();
	// The key policy in place already has our statement (someone applied it meanwhile).
	const current = JSON.stringify({
		Version: '2012-10-17',
		Statement: [{Sid: 'DdbExportKeyUseByDataExporter', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::111111111111:role/DataExporter'}, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*'}],
	});
	const app = await renderApp(
		<PoliciesView
			state={state}
			controller={fakeController(calls, current)}
			onDone={() => {}}
			copy={async (text) => {
				copied.push(text);
				return {result: 'sent', message: 'Sent to the terminal clipboard (OSC 52).'};
			}}
		/>,
		TERMINAL,
	);
	try {
		await app.waitFor('Bucket policy of analytics-landing');
		await app.press(KEYS.down);
		await app.press(KEYS.enter);
		await app.waitFor('Key policy: let the exporting identity use the key');
		await app.press('c');
		await app.waitFor('Sent to the terminal clipboard (OSC 52).');
		assert.equal(copied.length, 1);
		assert.match(copied[0]!, /"DdbExportKeyUseByDataExporter"/);

		await app.press('a');
		await app.waitFor('Apply with which profile?');
		await app.press(KEYS.enter);
		await app.waitFor('already grants this: nothing to apply');
		assert.deepEqual(calls.read, [{id: 'caller-identity-policy', profile: undefined}, {id: 'key-policy-caller', profile: 'default'}]);
		assert.equal(calls.apply.length, 0);
	} finally {
		app.unmount();
	}
});

test("the caller's inline policy in place is read when the screen opens, and its snippet is merged into it", async () => {
	const calls: Calls = {read: [], apply: [], events: []};
	const inline = JSON.stringify({Version: '2012-10-17', Statement: [{Sid: 'ReadOrders', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*'}]});
	const app = await renderApp(<PoliciesView state={makeState()} controller={fakeController(calls, null, inline)} onDone={() => {}} />, TERMINAL);
	try {
		await app.waitFor('Bucket policy of analytics-landing');
		await app.press('a');
		const all = await app.waitFor(/Inline policy "ddb-export" of role DataExporter[\s\S]*merged, existing statements kept|merged, existing statements kept[\s\S]*Inline policy "ddb-export"/);
		assert.doesNotMatch(all, /current policy not read/);
		assert.deepEqual(calls.read, [{id: 'caller-identity-policy', profile: undefined}]);
	} finally {
		app.unmount();
	}
});

test("when the caller's inline policy cannot be read, its snippet says so and holds only the new statements", async () => {
	const calls: Calls = {read: [], apply: [], events: []};
	const controller = fakeController(calls, null);
	// Refused (no iam:GetRolePolicy).
	controller.readCallerInlinePolicy = async () => {
		calls.read.push({id: 'caller-identity-policy', profile: undefined});
		return undefined;
	};
	const app = await renderApp(<PoliciesView state={makeState()} controller={controller} onDone={() => {}} />, TERMINAL);
	try {
		await app.waitFor('Bucket policy of analytics-landing');
		await app.press('a');
		await app.waitFor(/current policy not read/);
	} finally {
		app.unmount();
	}
});

test('Apply finds the policy changed since it was read: nothing written, the new change shown and asked again', async () => {
	const calls: Calls = {read: [], apply: [], events: []};
	const changed = JSON.stringify({
		Version: '2012-10-17',
		Statement: [...(JSON.parse(BUCKET_POLICY) as {Statement: unknown[]}).Statement, {Sid: 'AddedMeanwhile', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::222222222222:role/Auditor'}, Action: 's3:GetObject', Resource: 'arn:aws:s3:::analytics-landing/*'}],
	});
	const basedOn: Array<string | null> = [];
	const controller: PolicyController = {
		...fakeController(calls, BUCKET_POLICY),
		applySnippet: async (snippet, profile, read) => {
			calls.apply.push({snippet, profile});
			basedOn.push(read);
			return read === changed ? {ok: true} : {ok: false, changed: {current: changed}};
		},
	};
	const app = await renderApp(<PoliciesView state={makeState()} controller={controller} onDone={() => {}} />, TERMINAL);
	try {
		await app.waitFor('Bucket policy of analytics-landing');
		await app.press(KEYS.enter);
		await app.waitFor('"Version"');
		await toBucketApplyQuestion(app);
		await app.press('y');
		const frame = await app.waitFor('Someone changed it since it was read');
		assert.match(frame, /Apply this policy to bucket analytics-landing/);
		assert.match(frame, /^\+.*DdbExportWriteFromDataExporter/m);
		assert.deepEqual(basedOn, [BUCKET_POLICY]);
		await app.press('y');
		await app.waitFor('Applied the bucket policy');
		assert.deepEqual(basedOn, [BUCKET_POLICY, changed]);
		// What is written now keeps the statement added meanwhile.
		assert.deepEqual(
			calls.apply[1]!.snippet.document.Statement.map((s) => s.Sid),
			['DenyInsecure', 'AddedMeanwhile', 'DdbExportWriteFromDataExporter'],
		);
	} finally {
		app.unmount();
	}
});
