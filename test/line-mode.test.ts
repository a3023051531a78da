import {before, test} from 'node:test';
import assert from 'node:assert/strict';
import {builtCli, runCli, type CliResult} from './helpers/run-cli.js';

const ENTER_ALL = '\n'.repeat(40);
const FAST_EXPORT = {DDB_EXPORT_DEMO_EXPORT_MS: '300'};

function explain(result: CliResult): string {
	return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

/** The questions asked, in order ("? Which AWS profile?" lines). */
function questions(output: string): string[] {
	return output.split('\n').filter((line) => line.startsWith('? ')).map((line) => line.replace(/ \[.*\]$/, ''));
}

let cli: string;
before(async () => {
	cli = await builtCli();
});

test('with piped answers (Enter for each question) the line-mode wizard completes the healthy demo', async () => {
	const result = await runCli(cli, ['--demo'], {input: ENTER_ALL, env: FAST_EXPORT});
	assert.equal(result.code, 0, explain(result));
	assert.deepEqual(questions(result.stdout), [
		'? Which AWS profile?',
		'? Region of the table?',
		'? Which table do you want to export?',
		'? Which account owns the destination bucket?',
		'? Which bucket should receive the export?',
		'? Prefix for the exported objects (may be empty)?',
		'? How should the exported objects be encrypted?',
		'? Export format?',
		'? Full export or incremental?',
		'? Export the table as of when?',
		'? Review the export',
		'? What next?',
	]);
	// The same review and checks as the Ink face, as plain lines.
	assert.match(result.stdout, /aws dynamodb export-table-to-point-in-time --table-arn arn:aws:dynamodb:us-east-1:111111111111:table\/orders --s3-bucket orders-exports/);
	assert.match(result.stdout, /passed +Credentials: /);
	assert.match(result.stdout, /Export completed in /);
	assert.match(result.stdout, /Files +s3:\/\/orders-exports\/exports\/orders\/AWSDynamoDB\//);
	assert.doesNotMatch(result.stdout, /\u001b\[/, 'no cursor movement or colours without a terminal');
});

test('a bad answer is refused with the field named and asked again', async () => {
	const answers = ['', 'us-east-9x', 'eu-west-1', ''].join('\n') + '\n';
	const result = await runCli(cli, ['--demo', '--plain'], {input: answers});
	// The input ends before the wizard does: "the user left".
	assert.equal(result.code, 130, explain(result));
	const asked = questions(result.stdout);
	assert.deepEqual(asked.slice(0, 4), ['? Which AWS profile?', '? Region of the table?', '? Region of the table?', '? Which table do you want to export?']);
	assert.match(result.stdout, /Error: .*"us-east-9x".*Region/);
	assert.match(result.stdout, /No tables in eu-west-1|Which table/);
	assert.match(result.stdout, /The input ended before every question was answered/);
	assert.doesNotMatch(result.stdout + result.stderr, /ExitPromptError|at .*\.js:\d+/, 'no stack trace');
});

test('flags pre-fill the wizard: given answers are not asked', async () => {
	const result = await runCli(
		cli,
		['--demo', '--table-arn', 'arn:aws:dynamodb:us-east-1:111111111111:table/customers', '--s3-bucket', 'orders-exports', '--s3-prefix', 'nightly/', '--export-format', 'ION'],
		{input: ENTER_ALL, env: FAST_EXPORT},
	);
	assert.equal(result.code, 0, explain(result));
	const asked = questions(result.stdout);
	for (const given of ['? Region of the table?', '? Which table do you want to export?', '? Which bucket should receive the export?', '? Prefix for the exported objects (may be empty)?', '? Export format?']) {
		assert.ok(!asked.includes(given), `${given} was asked:\n${asked.join('\n')}`);
	}
	assert.match(result.stdout, /--table-arn arn:aws:dynamodb:us-east-1:111111111111:table\/customers --s3-bucket orders-exports --s3-prefix nightly\/ --s3-sse-algorithm AES256 --export-format ION/);
	assert.match(result.stdout, /Export completed in /);
});

test('the policies step builds on what the checks read: the key policy merged, the key ARN resolved, the inline policy read', async () => {
	// Enter through the questions and the review; at "What next?" Enter shows the policies.
	const result = await runCli(cli, ['--demo', 'kms-key-policy', '--plain'], {input: '\n'.repeat(14)});
	const policies = result.stdout.slice(result.stdout.indexOf('→ Show the policies that fix this'));
	assert.ok(policies.length > 0 && policies.includes('Key policy: let the exporting identity use the key'), explain(result));
	assert.doesNotMatch(policies, /was not read/, 'the checks read the key policy; the caller inline policy is read here');
	assert.doesNotMatch(policies, /not resolved to a key ARN/);
	assert.match(policies, /"Sid": "KeyAdministration"/, 'the key policy in place keeps its administrators');
	assert.match(policies, /"Sid": "DdbExportUseExportKey"[\s\S]*?arn:aws:kms:us-east-1:111111111111:key\//);
});
