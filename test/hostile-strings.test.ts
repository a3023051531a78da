// The hostile-strings sandbox scenario: AWS hands back a KMS key description, a key policy
// Sid, an SCP name and description and an export's failure message that carry screen
// clears, OSC 52 clipboard writes, OSC 8 links, a carriage return and C1 controls. Every
// face (the Ink wizard, line mode, text and JSON output, diagnose -) must show them as
// visible escapes (\x1b) and never pass one to the terminal.

import {before, test} from 'node:test';
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {QUESTIONS} from '../source/core/wizard/field-options.js';
import {createAwsGateway, environmentProfileName} from '../source/aws/gateway.js';
import {AwsCallError} from '../source/core/ports.js';
import {HOSTILE} from '../source/sandbox/scenarios.js';
import {escapeC1InJson, terminalSafe, terminalSafeValue} from '../source/core/terminal-text.js';
import {literal, plainText, runInPty} from './helpers/pty.js';
import {builtCli, cliEnv, runCli, type CliResult} from './helpers/run-cli.js';

const FAST = {DDB_EXPORT_DEMO_EXPORT_MS: '300'};
/** Raw control characters a terminal acts on: C0 but newline and tab, DEL, C1. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** The scenario's own sequences, raw: none may appear even in the Ink face, which draws with escapes of its own. */
const HOSTILE_RAW = ['\u001b]52;', '\u001b]0;HOSTILE', '\u001b]8;;https://evil', '\u001b[38;5;201m', '\u001b[2J\u001b[38', '\rOVER', '\u009b31m', '\u009d52;'];
/** How they look once made visible. */
const VISIBLE = /\\x1b\]52;c;ZWNobyBwd25lZA==\\x07/;

let cli: string;
before(async () => {
	cli = await builtCli();
});

function explain(result: CliResult): string {
	return `exit ${result.code}\nstdout:\n${result.stdout.slice(-3000)}\nstderr:\n${result.stderr.slice(-2000)}`;
}

function assertNoRawControls(label: string, text: string): void {
	const found = RAW_CONTROL.exec(text);
	assert.equal(found, null, `${label}: raw U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${found?.index}: ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 60), (found?.index ?? 0) + 20))}`);
}

test('terminalSafe: words show their controls; a JSON document (or JSON lines) keeps its meaning with none raw', () => {
	assert.equal(terminalSafe('a\u001b[2Jb\tc\nd\u009be\u007f'), 'a\\x1b[2Jb\tc\nd\\x9be\\x7f');
	const policy = JSON.stringify({Statement: [{Sid: `S${HOSTILE}`, Effect: 'Allow'}]}, null, 2);
	const safe = terminalSafe(policy);
	assertNoRawControls('policy', safe.replace(/\n/g, ''));
	assert.deepEqual(JSON.parse(safe), JSON.parse(policy));
	const lines = `{"k":"a\u009b"}\n{"k":"b\u0085"}\n`;
	const safeLines = terminalSafe(lines);
	assert.deepEqual(safeLines.trim().split('\n').map((l) => JSON.parse(l) as unknown), [{k: 'a\u009b'}, {k: 'b\u0085'}]);
	assertNoRawControls('json lines', safeLines.replace(/\n/g, ''));
	assert.deepEqual(terminalSafeValue({list: ['x\u001b', 3, null], at: new Date(0)}), {list: ['x\\x1b', 3, null], at: new Date(0)});
	assert.equal(escapeC1InJson(JSON.stringify('\u009b\u001b')), '"\\u009b\\u001b"');
});

