// Type-ahead between the wizard's questions, in a REAL pseudo-terminal at the pace of real
// AWS (300 ms a call): Enters written in one write answer each question in turn (also the
// ones that arrive while the next step loads), never go past the review, and nothing
// typed ahead reaches the checks' menu (no export starts); a refused answer drops the rest;
// Enter while a long table list loads takes the proposed table, not the first one listed.

import {before, test} from 'node:test';
import assert from 'node:assert/strict';
import {QUESTIONS} from '../source/core/wizard/field-options.js';
import {literal, plainText, runInPty, type PtyResult, type PtyStep} from './helpers/pty.js';
import {builtCli, cliEnv} from './helpers/run-cli.js';

let cli: string;

before(async () => {
	cli = await builtCli();
});

const CTRL_C = '\u0003';
const PACE = {DDB_EXPORT_DEMO_LATENCY_MS: '300'};
const QUIT: PtyStep[] = [{send: CTRL_C}, {wait: 'Press Ctrl-C again'}, {send: CTRL_C}];

function explain(result: PtyResult): string {
	return `exit ${result.code} failed=${result.failed} killed=${result.killed}\n--- last screen ---\n${plainText(result.output).slice(-3000)}`;
}

function wizard(argv: string[], steps: PtyStep[], env: Record<string, string | undefined>): Promise<PtyResult> {
	return runInPty({argv: [process.execPath, cli, ...argv], fullEnv: cliEnv({TERM: 'xterm-256color', ...env}), cols: 80, rows: 24, timeout: 20, steps});
}

test('Enter x20 in one write answers each question with its default, stops at the review; the checks menu gets none of it', async () => {
	const result = await wizard(['--demo'], [
		{wait: literal(QUESTIONS.profile), timeout: 20},
		{sleep: 0.15},
		{send: '\r'.repeat(20)},
		{wait: literal(QUESTIONS.review), timeout: 30},
		{wait: 'client-token', timeout: 10},
		// Time for any kept Enter to (wrongly) reach the review.
		{sleep: 1.5},
		{wait: 'Check the prerequisites'},
		// The person's own Enter runs the read-only checks (and nothing kept follows it).
		{send: '\r'},
		{wait: '8 passed', timeout: 30},
		{sleep: 1.5},
		...QUIT,
	], PACE);
	assert.equal(result.failed, null, explain(result));
	assert.equal(result.code, 130, explain(result));
	const text = plainText(result.output);
	const review = text.slice(text.indexOf(QUESTIONS.review));
	const checks = text.slice(text.indexOf('8 passed'));
	assert.match(review, /--table-arn arn:aws:dynamodb:us-east-1:111111111111:table\/orders\b/, review);
	assert.match(review, /--s3-bucket orders-exports\b/, review);
	// Before the person's Enter the checks had not run: the kept Enters stopped at the review.
	assert.doesNotMatch(text.slice(0, text.indexOf('client-token')), /Running the checks|passed/, explain(result));
	// No export started: the checks' menu (whose Enter starts it) got none of the kept keys.
	assert.doesNotMatch(text, /Starting the export|IN_PROGRESS/, explain(result));
	assert.match(checks, /Start the export/, explain(result));
});

test('a refused answer typed ahead drops the keys after it: nothing lands in a question not seen', async () => {
	const result = await wizard(['--demo'], [
		{wait: literal(QUESTIONS.profile), timeout: 20},
		{sleep: 0.15},
		// Profile (default), then a Region that is refused, then Enters meant for the next questions.
		{send: '\r\u0015no where\r\r\r\r'},
		{wait: 'Give the Region code', timeout: 20},
		{sleep: 1.5},
		...QUIT,
	], PACE);
	assert.equal(result.failed, null, explain(result));
	assert.equal(result.code, 130, explain(result));
	const text = plainText(result.output);
	const after = text.slice(text.indexOf('Give the Region code'));
	assert.doesNotMatch(after, new RegExp(literal(QUESTIONS.table)), `the Enters after the refused answer were dropped\n${explain(result)}`);
	assert.match(after, /no where/, 'the refused answer stays in the field to correct');
});

test('big account: Enter while the table list is still loading takes the proposed table (orders), not the first listed', async () => {
	const result = await wizard(['--demo', 'big-account'], [
		{wait: literal(QUESTIONS.profile), timeout: 20},
		{sleep: 0.15},
		// Profile, Region, Table: the third Enter reaches the table list while its pages stream in.
		{send: '\r\r\r'},
		{wait: literal(QUESTIONS.destination), timeout: 30},
		{sleep: 0.3},
		...QUIT,
	], PACE);
	assert.equal(result.failed, null, explain(result));
	const text = plainText(result.output);
	assert.match(text, /loading… \d+ so far/, `the Enter came while the list was loading\n${explain(result)}`);
	assert.match(text, /not listed yet: Enter takes it/, explain(result));
	assert.match(text.slice(text.lastIndexOf(QUESTIONS.destination) - 400), /✔ Table\s+orders\b/, explain(result));
	assert.doesNotMatch(text, /Point-in-time recovery is off for audit-log/, explain(result));
});
