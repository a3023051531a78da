// AWS CLI habits: --output text|table laid out exactly as the AWS CLI lays them out
// (goldens from the AWS CLI's own unit tests, awscli tests/unit/output, Apache-2.0),
// --query, ExportDescription as AWS returns it, list's paging, --cli-input-json,
// "did you mean", help within 80 columns, the CI rule, TERM=dumb and the completion scripts.

import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile, execFileSync} from 'node:child_process';
import {promisify} from 'node:util';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ALL_FLAGS, COMMANDS, HELP_TEXT, parseCommandLine} from '../source/cli/arguments.js';
import {isInCi} from '../source/cli/ci.js';
import {cliSkeleton} from '../source/cli/cli-input-json.js';
import {completionScript} from '../source/cli/completion.js';
import {closest} from '../source/cli/did-you-mean.js';
import {awsCliTimestamp, awsExportDescription} from '../source/cli/output/aws-shapes.js';
import {formatTable} from '../source/cli/output/aws-table.js';
import {formatText} from '../source/cli/output/aws-text.js';
import {QUESTIONS} from '../source/core/wizard/field-options.js';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';
import {literal, plainText, runInPty} from './helpers/pty.js';
import {builtCli, cliEnv, runCli, type CliResult} from './helpers/run-cli.js';

const execFileAsync = promisify(execFile);

let cli: string;
before(async () => {
	cli = await builtCli();
});

