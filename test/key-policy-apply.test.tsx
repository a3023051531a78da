// Applying a key policy with a profile that may not (issue 13, item 5), on the sandbox's
// kms-key-policy scenario through the real controller and the policies screen: the refusal
// says to apply with a key administrator's profile (KeyAdmin, named from the key policy) or
// to hand them the file, never to grant the caller kms:PutKeyPolicy; the profile picker shows
// each profile's account (the own one known, another asked when highlighted); applying with
// the administrator's profile works and the checks then pass.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {KEYS, renderApp} from './helpers/ink.js';
import {checksDone, describeChecks, runChecksThroughWizard, start, until} from './helpers/sandbox-wizard.js';
import {keyAdministrators, refusedApplyProblem} from '../source/core/policy/apply-refusal.js';
import {PoliciesView} from '../source/ui/policies-view.js';
import {profileChoices} from '../source/ui/policies/apply-screens.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/e6757fb4-575e-4a79-aa77-e3f5e7d03800';
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

test('kms-key-policy: a refused apply names the key administrators and the way on; the administrator’s profile applies it', async () => {
	const {sandbox, controller} = await start('kms-key-policy');
	try {
		const first = await runChecksThroughWizard(controller, sandbox);
		assert.equal(first.checks?.results.find((r) => r.id === 'key-policy')?.status, 'failed', describeChecks(first));
		controller.dispatch({type: 'checks-choice', choice: 'policies'});
		const policies = await until(controller, (s) => s.phase.kind === 'policies', 'the policies screen');
		const app = await renderApp(React.createElement(PoliciesView, {state: policies, controller, onDone: () => {}}));
		try {
			await app.waitFor('Key policy: let the');
			await app.press(KEYS.enter);
			await app.waitFor('put-key-policy');
			await app.press('a');
			let frame = await app.waitFor('Apply with which profile?');
			// The own profile's account is known from the checks; it owns the key, so it is where the cursor starts.
			assert.match(frame, /❯ default\s+used for the checks · account 111111111111 \(owns it\)/);
			// admin is a static profile: its account is asked when it is highlighted.
			await app.press(KEYS.down);
			frame = await app.waitFor(/❯ admin\s+static · account 111111111111 \(owns it\)/);
			await app.press(KEYS.up);
			await app.waitFor(/❯ default/);
			await app.press(KEYS.enter);
			await app.waitFor('Apply this policy to key');
			await app.press('y');
			frame = flat(await app.waitFor('may not change this key policy'));
			assert.match(
				frame,
				/Profile default may not change this key policy\. Apply it with a key administrator's profile \(per the key policy: role KeyAdmin, or account 111111111111 through its IAM policies\), or save this file \(s\) and hand it to them\./,
			);
			assert.doesNotMatch(frame, /Add kms:PutKeyPolicy/);
			assert.match(frame, /AWS refused the change, so the policy is as it was\./);

			// Following the advice: the administrator's profile.
			await app.press(KEYS.escape);
			await app.press('a');
			await app.waitFor('Apply with which profile?');
			await app.press(KEYS.down);
			await app.waitFor(/❯ admin/);
			await app.press(KEYS.enter);
			await app.waitFor('Apply this policy to key');
			await app.press('y');
			await app.waitFor(/Applied the key policy to key .* with profile admin/);
		} finally {
			app.unmount();
		}
		controller.dispatch({type: 'policies-done'});
		await until(controller, (s) => s.phase.kind === 'checks', 'back on the checks');
		controller.dispatch({type: 'checks-choice', choice: 'recheck'});
		const second = await until(controller, (s) => checksDone(s) && s.checks!.results.every((r) => r.status !== 'running' && r.status !== 'pending'), 'the checks again');
		assert.equal(second.checks!.results.find((r) => r.id === 'key-policy')?.status, 'passed', describeChecks(second));
		assert.notEqual(second.checks!.overall, 'failed', describeChecks(second));
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});

test('key administrators: named roles and users, and the accounts whose IAM policies decide; not users of the key', () => {
	const text = JSON.stringify({
		Version: '2012-10-17',
		Statement: [
			{Sid: 'Admins', Effect: 'Allow', Principal: {AWS: ['arn:aws:iam::111111111111:role/KeyAdmin', 'arn:aws:iam::111111111111:user/ops']}, Action: 'kms:*', Resource: '*'},
			{Sid: 'Use', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::111111111111:role/DataExporter'}, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*'},
			{Sid: 'Root', Effect: 'Allow', Principal: {AWS: '222222222222'}, Action: 'kms:Put*', Resource: '*'},
		],
	});
	assert.deepEqual(keyAdministrators(text), {
		named: ['arn:aws:iam::111111111111:role/KeyAdmin', 'arn:aws:iam::111111111111:user/ops'],
		accounts: ['222222222222'],
	});
	assert.equal(keyAdministrators('not json'), undefined);
});

test('a refused apply of a bucket or identity policy points at that account’s administrators; other failures keep their advice', () => {
	const denied = {title: 'Access denied: s3:PutBucketPolicy', cause: '…', fix: 'Add s3:PutBucketPolicy to role DataExporter', code: 'AccessDenied'};
	const bucket = refusedApplyProblem(denied, {kind: 'bucket', name: 'analytics-landing', account: '222222222222', region: 'us-east-1'}, 'default');
	assert.equal(bucket.fix, 'Profile default may not change this bucket policy. Apply it with the profile of an administrator of account 222222222222, which owns bucket analytics-landing, or save this file (s) and hand it to them.');
	const role = refusedApplyProblem({...denied, code: 'AccessDenied'}, {kind: 'role', name: 'DataExporter', account: '111111111111'}, 'default');
	assert.match(role.fix ?? '', /an IAM administrator of account 111111111111/);
	const key = refusedApplyProblem({...denied, code: 'AccessDeniedException'}, {kind: 'key', arn: KEY_ARN, account: '111111111111', region: 'us-east-1'}, 'default', null);
	assert.match(key.fix ?? '', /the profile of an administrator of the key in account 111111111111/);
	const network = {title: 'No answer from AWS', code: 'NetworkError', fix: 'Check the network'};
	assert.deepEqual(refusedApplyProblem(network, {kind: 'role', name: 'DataExporter', account: '111111111111'}, 'default'), network);
});

test('the profile picker starts on a profile of the target account when its configuration says so', () => {
	const profiles = [
		{name: 'default', kind: 'static' as const, region: 'us-east-1'},
		{name: 'landing-admin', kind: 'sso' as const, ssoAccountId: '222222222222', region: 'us-east-1'},
		{name: 'ops', kind: 'assume-role' as const, roleArn: 'arn:aws:iam::333333333333:role/Ops', mfaSerial: 'arn:aws:iam::111111111111:mfa/me'},
	];
	const target = {kind: 'bucket' as const, name: 'analytics-landing', account: '222222222222'};
	const {options, proposed} = profileChoices(profiles, 'default', target, {default: {account: '111111111111'}});
	assert.equal(proposed, 'landing-admin');
	assert.deepEqual(
		options.map((o) => o.hint),
		['used for the checks · account 111111111111 · us-east-1', 'sso · account 222222222222 (owns it) · us-east-1', 'assume-role · account 333333333333'],
	);
	const unknown = profileChoices([{name: 'default', kind: 'static'}, {name: 'mfa', kind: 'assume-role', sourceProfile: 'default', mfaSerial: 'arn:aws:iam::1:mfa/x'}], 'default', target, {});
	assert.equal(unknown.proposed, 'default');
	assert.equal(unknown.options[1]!.hint, 'assume-role · account known after its MFA code');
});
