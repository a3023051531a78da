// Line mode and the commands' human output on a terminal: prose wrapped at words to the
// terminal's width by the one wrapper (core/text-layout.ts), things to copy never broken
// by an inserted newline; the same text unchanged when the output is not a terminal.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {wrapPrintedText} from '../source/core/printed-lines.js';
import {stringWidth} from '../source/core/text-layout.js';
import {copyable} from './helpers/copyable.js';
import {runInPty, plainText} from './helpers/pty.js';
import {builtCli, cliEnv, startCli} from './helpers/run-cli.js';

const ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders/export/01796581199415-d8ab7b29';
const CAUSE = `           Why: The role arn:aws:iam::111111111111:role/DataExporter may not call kms:GenerateDataKey for ${ARN}, so DynamoDB cannot write the data files.`;
const FIX_COMMAND = 'aws dynamodb update-continuous-backups --table-name audit-log --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true';
const FIX = `           Fix: Turn point-in-time recovery on with ${FIX_COMMAND} and run the checks again.`;
const WATCH = `ddb-export watch ${ARN} --profile alice --region us-east-1`;
const WIDE = '  Note: 東京リージョン のテーブル 注文 は エクスポート に 数分 かかります 😀 ので お待ちください そして 確認 して ください。';

/** The words of `text`, in order (what a reader reads, whatever the line breaks). */
const words = (text: string) => text.replace(/ddb-export-probe-[0-9a-f]+/g, 'ddb-export-probe-N').split(/\s+/).filter(Boolean);

function assertWrapped(lines: string[], columns: number): void {
	for (const line of lines) assert.ok(stringWidth(line) <= columns || copyable(line), `${columns}: prose longer than the line: ${JSON.stringify(line)}`);
}

for (const columns of [80, 60]) {
	test(`at ${columns} columns: a cause with an ARN wraps at words under "Why:", the ARN whole on its own line`, () => {
		const lines = wrapPrintedText(CAUSE, columns).split('\n');
		assert.ok(lines.length > 1);
		assertWrapped(lines, columns);
		assert.deepEqual(words(lines.join('\n')), words(CAUSE), 'no word cut, dropped or split');
		assert.ok(lines.some((line) => line.trim() === `${ARN},`), 'the ARN alone on its line');
		for (const line of lines.slice(1)) assert.match(line, /^ {16}\S/, 'continuations start where the text after "Why: " does');
	});

	test(`at ${columns} columns: a fix with a command keeps the command whole on one line; the command's own line is left as it is`, () => {
		const lines = wrapPrintedText(FIX, columns).split('\n');
		assertWrapped(lines, columns);
		assert.deepEqual(words(lines.join('\n')), words(FIX));
		assert.ok(lines.some((line) => line.trim() === FIX_COMMAND), lines.join('\n'));
		assert.equal(wrapPrintedText(`             ${FIX_COMMAND}`, columns), `             ${FIX_COMMAND}`);
		const watch = wrapPrintedText(`Stopped watching. Watch it again: ${WATCH}`, columns).split('\n');
		assert.ok(watch.some((line) => line.trim() === WATCH), watch.join('\n'));
		const continued = `  aws dynamodb export-table-to-point-in-time \\\n    --table-arn ${ARN} \\\n    --s3-bucket analytics-landing`;
		assert.equal(wrapPrintedText(continued, columns), continued, 'a command continued with " \\" keeps its lines');
		const json = '      "Resource": "arn:aws:s3:::analytics-landing/exports/orders/with a long prefix that is longer than the line/*"';
		assert.equal(wrapPrintedText(json, columns), json, 'a JSON line is never broken inside a string');
	});

	test(`at ${columns} columns: East Asian wide characters and emoji count two columns`, () => {
		const lines = wrapPrintedText(WIDE, columns).split('\n');
		assert.ok(lines.length > 1);
		for (const line of lines) assert.ok(stringWidth(line) <= columns, `${stringWidth(line)} > ${columns}: ${line}`);
		assert.deepEqual(words(lines.join('\n')), words(WIDE));
		for (const line of lines.slice(1)) assert.match(line, /^ {8}\S/, 'continuations start under the text after "Note: "');
	});
}

test('a labelled ARN longer than the room after its label: the label, then the ARN whole on the next line', () => {
	assert.deepEqual(wrapPrintedText(`  Export ARN  ${ARN}`, 80).split('\n'), ['  Export ARN', `    ${ARN}`]);
	assert.deepEqual(wrapPrintedText(`Watch it again: ${WATCH}`, 80).split('\n'), ['Watch it again:', `  ${WATCH}`]);
	assert.equal(wrapPrintedText(`  Files       s3://lake/x/`, 80), '  Files       s3://lake/x/', 'a line that fits is kept');
});

test('not a terminal (no width): every line is printed as it is', () => {
	for (const text of [CAUSE, FIX, WIDE, `  Export ARN  ${ARN}`]) assert.equal(wrapPrintedText(text, undefined), text);
});

test('check --demo cross-account in an 80-column terminal: no word split across lines, the same words as piped, copyables whole', async () => {
	const cli = await builtCli();
	const piped = await startCli(cli, ['check', '--demo', 'cross-account'], {input: ''}).done;
	const result = await runInPty({argv: [process.execPath, cli, 'check', '--demo', 'cross-account'], fullEnv: cliEnv({TERM: 'xterm-256color'}), cols: 80, rows: 24, timeout: 30, steps: []});
	// The live "Checking… n of 10 done" line is rewritten in place on a terminal only.
	const lines = plainText(result.output).split('\n').filter((line) => line !== '' && !/^Checking… \d+ of \d+ done/.test(line));
	const shown = lines.join('\n');
	assert.ok(lines.length > piped.stdout.split('\n').length, 'long prose lines were wrapped');
	assertWrapped(lines, 80);
	// A word split across two lines would show as two words here: the same words, in order, mean none was.
	assert.deepEqual(words(shown), words(piped.stdout + piped.stderr));
	// The piped output is not wrapped: it still has lines longer than 80 columns.
	assert.ok(piped.stdout.split('\n').some((line) => stringWidth(line) > 80));
	for (const line of lines.filter((l) => /\b(?:aws|ddb-export) [a-z]/.test(l))) {
		const command = /\b(?:aws|ddb-export) [a-z].*/.exec(line)![0];
		assert.ok(piped.stdout.includes(command) || piped.stderr.includes(command), `a command appears whole: ${command}`);
	}
});