function explain(result: CliResult): string {
	return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

describe('--output text, as awscli/text.py writes it', () => {
	test("iam list-users (the AWS CLI's own test): one line per user, sorted keys, the list's key in capitals; an empty list writes nothing", () => {
		const response = {
			Users: [{UserName: 'testuser-50', Path: '/', CreateDate: '2013-02-12T19:08:52Z', UserId: 'EXAMPLEUSERID', Arn: 'arn:aws:iam::12345:user/testuser1'}],
			Groups: [],
		};
		assert.equal(formatText(response), 'USERS\tarn:aws:iam::12345:user/testuser1\t2013-02-12T19:08:52Z\t/\tEXAMPLEUSERID\ttestuser-50\n');
	});

	test('scalars as Python prints them; a bare scalar alone; scalar lists on one line or one per line under their key', () => {
		assert.equal(formatText('arn:aws:dynamodb:us-east-1:1:table/t/export/x'), 'arn:aws:dynamodb:us-east-1:1:table/t/export/x\n');
		assert.equal(formatText({A: true, B: null, C: 3, D: false}), 'True\tNone\t3\tFalse\n');
		assert.equal(formatText(['a', 'b']), 'a\tb\n');
		assert.equal(formatText({Names: ['a', 'b']}), 'NAMES\ta\nNAMES\tb\n');
		// Rows of a list of objects share columns: a key missing from one is an empty cell.
		assert.equal(formatText({Items: [{A: '1', B: '2'}, {A: '3'}]}), 'ITEMS\t1\t2\nITEMS\t3\t\n');
		assert.equal(formatText({Outer: {Inner: {X: 'y'}, Z: 1}}), 'OUTER\t1\nINNER\ty\n');
	});
});

describe('--output table, as awscli/formatter.py and table.py draw it', () => {
	// Expected tables from the AWS CLI's tests/unit/output/test_table_formatter.py
	// (drawn there without reformatting, as an unbounded terminal does here).
	const SIMPLE_LIST_TABLE = `---------------------------------------------------------
|                     OperationName                     |
+-------------------------------------------------------+
||                      QueueUrls                      ||
|+-----------------------------------------------------+|
||  https://us-west-2.queue.amazonaws.com/1/queue1     ||
||  https://us-west-2.queue.amazonaws.com/1/queue2     ||
||  https://us-west-2.queue.amazonaws.com/1/queue3     ||
||  https://us-west-2.queue.amazonaws.com/1/queue4     ||
|+-----------------------------------------------------+|
||                  ResponseMetadata                   ||
|+-----------+-----------------------------------------+|
||  RequestId|  b04d5718-93e6-5503-8ef1-1eb7b7e402e1   ||
|+-----------+-----------------------------------------+|
`;
	const SIMPLE_DICT_TABLE = `-----------------------------------------------------------
|                      OperationName                      |
+---------------------------------------------------------+
||                      Attributes                       ||
|+---+-----------+-----+----------+----------------+-----+|
|| a |     b     |  c  |    d     |       e        |  f  ||
|+---+-----------+-----+----------+----------------+-----+|
||  0|  345600   |  0  |  65536   |  1351044153    |  0  ||
|+---+-----------+-----+----------+----------------+-----+|
|||                  ResponseMetadata                   |||
||+-----------+-----------------------------------------+||
|||  RequestId|  0c8d2786-b7b4-56e2-a823-6e80a404d6fd   |||
||+-----------+-----------------------------------------+||
`;
	const INNER_LIST_TABLE = [
		'-----------------------------------------------------------------------------------------------------------------------------------------------------------------------------',
		'|                                                                               OperationName                                                                               |',
		'+----------------------------------------+----------------------------------------------------------------------------------------------------------------------------------+',
		'|  requestId                             |  5b02cc4d-923c-4383-bac0-f6968269e28a                                                                                            |',
		'+----------------------------------------+----------------------------------------------------------------------------------------------------------------------------------+',
		'||                                                                                Snapshots                                                                                ||',
		'|+-------------------+--------------+----------------+---------------------+--------------------------------------+-----------------+-----------------+--------------------+|',
		'||    Description    |   OwnerId    |   Progress     |     SnapshotId      |              StartTime               |      State      |    VolumeId     |    VolumeSize      ||',
		'|+-------------------+--------------+----------------+---------------------+--------------------------------------+-----------------+-----------------+--------------------+|',
		'||  TestVolume1      |  12345       |  100%          |  snap-1234567       |  2012-05-23T21:46:41.000Z            |  completed      |  vol-12345      |  8                 ||',
		'|+-------------------+--------------+----------------+---------------------+--------------------------------------+-----------------+-----------------+--------------------+|',
		'|||                                                                                 Tags                                                                                  |||',
		'||+-----------------------------------------------------------+-----------------------------------------------------------------------------------------------------------+||',
		'|||                            Key                            |                                                   Value                                                   |||',
		'||+-----------------------------------------------------------+-----------------------------------------------------------------------------------------------------------+||',
		'|||  Name                                                     |  TestVolume                                                                                               |||',
		'||+-----------------------------------------------------------+-----------------------------------------------------------------------------------------------------------+||',
		'||                                                                                Snapshots                                                                                ||',
		'|+------------------------------------------------------------+----------+-----------+-------------+---------------------------+------------+---------------+--------------+|',
		'||                         Description                        | OwnerId  | Progress  | SnapshotId  |         StartTime         |   State    |   VolumeId    | VolumeSize   ||',
		'|+------------------------------------------------------------+----------+-----------+-------------+---------------------------+------------+---------------+--------------+|',
		'||  Created by CreateImage(i-1234) for ami-1234 from vol-1234 |  12345   |  100%     |  snap-23456 |  2012-05-25T00:07:20.000Z |  completed |  vol-e543b98b |  8           ||',
		'|+------------------------------------------------------------+----------+-----------+-------------+---------------------------+------------+---------------+--------------+|',
		'',
	].join('\n');
	const simpleDict = {Attributes: {a: '0', b: '345600', c: '0', d: '65536', e: '1351044153', f: '0', ResponseMetadata: {RequestId: '0c8d2786-b7b4-56e2-a823-6e80a404d6fd'}}};

	test('a list of scalars, and a single scalar as a key | value row', () => {
		const queues = [1, 2, 3, 4].map((n) => `https://us-west-2.queue.amazonaws.com/1/queue${n}`);
		assert.equal(formatTable('OperationName', {QueueUrls: queues, ResponseMetadata: {RequestId: 'b04d5718-93e6-5503-8ef1-1eb7b7e402e1'}}, Infinity), SIMPLE_LIST_TABLE);
	});

	test('an object: headers over one row, columns scaled to the widest section, nested objects indented', () => {
		assert.equal(formatTable('OperationName', simpleDict, Infinity), SIMPLE_DICT_TABLE);
	});

	test('a list of objects with nested lists: a section per element; wider than the terminal, single rows turn vertical', () => {
		const inner = {
			requestId: '5b02cc4d-923c-4383-bac0-f6968269e28a',
			Snapshots: [
				{Description: 'TestVolume1', Tags: [{Value: 'TestVolume', Key: 'Name'}], VolumeId: 'vol-12345', State: 'completed', VolumeSize: 8, Progress: '100%', StartTime: '2012-05-23T21:46:41.000Z', SnapshotId: 'snap-1234567', OwnerId: '12345'},
				{Description: 'Created by CreateImage(i-1234) for ami-1234 from vol-1234', VolumeId: 'vol-e543b98b', State: 'completed', VolumeSize: 8, Progress: '100%', StartTime: '2012-05-25T00:07:20.000Z', SnapshotId: 'snap-23456', OwnerId: '12345'},
			],
		};
		assert.equal(formatTable('OperationName', inner, Infinity), INNER_LIST_TABLE);
		// 40 columns: the Attributes row becomes key | value rows, as the AWS CLI does on a narrow terminal.
		const narrow = formatTable('OperationName', simpleDict, 40);
		assert.match(narrow, /\|\|  a +\|  0 +\|\|\n\|\|  b +\|  345600 +\|\|/);
		assert.ok(!narrow.includes('| a |'), narrow);
		assert.equal(formatTable('Nothing', {}), '', 'an empty document draws nothing, as in the AWS CLI');
	});
});

describe('AWS shapes', () => {
	test('timestamps as the AWS CLI v2 prints them: local ISO 8601 with offset, microseconds only when set', () => {
		const savedTz = process.env.TZ;
		try {
			process.env.TZ = 'UTC';
			assert.equal(awsCliTimestamp(new Date('2026-11-28T10:00:00Z')), '2026-11-28T10:00:00+00:00');
			assert.equal(awsCliTimestamp(new Date('2026-11-28T10:00:00.123Z')), '2026-11-28T10:00:00.123000+00:00');
			process.env.TZ = 'Asia/Kolkata';
			assert.equal(awsCliTimestamp(new Date('2026-11-28T10:00:00Z')), '2026-11-28T15:30:00+05:30');
		} finally {
			if (savedTz === undefined) delete process.env.TZ;
			else process.env.TZ = savedTz;
		}
	});

	test("ExportDescription keeps every member AWS returned under AWS's names", () => {
		const aws = {ExportArn: 'arn:x', ExportStatus: 'COMPLETED', TableId: 'id-1', IncrementalExportSpecification: {ExportViewType: 'NEW_IMAGE', ExportFromTime: new Date('2026-11-28T10:00:00Z')}};
		const shown = awsExportDescription({exportArn: 'arn:x', status: 'COMPLETED', aws});
		assert.equal(shown.TableId, 'id-1');
		assert.match(String((shown.IncrementalExportSpecification as {ExportFromTime: string}).ExportFromTime), /^2026-11-28T\d\d:\d\d:00[+-]\d\d:\d\d$/);
		assert.deepEqual(Object.keys(awsExportDescription({exportArn: 'arn:y', status: 'FAILED', failureCode: 'S3AccessDenied'})), ['ExportArn', 'ExportStatus', 'FailureCode']);
	});
});

describe('the command line', () => {
	const parse = (argv: string[]) => {
		const parsed = parseCommandLine(argv);
		return parsed.ok ? {ok: true as const, value: parsed.value} : {ok: false as const, message: parsed.message};
	};

	test('did you mean: flags, commands, formats; nothing when nothing is close', () => {
		assert.equal(closest('--tabel-arn', ALL_FLAGS), '--table-arn');
		assert.equal(closest('--s3-bucket-ownr', ALL_FLAGS), '--s3-bucket-owner');
		assert.equal(closest('--xyzzy', ALL_FLAGS), undefined);
		const flag = parse(['--tabel-arn', 'x']);
		assert.ok(!flag.ok);
		assert.equal(flag.message, 'unknown flag --tabel-arn. Did you mean --table-arn?');
		const command = parse(['chek']);
		assert.ok(!command.ok);
		assert.match(command.message, /unknown command "chek"\. Did you mean check\?/);
		const format = parse(['--output', 'tabel']);
		assert.ok(!format.ok);
		assert.match(format.message, /Did you mean table\?/);
		const missing = parse(['--table-arn']);
		assert.ok(!missing.ok);
		assert.equal(missing.message, '--table-arn needs a value: --table-arn VALUE.');
	});

	test('help COMMAND is COMMAND --help; --query alone means JSON; --max-items is a whole number', () => {
		const help = parse(['help', 'list']);
		assert.ok(help.ok && help.value.help && help.value.command === 'list');
		const query = parse(['list', '--query', 'ExportSummaries']);
		assert.ok(query.ok && query.value.output === 'json');
		assert.ok(!parse(['list', '--max-items', '0']).ok);
		assert.ok(!parse(['--json', '--output', 'text']).ok);
	});

	test('every help text fits 80 columns; --help sets the exit codes beside the AWS CLI ones and says why', () => {
		for (const command of [...COMMANDS]) {
			for (const line of HELP_TEXT(command).split('\n')) assert.ok(line.length <= 80, `${command}: ${line.length} columns: ${line}`);
		}
		const main = HELP_TEXT('export');
		for (const word of ['252', '253', '254', '255', '--version', 'completion', 'help CMD', '--query', 'TERM=dumb']) assert.ok(main.includes(word), word);
	});

	test('--cli-input-json fills the export flags (a flag given wins); unknown members are named; the skeleton reads back', () => {
		const dir = mkdtempSync(join(tmpdir(), 'ddb-export-input-'));
		try {
			const input = JSON.stringify({TableArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders', S3Bucket: 'from-json', ExportFormat: 'ION', IncrementalExportSpecification: {ExportViewType: 'NEW_IMAGE'}, S3Prefix: ''});
			const file = join(dir, 'input.json');
			writeFileSync(file, input);
			const parsed = parse(['--cli-input-json', `file://${file}`, '--s3-bucket', 'from-flag']);
			assert.ok(parsed.ok);
			assert.equal(parsed.value.tableArn, 'arn:aws:dynamodb:us-east-1:111111111111:table/orders');
			assert.equal(parsed.value.s3Bucket, 'from-flag');
			assert.equal(parsed.value.exportFormat, 'ION');
			assert.equal(parsed.value.s3Prefix, undefined, 'an empty string is not given');
			assert.equal(parsed.value.incrementalExportSpecification, '{"ExportViewType":"NEW_IMAGE"}');
			const unknown = parse(['--cli-input-json', '{"TabelArn": "x"}']);
			assert.ok(!unknown.ok);
			assert.match(unknown.message, /unknown member TabelArn\. Did you mean TableArn\?/);
			assert.ok(parse(['--cli-input-json', cliSkeleton()]).ok);
			assert.deepEqual(Object.keys(JSON.parse(cliSkeleton())).slice(0, 4), ['TableArn', 'ExportTime', 'ClientToken', 'S3Bucket']);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	test("CI is is-in-ci's rule: set and not 0 or false", () => {
		assert.equal(isInCi({}), false);
		assert.equal(isInCi({CI: 'false'}), false);
		assert.equal(isInCi({CI: '0'}), false);
		assert.equal(isInCi({CI: 'true'}), true);
		assert.equal(isInCi({CI: ''}), true);
		assert.equal(isInCi({CONTINUOUS_INTEGRATION: '1'}), true);
	});
});

/**
 * What bash completes for the line `words` (the last one being typed), as the shell calls
 * it. Asynchronous: the sandbox that answers `completion names` runs in this process.
 */
async function bashComplete(script: string, words: string[], env: Record<string, string>): Promise<string> {
	const line = words.join(' ');
	const quoted = line.replace(/'/g, `'\\''`);
	const {stdout} = await execFileAsync('bash', ['-c', `source "${script}"; COMP_LINE='${quoted}'; COMP_POINT=${line.length}; _ddb_export; echo "\${COMPREPLY[*]}"`], {
		env: {PATH: process.env.PATH, ...env},
		encoding: 'utf8',
	});
	return stdout.trim();
}

describe('completion scripts', () => {
	test('bash: commands, flags, values, scenarios and profile names from the config files', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ddb-export-completion-'));
		try {
			const script = join(dir, 'ddb-export.bash');
			writeFileSync(script, completionScript('bash', ['healthy', 'pitr-off']));
			writeFileSync(join(dir, 'config'), '[default]\nregion = us-east-1\n[profile dev]\n[sso-session corp]\n[services local]\n');
			writeFileSync(join(dir, 'credentials'), '[ci-user]\naws_access_key_id = x\n');
			const complete = (...words: string[]) => bashComplete(script, words, {HOME: dir, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials')});
			assert.equal(await complete('ddb-export', '--table-a'), '--table-arn');
			assert.equal(await complete('ddb-export', 'ch'), 'check');
			assert.equal(await complete('ddb-export', '--profile', ''), 'ci-user default dev');
			assert.equal(await complete('ddb-export', '--output', 't'), 'text table');
			assert.equal(await complete('ddb-export', '--demo', 'pi'), 'pitr-off');
			assert.equal(await complete('ddb-export', 'completion', ''), 'bash zsh fish');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	test('zsh and fish name every flag and the same value sets', () => {
		const zsh = completionScript('zsh', ['healthy']);
		const fish = completionScript('fish', ['healthy']);
		assert.match(zsh, /^#compdef ddb-export\n/);
		for (const flag of ALL_FLAGS) {
			assert.ok(zsh.includes(flag), `zsh: ${flag}`);
			assert.match(fish, new RegExp(`-l ${flag.slice(2)}\\b`), `fish: ${flag}`);
		}
		assert.match(fish, /-l output -x -a 'json text table'/);
		assert.match(fish, /-l profile -x -a '\(__ddb_export_profiles\)'/);
	});
});

/** Whether `shell` is on this machine (CI machines may lack zsh and fish). */
function hasShell(shell: string): boolean {
	try {
		execFileSync(shell, ['-c', 'exit 0'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

describe('completion scripts in their own shells', () => {
	const skipFish = hasShell('fish') ? false : 'fish is not installed here';
	const skipZsh = hasShell('zsh') ? false : 'zsh is not installed here';

	test('fish: completes flags, scenarios and commands', {skip: skipFish}, () => {
		const dir = mkdtempSync(join(tmpdir(), 'ddb-export-fish-'));
		try {
			const script = join(dir, 'ddb-export.fish');
			writeFileSync(script, completionScript('fish', ['healthy', 'cross-account']));
			const complete = (line: string) =>
				execFileSync('fish', ['--no-config', '-c', `source ${script}; complete -C '${line}'`], {encoding: 'utf8', env: {...process.env, HOME: dir}})
					.split('\n')
					.map((row) => row.split('\t')[0])
					.filter(Boolean);
			assert.deepEqual(complete('ddb-export --table-a'), ['--table-arn']);
			assert.deepEqual(complete('ddb-export --demo cro'), ['cross-account']);
			assert.ok(complete('ddb-export li').includes('list'));
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	test('zsh: the script parses and registers itself with compinit', {skip: skipZsh}, () => {
		const dir = mkdtempSync(join(tmpdir(), 'ddb-export-zsh-'));
		try {
			const script = join(dir, '_ddb-export');
			writeFileSync(script, completionScript('zsh', ['healthy']));
			execFileSync('zsh', ['-n', script]);
			const registered = execFileSync('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -d ${join(dir, 'zcompdump')}; source ${script}; print -r -- $_comps[ddb-export]`], {encoding: 'utf8', env: {...process.env, HOME: dir}});
			assert.equal(registered.trim(), '_ddb-export');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('the built command', () => {
	test('--query ExportDescription.ExportArn --output text prints the ARN alone, as the AWS CLI does', async () => {
		const env = {DDB_EXPORT_DEMO_EXPORT_MS: '300'};
		const [text, json, table] = await Promise.all([
			runCli(cli, ['--demo', '--yes', '--query', 'ExportDescription.ExportArn', '--output', 'text'], {env}),
			runCli(cli, ['--demo', '--yes', '--json'], {env}),
			runCli(cli, ['--demo', '--yes', '--output', 'table', '--query', 'ExportDescription.[ExportStatus,ExportType]'], {env}),
		]);
		assert.equal(text.code, 0, explain(text));
		assert.match(text.stdout, /^arn:aws:dynamodb:us-east-1:\d{12}:table\/[^/]+\/export\/[0-9]{14}-[0-9a-f]{8}\n$/);
		const description = JSON.parse(json.stdout).ExportDescription;
		for (const member of ['ExportArn', 'ExportStatus', 'StartTime', 'EndTime', 'TableArn', 'ExportTime', 'ClientToken', 'S3Bucket', 'ExportFormat', 'ExportType']) assert.ok(member in description, member);
		assert.match(description.ExportTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?[+-]\d\d:\d\d$/);
		assert.equal(table.code, 0, explain(table));
		// A list of scalars: one row each, under the operation's name.
		assert.equal(table.stdout, '--------------------------\n|ExportTableToPointInTime|\n+------------------------+\n|  COMPLETED             |\n|  FULL_EXPORT           |\n+------------------------+\n');
	});

	test('a bad --query, an unknown flag, scenario or shell: exit 3 with the fix, before anything runs', async () => {
		const [query, flag, scenario, shell] = await Promise.all([
			runCli(cli, ['check', '--demo', '--query', 'ExportDescription.[']),
			runCli(cli, ['check', '--demo', '--tabel-arn', 'x']),
			runCli(cli, ['check', '--demo', 'helthy']),
			runCli(cli, ['completion', 'bsh']),
		]);
		for (const result of [query, flag, scenario, shell]) assert.equal(result.code, 3, explain(result));
		assert.match(query.stdout + query.stderr, /--query: .*JMESPath/);
		assert.match(flag.stderr, /Did you mean --table-arn\?/);
		assert.match(scenario.stderr, /there is no scenario "helthy"\. Did you mean healthy\?/);
		assert.match(shell.stderr, /Did you mean bash\?/);
	});

	test('TERM=dumb gets the line-by-line wizard, not the full-screen one', async () => {
		const result = await runInPty({
			argv: [process.execPath, cli, '--demo'],
			fullEnv: cliEnv({TERM: 'dumb'}),
			cols: 80,
			rows: 24,
			timeout: 10,
			steps: [{wait: literal(QUESTIONS.profile), timeout: 20}, {send: '\u0003'}, {sleep: 0.5}, {send: '\u0003'}],
		});
		const text = plainText(result.output);
		assert.ok(text.includes(QUESTIONS.profile), text);
		assert.ok(!/step 1 of \d/.test(text), `the Ink header was drawn:\n${text}`);
	});
});

test('--no-color: the full-screen wizard draws without colours (and with them otherwise)', async () => {
	const COLOUR = /\u001B\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;
	const run = (extra: string[]) =>
		runInPty({
			argv: [process.execPath, cli, '--demo', ...extra],
			fullEnv: cliEnv({TERM: 'xterm-256color', NO_COLOR: undefined, FORCE_COLOR: undefined}),
			cols: 80,
			rows: 24,
			timeout: 10,
			steps: [{wait: literal(QUESTIONS.profile), timeout: 20}, {send: '\u0003'}, {sleep: 0.5}, {send: '\u0003'}],
		});
	const [plain, coloured] = await Promise.all([run(['--no-color']), run([])]);
	assert.ok(plainText(plain.output).includes(QUESTIONS.profile));
	assert.doesNotMatch(plain.output, COLOUR);
	assert.match(coloured.output, COLOUR, 'the control run shows colours, so the test can fail');
});

describe('list pages like aws dynamodb list-exports', () => {
	let sandbox: Sandbox;
	let home: string;
	let env: Record<string, string>;
	before(async () => {
		sandbox = await startSandbox({scenario: 'healthy', exportDurationMs: 200});
		home = mkdtempSync(join(tmpdir(), 'ddb-export-list-'));
		const files = sandbox.writeSharedConfig(home);
		env = {AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, AWS_PROFILE: sandbox.defaultProfile};
		const table = sandbox.defaultPlan.tableArn;
		const started = await Promise.all(
			[1, 2, 3].map((n) =>
				runCli(cli, ['--yes', '--no-probe', '--json', '--table-arn', table, '--s3-bucket', sandbox.defaultPlan.bucket, '--s3-prefix', `run${n}/`, '--endpoint-url', sandbox.endpoint], {env}),
			),
		);
		for (const result of started) assert.equal(result.code, 0, explain(result));
	});
	after(async () => {
		await sandbox.stop();
		rmSync(home, {recursive: true, force: true});
	});

	test('completion: bucket names and table ARNs from AWS on Tab, with the --profile typed; nothing (and exit 0) when AWS cannot answer', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ddb-export-names-'));
		try {
			const shim = join(dir, 'ddb-export');
			writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, {mode: 0o755});
			const script = join(dir, 'ddb-export.bash');
			writeFileSync(script, completionScript('bash', ['healthy']));
			const shellEnv: Record<string, string> = {...env, HOME: dir, PATH: `${dir}:${process.env.PATH}`, AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'};
			const {AWS_PROFILE: profile, ...withoutProfile} = shellEnv;
			const buckets = await bashComplete(script, ['ddb-export', '--profile', profile!, '--s3-bucket', 'orders'], withoutProfile);
			assert.ok(buckets.split(' ').includes(sandbox.defaultPlan.bucket), buckets);
			// bash breaks words at ':', so what comes back follows the last colon typed.
			const table = sandbox.defaultPlan.tableArn;
			const typed = table.slice(0, table.lastIndexOf(':') + 2);
			const arns = await bashComplete(script, ['ddb-export', 'check', '--table-arn', typed], shellEnv);
			assert.ok(arns.split(' ').includes(table.slice(table.lastIndexOf(':') + 1)), arns);
			const silent = await runCli(cli, ['completion', 'names', 'tables', '--profile', 'no-such-profile'], {env});
			assert.deepEqual([silent.code, silent.stdout, silent.stderr], [0, '', '']);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	test('--max-items 2 then --starting-token: all three once; each with table, status, type, times and destination', async () => {
		const common = ['list', '--table-arn', sandbox.defaultPlan.tableArn, '--endpoint-url', sandbox.endpoint, '--json'];
		const first = await runCli(cli, [...common, '--max-items', '2'], {env});
		assert.equal(first.code, 0, explain(first));
		const page1 = JSON.parse(first.stdout);
		assert.equal(page1.ExportSummaries.length, 2);
		assert.ok(page1.NextToken, 'a NextToken when more remain');
		const second = await runCli(cli, [...common, '--starting-token', page1.NextToken], {env});
		const page2 = JSON.parse(second.stdout);
		assert.equal(page2.NextToken, undefined);
		const arns = [...page1.ExportSummaries, ...page2.ExportSummaries].map((s: {ExportArn: string}) => s.ExportArn);
		assert.equal(new Set(arns).size, 3);
		assert.deepEqual(Object.keys(page1.ExportSummaries[0]), ['ExportArn', 'ExportStatus', 'ExportType']);
		const detail = page1.exports[0];
		for (const key of ['tableArn', 'status', 'exportType', 'exportTime', 'startTime', 's3Bucket', 's3Prefix']) assert.ok(detail[key] !== undefined, key);

		const words = await runCli(cli, ['list', '--table-arn', sandbox.defaultPlan.tableArn, '--endpoint-url', sandbox.endpoint, '--max-items', '1'], {env});
		assert.match(words.stdout, /COMPLETED +FULL_EXPORT +orders +as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? UTC/);
		assert.match(words.stdout, /started .* UTC, ended .* UTC/);
		assert.match(words.stdout, new RegExp(`to s3://${sandbox.defaultPlan.bucket}/run\\d/`));
		assert.match(words.stdout, /More: ddb-export list --starting-token \S+ --max-items 1/);
		const table = await runCli(cli, [...common.slice(0, -1), '--output', 'text', '--query', 'ExportSummaries[].ExportStatus'], {env});
		assert.equal(table.stdout, 'COMPLETED\tCOMPLETED\tCOMPLETED\n');
	});
});
