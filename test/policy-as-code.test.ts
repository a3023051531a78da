// Policies as code: for every sandbox scenario whose policies command offers a fix,
// `policies --format terraform --write DIR` writes files that parse back to exactly the
// JSON statements (@cdktf/hcl2json) and that `terraform fmt -check` accepts where
// installed. The same snippets (from that run's --json) rendered as CloudFormation parse
// back through yaml and pass cfn-lint, and as CDK type-check against aws-cdk-lib in one
// tsc run. A CLI run per scenario and format would take minutes on a shared machine, so
// --format cloudformation|cdk --write goes through the CLI for the scenarios that cover
// every kind of snippet, and the rest are rendered in-process by the same renderer.

import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse as parseHcl} from '@cdktf/hcl2json';
import {parse as parseYaml} from 'yaml';
import {hclString} from '../source/core/policy/render-terraform.js';
import {renderContextOf, renderedSnippet} from '../source/core/policy/render-policy.js';
import type {Snippet} from '../source/core/policy/snippets.js';
import {commentLines, fileNameIn, pascalName, snakeName, type PolicyFormat} from '../source/core/policy/policy-as-code.js';
import type {PolicyDocument, Statement} from '../source/core/policy/types.js';
import {buildSnippets, type SnippetInput} from '../source/core/policy/snippets.js';
import {EXISTING_BUCKET_POLICY, KEY_ARN, PLAN} from './helpers/policy-fixtures.js';
import {builtCli, runCli} from './helpers/run-cli.js';

const root = join(import.meta.dirname, '..');
/** mfa-role and sso-expired need a person (a code, a login); flaky fails calls at random. */
const SCENARIOS = [
	'healthy',
	'pitr-off',
	'cross-account',
	'kms-key-policy',
	'scp-deny',
	'bucket-missing',
	'requester-pays',
	'bucket-requires-kms',
	'source-ip',
	'key-disabled',
	'key-wrong-region',
	'missing-permission',
	'permissions-boundary',
	'no-simulate',
	'export-fails',
	'big-account',
	'hostile-strings',
];
const FORMATS: PolicyFormat[] = ['terraform', 'cloudformation', 'cdk'];
/** Between them every kind of snippet: caller, checker, bucket, key, boundary, SCP, and hostile strings. */
const CLI_SCENARIOS = ['cross-account', 'kms-key-policy', 'no-simulate', 'permissions-boundary', 'hostile-strings'];

interface Written {
	scenario: string;
	format: PolicyFormat;
	dir: string;
	snippets: Snippet[];
	tableArn: string;
}

const parent = mkdtempSync(join(tmpdir(), 'ddb-export-iac-'));
// Inside the repository, so that the generated CDK files resolve aws-cdk-lib from its node_modules.
const cdkRoot = join(root, 'node_modules', '.cache');
mkdirSync(cdkRoot, {recursive: true});
const cdkDir = mkdtempSync(join(cdkRoot, 'ddb-export-cdk-'));
const runs: Written[] = [];

/**
 * Cases no sandbox scenario reaches: both key snippets at once (one key policy), a user
 * and an identity that holds no inline policy, a key named by an alias only, and current
 * policies with a boolean condition and an IAM policy variable.
 */
const KEY_POLICY = JSON.stringify({
	Version: '2012-10-17',
	Statement: [
		{Sid: 'Admins', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::111111111111:root'}, Action: 'kms:*', Resource: '*'},
		{Effect: 'Allow', Principal: {AWS: '*'}, Action: 'kms:Decrypt', Resource: '*', Condition: {StringEquals: {'kms:CallerAccount': '111111111111', 'aws:PrincipalTag/team': '${aws:username}'}, Bool: {'aws:SecureTransport': true}}},
	],
});
const FIXTURES: Array<{name: string; input: SnippetInput}> = [
	{
		name: 'fixture-both-key-snippets',
		input: {
			plan: PLAN,
			callerArn: 'arn:aws:iam::111111111111:role/DataExporter',
			callerAccount: '111111111111',
			kmsKeyArn: KEY_ARN,
			existing: {bucketPolicy: EXISTING_BUCKET_POLICY, keyPolicy: KEY_POLICY, inlinePolicy: null},
		},
	},
	{
		name: 'fixture-user-and-alias',
		input: {plan: {...PLAN, kmsKeyId: 'alias/exports'}, callerArn: 'arn:aws:iam::111111111111:user/alice', callerAccount: '111111111111'},
	},
	{
		name: 'fixture-federated',
		input: {plan: {...PLAN, sse: 'AES256', kmsKeyId: undefined}, callerArn: 'arn:aws:sts::111111111111:federated-user/bob', callerAccount: '111111111111', only: ['caller-identity-policy', 'checker-policy']},
	},
];

after(() => {
	rmSync(parent, {recursive: true, force: true});
	rmSync(cdkDir, {recursive: true, force: true});
});

/** A statement as every format can say it: lists for lists, condition values as strings. */
function normal(statement: Statement): unknown {
	const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
	const principal = (p: Statement['Principal']) => (p === undefined || p === '*' ? p : Object.fromEntries(Object.entries(p).map(([k, v]) => [k, list(v as string | string[])])));
	const out: Record<string, unknown> = {Sid: statement.Sid, Effect: statement.Effect};
	for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) out[key] = list(statement[key]);
	out.Principal = principal(statement.Principal);
	out.NotPrincipal = principal(statement.NotPrincipal);
	if (statement.Condition) {
		out.Condition = Object.fromEntries(
			Object.entries(statement.Condition).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map(String)]))]),
		);
	}
	return JSON.parse(JSON.stringify(out));
}

