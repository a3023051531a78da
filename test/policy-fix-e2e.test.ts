// The whole fix loop against the sandbox, which honours the policies it is given: the
// checks fail, the policies screen offers the snippet that fixes it, it is applied with
// the profile that owns the resource through the controller (the wizard's own path:
// read the current policy, rebuild over it, write), the checks pass, and the export
// completes — started exactly once. This proves the snippets actually work.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {KEYS, renderApp} from './helpers/ink.js';
import {checksDone, describeChecks, runChecksThroughWizard, start, until} from './helpers/sandbox-wizard.js';
import type {CheckId, CheckResult} from '../source/core/checks/types.js';
import {applyTarget, offeredSnippets, rebuildOverCurrent, snippetInputFrom} from '../source/core/policy/delivery.js';
import {createAwsGateway} from '../source/aws/gateway.js';
import type {Snippet, SnippetId} from '../source/core/policy/generate.js';
import {evaluatePolicy} from '../source/core/policy/evaluate.js';
import {liveValidationLines, type LiveValidations} from '../source/core/policy/live-validation.js';
import type {WizardState} from '../source/core/wizard/state.js';
import {PoliciesView} from '../source/ui/policies-view.js';
import {ExportView} from '../source/ui/export-view.js';
import {ChecksView} from '../source/ui/checks-view.js';
import {explainFailedExport} from '../source/core/wizard/export-outcome.js';
import type {Sandbox} from './helpers/sandbox-wizard.js';
import type {WizardController} from '../source/core/wizard/controller.js';

/** The snippets the policies screen offers: the ones that fix a failed check. */
function offeredOn(state: WizardState) {
	assert.equal(state.phase.kind, 'policies');
	const plan = state.phase.kind === 'policies' ? state.phase.plan : undefined!;
	const identity = state.loaded.identity.status === 'ready' ? state.loaded.identity.value : undefined;
	const input = snippetInputFrom(plan, state.checks?.report, identity);
	assert.ok(input);
	const {shown} = offeredSnippets(input, state.checks?.results ?? [], false);
	return {input, ids: shown.map((s) => s.id), snippets: shown};
}

interface Case {
	scenario: string;
	failing: CheckId;
	offered: SnippetId[];
	/** What the failing check (and any other named) says once fixed: passed unless said otherwise. */
	fixed: Partial<Record<CheckId, CheckResult['status']>>;
	/** The profile of the account that owns the bucket, key or role. */
	owner: string;
	/** Also look at the policies screen with the real controller. */
	screen?: boolean;
}

const CASES: Case[] = [
	// Another account's bucket policy stays unreadable to the caller, so its check can only say
	// "unknown"; the write probe under the prefix is what shows the new policy lets the caller in.
	{scenario: 'cross-account', failing: 'bucket-policy', offered: ['bucket-policy'], fixed: {'bucket-policy': 'unknown', 'write-probe': 'passed'}, owner: 'analytics-admin', screen: true},
	{scenario: 'kms-key-policy', failing: 'key-policy', offered: ['key-policy-caller'], fixed: {'key-policy': 'passed', 'write-probe': 'passed'}, owner: 'admin'},
	{scenario: 'missing-permission', failing: 'permissions', offered: ['caller-identity-policy'], fixed: {permissions: 'passed', 'write-probe': 'passed'}, owner: 'admin'},
];