test('text output: check, policies and a failed export show the sequences as visible escapes', async () => {
	const [checked, policies, exported] = await Promise.all([
		runCli(cli, ['check', '--demo', 'hostile-strings'], {env: FAST}),
		runCli(cli, ['policies', '--demo', 'hostile-strings'], {env: FAST}),
		runCli(cli, ['--demo', 'hostile-strings', '--yes', '--force'], {env: FAST}),
	]);
	for (const [label, result] of [
		['check', checked],
		['policies', policies],
		['export', exported],
	] as const) {
		assertNoRawControls(`${label} stdout`, result.stdout);
		assertNoRawControls(`${label} stderr`, result.stderr);
	}
	assert.equal(checked.code, 1, explain(checked));
	assert.match(checked.stdout, /SCP NoAcls \\x1b\[2J\\x1b\[38;5;201mPINK/);
	assert.match(checked.stdout, VISIBLE);
	assert.match(checked.stdout, /\\x0dOVER\\x9b31mC1RED\\x9d52;c;/);
	// The key policy as a document: its Sid keeps its meaning, written as JSON escapes.
	assert.match(policies.stdout, /"Sid": "KeyAdmins \\u001b\[2J.*\\u009b31mC1RED\\u009d52;c;QzFjbGlw\\u009c"/);
	// The export's FailureMessage.
	assert.equal(exported.code, 1, explain(exported));
	assert.match(exported.stdout + exported.stderr, /Access Denied \\x1b\[2J/);
});

test('--output json: C1 controls as \\u0080–\\u009f, nothing raw, every document parses', async () => {
	const runs = await Promise.all([
		runCli(cli, ['check', '--demo', 'hostile-strings', '--json'], {env: FAST}),
		runCli(cli, ['policies', '--demo', 'hostile-strings', '--json'], {env: FAST}),
		runCli(cli, ['--demo', 'hostile-strings', '--yes', '--force', '--json'], {env: FAST}),
	]);
	for (const result of runs) {
		assertNoRawControls('json stdout', result.stdout);
		assertNoRawControls('json stderr', result.stderr);
		JSON.parse(result.stdout);
	}
	const [checked, policies, exported] = runs.map((r) => r.stdout);
	// The check's words were made visible where they entered; the JSON carries that text.
	assert.match(checked!, /NoAcls \\\\x1b\[2J/);
	// The policy documents hold the Sid's real characters, escaped by the JSON writer.
	assert.match(policies!, /KeyAdmins \\u001b\[2J.*\\u009b31m/);
	const strings = (value: unknown): string[] =>
		typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
	assert.ok(strings(JSON.parse(policies!)).includes(`KeyAdmins${HOSTILE}`), 'the document is the policy itself');
	assert.match(exported!, /Access Denied \\\\x1b\[2J/);
});

test('line mode: the whole walk, checks, policies and export, prints no raw control', async () => {
	const result = await runCli(cli, ['--demo', 'hostile-strings', '--plain'], {input: '\n'.repeat(40), env: FAST});
	assertNoRawControls('line stdout', result.stdout);
	assertNoRawControls('line stderr', result.stderr);
	assert.match(result.stdout, VISIBLE, explain(result));
});

test('diagnose -: a pasted message with sequences is explained with them visible', async () => {
	const message = `User: arn:aws:sts::111111111111:assumed-role/DataExporter/alice${HOSTILE.trim()} is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::orders-exports/x because no identity-based policy allows the s3:PutObject action`;
	for (const args of [['diagnose', '-'], ['diagnose', '-', '--json']]) {
		const result = await runCli(cli, args, {input: message});
		assert.equal(result.code, 0, explain(result));
		assertNoRawControls(`${args.join(' ')} stdout`, result.stdout);
		assertNoRawControls(`${args.join(' ')} stderr`, result.stderr);
		assert.match(result.stdout, /alice\\{1,2}x1b\[2J/);
	}
});

test('an unreadable error body that carries sequences: its excerpt is shown with them visible', async () => {
	const server = createServer((_request, response) => {
		response.writeHead(500, {'content-type': 'text/html'});
		response.end(`${HOSTILE.trim()}<html><body>Gateway error</body></html>`);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as {port: number}).port;
	const saved = {...process.env};
	Object.assign(process.env, {AWS_ACCESS_KEY_ID: 'AKIAHOSTILESTRINGS01', AWS_SECRET_ACCESS_KEY: 'hostile-strings-test', AWS_EC2_METADATA_DISABLED: 'true'});
	try {
		const session = createAwsGateway({endpointUrl: `http://127.0.0.1:${port}`, maxAttempts: 1}).session({region: 'us-east-1', profile: environmentProfileName});
		await assert.rejects(session.describeTable('orders'), (error: AwsCallError) => {
			assert.ok(error instanceof AwsCallError);
			assertNoRawControls('error message', error.message);
			assert.match(error.message, /\\x1b\[2J/);
			return true;
		});
	} finally {
		process.env = saved;
		server.close();
	}
});

test('the Ink wizard: checks, their full explanations and the key policy, with nothing raw on the terminal', async () => {
	const result = await runInPty({
		argv: [process.execPath, cli, '--demo', 'hostile-strings'],
		fullEnv: cliEnv({TERM: 'xterm-256color', ...FAST}),
		cols: 120,
		rows: 50,
		timeout: 10,
		steps: [
			{wait: literal(QUESTIONS.profile), timeout: 20},
			{send: '\r', until: literal(QUESTIONS.review), every: 2, quiet: 0.25, max: 25},
			{send: '\r'},
			{wait: 'Show the policies', timeout: 30},
			{send: 'd'},
			{wait: 'Credentials', timeout: 10},
			// Page down through the full explanations to the SCP's.
			{send: '\u001b[6~', until: 'NoAcls', every: 1, quiet: 0.25, max: 12},
			{send: '\u001b'},
			{sleep: 0.3},
			{send: '\r'},
			{wait: 'Key policy', timeout: 10},
			{send: '\r'},
			{wait: 'KeyAdmins', timeout: 10},
			{sleep: 0.3},
			{send: '\u0003'},
			{sleep: 0.3},
			{send: '\u0003'},
		],
	});
	assert.equal(result.failed, null, plainText(result.output).slice(-3000));
	for (const raw of HOSTILE_RAW) assert.ok(!result.output.includes(raw), `raw ${JSON.stringify(raw)} reached the terminal`);
	// Long words wrap anywhere: compared without white space.
	const screen = plainText(result.output).replace(/\s+/g, '');
	assert.ok(screen.includes('NoAcls\\x1b[2J\\x1b[38;5;201mPINK'), 'the SCP name, its controls visible');
	assert.ok(screen.includes('KeyAdmins\\u001b[2J'), 'the key policy Sid, as JSON escapes');
});
