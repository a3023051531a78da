// Bad input, table-driven, along the two ways in: answers typed into the wizard and
// flags on the command line. Each must be refused before any AWS call, with a message
// naming the field (or flag) and the rule, and nothing typed before may be lost. Then
// credentials expiring in the middle of a run: a plain cause, and after fresh ones and
// a retry the wizard carries on from where the person was.

import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseCommandLine} from '../source/cli/arguments.js';
import {planFromFlags} from '../source/cli/plan-from-flags.js';
import {createAwsGateway} from '../source/aws/gateway.js';
import {WizardController} from '../source/core/wizard/controller.js';
import type {FieldId} from '../source/core/wizard/fields.js';
import type {WizardState} from '../source/core/wizard/state.js';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';
import {recordingGateway} from './helpers/recording-gateway.js';
import {builtCli, runCli} from './helpers/run-cli.js';
import {drive, waitFor, where} from './helpers/wizard-driver.js';
import {draftFromPlan} from '../source/core/wizard/draft-from-plan.js';

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
let tried = 0;

after(() => {
	console.log(`bad input: inputs tried = ${tried}`);
});

// ------------------------------------------------------------------ the wizard

type Case = [input: string, rule: RegExp];

/** How each field is named in its messages. */
const NAMED: Partial<Record<FieldId, RegExp>> = {
	profile: /profile/i,
	region: /region/i,
	table: /table name/i,
	bucket: /bucket|prefix/i,
	bucketOwner: /bucket owner|account id/i,
	prefix: /prefix/i,
	kmsKey: /KMS key|alias|key ID/i,
	exportTime: /export time/i,
	incrementalFrom: /incremental from/i,
	incrementalTo: /incremental (to|window)/i,
	destination: /destination/,
	sse: /sse/,
	format: /format/,
	exportType: /exportType/,
	timeMode: /timeMode/,
	viewType: /viewType/,
	incrementalMode: /incrementalMode/,
	review: /Review/,
};

