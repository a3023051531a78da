// Every screen of every sandbox scenario fits the terminal and cuts nothing a person
// must read or copy. Each scenario is walked once the way a person pressing Enter walks
// it (the controller, against the sandbox); each screen met on the way is then drawn by
// the Ink app at 80×24, 100×30 and 60×20, with the keys that open what lies behind it
// (d on the checks; the policies list, viewer, diff and apply), and the frame is read
// the way the terminal shows it: lines longer than the terminal soft-wrap onto the next
// rows, and a copy joins them back.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {KEYS, renderApp, type Driver} from './helpers/ink.js';
import {drive} from './helpers/wizard-driver.js';
import {frameProblems} from './helpers/frame-problems.js';
import {useSandboxProfiles} from './helpers/sandbox-profiles.js';
import {App, preloadPhaseViews} from '../source/ui/app.js';
import {WizardController} from '../source/core/wizard/controller.js';
import {createAwsGateway} from '../source/aws/gateway.js';
import {SCENARIO_NAMES, startSandbox} from '../source/sandbox/index.js';
import {draftFromPlan} from '../source/core/wizard/draft-from-plan.js';
import {watchCommand} from '../source/core/render-aws-command.js';
import type {WizardEvent, WizardState} from '../source/core/wizard/state.js';
import type {CheckResult} from '../source/core/checks/types.js';

const SIZES = [
	{columns: 80, rows: 24},
	{columns: 100, rows: 30},
	{columns: 60, rows: 20},
];

