// The V8 code cache of the built product, SDK and UI (scripts/build.mjs): it only ever
// costs speed. A fresh folder gets a cache, each command its own, a corrupt cache is
// replaced, an impossible or shared folder is not used, and the command works the same
// in every case.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
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

test('a run stopped by bad input stores no cache; a full run does, and removes the caches of other builds', async () => {
	await withCacheHome(async (home) => {
			const cli = await builtCli();
			const folder = join(home, 'ddb-export');
			mkdirSync(folder, {mode: 0o700});
			const oldBuild = ['app-000000000000.cjs-check-v20.0.0-x64.v8', 'sdk-vendor-000000000000.cjs-check-v20.0.0-x64.v8', 'app-000000000000.cjs-check-v20.0.0-x64.v8.123.tmp'];
			for (const name of oldBuild) writeFileSync(join(folder, name), 'an older build', {mode: 0o600});
			writeFileSync(join(folder, 'notes.txt'), 'not ours');

			const bad = await runCli(cli, ['check', '--table-arn', 'orders'], {env: {XDG_CACHE_HOME: home}});
			assert.equal(bad.code, 3, bad.stderr);
			assert.deepEqual(caches(folder, 'app-').filter((name) => !oldBuild.includes(name)), [], 'a run that stopped at its flags is no model for the next one');

			await check(home);
			const left = readdirSync(folder);
			for (const name of oldBuild) assert.ok(!left.includes(name), `${name} was removed`);
			assert.ok(left.includes('notes.txt'), 'files that are not caches of ours stay');
			assert.equal(caches(folder, 'app-').length, 1);
			assert.equal(sdkCaches(folder).length, 1);
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