const WIZARD_CASES: Partial<Record<FieldId, Case[]>> = {
	profile: [
		['', /choose a profile/],
		['   ', /choose a profile/],
	],
	region: [
		['', /empty/],
		['US-EAST-1', /lowercase/],
		['us_east_1', /lowercase with dashes; use "us-east-1"/],
		['us-east-1a', /Availability Zone; its Region is "us-east-1"/],
		['global', /no global Region/],
		['US East (N. Virginia)', /Region code, not its display name/],
		['mars-north-1', /not a Region code/],
		['useast1', /not a Region code/],
	],
	table: [
		['', /empty/],
		['ab', /3 to 255 characters/],
		['x'.repeat(256), /3 to 255 characters long \(this one has 256\)/],
		['my table', /only letters, digits.*a space/],
		['orders!', /only letters, digits.*"!"/],
		[TABLE_ARN, /only letters, digits.*":"/],
	],
	destination: [['elsewhere', /choose one of this-account, other-account/]],
	bucket: [
		['', /empty/],
		['ab', /3 to 63 characters/],
		['a'.repeat(64), /3 to 63 characters long \(this one has 64\)/],
		['Orders-Exports', /lowercase.*did you mean "orders-exports"/],
		['orders_exports', /only lowercase letters.*"_"/],
		['-orders', /begin and end/],
		['orders..exports', /two dots/],
		['192.168.1.1', /IP address/],
		['xn--orders', /cannot start with "xn--"/],
		['orders-s3alias', /cannot end with "-s3alias"/],
		['https://orders-exports.s3.amazonaws.com/x', /not as a https URL/],
		['s3://orders-exports//double', /prefix must not start with "\/"/],
	],
	bucketOwner: [
		['', /empty/],
		['1234', /exactly 12 digits \(this has 4\)/],
		['2222222222222', /this has 13/],
		['2222-2222-2222', /without dashes or spaces; use "222222222222"/],
		['arn:aws:iam::222222222222:root', /not an ARN; use "222222222222"/],
		['abcdefghijkl', /exactly 12 digits/],
	],
	prefix: [
		['/exports', /must not start with "\/".*Use "exports"/],
		['s3://orders-exports/exports', /without "s3:\/\/"/],
		['exports\tx', /control character/],
		['exports/\n', /control character/],
		['é'.repeat(600), /at most 1024 bytes.*1200/],
	],
	sse: [['aes256', /choose one of AES256, KMS/]],
	kmsKey: [
		['', /empty/],
		['exports', /write it as "alias\/exports"/],
		['alias/', /no name after "alias\/"/],
		['alias/bad name', /may contain only.*a space/],
		['1234ABCD-12AB-34CD-56EF-1234567890AB', /lowercase/],
		['arn:aws:kms:us-east-1:111111111111:key/not-a-uuid', /is not a key ID/],
		['arn:aws:s3:::orders-exports', /"s3" service/],
		['arn:aws:kms:mars-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab', /Region part "mars-1"/],
		['arn:aws:kms:us-east-1:1111:key/1234abcd-12ab-34cd-56ef-1234567890ab', /account part "1111"/],
		['alias/aws/dynamodb', /AWS managed key of dynamodb/],
		['alias/aws/s3', /cannot be used for a bucket in another account/],
		['!!!', /not a KMS key reference/],
	],
	format: [['CSV', /choose one of DYNAMODB_JSON, ION/]],
	exportType: [['FULL', /choose one of FULL_EXPORT, INCREMENTAL_EXPORT/]],
	timeMode: [['yesterday', /choose one of latest, choose/]],
	exportTime: [
		['', /empty/],
		['yesterday', /not a time/],
		['+2h', /must be in the past/],
		['1764316800000', /epoch milliseconds.*1764316800/],
		['2026-13-01', /months are 01 to 12/],
		['2026-02-30', /has 28 days/],
		['2026-11-27T25:00:00Z', /impossible time of day/],
		['27/11/2026', /YYYY-MM-DD/],
		['-5x', /not a unit/],
		['2999-01-01T00:00:00Z', /in the future/],
		['2000-01-01T00:00:00Z', /before the table's point-in-time recovery window/],
		['2026-11-27T10:00:00+15:00', /not a UTC offset/],
	],
	review: [['go', /Check prerequisites|go back/]],
};

const INCREMENTAL_CASES: Partial<Record<FieldId, Case[]>> = {
	incrementalMode: [['everything', /choose one of since-last, window/]],
	incrementalFrom: [
		['', /empty/],
		['soon', /not a time/],
		['+1h', /must be in the past/],
	],
	// The from time answered is -26h.
	incrementalTo: [
		['', /empty/],
		['-27h', /must be before the to time/],
		['-1555m', /at least 15 minutes/],
		['now', /at most 24 hours/],
		['+1h', /must be in the past/],
	],
	viewType: [['OLD_IMAGE', /choose one of NEW_IMAGE, NEW_AND_OLD_IMAGES/]],
};

const settle = async () => {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

const isSettled = (s: WizardState) => !Object.values(s.loaded).some((remote) => remote.status === 'loading');

/** Good answers, given after the bad ones (the draft then holds the last bad text). */
const GOOD: Partial<Record<FieldId, string>> = {
	profile: 'default',
	region: 'us-east-1',
	table: 'orders',
	destination: 'this-account',
	bucket: 'orders-exports',
	prefix: 'exports/orders/',
	sse: 'AES256',
	format: 'DYNAMODB_JSON',
	exportType: 'FULL_EXPORT',
	timeMode: 'latest',
	viewType: 'NEW_AND_OLD_IMAGES',
	review: 'run-checks',
};

/**
 * Walks the wizard field by field; at each field with cases, sends every bad answer and
 * checks it was refused with no AWS call and nothing lost, then gives the good answer.
 */
async function walk(cases: Partial<Record<FieldId, Case[]>>, answers: Partial<Record<FieldId, string>>): Promise<FieldId[]> {
	const gateway = recordingGateway();
	const controller = new WizardController({
		gateway,
		defaults: {profile: 'default', region: 'us-east-1', table: 'orders', bucket: 'orders-exports', prefix: 'exports/orders/'},
		settings: {pollScheduleMs: [50]},
		makeClientToken: () => 'bad-input-token',
	});
	const visited: FieldId[] = [];
	try {
		for (;;) {
			await waitFor(() => isSettled(controller.getState()), 5000, 'the loads to end');
			const state = controller.getState();
			if (state.phase.kind !== 'asking') break;
			const field = state.phase.field;
			visited.push(field);
			const before = structuredClone(state.draft);
			for (const [input, rule] of cases[field] ?? []) {
				tried++;
				const label = `${field} ← ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
				const callsBefore = gateway.calls.length;
				controller.dispatch({type: 'answer', value: input});
				await settle();
				const after = controller.getState();
				assert.deepEqual(gateway.calls.slice(callsBefore), [], `${label}: AWS was called after a bad answer`);
				assert.equal(where(after), `asking ${field}`, `${label}: the wizard moved on`);
				assert.ok(after.fieldError, `${label}: no message`);
				assert.match(after.fieldError!, NAMED[field]!, `${label}: the message does not name the field: ${after.fieldError}`);
				assert.match(after.fieldError!, rule, `${label}: the message does not state the rule: ${after.fieldError}`);
				const {[field]: _typed, ...kept} = after.draft as Record<string, unknown>;
				const {[field]: _was, ...keptBefore} = before as Record<string, unknown>;
				assert.deepEqual(kept, keptBefore, `${label}: an earlier answer was lost`);
			}
			// A good answer still goes through: the bad ones left nothing broken behind.
			const result = await drive(controller, {answers: {...GOOD, ...answers}, timeoutMs: 5000, until: (s) => s.phase.kind !== 'asking' || s.phase.field !== field});
			assert.equal(result.kind, 'stopped', `after ${field}: ${result.kind} at ${result.where}`);
			assert.equal(controller.getState().fieldError, undefined);
		}
		assert.equal(controller.getState().phase.kind, 'checks', 'the walk ends at the checks');
		return visited;
	} finally {
		controller.dispose();
	}
}

describe('the wizard refuses bad answers before any AWS call, naming the field and the rule', () => {
	test('a full export to another account with a KMS key and a chosen time', async () => {
		const visited = await walk(WIZARD_CASES, {destination: 'other-account', bucketOwner: '222222222222', sse: 'KMS', kmsKey: 'alias/exports', timeMode: 'choose', exportTime: '-1h'});
		for (const field of Object.keys(WIZARD_CASES) as FieldId[]) assert.ok(visited.includes(field), `never asked ${field}`);
	});

	test('an incremental export', async () => {
		// A window typed (the other choice, everything since the last export, asks no times: incremental-chain.test.ts).
		const visited = await walk(INCREMENTAL_CASES, {exportType: 'INCREMENTAL_EXPORT', incrementalMode: 'window', incrementalFrom: '-26h', incrementalTo: '-3h'});
		for (const field of Object.keys(INCREMENTAL_CASES) as FieldId[]) assert.ok(visited.includes(field), `never asked ${field}`);
	});
});

// ------------------------------------------------------------------ flags

type FlagCase = [args: string[], flag: string, rule: RegExp];

const NOW = new Date();
const BASE = ['--table-arn', TABLE_ARN, '--s3-bucket', 'orders-exports'];

const FLAG_CASES: FlagCase[] = [
	[['--table-arn', 'orders'], '--table-arn', /table name, not an ARN/],
	[['--table-arn', ''], '--table-arn', /empty/],
	[['--table-arn', 'arn:aws:dynamodb:us-east-1:111111111111'], '--table-arn', /too few parts/],
	[['--table-arn', 'arn:aws:s3:::orders'], '--table-arn', /"s3" service/],
	[['--table-arn', 'arn:aws:dynamodb:us-east-1:1111:table/orders'], '--table-arn', /exactly 12 digits/],
	[['--table-arn', 'arn:aws:dynamodb:mars-1:111111111111:table/orders'], '--table-arn', /Region part "mars-1"/],
	[['--table-arn', `${TABLE_ARN}/stream/2025-01-01T00:00:00.000`], '--table-arn', /table's stream, not of the table/],
	[['--table-arn', 'arn:aws:dynamodb:us-east-1:111111111111:orders'], '--table-arn', /resource part must be "table\/NAME"/],
	[['--table-arn', 'arn:foo:dynamodb:us-east-1:111111111111:table/orders'], '--table-arn', /not an AWS partition/],
	[['--table-arn', 'arn:aws:dynamodb:us-east-1:111111111111:table/o'], '--table-arn', /3 to 255/],
	[['--s3-bucket', 'Bad_Bucket'], '--s3-bucket', /only lowercase letters/],
	[['--s3-bucket', 's3://orders-exports/exports/'], '--s3-bucket', /includes a prefix/],
	[['--s3-bucket', 'orders-exports/exports'], '--s3-bucket', /cannot contain "\/"/],
	[['--s3-bucket', 'ab'], '--s3-bucket', /3 to 63/],
	[['--s3-bucket-owner', '1234'], '--s3-bucket-owner', /this has 4/],
	[['--s3-bucket-owner', 'arn:aws:iam::222222222222:root'], '--s3-bucket-owner', /not an ARN/],
	[['--s3-prefix', '/exports'], '--s3-prefix', /must not start with "\/"/],
	[['--s3-prefix', 's3://orders-exports/x'], '--s3-prefix', /without "s3:\/\/"/],
	[['--s3-sse-algorithm', 'aes'], '--s3-sse-algorithm', /must be AES256 or KMS/],
	[['--s3-sse-algorithm', 'rot13'], '--s3-sse-algorithm', /must be AES256 or KMS \(got "rot13"\)/],
	[['--s3-sse-kms-key-id', 'exports'], '--s3-sse-kms-key-id', /alias\/exports/],
	[['--s3-sse-kms-key-id', 'alias/aws/dynamodb'], '--s3-sse-kms-key-id', /AWS managed key of dynamodb/],
	[['--s3-sse-algorithm', 'AES256', '--s3-sse-kms-key-id', KEY_ARN], '--s3-sse-kms-key-id', /KMS key was given but --s3-sse-algorithm is AES256/],
	[['--s3-bucket-owner', '222222222222', '--s3-sse-kms-key-id', 'alias/aws/s3'], '--s3-sse-kms-key-id', /another account/],
	[['--export-format', 'CSV'], '--export-format', /DYNAMODB_JSON or ION/],
	[['--export-type', 'DIFF'], '--export-type', /FULL_EXPORT or INCREMENTAL_EXPORT/],
	[['--export-time', 'tomorrow'], '--export-time', /not a time/],
	[['--export-time', '+1h'], '--export-time', /must be in the past/],
	// A value starting with a minus is taken as the value (the AWS CLI needs "=" there).
	[['--export-time', '-1x'], '--export-time', /"x" is not a unit/],
	[['--export-time', '1764316800000'], '--export-time', /epoch milliseconds/],
	[['--export-time', '2999-01-01T00:00:00Z'], '--export-time', /in the future/],
	[['--export-time=-1h', '--export-type', 'INCREMENTAL_EXPORT'], '--export-time', /full exports only/],
	[['--incremental-export-specification', ''], '--incremental-export-specification', /empty/],
	[['--incremental-export-specification', 'ExportFromTime=-2h'], '--incremental-export-specification', /ExportToTime is missing/],
	[['--incremental-export-specification', '{"ExportFromTime": 1'], '--incremental-export-specification', /not valid JSON/],
	[['--incremental-export-specification', '{"Since": "-2h"}'], '--incremental-export-specification', /"Since" is not a field/],
	[['--incremental-export-specification', '{"ExportFromTime": true, "ExportToTime": "-1h"}'], '--incremental-export-specification', /string or a number/],
	[['--incremental-export-specification', '["-2h", "-1h"]'], '--incremental-export-specification', /no "="/],
	[['--incremental-export-specification', 'ExportFromTime=-2h,ExportToTime=-110m'], '--incremental-export-specification', /at least 15 minutes/],
	[['--incremental-export-specification', 'ExportFromTime=-30h,ExportToTime=-1h'], '--incremental-export-specification', /at most 24 hours/],
	[['--incremental-export-specification', 'ExportFromTime=-1h,ExportToTime=-2h'], '--incremental-export-specification', /must be before/],
	[['--incremental-export-specification', 'ExportFromTime=-2h,ExportToTime=-1h,ExportViewType=OLD_IMAGE'], '--incremental-export-specification', /NEW_IMAGE or NEW_AND_OLD_IMAGES/],
	[['--incremental-export-specification', 'ExportFromTime=-2h,ExportFromTime=-3h'], '--incremental-export-specification', /given twice/],
	[['--incremental-export-specification', 'ExportFromTime=latest,ExportToTime=now'], '--incremental-export-specification', /not "latest"/],
	[['--incremental-export-specification', '{"ExportFromTime": "-2h", "ExportToTime": "yesterday"}'], '--incremental-export-specification', /ExportToTime: .*not a time/],
	[['--incremental-export-specification', 'ExportFromTime=-2h,ExportToTime=-1h', '--export-type', 'FULL_EXPORT'], '--incremental-export-specification', /FULL_EXPORT/],
	[['--profile', '[profile prod]'], '--profile', /without the brackets/],
	[['--profile', 'profile prod'], '--profile', /without "profile "/],
	[['--profile', 'my prod'], '--profile', /spaces/],
	[['--profile', ''], '--profile', /empty/],
	[['--region', 'US-EAST-1'], '--region', /lowercase/],
	[['--region', 'us-east-1a'], '--region', /Availability Zone/],
	[['--region', 'eu-west-1'], '--region', /table is in us-east-1/],
	[['--endpoint-url', 'localhost:4566'], '--endpoint-url', /needs a scheme/],
	[['--endpoint-url', 'ftp://localhost'], '--endpoint-url', /http:\/\/ or https:\/\//],
	[['--endpoint-url', 'http://user:secret@localhost:4566'], '--endpoint-url', /user name or password/],
	[['--endpoint-url', 'http://localhost:4566/dynamodb'], '--endpoint-url', /must not have a path/],
	[['--endpoint-url', 'http://localhost:4566?x=1'], '--endpoint-url', /query or fragment/],
	[['--client-token', 'a$b'], '--client-token', /"\$"/],
	[['--client-token', 'x'.repeat(65)], '--client-token', /at most 64 characters/],
	[['--client-token', ''], '--client-token', /empty/],
];

describe('flags are checked before any AWS call, each problem naming its flag', () => {
	test(`${FLAG_CASES.length} malformed flags, parsed as the CLI parses them`, () => {
		for (const [args, flag, rule] of FLAG_CASES) {
			tried++;
			const label = args.join(' ');
			const parsed = parseCommandLine(['--yes', ...BASE, ...args]);
			if (!parsed.ok) {
				// Refused by the parser itself (cli.tsx prints it and exits 3).
				assert.ok(parsed.message.includes(flag), `${label}: ${parsed.message}`);
				assert.match(parsed.message, rule, label);
				continue;
			}
			const {problems} = planFromFlags(parsed.value, NOW);
			const mine = problems.find((p) => p.flag === flag);
			assert.ok(mine, `${label}: no problem named ${flag}; got ${JSON.stringify(problems)}`);
			assert.match(mine.message, rule, `${label}: ${mine.message}`);
		}
	});

	test('the built CLI exits 3 with the flag named, and the sandbox sees no call at all', async () => {
		const cli = await builtCli();
		const sandbox = await startSandbox({scenario: 'healthy'});
		const dir = mkdtempSync(join(tmpdir(), 'ddb-export-bad-input-'));
		try {
			const files = sandbox.writeSharedConfig(dir);
			const env = {AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile};
			// One malformed value per flag, the rest of the command valid and pointed at the sandbox.
			const sample = new Map<string, FlagCase>();
			for (const c of FLAG_CASES) if (!sample.has(c[1]) && c[1] !== '--endpoint-url') sample.set(c[1], c);
			const runs = [...sample.values()].map(([args, flag, rule], i) => ({
				flag,
				rule,
				json: i % 3 === 0,
				argv: ['--yes', '--profile', 'default', '--endpoint-url', sandbox.endpoint, ...BASE, ...args, ...(i % 3 === 0 ? ['--output', 'json'] : [])],
			}));
			for (let i = 0; i < runs.length; i += 4) {
				const batch = runs.slice(i, i + 4);
				const results = await Promise.all(batch.map((run) => runCli(cli, run.argv, {env})));
				batch.forEach((run, j) => {
					tried++;
					const result = results[j]!;
					const label = run.argv.join(' ');
					assert.equal(result.code, 3, `${label}\n${result.stdout}${result.stderr}`);
					if (run.json) {
						const document = JSON.parse(result.stdout) as {error: {code: string; message: string; details?: string[]}};
						assert.equal(document.error.code, 'BadInput');
						assert.ok(`${document.error.message} ${(document.error.details ?? []).join(' ')}`.includes(run.flag), label);
					} else {
						assert.ok(result.stderr.includes(`${run.flag}:`), `${label}: ${result.stderr}`);
						assert.match(result.stderr, run.rule, label);
						assert.doesNotMatch(result.stderr, /^\s+at /m, `${label}: a stack trace`);
					}
				});
			}
			assert.equal(sandbox.stats.calls, 0, `the sandbox was called: ${JSON.stringify(sandbox.stats.byOperation)}`);
			console.log(`bad input: CLI runs with a bad flag = ${runs.length}, sandbox calls = ${sandbox.stats.calls}`);
		} finally {
			rmSync(dir, {recursive: true, force: true});
			await sandbox.stop();
		}
	});
});

// ------------------------------------------------------------------ expired credentials

describe('credentials that expire in the middle of a run', () => {
	let sandbox: Sandbox;
	let dir: string;
	before(async () => {
		process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
		for (const name of ['AWS_PROFILE', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL']) delete process.env[name];
		sandbox = await startSandbox({scenario: 'healthy', exportDurationMs: 200});
		dir = mkdtempSync(join(tmpdir(), 'ddb-export-expiry-'));
		const files = sandbox.writeSharedConfig(dir);
		process.env.AWS_CONFIG_FILE = files.configFile;
		process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
		process.env.AWS_EC2_METADATA_DISABLED = 'true';
	});
	after(async () => {
		await sandbox.stop();
		rmSync(dir, {recursive: true, force: true});
	});

	test('a plain cause, then fresh credentials and r: the wizard goes on from the same question, nothing lost', async () => {
		const controller = new WizardController({
			gateway: createAwsGateway({endpointUrl: sandbox.endpoint}),
			defaults: draftFromPlan(sandbox.defaultPlan, sandbox.defaultProfile),
			settings: {pollScheduleMs: [50, 50, 100]},
			makeClientToken: () => 'expiry-token',
		});
		try {
			const atDestination = await drive(controller, {timeoutMs: 10_000, until: (s) => where(s) === 'asking destination'});
			assert.equal(atDestination.kind, 'stopped');
			await waitFor(() => isSettled(controller.getState()), 10_000, 'the table to load');
			const draftBefore = structuredClone(controller.getState().draft);

			sandbox.expireCredentials();
			controller.dispatch({type: 'answer', value: 'this-account'});
			await waitFor(() => controller.getState().loaded.buckets.status === 'failed', 10_000, 'the bucket list to fail');
			let state = controller.getState();
			const buckets = state.loaded.buckets;
			assert.ok(buckets.status === 'failed');
			assert.match(buckets.problem.title, /credentials have expired/);
			assert.match(buckets.problem.cause ?? '', /past their expiry time/);
			assert.ok(buckets.problem.fix, 'says what to do');
			assert.doesNotMatch(JSON.stringify(buckets.problem), /Unexpected|\bbug\b|\n\s+at /);
			assert.equal(where(state), 'asking bucket');
			assert.deepEqual({...state.draft, destination: undefined}, {...draftBefore, destination: undefined});
			assert.equal(state.draft.destination, 'this-account');

			sandbox.refreshCredentials();
			controller.dispatch({type: 'retry', key: 'buckets'});
			await waitFor(() => controller.getState().loaded.buckets.status === 'ready', 10_000, 'the bucket list after r');
			state = controller.getState();
			assert.equal(where(state), 'asking bucket', 'still at the same question');
			assert.equal(state.draft.table, draftBefore.table);
			assert.equal(state.draft.profile, draftBefore.profile);

			// Expiring again during the checks: they say why, and "Run the checks again" passes.
			const atReview = await drive(controller, {timeoutMs: 10_000, until: (s) => where(s) === 'asking review'});
			assert.equal(atReview.kind, 'stopped');
			await waitFor(() => isSettled(controller.getState()), 10_000, 'the review to be ready');
			sandbox.expireCredentials();
			controller.dispatch({type: 'answer', value: 'run-checks'});
			await waitFor(() => controller.getState().checks?.status === 'done', 15_000, 'the checks to end');
			state = controller.getState();
			assert.notEqual(state.checks?.overall, 'passed');
			const said = JSON.stringify(state.checks?.results.map((r) => [r.status, r.summary, r.cause]));
			assert.match(said, /expired/i, `the checks do not say the credentials expired: ${said}`);
			assert.doesNotMatch(said, /Unexpected|a bug/);

			sandbox.refreshCredentials();
			controller.dispatch({type: 'checks-choice', choice: 'recheck'});
			const outcome = await drive(controller, {timeoutMs: 15_000});
			assert.equal(outcome.kind, 'completed', `${outcome.kind} at ${outcome.where}`);
			assert.equal(sandbox.stats.exportsStarted, 1);
			assert.equal(outcome.state.draft.bucket, sandbox.defaultPlan.bucket);
		} finally {
			controller.dispose();
		}
	});
});
