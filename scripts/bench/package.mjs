// The package as a user gets it: the tarball `npm pack` makes (what `npm publish`
// uploads), installed with `npm i -g` into a fresh prefix (how many packages, how many
// bytes), and `npx` from a warm npm cache to the first frame. Everything stays on this
// machine: the tarball is installed from a file with --offline, and npx runs it from its
// own cache folder (a first, untimed run fills it, as a first `npx ddb-export` would).
// `npx --package TARBALL ddb-export` is `npx ddb-export` less one thing: npx always asks
// the registry whether a newer version exists (one round trip, not measured here), where
// with a tarball it reads the tarball's manifest instead. Most of the time is npm's own
// (loading itself and the npx cache's tree): compare the installed bin's start-up.

import {execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {figure, median} from './figures.mjs';
import {FIRST_FRAME, firstFrames, withProfiles} from './startup.mjs';

// Decimal megabytes, as npm reports sizes.
const MAX_INSTALLED_BYTES = 2_000_000;
const MAX_NPX_MS = 1000;

function npm(args, cwd, env) {
	// stderr is captured, not shown: npm warns there that a file tarball has a prepare script
	// (which npm does not run for a tarball).
	return execFileSync('npm', args, {cwd, env: {...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false'}, encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe']});
}

function bytesUnder(path) {
	const st = statSync(path);
	if (!st.isDirectory()) return st.size;
	return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

/** Every package folder under node_modules, nested ones included. */
function packagesUnder(modules) {
	const found = [];
	for (const name of readdirSync(modules)) {
		if (name.startsWith('.')) continue;
		const folders = name.startsWith('@') ? readdirSync(join(modules, name)).map((n) => join(modules, name, n)) : [join(modules, name)];
		for (const folder of folders) {
			found.push(folder);
			try {
				found.push(...packagesUnder(join(folder, 'node_modules')));
			} catch {
				// no nested node_modules
			}
		}
	}
	return found;
}

export async function measurePackage({root, env, runs}) {
	const scratch = mkdtempSync(join(tmpdir(), 'ddb-export-bench-package-'));
	try {
		// dist/ is built (npm run bench builds it first); --ignore-scripts packs it as it is.
		const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], root, env));
		const tarball = join(scratch, packed.filename);
		const prefix = join(scratch, 'prefix');
		npm(['install', '--global', '--prefix', prefix, '--cache', join(scratch, 'cache'), '--offline', tarball], scratch, env);
		const modules = join(prefix, 'lib', 'node_modules');
		const packages = packagesUnder(modules);
		const installed = bytesUnder(join(modules, 'ddb-export'));

		const npxEnv = {npm_config_cache: join(scratch, 'npx-cache'), npm_config_update_notifier: 'false', npm_config_yes: 'true'};
		const npx = await withProfiles(async (profiles) => {
			const cases = [
				{name: 'node', cmd: [process.execPath, '-e', '']},
				{name: 'npx', cmd: ['npx', '--prefer-offline', '--package', tarball, 'ddb-export'], env: {...profiles, ...npxEnv}, pattern: FIRST_FRAME, cwd: scratch},
			];
			// The untimed first round fills npx's cache (and V8's code cache): the warm case.
			await firstFrames(root, {runs: 1, cases, timeoutMs: 60_000}, env);
			return firstFrames(root, {runs, cases, timeoutMs: 15_000}, env);
		});
		const npxMs = median(npx.npx);
		return [
			figure({
				id: 'package.packages',
				name: '`npm i -g` of the packed tarball: packages installed',
				value: packages.length,
				unit: '',
				target: '1',
				met: packages.length === 1,
				data: {packages: packages.map((p) => p.slice(modules.length + 1))},
			}),
			figure({
				id: 'package.installed',
				name: `installed size (tarball ${Math.round(packed.size / 1000)} kB, ${packed.entryCount} files)`,
				value: installed / 1_000_000,
				unit: 'MB',
				target: '≤ 2 MB',
				met: installed <= MAX_INSTALLED_BYTES,
				data: {bytes: installed, tarballBytes: packed.size, files: packed.files.map((f) => f.path)},
			}),
			figure({
				id: 'package.npx',
				name: `\`npx\` from a warm npm cache to the first frame (median of ${runs})`,
				value: npxMs,
				unit: 'ms',
				reference: median(npx.node),
				referenceLabel: "node -e ''",
				ratio: npxMs / median(npx.node),
				target: `≤ ${MAX_NPX_MS} ms`,
				met: npx.npx.every((t) => t !== null) && npxMs <= MAX_NPX_MS,
				data: {runs: npx.npx, node: npx.node},
			}),
		];
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}
}
