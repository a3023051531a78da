// The package as npm ships it: packed, installed into a fresh prefix with an empty npm
// cache and no network (the package has no run-time dependencies, so none is needed),
// and run from the installed bin as a user would.

import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {builtCli, cliEnv} from './helpers/run-cli.ts';

const root = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function npm(args: string[], cwd: string) {
	const result = spawnSync('npm', args, {cwd, encoding: 'utf8', env: {...process.env, npm_config_update_notifier: 'false'}});
	assert.equal(result.status, 0, `npm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
	return result.stdout;
}

describe('the packed package', () => {
	let scratch: string;
	let tarball: string;
	let files: string[];
	let prefix: string;

	before(async () => {
		await builtCli();
		scratch = mkdtempSync(join(tmpdir(), 'ddb-export-pack-'));
		// --ignore-scripts: `prepare` would rebuild dist/ while other test files run it;
		// builtCli() has just brought it up to date.
		const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], root));
		tarball = join(scratch, packed[0].filename);
		files = packed[0].files.map((f: {path: string}) => f.path);
		prefix = join(scratch, 'prefix');
		// An empty cache and --offline: anything beyond the tarball itself would fail here.
		npm(['install', '--global', '--prefix', prefix, '--cache', join(scratch, 'cache'), '--offline', '--no-audit', '--no-fund', tarball], scratch);
	});
	after(() => rmSync(scratch, {recursive: true, force: true}));

	test('builds dist/ before packing, and needs nothing at run time', () => {
		assert.equal(manifest.scripts.prepare, 'node scripts/build.mjs');
		assert.equal(manifest.dependencies, undefined, 'every bundled package is a devDependency');
		assert.ok(files.includes('dist/cli.js'), files.join('\n'));
		assert.ok(files.includes('dist/THIRD-PARTY-NOTICES'), files.join('\n'));
		assert.ok(files.some((f) => /^dist\/chunks\/app-\w+\.cjs$/.test(f)), files.join('\n'));
		assert.ok(!files.some((f) => f.startsWith('source/') || f.startsWith('test/')), files.join('\n'));
	});

	test('installs as one package', () => {
		assert.deepEqual(readdirSync(join(prefix, 'lib', 'node_modules')), ['ddb-export']);
	});

	test('the installed bin prints its version (listed in --help) and runs the demo checks', () => {
		const bin = join(prefix, 'bin', 'ddb-export');
		const env = cliEnv({XDG_CACHE_HOME: join(scratch, 'xdg-cache')});
		const version = spawnSync(bin, ['--version'], {cwd: scratch, encoding: 'utf8', env});
		assert.equal(version.status, 0, version.stderr);
		assert.equal(version.stdout.trim(), `ddb-export ${manifest.version}`);
		const help = spawnSync(bin, ['--help'], {cwd: scratch, encoding: 'utf8', env});
		assert.equal(help.status, 0, help.stderr);
		assert.match(help.stdout, /--version/, 'the help lists --version');
		const check = spawnSync(bin, ['check', '--demo', 'healthy', '--no-probe', '--output', 'json'], {cwd: scratch, encoding: 'utf8', env});
		assert.equal(check.status, 0, check.stderr);
		const report = JSON.parse(check.stdout);
		assert.equal(report.plan.tableArn, 'arn:aws:dynamodb:us-east-1:111111111111:table/orders');
		assert.equal(report.overall, 'passed', check.stdout);
		assert.ok(report.checks.filter((c: {status: string}) => c.status === 'passed').length >= 5, check.stdout);
	});

	test('the notices carry the licence of every bundled package', () => {
		const notices = readFileSync(join(prefix, 'lib', 'node_modules', 'ddb-export', 'dist', 'THIRD-PARTY-NOTICES'), 'utf8');
		for (const name of ['ink', 'react', 'yoga-layout', '@aws-sdk/client-dynamodb', '@smithy/core', '@inquirer/select', 'cli-spinners']) {
			assert.match(notices, new RegExp(`^${name.replace(/[/.]/g, '\\$&')}@\\d`, 'm'), name);
		}
		assert.match(notices, /Apache License\s+Version 2\.0/);
		assert.match(notices, /Copyright \(c\) Meta Platforms/);
		assert.doesNotMatch(notices, /iconv-lite|chardet/, 'the @inquirer/prompts barrel is not bundled');
	});
});
