// Nothing leaked: secret keys, session tokens and full access key ids must never reach
// stdout, stderr, --debug output, a written file, or the terminal. The values watched:
// every sandbox profile's real keys (the sandbox must accept them, so they are its
// own), temporary credentials handed out by AssumeRole (read off the wire through a
// proxy), and distinctive made-up ones planted in AWS_* variables for runs that fail.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {QUESTIONS} from '../source/core/wizard/field-options.js';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';
import {startFaultProxy, type FaultProxy} from './helpers/fault-proxy.js';
import {literal, plainText, runInPty, type PtyResult} from './helpers/pty.js';
import {builtCli, cliEnv, runCli, type CliResult} from './helpers/run-cli.js';

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const PLANTED = {
	accessKeyId: 'AKIAPLANTEDKEY7Q2W9X',
	secretAccessKey: 'pLaNtEd/SeCrEt+ddbExport/DoNotLeak/01234',
	sessionToken: `IQoJplantedSessionToken/ddbExport+mustNeverAppear/${'Zq9'.repeat(20)}`,
};

interface Secret {
	name: string;
	value: string;
	/** Distinctive parts: a leak of half a secret is a leak too. */
	parts: string[];
}

let cli: string;
let sandbox: Sandbox;
let proxy: FaultProxy;
let work: string;
let scratch: string;
let profileFiles: {configFile: string; credentialsFile: string};
const secrets: Secret[] = [];
const seenOnWire = new Set<string>();
let scanned = 0;

function watch(name: string, value: string | undefined): void {
	if (!value || secrets.some((s) => s.value === value)) return;
	const parts = /^(AKIA|ASIA)/.test(value)
		? [value.slice(4)] // "AKIA…" alone is how redaction shows an id: allowed
		: value.startsWith('IQoJb3JpZ2luX2VjE')
			? [value.slice(17, 49), value.slice(-24)] // every sandbox token starts alike
			: [value.slice(0, 16), value.slice(-16)];
	secrets.push({name, value, parts});
}

/** Names of the secrets found in `text`. */
function leaksIn(text: string): string[] {
	return secrets.filter((s) => text.includes(s.value) || s.parts.some((p) => text.includes(p))).map((s) => s.name);
}

function assertClean(label: string, ...texts: string[]): void {
	scanned++;
	const found = leaksIn(texts.join('\n'));
	assert.deepEqual(found, [], `${label}: leaked ${found.join(', ')}`);
}

function filesUnder(dir: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) out.push(...filesUnder(path));
		else out.push(path);
	}
	return out;
}

before(async () => {
	cli = await builtCli();
	sandbox = await startSandbox({scenario: 'healthy', exportDurationMs: 300});
	// Every answer passes through the proxy: AssumeRole's temporary credentials are learnt there.
	proxy = await startFaultProxy(sandbox.endpoint, {
		onAnswer: (_request, _status, body) => {
			const text = body.toString('utf8');
			for (const [, tag, value] of text.matchAll(/<(AccessKeyId|SecretAccessKey|SessionToken)>([^<]+)<\/\1>/g)) {
				seenOnWire.add(tag!);
				watch(`AssumeRole ${tag}`, value);
			}
		},
	});
	work = mkdtempSync(join(tmpdir(), 'ddb-export-secrets-'));
	scratch = join(work, 'scratch');
	mkdirSync(scratch);
	const files = sandbox.writeSharedConfig(join(work, 'aws'));
	// The profiles point at the proxy, and one more profile assumes the exporter role.
	const config = readFileSync(files.configFile, 'utf8').replaceAll(sandbox.endpoint, proxy.endpoint);
	writeFileSync(
		files.configFile,
		`${config}\n[profile assumer]\nregion = us-east-1\nrole_arn = arn:aws:iam::111111111111:role/DataExporter\nsource_profile = admin\nendpoint_url = ${proxy.endpoint}\n`,
	);
	profileFiles = files;
	for (const profile of sandbox.profiles) {
		watch(`${profile.name} secret key`, profile.secretAccessKey);
		watch(`${profile.name} session token`, profile.sessionToken);
		watch(`${profile.name} access key id`, profile.accessKeyId);
	}
	watch('planted secret key', PLANTED.secretAccessKey);
	watch('planted session token', PLANTED.sessionToken);
	watch('planted access key id', PLANTED.accessKeyId);
});

