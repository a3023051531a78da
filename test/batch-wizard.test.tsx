// The Ink wizard's face of batches (issue 17): choosing several tables at the Table step
// (Space, Ctrl-A over the filter), the count and size line, and keys sent in one write.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {KEYS, renderApp, type Driver} from './helpers/ink.js';
import {App, preloadPhaseViews} from '../source/ui/app.js';
import {WizardController} from '../source/core/wizard/controller.js';
import {createAwsGateway} from '../source/aws/gateway.js';
import {startSandbox} from '../source/sandbox/index.js';
import {draftFromPlan} from '../source/core/wizard/draft-from-plan.js';
import {useSandboxProfiles} from './helpers/sandbox-profiles.js';
import {frameProblems} from './helpers/frame-problems.js';
import {arnOf, BATCH_TOKEN, batchItems as fixtureItems, batchPlan, batchProgress as fixtureProgress} from './helpers/batch-fixtures.js';
import {BodyRows} from '../source/ui/screen-size.js';
import {BatchReviewView} from '../source/ui/batch-review-view.js';
import {BatchWatchView} from '../source/ui/batch-watch-view.js';
import {Box, Text} from 'ink';
import type React from 'react';
import type {WizardState} from '../source/core/wizard/state.js';
import {batchPlanFromDraft} from '../source/core/wizard/batch-draft.js';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

