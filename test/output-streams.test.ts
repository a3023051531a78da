// What the command leaves in the streams it was given: a reader that closes stdout early
// (`| head -1`) ends the run quietly, and a redirected stderr gets no terminal sequences.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {endQuietlyWhenOutputCloses} from '../source/cli/closed-output.js';
import {cursorTerminal, SHOW_CURSOR} from '../source/ui/restore-cursor.js';
import {QUESTIONS} from '../source/core/wizard/field-options.js';
import {literal, runInPty} from './helpers/pty.js';
import {builtCli, cliEnv, startCli} from './helpers/run-cli.js';

test('`ddb-export check | head -1`: stdout closed after the first line ends the run quietly, with 0', async () => {
	const cli = await builtCli();
	for (const args of [['check', '--demo', '--no-probe'], ['policies', '--demo', 'cross-account']]) {
		const run = startCli(cli, args, {input: ''});
		// The reader takes the first chunk and closes the pipe, as head does.
		run.child.stdout.once('data', () => run.child.stdout.destroy());
		const result = await run.done;
		assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
		assert.doesNotMatch(result.stderr, /EPIPE|Error|at /, args.join(' '));
	}
});

test('a closed stdout exits 0; a closed stderr is ignored; other stream errors are still errors', () => {
	const listeners: Record<string, (error: NodeJS.ErrnoException) => void> = {};
	const stream = (name: string) => ({on: (_event: 'error', listener: (error: NodeJS.ErrnoException) => void) => (listeners[name] = listener)});
	const exits: number[] = [];
	endQuietlyWhenOutputCloses(stream('stdout'), stream('stderr'), (code) => exits.push(code));
	const epipe = Object.assign(new Error('write EPIPE'), {code: 'EPIPE'});
	listeners.stderr!(epipe);
	assert.deepEqual(exits, []);
	listeners.stdout!(epipe);
	assert.deepEqual(exits, [0]);
	assert.throws(() => listeners.stdout!(Object.assign(new Error('disk full'), {code: 'ENOSPC'})), /disk full/);
});

test('the wizard with stderr redirected to a file: the cursor is shown again on the terminal, nothing written to the file', async () => {
	const cli = await builtCli();
	const dir = mkdtempSync(join(tmpdir(), 'ddb-export-stderr-'));
	try {
		const log = join(dir, 'debug.log');
		const result = await runInPty({
			argv: ['sh', '-c', 'exec "$0" "$1" --demo 2>"$2"', process.execPath, cli, log],
			fullEnv: cliEnv({TERM: 'xterm-256color'}),
			timeout: 15,
			steps: [{wait: literal(QUESTIONS.profile), timeout: 20}, {signal: 'SIGTERM'}],
		});
		assert.equal(result.code, 143, result.output.slice(-300));
		assert.ok(result.output.endsWith(SHOW_CURSOR), 'the terminal gets its cursor back');
		assert.equal(readFileSync(log, 'utf8'), '', 'the redirected stderr holds no escape sequence');
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});

test('the cursor goes back on whichever stream is a terminal: stdout first, never a file', () => {
	const tty = {isTTY: true, write: () => true};
	const file = {write: () => true};
	assert.equal(cursorTerminal(tty, file), tty);
	assert.equal(cursorTerminal(file, tty), tty);
	assert.equal(cursorTerminal(file, file), undefined);
});