after(async () => {
	console.log(`secrets: values watched = ${secrets.length}, outputs and files scanned = ${scanned}, leaks = 0`);
	await proxy?.stop();
	await sandbox?.stop();
	rmSync(work, {recursive: true, force: true});
});

/** The profile files, a scratch TMPDIR (whatever the CLI leaves there is scanned), no other AWS settings. */
function filesEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
	return {
		AWS_CONFIG_FILE: profileFiles.configFile,
		AWS_SHARED_CREDENTIALS_FILE: profileFiles.credentialsFile,
		TMPDIR: scratch,
		DDB_EXPORT_DEMO_EXPORT_MS: '300',
		...extra,
	};
}

const PLAN = ['--endpoint-url', '', '--table-arn', TABLE_ARN, '--s3-bucket', 'orders-exports', '--s3-prefix', 'exports/orders/'];
const plan = () => PLAN.map((a, i) => (i === 1 ? proxy.endpoint : a));

test('flags, JSON, --debug, assume-role and policies --write: no secret in any output or file', async () => {
	const policiesDir = join(work, 'policies');
	const runs: Array<{label: string; args: string[]; env?: Record<string, string | undefined>; code: number; expect?: RegExp}> = [
		{label: '--yes', args: ['--yes', '--profile', 'default', ...plan()], code: 0, expect: /COMPLETED/},
		{label: '--yes --output json', args: ['--yes', '--profile', 'default', '--output', 'json', ...plan()], code: 0, expect: /"COMPLETED"/},
		{label: '--yes --debug', args: ['--yes', '--profile', 'default', '--debug', ...plan()], code: 0, expect: /\[debug\].*ExportTableToPointInTime/},
		{label: 'assume-role --yes --debug --json', args: ['--yes', '--profile', 'assumer', '--debug', '--json', ...plan()], code: 0, expect: /\[debug\] credentials: profile assumer → access key ASIA…/},
		{label: 'policies --write --debug', args: ['policies', '--profile', 'default', '--debug', '--write', policiesDir, ...plan()], code: 0},
		{label: 'check --debug --json (admin)', args: ['check', '--profile', 'admin', '--debug', '--json', ...plan()], code: 0, expect: /"overall"/},
		{
			label: 'environment keys --yes --debug',
			args: ['--yes', '--debug', ...plan()],
			env: {AWS_ACCESS_KEY_ID: sandbox.profiles[0]!.accessKeyId, AWS_SECRET_ACCESS_KEY: sandbox.profiles[0]!.secretAccessKey, AWS_SESSION_TOKEN: sandbox.profiles[0]!.sessionToken, AWS_CONFIG_FILE: undefined, AWS_SHARED_CREDENTIALS_FILE: undefined, AWS_REGION: 'us-east-1'},
			code: 0,
			expect: /x-amz|\[debug\]/,
		},
		{
			label: 'planted environment keys (refused) --yes --debug',
			args: ['--yes', '--debug', ...plan()],
			env: {AWS_ACCESS_KEY_ID: PLANTED.accessKeyId, AWS_SECRET_ACCESS_KEY: PLANTED.secretAccessKey, AWS_SESSION_TOKEN: PLANTED.sessionToken, AWS_CONFIG_FILE: undefined, AWS_SHARED_CREDENTIALS_FILE: undefined, AWS_REGION: 'us-east-1'},
			code: 1,
			expect: /does not recognise the access key/,
		},
		{
			label: 'planted environment keys (refused) --json --debug',
			args: ['check', '--json', '--debug', ...plan()],
			env: {AWS_ACCESS_KEY_ID: PLANTED.accessKeyId, AWS_SECRET_ACCESS_KEY: PLANTED.secretAccessKey, AWS_SESSION_TOKEN: PLANTED.sessionToken, AWS_CONFIG_FILE: undefined, AWS_SHARED_CREDENTIALS_FILE: undefined, AWS_REGION: 'us-east-1'},
			code: 1,
			expect: /"failed"/,
		},
	];
	const results: CliResult[] = [];
	for (let i = 0; i < runs.length; i += 3) {
		const batch = runs.slice(i, i + 3);
		results.push(...(await Promise.all(batch.map((run) => runCli(cli, run.args, {env: filesEnv(run.env)})))));
	}
	runs.forEach((run, i) => {
		const result = results[i]!;
		const label = `${run.label} (exit ${result.code})`;
		assertClean(label, result.stdout, result.stderr);
		assert.equal(result.code, run.code, `${label}\n${result.stdout}\n${result.stderr}`);
		if (run.expect) assert.match(result.stdout + result.stderr, run.expect, label);
		if (run.args.includes('--json')) JSON.parse(result.stdout);
		// Refused keys are a credentials problem: no policy would fix them.
		if (run.label.startsWith('planted')) assert.doesNotMatch(result.stdout + result.stderr, /Attach the generated|Access denied:/, label);
	});

	// Keys AWS refuses are the Credentials check's failure alone; nothing blames a policy.
	const refusedChecks = JSON.parse(results[runs.length - 1]!.stdout) as {checks: Array<{id: string; status: string}>};
	assert.deepEqual(refusedChecks.checks.filter((c) => c.status === 'failed').map((c) => c.id), ['credentials']);

	// The watch of a finished export, by ARN, with --debug.
	const exportArn = sandbox.world.exports()[0]!.arn;
	const watched = await runCli(cli, ['watch', exportArn, '--profile', 'default', '--debug', '--endpoint-url', proxy.endpoint], {env: filesEnv()});
	assertClean('watch --debug', watched.stdout, watched.stderr);
	assert.equal(watched.code, 0, watched.stderr);

	// The assume-role run really got temporary credentials, so they were watched for.
	assert.ok(seenOnWire.has('SecretAccessKey') && seenOnWire.has('SessionToken'), 'no AssumeRole credentials went by');
	const written = filesUnder(policiesDir);
	assert.ok(written.length > 0, 'policies --write wrote nothing');
	for (const file of [...written, ...filesUnder(scratch), ...filesUnder(cliEnv().HOME!)]) assertClean(`file ${file}`, readFileSync(file, 'utf8'));
});

