import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:http';
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {COMMANDS, HELP_TEXT, parseCommandLine} from '../source/cli/arguments.js';
import {demoTimingsFromEnv} from '../source/cli/demo.js';
import {headlessPlan, mergeDefaults, missingFlags, planFromFlags, validateExportArn} from '../source/cli/plan-from-flags.js';
import {toExportRequest} from '../source/core/plan.js';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';
import {builtCli, runCli, startCli, type CliResult} from './helpers/run-cli.js';

const NOW = new Date('2025-11-28T12:00:00Z');
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function parse(argv: string[]) {
	const parsed = parseCommandLine(argv);
	assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
	return parsed.value;
}

/** `aws dynamodb export-table-to-point-in-time ARGS` with the aws part replaced by ddb-export. */
function flags(args: string) {
	const options = parse(args.split(/\s+/).filter(Boolean));
	return {options, plan: planFromFlags(options, NOW)};
}

function requestOf(args: string) {
	const {plan} = flags(args);
	assert.deepEqual(plan.problems, []);
	const draft = mergeDefaults({}, plan.given);
	assert.deepEqual(missingFlags(plan, draft), []);
	return toExportRequest(headlessPlan(plan, draft, plan.region!, undefined, NOW));
}

describe('flags are the AWS CLI’s', () => {
	test('every export flag of aws dynamodb export-table-to-point-in-time, and the common ones, are read', () => {
		const options = parse([
			'--table-arn', TABLE_ARN,
			'--s3-bucket', 'b1',
			'--s3-bucket-owner', '222222222222',
			'--s3-prefix', 'p/',
			'--s3-sse-algorithm', 'KMS',
			'--s3-sse-kms-key-id', KEY_ARN,
			'--export-format', 'ION',
			'--export-time', '1764316800',
			'--export-type', 'FULL_EXPORT',
			'--incremental-export-specification', 'ExportFromTime=1,ExportToTime=2',
			'--client-token', 'tok',
			'--profile', 'prod',
			'--region', 'us-east-1',
			'--endpoint-url', 'http://localhost:4566',
			'--output', 'json',
			'--no-cli-pager',
		]);
		assert.equal(options.command, 'export');
		assert.equal(options.tableArn, TABLE_ARN);
		assert.equal(options.s3Bucket, 'b1');
		assert.equal(options.s3BucketOwner, '222222222222');
		assert.equal(options.s3Prefix, 'p/');
		assert.equal(options.s3SseAlgorithm, 'KMS');
		assert.equal(options.s3SseKmsKeyId, KEY_ARN);
		assert.equal(options.exportFormat, 'ION');
		assert.equal(options.exportTime, '1764316800');
		assert.equal(options.exportType, 'FULL_EXPORT');
		assert.equal(options.incrementalExportSpecification, 'ExportFromTime=1,ExportToTime=2');
		assert.equal(options.clientToken, 'tok');
		assert.equal(options.profile, 'prod');
		assert.equal(options.region, 'us-east-1');
		assert.equal(options.endpointUrl, 'http://localhost:4566');
		assert.equal(options.output, 'json');
	});

	test('a table and a bucket: the Region and the table name come from the ARN', () => {
		const {plan} = flags(`--table-arn ${TABLE_ARN} --s3-bucket orders-exports`);
		assert.deepEqual(plan.problems, []);
		assert.deepEqual(plan.given, {table: 'orders', region: 'us-east-1', bucket: 'orders-exports', destination: 'this-account'});
		assert.deepEqual(requestOf(`--table-arn ${TABLE_ARN} --s3-bucket orders-exports`), {
			TableArn: TABLE_ARN,
			S3Bucket: 'orders-exports',
			S3SseAlgorithm: 'AES256',
			ExportFormat: 'DYNAMODB_JSON',
			ExportType: 'FULL_EXPORT',
		});
	});

	test('another account’s bucket with a prefix and a KMS key', () => {
		const args = `--table-arn ${TABLE_ARN} --s3-bucket analytics-landing --s3-bucket-owner 222222222222 --s3-prefix exports/ --s3-sse-algorithm KMS --s3-sse-kms-key-id ${KEY_ARN}`;
		const {plan} = flags(args);
		assert.equal(plan.given.destination, 'other-account');
		assert.equal(plan.given.bucketOwner, '222222222222');
		assert.equal(plan.given.sse, 'KMS');
		assert.deepEqual(requestOf(args), {
			TableArn: TABLE_ARN,
			S3Bucket: 'analytics-landing',
			S3BucketOwner: '222222222222',
			S3Prefix: 'exports/',
			S3SseAlgorithm: 'KMS',
			S3SseKmsKeyId: KEY_ARN,
			ExportFormat: 'DYNAMODB_JSON',
			ExportType: 'FULL_EXPORT',
		});
	});

	test('--export-time in epoch seconds (as the CLI takes it) or ISO 8601, with --export-format ION', () => {
		const epoch = requestOf(`--table-arn ${TABLE_ARN} --s3-bucket orders-exports --export-time 1764316800 --export-format ION`);
		assert.equal(epoch.ExportTime?.toISOString(), '2025-11-28T08:00:00.000Z');
		assert.equal(epoch.ExportFormat, 'ION');
		const iso = requestOf(`--table-arn ${TABLE_ARN} --s3-bucket orders-exports --export-time 2025-11-28T08:00:00Z`);
		assert.equal(iso.ExportTime?.toISOString(), '2025-11-28T08:00:00.000Z');
	});

	test('--incremental-export-specification in shorthand and in JSON give the same request', () => {
		const base = `--table-arn ${TABLE_ARN} --s3-bucket orders-exports --export-type INCREMENTAL_EXPORT --incremental-export-specification`;
		const shorthand = requestOf(`${base} ExportFromTime=1764313200,ExportToTime=1764316800,ExportViewType=NEW_AND_OLD_IMAGES`);
		const json = requestOf(`${base} {"ExportFromTime":1764313200,"ExportToTime":1764316800,"ExportViewType":"NEW_AND_OLD_IMAGES"}`);
		assert.deepEqual(shorthand, json);
		assert.equal(shorthand.ExportType, 'INCREMENTAL_EXPORT');
		assert.deepEqual(shorthand.IncrementalExportSpecification, {
			ExportFromTime: new Date('2025-11-28T07:00:00Z'),
			ExportToTime: new Date('2025-11-28T08:00:00Z'),
			ExportViewType: 'NEW_AND_OLD_IMAGES',
		});
		assert.equal(shorthand.ExportTime, undefined);
	});

	test('bad values are named by their flag, with the rule', () => {
		const cases: Array<[string, string, RegExp]> = [
			['--table-arn orders --s3-bucket b1b', '--table-arn', /table name, not an ARN/],
			[`--table-arn ${TABLE_ARN} --s3-bucket ab`, '--s3-bucket', /3 to 63/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --s3-bucket-owner 2222`, '--s3-bucket-owner', /12 digits/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --s3-sse-algorithm AES`, '--s3-sse-algorithm', /AES256 or KMS/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --s3-sse-algorithm AES256 --s3-sse-kms-key-id ${KEY_ARN}`, '--s3-sse-kms-key-id', /AES256/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --export-time 2099-01-01T00:00:00Z`, '--export-time', /future/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --export-time 1764316800000`, '--export-time', /milliseconds/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --export-format CSV`, '--export-format', /DYNAMODB_JSON or ION/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --export-type INCREMENTAL_EXPORT --incremental-export-specification ExportFromTime=1764316200,ExportToTime=1764316800`, '--incremental-export-specification', /at least 15 minutes/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --incremental-export-specification ExportToTime=1764316800`, '--incremental-export-specification', /ExportFromTime is missing/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --region eu-west-1`, '--region', /table's Region/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --endpoint-url localhost:4566`, '--endpoint-url', /scheme/],
			[`--table-arn ${TABLE_ARN} --s3-bucket b1b --client-token a$b`, '--client-token', /\$/],
		];
		for (const [args, flag, rule] of cases) {
			const {plan} = flags(args);
			assert.equal(plan.problems.length, 1, `${args}: ${JSON.stringify(plan.problems)}`);
			assert.equal(plan.problems[0]!.flag, flag, args);
			assert.match(plan.problems[0]!.message, rule, args);
		}
	});

	test('every command has help with examples and its exit codes', () => {
		for (const command of COMMANDS) {
			const text = HELP_TEXT(command);
			assert.match(text, /^Usage: ddb-export/, command);
			assert.match(text, /Exit codes: 0 /, command);
			assert.match(text, /Examples?( \(.*\))?:\n  (ddb-export|pbpaste|source|ARN=\$\(ddb-export)/, command);
		}
		assert.equal(parse(['check', '--help']).help, true);
	});

	test('an export ARN gives its Region; a table ARN is not one', () => {
		const parsed = validateExportArn(`${TABLE_ARN}/export/01764316800000-a1b2c3d4`);
		assert.ok(parsed.ok);
		assert.equal(parsed.value.region, 'us-east-1');
		assert.equal(parsed.value.tableArn, TABLE_ARN);
		const table = validateExportArn(TABLE_ARN);
		assert.ok(!table.ok);
		assert.match(table.message, /table ARN/);
	});
});

/** The one JSON document on stdout; no escape codes anywhere in it. */
function jsonOf(result: CliResult): Record<string, any> {
	assert.doesNotMatch(result.stdout, /\u001b/, 'no ANSI codes in JSON mode');
	try {
		return JSON.parse(result.stdout) as Record<string, any>;
	} catch {
		assert.fail(`stdout is not one JSON document:\n${result.stdout}\nstderr:\n${result.stderr}`);
	}
}

function explain(result: CliResult): string {
	return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

describe('the built CLI', () => {
	let cli: string;
	before(async () => {
		cli = await builtCli();
	});

	describe('bad input stops before any AWS call (exit 3)', () => {
		let server: Server;
		let requests = 0;
		let endpoint: string;
		before(async () => {
			server = createServer((_req, res) => {
				requests++;
				res.statusCode = 500;
				res.end();
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			endpoint = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
		});
		after(() => new Promise<void>((resolve) => server.close(() => resolve())));

		test('a bad flag is named, in words or in JSON, and nothing is sent', async () => {
			const words = await runCli(cli, ['--yes', '--table-arn', TABLE_ARN, '--s3-bucket', 'Orders_Exports', '--endpoint-url', endpoint], {env: {AWS_ENDPOINT_URL: endpoint}});
			assert.equal(words.code, 3, explain(words));
			assert.match(words.stderr, /--s3-bucket: /);
			assert.doesNotMatch(words.stderr, /at .*\.js:\d+/, 'no stack trace');
			const json = await runCli(cli, ['check', '--table-arn', 'orders', '--s3-bucket', 'b1b', '--export-format', 'CSV', '--json', '--endpoint-url', endpoint]);
			assert.equal(json.code, 3, explain(json));
			const error = jsonOf(json).error;
			assert.equal(error.code, 'BadInput');
			assert.ok(error.fix);
			assert.ok(error.details.some((d: string) => d.startsWith('--table-arn: ')));
			assert.ok(error.details.some((d: string) => d.startsWith('--export-format: ')));
			assert.equal(requests, 0);
		});

		test('with CI set and no flags nothing is asked: the missing flags are named', async () => {
			const result = await runCli(cli, [], {env: {CI: 'true'}});
			assert.equal(result.code, 3, explain(result));
			assert.match(result.stderr, /--table-arn/);
			assert.match(result.stderr, /--s3-bucket/);
			assert.doesNotMatch(result.stdout + result.stderr, /\? Which AWS profile/);
			const json = await runCli(cli, ['--json', '--yes', '--s3-bucket', 'orders-exports', '--endpoint-url', endpoint], {env: {CI: 'true'}});
			assert.equal(json.code, 3, explain(json));
			assert.equal(jsonOf(json).error.code, 'MissingFlags');
			assert.match(jsonOf(json).error.message, /--table-arn/);
			assert.equal(requests, 0);
		});

		test('watch and diagnose check their ARN; an unknown demo scenario is refused', async () => {
			const watch = await runCli(cli, ['watch', TABLE_ARN]);
			assert.equal(watch.code, 3, explain(watch));
			assert.match(watch.stderr, /table ARN; an export ARN continues/);
			const diagnose = await runCli(cli, ['diagnose', '--json']);
			assert.equal(diagnose.code, 3);
			assert.equal(jsonOf(diagnose).error.code, 'BadInput');
			const demo = await runCli(cli, ['check', '--demo', 'no-such-scenario']);
			assert.equal(demo.code, 3, explain(demo));
			const pace = await runCli(cli, ['check', '--demo'], {env: {DDB_EXPORT_DEMO_LATENCY_MS: '300ms'}});
			assert.equal(pace.code, 3, explain(pace));
			assert.match(pace.stderr, /DDB_EXPORT_DEMO_LATENCY_MS="300ms" is not a whole number of milliseconds/);
		});

		test('the demo pace comes from DDB_EXPORT_DEMO_LATENCY_MS and DDB_EXPORT_DEMO_EXPORT_MS, both in --help', () => {
			assert.deepEqual(demoTimingsFromEnv({DDB_EXPORT_DEMO_LATENCY_MS: '300', DDB_EXPORT_DEMO_EXPORT_MS: ' 120000 '}), {ok: true, value: {latencyMs: 300, exportDurationMs: 120000}});
			assert.deepEqual(demoTimingsFromEnv({DDB_EXPORT_DEMO_LATENCY_MS: ''}), {ok: true, value: {}});
			for (const bad of ['-1', '1.5', 'fast', '1e3']) {
				const result = demoTimingsFromEnv({DDB_EXPORT_DEMO_EXPORT_MS: bad});
				assert.ok(!result.ok && result.message.startsWith(`DDB_EXPORT_DEMO_EXPORT_MS="${bad}"`), bad);
			}
			for (const name of ['DDB_EXPORT_DEMO_LATENCY_MS', 'DDB_EXPORT_DEMO_EXPORT_MS']) assert.ok(HELP_TEXT('check').includes(name), name);
		});
	});

	describe('against the demo sandbox', () => {
		test('check --demo healthy --json: one document, every check passed, exit 0', async () => {
			const result = await runCli(cli, ['check', '--demo', 'healthy', '--json']);
			const doc = jsonOf(result);
			assert.equal(doc.plan.tableArn, TABLE_ARN);
			assert.ok(Array.isArray(doc.checks) && doc.checks.length >= 8);
			for (const check of doc.checks) {
				assert.deepEqual(Object.keys(check).sort(), ['cause', 'evidence', 'fix', 'id', 'status', 'summary', 'title']);
				assert.ok(['passed', 'skipped'].includes(check.status), `${check.id} is ${check.status}: ${check.summary}`);
			}
			assert.equal(doc.overall, 'passed');
			assert.equal(result.code, 0, explain(result));
		});

		test('check exits 1 when a check fails and 2 when some could not tell', async () => {
			const pitrOff = await runCli(cli, ['check', '--demo', 'pitr-off']);
			assert.equal(pitrOff.code, 1, explain(pitrOff));
			assert.match(pitrOff.stdout, /FAILED\s+PITR/);
			assert.match(pitrOff.stdout, /update-continuous-backups/);
			const noSimulate = await runCli(cli, ['check', '--demo', 'no-simulate', '--json']);
			assert.equal(noSimulate.code, 2, explain(noSimulate));
			const doc = jsonOf(noSimulate);
			assert.equal(doc.overall, 'unknown');
			assert.ok(doc.checks.some((c: {id: string; status: string}) => c.id === 'permissions' && c.status === 'unknown'));
		});

		test('--demo --yes --output json runs the checks, starts one export and prints its description', async () => {
			const result = await runCli(cli, ['--demo', '--yes', '--output', 'json'], {env: {DDB_EXPORT_DEMO_EXPORT_MS: '300'}});
			assert.equal(result.code, 0, explain(result));
			const doc = jsonOf(result);
			assert.equal(doc.export.status, 'COMPLETED');
			assert.match(doc.export.exportArn, /^arn:aws:dynamodb:us-east-1:111111111111:table\/orders\/export\//);
			assert.match(doc.export.startTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
			assert.match(doc.export.endTime, /Z$/);
			assert.equal(doc.export.clientToken, doc.clientToken);
			assert.equal(doc.plan.request.ClientToken, doc.clientToken);
			assert.ok(Array.isArray(doc.checks));
			assert.match(result.stderr, /COMPLETED/, 'progress goes to stderr');
		});

		test('--yes stops at a failed check (exit 1) and starts nothing; the failed check is named', async () => {
			const result = await runCli(cli, ['--demo', 'pitr-off', '--yes', '--json']);
			assert.equal(result.code, 1, explain(result));
			const error = jsonOf(result).error;
			assert.equal(error.code, 'CheckFailed');
			assert.match(error.fix, /--force/);
			assert.ok(error.details.some((d: string) => /Point-in-time recovery/.test(d)));
			assert.doesNotMatch(result.stderr, /Starting the export/);
		});

		test('policies --demo cross-account --write DIR writes the files, then refuses to overwrite them', async () => {
			const parent = mkdtempSync(join(tmpdir(), 'ddb-export-policies-'));
			const dir = join(parent, 'out');
			try {
				const first = await runCli(cli, ['policies', '--demo', 'cross-account', '--write', dir]);
				assert.equal(first.code, 0, explain(first));
				const files = readdirSync(dir).sort();
				assert.deepEqual(files, ['bucket-policy.json', 'caller-policy.json']);
				const bucketPolicy = JSON.parse(readFileSync(join(dir, 'bucket-policy.json'), 'utf8'));
				assert.equal(bucketPolicy.Version, '2012-10-17');
				assert.match(first.stdout, /Who applies it: +an administrator of account 222222222222/);
				assert.match(first.stdout, /aws s3api put-bucket-policy --bucket analytics-landing/);
				assert.match(first.stdout, new RegExp(`Wrote 2 files into ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
				const before = statSync(join(dir, 'bucket-policy.json')).mtimeMs;

				const second = await runCli(cli, ['policies', '--demo', 'cross-account', '--write', dir, '--json']);
				assert.equal(second.code, 3, explain(second));
				const error = jsonOf(second).error;
				assert.equal(error.code, 'FileExists');
				assert.match(error.message, /bucket-policy\.json/);
				assert.equal(statSync(join(dir, 'bucket-policy.json')).mtimeMs, before);

				const json = await runCli(cli, ['policies', '--demo', 'cross-account', '--json']);
				assert.equal(json.code, 0, explain(json));
				const doc = jsonOf(json);
				assert.deepEqual(doc.snippets.map((s: {id: string}) => s.id), ['caller-identity-policy', 'bucket-policy']);
				for (const snippet of doc.snippets) {
					assert.ok(snippet.document.Statement.length > 0);
					assert.ok(snippet.applyCommand && snippet.fileName && snippet.appliesTo.who);
				}
			} finally {
				rmSync(parent, {recursive: true, force: true});
			}
		});

		test('diagnose - explains an AccessDenied message from stdin, and says so when it is not one', async () => {
			const message =
				'An error occurred (AccessDeniedException) when calling the ExportTableToPointInTime operation: User: arn:aws:sts::111111111111:assumed-role/DataExporter/alice is not authorized to perform: dynamodb:ExportTableToPointInTime on resource: arn:aws:dynamodb:us-east-1:111111111111:table/orders with an explicit deny in a service control policy';
			const explained = await runCli(cli, ['diagnose', '-', '--json'], {input: message});
			assert.equal(explained.code, 0, explain(explained));
			const info = jsonOf(explained).diagnosis.accessDenied;
			assert.equal(info.action, 'dynamodb:ExportTableToPointInTime');
			assert.equal(info.denyKind, 'explicit');
			assert.equal(info.policyType, 'service control');
			const words = await runCli(cli, ['diagnose', '-'], {input: message});
			assert.match(words.stdout, /What to change: /);
			const garbage = await runCli(cli, ['diagnose', '-'], {input: 'the build is green\n'});
			assert.equal(garbage.code, 1, explain(garbage));
			assert.match(garbage.stderr, /does not read as an AccessDenied message/);
		});
	});

	describe('watch, list and diagnose an export', () => {
		let sandbox: Sandbox;
		let home: string;
		let env: Record<string, string>;
		let failedArn: string;
		before(async () => {
			sandbox = await startSandbox({scenario: 'export-fails', exportDurationMs: 300});
			home = mkdtempSync(join(tmpdir(), 'ddb-export-sandbox-'));
			const files = sandbox.writeSharedConfig(home);
			env = {AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, AWS_PROFILE: sandbox.defaultProfile};
		});
		after(async () => {
			await sandbox.stop();
			rmSync(home, {recursive: true, force: true});
		});

		test('--yes: a failed export exits 1 with its explanation', async () => {
			const result = await runCli(cli, ['--yes', '--force', '--json', '--table-arn', TABLE_ARN, '--s3-bucket', 'orders-exports', '--endpoint-url', sandbox.endpoint], {env});
			assert.equal(result.code, 1, explain(result));
			const doc = jsonOf(result);
			assert.equal(doc.export.status, 'FAILED');
			assert.ok(doc.explanation.headline);
			assert.ok(doc.explanation.likelyChecks.length > 0);
			// The policies read again after the failure name the statement that denies.
			assert.match(doc.explanation.details.join('\n'), /"FreezeDuringMaintenance" of the bucket policy of orders-exports \(account 111111111111\)/);
			failedArn = doc.export.exportArn;
		});

		test('the same --client-token with other parameters: ExportConflictException explained (a new token, or watch the first)', async () => {
			const first = await runCli(cli, ['--yes', '--force', '--json', '--table-arn', TABLE_ARN, '--s3-bucket', 'orders-exports', '--s3-prefix', 'conflict/a', '--client-token', 'polish-conflict', '--endpoint-url', sandbox.endpoint], {env});
			assert.ok(jsonOf(first).export?.exportArn, explain(first));
			const again = await runCli(cli, ['--yes', '--force', '--table-arn', TABLE_ARN, '--s3-bucket', 'orders-exports', '--s3-prefix', 'conflict/b', '--client-token', 'polish-conflict', '--endpoint-url', sandbox.endpoint], {env});
			assert.notEqual(again.code, 0, explain(again));
			assert.match(again.stderr, /This client token already names another export/, explain(again));
			assert.match(again.stderr.replace(/\s+/g, ' '), /give a new --client-token/);
			assert.match(again.stderr, /\n +ddb-export list .*--region us-east-1\n/);
		});

		test('list shows it; watch ends at once with exit 1; diagnose explains it', async () => {
			assert.ok(failedArn, 'needs the export of the previous test');
			const list = await runCli(cli, ['list', '--table-arn', TABLE_ARN, '--endpoint-url', sandbox.endpoint, '--json'], {env});
			assert.equal(list.code, 0, explain(list));
			const listed = jsonOf(list).exports.find((e: {exportArn: string}) => e.exportArn === failedArn);
			assert.deepEqual([listed.status, listed.exportType, listed.failureCode], ['FAILED', 'FULL_EXPORT', 'S3AccessDenied']);
			const words = await runCli(cli, ['list', '--endpoint-url', sandbox.endpoint, '--region', 'us-east-1'], {env});
			assert.match(words.stdout, new RegExp(`FAILED .*\\n(.*\\n)*? +${failedArn}`));

			const watch = await runCli(cli, ['watch', failedArn, '--endpoint-url', sandbox.endpoint, '--json'], {env});
			assert.equal(watch.code, 1, explain(watch));
			assert.equal(jsonOf(watch).export.status, 'FAILED');
			// watch has no plan of its own: DescribeExport gives the one the checks read again.
			assert.match(jsonOf(watch).explanation.details.join('\n'), /"FreezeDuringMaintenance"/);

			const diagnose = await runCli(cli, ['diagnose', failedArn, '--endpoint-url', sandbox.endpoint], {env});
			assert.equal(diagnose.code, 0, explain(diagnose));
			assert.match(diagnose.stdout, /S3AccessDenied|Access Denied/);
			assert.match(diagnose.stdout, /The checks that look at this/);
		});

		test('Ctrl-C while watching stops watching (exit 130) and says the export keeps running', async () => {
			const slow = await startSandbox({scenario: 'healthy', exportDurationMs: 60_000});
			// Each sandbox has secrets of its own: this one's profile files, not the other's.
			const slowHome = mkdtempSync(join(tmpdir(), 'ddb-export-sandbox-'));
			const slowFiles = slow.writeSharedConfig(slowHome);
			const slowEnv = {AWS_CONFIG_FILE: slowFiles.configFile, AWS_SHARED_CREDENTIALS_FILE: slowFiles.credentialsFile, AWS_PROFILE: slow.defaultProfile};
			try {
				const running = startCli(cli, ['--yes', '--table-arn', TABLE_ARN, '--s3-bucket', 'orders-exports', '--endpoint-url', slow.endpoint], {env: slowEnv});
				await running.waitFor(/IN_PROGRESS/);
				running.child.kill('SIGINT');
				const result = await running.done;
				assert.equal(result.code, 130, explain(result));
				assert.match(result.stderr, /keeps running on AWS/);
				assert.match(result.stderr, /ddb-export watch arn:aws:dynamodb:us-east-1:111111111111:table\/orders\/export\//);
				assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace');
				assert.equal(slow.stats.exportsStarted, 1);

				const arn = /ddb-export watch (\S+)/.exec(result.stderr)![1]!;
				const watch = startCli(cli, ['watch', arn, '--endpoint-url', slow.endpoint], {env: slowEnv});
				await watch.waitFor(/IN_PROGRESS/);
				watch.child.kill('SIGTERM');
				const terminated = await watch.done;
				assert.equal(terminated.code, 143, explain(terminated));
				assert.match(terminated.stderr, /keeps running on AWS/);
			} finally {
				await slow.stop();
				rmSync(slowHome, {recursive: true, force: true});
			}
		});
	});
});

test('a profile that is not in the config files is bad input, found before any AWS call', async () => {
	const cli = await builtCli();
	const result = await runCli(cli, ['check', '--demo', '--profile', 'nope', '--json']);
	assert.equal(result.code, 3);
	const error = JSON.parse(result.stdout).error;
	assert.equal(error.code, 'BadInput');
	assert.match(error.message, /--profile: there is no profile "nope"/);
	assert.deepEqual(error.details, ['Profiles: default, admin']);
});
