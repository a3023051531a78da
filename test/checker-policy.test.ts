// The policy loop reaches clean checks (issue 13, item 7). A caller holding only the
// generated caller policy gets checks that cannot answer for want of reads; they offer
// the read-only checker policy; applied, every check answers and the export completes.
// The checker's actions are the calls ddb-export actually makes: every operation the
// sandbox saw in whole runs is a listed read, the export's own, or a change made after a
// yes; and the README lists them all.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {checksDone, describeChecks, runChecksThroughWizard, start, startExportToCompletion, until, type Sandbox} from './helpers/sandbox-wizard.js';
import {createAwsGateway} from '../source/aws/gateway.js';
import {CHANGES, NOT_READS, READS, checkerStatements} from '../source/core/policy/checker-statements.js';
import {callerIdentityStatements} from '../source/core/policy/export-statements.js';
import {offeredSnippets, rebuildOverCurrent, snippetInputFrom} from '../source/core/policy/delivery.js';
import type {ExportPlan} from '../source/core/plan.js';
import type {WizardState} from '../source/core/wizard/state.js';

const ROLE = 'arn:aws:iam::111111111111:role/DataExporter';

/** The caller's role holds the generated caller policy and nothing else. */
async function onlyTheCallerPolicy(sandbox: Sandbox): Promise<void> {
	const plan = {...sandbox.defaultPlan, format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'} as ExportPlan;
	const document = JSON.stringify({Version: '2012-10-17', Statement: callerIdentityStatements({plan, callerArn: ROLE, callerAccount: '111111111111'})});
	await createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1}).session({profile: 'admin', region: 'us-east-1'}).putInlinePolicy({type: 'role', name: 'DataExporter'}, 'ExportAccess', document);
}

function offered(state: WizardState) {
	assert.ok(state.phase.kind === 'policies');
	const identity = state.loaded.identity.status === 'ready' ? state.loaded.identity.value : undefined;
	const input = snippetInputFrom(state.phase.plan, state.checks?.report, identity);
	assert.ok(input);
	const {shown} = offeredSnippets(input, state.checks?.results ?? [], false);
	return {input, shown};
}

