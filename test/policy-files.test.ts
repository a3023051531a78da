// `policies --write DIR`: every file or none, never over anything already there (a
// symlink that leads nowhere included: O_EXCL refuses it, so a look with existsSync that
// calls it absent left half the files written).

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Snippet} from '../source/core/policy/generate.js';
import {pathTaken, writeSnippetFiles} from '../source/line-mode/policy-files.js';
import {builtCli, runCli} from './helpers/run-cli.js';

function scratch(work: (dir: string) => Promise<void> | void): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'ddb-export-policy-files-'));
	return Promise.resolve(work(dir)).finally(() => rmSync(dir, {recursive: true, force: true}));
}

const snippet = (fileName: string) => ({fileName, document: {Version: '2012-10-17', Statement: []}}) as unknown as Snippet;

test('policies --write DIR with a dangling symlink at the second file’s name: nothing written, the name reported', async () => {
	const cli = await builtCli();
	await scratch(async (dir) => {
		const out = join(dir, 'out');
		mkdirSync(out);
		const nowhere = join(dir, 'nowhere.json');
		symlinkSync(nowhere, join(out, 'bucket-policy.json'));
		const result = await runCli(cli, ['policies', '--demo', 'cross-account', '--write', out, '--json']);
		assert.equal(result.code, 3, result.stderr);
		const error = JSON.parse(result.stdout).error;
		assert.equal(error.code, 'FileExists');
		assert.match(error.message, /bucket-policy\.json/);
		assert.deepEqual(readdirSync(out), ['bucket-policy.json'], 'caller-policy.json was not written either');
		assert.ok(!existsSync(nowhere), 'nothing was created where the symlink points');
	});
});

test('a write that fails half-way removes what it wrote, and the folders it made', async () => {
	await scratch((dir) => {
		const out = join(dir, 'a', 'b');
		let calls = 0;
		const outcome = writeSnippetFiles(out, [snippet('one.json'), snippet('two.json')], (file, text) => {
			if (++calls === 2) throw Object.assign(new Error('no space left'), {code: 'ENOSPC'});
			// The first file is written for real, then undone.
			writeFileSync(file, text, {flag: 'wx'});
		});
		assert.deepEqual(outcome, {ok: false, error: `Could not write into ${out}: ENOSPC.`});
		assert.deepEqual(readdirSync(dir), [], 'a/ and a/b/ were made by this call and are gone again');
	});
});

test('a file that appears between the look and the write: the others are removed, its name reported', async () => {
	await scratch((dir) => {
		const written: string[] = [];
		const outcome = writeSnippetFiles(dir, [snippet('one.json'), snippet('two.json')], (file, text) => {
			if (file.endsWith('two.json')) throw Object.assign(new Error('exists'), {code: 'EEXIST', path: file});
			writeFileSync(file, text, {flag: 'wx'});
			written.push(file);
		});
		assert.deepEqual(outcome, {ok: false, taken: [join(dir, 'two.json')]});
		assert.equal(written.length, 1);
		assert.deepEqual(readdirSync(dir), [], 'one.json was removed again; the folder was there before and stays');
	});
});

test('pathTaken: a file, a folder and a dangling symlink are taken; a free name is not', async () => {
	await scratch((dir) => {
		symlinkSync(join(dir, 'missing'), join(dir, 'link'));
		assert.ok(pathTaken(join(dir, 'link')));
		assert.ok(pathTaken(dir));
		assert.ok(!pathTaken(join(dir, 'free.json')));
		const outcome = writeSnippetFiles(dir, [snippet('free.json'), snippet('other.json')]);
		assert.ok(outcome.ok);
		assert.deepEqual(readdirSync(dir).sort(), ['free.json', 'link', 'other.json']);
	});
});
