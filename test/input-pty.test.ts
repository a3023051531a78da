// Input you can trust, in a REAL pseudo-terminal: key sequences written in ONE write (as
// typing ahead, a paste or ssh delivers them) at each kind of field; Ctrl-C, SIGINT and
// SIGTERM at many moments of a `check` and of a wizard run with the sandbox answering at
// the pace of real AWS (300 ms a call); and the interrupted start that used to start a
// second export. Moments are spread over the runs; what is asserted never depends on
// which step a signal happened to land in: an exit with 130/143 and one line, or the
// wizard still open, and never a stack trace.

import {before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {QUESTIONS} from '../source/core/wizard/field-options.js';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';
import {literal, plainText, runInPty, type PtyResult, type PtyStep} from './helpers/pty.js';
import {builtCli, cliEnv, startCli} from './helpers/run-cli.js';

let cli: string;

before(async () => {
	cli = await builtCli();
});

const CTRL_C = '\u0003';
const DOWN = '\u001B[B';
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
const PACE = {DDB_EXPORT_DEMO_LATENCY_MS: '300'};

function explain(result: PtyResult): string {
	return `exit ${result.code} signal ${result.signal} failed=${result.failed} killed=${result.killed}\n--- last screen ---\n${plainText(result.output).slice(-3000)}`;
}

function assertNoStack(text: string, context: string): void {
	assert.doesNotMatch(text, STACK_LINE, `a stack trace was printed\n${context}`);
	assert.doesNotMatch(text, /AbortError|Unexpected error|triggerUncaughtException/, context);
}

function wizard(argv: string[], steps: PtyStep[], env: Record<string, string | undefined> = {}): Promise<PtyResult> {
	return runInPty({argv: [process.execPath, cli, ...argv], fullEnv: cliEnv({TERM: 'xterm-256color', ...env}), cols: 120, rows: 50, timeout: 20, steps});
}

/** Waits for a question, lets its field take the keyboard, then writes `keys` in one write. */
function answer(question: string, keys: string): PtyStep[] {
	return [{wait: literal(question), timeout: 20}, {sleep: 0.15}, {send: keys}];
}

test('keys written together at each kind of field choose what they say', async () => {
	const result = await wizard(['--demo'], [
		...answer(QUESTIONS.profile, '\r'),
		// A text field with a proposal: Ctrl-U clears it, the rest is typed, Enter, in one write.
		...answer(QUESTIONS.region, '\u0015us-east-1\r'),
		// A filterable list: letters narrow it, Enter takes the match. The question, then the
		// list under it (the frame with both may be the last one drawn: no question after it).
		{wait: literal(QUESTIONS.table), timeout: 20},
		{wait: 'payments', timeout: 20},
		{sleep: 0.15},
		{send: 'ord\r'},
		// A choice: ↓ then Enter picks the second option, not the one highlighted before ↓.
		...answer(QUESTIONS.destination, `${DOWN}\r`),
		// The proposed bucket is replaced by what is typed, not appended to.
		...answer(QUESTIONS.bucket, 'analytics-landing\r'),
		// A text field with nothing proposed: abc⏎ is submitted as typed (and refused by name).
		...answer(QUESTIONS.bucketOwner, 'abc\r'),
		{wait: '12 digits', timeout: 10},
		{sleep: 0.15},
		{send: '\u0015222222222222\r'},
		// Three Backspaces and Enter in one write edit the proposal.
		...answer(QUESTIONS.prefix, '\u007F\u007F\u007F\r'),
		...answer(QUESTIONS.sse, '\r'),
		...answer(QUESTIONS.format, `${DOWN}\r`),
		...answer(QUESTIONS.exportType, '\r'),
		...answer(QUESTIONS.timeMode, '\r'),
		{wait: literal(QUESTIONS.review), timeout: 20},
		{wait: 'export-table-to-point-in-time', timeout: 10},
		{sleep: 0.2},
		{send: CTRL_C},
		{wait: 'Press Ctrl-C again'},
		{send: CTRL_C},
	]);
	assert.equal(result.failed, null, explain(result));
	assert.equal(result.code, 130, explain(result));
	const text = plainText(result.output);
	const review = text.slice(text.lastIndexOf(QUESTIONS.review));
	assert.match(text, /Account id of the bucket owner[\s\S]*12 digits/, 'abc was submitted and refused by name');
	for (const expected of [
		/--table-arn arn:aws:dynamodb:us-east-1:111111111111:table\/orders\b/,
		/--s3-bucket analytics-landing\b/,
		/--s3-bucket-owner 222222222222\b/,
		/--s3-prefix exports\/orde\b(?!r)/,
		/--s3-sse-algorithm AES256\b/,
		/--export-format ION\b/,
		/--client-token [0-9a-f-]{36}\b/,
	]) {
		assert.match(review, expected, `the review's command: ${expected}\n${review}`);
	}
	assertNoStack(text, explain(result));
});

/** A sandbox of its own on loopback at 300 ms a call, and the variables that point the CLI at it. */
async function pacedSandbox(options: {exportDurationMs?: number} = {}): Promise<{sandbox: Sandbox; env: Record<string, string>; stop: () => Promise<void>}> {
	const sandbox = await startSandbox({scenario: 'healthy', latencyMs: 300, ...options});
	const dir = mkdtempSync(join(tmpdir(), 'ddb-export-input-'));
	const files = sandbox.writeSharedConfig(dir);
	return {
		sandbox,
		env: {AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, AWS_ENDPOINT_URL: sandbox.endpoint},
		stop: async () => {
			await sandbox.stop();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

const PLAN_FLAGS = ['--table-arn', 'arn:aws:dynamodb:us-east-1:111111111111:table/orders', '--s3-bucket', 'orders-exports', '--s3-prefix', 'exports/orders/'];

test('check: SIGINT and SIGTERM at 10 moments while calls are in flight: 130 / 143 with one line, never a stack', async () => {
	// Seconds after the first call reached the sandbox; the checks take about 1.2 s at 300 ms a call.
	const moments = [0, 0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0, 1.15, 1.3];
	const outcomes: string[] = [];
	// Five at a time: the machine has 2 cores and other test files run beside this one.
	for (let batch = 0; batch < moments.length; batch += 5) {
		await Promise.all(
			moments.slice(batch, batch + 5).map(async (seconds, i) => {
				const signal = (batch + i) % 2 === 0 ? 'SIGINT' : 'SIGTERM';
				const paced = await pacedSandbox();
				try {
					const running = startCli(cli, ['check', ...PLAN_FLAGS], {env: paced.env});
					let exited = false;
					void running.done.then(() => (exited = true));
					while (!exited && paced.sandbox.stats.calls === 0) await delay(5);
					await delay(seconds * 1000);
					running.child.kill(signal);
					const result = await running.done;
					const context = `${signal} at ${seconds}s: exit ${result.code} signal ${result.signal}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
					assertNoStack(result.stdout + result.stderr, context);
					if (result.code === 0 || result.code === 1 || result.code === 2) {
						outcomes.push(`${seconds}s finished first`);
						return;
					}
					// The signal landed after the checks had printed their verdict, while the process
					// was closing: ended by the signal itself (the shell still sees 128+n), no stack.
					if (result.signal === signal && /^Checks: /m.test(result.stdout) && result.stderr.trim() === '') {
						outcomes.push(`${seconds}s finished first (${signal} while closing)`);
						return;
					}
					assert.equal(result.code, signal === 'SIGINT' ? 130 : 143, context);
					assert.equal(result.stderr.trim().split('\n').length, 1, `one line on stderr\n${context}`);
					assert.match(result.stderr, signal === 'SIGINT' ? /Stopped \(Ctrl-C\)/ : /Terminated/, context);
					outcomes.push(`${seconds}s ${signal} → ${result.code}`);
				} finally {
					await paced.stop();
				}
			}),
		);
	}
	// The moments are meant to land while calls are in flight; most must have.
	assert.ok(outcomes.filter((o) => o.includes('→')).length >= 6, outcomes.join('\n'));
	console.log(`check interrupted: ${outcomes.join(', ')}`);
});

test('the wizard at 300 ms a call: Ctrl-C at six moments keeps it open, and the interrupted start makes exactly one export', async (t) => {
	const paced = await pacedSandbox({exportDurationMs: 120_000});
	t.after(paced.stop);
	const {sandbox, env} = paced;
	const flags = PLAN_FLAGS;
	// The notice of a Ctrl-C that stopped something (not "nothing to stop: press again").
	const stopped = 'Stopped\\. Press Ctrl-C again';
	const result = await wizard(flags, [
		{wait: literal(QUESTIONS.profile), timeout: 20},
		// 1: at the first question, nothing running: it asks for a second Ctrl-C.
		{sleep: 0.1},
		{send: CTRL_C},
		{wait: 'Press Ctrl-C again'},
		{send: '\r', until: literal(QUESTIONS.review), every: 1.5, quiet: 0.5, max: 12},
		{wait: 'export-table-to-point-in-time'},
		{sleep: 0.3},
		// 2: within one round trip of starting the checks.
		{send: '\r'},
		{sleep: 0.1},
		{send: CTRL_C},
		// The notice is the frame's last line, below the choices.
		{wait: 'Run the checks again'},
		{wait: stopped},
		{sleep: 0.3},
		// 3: after a stop, Enter runs them again (the first choice); Ctrl-C a round trip later.
		{send: '\r'},
		{sleep: 0.45},
		{send: CTRL_C},
		// The notice is the frame's last line, below the choices.
		{wait: 'Run the checks again'},
		{wait: stopped},
		{sleep: 0.3},
		// 4: later in the run (about half-way: the checks take four round trips).
		{send: '\r'},
		{sleep: 0.65},
		{send: CTRL_C},
		// The notice is the frame's last line, below the choices.
		{wait: 'Run the checks again'},
		{wait: stopped},
		{sleep: 0.3},
		{send: '\r'},
		{wait: '8 passed', timeout: 20},
		{sleep: 0.3},
		// 5: while the start call is in flight (it reaches the sandbox, which starts the export).
		{send: '\r'},
		{wait: 'Starting the export \\(client token', timeout: 20},
		{send: CTRL_C},
		{wait: 'Stopped while starting the export'},
		{wait: 'Run the checks again'},
		{sleep: 0.3},
		{send: '\r'},
		{wait: '8 passed', timeout: 20},
		{sleep: 0.3},
		{send: '\r'},
		{wait: 'IN_PROGRESS', timeout: 20},
		{sleep: 0.3},
		// 6: while watching: it stops watching; the export keeps running.
		{send: CTRL_C},
		{wait: 'keeps running on AWS'},
		{sleep: 0.3},
		{send: CTRL_C},
	], env);
	assert.equal(result.failed, null, explain(result));
	assert.equal(result.code, 130, explain(result));
	const text = plainText(result.output);
	assertNoStack(text, explain(result));
	const exports = sandbox.world.exports();
	assert.equal(exports.length, 1, `exactly one export, however the start was interrupted:\n${exports.map((e) => e.arn).join('\n')}`);
	// The review showed the token the start sent.
	assert.ok(text.includes(`--client-token ${exports[0]!.clientToken}`), 'the review showed the token that was sent');
});

test('the wizard: SIGTERM at four moments exits 143 with the terminal restored; SIGINT from outside is Ctrl-C', async () => {
	const toChecks: PtyStep[] = [
		{wait: literal(QUESTIONS.profile), timeout: 20},
		{send: '\r', until: literal(QUESTIONS.review), every: 1.5, quiet: 0.5, max: 15},
		{wait: 'export-table-to-point-in-time'},
		{sleep: 0.3},
		{send: '\r'},
	];
	const runs: Array<{name: string; steps: PtyStep[]; code: number}> = [
		{name: 'SIGTERM at the first question', steps: [{wait: literal(QUESTIONS.profile), timeout: 20}, {signal: 'SIGTERM'}], code: 143},
		{name: 'SIGTERM while tables load', steps: [{wait: literal(QUESTIONS.profile), timeout: 20}, {sleep: 0.2}, {send: '\r'}, {wait: literal(QUESTIONS.region)}, {sleep: 0.2}, {send: '\r'}, {sleep: 0.35}, {signal: 'SIGTERM'}], code: 143},
		{name: 'SIGTERM during the checks', steps: [...toChecks, {sleep: 0.5}, {signal: 'SIGTERM'}], code: 143},
		{name: 'SIGINT twice during the checks', steps: [...toChecks, {sleep: 0.4}, {signal: 'SIGINT'}, {wait: 'Stopped'}, {sleep: 0.3}, {signal: 'SIGINT'}], code: 130},
	];
	const results = await Promise.all(runs.map((run) => wizard(['--demo'], run.steps, PACE)));
	results.forEach((result, i) => {
		const {name, code} = runs[i]!;
		assert.equal(result.failed, null, `${name}\n${explain(result)}`);
		assert.equal(result.code, code, `${name}\n${explain(result)}`);
		assert.ok(result.echo && result.icanon, `${name}: the terminal is left in line mode with echo\n${explain(result)}`);
		assertNoStack(plainText(result.output), `${name}\n${explain(result)}`);
	});
});