const sorted = (statements: unknown[]) => statements.map((s) => JSON.stringify(s)).sort();

type HclBlock = Record<string, unknown>;

/** hcl2json keeps a literal `${` in its escaped form; nothing else we write looks like a template. */
function hclText(value: unknown): string {
	assert.equal(typeof value, 'string');
	const text = value as string;
	assert.doesNotMatch(text.replaceAll('$${', ''), /\$\{/, `an interpolation in ${text}`);
	return text.replaceAll('$${', '${').replaceAll('%%{', '%{');
}

/** One Terraform statement block back as a JSON statement. */
function statementOfHcl(block: HclBlock): Statement {
	const s: Record<string, unknown> = {};
	if (block.sid !== undefined) s.Sid = hclText(block.sid);
	s.Effect = hclText(block.effect);
	const lists: Array<[string, string]> = [
		['actions', 'Action'],
		['not_actions', 'NotAction'],
		['resources', 'Resource'],
		['not_resources', 'NotResource'],
	];
	for (const [from, to] of lists) if (block[from] !== undefined) s[to] = (block[from] as unknown[]).map(hclText);
	for (const [from, to] of [
		['principals', 'Principal'],
		['not_principals', 'NotPrincipal'],
	] as const) {
		const blocks = block[from] as HclBlock[] | undefined;
		if (!blocks) continue;
		if (blocks.length === 1 && hclText(blocks[0]!.type) === '*') {
			s[to] = '*';
			continue;
		}
		const principal: Record<string, string[]> = {};
		for (const b of blocks) (principal[hclText(b.type)] ??= []).push(...(b.identifiers as unknown[]).map(hclText));
		s[to] = principal;
	}
	const conditions = block.condition as HclBlock[] | undefined;
	if (conditions) {
		const c: Record<string, Record<string, string[]>> = {};
		for (const b of conditions) (c[hclText(b.test)] ??= {})[hclText(b.variable)] = (b.values as unknown[]).map(hclText);
		s.Condition = c;
	}
	return s as unknown as Statement;
}

/** Every statement the .tf file's policy documents hold (the one in place, then ddb-export's). */
async function terraformStatements(file: string): Promise<Statement[]> {
	const parsed = (await parseHcl(file, readFileSync(file, 'utf8'))) as {data?: {aws_iam_policy_document?: Record<string, HclBlock[]>}};
	const documents = parsed.data?.aws_iam_policy_document ?? {};
	const names = Object.keys(documents);
	assert.ok(names.length === 1 || names.length === 2, `${file}: ${names.length} policy documents`);
	const main = names.find((n) => !n.endsWith('_in_place'))!;
	if (names.length === 2) assert.deepEqual((documents[main]![0]!.source_policy_documents as string[]).map(String), [`\${data.aws_iam_policy_document.${main}_in_place.json}`]);
	return names.flatMap((n) => ((documents[n]![0]!.statement as HclBlock[] | undefined) ?? []).map(statementOfHcl));
}

/** The policy document of a CloudFormation template, with !Sub resolved for the deploying account. */
function cloudFormationDocument(file: string, account: string): PolicyDocument {
	const sub = {tag: '!Sub', resolve: (text: string) => text.replaceAll('${AWS::AccountId}', account)};
	const template = parseYaml(readFileSync(file, 'utf8'), {customTags: [sub]}) as {Resources: Record<string, {Properties: Record<string, unknown>}>};
	const resources = Object.values(template.Resources);
	assert.equal(resources.length, 1);
	const properties = resources[0]!.Properties;
	return (properties.PolicyDocument ?? properties.KeyPolicy ?? properties.Content) as PolicyDocument;
}

function filesOf(format: PolicyFormat): string[] {
	return runs.filter((r) => r.format === format).flatMap((r) => r.snippets.map((s) => join(r.dir, fileNameIn(format, s.fileName))));
}

function toolMissing(command: string): string | false {
	const found = spawnSync('sh', ['-c', `command -v ${command}`], {encoding: 'utf8'});
	return found.status === 0 ? false : `${command} is not installed here`;
}

describe('policies --format terraform|cloudformation|cdk --write', () => {
	before(async () => {
		const cli = await builtCli();
		const jobs = [
			...SCENARIOS.map((scenario) => ({scenario, format: 'terraform' as PolicyFormat})),
			...CLI_SCENARIOS.flatMap((scenario) => FORMATS.slice(1).map((format) => ({scenario, format}))),
		];
		// A few at a time: each run starts its own sandbox.
		for (let i = 0; i < jobs.length; i += 4) {
			await Promise.all(
				jobs.slice(i, i + 4).map(async ({scenario, format}) => {
					const dir = join(format === 'cdk' ? cdkDir : parent, `${scenario}-${format}`);
					const result = await runCli(cli, ['policies', '--demo', scenario, '--format', format, '--write', dir, '--json']);
					assert.equal(result.code, 0, `${scenario} ${format}: ${result.stderr}`);
					const doc = JSON.parse(result.stdout) as {snippets: Snippet[]; written: string[]; plan: {tableArn: string}};
					assert.ok(doc.snippets.length > 0, `${scenario} offers no snippet`);
					assert.deepEqual(doc.written, doc.snippets.map((s) => join(dir, fileNameIn(format, s.fileName))));
					runs.push({scenario, format, dir, snippets: doc.snippets, tableArn: doc.plan.tableArn});
				}),
			);
		}
		// The other scenarios' snippets in the other formats, and the fixtures in every format, by the renderer the CLI uses.
		const rendered = [
			...runs.filter((r) => r.format === 'terraform' && !CLI_SCENARIOS.includes(r.scenario)).map((r) => ({...r, formats: FORMATS.slice(1)})),
			...FIXTURES.map(({name, input}) => ({scenario: name, snippets: buildSnippets(input), tableArn: input.plan.tableArn, formats: FORMATS})),
		];
		for (const {formats, ...run} of rendered) {
			for (const format of formats) {
				const dir = join(format === 'cdk' ? cdkDir : parent, `${run.scenario}-${format}`);
				mkdirSync(dir);
				const context = renderContextOf(run.tableArn, run.snippets);
				for (const snippet of run.snippets) {
					const file = renderedSnippet(format, snippet, context);
					writeFileSync(join(dir, file.fileName), file.text, {flag: 'wx'});
				}
				runs.push({scenario: run.scenario, snippets: run.snippets, tableArn: run.tableArn, format, dir});
			}
		}
	});

	it('every scenario wrote one file per snippet, in the format asked for', () => {
		for (const run of runs) {
			assert.deepEqual(readdirSync(run.dir).sort(), run.snippets.map((s) => fileNameIn(run.format, s.fileName)).sort(), `${run.scenario} ${run.format}`);
		}
		assert.equal(runs.length, (SCENARIOS.length + FIXTURES.length) * FORMATS.length);
	});

	it('of two key snippets, only the one with both statements attaches the key policy; an alias is looked up', () => {
		const tf = (scenario: string, file: string) => readFileSync(join(parent, `${scenario}-terraform`, file), 'utf8');
		const both = 'fixture-both-key-snippets';
		assert.deepEqual(runs.find((r) => r.scenario === both)!.snippets.map((s) => s.id), ['caller-identity-policy', 'bucket-policy', 'key-policy-caller', 'key-policy-readers']);
		assert.doesNotMatch(tf(both, 'key-policy.tf'), /resource "aws_kms_key_policy"/);
		assert.match(tf(both, 'key-policy-readers.tf'), /resource "aws_kms_key_policy" "key_1234abcd_orders_export_readers"/);
		assert.match(tf(both, 'bucket-policy.tf'), /source_policy_documents = \[data\.aws_iam_policy_document\.analytics_landing_orders_export_in_place\.json\]/);
		assert.match(tf('fixture-user-and-alias', 'caller-policy.tf'), /resource "aws_iam_user_policy"[\s\S]*user   = "alice"/);
		assert.match(tf('fixture-user-and-alias', 'key-policy-readers.tf'), /data "aws_kms_key" "[^"]+" \{\n  key_id = "alias\/exports"/);
		assert.match(tf('fixture-federated', 'caller-policy.tf'), /resource "aws_iam_policy"/);
	});

	it('each Terraform file parses back (hcl2json) to exactly the JSON statements', async () => {
		for (const run of runs.filter((r) => r.format === 'terraform')) {
			for (const snippet of run.snippets) {
				const statements = await terraformStatements(join(run.dir, fileNameIn('terraform', snippet.fileName)));
				// source_policy_documents merges the document in place with ddb-export's: IAM does not care about the order.
				assert.deepEqual(sorted(statements.map(normal)), sorted(snippet.document.Statement.map(normal)), `${run.scenario}/${snippet.fileName}`);
			}
		}
	});

	it('each CloudFormation template parses back (yaml) to exactly the JSON document', () => {
		for (const run of runs.filter((r) => r.format === 'cloudformation')) {
			for (const snippet of run.snippets) {
				const document = cloudFormationDocument(join(run.dir, fileNameIn('cloudformation', snippet.fileName)), snippet.appliesTo.account);
				assert.deepEqual(document, snippet.document, `${run.scenario}/${snippet.fileName}`);
			}
		}
	});

	it('terraform fmt -check accepts every .tf file', (t) => {
		const missing = toolMissing('terraform');
		if (missing) return t.skip(missing);
		const result = spawnSync('terraform', ['fmt', '-check', '-diff', '-recursive', parent], {encoding: 'utf8', env: {...process.env, TF_CLI_CONFIG_FILE: '/dev/null'}});
		assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
		assert.ok(filesOf('terraform').length >= SCENARIOS.length);
	});

	it('cfn-lint reports no error on any CloudFormation template', (t) => {
		const missing = toolMissing('cfn-lint');
		if (missing) return t.skip(missing);
		const files = filesOf('cloudformation');
		const result = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], {encoding: 'utf8'});
		// The exit code is a bit mask: 2 errors, 4 warnings, 8 informational; the first is a failure.
		assert.ok(result.status !== null && (result.status & ~(4 | 8)) === 0, `cfn-lint exit ${result.status}:\n${result.stdout}${result.stderr}`);
	});

	it('the CDK files type-check against aws-cdk-lib (one tsc run)', () => {
		const files = filesOf('cdk');
		assert.ok(files.length >= SCENARIOS.length);
		writeFileSync(
			join(cdkDir, 'tsconfig.json'),
			JSON.stringify({compilerOptions: {target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: []}, files}),
		);
		const result = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(cdkDir, 'tsconfig.json')], {encoding: 'utf8'});
		assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
	});
});

