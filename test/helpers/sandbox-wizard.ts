// The wizard's controller on a sandbox scenario, as the end-to-end tests drive it: every
// answer given up front (as flags would be), the profile and the review answered, the
// checks run to their end. Environment changes are undone after the test file.

import {after} from 'node:test';
import {rmSync} from 'node:fs';
import {createAwsGateway} from '../../source/aws/gateway.js';
import {WizardController} from '../../source/core/wizard/controller.js';
import {draftFromPlan} from '../../source/core/wizard/draft-from-plan.js';
import type {Draft} from '../../source/core/wizard/fields.js';
import type {WizardState} from '../../source/core/wizard/state.js';
import assert from 'node:assert/strict';
import {startSandbox} from '../../source/sandbox/index.js';
import {useSandboxProfiles} from './sandbox-profiles.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const dirs: string[] = [];
const saved = {config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE, profile: process.env.AWS_PROFILE, region: process.env.AWS_REGION};
after(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
	for (const [name, value] of [
		['AWS_CONFIG_FILE', saved.config],
		['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
		['AWS_PROFILE', saved.profile],
		['AWS_REGION', saved.region],
	] as const) {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
});

/** Every answer given up front, as flags would: the wizard asks only the profile and the review. */
function givenDraft(sandbox: Sandbox): Partial<Draft> {
	return {...draftFromPlan(sandbox.defaultPlan, sandbox.defaultProfile), format: 'DYNAMODB_JSON', exportType: 'FULL_EXPORT', timeMode: 'latest'};
}

/** `changes`: answers given differently from the scenario's plan (as flags would). */
export async function start(scenario: string, changes: Partial<Draft> = {}): Promise<{sandbox: Sandbox; controller: WizardController}> {
	const sandbox = await startSandbox({scenario, exportDurationMs: 200});
	dirs.push(useSandboxProfiles(sandbox, 'ddb-export-fix-'));
	delete process.env.AWS_PROFILE;
	delete process.env.AWS_REGION;
	let tokens = 0;
	const controller = new WizardController({
		gateway: createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1}),
		given: {...givenDraft(sandbox), ...changes},
		probe: true,
		settings: {pollScheduleMs: [50, 100, 100]},
		makeClientToken: () => `fix-e2e-${++tokens}`,
	});
	return {sandbox, controller};
}

/** Resolves with the first state (the current one included) that satisfies `predicate`. */
export function until(controller: WizardController, predicate: (state: WizardState) => boolean, what: string, timeoutMs = 10_000): Promise<WizardState> {
	return new Promise((resolve, reject) => {
		const done = (state: WizardState) => {
			clearTimeout(timer);
			unsubscribe();
			resolve(state);
		};
		const timer = setTimeout(() => {
			unsubscribe();
			reject(new Error(`Timed out waiting for ${what}; phase: ${JSON.stringify(controller.getState().phase).slice(0, 300)}`));
		}, timeoutMs);
		const unsubscribe = controller.subscribe((state) => {
			if (predicate(state)) done(state);
		});
		const now = controller.getState();
		if (predicate(now)) done(now);
	});
}

export const checksDone = (state: WizardState) => state.phase.kind === 'checks' && state.checks?.status === 'done';

export function describeChecks(state: WizardState): string {
	return (state.checks?.results ?? []).map((r) => `${r.id}: ${r.status} — ${r.summary}`).join('\n');
}

const answered = (status: string) => status === 'ready' || status === 'failed';

/** Profile, then the review (once what it shows has loaded, or was refused), then the checks to their end. */
export async function runChecksThroughWizard(controller: WizardController, sandbox: Sandbox): Promise<WizardState> {
	await until(controller, (s) => s.loaded.profiles.status === 'ready', 'the profiles');
	controller.dispatch({type: 'answer', value: sandbox.defaultProfile});
	await until(
		controller,
		(s) => s.phase.kind === 'asking' && s.phase.field === 'review' && answered(s.loaded.table.status) && answered(s.loaded.bucketRegion.status),
		'the review',
	);
	controller.dispatch({type: 'answer', value: 'run-checks'});
	return until(controller, checksDone, 'the checks');
}


/** "Start the export" on the checks screen, then watches it to its end; asserts it completed. */
export async function startExportToCompletion(controller: WizardController): Promise<WizardState> {
	controller.dispatch({type: 'checks-choice', choice: 'start'});
	const end = await until(controller, (s) => s.phase.kind === 'export' && ['completed', 'failed', 'start-failed'].includes(s.phase.run.status), 'the end of the export');
	assert.ok(end.phase.kind === 'export');
	assert.equal(end.phase.run.status, 'completed', JSON.stringify(end.phase.run.description ?? end.phase.run.problem));
	return end;
}