test('with only the caller policy the checks cannot answer; the checker policy, applied, makes every check answer and the export completes', async () => {
	const {sandbox, controller} = await start('healthy');
	try {
		await onlyTheCallerPolicy(sandbox);
		const first = await runChecksThroughWizard(controller, sandbox);
		const unknown = first.checks!.results.filter((r) => r.status === 'unknown' && !r.blockedBy);
		assert.ok(unknown.length >= 3, describeChecks(first));
		for (const result of unknown) assert.equal(result.fix?.snippet, 'checker-policy', `${result.id}: ${result.summary}`);

		controller.dispatch({type: 'checks-choice', choice: 'policies'});
		const policies = await until(controller, (s) => s.phase.kind === 'policies', 'the policies screen');
		const {input, shown} = offered(policies);
		assert.deepEqual(shown.map((s) => s.id), ['checker-policy']);
		const checker = shown[0]!;
		assert.equal(checker.title, 'Read-only checker policy for role DataExporter');
		assert.match(checker.applyCommand, /^aws iam put-role-policy --role-name DataExporter --policy-name ddb-export-checker --policy-document file:\/\/checker-policy\.json$/);
		// Reads only: no action that changes anything.
		const actions = checker.statements.flatMap((s) => [s.Action ?? []].flat());
		for (const action of actions) assert.match(action, /:(Get|List|Describe|Simulate|ValidatePolicy)/, action);

		const read = await controller.readCurrentPolicy(checker, 'admin');
		assert.deepEqual(read, {ok: true, text: null});
		const rebuilt = rebuildOverCurrent(input, ['checker-policy'], 'checker-policy', read.ok ? read.text : null);
		assert.ok(rebuilt);
		assert.deepEqual(await controller.applySnippet(rebuilt.snippet, 'admin', null), {ok: true});
		// The caller policy is untouched: the checker is its own inline policy.
		assert.deepEqual(Object.keys(sandbox.world.inlinePolicies(ROLE)).sort(), ['ExportAccess', 'ddb-export-checker']);

		controller.dispatch({type: 'policies-done'});
		await until(controller, (s) => s.phase.kind === 'checks', 'back on the checks');
		controller.dispatch({type: 'checks-choice', choice: 'recheck'});
		const second = await until(controller, (s) => checksDone(s) && s.checks!.results.every((r) => r.status !== 'running' && r.status !== 'pending'), 'the checks again');
		for (const result of second.checks!.results) assert.ok(['passed', 'skipped'].includes(result.status), `${result.id}\n${describeChecks(second)}`);

		await startExportToCompletion(controller);
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
});

test('every call of whole runs is a listed read, the export’s own, or a change made after a yes', async () => {
	const seen = new Set<string>();
	for (const scenario of ['healthy', 'kms-key-policy', 'cross-account', 'permissions-boundary', 'scp-deny', 'key-disabled']) {
		const {sandbox, controller} = await start(scenario);
		try {
			const state = await runChecksThroughWizard(controller, sandbox);
			controller.dispatch({type: 'checks-choice', choice: 'policies'});
			const policies = await until(controller, (s) => s.phase.kind === 'policies' || s.phase.kind === 'checks', 'the policies screen');
			if (policies.phase.kind === 'policies') {
				const {shown} = offered(policies);
				await controller.validateSnippets(shown);
			}
			assert.ok(state.checks);
			for (const operation of Object.keys(sandbox.stats.byOperation)) seen.add(operation);
		} finally {
			controller.dispose();
			await sandbox.stop();
		}
	}
	const unlisted = [...seen].filter((op) => !(op in READS) && !(op in NOT_READS) && !(op in CHANGES));
	assert.deepEqual(unlisted, [], 'calls ddb-export makes that the checker policy and the README do not list');
	// And the reads seen are most of the list (the list is not padded with calls nobody makes).
	const readsSeen = Object.keys(READS).filter((op) => seen.has(op));
	assert.ok(readsSeen.length >= 18, readsSeen.join(' '));
});

test('the checker statements hold every read, on the plan’s own table, bucket, key and role', () => {
	const plan: ExportPlan = {region: 'us-east-1', tableArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders', bucket: 'orders-exports', prefix: 'x/', sse: 'KMS', kmsKeyId: 'alias/exports', format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'};
	const statements = checkerStatements({plan, callerArn: ROLE, callerAccount: '111111111111', kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/k1'});
	const granted = new Set(statements.flatMap((s) => [s.Action ?? []].flat()));
	for (const read of Object.values(READS)) assert.ok(granted.has(read.action), read.action);
	const on = Object.fromEntries(statements.map((s) => [s.Sid, s.Resource]));
	assert.deepEqual(on, {
		DdbExportCheckerTable: plan.tableArn,
		DdbExportCheckerBucket: 'arn:aws:s3:::orders-exports',
		DdbExportCheckerKey: 'arn:aws:kms:us-east-1:111111111111:key/k1',
		DdbExportCheckerSelf: ROLE,
		DdbExportCheckerBoundary: ['arn:aws:iam::111111111111:policy/*', 'arn:aws:iam::aws:policy/*'],
		DdbExportCheckerLists: '*',
	});
	// Without KMS, no key statement.
	assert.ok(!checkerStatements({plan: {...plan, sse: 'AES256', kmsKeyId: undefined}, callerArn: ROLE, callerAccount: '111111111111'}).some((s) => s.Sid === 'DdbExportCheckerKey'));
});

test('the README lists the tool’s own permissions: every read, every change, and the export’s', () => {
	const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
	const start = readme.indexOf('## Permissions the tool uses');
	assert.ok(start >= 0, 'the README has a "Permissions the tool uses" section');
	const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
	const caller = callerIdentityStatements({plan: {region: 'us-east-1', tableArn: 'arn:aws:dynamodb:us-east-1:1:table/t', bucket: 'b', prefix: '', sse: 'KMS', kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k', format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'}, callerArn: ROLE, callerAccount: '111111111111'});
	// The checker's reads in full (a person copies them); changes and the export's own as the tables name them.
	for (const read of Object.values(READS)) assert.ok(section.includes(`\`${read.action}\``), `README does not list ${read.action} in full`);
	const named = (action: string) => section.includes(`\`${action}\``) || section.includes(`\`${action.split(':')[1]}\``);
	for (const action of new Set([...Object.keys(CHANGES), ...caller.flatMap((s) => [s.Action ?? []].flat())])) assert.ok(named(action), `README does not list ${action}`);
});