function assertPtyClean(label: string, result: PtyResult): void {
	assertClean(label, result.output, plainText(result.output));
}

test('the wizard in a terminal: a whole demo export, and planted environment keys that AWS refuses', async () => {
	const env = (extra: Record<string, string | undefined>) => cliEnv({TERM: 'xterm-256color', TMPDIR: scratch, ...extra});
	// --debug in the wizard: its lines go to the redirected stderr, never over the screen.
	const debugLog = join(scratch, 'wizard-debug.log');
	const demo = await runInPty({
		argv: ['sh', '-c', `exec "$0" "$@" 2>"${debugLog}"`, process.execPath, cli, '--demo', '--debug'],
		// The demo clears these and uses its own sandbox (whose keys are the same as this one's).
		fullEnv: env({AWS_ACCESS_KEY_ID: PLANTED.accessKeyId, AWS_SECRET_ACCESS_KEY: PLANTED.secretAccessKey, AWS_SESSION_TOKEN: PLANTED.sessionToken, DDB_EXPORT_DEMO_EXPORT_MS: '300'}),
		cols: 120,
		rows: 50,
		timeout: 15,
		steps: [
			{wait: literal(QUESTIONS.profile), timeout: 20},
			{send: '\r', until: literal(QUESTIONS.review), every: 2, quiet: 0.25, max: 25},
			{send: '\r'},
			{wait: 'Start the export', timeout: 30},
			{send: '\r'},
			{wait: 'Export completed', timeout: 30},
			{sleep: 0.3},
			{send: '\r'},
		],
	});
	assert.equal(demo.failed, null, plainText(demo.output).slice(-2000));
	assert.equal(demo.code, 0);
	assertPtyClean('demo wizard', demo);
	assert.doesNotMatch(plainText(demo.output), /\[debug\]/);
	assert.match(readFileSync(debugLog, 'utf8'), /\[debug\] dynamodb ExportTableToPointInTime/);

	const refused = await runInPty({
		argv: [process.execPath, cli, '--endpoint-url', proxy.endpoint, '--debug'],
		fullEnv: env({AWS_ACCESS_KEY_ID: PLANTED.accessKeyId, AWS_SECRET_ACCESS_KEY: PLANTED.secretAccessKey, AWS_SESSION_TOKEN: PLANTED.sessionToken, AWS_REGION: 'us-east-1'}),
		cols: 120,
		rows: 50,
		timeout: 10,
		steps: [
			{wait: literal('(environment)'), timeout: 20},
			{send: '\r', until: 'AWS does not know these credentials', every: 2, quiet: 0.25, max: 6},
			{send: '\u0003'},
			{sleep: 0.3},
			{send: '\u0003'},
		],
	});
	assert.equal(refused.failed, null, plainText(refused.output).slice(-2000));
	assert.equal(refused.code, 130);
	assertPtyClean('wizard with refused environment keys', refused);
	// stderr is the wizard's terminal: --debug says why it writes nothing.
	assert.match(plainText(refused.output), /--debug writes nothing while the wizard draws on this terminal/);
	assert.doesNotMatch(plainText(refused.output), /\[debug\]/);
	for (const file of filesUnder(scratch)) assertClean(`file ${file}`, readFileSync(file, 'utf8'));
});

