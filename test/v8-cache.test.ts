// The V8 code cache of the built product, SDK and UI (source/launcher, bundled by
// scripts/build.mjs), as the installed command uses it: it only ever costs speed. A fresh
// folder gets a cache, each command its own, a corrupt or outdated cache is replaced, an
// impossible, shared or planted folder is not used, and the command works the same in
// every case. The loader's functions are tested one by one in cache-loader.test.ts.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {QUESTIONS} from '../source/core/wizard/field-options.js';
import {literal, runInPty} from './helpers/pty.js';
import {builtCli, cliEnv, runCli} from './helpers/run-cli.js';

async function check(cacheHome: string) {
	const cli = await builtCli();
	const result = await runCli(cli, ['check', '--demo', '--json', '--no-probe'], {env: {XDG_CACHE_HOME: cacheHome}});
	assert.equal(result.code, 0, result.stderr);
	assert.equal(JSON.parse(result.stdout).overall, 'passed');
}

function caches(folder: string, prefix: string): string[] {
	try {
		return readdirSync(folder).filter((name) => name.startsWith(prefix) && name.endsWith('.v8'));
	} catch {
		return [];
	}
}

const sdkCaches = (folder: string) => caches(folder, 'sdk-vendor');

/** Runs `work` with a fresh XDG_CACHE_HOME, removed afterwards. */
async function withCacheHome(work: (home: string) => Promise<void>): Promise<void> {
	const home = mkdtempSync(join(tmpdir(), 'ddb-export-cache-'));
	try {
		await work(home);
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}

test('a fresh cache folder gets the SDK cache; a corrupt cache is replaced and changes nothing', async () => {
	await withCacheHome(async (home) => {
			await check(home);
			const folder = join(home, 'ddb-export');
			const [cache] = sdkCaches(folder);
			assert.ok(cache, 'the SDK code cache was written');
			const [app] = caches(folder, 'app-');
			assert.match(app ?? '', /^app-\w+\.cjs-check-v[\d.]+-\w+\.v8$/, 'the product file has a cache of its own for check');
			assert.equal(statSync(folder).mode & 0o077, 0, 'the cache folder is private');
			writeFileSync(join(folder, cache), 'not a V8 code cache');
			writeFileSync(join(folder, app!), 'not a V8 code cache either');
			await check(home);
			assert.ok(statSync(join(folder, cache)).size > 1000, 'the rejected cache was written anew');
			assert.ok(statSync(join(folder, app!)).size > 1000, 'the rejected product cache was written anew');
	});
});

test('each command keeps its own cache: a first --version does not decide what check starts from', async () => {
	await withCacheHome(async (home) => {
			const cli = await builtCli();
			const version = await runCli(cli, ['--version'], {env: {XDG_CACHE_HOME: home}});
			assert.equal(version.code, 0, version.stderr);
			const folder = join(home, 'ddb-export');
			const [info] = caches(folder, 'app-');
			assert.match(info ?? '', /-info-/, '--help and --version have a cache of their own');
			await check(home);
			const apps = caches(folder, 'app-');
			assert.equal(apps.length, 2, apps.join(', '));
			const checkCache = apps.find((name) => name.includes('-check-'))!;
			assert.ok(statSync(join(folder, checkCache)).size > statSync(join(folder, info!)).size, 'check compiled more than --version did');
	});
});

test('a run stopped by bad input stores no cache; a full run does, and leaves other builds’ caches alone unless unused for 30 days', async () => {
	await withCacheHome(async (home) => {
			const cli = await builtCli();
			const folder = join(home, 'ddb-export');
			mkdirSync(folder, {mode: 0o700});
			const otherBuild = ['app-000000000000.cjs-check-v20.0.0-x64.v8', 'sdk-vendor-000000000000.cjs-check-v20.0.0-x64.v8'];
			const unused = ['app-111111111111.cjs-check-v20.0.0-x64.v8', 'app-111111111111.cjs-check-v20.0.0-x64.v8.123-ab.tmp'];
			for (const name of [...otherBuild, ...unused]) writeFileSync(join(folder, name), 'another build', {mode: 0o600});
			const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
			for (const name of unused) utimesSync(join(folder, name), longAgo, longAgo);
			writeFileSync(join(folder, 'notes.txt'), 'not ours');
			utimesSync(join(folder, 'notes.txt'), longAgo, longAgo);
			const ours = (names: string[]) => names.filter((name) => ![...otherBuild, ...unused].includes(name));

			const bad = await runCli(cli, ['check', '--table-arn', 'orders'], {env: {XDG_CACHE_HOME: home}});
			assert.equal(bad.code, 3, bad.stderr);
			assert.deepEqual(ours(caches(folder, 'app-')), [], 'a run that stopped at its flags is no model for the next one');

			await check(home);
			const left = readdirSync(folder);
			for (const name of otherBuild) assert.ok(left.includes(name), `${name} (another installed build, in use) stays`);
			for (const name of unused) assert.ok(!left.includes(name), `${name} (unused for a month) was removed`);
			assert.ok(left.includes('notes.txt'), 'files that are not caches of ours stay');
			assert.equal(ours(caches(folder, 'app-')).length, 1);
			assert.equal(ours(sdkCaches(folder)).length, 1);
	});
});

test('a wizard stopped right after its first frame stores its cache (a person may quit at once)', async () => {
	await withCacheHome(async (home) => {
			const cli = await builtCli();
			const result = await runInPty({
				argv: [process.execPath, cli, '--demo'],
				fullEnv: cliEnv({TERM: 'xterm-256color', XDG_CACHE_HOME: home}),
				timeout: 15,
				steps: [{wait: literal(QUESTIONS.profile), timeout: 20}, {signal: 'SIGTERM'}],
			});
			assert.equal(result.code, 143, result.output.slice(-500));
			const apps = caches(join(home, 'ddb-export'), 'app-');
			assert.equal(apps.length, 1, apps.join(', '));
			assert.match(apps[0]!, /-wizard-/);
	});
});

test('a cache folder others can write to is not used, and an impossible one is ignored', async () => {
	await withCacheHome(async (home) => {
			const shared = join(home, 'ddb-export');
			mkdirSync(shared);
			chmodSync(shared, 0o777);
			await check(home);
			assert.deepEqual(readdirSync(shared), [], 'compiled code is never kept where others could replace it');
			// Node 20's recursive mkdir loops forever under /proc; the loader must not hang there.
			await check('/proc/ddb-export-no-such-folder');
	});
});

test('without XDG_CACHE_HOME the caches go to ~/.cache/ddb-export, never into the temp folder', async () => {
	await withCacheHome(async (home) => {
		const cli = await builtCli();
		const temp = join(home, 'tmp');
		mkdirSync(temp);
		const result = await runCli(cli, ['check', '--demo', '--json', '--no-probe'], {env: {XDG_CACHE_HOME: undefined, HOME: home, TMPDIR: temp}});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(sdkCaches(join(home, '.cache', 'ddb-export')).length, 1);
		assert.deepEqual(readdirSync(temp).filter((name) => name.includes('v8cache')), [], 'nothing in the temp folder');
	});
});

test('20 flipped bytes in a cache: the next run works and repairs it (was a V8 crash at every run)', async () => {
	await withCacheHome(async (home) => {
		await check(home);
		const folder = join(home, 'ddb-export');
		for (const name of [...sdkCaches(folder), ...caches(folder, 'app-')]) {
			const bytes = readFileSync(join(folder, name));
			for (let i = 0; i < 20; i++) bytes[Math.floor(bytes.length / 2) + i]! ^= 0xff;
			writeFileSync(join(folder, name), bytes);
		}
		await check(home);
		await check(home);
	});
});

test('a cache folder planted as a symlink is not read, written or pruned', async () => {
	await withCacheHome(async (home) => {
		const theirs = join(home, 'theirs');
		mkdirSync(theirs, {mode: 0o700});
		const bait = 'app-000000000000.cjs-check-v20.0.0-x64.v8';
		writeFileSync(join(theirs, bait), 'old', {mode: 0o600});
		const longAgo = new Date(Date.now() - 60 * 24 * 60 * 60 * 1000);
		utimesSync(join(theirs, bait), longAgo, longAgo);
		symlinkSync(theirs, join(home, 'ddb-export'));
		await check(home);
		assert.deepEqual(readdirSync(theirs), [bait], 'nothing written into, or removed from, the folder the symlink leads to');
	});
});

test('a same-length edit of a built file: the edited code runs, not the cached old one', async () => {
	await withCacheHome(async (home) => {
		const cli = await builtCli();
		// A copy of dist/, so that the edit touches no other test's files.
		const copy = join(home, 'dist');
		cpSync(dirname(cli), copy, {recursive: true});
		const env = {XDG_CACHE_HOME: join(home, 'cache')};
		mkdirSync(env.XDG_CACHE_HOME, {mode: 0o700});
		const first = await runCli(join(copy, 'cli.js'), ['--version'], {env});
		assert.equal(first.code, 0, first.stderr);
		assert.equal(caches(join(env.XDG_CACHE_HOME, 'ddb-export'), 'app-').length, 1, 'the --version run stored its cache');
		const [app] = readdirSync(join(copy, 'chunks')).filter((name) => name.startsWith('app-'));
		const file = join(copy, 'chunks', app!);
		const text = readFileSync(file, 'utf8');
		const version = text.match(/version:"(\d+\.\d+\.\d+)"/)?.[1];
		assert.ok(version, 'the version string is in the product file');
		const edited = version.replace(/\d/g, '7');
		writeFileSync(file, text.replace(`version:"${version}"`, `version:"${edited}"`));
		const second = await runCli(join(copy, 'cli.js'), ['--version'], {env});
		assert.equal(second.code, 0, second.stderr);
		assert.match(second.stdout, new RegExp(`ddb-export ${edited.replace(/\./g, '\\.')}`));
	});
});
