// Runs every test file with node's own test runner through tsx.
// Node 20 does not expand globs itself, so the file list is made here.
import {readdirSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// --verbose: the runner's own TAP output instead of scripts/test-reporter.mjs.
const verbose = process.argv.includes('--verbose');
const only = process.argv.slice(2).filter((arg) => arg !== '--verbose');
const reporter = verbose ? [] : ['--test-reporter=./scripts/test-reporter.mjs', '--test-reporter-destination=stdout'];
const files = readdirSync(join(root, 'test'))
	.filter((f) => /\.test\.tsx?$/.test(f))
	.filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
	.sort()
	.map((f) => join('test', f));
const result = spawnSync(
	process.execPath,
	['--import', 'tsx', '--test', '--test-concurrency=2', ...reporter, ...files],
	{cwd: root, stdio: 'inherit', env: {...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', FORCE_COLOR: '0'}},
);
process.exit(result.status ?? 1);
