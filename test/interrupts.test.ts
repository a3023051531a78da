// Interrupts and the terminal, in a REAL pseudo-terminal (scripts/pty-run.py): Ctrl-C
// as a key in raw mode, SIGTERM, a narrow terminal, NO_COLOR, and whether the terminal
// is left usable (echo and line mode back on, cursor shown). Then the exit codes the
// help promises, each produced for real.

import {before, test} from 'node:test';
import assert from 'node:assert/strict';
import {HELP_TEXT} from '../source/cli/arguments.js';
import {QUESTIONS} from '../source/core/wizard/field-options.js';
import {literal, plainText, runInPty, type PtyResult, type PtyStep} from './helpers/pty.js';
import {builtCli, cliEnv, runCli, startCli} from './helpers/run-cli.js';
import {copyable} from './helpers/copyable.js';

let cli: string;

before(async () => {
	cli = await builtCli();
});

const CTRL_C = '\u0003';
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
const COLOUR = /\u001B\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

/** The wizard on the demo sandbox, in a terminal of the given size. */
function wizard(steps: PtyStep[], options: {cols?: number; env?: Record<string, string | undefined>; timeout?: number} = {}): Promise<PtyResult> {
	const env = cliEnv({TERM: 'xterm-256color', ...options.env});
	return runInPty({argv: [process.execPath, cli, '--demo'], fullEnv: env, cols: options.cols ?? 120, rows: 50, timeout: options.timeout ?? 15, steps});
}

/** From the first question to the review, pressing Enter (every proposal accepted). */
const TO_REVIEW: PtyStep[] = [
	{wait: literal(QUESTIONS.profile), timeout: 20},
	{send: '\r', until: literal(QUESTIONS.review), every: 2, quiet: 0.25, max: 25},
];

/** Through the checks to the export. */
const TO_EXPORT: PtyStep[] = [...TO_REVIEW, {send: '\r'}, {wait: 'Start the export', timeout: 30}, {send: '\r'}];

function explain(result: PtyResult): string {
	const text = plainText(result.output);
	return `exit ${result.code} signal ${result.signal} failed=${result.failed} killed=${result.killed}\n--- last screen ---\n${text.slice(-2500)}`;
}