test('a credential_process that fails: the profile and the exit code, never its command line', async () => {
	const hunter = 'hunter2-ddb-export-cp';
	const inlineSecret = 'cPsEcReT/inline+JSON/ddbExport0123456789';
	const commandLine = `sh -c "exit 7" --password ${hunter} --api-token=${hunter}-2 '{"AccessKeyId": "AKIACPINLINE7Q2W9XYZ", "SecretAccessKey": "${inlineSecret}"}'`;
	watch('credential_process --password', hunter);
	watch('credential_process inline secret', inlineSecret);
	const dir = join(work, 'credential-process');
	mkdirSync(dir, {recursive: true});
	const configFile = join(dir, 'config');
	writeFileSync(
		configFile,
		`[profile vault]\nregion = us-east-1\ncredential_process = ${commandLine}\n\n[profile vault-role]\nregion = us-east-1\nrole_arn = arn:aws:iam::111111111111:role/DataExporter\nsource_profile = vault\n`,
	);
	const env = filesEnv({AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials')});
	const runs = [
		['check', '--profile', 'vault', '--json', '--debug', ...plan()],
		['--yes', '--profile', 'vault', '--debug', ...plan()],
		['check', '--profile', 'vault-role', '--json', '--debug', ...plan()],
	];
	const results = await Promise.all(runs.map((args) => runCli(cli, args, {env})));
	results.forEach((result, i) => {
		const label = `${runs[i]!.join(' ')} (exit ${result.code})`;
		assertClean(label, result.stdout, result.stderr);
		assert.doesNotMatch(result.stdout + result.stderr, /exit 7|--password|api-token|Command failed/, label);
	});
	assert.match(results[0]!.stdout, /The credential_process of profile vault failed \(exit code 7\)/);
	assert.match(results[1]!.stdout + results[1]!.stderr, /The credential_process of profile vault failed \(exit code 7\)/);
	// Through a role profile the SDK runs the process; its exit code is lost there, the profile is not.
	assert.match(results[2]!.stdout, /The credential_process of profile vault failed/);
	JSON.parse(results[0]!.stdout);
});