describe('policies as code: strings and names', () => {
	it('a --format that is not one, or on another command, is bad input naming the flag, before any call', async () => {
		const cli = await builtCli();
		const wrong = await runCli(cli, ['policies', '--demo', 'healthy', '--format', 'terrafrom']);
		assert.equal(wrong.code, 3);
		assert.match(wrong.stderr, /--format: "terrafrom" is not a policy format; use json, terraform, cloudformation, cdk\..*terraform/);
		const elsewhere = await runCli(cli, ['check', '--demo', 'healthy', '--format', 'cdk']);
		assert.equal(elsewhere.code, 3);
		assert.match(elsewhere.stderr, /--format belongs to the policies command/);
	});

	it('an HCL string holds anything a policy may hold, and reads back the same', async () => {
		const text = 'a${aws:username}%{x}"\\\n\t\u001b[2J\u009b\u2028😀é';
		const parsed = (await parseHcl('x.tf', `locals {\n  v = ${hclString(text)}\n}\n`)) as {locals: Array<{v: string}>};
		assert.equal(hclText(parsed.locals[0]!.v), text);
		assert.match(hclString(text), /^"[\x20-\x7e]*"$/);
	});

	it('names are valid identifiers in each language, from the table, bucket and key', () => {
		assert.equal(snakeName(['analytics.landing-2024', 'orders', 'export']), 'analytics_landing_2024_orders_export');
		assert.equal(snakeName(['2024-bucket']), 'p_2024_bucket');
		assert.equal(pascalName(['key', 'e6757fb4', 'orders', 'export']), 'KeyE6757fb4OrdersExport');
		assert.equal(pascalName(['9lives']), 'P9lives');
		assert.equal(fileNameIn('terraform', 'caller-policy.json'), 'caller-policy.tf');
	});

	it('comments are one line of printable text each, wrapped to fit 80 columns', () => {
		const lines = commentLines([`${'word '.repeat(30)}end\n# not a new line\u001b]52;c;x\u0007`], '#');
		assert.ok(lines.length > 1);
		for (const line of lines) {
			assert.ok(line.length <= 78, line);
			assert.match(line, /^# [\x20-\x7e]*$/);
		}
		assert.match(lines.at(-1)!, /end # not a new line \]52;c;x $/);
	});
});
