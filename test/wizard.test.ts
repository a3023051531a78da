import {test} from 'node:test';
import assert from 'node:assert/strict';
import {initialState, transition} from '../source/core/wizard/reducer.js';
import {checksChoices, probeNotice, reviewOptions} from '../source/core/wizard/field-options.js';
import {fieldsFor} from '../source/core/wizard/fields.js';
import type {Effect, WizardEvent, WizardState} from '../source/core/wizard/state.js';
import type {ExportDescription, ProfileInfo} from '../source/core/ports.js';
import {findRecentExport, startHint} from '../source/core/recent-export.js';
import {MFA_FORMAT, MFA_REJECTED} from '../source/core/wizard/mfa.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const SETTINGS = {pollScheduleMs: [10, 20, 50]};
const PROFILES: ProfileInfo[] = [
	{name: 'default', kind: 'static', region: 'us-east-1'},
	{name: 'eu', kind: 'sso', region: 'eu-west-1'},
];
const IDENTITY = {account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice', userId: 'AROA:alice'};
const TABLE = {
	name: 'orders',
	details: {name: 'orders', arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders', status: 'ACTIVE', itemCount: 10, sizeBytes: 100, encryption: {type: 'DEFAULT' as const}},
	pitr: {enabled: true, earliest: new Date('2026-11-01T00:00:00Z'), latest: new Date('2026-11-28T11:55:00Z')},
};

function run(state: WizardState, ...events: WizardEvent[]): {state: WizardState; effects: Effect[]} {
	let effects: Effect[] = [];
	for (const event of events) {
		const t = transition(state, event, NOW, SETTINGS);
		state = t.state;
		effects = [...effects, ...t.effects];
	}
	return {state, effects};
}

/** The user answering one question after another. */
function answers(...values: string[]): WizardEvent[] {
	return values.map((value) => ({type: 'answer', value}));
}

/** Choosing the table: it is taken once DescribeTable has answered for it. */
function pickOrders(): WizardEvent[] {
	return [{type: 'answer', value: 'orders'}, {type: 'loaded', key: 'table', value: TABLE}];
}

function fieldOf(state: WizardState): string {
	return state.phase.kind === 'asking' ? state.phase.field : state.phase.kind;
}

/** A state at the table question with identity and tables loaded. */
function atTable(given = {}) {
	const start = initialState({given, clientToken: 'token-1'});
	assert.deepEqual(start.effects, [{type: 'load-profiles'}]);
	return run(
		start.state,
		{type: 'loaded', key: 'profiles', value: PROFILES},
		...answers('default', 'us-east-1'),
		{type: 'loaded', key: 'identity', value: IDENTITY},
		{type: 'loaded', key: 'tables', value: ['customers', 'orders']},
	);
}

test('Enter through every question reaches the checks with a complete plan', () => {
	let {state, effects} = atTable();
	assert.equal(fieldOf(state), 'table');
	assert.ok(effects.some((e) => e.type === 'load-identity'));
	assert.ok(effects.some((e) => e.type === 'load-tables'));
	({state, effects} = run(state, {type: 'answer', value: 'orders'}));
	assert.deepEqual(effects, [{type: 'load-table', name: 'orders'}]);
	({state} = run(state, {type: 'loaded', key: 'table', value: TABLE}, {type: 'answer', value: 'this-account'}));
	assert.equal(fieldOf(state), 'bucket');
	({state, effects} = run(
		state,
		{type: 'loaded', key: 'buckets', value: [{name: 'orders-exports', region: 'us-east-1'}]},
		{type: 'answer', value: 'orders-exports'},
	));
	// The listed Region is used; no GetBucketLocation needed.
	assert.equal(effects.filter((e) => e.type === 'load-bucket-region').length, 0);
	({state, effects} = run(state, ...answers('exports/orders/', 'AES256', 'DYNAMODB_JSON', 'FULL_EXPORT', 'latest')));
	assert.equal(fieldOf(state), 'review');
	({state, effects} = run(state, {type: 'answer', value: 'run-checks'}));
	assert.equal(state.phase.kind, 'checks');
	const runChecks = effects.find((e) => e.type === 'run-checks');
	assert.ok(runChecks && runChecks.type === 'run-checks');
	assert.deepEqual(runChecks.plan, {
		profile: 'default',
		region: 'us-east-1',
		tableArn: TABLE.details.arn,
		bucket: 'orders-exports',
		bucketRegion: 'us-east-1',
		prefix: 'exports/orders/',
		sse: 'AES256',
		format: 'DYNAMODB_JSON',
		type: 'FULL_EXPORT',
	});
});

test('the table cannot be chosen before the identity is known, and a failed identity blocks with its problem', () => {
	const start = initialState();
	let {state} = run(
		start.state,
		{type: 'loaded', key: 'profiles', value: PROFILES},
		...answers('default', 'us-east-1', 'orders'),
	);
	assert.equal(fieldOf(state), 'table');
	assert.match(state.fieldError ?? '', /who you are/);
	({state} = run(state, {type: 'load-failed', key: 'identity', problem: {title: 'The SSO session has expired', command: 'aws sso login --profile default'}}, {type: 'answer', value: 'orders'}));
	assert.equal(fieldOf(state), 'table');
	assert.match(state.fieldError ?? '', /SSO session has expired/);
});

test('invalid input names the field, keeps what was typed, and makes no AWS call', () => {
	let {state} = atTable();
	({state} = run(state, ...pickOrders(), ...answers('other-account', 'Bad_Bucket')));
	assert.equal(fieldOf(state), 'bucket');
	assert.match(state.fieldError ?? '', /bucket name/i);
	assert.equal(state.draft.bucket, 'Bad_Bucket');
	const t = run(state, ...answers('analytics-landing', '1111-2222-3333'));
	assert.equal(fieldOf(t.state), 'bucketOwner');
	assert.match(t.state.fieldError ?? '', /bucket owner/i);
	assert.equal(t.effects.filter((e) => e.type === 'load-bucket-region').length, 0);
	// Earlier answers are all still there.
	assert.equal(t.state.draft.table, 'orders');
	assert.equal(t.state.draft.bucket, 'analytics-landing');
});

test('going back walks the same questions in reverse and loses nothing', () => {
	let {state} = atTable();
	({state} = run(state, ...pickOrders(), ...answers('this-account', 's3://orders-exports/custom/')));
	assert.equal(fieldOf(state), 'prefix');
	assert.equal(state.draft.prefix, 'custom/');
	({state} = run(state, {type: 'back'}));
	assert.equal(fieldOf(state), 'bucket');
	({state} = run(state, {type: 'back'}, {type: 'back'}));
	assert.equal(fieldOf(state), 'table');
	assert.equal(state.draft.bucket, 'orders-exports');
	assert.equal(state.draft.prefix, 'custom/');
	({state} = run(state, {type: 'back'}, {type: 'back'}, {type: 'back'}));
	assert.equal(fieldOf(state), 'profile');
});

test('which questions are asked depends on the answers', () => {
	assert.ok(!fieldsFor({}).includes('bucketOwner'));
	assert.ok(fieldsFor({destination: 'other-account'}).includes('bucketOwner'));
	assert.ok(fieldsFor({sse: 'KMS'}).includes('kmsKey'));
	assert.deepEqual(
		fieldsFor({exportType: 'INCREMENTAL_EXPORT'}).slice(-4),
		['incrementalFrom', 'incrementalTo', 'viewType', 'review'],
	);
	assert.ok(fieldsFor({timeMode: 'choose'}).includes('exportTime'));
});

test('the AWS managed key aws/s3 is refused for a bucket in another account', () => {
	let {state} = atTable();
	({state} = run(state, ...pickOrders(), ...answers('other-account', 'analytics-landing', '222222222222', 'exports/', 'KMS', 'alias/aws/s3')));
	assert.equal(fieldOf(state), 'kmsKey');
	assert.match(state.fieldError ?? '', /another account|cross-account/i);
});

test('given answers (flags) are not asked again, and back skips them', () => {
	const {state, effects} = atTable({table: 'orders', destination: 'this-account'});
	// identity arrived: table and destination were given, so the first question is the bucket
	assert.equal(fieldOf(state), 'bucket');
	assert.equal(state.draft.table, 'orders');
	assert.ok(effects.some((e) => e.type === 'load-table' && e.name === 'orders'));
	assert.ok(effects.some((e) => e.type === 'load-buckets'));
	const back = run(state, {type: 'back'});
	assert.equal(fieldOf(back.state), 'region');
	// An invalid given answer is asked, with the rule named.
	const bad = atTable({table: 'x', destination: 'this-account'});
	assert.equal(fieldOf(bad.state), 'table');
	assert.match(bad.state.fieldError ?? '', /table name/i);
});

function atChecks(overall: 'passed' | 'failed') {
	let {state} = atTable();
	({state} = run(
		state,
		{type: 'answer', value: 'orders'},
		{type: 'loaded', key: 'table', value: TABLE},
		...answers('this-account', 'my-bucket'),
		{type: 'loaded', key: 'bucketRegion', value: {bucket: 'my-bucket', region: 'us-east-1'}},
		...answers('', 'AES256', 'DYNAMODB_JSON', 'FULL_EXPORT', 'latest', 'run-checks'),
		{type: 'checks-done', results: [], overall},
	));
	assert.equal(state.phase.kind, 'checks');
	return state;
}

test('a failed check blocks the start unless the user says "start anyway"', () => {
	const failed = atChecks('failed');
	const refused = run(failed, {type: 'checks-choice', choice: 'start'});
	assert.equal(refused.state.phase.kind, 'checks');
	assert.deepEqual(refused.effects, []);
	// A re-run reads AWS again: the user may have fixed something meanwhile.
	const recheck = run(failed, {type: 'checks-choice', choice: 'recheck'});
	assert.deepEqual(recheck.effects.map((e) => e.type === 'run-checks' && e.fresh), [true]);
	const anyway = run(failed, {type: 'checks-choice', choice: 'start-anyway'}, {type: 'recent-export'});
	assert.equal(anyway.state.phase.kind, 'export');
	assert.ok(anyway.effects.some((e) => e.type === 'start-export'));
});

test('watching: polls on a schedule, completes, reads the manifest; the token is the confirmed one', () => {
	const checks = atChecks('passed');
	let {state, effects} = run(checks, {type: 'checks-choice', choice: 'start'}, {type: 'recent-export'});
	const start = effects.find((e) => e.type === 'start-export');
	assert.ok(start?.type === 'start-export');
	assert.equal(start.run.clientToken, 'token-1');
	const arn = `${TABLE.details.arn}/export/01`;
	const inProgress: ExportDescription = {exportArn: arn, status: 'IN_PROGRESS'};
	({state, effects} = run(state, {type: 'export-started', description: inProgress}));
	assert.deepEqual(effects, [{type: 'poll-export', exportArn: arn, delayMs: 20}]);
	({state, effects} = run(state, {type: 'export-polled', description: inProgress, at: 1}, {type: 'export-polled', description: inProgress, at: 2}));
	assert.deepEqual(effects.map((e) => e.type === 'poll-export' && e.delayMs), [50, 50]);
	({state, effects} = run(state, {type: 'export-polled', description: {...inProgress, status: 'COMPLETED', exportManifest: 'x/manifest-summary.json'}, at: 3}));
	assert.ok(state.phase.kind === 'export' && state.phase.run.status === 'completed');
	assert.equal(effects[0]?.type, 'read-manifest');
	const quit = run(state, {type: 'finished-choice', choice: 'quit'});
	assert.deepEqual(quit.effects.at(-1), {type: 'exit', code: 0});
});

test('Ctrl-C while watching detaches (the export keeps running); a second one quits with 130', () => {
	const checks = atChecks('passed');
	let {state} = run(checks, {type: 'checks-choice', choice: 'start'}, {type: 'recent-export'}, {type: 'export-started', description: {exportArn: 'arn:x', status: 'IN_PROGRESS'}});
	let effects: Effect[];
	({state, effects} = run(state, {type: 'interrupt'}));
	assert.ok(state.phase.kind === 'export' && state.phase.run.status === 'detached');
	assert.match(state.notice ?? '', /keeps running/);
	assert.deepEqual(effects, [{type: 'cancel'}]);
	({state, effects} = run(state, {type: 'interrupt'}));
	assert.deepEqual(state.phase, {kind: 'exit', code: 130});
});

test('Ctrl-C while a list loads stops the load, and r retries it', () => {
	const start = initialState();
	let {state} = run(start.state, {type: 'loaded', key: 'profiles', value: PROFILES}, ...answers('default', 'us-east-1'));
	({state} = run(state, {type: 'loading', key: 'tables'}));
	let effects: Effect[];
	({state, effects} = run(state, {type: 'interrupt'}));
	assert.equal(state.loaded.tables.status, 'failed');
	assert.deepEqual(effects, [{type: 'cancel'}]);
	({state, effects} = run(state, {type: 'retry', key: 'tables'}));
	assert.deepEqual(effects, [{type: 'load-tables'}]);
	assert.equal(state.loaded.tables.status, 'loading');
});

test('Ctrl-C with nothing running asks for a second press', () => {
	const start = initialState();
	let {state} = run(start.state, {type: 'loaded', key: 'profiles', value: PROFILES});
	({state} = run(state, {type: 'interrupt'}));
	assert.equal(state.phase.kind, 'asking');
	assert.match(state.notice ?? '', /again/);
	({state} = run(state, {type: 'interrupt'}));
	assert.deepEqual(state.phase, {kind: 'exit', code: 130});
});

test('a profile given as a flag is checked against the config files, before any AWS call', () => {
	const unknown = initialState({given: {profile: 'nope'}});
	const refused = run(unknown.state, {type: 'loaded', key: 'profiles', value: PROFILES});
	assert.equal(fieldOf(refused.state), 'profile');
	assert.match(refused.state.fieldError ?? '', /Profile: there is no profile "nope".*default, eu/);
	assert.deepEqual(refused.effects, []);
	const known = initialState({given: {profile: 'eu'}});
	const accepted = run(known.state, {type: 'loaded', key: 'profiles', value: PROFILES});
	assert.equal(fieldOf(accepted.state), 'region');
	assert.equal(accepted.state.draft.region, 'eu-west-1');
});

test('choosing a profile proposes its Region', () => {
	const start = initialState();
	const {state} = run(start.state, {type: 'loaded', key: 'profiles', value: PROFILES}, {type: 'answer', value: 'eu'});
	assert.equal(state.draft.region, 'eu-west-1');
});

test('the review says before the checks run that they make a test upload, unless --no-probe', () => {
	const withProbe = initialState().state;
	const withoutProbe = initialState({probe: false}).state;
	assert.match(reviewOptions(withProbe)[0]!.hint ?? '', /test upload, aborted/);
	assert.match(probeNotice(withProbe, 'b', 'p/') ?? '', /s3:\/\/b\/p\/.*abort.*--no-probe/);
	assert.equal(reviewOptions(withoutProbe)[0]!.hint, 'reads only; nothing is changed');
	assert.equal(probeNotice(withoutProbe, 'b', 'p/'), undefined);
});

/** The start effect's token, or undefined when nothing was started. */
function startedToken(effects: Effect[]): string | undefined {
	const start = effects.find((e) => e.type === 'start-export');
	return start?.type === 'start-export' ? start.run.clientToken : undefined;
}

test('one ClientToken per plan: Ctrl-C while starting, re-run the checks, Start again: the same token, no second look', () => {
	const checks = atChecks('passed');
	let {state, effects} = run(checks, {type: 'checks-choice', choice: 'start'});
	// A plan's first start looks for the same export first.
	assert.deepEqual(effects.map((e) => e.type), ['find-recent-export']);
	({state, effects} = run(state, {type: 'recent-export'}));
	assert.equal(startedToken(effects), 'token-1');
	({state, effects} = run(state, {type: 'interrupt'}));
	assert.ok(state.phase.kind === 'export' && state.phase.run.status === 'start-failed');
	assert.match(state.phase.run.problem?.fix ?? '', /--client-token token-1/);
	({state, effects} = run(state, {type: 'finished-choice', choice: 'recheck'}, {type: 'checks-done', results: [], overall: 'passed'}, {type: 'checks-choice', choice: 'start'}));
	assert.equal(startedToken(effects), 'token-1', 'the retry sends the same token (AWS answers with the same export)');
	assert.ok(!effects.some((e) => e.type === 'find-recent-export' || e.type === 'make-token'));

	// Back to the review and a changed plan: the next token, looked for again.
	({state} = run(state, {type: 'interrupt'}, {type: 'finished-choice', choice: 'recheck'}, {type: 'checks-done', results: [], overall: 'passed'}, {type: 'checks-choice', choice: 'back'}));
	assert.equal(fieldOf(state), 'review');
	({state} = run(state, {type: 'back'}, {type: 'back'}, {type: 'back'}));
	assert.equal(fieldOf(state), 'format');
	// Arriving at the review with the first token used: a new one is made, for the review to show.
	({state, effects} = run(state, ...answers('ION', 'FULL_EXPORT', 'latest')));
	assert.equal(fieldOf(state), 'review');
	assert.deepEqual(effects.filter((e) => e.type === 'make-token'), [{type: 'make-token'}]);
	({state, effects} = run(state, {type: 'next-token', token: 'token-2'}, ...answers('run-checks'), {type: 'checks-done', results: [], overall: 'passed'}, {type: 'checks-choice', choice: 'start'}, {type: 'recent-export'}));
	assert.equal(startedToken(effects), 'token-2');
	// A plan changed on the checks screen with no token ready takes the one the start brings.
	const fixed = {...checks, tokens: {next: '', plans: []}};
	assert.equal(startedToken(run(fixed, {type: 'checks-choice', choice: 'start', clientToken: 'token-3'}, {type: 'recent-export'}).effects), 'token-3');
	assert.deepEqual(run(fixed, {type: 'checks-choice', choice: 'start'}).effects, [], 'no token, no start');
});

test('a plan\'s first start that finds the same export running offers to watch it instead', () => {
	const checks = atChecks('passed');
	const existing: ExportDescription = {exportArn: `${TABLE.details.arn}/export/01764331000000-abcd`, status: 'IN_PROGRESS', startTime: new Date(NOW.getTime() - 4 * 60_000)};
	const found = run(checks, {type: 'checks-choice', choice: 'start'}, {type: 'recent-export', found: existing});
	assert.ok(found.state.phase.kind === 'export' && found.state.phase.run.status === 'duplicate');
	assert.equal(startedToken(found.effects), undefined, 'nothing is started while the person decides');

	const watch = run(found.state, {type: 'duplicate-choice', choice: 'watch'});
	assert.ok(watch.state.phase.kind === 'export' && watch.state.phase.run.status === 'watching');
	assert.equal(watch.state.phase.run.description?.exportArn, existing.exportArn);
	assert.deepEqual(watch.effects, [{type: 'poll-export', exportArn: existing.exportArn, delayMs: 0}]);

	const anyway = run(found.state, {type: 'duplicate-choice', choice: 'start'});
	assert.equal(startedToken(anyway.effects), 'token-1');
	const back = run(found.state, {type: 'duplicate-choice', choice: 'back'});
	assert.equal(back.state.phase.kind, 'checks');
	// Ctrl-C while looking: nothing was started, and the wizard stays open.
	const looking = run(checks, {type: 'checks-choice', choice: 'start'}, {type: 'interrupt'});
	assert.ok(looking.state.phase.kind === 'export' && looking.state.phase.run.status === 'start-failed');
	assert.match(looking.state.phase.run.problem?.title ?? '', /nothing was started/);
	assert.deepEqual(looking.effects.at(-1), {type: 'cancel'});
});

test('the look for the same export: same table, bucket and prefix, started in the last 15 minutes, not FAILED', async () => {
	const plan = {region: 'us-east-1', tableArn: TABLE.details.arn, bucket: 'my-bucket', prefix: 'exports/orders/', sse: 'AES256', format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'} as const;
	const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);
	const arn = (minutesAgo: number, id: string) => `${TABLE.details.arn}/export/${String(at(minutesAgo).getTime()).padStart(14, '0')}-${id}`;
	const exports: ExportDescription[] = [
		{exportArn: arn(2, 'other-prefix'), status: 'IN_PROGRESS', s3Bucket: 'my-bucket', s3Prefix: 'elsewhere/', startTime: at(2)},
		{exportArn: arn(3, 'failed'), status: 'FAILED', s3Bucket: 'my-bucket', s3Prefix: 'exports/orders/', startTime: at(3)},
		{exportArn: arn(9, 'same'), status: 'IN_PROGRESS', s3Bucket: 'my-bucket', s3Prefix: 'exports/orders/', startTime: at(9)},
		{exportArn: arn(40, 'old'), status: 'COMPLETED', s3Bucket: 'my-bucket', s3Prefix: 'exports/orders/', startTime: at(40)},
	];
	const described: string[] = [];
	const session = {
		listExports: async () => exports.map((e) => ({exportArn: e.exportArn, status: e.status, exportType: 'FULL_EXPORT'})),
		describeExport: async (exportArn: string) => {
			described.push(exportArn);
			return exports.find((e) => e.exportArn === exportArn)!;
		},
	};
	const found = await findRecentExport(session, plan, NOW);
	assert.equal(found?.exportArn, arn(9, 'same'));
	assert.ok(!described.includes(arn(40, 'old')), 'an export whose id says it is old is not described');
	assert.ok(!described.includes(arn(3, 'failed')), 'a FAILED one is not described');
	assert.equal(await findRecentExport(session, {...plan, bucket: 'another'}, NOW), undefined);
	assert.equal(startHint('arn:aws:dynamodb:us-east-1:1:table/t/export/odd-id'), undefined);
});

test('a wrong MFA code: the prompt says so, the loads it failed are retried with the next code, no stale error', () => {
	const serial = 'arn:aws:iam::111111111111:mfa/alice';
	const refused = {title: 'This profile needs an MFA code', code: 'MfaRequired'};
	const start = initialState({clientToken: 'token-1'});
	let {state, effects} = run(start.state, {type: 'loaded', key: 'profiles', value: PROFILES}, ...answers('default', 'us-east-1'));
	assert.equal(fieldOf(state), 'table');
	({state, effects} = run(state, {type: 'loading', key: 'identity'}, {type: 'loading', key: 'tables'}, {type: 'mfa-needed', serial}));
	assert.equal(state.mfa?.error, undefined);
	({state, effects} = run(state, {type: 'mfa-code', code: '12'}));
	assert.equal(state.mfa?.error, MFA_FORMAT, 'not 6 digits: said at once, nothing sent');
	({state, effects} = run(state, {type: 'mfa-code', code: '654321'}));
	assert.deepEqual(effects, [{type: 'resolve-mfa', code: '654321'}]);

	// Order 1: the identity load fails first (no prompt showing): it is retried at once, and its
	// retry's prompt says the code was not accepted.
	({state, effects} = run(state, {type: 'load-failed', key: 'identity', problem: refused}));
	assert.equal(state.loaded.identity.status, 'loading');
	assert.deepEqual(effects, [{type: 'load-identity'}]);
	({state} = run(state, {type: 'mfa-needed', serial}));
	assert.equal(state.mfa?.error, MFA_REJECTED);

	// Order 2: the tables load fails while the prompt shows: it waits for the next code.
	({state, effects} = run(state, {type: 'load-failed', key: 'tables', problem: refused}));
	assert.equal(state.loaded.tables.status, 'loading');
	assert.deepEqual(effects, []);
	({state, effects} = run(state, {type: 'mfa-code', code: '123456'}));
	assert.deepEqual(effects, [{type: 'resolve-mfa', code: '123456'}, {type: 'load-tables'}]);
	({state} = run(state, {type: 'loaded', key: 'identity', value: IDENTITY}, {type: 'loaded', key: 'tables', value: ['orders']}));
	assert.equal(state.mfa, undefined);
	assert.equal(state.mfaRound, undefined);
	assert.equal(state.fieldError, undefined);
	assert.ok(Object.values(state.loaded).every((remote) => remote.status !== 'failed'), 'no failure left on the table step');

	// Without a code typed (no MFA device configured...), the failure is shown as it is: no loop.
	const plain = run(initialState().state, {type: 'load-failed', key: 'identity', problem: refused});
	assert.equal(plain.state.loaded.identity.status, 'failed');
	assert.deepEqual(plain.effects, []);
});

test('Ctrl-C during the checks: the wizard stays open and no check is left "running"', () => {
	const checks = atChecks('passed');
	let {state, effects} = run(checks, {type: 'checks-choice', choice: 'recheck'});
	({state} = run(state, {type: 'checks-update', results: [
		{id: 'table', title: 'Table', status: 'passed', summary: 'ok'},
		{id: 'bucket', title: 'Bucket', status: 'running', summary: 'Checking…'},
		{id: 'write-probe', title: 'Write probe', status: 'pending', summary: 'Waiting.'},
	]}));
	({state, effects} = run(state, {type: 'interrupt'}));
	assert.equal(state.phase.kind, 'checks');
	assert.equal(state.checks?.status, 'cancelled');
	assert.deepEqual(state.checks?.results.map((r) => r.status), ['passed', 'unknown', 'unknown']);
	assert.match(state.checks?.results[1]?.summary ?? '', /Stopped \(Ctrl-C\)/);
	assert.deepEqual(effects, [{type: 'cancel'}]);
	// Enter after the stop runs the checks again; it never starts an export on unfinished checks.
	assert.equal(checksChoices(state)[0]?.value, 'recheck');
	assert.equal(checksChoices(state).filter((c) => c.value === 'recheck').length, 1);
});