for (const {scenario, failing, offered, fixed, owner, screen} of CASES) {
	test(`${scenario}: the offered snippet, applied with ${owner}, makes the checks pass and the export complete`, async () => {
		const {sandbox, controller} = await start(scenario);
		try {
			const first = await runChecksThroughWizard(controller, sandbox);
			assert.equal(first.checks?.overall, 'failed', describeChecks(first));
			assert.equal(first.checks?.results.find((r) => r.id === failing)?.status, 'failed', describeChecks(first));

			controller.dispatch({type: 'checks-choice', choice: 'policies'});
			const policies = await until(controller, (s) => s.phase.kind === 'policies', 'the policies screen');
			const {input, ids, snippets} = offeredOn(policies);
			assert.deepEqual(ids, offered);

			// AWS's verdict before applying, through the controller and the checks' session.
			const live = await controller.validateSnippets(snippets);
			for (const snippet of snippets) {
				for (const line of liveValidationLines(live[snippet.id]!)) assert.equal(line.tone, 'passed', `${snippet.id}: ${line.text}`);
			}

			if (screen) {
				const app = await renderApp(React.createElement(PoliciesView, {state: policies, controller, onDone: () => {}}));
				try {
					await app.waitFor('Bucket policy of analytics-landing');
					await app.press(KEYS.enter);
					const frame = await app.waitFor('✔ Access Analyzer: no findings');
					assert.match(frame, /offline check: no problems found\n✔ Access Analyzer: no findings\n/);
				} finally {
					app.unmount();
				}
			}

			for (const snippet of snippets) {
				// What the screen does on "a": read the policy in place with the owner's profile, rebuild over it, write.
				const read = await controller.readCurrentPolicy(snippet, owner);
				assert.ok(read.ok, JSON.stringify(read));
				const rebuilt = rebuildOverCurrent(input, ids, snippet.id, read.text);
				assert.ok(rebuilt?.snippet.diff, `${snippet.id} changes nothing`);
				const applied = await controller.applySnippet(rebuilt.snippet as Snippet, owner, read.text);
				assert.deepEqual(applied, {ok: true});
			}

			controller.dispatch({type: 'policies-done'});
			await until(controller, (s) => s.phase.kind === 'checks', 'back on the checks');
			controller.dispatch({type: 'checks-choice', choice: 'recheck'});
			const second = await until(controller, (s) => checksDone(s) && s.checks!.results.every((r) => r.status !== 'pending' && r.status !== 'running'), 'the checks again');
			for (const result of second.checks!.results) {
				const expected = fixed[result.id];
				if (expected) assert.equal(result.status, expected, `${result.id}\n${describeChecks(second)}`);
				else assert.ok(['passed', 'skipped', 'warning'].includes(result.status), `${result.id}\n${describeChecks(second)}`);
			}
			assert.notEqual(second.checks!.overall, 'failed');

			controller.dispatch({type: 'checks-choice', choice: 'start'});
			const end = await until(
				controller,
				(s) => s.phase.kind === 'export' && ['completed', 'failed', 'start-failed'].includes(s.phase.run.status),
				'the end of the export',
			);
			assert.ok(end.phase.kind === 'export');
			assert.equal(end.phase.run.status, 'completed', JSON.stringify(end.phase.run.description ?? end.phase.run.problem));
			assert.equal(sandbox.stats.exportsStarted, 1);
		} finally {
			controller.dispose();
			await sandbox.stop();
		}
	});
}