const dirs: string[] = [];
before(async () => {
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
	await preloadPhaseViews();
});
after(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

/** Text as a reader takes it in: white space (wrapping, indents) does not count. */
const words = (text: string) => text.replace(/\s+/g, '');

// hostile-strings names its SCP with a 190-character string of escaped control sequences,
// in the summary and again in the fix: four failures with that cannot fit 24 rows, so its
// screen must say instead how many fixes d shows.
const FIXES_MAY_NOT_FIT = new Set(['hostile-strings']);

/**
 * What a person at this size cannot read without a key: each failed check's summary (its
 * cause in a line) and its Fix line (its cause, when it has no fix).
 */
export function unreadFailures(frame: string, results: readonly CheckResult[]): string[] {
	const shown = words(frame);
	const missing: string[] = [];
	for (const result of results) {
		if (result.status !== 'failed') continue;
		if (!shown.includes(words(result.summary))) missing.push(`${result.title}'s summary`);
		const fix = result.fix ? `Fix: ${result.fix.text}` : result.cause;
		if (fix && !shown.includes(words(fix))) missing.push(`${result.title}'s ${result.fix ? 'fix' : 'cause'}`);
	}
	return missing;
}

interface Walk {
	controller: WizardController;
	/** Screens met: a name and the state it showed. */
	screens: Array<{name: string; state: WizardState}>;
	stop: () => Promise<void>;
}

/** Walks `scenario` with Enter, remembering the state shown before each answer. */
async function walk(scenario: string): Promise<Walk> {
	const sandbox = await startSandbox({scenario, exportDurationMs: 200, faults: scenario === 'flaky' ? {rate: 0, seed: 1} : undefined});
	dirs.push(useSandboxProfiles(sandbox, 'ddb-export-screens-'));
	delete process.env.AWS_PROFILE;
	delete process.env.AWS_REGION;
	delete process.env.AWS_ACCESS_KEY_ID;
	let tokens = 0;
	const controller = new WizardController({
		gateway: createAwsGateway({endpointUrl: sandbox.endpoint}),
		defaults: draftFromPlan(sandbox.defaultPlan, sandbox.defaultProfile),
		probe: true,
		settings: {pollScheduleMs: [50, 50, 100]},
		makeClientToken: () => `screens-token-${++tokens}`,
		onExit: () => {},
	});
	const screens: Walk['screens'] = [];
	const remember = (name: string) => screens.push({name, state: controller.getState()});
	const dispatch = controller.dispatch.bind(controller);
	controller.dispatch = (event: WizardEvent) => {
		const state = controller.getState();
		if (event.type === 'answer' && state.phase.kind === 'asking') remember(`asking ${state.phase.field}`);
		if (event.type === 'checks-choice') remember('checks');
		dispatch(event);
	};
	// An MFA code is asked in the middle of loading who you are.
	const unsubscribe = controller.subscribe(() => {
		const state = controller.getState();
		if (state.mfa && !state.mfa.error && !screens.some((s) => s.name === 'mfa')) {
			remember('mfa');
			setImmediate(() => dispatch({type: 'mfa-code', code: '123456'}));
		}
	});
	const outcome = await drive(controller, {timeoutMs: 20_000});
	unsubscribe();
	const end = controller.getState();
	if (end.phase.kind === 'checks') {
		remember('checks');
		if (end.checks?.overall === 'failed') {
			dispatch({type: 'checks-choice', choice: 'policies'});
			remember('policies');
		}
	} else remember(outcome.kind === 'completed' ? 'completed' : outcome.where);
	// The same completion, had the bucket been another account's.
	const done = screens.at(-1)!.state;
	if (done.phase.kind === 'export' && done.phase.run.status === 'completed') {
		const run = {...done.phase.run, plan: {...done.phase.run.plan, bucketOwner: '222222222222'}};
		screens.push({name: "completed (another account's bucket)", state: {...done, phase: {kind: 'export', run}}});
	}
	return {
		controller,
		screens,
		stop: async () => {
			controller.dispose();
			await sandbox.stop();
		},
	};
}

/** The controller, showing `state` whatever happens (the views still call its methods). */
function showing(controller: WizardController, state: WizardState): WizardController {
	return Object.assign(Object.create(controller) as WizardController, {getState: () => state, subscribe: () => () => {}, dispatch: () => {}});
}

const settled = (frame: string) => !/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|Loading…|asking AWS…|reading the current/.test(frame);

async function look(app: Driver, where: string, size: {columns: number; rows: number}, failures: string[]): Promise<string> {
	let frame = '';
	try {
		frame = await app.waitFor(settled, 5000);
	} catch {
		frame = app.frame();
	}
	const here = `${where} at ${size.columns}×${size.rows}`;
	for (const problem of frameProblems(frame, size)) failures.push(`${here}: ${problem}`);
	// SCREENS_SHOW=text prints the frames whose name holds it (to look at while changing a view).
	if (process.env.SCREENS_SHOW && here.includes(process.env.SCREENS_SHOW)) process.stderr.write(`\n── ${here}\n${frame}\n`);
	return frame;
}

async function screensOf(scenario: string): Promise<{failures: string[]; names: string[]}> {
	const failures: string[] = [];
	const {controller, screens, stop} = await walk(scenario);
	if (process.env.SCREENS_LIST) process.stderr.write(`${scenario}: ${screens.map((s) => s.name).join(", ")}\n`);
	try {
		for (const [i, size] of SIZES.entries()) {
			for (const {name, state} of screens) {
				const app = await renderApp(<App controller={showing(controller, state)} />, size);
				const where = `${scenario}: ${name}`;
				try {
					const frame = await look(app, where, size, failures);
					if (name === 'checks' && size.columns === 80 && state.checks?.status === 'done') {
						const missing = unreadFailures(frame, state.checks.results);
						// Where they cannot fit, only fixes may go, and the screen says so (▼ n more fixes · d).
						const excused = FIXES_MAY_NOT_FIT.has(scenario) && /▼ .*\bfix(es)?\b.*· d shows/.test(frame);
						const unread = excused ? missing.filter((what) => !what.endsWith("'s fix")) : missing;
						if (unread.length > 0) failures.push(`${where} at 80×24: not readable without a key: ${unread.join(', ')}`);
					}
					if (name === 'checks' && /\bd shows\b/.test(frame)) {
						// The y/N question before the table is changed.
						if (/Turn on point-in-time recovery/.test(frame)) {
							for (let down = 0; down < 5 && !/❯ Turn on/.test(app.frame()); down++) await app.press(KEYS.down);
							await app.press(KEYS.enter);
							const asked = await look(app, `${where} (turn on PITR?)`, size, failures);
							if (!/\(y\/N\)/.test(asked)) failures.push(`${where}: no y/N question before turning PITR on`);
							await app.press('n');
						}
						await app.press('d');
						await look(app, `${where} (d)`, size, failures);
					}
					if (name === 'policies') {
						await app.press(KEYS.enter);
						await look(app, `${where} (viewer)`, size, failures);
						await app.press('\t');
						await look(app, `${where} (second view)`, size, failures);
						await app.press('a');
						const asked = await look(app, `${where} (apply with which profile)`, size, failures);
						if (/Apply with which profile/.test(asked)) {
							await app.press(KEYS.enter);
							const confirm = await look(app, `${where} (apply?)`, size, failures);
							// Applied once, at the last size (it changes the sandbox).
							if (/\(y\/N\)/.test(confirm) && i === SIZES.length - 1) {
								await app.press('y');
								await app.waitFor(/Applied|could not|refused/i, 5000).catch(() => '');
								await look(app, `${where} (applied)`, size, failures);
							}
						}
					}
					if (name.startsWith('completed (another')) {
						const text = frame.replace(/\n\s*/g, ' ');
						if (!/account 222222222222/i.test(text) || !/this account cannot/.test(text)) failures.push(`${where} at ${size.columns}×${size.rows}: does not say that the owner account reads the files and this one cannot`);
					}
					if (name === 'completed' && size.columns === 80) {
						const run = state.phase.kind === 'export' ? state.phase.run : undefined;
						const arn = run?.description?.exportArn ?? '';
						const lines = frame.split('\n');
						if (!arn || !lines.some((line) => line.trim() === arn)) failures.push(`${where}: the export ARN is not alone on a line`);
						const watch = watchCommand(arn, run!.plan.profile, run!.plan.region);
						if (!lines.some((line) => line.includes(watch))) failures.push(`${where}: the watch command is not whole on one line`);
					}
				} finally {
					app.unmount();
				}
			}
		}
	} finally {
		await stop();
	}
	return {failures, names: screens.map((s) => s.name)};
}

for (const scenario of SCENARIO_NAMES) {
	test(`screens of ${scenario} fit 80×24, 100×30 and 60×20 and cut nothing`, async () => {
		const {failures, names} = await screensOf(scenario);
		assert.deepEqual(failures, []);
		// The walk got past the first step (sso-expired stops at who you are, by design).
		assert.ok(names.some((name) => name.startsWith('asking table')), names.join(', '));
	});
}
