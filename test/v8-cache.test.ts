// The V8 code cache of the bundled SDK and UI (scripts/build.mjs): it only ever costs
// speed. A fresh folder gets a cache, a corrupt cache is replaced, an impossible or
// shared folder is not used, and the command works the same in every case.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {builtCli, runCli} from './helpers/run-cli.js';

async function check(cacheHome: string) {
	const cli = await builtCli();
	const result = await runCli(cli, ['check', '--demo', '--json', '--no-probe'], {env: {XDG_CACHE_HOME: cacheHome}});
	assert.equal(result.code, 0, result.stderr);
	assert.equal(JSON.parse(result.stdout).overall, 'passed');
}

function sdkCaches(folder: string): string[] {
	try {
		return readdirSync(folder).filter((name) => name.startsWith('sdk-vendor') && name.endsWith('.v8'));
	} catch {
		return [];
	}
}

test('a fresh cache folder gets the SDK cache; a corrupt cache is replaced and changes nothing', async () => {
	const home = mkdtempSync(join(tmpdir(), 'ddb-export-cache-'));
	try {
		await check(home);
		const folder = join(home, 'ddb-export');
		const [cache] = sdkCaches(folder);
		assert.ok(cache, 'the SDK code cache was written');
		assert.equal(statSync(folder).mode & 0o077, 0, 'the cache folder is private');
		writeFileSync(join(folder, cache), 'not a V8 code cache');
		await check(home);
		assert.ok(statSync(join(folder, cache)).size > 1000, 'the rejected cache was written anew');
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
});

test('a cache folder others can write to is not used, and an impossible one is ignored', async () => {
	const home = mkdtempSync(join(tmpdir(), 'ddb-export-cache-'));
	try {
		const shared = join(home, 'ddb-export');
		mkdirSync(shared);
		chmodSync(shared, 0o777);
		await check(home);
		assert.deepEqual(sdkCaches(shared), [], 'compiled code is never kept where others could replace it');
		// Node 20's recursive mkdir loops forever under /proc; the loader must not hang there.
		await check('/proc/ddb-export-no-such-folder');
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
});