test('the policies screen: a spinner while AWS is asked, then each verdict under the offline check, findings in Notes', async () => {
	const {sandbox, controller} = await start('missing-permission');
	try {
		await runChecksThroughWizard(controller, sandbox);
		controller.dispatch({type: 'checks-choice', choice: 'policies'});
		const policies = await until(controller, (s) => s.phase.kind === 'policies', 'the policies screen');
		let answer!: (value: LiveValidations) => void;
		const asked: Snippet[][] = [];
		const fake = {
			readCallerInlinePolicy: controller.readCallerInlinePolicy.bind(controller),
			readCurrentPolicy: controller.readCurrentPolicy.bind(controller),
			applySnippet: controller.applySnippet.bind(controller),
			dispatch: controller.dispatch,
			validateSnippets: (snippets: Snippet[]) => {
				asked.push(snippets);
				return new Promise<LiveValidations>((resolve) => (answer = resolve));
			},
		};
		const app = await renderApp(React.createElement(PoliciesView, {state: policies, controller: fake, onDone: () => {}}), {columns: 80, rows: 30});
		try {
			await app.waitFor('Inline policy "ddb-export" of role DataExporter');
			await app.press(KEYS.enter);
			const running = await app.waitFor('IAM simulator: asking AWS…');
			assert.match(running, /Access Analyzer: asking AWS…/);
			assert.deepEqual(asked.map((s) => s.map((x) => x.id)), [['caller-identity-policy']], 'asked once, when the screen opened');
			answer({
				'caller-identity-policy': {
					accessAnalyzer: {status: 'done', findings: [{findingType: 'WARNING', issueCode: 'MISSING_VERSION', details: 'Add a Version element.'}, {findingType: 'SUGGESTION', issueCode: 'EMPTY_ARRAY_RESOURCE', details: 'Add a resource.'}]},
					simulator: {status: 'unknown', reason: 'you may not call iam:SimulateCustomPolicy'},
				},
			});
			const done = await app.waitFor('? IAM simulator: unknown — you may not call iam:SimulateCustomPolicy');
			// Wrapped at words, never cut; Notes has every finding in full.
			assert.match(done, /! Access Analyzer: 1 warning, 1 suggestion \(MISSING_VERSION: Add a Version\s+element\.\)\n/);
			for (const line of done.split('\n')) assert.ok(line.length <= 80, `wider than 80 columns: ${line}`);
			await app.press('d');
			await app.waitFor('The offline check found no problems');
			await app.press(KEYS.down);
			await app.press(KEYS.down);
			const notes = await app.waitFor('Access Analyzer SUGGESTION EMPTY_ARRAY_RESOURCE: Add a resource.');
			// The inline policy was read when the screen opened (there is none): no note of
			// its own, the two findings.
			assert.match(notes, /IAM policy for role DataExporter\s+new policy/);
			assert.match(notes, /Notes \(2\)/, 'the two findings');
			assert.match(notes, /! Access Analyzer WARNING MISSING_VERSION: Add a Version element\./);
		} finally {
			app.unmount();
		}
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});

// A boundary or an SCP cannot be fixed by the caller: the advice is the exact statement an
// administrator adds, in the exact policy, labelled for the account that can change it, and
// never the caller's identity policy (which the simulator would call sufficient).
const ADMIN_CASES = [
	{
		scenario: 'permissions-boundary',
		snippet: 'permissions-boundary' as const,
		cause: /permissions boundary arn:aws:iam::111111111111:policy\/DataExporterBoundary refuses dynamodb:ExportTableToPointInTime: .*"EverythingButExports" allows everything except it/,
		who: /^an IAM administrator of account 111111111111/,
		command: 'aws iam create-policy-version --policy-arn arn:aws:iam::111111111111:policy/DataExporterBoundary --policy-document file://permissions-boundary.json --set-as-default',
	},
	{
		scenario: 'scp-deny',
		snippet: 'scp-exemption' as const,
		cause: /DenyDataExport \(arn:aws:organizations::111111111111:policy\/o-abc123\/service_control_policy\/p-deny1234\), DenyExports: denies dynamodb:ExportTableToPointInTime .*DenyDataExport is attached to account 111111111111\./,
		who: /^an administrator of the organisation's management account 111111111111$/,
		command: 'aws organizations update-policy --policy-id p-deny1234 --content file://scp-p-deny1234.json',
	},
];

for (const {scenario, snippet: id, cause, who, command} of ADMIN_CASES) {
	test(`${scenario}: the advice is the administrator's statement in the policy that refuses, not an identity policy`, async () => {
		const {sandbox, controller} = await start(scenario);
		try {
			const first = await runChecksThroughWizard(controller, sandbox);
			const failed = first.checks!.results.filter((r) => r.status === 'failed');
			const causes = failed.map((r) => r.cause).join('\n');
			assert.match(causes, cause);
			assert.ok(failed.every((r) => r.fix?.snippet === id), describeChecks(first));

			controller.dispatch({type: 'checks-choice', choice: 'policies'});
			const policies = await until(controller, (s) => s.phase.kind === 'policies', 'the policies screen');
			const {input, ids, snippets} = offeredOn(policies);
			assert.deepEqual(ids, [id]);
			const all = offeredSnippets(input, policies.checks!.results, true).all.map((s) => s.id);
			assert.ok(!all.includes('caller-identity-policy'), `the identity policy is not offered at all: ${all.join(', ')}`);
			const [snippet] = snippets;
			assert.match(snippet!.appliesTo.who, who);
			assert.equal(snippet!.appliesTo.account, '111111111111');
			assert.equal(snippet!.applyCommand, command);
			const result = await controller.applySnippet(snippet!, 'admin', null);
			assert.equal(result.ok, false, 'never applied from here');

			// The document the administrator gets lets the caller's role export.
			const role = 'arn:aws:iam::111111111111:role/DataExporter';
			const decision = evaluatePolicy(
				snippet!.document,
				{principalArn: `${role.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/alice`, principalAccount: '111111111111', principalRoleArn: role, action: 'dynamodb:ExportTableToPointInTime', resource: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders', context: {}},
				{kind: 'identity'},
			);
			if (id === 'scp-exemption') {
				assert.notEqual(decision.decision, 'explicit-deny');
				assert.deepEqual(snippet!.statements[0]!.Condition, {ArnNotLike: {'aws:PrincipalArn': role}});
			} else {
				assert.equal(decision.decision, 'allow');
			}
		} finally {
			controller.dispose();
			await sandbox.stop();
		}
	});
}

test('a policy changed by someone else between the read and the "y" is not overwritten: the new diff is asked about again', async () => {
	const {sandbox, controller} = await start('kms-key-policy');
	try {
		await runChecksThroughWizard(controller, sandbox);
		controller.dispatch({type: 'checks-choice', choice: 'policies'});
		const policies = await until(controller, (s) => s.phase.kind === 'policies', 'the policies screen');
		const {input, ids, snippets} = offeredOn(policies);
		const snippet = snippets[0]!;
		const target = applyTarget(snippet, input.plan);
		assert.ok(target?.kind === 'key');

		// The apply screen opens: the policy is read and the change is built over it.
		const first = await controller.readCurrentPolicy(snippet, 'admin');
		assert.ok(first.ok);
		const confirmed = rebuildOverCurrent(input, ids, snippet.id, first.text)!.snippet;

		// Meanwhile another administrator adds a statement of their own.
		const theirs = JSON.parse(first.text!) as {Statement: unknown[]};
		theirs.Statement.push({Sid: 'SomeoneElsesChange', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::111111111111:role/Auditor'}, Action: 'kms:DescribeKey', Resource: '*'});
		const other = createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1}).session({profile: 'admin', region: target.region});
		await other.putKeyPolicy(target.arn, target.region, JSON.stringify(theirs));

		// "y", minutes later: the policy is read again, found changed, and nothing is written.
		const refused = await controller.applySnippet(confirmed, 'admin', first.text);
		assert.ok(!refused.ok && 'changed' in refused, JSON.stringify(refused));
		assert.match(refused.changed.current ?? '', /SomeoneElsesChange/);
		assert.match(sandbox.world.keyPolicy(target.arn) ?? '', /SomeoneElsesChange/);
		assert.doesNotMatch(sandbox.world.keyPolicy(target.arn) ?? '', new RegExp(confirmed.statements.map((s) => s.Sid).filter(Boolean).join('|') || '^$'));

		// Rebuilt over the policy now in place and confirmed again: both changes are kept.
		const again = rebuildOverCurrent(input, ids, snippet.id, refused.changed.current)!.snippet;
		assert.match(again.diff ?? '', /\+/);
		assert.deepEqual(await controller.applySnippet(again, 'admin', refused.changed.current), {ok: true});
		const now = sandbox.world.keyPolicy(target.arn) ?? '';
		assert.match(now, /SomeoneElsesChange/);
		for (const statement of confirmed.statements) if (statement.Sid) assert.ok(now.includes(statement.Sid), `${statement.Sid} missing in ${now}`);
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});

/** Starts the export from the checks screen and waits for its end and, when it failed, for the policies read again. */
async function exportToTheEnd(controller: WizardController, choice: 'start' | 'start-anyway' = 'start'): Promise<WizardState> {
	controller.dispatch({type: 'checks-choice', choice});
	return until(
		controller,
		(s) => s.phase.kind === 'export' && ['completed', 'start-failed'].includes(s.phase.run.status) || (s.phase.kind === 'export' && s.phase.run.status === 'failed' && s.phase.run.reread?.status !== 'reading'),
		'the end of the export',
	);
}

function explanationOf(state: WizardState) {
	assert.ok(state.phase.kind === 'export' && state.phase.run.status === 'failed', JSON.stringify(state.phase).slice(0, 400));
	const {run} = state.phase;
	assert.equal(run.reread?.status, 'done');
	const identity = state.loaded.identity.status === 'ready' ? state.loaded.identity.value : undefined;
	return explainFailedExport(run.description!, identity, run.plan, run.reread?.status === 'done' ? run.reread.results : undefined);
}

/** What the bucket owner does by hand with the AWS CLI: put-bucket-policy with the statement changed. */
async function editBucketPolicy(sandbox: Sandbox, profile: string, edit: (statements: Array<Record<string, unknown>>) => Array<Record<string, unknown>>): Promise<void> {
	const session = createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1}).session({profile, region: 'us-east-1'});
	const current = JSON.parse((await session.bucketPolicy('orders-exports', 'us-east-1'))!) as {Statement: Array<Record<string, unknown>>};
	await session.putBucketPolicy('orders-exports', 'us-east-1', JSON.stringify({...current, Statement: edit(current.Statement)}));
}

async function recheckAfterFailure(controller: WizardController): Promise<WizardState> {
	controller.dispatch({type: 'finished-choice', choice: 'recheck'});
	return until(controller, (s) => checksDone(s) && s.checks!.results.every((r) => r.status !== 'pending' && r.status !== 'running'), 'the checks again');
}

async function openPolicies(controller: WizardController): Promise<WizardState> {
	controller.dispatch({type: 'checks-choice', choice: 'policies'});
	return until(controller, (s) => s.phase.kind === 'policies', 'the policies screen');
}

/** What the policies screen does on "a" with `profile`: read the bucket policy in place, rebuild over it, write. */
async function applyOfferedBucketPolicy(controller: WizardController, policies: WizardState, profile: string): Promise<Snippet> {
	const {input, ids, snippets} = offeredOn(policies);
	assert.deepEqual(ids, ['bucket-policy']);
	const read = await controller.readCurrentPolicy(snippets[0]!, profile);
	assert.ok(read.ok, JSON.stringify(read));
	const rebuilt = rebuildOverCurrent(input, ids, 'bucket-policy', read.text)!;
	assert.deepEqual(await controller.applySnippet(rebuilt.snippet, profile, read.text), {ok: true});
	return rebuilt.snippet;
}

/** Back from the policies screen, and the checks run again to their end. */
async function recheckFromPolicies(controller: WizardController): Promise<WizardState> {
	controller.dispatch({type: 'policies-done'});
	await until(controller, (s) => s.phase.kind === 'checks', 'back on the checks');
	controller.dispatch({type: 'checks-choice', choice: 'recheck'});
	return until(controller, (s) => checksDone(s) && s.checks!.results.every((r) => r.status !== 'pending' && r.status !== 'running'), 'the checks again');
}

function assertAllPass(state: WizardState): void {
	for (const r of state.checks!.results) assert.ok(['passed', 'skipped'].includes(r.status), `${r.id}\n${describeChecks(state)}`);
}

test('export-fails: the failure is explained by the statement that denies now, its account and fix; following it completes the export', async () => {
	const {sandbox, controller} = await start('export-fails');
	try {
		const first = await runChecksThroughWizard(controller, sandbox);
		assertAllPass(first);
		const failed = await exportToTheEnd(controller);
		const explained = explanationOf(failed);
		const text = explained.details.join('\n');
		assert.equal(explained.reread, true);
		assert.match(text, /Statement "FreezeDuringMaintenance" of the bucket policy of orders-exports \(account 111111111111\) explicitly denies/);
		assert.match(text, /Fix: Have account 111111111111 remove or narrow statement "FreezeDuringMaintenance".*aws s3api get-bucket-policy --bucket orders-exports/);
		// Nothing that does not exist: no encryption rule, no source-IP rule, no bucket owner, no "possible".
		assert.doesNotMatch(text, /SSE-KMS|SourceIp|S3BucketOwner|Possible/);
		assert.deepEqual(explained.likelyChecks, ['bucket-policy']);
		// The failure message is whole in the view.
		const app = await renderApp(React.createElement(ExportView, {state: failed, onFinished: () => {}}));
		try {
			const frame = await app.waitFor('FreezeDuringMaintenance');
			assert.match(frame.replace(/\n\s*/g, ' '), /Proxy: null\)/);
		} finally {
			app.unmount();
		}

		await editBucketPolicy(sandbox, 'admin', (statements) => statements.filter((s) => s.Sid !== 'FreezeDuringMaintenance'));
		assertAllPass(await recheckAfterFailure(controller));
		const end = await exportToTheEnd(controller);
		assert.ok(end.phase.kind === 'export' && end.phase.run.status === 'completed', describeChecks(end));
		// The failed export's token is spent: the same token would only return the failed export.
		assert.equal(sandbox.stats.exportsStarted, 2);
		assert.ok(failed.phase.kind === 'export' && end.phase.run.clientToken !== failed.phase.run.clientToken);
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});

test('source-ip: the risk names OnlyFromTheOffice, the failure names it with its account, and the generated bucket policy fixes it', async () => {
	const {sandbox, controller} = await start('source-ip');
	try {
		const first = await runChecksThroughWizard(controller, sandbox);
		const risk = first.checks!.results.find((r) => r.id === 'bucket-policy')!;
		assert.equal(risk.status, 'warning');
		assert.match(risk.summary, /statement "OnlyFromTheOffice"/);
		const failed = await exportToTheEnd(controller);
		const text = explanationOf(failed).details.join('\n');
		assert.match(text, /Statement "OnlyFromTheOffice" of the bucket policy of orders-exports \(account 111111111111\) denies s3:PutObject/);
		assert.match(text, /"Bool": \{"aws:ViaAWSService": "false"\} to statement "OnlyFromTheOffice"/);
		assert.doesNotMatch(text, /SSE-KMS|S3BucketOwner|Possible/);

		await recheckAfterFailure(controller);
		const applied = await applyOfferedBucketPolicy(controller, await openPolicies(controller), 'admin');
		const office = applied.document.Statement.find((s) => s.Sid === 'OnlyFromTheOffice')!;
		assert.deepEqual(office.Condition, {NotIpAddress: {'aws:SourceIp': '127.0.0.1/32'}, Bool: {'aws:ViaAWSService': 'false'}});
		assert.equal(applied.document.Statement.length, 2, 'no grant added in the same account');
		assertAllPass(await recheckFromPolicies(controller));
		const end = await exportToTheEnd(controller);
		assert.ok(end.phase.kind === 'export' && end.phase.run.status === 'completed');
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});

test('bucket-requires-kms: the first fix names the keys the bucket accepts; with KMS the part upload is a risk naming the statement, and its Null fix completes the export', async () => {
	{
		const {sandbox, controller} = await start('bucket-requires-kms');
		try {
			const first = await runChecksThroughWizard(controller, sandbox);
			const policy = first.checks!.results.find((r) => r.id === 'bucket-policy')!;
			assert.equal(policy.status, 'failed');
			assert.match(policy.fix!.text, /Choose KMS encryption: the bucket accepts SSE-KMS \(aws:kms\) with any KMS key \(statement "RequireKmsEncryption"\)/);
		} finally {
			controller.dispose();
			await sandbox.stop();
		}
	}
	// Following it: KMS with the account's export key.
	const {sandbox, controller} = await start('bucket-requires-kms', {sse: 'KMS', kmsKey: 'alias/exports'});
	try {
		const first = await runChecksThroughWizard(controller, sandbox);
		assert.notEqual(first.checks!.overall, 'failed', describeChecks(first));
		const probe = first.checks!.results.find((r) => r.id === 'write-probe')!;
		const policy = first.checks!.results.find((r) => r.id === 'bucket-policy')!;
		// Never a failure for a write the export may not make; a risk naming the statement and its fix.
		assert.equal(probe.status, 'warning', describeChecks(first));
		assert.equal(policy.status, 'warning', describeChecks(first));
		for (const r of [probe, policy]) {
			assert.match(r.cause!, /"RequireKmsEncryption"/);
			assert.match(r.fix!.text, /"Null": \{"s3:x-amz-server-side-encryption": "false"\} to statement "RequireKmsEncryption"/);
			assert.equal(r.fix!.snippet, 'bucket-policy');
		}
		// The sandbox writes data files in parts: as the risk says, the export fails, and says why.
		const failed = await exportToTheEnd(controller);
		assert.match(explanationOf(failed).details.join('\n'), /"RequireKmsEncryption" of the bucket policy of orders-exports \(account 111111111111\)/);

		await recheckAfterFailure(controller);
		const applied = await applyOfferedBucketPolicy(controller, await openPolicies(controller), 'admin');
		assert.deepEqual(applied.document.Statement.find((s) => s.Sid === 'RequireKmsEncryption')!.Condition, {
			StringNotEquals: {'s3:x-amz-server-side-encryption': 'aws:kms'},
			Null: {'s3:x-amz-server-side-encryption': 'false'},
		});
		assertAllPass(await recheckFromPolicies(controller));
		const end = await exportToTheEnd(controller);
		assert.ok(end.phase.kind === 'export' && end.phase.run.status === 'completed');
		// The statement was narrowed, not removed: it still refuses a request that states AES256.
		const aes = evaluatePolicy(
			applied.document,
			{principalArn: 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice', principalAccount: '111111111111', action: 's3:PutObject', resource: 'arn:aws:s3:::orders-exports/exports/orders/x', context: {'s3:x-amz-server-side-encryption': 'AES256'}},
			{kind: 'resource'},
		);
		assert.equal(aes.decision, 'explicit-deny');
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});

test('cross-account bucket typed under "This account": the owner is said to be unknown everywhere, set in place, and the policy applied in its account completes the export', async () => {
	const {sandbox, controller} = await start('cross-account', {destination: 'this-account', bucketOwner: undefined});
	try {
		const first = await runChecksThroughWizard(controller, sandbox);
		const byId = (state: WizardState, id: CheckId) => state.checks!.results.find((r) => r.id === id)!;
		const bucket = byId(first, 'bucket');
		assert.equal(bucket.status, 'failed');
		assert.match(bucket.summary, /which account owns it is not known/);
		assert.deepEqual(bucket.fix?.action, {kind: 'set-bucket-owner'});
		assert.match(byId(first, 'bucket-policy').summary, /the account that owns analytics-landing/);
		const probe = byId(first, 'write-probe');
		assert.doesNotMatch(probe.fix!.text, /identity policy/);
		assert.equal(probe.fix!.snippet, 'bucket-policy');
		// Nothing names this account as the owner.
		for (const r of first.checks!.results) assert.doesNotMatch(`${r.summary} ${r.cause ?? ''} ${r.fix?.text ?? ''}`, /account 111111111111 \(bucket owner\)|Have account 111111111111/, r.id);

		const policies = await openPolicies(controller);
		const {ids, snippets} = offeredOn(policies);
		assert.deepEqual(ids, ['bucket-policy'], 'no identity policy: the caller\'s IAM allows the export');
		assert.equal(snippets[0]!.appliesTo.who, 'an administrator of the account that owns analytics-landing (its id is not known yet)');
		assert.equal(snippets[0]!.appliesTo.account, '');
		assert.doesNotMatch(snippets[0]!.applyCommand, /expected-bucket-owner/);
		const refused = await controller.applySnippet(snippets[0]!, 'analytics-admin', null);
		assert.equal(refused.ok, false, 'not applied while the owner is unknown');
		assert.ok(!refused.ok && 'problem' in refused && /set the bucket owner \(S3BucketOwner\)/.test(refused.problem.cause ?? refused.problem.title), JSON.stringify(refused));
		controller.dispatch({type: 'policies-done'});
		await until(controller, (s) => s.phase.kind === 'checks', 'back on the checks');

		// "Set the bucket owner (S3BucketOwner) to: ____", typed in place: a wrong id changes nothing.
		controller.dispatch({type: 'checks-choice', choice: 'fix:bucket', owner: '2222'});
		const unchanged = controller.getState().phase;
		assert.ok(unchanged.kind === 'checks' && unchanged.plan.bucketOwner === undefined);
		controller.dispatch({type: 'checks-choice', choice: 'fix:bucket', owner: '222222222222'});
		const owned = await until(controller, (s) => checksDone(s) && s.phase.kind === 'checks' && s.phase.plan.bucketOwner === '222222222222', 'the checks with the owner');
		assert.equal(byId(owned, 'bucket-policy').status, 'failed');
		assert.match(byId(owned, 'bucket-policy').fix!.text, /Have account 222222222222 add the generated statement/);

		const again = await openPolicies(controller);
		const offered = offeredOn(again);
		assert.equal(offered.snippets[0]!.appliesTo.account, '222222222222');
		assert.match(offered.snippets[0]!.applyCommand, /--expected-bucket-owner 222222222222/);
		await applyOfferedBucketPolicy(controller, again, 'analytics-admin');
		const fixed = await recheckFromPolicies(controller);
		assert.notEqual(fixed.checks!.overall, 'failed', describeChecks(fixed));
		assert.equal(byId(fixed, 'write-probe').status, 'passed', describeChecks(fixed));
		const end = await exportToTheEnd(controller);
		assert.ok(end.phase.kind === 'export' && end.phase.run.status === 'completed', JSON.stringify(end.phase).slice(0, 300));
		assert.equal(end.phase.run.plan.bucketOwner, '222222222222');
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});

test('the checks screen asks for the unknown bucket owner in place: a wrong id is refused with the rule, a right one is sent', async () => {
	const {sandbox, controller} = await start('cross-account', {destination: 'this-account', bucketOwner: undefined});
	try {
		const state = await runChecksThroughWizard(controller, sandbox);
		const chosen: Array<[string, string | undefined]> = [];
		const app = await renderApp(React.createElement(ChecksView, {state, onChoice: (choice: string, owner?: string) => chosen.push([choice, owner]), onBack: () => {}}));
		try {
			await app.waitFor('❯ Set the bucket owner (S3BucketOwner) to: ____');
			await app.press(KEYS.enter);
			await app.waitFor('Set the bucket owner (S3BucketOwner) to:\n›');
			await app.type('2222');
			await app.press(KEYS.enter);
			await app.waitFor('exactly 12 digits');
			assert.deepEqual(chosen, []);
			await app.type('22222222');
			await app.press(KEYS.enter);
			assert.deepEqual(chosen, [['fix:bucket', '222222222222']]);
		} finally {
			app.unmount();
		}
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});