/** The terminal is as the shell left it: line mode and echo on, the cursor visible. */
function assertTerminalRestored(result: PtyResult): void {
	assert.ok(result.echo, `echo is off after exit\n${explain(result)}`);
	assert.ok(result.icanon, `line mode (icanon) is off after exit\n${explain(result)}`);
	const cursor = [...result.output.matchAll(/\u001B\[\?25([hl])/g)].map((m) => m[1]);
	assert.ok(cursor.includes('l'), 'Ink hid the cursor while running');
	assert.equal(cursor.at(-1), 'h', 'the last cursor sequence shows the cursor again');
}

function assertNoStack(result: PtyResult): void {
	const text = plainText(result.output);
	assert.doesNotMatch(text, STACK_LINE, `a stack trace was printed\n${explain(result)}`);
	assert.doesNotMatch(text, /unexpected error|Unexpected error/, explain(result));
}

test('Ctrl-C twice at the profile step: exit 130, no stack, terminal restored', async () => {
	const result = await wizard(
		[
			{wait: literal(QUESTIONS.profile), timeout: 20},
			{modes: 'running'},
			{send: CTRL_C},
			{wait: 'Press Ctrl-C again to quit'},
			{send: CTRL_C},
		],
		{env: {NO_COLOR: undefined}},
	);
	assert.equal(result.failed, null, explain(result));
	assert.equal(result.code, 130, explain(result));
	// Raw mode while the wizard ran (Ctrl-C arrived as a key), line mode again after.
	assert.deepEqual(result.modes.running, {echo: false, icanon: false});
	assertNoStack(result);
	assertTerminalRestored(result);
	// With colours allowed there are colours: the NO_COLOR test below is not vacuous.
	assert.match(result.output, COLOUR);
});

test('Ctrl-C while watching: the export keeps running, the screen says how to watch it again', async () => {
	const result = await wizard(
		[...TO_EXPORT, {wait: 'IN_PROGRESS', timeout: 20}, {send: CTRL_C}, {wait: 'keeps running on AWS'}, {sleep: 0.3}, {send: CTRL_C}],
		// A long export, so that it is surely still running at the Ctrl-C; wide, so the command is on one line.
		{cols: 220, env: {DDB_EXPORT_DEMO_EXPORT_MS: '120000'}},
	);
	assert.equal(result.failed, null, explain(result));
	const text = plainText(result.output);
	const afterCtrlC = text.slice(text.lastIndexOf('IN_PROGRESS'));
	assert.match(afterCtrlC, /Stopped watching.*The export keeps running on AWS\./);
	assert.match(afterCtrlC, /ddb-export watch arn:aws:dynamodb:us-east-1:111111111111:table\/orders\/export\/[0-9A-Za-z-]+/);
	assert.equal(result.code, 130, explain(result));
	assertNoStack(result);
	assertTerminalRestored(result);
});

test('SIGTERM in the middle of the wizard: exit 143, no stack, terminal restored', async () => {
	const result = await wizard([...TO_REVIEW, {modes: 'running'}, {signal: 'SIGTERM'}]);
	assert.equal(result.failed, null, explain(result));
	assert.equal(result.code, 143, explain(result));
	assert.deepEqual(result.modes.running, {echo: false, icanon: false});
	assertNoStack(result);
	assertTerminalRestored(result);
});

test('60 columns and NO_COLOR: every line fits, no colour codes, through a whole export to exit 0', async () => {
	const result = await wizard([...TO_EXPORT, {wait: 'Export completed', timeout: 30}, {sleep: 0.3}, {send: '\r'}], {
		cols: 60,
		env: {NO_COLOR: '1', DDB_EXPORT_DEMO_EXPORT_MS: '300'},
	});
	assert.equal(result.failed, null, explain(result));
	assert.equal(result.code, 0, explain(result));
	assert.doesNotMatch(result.output, COLOUR, 'NO_COLOR=1 but colour codes were written');
	const lines = plainText(result.output).split('\n');
	// Longer only for one thing to copy whole (an ARN, a command), which the terminal soft-wraps.
	const long = lines.filter((line) => [...line].length > 60 && !copyable(line));
	assert.deepEqual(long, [], `lines longer than the 60-column terminal:\n${long.join('\n')}`);
	// The screens that were drawn: questions, checks, the running and the finished export.
	const text = lines.join('\n');
	for (const seen of [QUESTIONS.profile, QUESTIONS.bucket, 'Start the export', 'Export completed']) assert.ok(text.includes(seen), `never saw "${seen}"`);
	assertNoStack(result);
	assertTerminalRestored(result);
});

test('the exit codes in --help are the ones the commands return', async () => {
	const help = HELP_TEXT('export');
	for (const promise of ['0 success', '1 export or check failed', '2 checks unknown', '3 bad input', '130 interrupted (Ctrl-C)', '143 terminated']) {
		assert.ok(help.includes(promise), `--help does not say "${promise}"`);
	}
	const fast = {DDB_EXPORT_DEMO_EXPORT_MS: '300'};
	const [done, failed, unknown, bad] = await Promise.all([
		runCli(cli, ['--demo', '--yes'], {env: fast}),
		runCli(cli, ['--demo', 'export-fails', '--yes'], {env: fast}),
		runCli(cli, ['check', '--demo', 'no-simulate']),
		runCli(cli, ['--demo', '--yes', '--s3-bucket', 'Not_A_Bucket']),
	]);
	assert.equal(done.code, 0, done.stderr);
	assert.equal(failed.code, 1, failed.stderr);
	assert.equal(unknown.code, 2, unknown.stdout + unknown.stderr);
	assert.equal(bad.code, 3, bad.stderr);
	assert.match(bad.stderr, /--s3-bucket/);

	// Signals in the mode without questions: the first one stops the watch, the export goes on.
	const slow = {DDB_EXPORT_DEMO_EXPORT_MS: '120000'};
	const interrupted = startCli(cli, ['--demo', '--yes'], {env: slow, input: ''});
	const terminated = startCli(cli, ['--demo', '--yes'], {env: slow, input: ''});
	await Promise.all([interrupted.waitFor(/IN_PROGRESS/), terminated.waitFor(/IN_PROGRESS/)]);
	interrupted.child.kill('SIGINT');
	terminated.child.kill('SIGTERM');
	const [int, term] = await Promise.all([interrupted.done, terminated.done]);
	assert.equal(int.code, 130, int.stderr);
	assert.equal(term.code, 143, term.stderr);
	for (const r of [int, term]) {
		assert.match(r.stderr, /keeps running on AWS/);
		assert.match(r.stderr, /ddb-export watch arn:aws:dynamodb:us-east-1:111111111111:table\/orders\/export\//);
		assert.doesNotMatch(r.stderr, STACK_LINE);
	}
	console.log('interrupts: exit codes checked = 0, 1, 2, 3, 130, 143 (wizard in a pty: 0, 130, 143)');
});
