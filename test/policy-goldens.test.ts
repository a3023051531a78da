// The policy snippets the sandbox scenarios call for, pinned in golden files (the exact
// documents a person would paste, and the commands that apply them), with properties
// every golden must keep; and the live validation (Access Analyzer, IAM simulator)
// through the real SDK clients against the sandbox, including "unknown" when refused.
// UPDATE_GOLDENS=1 rewrites the files from what the code generates now.

import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {createAwsGateway} from '../source/aws/gateway.js';
import {runChecks, type CheckReport} from '../source/core/checks/run-checks.js';
import type {ExportPlan} from '../source/core/plan.js';
import {allSnippetIds, applyTarget, snippetFileText, snippetInputFrom} from '../source/core/policy/delivery.js';
import {buildSnippets, INLINE_POLICY_NAME, type Snippet} from '../source/core/policy/generate.js';
import {
	analyzerLine,
	liveValidationLines,
	simulationRequests,
	simulatorLine,
	unknownReason,
	validateSnippetsLive,
	type LiveValidations,
} from '../source/core/policy/live-validation.js';
import {parsePolicy} from '../source/core/policy/parse-policy.js';
import type {PolicyDocument, Statement} from '../source/core/policy/types.js';
import {validatePolicyOffline, type PolicyKind} from '../source/core/policy/validate-policy.js';
import {AwsCallError, type AwsSession, type PolicyFinding} from '../source/core/ports.js';
import {startSandbox} from '../source/sandbox/index.js';
import {builtCli, runCli} from './helpers/run-cli.js';
import {useSandboxProfiles} from './helpers/sandbox-profiles.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const GOLDEN_DIR = join(import.meta.dirname, 'fixtures', 'policy-goldens');
const UPDATE = process.env.UPDATE_GOLDENS === '1';
const COMMANDS_FILE = 'commands.txt';

/** Scenarios whose checks lead to policy snippets worth pinning. */
const SCENARIOS = ['healthy', 'cross-account', 'kms-key-policy', 'missing-permission', 'bucket-requires-kms', 'permissions-boundary', 'scp-deny'];

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

interface Generated {
	plan: ExportPlan;
	report: CheckReport;
	snippets: Snippet[];
	live: LiveValidations;
}

const dirs: string[] = [];
const saved = {config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE};

function restoreEnv(name: string, value: string | undefined): void {
	if (value === undefined) delete process.env[name];
	else process.env[name] = value;
}

after(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
	restoreEnv('AWS_CONFIG_FILE', saved.config);
	restoreEnv('AWS_SHARED_CREDENTIALS_FILE', saved.credentials);
});

/** A session of `profile` on the sandbox through the real gateway (shared config files, endpoint). */
function sessionOf(sandbox: Sandbox, profile = sandbox.defaultProfile): AwsSession {
	dirs.push(useSandboxProfiles(sandbox, 'ddb-export-goldens-'));
	return createAwsGateway({endpointUrl: sandbox.endpoint, maxAttempts: 1}).session({profile, region: sandbox.defaultPlan.region});
}

