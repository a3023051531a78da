// The completed export's actions as pure transitions (core/wizard/completion.ts): which
// action is open, as which profile, when the files are read again, and Ctrl-C.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {transition} from '../source/core/wizard/reducer.js';
import {readerAdvice, readerChoices} from '../source/core/wizard/completion.js';
import {initialLoaded, type Effect, type ExportRun, type WizardEvent, type WizardState} from '../source/core/wizard/state.js';
import type {VerifyReport} from '../source/core/verify/verdict.js';

const ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders/export/01796598571595-eae864bc';

function completedState(bucketOwner?: string): WizardState {
	const run: ExportRun = {
		clientToken: 't',
		plan: {profile: 'default', region: 'us-east-1', tableArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders', bucket: 'landing', bucketOwner, prefix: 'exports/', sse: 'AES256', format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'},
		status: 'completed',
		startedAt: 0,
		polls: 3,
		description: {exportArn: ARN, status: 'COMPLETED', s3Bucket: 'landing', s3BucketOwner: bucketOwner, exportManifest: 'exports/AWSDynamoDB/01796598571595-eae864bc/manifest-summary.json'} as ExportRun['description'],
	};
	return {
		phase: {kind: 'export', run},
		draft: {},
		given: {},
		probe: true,
		loaded: {
			...initialLoaded(),
			profiles: {status: 'ready', value: [{name: 'default', kind: 'static'}, {name: 'owner', kind: 'static'}, {name: 'sso-owner', kind: 'sso', ssoAccountId: '222222222222'}]},
			identity: {status: 'ready', value: {account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice', userId: 'AROA:alice'}},
		},
	};
}

function play(state: WizardState, ...events: WizardEvent[]): {state: WizardState; effects: Effect[]} {
	let effects: Effect[] = [];
	for (const event of events) {
		const next = transition(state, event);
		state = next.state;
		effects = [...effects, ...next.effects];
	}
	return {state, effects};
}

const runOf = (state: WizardState): ExportRun => {
	assert.ok(state.phase.kind === 'export');
	return state.phase.run;
};

const REPORT = {verdict: 'intact', files: [], problems: [], unknowns: [], bytes: 0, exportArn: ARN, bucket: 'landing', manifestSummaryKey: 'm'} as VerifyReport;

test('verify from the menu reads once as the plan\'s profile; opened again it shows what it found', () => {
	const opened = play(completedState(), {type: 'finished-choice', choice: 'verify'});
	assert.equal(runOf(opened.state).completion?.open, 'verify');
	assert.deepEqual(
		opened.effects.map((e) => [e.type, 'reader' in e ? e.reader : 'none']),
		[['verify-export', undefined]],
	);
	const done = play(opened.state, {type: 'verify-finished', report: REPORT}, {type: 'completion-close'}, {type: 'finished-choice', choice: 'verify'});
	assert.equal(runOf(done.state).completion?.verify?.status, 'done');
	assert.deepEqual(done.effects, [], 'opened again: no second read');
	// r (the same reader again, null: the plan's own) reads again.
	const again = play(done.state, {type: 'completion-open', action: 'verify', reader: null});
	assert.equal(again.effects[0]?.type, 'verify-export');
});

test('o: profiles without a configured account are asked once; the owner account\'s is proposed; the preview then reads as it', () => {
	let state = play(completedState('222222222222'), {type: 'finished-choice', choice: 'verify'}, {type: 'verify-finished', problem: {title: 'Access denied'}}).state;
	assert.match(readerAdvice(runOf(state), undefined) ?? '', /Account 222222222222 owns these files .* Press o/);
	const pick = play(state, {type: 'completion-pick', action: 'verify'});
	// The exporter's own account is known; the SSO profile's from its configuration.
	assert.deepEqual(pick.effects, [{type: 'profile-account', profile: 'owner'}]);
	state = pick.state;
	assert.equal(readerChoices(state, runOf(state)).proposed, 'sso-owner');
	state = play(state, {type: 'completion-account', profile: 'owner', account: '222222222222'}).state;
	const choices = readerChoices(state, runOf(state));
	assert.deepEqual(
		choices.options.map((o) => [o.value, o.hint]),
		[
			['default', 'this profile (the exporter) · account 111111111111'],
			['owner', 'account 222222222222 (owns the files)'],
			['sso-owner', 'account 222222222222 (owns the files)'],
		],
	);
	const chosen = play(state, {type: 'completion-open', action: 'verify', reader: 'owner'});
	assert.deepEqual(chosen.effects.map((e) => e.type === 'verify-export' && e.reader), ['owner']);
	assert.equal(readerAdvice(runOf(chosen.state), 'owner'), undefined);
	// The preview reads as the profile chosen for the verification.
	const preview = play(chosen.state, {type: 'completion-close'}, {type: 'finished-choice', choice: 'preview'});
	assert.deepEqual(preview.effects.map((e) => e.type === 'preview-items' && [e.reader, e.limit]), [['owner', 5]]);
});

test('Ctrl-C while the files are read stops the reading (the next Ctrl-C quits); a late answer changes nothing', () => {
	const reading = play(completedState(), {type: 'finished-choice', choice: 'preview'}).state;
	const stopped = play(reading, {type: 'interrupt'});
	assert.deepEqual(stopped.effects, [{type: 'cancel'}]);
	assert.equal(runOf(stopped.state).completion?.preview?.status, 'stopped');
	assert.equal(stopped.state.quitArmed, true);
	const late = play(stopped.state, {type: 'preview-finished', items: ['{}']});
	assert.equal(runOf(late.state).completion?.preview?.status, 'stopped');
	// From the menu a stopped action runs again.
	const again = play(late.state, {type: 'completion-close'}, {type: 'finished-choice', choice: 'preview'});
	assert.equal(again.effects[0]?.type, 'preview-items');
});
