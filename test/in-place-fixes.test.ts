// Fixes the wizard makes itself, against the sandbox: the failing check names the exact
// command, the checks screen offers it, a yes makes it, only the checks it affects run
// again, they pass, and the export completes. A caller who may not make the change is
// told who must run the command instead, and is not offered it.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {checksDone, describeChecks, runChecksThroughWizard, start, startExportToCompletion, until} from './helpers/sandbox-wizard.js';
import type {CheckId} from '../source/core/checks/types.js';
import {checksChoices} from '../source/core/wizard/field-options.js';
import type {WizardState} from '../source/core/wizard/state.js';
import {createAwsGateway} from '../source/aws/gateway.js';
import type {Sandbox} from './helpers/sandbox-wizard.js';

/** The sandbox's admin, to change the world the way another person would. */
function admin(sandbox: Sandbox) {
	return createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1}).session({profile: 'admin', region: 'us-east-1'});
}

/** Replaces an inline policy of the caller's role with one that allows only a harmless read. */
async function takeAway(sandbox: Sandbox, policyName: string): Promise<void> {
	const harmless = JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 'kms:ListAliases', Resource: '*'}]});
	await admin(sandbox).putInlinePolicy({type: 'role', name: 'DataExporter'}, policyName, harmless);
}

interface Case {
	scenario: string;
	failing: CheckId;
	label: RegExp;
	command: string;
	/** Checks that must keep their first result (not run again). */
	kept: CheckId[];
	/** Checks that must not pass after the fix for reasons outside this fix (none yet). */
}

const KEY = 'arn:aws:kms:us-east-1:111111111111:key/e6757fb4-575e-4a79-aa77-e3f5e7d03800';

const CASES: Case[] = [
	{
		scenario: 'pitr-off',
		failing: 'pitr',
		label: /^Turn on point-in-time recovery for this table$/,
		command: 'aws dynamodb update-continuous-backups --table-name audit-log --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true --profile default --region us-east-1',
		kept: ['credentials', 'table', 'bucket', 'bucket-policy', 'permissions', 'write-probe'],
	},
	{
		scenario: 'key-disabled',
		failing: 'kms-key',
		label: /^Enable the KMS key e6757fb4-/,
		command: `aws kms enable-key --key-id ${KEY} --profile default --region us-east-1`,
		kept: ['credentials', 'table', 'pitr', 'bucket', 'bucket-policy'],
	},
	{
		scenario: 'requester-pays',
		failing: 'bucket',
		label: /^Turn Requester Pays off for bucket orders-exports$/,
		command: 'aws s3api put-bucket-request-payment --bucket orders-exports --request-payment-configuration Payer=BucketOwner --profile default --region us-east-1',
		kept: ['credentials', 'table', 'pitr', 'bucket-policy', 'permissions'],
	},
	{
		scenario: 'bucket-missing',
		failing: 'bucket',
		label: /^Create bucket orders-exports-archive in us-east-1$/,
		command: 'aws s3api create-bucket --bucket orders-exports-archive --profile default --region us-east-1',
		kept: ['credentials', 'table', 'pitr'],
	},
];

const result = (state: WizardState, id: CheckId) => state.checks!.results.find((r) => r.id === id)!;

for (const {scenario, failing, label, command, kept} of CASES) {
	test(`${scenario}: the in-place fix shows its command, then only the affected checks run again and the export completes`, async () => {
		const {sandbox, controller} = await start(scenario);
		try {
			const first = await runChecksThroughWizard(controller, sandbox);
			const failed = result(first, failing);
			assert.equal(failed.status, 'failed', describeChecks(first));
			assert.equal(failed.fix?.command, command);
			const choice = checksChoices(first).find((c) => c.value === `fix:${failing}`);
			assert.ok(choice, `offered: ${checksChoices(first).map((c) => c.label).join(' | ')}`);
			assert.match(choice.label, label);

			controller.dispatch({type: 'checks-choice', choice: `fix:${failing}`});
			const second = await until(controller, (s) => checksDone(s) && !s.checks!.fixing, 'the checks after the fix');
			assert.equal(second.checks!.problem, undefined, JSON.stringify(second.checks!.problem));
			for (const id of kept) assert.deepEqual(result(second, id), result(first, id), `${id} ran again`);
			assert.equal(result(second, failing).status, 'passed', describeChecks(second));
			assert.equal(second.checks!.overall, 'passed', describeChecks(second));

			await startExportToCompletion(controller);
		} finally {
			controller.dispose();
			await sandbox.stop();
		}
	});
}

test('a caller whose policies do not allow the change is not offered it, and is told who runs the command', async () => {
	const {sandbox, controller} = await start('key-disabled');
	try {
		await takeAway(sandbox, 'EnableExportsKey');
		const first = await runChecksThroughWizard(controller, sandbox);
		const failed = result(first, 'kms-key');
		assert.equal(failed.fix?.action, undefined);
		assert.equal(failed.fix?.command, `aws kms enable-key --key-id ${KEY} --profile default --region us-east-1`);
		assert.match(failed.fix!.text, /You may not \(kms:EnableKey\): someone who may runs the command\./);
		assert.ok(!checksChoices(first).some((c) => c.value.startsWith('fix:')));
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});

test('a refused fix says why and changes nothing; the checks keep their results', async () => {
	const {sandbox, controller} = await start('requester-pays');
	try {
		const first = await runChecksThroughWizard(controller, sandbox);
		// Allowed when the checks ran; taken away before the yes.
		await takeAway(sandbox, 'ManageRequestPayment');
		controller.dispatch({type: 'checks-choice', choice: 'fix:bucket'});
		const after = await until(controller, (s) => Boolean(s.checks?.problem), 'the refusal');
		assert.match(after.checks!.problem!.title, /Access denied: s3:PutBucketRequestPayment/);
		assert.deepEqual(after.checks!.results, first.checks!.results);
		assert.equal(await admin(sandbox).bucketRequestPayment('orders-exports', 'us-east-1'), 'Requester');
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});

test('bucket-requires-kms: switching the plan to the encryption the bucket demands is a plan change: nothing in AWS, the review follows', async () => {
	const {sandbox, controller} = await start('bucket-requires-kms');
	try {
		const first = await runChecksThroughWizard(controller, sandbox);
		const failed = result(first, 'bucket-policy');
		assert.equal(failed.status, 'failed', describeChecks(first));
		assert.deepEqual(failed.fix?.action, {kind: 'use-encryption', sse: 'KMS'});
		assert.match(failed.fix!.command!, /--s3-sse-algorithm KMS --export-format DYNAMODB_JSON/);
		const choice = checksChoices(first).find((c) => c.value === 'fix:bucket-policy');
		assert.equal(choice?.label, 'Encrypt with SSE-KMS, AWS managed key aws/s3 instead');
		controller.dispatch({type: 'checks-choice', choice: 'fix:bucket-policy'});
		const second = await until(controller, (s) => checksDone(s) && s.phase.kind === 'checks' && s.phase.plan.sse === 'KMS', 'the checks after the change');
		assert.equal(second.draft.sse, 'KMS');
		// Passed, or a risk for parts uploaded without the header (item 2's statement repair): no longer a failure.
		assert.ok(['passed', 'warning'].includes(result(second, 'bucket-policy').status), describeChecks(second));
		assert.notEqual(second.checks!.overall, 'failed', describeChecks(second));
		for (const id of ['credentials', 'table', 'pitr', 'bucket'] as const) assert.deepEqual(result(second, id), result(first, id), `${id} ran again`);
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});