/** What `ddb-export policies` builds: checks without the probe, the caller's inline policy read, every snippet that applies. */
async function generate(sandbox: Sandbox, session: AwsSession): Promise<Generated> {
	const plan: ExportPlan = {...sandbox.defaultPlan, profile: sandbox.defaultProfile, format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'};
	const report = await runChecks({plan, session, probe: false}, () => {});
	const input = snippetInputFrom(plan, report);
	assert.ok(input, 'the caller is known');
	const principal = applyTarget({id: 'caller-identity-policy', appliesTo: {resource: input.callerArn, account: input.callerAccount, who: ''}});
	if (principal && (principal.kind === 'role' || principal.kind === 'user')) {
		input.existing = {...input.existing, inlinePolicy: await session.getInlinePolicy({type: principal.kind, name: principal.name}, INLINE_POLICY_NAME)};
	}
	const snippets = buildSnippets({...input, only: allSnippetIds(plan, input.callerAccount, report.results)});
	const live = await validateSnippetsLive(session, snippets, plan, {kmsKeyArn: input.kmsKeyArn, tableKmsKeyArn: input.tableKmsKeyArn});
	return {plan, report, snippets, live};
}

function commandsText(snippets: Snippet[]): string {
	return snippets.map((s) => `# ${s.id} (${s.fileName})\n${s.applyCommand}\n`).join('\n');
}

function kindOfFile(fileName: string): PolicyKind {
	if (fileName === 'caller-policy.json') return 'identity';
	if (fileName === 'bucket-policy.json') return 'bucket';
	// Administrators' policies without a Principal: a permissions boundary and an SCP.
	if (fileName === 'permissions-boundary.json' || fileName.startsWith('scp-')) return 'identity';
	return 'key';
}

/** Every golden policy document, parsed, with where it came from. */
function goldenDocuments(): Array<{name: string; kind: PolicyKind; document: PolicyDocument}> {
	return readdirSync(GOLDEN_DIR).flatMap((scenario) =>
		readdirSync(join(GOLDEN_DIR, scenario))
			.filter((f) => f.endsWith('.json'))
			.map((file) => {
				const parsed = parsePolicy(readFileSync(join(GOLDEN_DIR, scenario, file), 'utf8'));
				assert.ok(parsed.ok, `${scenario}/${file} does not parse`);
				return {name: `${scenario}/${file}`, kind: kindOfFile(file), document: parsed.document};
			}),
	);
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Administrators a key policy may give broad kms rights: an account root (IAM decides) or the key's admin role. */
function isAdminPrincipal(arn: string): boolean {
	return /^arn:aws:iam::\d{12}:root$/.test(arn) || /^\d{12}$/.test(arn) || /:role\/KeyAdmin$/.test(arn) || /:user\/admin$/.test(arn);
}

/** A grant of every kms action, or of a kms wildcard: "*", "kms:*", "kms:Create*", NotAction. */
function broadKmsActions(statement: Statement): string[] {
	if (statement.NotAction !== undefined) return ['NotAction'];
	return asList(statement.Action).filter((a) => a === '*' || (a.toLowerCase().startsWith('kms:') && a.includes('*')));
}

const generated = new Map<string, Generated>();

describe('policy snippets for the sandbox scenarios', () => {
	before(async () => {
		for (const scenario of SCENARIOS) {
			const sandbox = await startSandbox({scenario});
			try {
				generated.set(scenario, await generate(sandbox, sessionOf(sandbox)));
			} finally {
				await sandbox.stop();
			}
		}
		if (UPDATE) {
			for (const [scenario, {snippets}] of generated) {
				const dir = join(GOLDEN_DIR, scenario);
				rmSync(dir, {recursive: true, force: true});
				mkdirSync(dir, {recursive: true});
				for (const snippet of snippets) writeFileSync(join(dir, snippet.fileName), snippetFileText(snippet));
				writeFileSync(join(dir, COMMANDS_FILE), commandsText(snippets));
			}
		}
	});

	for (const scenario of SCENARIOS) {
		it(`${scenario}: documents and apply commands match the golden files`, () => {
			const {snippets} = generated.get(scenario)!;
			const dir = join(GOLDEN_DIR, scenario);
			assert.ok(existsSync(dir), `no golden files for ${scenario}: run with UPDATE_GOLDENS=1`);
			assert.deepEqual(readdirSync(dir).sort(), [...snippets.map((s) => s.fileName), COMMANDS_FILE].sort(), 'the set of snippets changed');
			for (const snippet of snippets) {
				// Key ids in the sandbox are derived from the key's name (stableUuid), so they need no placeholder.
				assert.equal(snippetFileText(snippet), readFileSync(join(dir, snippet.fileName), 'utf8'), `${scenario}/${snippet.fileName} differs (UPDATE_GOLDENS=1 rewrites it)`);
			}
			assert.equal(commandsText(snippets), readFileSync(join(dir, COMMANDS_FILE), 'utf8'), `${scenario}/${COMMANDS_FILE} differs`);
		});
	}

	it('the scenarios that break a policy offer the snippet that fixes it', () => {
		const offered = (scenario: string) =>
			generated
				.get(scenario)!
				.report.results.filter((r) => r.status !== 'passed' && r.fix?.snippet)
				.map((r) => r.fix!.snippet);
		assert.ok(offered('cross-account').includes('bucket-policy'));
		assert.ok(offered('kms-key-policy').includes('key-policy-caller'));
		assert.ok(offered('missing-permission').includes('caller-identity-policy'));
		assert.deepEqual(generated.get('cross-account')!.snippets.map((s) => s.id), ['caller-identity-policy', 'bucket-policy']);
		assert.deepEqual(generated.get('kms-key-policy')!.snippets.map((s) => s.id), ['caller-identity-policy', 'key-policy-caller']);
	});

	it('every golden document passes the offline validation with no errors', () => {
		for (const {name, kind, document} of goldenDocuments()) {
			const errors = validatePolicyOffline(document, kind).filter((f) => f.severity === 'error');
			assert.deepEqual(errors, [], name);
		}
	});

	it('no golden document grants kms:* (or any kms wildcard) to anyone but an administrator', () => {
		// A permissions boundary is a ceiling, not a grant: its own broad statements stay as its owner wrote them.
		for (const {name, kind, document} of goldenDocuments().filter((d) => !d.name.endsWith('/permissions-boundary.json'))) {
			for (const statement of document.Statement.filter((s) => s.Effect === 'Allow')) {
				const broad = broadKmsActions(statement);
				if (broad.length === 0) continue;
				// An identity policy's grantee is the exporting role itself: never an administrator.
				const principals = kind === 'identity' ? ['(the exporting identity)'] : statement.Principal === '*' ? ['*'] : asList(statement.Principal?.AWS);
				for (const principal of principals) {
					assert.ok(isAdminPrincipal(principal), `${name} ${statement.Sid ?? ''} grants ${broad.join(', ')} to ${principal}`);
				}
			}
		}
	});

	it('the statements we add grant only exact actions: kms:GenerateDataKey and kms:Decrypt at most, never a wildcard', () => {
		for (const [scenario, {snippets}] of generated) {
			for (const snippet of snippets) {
				for (const statement of snippet.statements) {
					assert.equal(statement.NotAction, undefined);
					for (const action of asList(statement.Action)) {
						assert.ok(!action.includes('*'), `${scenario} ${snippet.id}: ${action}`);
						if (action.startsWith('kms:')) assert.ok(['kms:GenerateDataKey', 'kms:Decrypt'].includes(action), `${scenario} ${snippet.id}: ${action}`);
					}
				}
			}
		}
	});

	it('Access Analyzer finds nothing in any snippet, and the IAM simulator says the caller policy allows every request', () => {
		for (const [scenario, {snippets, live, plan}] of generated) {
			for (const snippet of snippets) {
				const validation = live[snippet.id];
				assert.ok(validation, `${scenario} ${snippet.id} was not validated`);
				assert.deepEqual(validation.accessAnalyzer, {status: 'done', findings: []}, `${scenario} ${snippet.id}`);
				if (snippet.id !== 'caller-identity-policy') {
					assert.equal(validation.simulator, undefined);
					continue;
				}
				const simulator = validation.simulator;
				assert.ok(simulator?.status === 'done', `${scenario}: ${JSON.stringify(simulator)}`);
				assert.deepEqual(simulator.notAllowed, [], scenario);
				assert.deepEqual(simulator.checked, simulationRequests(plan, {kmsKeyArn: snippetInputFrom(plan, generated.get(scenario)!.report)?.kmsKeyArn}));
				const count = plan.sse === 'KMS' ? 8 : 6;
				assert.deepEqual(liveValidationLines(validation), [
					{tone: 'passed', text: 'Access Analyzer: no findings'},
					{tone: 'passed', text: `IAM simulator: allows all ${count} actions the export needs`},
				]);
			}
		}
	});
});

describe('live validation', () => {
	it('the simulated requests are the export, watching it, the S3 writes under the prefix and the KMS use, on exact ARNs', () => {
		const {plan} = generated.get('kms-key-policy') ?? {plan: undefined};
		const kmsPlan: ExportPlan = plan ?? {
			region: 'us-east-1',
			tableArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
			bucket: 'orders-exports',
			prefix: 'exports/orders/',
			sse: 'KMS',
			kmsKeyId: 'alias/exports',
			format: 'DYNAMODB_JSON',
			type: 'FULL_EXPORT',
		};
		const keyArn = 'arn:aws:kms:us-east-1:111111111111:key/e6757fb4-575e-4a79-aa77-e3f5e7d03800';
		assert.deepEqual(simulationRequests(kmsPlan, {kmsKeyArn: keyArn}), [
			{action: 'dynamodb:ExportTableToPointInTime', resource: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders'},
			{action: 'dynamodb:DescribeExport', resource: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders/export/*'},
			{action: 'dynamodb:ListExports', resource: '*'},
			{action: 's3:PutObject', resource: 'arn:aws:s3:::orders-exports/exports/orders/AWSDynamoDB/x/data/x.json.gz'},
			{action: 's3:PutObjectAcl', resource: 'arn:aws:s3:::orders-exports/exports/orders/AWSDynamoDB/x/data/x.json.gz'},
			{action: 's3:AbortMultipartUpload', resource: 'arn:aws:s3:::orders-exports/exports/orders/AWSDynamoDB/x/data/x.json.gz'},
			{action: 'kms:GenerateDataKey', resource: keyArn},
			{action: 'kms:Decrypt', resource: keyArn},
		]);
		// The alias alone is not simulated: IAM grants keys by ARN.
		assert.equal(simulationRequests(kmsPlan).filter((r) => r.action.startsWith('kms:')).length, 0);
	});

	it('a caller policy missing s3:PutObject: the sandbox simulator names it, Access Analyzer still passes it', async () => {
		const sandbox = await startSandbox({scenario: 'missing-permission'});
		try {
			const {snippets, plan} = generated.get('missing-permission')!;
			const caller = snippets.find((s) => s.id === 'caller-identity-policy')!;
			const broken: Snippet = {
				...caller,
				document: {
					...caller.document,
					Statement: caller.document.Statement.map((s) => (s.Sid === 'DdbExportWriteObjects' ? {...s, Action: ['s3:PutObjectAcl', 's3:AbortMultipartUpload']} : s)),
				},
			};
			const live = await validateSnippetsLive(sessionOf(sandbox), [broken], plan);
			const simulator = live['caller-identity-policy']!.simulator!;
			assert.equal(simulator.status, 'done');
			assert.deepEqual(
				simulator.status === 'done' && simulator.notAllowed.map((r) => `${r.action} ${r.decision}`),
				['s3:PutObject implicitDeny'],
			);
			assert.deepEqual(liveValidationLines(live['caller-identity-policy']!)[1], {tone: 'failed', text: 'IAM simulator: does not allow s3:PutObject (1 of 6 requests)'});
		} finally {
			await sandbox.stop();
		}
	});

	it('asked by a profile that may not call them (analytics-admin): both say unknown with the reason, never passed', async () => {
		const sandbox = await startSandbox({scenario: 'cross-account'});
		try {
			const {snippets, plan} = generated.get('cross-account')!;
			const live = await validateSnippetsLive(sessionOf(sandbox, 'analytics-admin'), snippets, plan);
			assert.deepEqual(liveValidationLines(live['caller-identity-policy']!), [
				{tone: 'unknown', text: 'Access Analyzer: unknown — you may not call access-analyzer:ValidatePolicy'},
				{tone: 'unknown', text: 'IAM simulator: unknown — you may not call iam:SimulateCustomPolicy'},
			]);
			assert.deepEqual(live['bucket-policy'], {accessAnalyzer: {status: 'unknown', reason: 'you may not call access-analyzer:ValidatePolicy'}});
		} finally {
			await sandbox.stop();
		}
	});

	it('each policy kind goes to Access Analyzer with its own type; findings are counted and the worst one named', async () => {
		const {snippets, plan} = generated.get('kms-key-policy')!;
		const calls: Array<{type: string; resourceType?: string}> = [];
		const findings: PolicyFinding[] = [
			{findingType: 'SUGGESTION', issueCode: 'EMPTY_ARRAY_ACTION', details: 'Add an action.'},
			{findingType: 'SECURITY_WARNING', issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', details: 'Using iam:PassRole with a wildcard is risky.'},
			{findingType: 'WARNING', issueCode: 'MISSING_VERSION', details: 'Add a Version.'},
		];
		const session = {
			validatePolicy: async (_document: string, type: string, resourceType?: string) => {
				calls.push({type, resourceType});
				return type === 'IDENTITY_POLICY' ? findings : [];
			},
			simulateCustomPolicy: async () => {
				throw new AwsCallError('iam', 'SimulateCustomPolicy', 'NetworkError', 'connect ECONNREFUSED 127.0.0.1:1');
			},
		} as unknown as AwsSession;
		const bucket = generated.get('cross-account')!.snippets.find((s) => s.id === 'bucket-policy')!;
		const live = await validateSnippetsLive(session, [...snippets, bucket], plan);
		assert.deepEqual(calls, [{type: 'IDENTITY_POLICY', resourceType: undefined}, {type: 'RESOURCE_POLICY', resourceType: undefined}, {type: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket'}]);
		assert.deepEqual(liveValidationLines(live['caller-identity-policy']!), [
			{tone: 'warning', text: 'Access Analyzer: 1 security warning, 1 warning, 1 suggestion (PASS_ROLE_WITH_STAR_IN_RESOURCE: Using iam:PassRole with a wildcard is risky.)'},
			{tone: 'unknown', text: 'IAM simulator: unknown — IAM could not be reached (connect ECONNREFUSED 127.0.0.1:1)'},
		]);
		assert.deepEqual(analyzerLine({status: 'done', findings: [{findingType: 'ERROR', issueCode: 'INVALID_ACTION', details: 'The action s3:Nope does not exist.'}]}), {
			tone: 'failed',
			text: 'Access Analyzer: 1 error (INVALID_ACTION: The action s3:Nope does not exist.)',
		});
		assert.deepEqual(analyzerLine({status: 'done', findings: [findings[0]!]}).tone, 'passed');
		assert.equal(simulatorLine({status: 'done', checked: [{action: 'a', resource: 'r'}], notAllowed: [], notes: ['key not resolved']}).tone, 'warning');
	});

	it('unknown reasons: denied, expired, unreachable, any other failure', () => {
		assert.equal(unknownReason(new AwsCallError('iam', 'X', 'AccessDenied', 'no', 403), 'iam:SimulateCustomPolicy', 'IAM'), 'you may not call iam:SimulateCustomPolicy');
		assert.match(unknownReason(new AwsCallError('iam', 'X', 'ExpiredToken', 'old'), 'iam:SimulateCustomPolicy', 'IAM'), /expired/);
		assert.equal(unknownReason(new AwsCallError('access-analyzer', 'X', 'ThrottlingException', 'Rate exceeded', 429), 'access-analyzer:ValidatePolicy', 'Access Analyzer'), 'access-analyzer:ValidatePolicy failed: ThrottlingException (Rate exceeded)');
	});

	it('an aborted run rejects instead of reporting anything', async () => {
		const controller = new AbortController();
		const session = {
			validatePolicy: async (_d: string, _t: string, _r: string | undefined, options?: {signal?: AbortSignal}) =>
				new Promise<PolicyFinding[]>((_resolve, reject) => {
					options?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), {name: 'AbortError'})));
				}),
		} as unknown as AwsSession;
		const {snippets, plan} = generated.get('cross-account')!;
		const pending = validateSnippetsLive(session, snippets.filter((s) => s.id === 'bucket-policy'), plan, {signal: controller.signal});
		controller.abort();
		await assert.rejects(pending, {name: 'AbortError'});
	});
});

describe('the policies command', () => {
	it('prints AWS\'s verdict under each snippet, and puts it in the JSON as liveValidation', async () => {
		const cli = await builtCli();
		const [text, json] = await Promise.all([runCli(cli, ['policies', '--demo', 'kms-key-policy']), runCli(cli, ['policies', '--demo', 'kms-key-policy', '--json'])]);
		assert.equal(text.code, 0, text.stderr);
		assert.match(text.stdout, /1\. IAM policy for role DataExporter\n(?:.*\n){2}   \[ok\] Access Analyzer: no findings\n   \[ok\] IAM simulator: allows all 8 actions the export needs\n/);
		assert.match(text.stdout, /2\. Key policy: let the exporting identity use the key.*\n(?:.*\n){2}   \[ok\] Access Analyzer: no findings\n   \{/);
		assert.equal(json.code, 0, json.stderr);
		const doc = JSON.parse(json.stdout) as {snippets: Array<{id: string; liveValidation: {accessAnalyzer: unknown; simulator?: {status: string; checked: unknown[]; notAllowed: unknown[]}; lines: unknown[]}}>};
		const [caller, key] = doc.snippets;
		assert.deepEqual(caller!.liveValidation.accessAnalyzer, {status: 'done', findings: []});
		assert.equal(caller!.liveValidation.simulator?.status, 'done');
		assert.equal(caller!.liveValidation.simulator?.checked.length, 8);
		assert.deepEqual(caller!.liveValidation.simulator?.notAllowed, []);
		assert.deepEqual(key!.liveValidation, {accessAnalyzer: {status: 'done', findings: []}, lines: [{tone: 'passed', text: 'Access Analyzer: no findings'}]});
	});
});
