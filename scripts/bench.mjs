// npm run bench: the figures of "fast where a person waits" (issue 7), each with its
// reference, ratio and target. Timings are medians of several runs; nothing here is a
// test (tests never time anything).
//   node scripts/bench.mjs [--json [FILE]] [--runs N] [--only startup,package,checks,aws,big,watch,batch,exports]
// --json writes the figures as JSON to FILE, or to stdout (the table then goes to stderr).
// Needs the bundle (npm run bench builds it if needed) and python3 for the pseudo-terminal.

import {cpSync, mkdirSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {cpus, totalmem} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {awsCliPath, LATENCY_MS, measureChecks, measureVersusAwsCli} from './bench/checks.mjs';
import {measureBigAccount} from './bench/big-account.mjs';
import {BATCH_EXPORT_MS, BATCH_TABLES, measureBatch} from './bench/batch.mjs';
import {failedFigure, formatTable} from './bench/figures.mjs';
import {measurePackage} from './bench/package.mjs';
import {measureStartup} from './bench/startup.mjs';
import {EXPORT_MS, measureWizardRun} from './bench/watch.mjs';
import {EXPORT_ITEMS, measureExportReading} from './bench/exports.mjs';
import {bundleWorker, startSandboxProcess} from './bench/workers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const {values} = parseArgs({
	options: {
		json: {type: 'boolean', default: false},
		runs: {type: 'string', default: '11'},
		only: {type: 'string'},
	},
	allowPositionals: true,
	strict: true,
});
const afterJson = process.argv[process.argv.indexOf('--json') + 1];
const jsonFile = values.json ? (afterJson && !afterJson.startsWith('-') ? afterJson : '-') : undefined;
const runs = Math.max(1, Number(values.runs) || 11);
const only = new Set((values.only ?? 'startup,package,checks,aws,big,watch,batch,exports').split(','));
const say = (line) => (jsonFile === '-' ? process.stderr : process.stdout).write(`${line}\n`);

if (!existsSync(join(root, 'dist', 'cli.js'))) {
	console.error('bench: dist/cli.js is missing; run `npm run bench` (it builds first) or `npm run build`.');
	process.exit(2);
}

// A copy of the bundle: a rebuild during the run (tests rebuild it) cannot pull chunks away.
const cacheDir = join(root, 'node_modules', '.cache', 'ddb-export-bench');
const dist = join(cacheDir, 'dist');
rmSync(dist, {recursive: true, force: true});
mkdirSync(cacheDir, {recursive: true});
cpSync(join(root, 'dist'), dist, {recursive: true});
const cli = join(dist, 'cli.js');

// The CLI as a person runs it: a terminal, no CI, none of this machine's AWS settings.
const env = {...process.env, TERM: process.env.TERM || 'xterm-256color', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'};
for (const name of Object.keys(env)) {
	if (name === 'CI' || name.startsWith('AWS_') && name !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED') delete env[name];
}

const machine = {
	cores: cpus().length,
	cpu: cpus()[0]?.model,
	memoryGb: Math.round(totalmem() / 2 ** 30),
	node: process.version,
	platform: process.platform,
	date: new Date().toISOString(),
};
say(`ddb-export bench · ${machine.cores} cores · Node ${machine.node} · ${machine.date.slice(0, 10)}`);
const started = performance.now();
const worker = await bundleWorker(root);
const rows = [];

async function section(name, title, work) {
	if (!only.has(name)) return;
	say(`… ${title}`);
	try {
		rows.push(...(await work()));
	} catch (error) {
		rows.push(failedFigure(name, title, error));
		say(`  failed: ${error.stack ?? error}`);
	}
}

async function withSandbox(options, work) {
	const sandbox = await startSandboxProcess(worker, options);
	try {
		return await work(sandbox);
	} finally {
		await sandbox.stop();
	}
}

await section('startup', 'start-up (pseudo-terminal)', () => measureStartup({root, cli, env, runs}));
await section('package', 'the package: packed, installed, run with npx', () => measurePackage({root, env, runs}));
await section('checks', `prerequisite checks (healthy sandbox, ${LATENCY_MS} ms per call)`, () =>
	withSandbox({scenario: 'healthy', latencyMs: LATENCY_MS}, (sandbox) => measureChecks({worker, sandbox, runs: 5})),
);
await section('aws', 'versus the aws CLI', () =>
	withSandbox({scenario: 'healthy', latencyMs: LATENCY_MS}, (sandbox) => measureVersusAwsCli({cli, sandbox, env, runs: 3, aws: awsCliPath()})),
);
await section('aws', 'versus the aws CLI, sandbox answering at once', () =>
	withSandbox({scenario: 'healthy', latencyMs: 0}, (sandbox) => measureVersusAwsCli({cli, sandbox, env, runs: 7, aws: awsCliPath(), latencyMs: 0})),
);
await section('big', 'big account (pseudo-terminal, 10,000 tables, 5,000 buckets)', () =>
	withSandbox({scenario: 'big-account', latencyMs: LATENCY_MS}, (sandbox) => measureBigAccount({root, cli, worker, sandbox, env})),
);
await section('watch', `a whole wizard run and a ${EXPORT_MS / 1000} s export, watched`, () =>
	withSandbox({scenario: 'healthy', latencyMs: LATENCY_MS, exportDurationMs: EXPORT_MS}, (sandbox) => measureWizardRun({worker, sandbox})),
);
await section('batch', `a ${BATCH_TABLES}-table batch (many-tables, ${LATENCY_MS} ms per call, ${BATCH_EXPORT_MS / 1000} s exports)`, () =>
	withSandbox(
		{scenario: 'many-tables', tableCount: BATCH_TABLES, exportLimit: 300, latencyMs: LATENCY_MS, exportDurationMs: BATCH_EXPORT_MS},
		(sandbox) => measureBatch({worker, sandbox, latencyMs: LATENCY_MS}),
	),
);
await section('exports', `verify and read of a ${EXPORT_ITEMS.toLocaleString('en-US')}-item export, versus aws s3 cp | gunzip | wc -l`, () =>
	withSandbox({scenario: 'attribute-types', latencyMs: 0, exportDurationMs: 50, planTableItems: EXPORT_ITEMS}, (sandbox) =>
		measureExportReading({cli, sandbox, env, runs: 3, aws: awsCliPath()}),
	),
);

say('');
say(formatTable(rows));
const missed = rows.filter((r) => r.met === false).length;
say(`\n${rows.filter((r) => r.met === true).length} met, ${missed} missed · ${Math.round((performance.now() - started) / 1000)} s`);

if (jsonFile) {
	const text = `${JSON.stringify({machine, figures: rows}, null, 2)}\n`;
	if (jsonFile === '-') process.stdout.write(text);
	else writeFileSync(jsonFile, text);
}