before(() => {
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});
const dirs: string[] = [];
after(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

interface AtTables {
	sandbox: Sandbox;
	controller: WizardController;
	app: Driver;
}

/** The wizard on `scenario`, at the Table step with the list drawn (no table proposed). */
async function atTableStep(scenario: string, body: (at: AtTables) => Promise<void>, size?: {columns: number; rows: number}, profile = 'default'): Promise<void> {
	const sandbox = await startSandbox({scenario, exportDurationMs: 200});
	dirs.push(useSandboxProfiles(sandbox, 'ddb-export-batch-ink-'));
	delete process.env.AWS_PROFILE;
	delete process.env.AWS_REGION;
	delete process.env.AWS_ACCESS_KEY_ID;
	const defaults = draftFromPlan(sandbox.defaultPlan, sandbox.defaultProfile);
	delete defaults.table;
	let tokens = 0;
	const controller = new WizardController({
		gateway: createAwsGateway({endpointUrl: sandbox.endpoint}),
		defaults,
		makeClientToken: () => `batch-ink-${++tokens}`,
	});
	const app = await renderApp(<App controller={controller} />, size);
	try {
		await app.waitFor(/❯ default/);
		for (let down = 0; down < 5 && !new RegExp(`❯ ${profile}\\b`).test(app.frame()); down++) await app.press(KEYS.down);
		await app.press(KEYS.enter);
		await app.waitFor('Region of the table?');
		await app.press(KEYS.enter);
		await app.waitFor((f) => f.includes('Which table') && f.includes('❯ ') && !f.includes('Checking who you are'));
		await body({sandbox, controller, app});
	} finally {
		app.unmount();
		controller.dispose();
		await sandbox.stop();
	}
}

test('Space chooses tables, keys sent in one write all apply, and the count and size are said', async () => {
	await atTableStep('healthy', async ({controller, app}) => {
		const listed = (controller.getState().loaded.tables as {value: string[]}).value;
		// Space, ↓, Space in one write: the first two tables.
		await app.press(` ${KEYS.down} `);
		await app.waitFor(/2 tables chosen · [\d.]+ (B|KB|MB) · Enter exports them as a batch/);
		assert.deepEqual(controller.getState().draft.tables, listed.slice(0, 2));
		const frame = app.frame();
		assert.match(frame, new RegExp(`\\[x\\] ${listed[0]}`));
		assert.match(frame, new RegExp(`\\[x\\] ${listed[1]}`));
		assert.match(frame, new RegExp(`\\[ \\] ${listed[2]}`));
		// ↑ and Space again on the first: one left, which Enter exports alone (today's single
		// flow), wherever the highlight is.
		await app.press(`${KEYS.up} `);
		await app.waitFor('1 table chosen');
		await app.press(KEYS.down + KEYS.down);
		await app.press(KEYS.enter);
		await app.waitFor('Which account owns the destination bucket?');
		assert.equal(controller.getState().draft.table, listed[1]);
		assert.deepEqual(controller.getState().draft.tables, [listed[1]]);
	});
});

test('Ctrl-A chooses every table the filter shows, and again clears them; Enter with several goes on as a batch', async () => {
	await atTableStep('big-account', async ({controller, app}) => {
		await app.waitFor((f) => /Filter: type to narrow\s+10,?0\d\d\b/.test(f) || /Filter: type to narrow\s+100\d\d/.test(f), 20_000);
		await app.type('billing-000');
		await app.waitFor(/\d+ of \d+/);
		await app.press('\u0001');
		const chosen = controller.getState().draft.tables ?? [];
		assert.ok(chosen.length > 1 && chosen.every((t) => t.startsWith('billing-000')), chosen.join(' '));
		await app.waitFor(`${chosen.length} tables chosen`);
		// Sizes are read a few at a time; the total is said once they are.
		await app.waitFor((f) => /tables chosen · [\d.]+ (B|KB|MB) ·/.test(f));
		await app.press('\u0001');
		await app.waitFor((f) => !f.includes('tables chosen'));
		assert.deepEqual(controller.getState().draft.tables, []);
		await app.press('\u0001');
		await app.waitFor(`${chosen.length} tables chosen`);
		await app.press(KEYS.enter);
		await app.waitFor('Which account owns the destination bucket?');
		assert.deepEqual(controller.getState().draft.tables, chosen);
	});
});

test('the choice as pure steps: toggles keep the list order, Ctrl-A clears what it chose, spaces in one read are toggles', async () => {
	const {toggled, toggledAll, selectionSummary, unread, FACTS_READ_AT_MOST} = await import('../source/core/wizard/table-selection.js');
	const {selectKey, spacesApart} = await import('../source/ui/widgets/select-state.js');
	const listed = ['a', 'b', 'c', 'd'];
	assert.deepEqual(toggled(['c'], 'a', listed), ['a', 'c']);
	assert.deepEqual(toggled(['a', 'c'], 'a', listed), ['c']);
	assert.deepEqual(toggledAll(['d'], ['b', 'c'], listed), ['b', 'c', 'd']);
	assert.deepEqual(toggledAll(['b', 'c', 'd'], ['b', 'c'], listed), ['d']);
	assert.deepEqual(toggledAll(['d'], [], listed), ['d']);
	// Choosing thousands of tables reads the sizes of the first FACTS_READ_AT_MOST only.
	const many = Array.from({length: 400}, (_, i) => `t${i}`);
	assert.equal(unread(many, {}).length, FACTS_READ_AT_MOST);
	assert.deepEqual(unread(many, Object.fromEntries(many.slice(0, FACTS_READ_AT_MOST).map((name) => [name, {status: 'loading' as const}]))), []);
	const details = (sizeBytes?: number) => ({name: 'x', arn: 'arn', status: 'ACTIVE', encryption: {type: 'DEFAULT' as const}, sizeBytes});
	assert.deepEqual(selectionSummary(['a', 'b', 'c'], {a: {status: 'ready', details: details(10)}, b: {status: 'loading'}, c: {status: 'ready', details: details()}}), {count: 3, bytes: 10, unknown: 2});
	assert.deepEqual(spacesApart({name: 'text', text: 'x  y'}), [{name: 'text', text: 'x'}, {name: 'text', text: ' '}, {name: 'text', text: ' '}, {name: 'text', text: 'y'}]);
	const options = listed.map((value) => ({value, label: value}));
	const context = {options, filterable: true, rows: 5, submitTyped: false, multiple: true};
	assert.deepEqual(selectKey({filter: '', highlighted: 'b'}, {name: 'text', text: ' '}, context).outcome, {kind: 'toggle', value: 'b'});
	assert.deepEqual(selectKey({filter: 'c'}, {name: 'ctrl', letter: 'a'}, context).outcome, {kind: 'toggle-all', values: ['c']});
	// Without multiple choice a space is typed into the filter, as before.
	assert.equal(selectKey({filter: ''}, {name: 'text', text: ' '}, {...context, multiple: false}).state.filter, ' ');
});

// ---------------------------------------------------------------- the batch screens from fixtures

const SIZES = [
	{columns: 80, rows: 24},
	{columns: 100, rows: 30},
	{columns: 60, rows: 20},
];

/** A view drawn as the App draws it: the title, a blank line, the view in the rows left, a keys line. */
function onScreen(view: React.ReactElement, size: {columns: number; rows: number}) {
	return (
		<BodyRows.Provider value={{columns: size.columns, rows: size.rows - 5}}>
			<Box flexDirection="column">
				<Text>ddb-export · Batch</Text>
				<Box flexDirection="column" marginTop={1}>
					{view}
				</Box>
				<Text dimColor>keys</Text>
			</Box>
		</BodyRows.Provider>
	);
}

test('the review of 50 tables fits every size, scrolls its table in a window, and shows every id whole', async () => {
	const plan = batchPlan();
	const items = fixtureItems(plan);
	for (const size of SIZES) {
		const ran: string[] = [];
		const app = await renderApp(onScreen(<BatchReviewView plan={plan} items={items} onRunChecks={() => ran.push('checks')} onBack={() => ran.push('back')} onEdit={(step) => ran.push(step)} />, size), size);
		try {
			const frame = app.frame();
			assert.deepEqual(frameProblems(frame, size), [], frame);
			assert.match(frame, /orders-000\s+111111111111/);
			assert.match(frame.replace(/\n\s*/g, ' '), /s3:\/\/lake-exports\/\{table\}\/ · owner 222222222222/);
			assert.match(frame, /▼ \d+ more lines/);
			assert.match(frame, /PITR off for 1/);
			// ↓ three times in one write moves the window three lines.
			await app.press(KEYS.down + KEYS.down + KEYS.down);
			const moved = await app.waitFor(/▲ 3 more lines/);
			assert.deepEqual(frameProblems(moved, size), [], moved);
			await app.press('\u001B[F');
			const last = await app.waitFor((f) => f.includes('orders-049') && !f.includes('▼'));
			assert.deepEqual(frameProblems(last, size), [], last);
			// c: the command, with every table ARN and the batch token whole on their lines.
			await app.press('c');
			const command = await app.waitFor('The same batch as a command');
			assert.deepEqual(frameProblems(command, size), [], command);
			assert.match(command, /^ddb-export \\\n\s+--yes \\$/m);
			assert.ok(command.split('\n').some((line) => line.trim() === `--table-arn ${arnOf('orders-000')} \\`), command);
			await app.press('\u001B[F');
			const end = await app.waitFor('--region us-east-1');
			assert.deepEqual(frameProblems(end, size), [], end);
			if (size.rows >= 24) assert.ok(end.split('\n').some((line) => line.trim() === `--table-arn ${arnOf('orders-049')} \\`), end);
			assert.ok(end.split('\n').some((line) => line.trim() === `--batch-token ${BATCH_TOKEN} \\`), end);
			await app.press(KEYS.escape);
			await app.waitFor('c shows the same batch');
			await app.press('3');
			assert.deepEqual(ran, ['destination']);
			await app.press(KEYS.enter);
			assert.deepEqual(ran, ['destination', 'checks']);
		} finally {
			app.unmount();
		}
	}
});

test('the watch screen from a BatchProgress fits 80×24 and 60×20, failed first with the diagnosis, queued visible', async () => {
	const plan = batchPlan();
	const progress = fixtureProgress(plan);
	const now = Date.parse('2026-12-06T22:30:00Z');
	for (const size of SIZES) {
		const app = await renderApp(onScreen(<BatchWatchView plan={plan} progress={progress} status="watching" now={now} onQuit={() => {}} />, size), size);
		try {
			const frame = app.frame();
			assert.deepEqual(frameProblems(frame, size), [], frame);
			assert.match(frame.replace(/\n/g, ' '), /11 of 50 completed · 5 running · 32 queued · 1 failed · 1 skipped/);
			assert.match(frame, /\[█+░+\] 26%/);
			const rows = frame.split('\n').filter((line) => /^[✖→·✔-] /.test(line));
			assert.match(rows[0]!, /^✖ orders-009\s+failed/);
			assert.match(frame.replace(/\n\s*/g, ' '), /does not let account 111111111111 write under orders-009\//);
			assert.match(rows.find((r) => r.startsWith('→'))!, /orders-013\s+running\s+0:33/);
			if (size.rows >= 24) assert.ok(rows.some((r) => /^· orders-018\s+queued/.test(r)), frame);
		} finally {
			app.unmount();
		}
		// Detached: the exports go on, and the last line is the command that watches them again.
		const detached = await renderApp(onScreen(<BatchWatchView plan={plan} progress={progress} status="detached" now={now} onQuit={() => {}} />, size), size);
		try {
			const frame = detached.frame();
			assert.deepEqual(frameProblems(frame, size), [], frame);
			const lines = frame.split('\n');
			assert.equal(lines.at(-2)!.trim(), `ddb-export watch --batch-token ${BATCH_TOKEN} --profile default --region us-east-1`);
			assert.match(frame.replace(/\n/g, ' '), /5 exports keep running on AWS; 32 queued tables were not started/);
		} finally {
			detached.unmount();
		}
	}
});

// ---------------------------------------------------------------- many-tables, from the choice to the first starts

test('many-tables at 80×24: all chosen with Ctrl-A, the review, the checks (orders-007 PITR off, grouped), the start with the queue visible, Ctrl-C prints the watch command', async () => {
	const size = {columns: 80, rows: 24};
	await preloadPhaseViews();
	const seen: Array<{name: string; state: WizardState}> = [];
	await atTableStep(
		'many-tables',
		async ({controller, app}) => {
			const look = (frame: string) => assert.deepEqual(frameProblems(frame, size), [], frame);
			await app.press('\u0001');
			await app.waitFor('50 tables chosen');
			await app.press(KEYS.enter);
			// Destination, bucket, owner as the scenario proposes; the prefix proposed is {table}/.
			await app.waitFor('Which account owns the destination bucket?');
			await app.press(KEYS.enter);
			await app.waitFor('Which bucket');
			await app.press(KEYS.enter);
			await app.waitFor('Account id of the bucket owner');
			await app.press(KEYS.enter);
			look(await app.waitFor('› {table}/'));
			await app.press(KEYS.enter);
			for (const question of ['How should the exported objects be encrypted?', 'Export format?', 'Full export or incremental?', 'Export the table as of when?']) {
				await app.waitFor(question);
				await app.press(KEYS.enter);
			}
			const review = await app.waitFor((f) => f.includes('Review the batch: 50 tables') && /orders-007\s+111111111111\s+\S+ \S+\s+OFF/.test(f));
			look(review);
			seen.push({name: 'review', state: controller.getState()});
			assert.match(review, /2 Tables\s+50 · [\d.]+ (KB|MB) · PITR off for 1/);
			await app.press(KEYS.enter);
			const checks = await app.waitFor('Start the batch: 49 tables', 30_000);
			look(checks);
			seen.push({name: 'checks', state: controller.getState()});
			assert.match(checks, /✖ 1 table: PITR off — orders-007/);
			assert.match(checks, /49 tables passed/);
			assert.equal(controller.getState().batch?.checks.report?.overall === 'failed', false);
			await app.press(KEYS.enter);
			// The account takes 5 exports at once: the rest wait, and the screen shows them waiting.
			const watching = await app.waitFor((f) => /running/.test(f) && /· orders-0\d\d\s+queued/.test(f), 30_000);
			look(watching);
			seen.push({name: 'watch', state: controller.getState()});
			assert.match(watching, /· 1 skipped/);
			const skipped = controller.getState().batch?.progress?.states.get('arn:aws:dynamodb:us-east-1:111111111111:table/orders-007');
			assert.equal(skipped?.kind, 'skipped');
			assert.match(skipped?.kind === 'skipped' ? skipped.reason : '', /point-in-time|PITR/i);
			const token = controller.getState().batch!.plan.batchToken;
			await app.press(KEYS.ctrlC);
			const end = controller.getState();
			assert.equal(end.phase.kind, 'exit');
			const message = end.phase.kind === 'exit' ? end.phase.message ?? '' : '';
			assert.equal(message.split('\n').at(-1), `ddb-export watch --batch-token ${token} --profile default --region us-east-1`);
			assert.match(message, /exports? keeps? running on AWS/);
			seen.push({name: 'detached', state: end});
			// The same screens at the other sizes (and d, the PITR question), as the screens walk draws them.
			for (const other of SIZES) {
				for (const {name, state} of seen) {
					const shown = await renderApp(<App controller={showing(controller, state)} />, other);
					try {
						const where = `${name} at ${other.columns}×${other.rows}`;
						const frame = await shown.waitFor((f) => !/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|Loading…/.test(f));
						assert.deepEqual(frameProblems(frame, other), [], `${where}\n${frame}`);
						if (name === 'checks') {
							await shown.press('d');
							const full = await shown.waitFor('d or Esc back to the list');
							assert.deepEqual(frameProblems(full, other), [], `${where} (d)\n${full}`);
							await shown.press('\u001B[F');
							const bottom = await shown.waitFor((f) => !f.includes('▼'));
							assert.deepEqual(frameProblems(bottom, other), [], `${where} (d, end)\n${bottom}`);
							assert.match(bottom, /aws dynamodb update-continuous-backups( \\\n\s+| )--table-name orders-007/);
							await shown.press(KEYS.escape);
							await shown.waitFor('Start the batch');
							await shown.press(`${KEYS.down}${KEYS.enter}`);
							const asked = await shown.waitFor('(y/N)');
							assert.deepEqual(frameProblems(asked, other), [], `${where} (PITR?)\n${asked}`);
							assert.match(asked, /--table-name orders-007/);
							await shown.press('n');
							await shown.waitFor('Start the batch');
						}
					} finally {
						shown.unmount();
					}
				}
			}
		},
		size,
	);
});

/** The controller, showing `state` whatever happens (as the screens walk does). */
function showing(controller: WizardController, state: WizardState): WizardController {
	return Object.assign(Object.create(controller) as WizardController, {getState: () => state, subscribe: () => () => {}, dispatch: () => {}});
}

// ---------------------------------------------------------------- the batch's transitions, without a terminal

test('transitions: chosen tables are read once each, Ctrl-C stops the reads, several chosen go on as a batch with a {table}/ prefix', async () => {
	const {initialState, transition} = await import('../source/core/wizard/reducer.js');
	const now = new Date('2026-12-06T22:00:00Z');
	let state = initialState({defaults: {profile: 'default', region: 'us-east-1', prefix: 'exports/orders/'}}).state;
	state = {
		...state,
		phase: {kind: 'asking', field: 'table'},
		loaded: {...state.loaded, identity: {status: 'ready', value: {account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice', userId: 'x'}}, tables: {status: 'ready', value: ['a', 'b', 'c']}},
	};
	let step = transition(state, {type: 'toggle-table', name: 'b'}, now);
	assert.deepEqual(step.effects, [{type: 'load-table-facts', names: ['b']}]);
	step = transition(step.state, {type: 'toggle-tables', names: ['a', 'b', 'c']}, now);
	assert.deepEqual(step.state.draft.tables, ['a', 'b', 'c']);
	assert.deepEqual(step.effects, [{type: 'load-table-facts', names: ['a', 'c']}]);
	// Ctrl-C while they are read: stopped, said as unknown sizes, and the next Ctrl-C quits.
	const stopped = transition(step.state, {type: 'interrupt'}, now);
	assert.deepEqual(stopped.effects, [{type: 'cancel'}]);
	assert.equal(stopped.state.tableFacts?.a?.status, 'failed');
	assert.equal(transition(stopped.state, {type: 'interrupt'}, now).state.phase.kind, 'exit');
	// Chosen again, a stopped table is read again; the others chosen are not asked twice.
	const cleared = transition(stopped.state, {type: 'toggle-table', name: 'a'}, now).state;
	assert.deepEqual(transition(cleared, {type: 'toggle-table', name: 'a'}, now).effects, [{type: 'load-table-facts', names: ['a']}]);
	// Enter with three chosen: the destination next, the single export's prefix forgotten.
	const batch = transition(step.state, {type: 'answer', value: 'c'}, now);
	assert.deepEqual(batch.state.phase, {kind: 'asking', field: 'destination'});
	assert.equal(batch.state.draft.prefix, undefined);
	// A template with a wrong placeholder is refused in the wizard's words.
	const atPrefix = {...batch.state, phase: {kind: 'asking' as const, field: 'prefix' as const}};
	const wrong = transition(atPrefix, {type: 'answer', value: '{Table}/'}, now);
	assert.match(wrong.state.fieldError ?? '', /^Prefix: \{Table\} is not a placeholder.*Did you mean \{table\}\?/);
	// No chain ("since the last export") for a batch: each table has its own last export.
	const {choiceOptions} = await import('../source/core/wizard/field-options.js');
	const atMode = {...batch.state, phase: {kind: 'asking' as const, field: 'incrementalMode' as const}};
	assert.deepEqual(choiceOptions('incrementalMode', atMode).map((o) => o.value), ['window']);
	assert.match(transition(atMode, {type: 'answer', value: 'since-last'}, now).state.fieldError ?? '', /a batch exports one window for all its tables/);
	const right = transition(atPrefix, {type: 'answer', value: '{account}/{table}/{date}/'}, now);
	assert.equal(right.state.fieldError, undefined);
	assert.equal(right.state.draft.prefix, '{account}/{table}/{date}/');
});

test('transitions: a failed shared check stops the batch; a start skips nothing by itself; Ctrl-C ends with the watch command; Enter at the end exits 0 only when all completed', async () => {
	const {initialState, transition} = await import('../source/core/wizard/reducer.js');
	const now = new Date('2026-12-06T22:00:00Z');
	const plan = batchPlan(3);
	const items = fixtureItems(plan);
	const base = initialState({}).state;
	const report = (overall: 'passed' | 'failed') => ({shared: new Map(), perTable: new Map(), pitrOff: [], overall});
	const atChecks = (overall: 'passed' | 'failed') => ({...base, phase: {kind: 'batch-checks' as const}, batch: {plan, items, checks: {status: 'done' as const, report: report(overall)}}});
	assert.deepEqual(transition(atChecks('failed'), {type: 'batch-choice', choice: 'start'}, now).effects, []);
	const started = transition(atChecks('passed'), {type: 'batch-choice', choice: 'start'}, now);
	assert.equal(started.state.phase.kind, 'batch-watch');
	assert.equal(started.effects[0]?.type, 'start-batch');
	// A moment of a longer batch: some running, some queued.
	const progress = fixtureProgress();
	const watching = transition(started.state, {type: 'batch-progress', progress}, now).state;
	assert.equal(watching.batch?.run?.status, 'watching');
	const detached = transition(watching, {type: 'interrupt'}, now);
	assert.deepEqual(detached.state.phase.kind === 'exit' && detached.state.phase.code, 130);
	assert.match(detached.state.phase.kind === 'exit' ? (detached.state.phase.message ?? '') : '', new RegExp(`\\nddb-export watch --batch-token ${BATCH_TOKEN} --profile default --region us-east-1$`));
	const states = new Map(items.map((item) => [item.plan.tableArn, {kind: 'completed' as const, exportArn: 'x', description: {exportArn: 'x', status: 'COMPLETED'}}]));
	const done = {items, states, counts: {queued: 0, starting: 0, running: 0, completed: 3, failed: 0, skipped: 0}, statusCalls: 1};
	const ended = transition(started.state, {type: 'batch-progress', progress: done}, now).state;
	assert.equal(ended.batch?.run?.status, 'ended');
	assert.deepEqual(transition(ended, {type: 'batch-quit'}, now).effects.at(-1), {type: 'exit', code: 0});
	const oneFailed = {...done, counts: {...done.counts, completed: 2, failed: 1}};
	const endedBadly = transition(started.state, {type: 'batch-progress', progress: oneFailed}, now).state;
	assert.deepEqual(transition(endedBadly, {type: 'batch-quit'}, now).effects.at(-1), {type: 'exit', code: 1});
});

test('transitions: Ctrl-C during the batch checks says what did not finish, and running them again comes first', async () => {
	const {initialState, transition} = await import('../source/core/wizard/reducer.js');
	const {batchChecksChoices} = await import('../source/core/wizard/batch-choices.js');
	const now = new Date('2026-12-06T22:00:00Z');
	const plan = batchPlan(2);
	const items = fixtureItems(plan);
	const result = (id: 'credentials' | 'bucket-policy' | 'table', status: 'passed' | 'running') => ({id, title: id, status, summary: status === 'passed' ? 'fine' : 'Checking…'});
	const report = {
		shared: new Map([['default', [result('credentials', 'passed'), result('bucket-policy', 'running')]]]),
		perTable: new Map(items.map((item) => [item.plan.tableArn, [result('table', 'passed')]])),
		pitrOff: [],
		overall: 'unknown' as const,
	};
	const running = {...initialState({}).state, phase: {kind: 'batch-checks' as const}, batch: {plan, items, checks: {status: 'running' as const, report}}};
	const stopped = transition(running, {type: 'interrupt'}, now).state;
	assert.equal(stopped.batch?.checks.status, 'cancelled');
	const policy = stopped.batch?.checks.report?.shared.get('default')?.[1];
	assert.equal(policy?.status, 'unknown');
	assert.match(policy?.summary ?? '', /Stopped \(Ctrl-C\)/);
	const choices = batchChecksChoices(stopped.batch!).map((c) => `${c.value}: ${c.hint ?? ''}`);
	assert.deepEqual(choices, ['recheck: they were stopped before they finished', 'start: without the checks that did not finish', 'back: ']);
});

test('a failed shared check stops the batch, and the policy that fixes it is shown whole and can be copied (billing into lake-exports)', async () => {
	const size = {columns: 80, rows: 24};
	await preloadPhaseViews();
	await atTableStep(
		'many-tables',
		async ({controller, app}) => {
			const look = (frame: string) => assert.deepEqual(frameProblems(frame, size), [], frame);
			await app.press('\u0001');
			await app.waitFor('10 tables chosen');
			await app.press(KEYS.enter);
			// Every answer as proposed, to the review.
			for (const question of ['Which account owns the destination bucket?', 'Which bucket', 'Account id of the bucket owner', '› {table}/', 'How should the exported objects be encrypted?', 'Export format?', 'Full export or incremental?', 'Export the table as of when?']) {
				await app.waitFor(question);
				await app.press(KEYS.enter);
			}
			await app.waitFor((f) => f.includes('Review the batch: 10 tables') && f.includes('billing-000'));
			assert.match(controller.getState().draft.bucket ?? '', /^lake-exports$/);
			await app.press(KEYS.enter);
			const checks = await app.waitFor('Show the policies that fix this', 30_000);
			look(checks);
			assert.match(checks, /✖ Bucket policy/);
			assert.doesNotMatch(checks, /Start the batch/);
			for (let down = 0; down < 5 && !/❯ Show the policies/.test(app.frame()); down++) await app.press(KEYS.down);
			await app.press(KEYS.enter);
			const list = await app.waitFor('Esc back to the checks');
			look(list);
			await app.press(KEYS.enter);
			const shown = await app.waitFor('c copy');
			look(shown);
			const all = [shown];
			for (let page = 0; page < 6 && app.frame().includes('▼'); page++) {
				await app.press('\u001B[6~');
				const next = await app.waitFor((f) => f !== all.at(-1));
				look(next);
				all.push(next);
			}
			const text = all.join('\n');
			assert.match(text, /arn:aws:iam::333333333333:/);
			assert.match(text, /arn:aws:s3:::lake-exports\//);
			assert.match(text, /aws s3api put-bucket-policy/);
			await app.press(KEYS.escape);
			await app.waitFor('Esc back to the checks');
			await app.press(KEYS.escape);
			await app.waitFor('Run the checks again');
		},
		size,
		'billing',
	);
});

test('several profiles: default and billing chosen with Space, the tables of both accounts listed and chosen, one batch with two sources; the lake refuses billing until the one statement for both is applied as lake-admin; then both accounts start', async () => {
	const size = {columns: 80, rows: 24};
	await preloadPhaseViews();
	const sandbox = await startSandbox({scenario: 'many-tables', exportDurationMs: 200});
	dirs.push(useSandboxProfiles(sandbox, 'ddb-export-batch-ink-'));
	delete process.env.AWS_PROFILE;
	delete process.env.AWS_REGION;
	delete process.env.AWS_ACCESS_KEY_ID;
	const defaults = draftFromPlan(sandbox.defaultPlan, sandbox.defaultProfile);
	delete defaults.table;
	const controller = new WizardController({gateway: createAwsGateway({endpointUrl: sandbox.endpoint}), defaults, makeClientToken: () => 'profiles-token'});
	const app = await renderApp(<App controller={controller} />, size);
	const look = (frame: string) => assert.deepEqual(frameProblems(frame, size), [], frame);
	try {
		await app.waitFor(/❯ default/);
		// Space on default, ↓↓ Space on billing, in one write; Enter goes on with both.
		await app.press(` ${KEYS.down}${KEYS.down} `);
		look(await app.waitFor('2 profiles chosen'));
		assert.deepEqual(controller.getState().draft.profiles, ['default', 'billing']);
		await app.press(KEYS.enter);
		await app.waitFor('Region of the table?');
		await app.press(KEYS.enter);
		const listed = await app.waitFor((f) => /Filter: type to narrow\s+60\b/.test(f));
		look(listed);
		assert.match(listed, /default \+ billing · us-east-1/);
		await app.press('\u0001');
		await app.waitFor('60 tables chosen');
		await app.press(KEYS.enter);
		for (const question of ['Which account owns the destination bucket?', 'Which bucket', 'Account id of the bucket owner', '› {table}/', 'How should the exported objects be encrypted?', 'Export format?', 'Full export or incremental?', 'Export the table as of when?']) {
			await app.waitFor(question);
			await app.press(KEYS.enter);
		}
		const review = await app.waitFor((f) => f.includes('Review the batch: 60 tables') && /orders-000\s+111111111111/.test(f));
		look(review);
		const plan = batchPlanFromDraftOf(controller);
		assert.deepEqual(
			plan?.sources.map((s) => [s.profile, s.tableArns.length, s.tableArns[0]]),
			[
				['default', 50, 'arn:aws:dynamodb:us-east-1:111111111111:table/orders-000'],
				['billing', 10, 'arn:aws:dynamodb:us-east-1:333333333333:table/billing-000'],
			],
		);
		await app.press('\u001B[F');
		look(await app.waitFor(/billing-009\s+333333333333/));
		await app.press(KEYS.enter);
		const checks = await app.waitFor('Show the policies that fix this', 30_000);
		look(checks);
		assert.match(checks, /Shared by the tables of default:/);
		assert.match(checks.replace(/\n\s*/g, ' '), /Nothing starts while a check every table shares has failed/);
		for (let down = 0; down < 5 && !/❯ Show the policies/.test(app.frame()); down++) await app.press(KEYS.down);
		await app.press(KEYS.enter);
		await app.waitFor('Esc back to the checks');
		await app.press(KEYS.enter);
		look(await app.waitFor('c copy'));
		// One statement naming both accounts' exporters (↓ three lines to see the second).
		await app.press(KEYS.down + KEYS.down + KEYS.down);
		const statement = await app.waitFor('▲ 3 more lines');
		look(statement);
		assert.match(statement, /"arn:aws:iam::111111111111:role\/DataExporter",\n\s+"arn:aws:iam::333333333333:role\/DataExporter"/);
		// Applied as the lake's owner (lake-admin): the policy in place is read, the statement
		// merged into it, shown, and written after y; the checks run again and billing passes.
		await app.press('a');
		look(await app.waitFor('Apply it as which profile?'));
		// The picker starts on the lake's owner once the profiles' accounts are known.
		look(await app.waitFor(/❯ lake-admin .*account 222222222222 \(owns it\)/));
		await app.press(KEYS.enter);
		const confirm = await app.waitFor('(y/N)');
		look(confirm);
		assert.match(confirm.replace(/\n\s*/g, ' '), /The policy in place with the statement merged in\. Write it as lake-admin\?/);
		await app.press('y');
		const again = await app.waitFor('Start the batch: 59 tables', 30_000);
		look(again);
		assert.match(again, /Shared by the tables of billing:/);
		assert.doesNotMatch(again, /Nothing starts/);
		await app.press(KEYS.enter);
		const watching = await app.waitFor((f) => /→ billing-0\d\d\s+(running|starting)/.test(f) && /→ orders-0\d\d\s+(running|starting)/.test(f), 30_000);
		look(watching);
		await app.press(KEYS.ctrlC);
		assert.equal(controller.getState().phase.kind, 'exit');
	} finally {
		app.unmount();
		controller.dispose();
		await sandbox.stop();
	}
});

function batchPlanFromDraftOf(controller: WizardController) {
	return batchPlanFromDraft(controller.getState(), new Date());
}
