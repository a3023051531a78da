// The Ink face's one word-wrapper and the rows it counts, and the stream wrapper that
// lets the terminal soft-wrap ARNs and commands without breaking Ink's redraws.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {commandLines, labelledLines, rowsOf, stringWidth, wrapWords} from '../source/ui/text-layout.js';
import {extraRows, softWrapAware} from '../source/ui/soft-wrap-stdout.js';

const ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders/export/01796581199415-d8ab7b29';

test('prose wraps at spaces and never past the width', () => {
	const text = 'The key policy does not let you use the key (kms:GenerateDataKey, kms:Decrypt): add the generated statement.';
	for (const width of [30, 40, 60]) {
		const lines = wrapWords(text, width, {indent: '  '});
		assert.equal(lines.join(' ').replace(/\s+/g, ' '), text);
		for (const line of lines) assert.ok(stringWidth(line) <= width, `${JSON.stringify(line)} in ${width}`);
	}
});

test('a word longer than the line is kept whole, alone on its line, never cut', () => {
	const lines = wrapWords(`Export ${ARN} started`, 40);
	assert.deepEqual(lines, ['Export', ARN, 'started']);
	assert.equal(rowsOf(lines, 40), 1 + Math.ceil(ARN.length / 40) + 1);
	assert.ok(!lines.join('').includes('…'));
});

test('wide characters and emoji count two columns', () => {
	const lines = wrapWords('表表表表 表表表表 😀😀😀😀', 9);
	assert.deepEqual(lines, ['表表表表', '表表表表', '😀😀😀😀']);
	assert.equal(rowsOf(['表表表表表'], 9), 2);
});

test('a long command gets " \\" continuations between arguments, each flag with its value', () => {
	const command = `aws kms put-key-policy --key-id ${ARN} --policy-name default --policy file://key-policy.json --region us-east-1`;
	const lines = commandLines(command, 60);
	assert.deepEqual(lines, ['aws kms put-key-policy \\', `  --key-id ${ARN} \\`, '  --policy-name default --policy file://key-policy.json \\', '  --region us-east-1']);
	// The shell reads the continued lines as the command itself.
	assert.equal(lines.join('\n').replace(/ \\\n\s*/g, ' '), command);
	assert.deepEqual(commandLines('aws s3 ls s3://b/p/', 60), ['aws s3 ls s3://b/p/']);
	// Quoted arguments stay whole.
	assert.deepEqual(commandLines(`aws x --a 'one two three' --b c`, 20), ['aws x \\', "  --a 'one two three' \\", '  --b c']);
});

test('a labelled value wraps under itself; an ARN that does not fit goes under the label', () => {
	assert.deepEqual(labelledLines('Items', '3,500 · 1.0 MB billed', 40, 8), ['Items    3,500 · 1.0 MB billed']);
	assert.deepEqual(labelledLines('Target', `key ${ARN}`, 40, 8), ['Target   key', `         ${ARN}`]);
	assert.deepEqual(labelledLines('Table', ARN, 40, 8), ['Table', `  ${ARN}`]);
});

test('a frame with soft-wrapped lines counts the extra rows they take', () => {
	assert.equal(extraRows('title\nshort\n', 40), 0);
	assert.equal(extraRows(`title\n${ARN}\nend\n`, 40), Math.ceil(ARN.length / 40) - 1);
	assert.equal(extraRows(`${'x'.repeat(40)}\n`, 40), 0);
	assert.equal(extraRows('\u001B[36mcolour codes take no columns\u001B[39m', 20), 1);
});

test("Ink's next erase also takes away the rows a soft-wrapped line used", () => {
	const written: string[] = [];
	const stream = softWrapAware({columns: 40, rows: 24, write: (chunk: string) => (written.push(chunk), true)});
	assert.equal(stream.columns, 40);
	// ansi-escapes' eraseLines(3): erase, up, erase, up, erase, column 1.
	const erase3 = '\u001B[2K\u001B[1A\u001B[2K\u001B[1A\u001B[2K\u001B[G';
	stream.write(`title\n${ARN}\n`);
	stream.write(`${erase3}title\nshort\n`);
	const extra = Math.ceil(ARN.length / 40) - 1;
	assert.equal(written[1], `\u001B[2K\u001B[1A\u001B[2K\u001B[1A\u001B[2K${'\u001B[1A\u001B[2K'.repeat(extra)}\u001B[Gtitle\nshort\n`);
	// That frame had no long line: the next erase is left as Ink wrote it.
	stream.write(`${erase3}again\n`);
	assert.equal(written[2], `${erase3}again\n`);
	// Writes that only move the cursor do not count as a frame.
	stream.write(`${ARN}\n`);
	stream.write('\u001B[?25l');
	stream.write(`${erase3}x\n`);
	assert.ok(written[5]!.startsWith(`\u001B[2K\u001B[1A\u001B[2K\u001B[1A\u001B[2K${'\u001B[1A\u001B[2K'.repeat(extra)}\u001B[G`));
});

test('an aws command inside a sentence moves whole to the next line, never split across two', () => {
	const text = 'Check which credentials are in use (aws sts get-caller-identity --profile dev), and replace the keys if they were rotated.';
	for (const width of [44, 50, 60, 80]) {
		const lines = wrapWords(text, width);
		assert.ok(lines.some((line) => line.includes('aws sts get-caller-identity --profile dev')), `${width}: ${lines.join(' | ')}`);
		assert.ok(lines.every((line) => stringWidth(line) <= width), `${width}: ${lines.join(' | ')}`);
		assert.equal(lines.join(' '), text);
	}
	// Ends at a semicolon, a comma and space, or a sentence's full stop; a dotted word stays in it.
	const fix = 'Get fresh credentials: for an SSO profile run aws sso login --profile my.dev; for keys export new ones.';
	assert.ok(wrapWords(fix, 36).some((line) => line.includes('aws sso login --profile my.dev;')), wrapWords(fix, 36).join(' | '));
	// A command longer than the line wraps as prose rather than overflowing it.
	const long = `Run aws iam create-policy-version --policy-arn ${'x'.repeat(30)} --set-as-default now.`;
	assert.ok(wrapWords(long, 30).every((line) => stringWidth(line) <= 30 || !line.includes(' ')));
});
