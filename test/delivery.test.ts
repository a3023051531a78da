import {test} from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
	allSnippetIds,
	applyTarget,
	basisOf,
	offeredSnippets,
	planSave,
	readCallerInlinePolicy,
	readTargetPolicy,
	rebuildOverCurrent,
	resolveSaveDir,
	snippetFilePath,
	snippetInputFrom,
	snippetsToOffer,
	writeTargetPolicy,
} from '../source/core/policy/delivery.js';
import type {AwsSession} from '../source/core/ports.js';
import {buildSnippets, type Snippet} from '../source/core/policy/generate.js';
import type {CheckReport} from '../source/core/checks/run-checks.js';
import type {CheckResult} from '../source/core/checks/types.js';
import {clipboardCommand, copyToClipboard, osc52Sequence} from '../source/ui/policies/clipboard.js';
import {EXISTING_BUCKET_POLICY, KEY_ARN, PLAN} from './helpers/policy-fixtures.js';

const REPORT: CheckReport = {
	results: [],
	overall: 'failed',
	identity: {account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice', userId: 'AROA:alice'},
	callerPolicyArn: 'arn:aws:iam::111111111111:role/team/DataExporter',
	bucketPolicy: EXISTING_BUCKET_POLICY,
	keyPolicy: undefined,
	key: {keyId: '1234abcd', arn: KEY_ARN, region: 'eu-west-1', account: '111111111111', state: 'Enabled', enabled: true, manager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT'},
};

function result(id: CheckResult['id'], status: CheckResult['status'], snippet?: NonNullable<CheckResult['fix']>['snippet']): CheckResult {
	return {id, title: id, status, summary: '', fix: snippet ? {text: 'fix', snippet} : undefined};
}

function allSnippets(): Snippet[] {
	const input = snippetInputFrom(PLAN, REPORT)!;
	return buildSnippets({...input, only: allSnippetIds(PLAN, input.callerAccount, [])});
}

test('the snippet input comes from the check report: role ARN with path, key ARN, policies read', () => {
	const input = snippetInputFrom(PLAN, REPORT)!;
	assert.equal(input.callerArn, 'arn:aws:iam::111111111111:role/team/DataExporter');
	assert.equal(input.callerAccount, '111111111111');
	assert.equal(input.kmsKeyArn, KEY_ARN);
	assert.equal(input.existing?.bucketPolicy, EXISTING_BUCKET_POLICY);
	assert.equal('keyPolicy' in input.existing!, false, 'a policy that was not read stays unknown, not "none"');
	assert.equal(basisOf(input, 'bucket-policy'), 'merged');
	assert.equal(basisOf(input, 'key-policy-caller'), 'unread');
	assert.equal(basisOf({existing: {bucketPolicy: null}}, 'bucket-policy'), 'new');

	// Without a report, the identity loaded while asking: an assumed-role session becomes its role.
	const fromIdentity = snippetInputFrom(PLAN, undefined, REPORT.identity)!;
	assert.equal(fromIdentity.callerArn, 'arn:aws:iam::111111111111:role/DataExporter');
	assert.equal(snippetInputFrom(PLAN, undefined, undefined), undefined);
});

test('only the snippets that fix a failed check are offered unless all are asked for', () => {
	const snippets = allSnippets();
	assert.deepEqual(
		snippets.map((s) => s.id),
		['caller-identity-policy', 'bucket-policy', 'key-policy-caller', 'key-policy-readers'],
	);
	const results = [
		result('bucket-policy', 'failed', 'bucket-policy'),
		result('key-policy', 'passed', 'key-policy-caller'),
		result('permissions', 'unknown', 'caller-identity-policy'),
	];
	assert.deepEqual(snippetsToOffer(snippets, results, false).map((s) => s.id), ['bucket-policy']);
	assert.equal(snippetsToOffer(snippets, results, true).length, 4);
	// Nothing failed, but a check could not tell: offer what it names.
	assert.deepEqual(snippetsToOffer(snippets, [result('permissions', 'unknown', 'caller-identity-policy')], false).map((s) => s.id), ['caller-identity-policy']);
	// Nothing named at all: everything rather than an empty screen.
	assert.equal(snippetsToOffer(snippets, [], false).length, 4);
	// A snippet a check names is shown even when the plan alone would not need it.
	const sameAccount = {...PLAN, bucketOwner: undefined, sse: 'AES256' as const, kmsKeyId: undefined};
	assert.deepEqual(allSnippetIds(sameAccount, '111111111111', []), ['caller-identity-policy']);
	assert.deepEqual(allSnippetIds(sameAccount, '111111111111', [result('bucket-policy', 'failed', 'bucket-policy')]), ['caller-identity-policy', 'bucket-policy']);
});

test('the screen shows the offered snippets built on their own: one key policy carries both statements only when both are shown', () => {
	const input = snippetInputFrom(PLAN, REPORT)!;
	const sids = (snippet: Snippet | undefined) => snippet?.document.Statement.map((s) => s.Sid);
	const results = [result('key-policy', 'failed', 'key-policy-readers')];
	const {all, shown} = offeredSnippets(input, results, false);
	assert.deepEqual(all.map((s) => s.id), ['caller-identity-policy', 'bucket-policy', 'key-policy-caller', 'key-policy-readers']);
	assert.deepEqual(sids(all.find((s) => s.id === 'key-policy-readers')), ['DdbExportKeyUseByDataExporter', 'DdbExportReadersDecrypt222222222222']);
	assert.deepEqual(shown.map((s) => s.id), ['key-policy-readers']);
	assert.deepEqual(sids(shown[0]), ['DdbExportReadersDecrypt222222222222'], 'the caller statement is not offered, so not carried');
	const everything = offeredSnippets(input, results, true);
	assert.equal(everything.shown, everything.all);
});

test("the caller's inline policy is read from its role; undefined when it cannot be, and a stop rejects", async () => {
	const input = snippetInputFrom(PLAN, REPORT)!;
	const asked: unknown[][] = [];
	const sessionAnswering = (answer: () => Promise<string | null>) =>
		({
			getInlinePolicy: (...args: unknown[]) => {
				asked.push(args);
				return answer();
			},
		}) as unknown as AwsSession;
	const signal = new AbortController().signal;
	assert.equal(await readCallerInlinePolicy(sessionAnswering(async () => '{"Statement":[]}'), input, {signal}), '{"Statement":[]}');
	assert.deepEqual(asked, [[{type: 'role', name: 'DataExporter'}, 'ddb-export', {signal}]]);
	assert.equal(await readCallerInlinePolicy(sessionAnswering(async () => null), input), null, 'none in place');
	const refused = Object.assign(new Error('not authorized to perform: iam:GetRolePolicy'), {name: 'AwsCallError'});
	assert.equal(await readCallerInlinePolicy(sessionAnswering(() => Promise.reject(refused)), input), undefined);
	const stopped = Object.assign(new Error('stopped'), {name: 'AbortError'});
	await assert.rejects(readCallerInlinePolicy(sessionAnswering(() => Promise.reject(stopped)), input), stopped);
	// A root user holds no inline policy: nothing is asked.
	asked.length = 0;
	assert.equal(await readCallerInlinePolicy(sessionAnswering(async () => null), {...input, callerArn: 'arn:aws:iam::111111111111:root'}), undefined);
	assert.equal(asked.length, 0);
});

test('apply targets are parsed from where each snippet applies', () => {
	const byId = Object.fromEntries(allSnippets().map((s) => [s.id, s]));
	assert.deepEqual(applyTarget(byId['bucket-policy']!, PLAN), {kind: 'bucket', name: 'analytics-landing', account: '222222222222', region: 'eu-west-1'});
	assert.deepEqual(applyTarget(byId['key-policy-caller']!, PLAN), {kind: 'key', arn: KEY_ARN, account: '111111111111', region: 'eu-west-1'});
	assert.deepEqual(applyTarget(byId['caller-identity-policy']!), {kind: 'role', name: 'DataExporter', account: '111111111111'});
	const user = {id: 'caller-identity-policy' as const, appliesTo: {account: '1', resource: 'arn:aws:iam::111111111111:user/ops/bob', who: ''}};
	assert.deepEqual(applyTarget(user), {kind: 'user', name: 'bob', account: '111111111111'});
	const session = {id: 'caller-identity-policy' as const, appliesTo: {account: '1', resource: 'arn:aws:sts::111111111111:assumed-role/Admin/carol', who: ''}};
	assert.deepEqual(applyTarget(session), {kind: 'role', name: 'Admin', account: '111111111111'});
	// A root user or federated user holds no inline policy; an alias is not a key ARN.
	assert.equal(applyTarget({id: 'caller-identity-policy', appliesTo: {account: '1', resource: 'arn:aws:iam::111111111111:root', who: ''}}), undefined);
	assert.equal(applyTarget({id: 'key-policy-caller', appliesTo: {account: '1', resource: 'alias/exports', who: ''}}), undefined);
});

test('files are planned in the chosen folder and existing ones are flagged', () => {
	const snippets = allSnippets();
	const dir = '/tmp/policies';
	assert.equal(snippetFilePath(dir, snippets[1]!), path.join(dir, 'bucket-policy.json'));
	const plan = planSave(dir, snippets, (p) => p.endsWith('bucket-policy.json'));
	assert.deepEqual(plan.map((p) => [path.basename(p.path), p.exists]), [
		['caller-policy.json', false],
		['bucket-policy.json', true],
		['key-policy.json', false],
		['key-policy-readers.json', false],
	]);
	assert.equal(resolveSaveDir('', '/work', '/home/me'), path.resolve('/work', 'ddb-export-policies'));
	assert.equal(resolveSaveDir('~/p', '/work', '/home/me'), path.join('/home/me', 'p'));
	assert.equal(resolveSaveDir(' out ', '/work', '/home/me'), path.resolve('/work', 'out'));
});

test('rebuilding over the policy read just now keeps its statements and shows the change', () => {
	const input = snippetInputFrom(PLAN, REPORT)!;
	const ids = allSnippetIds(PLAN, input.callerAccount, []);
	const current = JSON.stringify({Version: '2012-10-17', Statement: [{Sid: 'KeyAdmins', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::111111111111:root'}, Action: 'kms:*', Resource: '*'}]});
	const rebuilt = rebuildOverCurrent(input, ids, 'key-policy-caller', current)!;
	assert.equal(rebuilt.basis, 'merged');
	assert.deepEqual(rebuilt.snippet.document.Statement.map((s) => s.Sid), ['KeyAdmins', 'DdbExportKeyUseByDataExporter']);
	assert.match(rebuilt.snippet.diff!, /^\+.*DdbExportKeyUseByDataExporter/m);
	// Read again after it was applied: nothing left to change.
	const again = rebuildOverCurrent(input, ids, 'key-policy-caller', JSON.stringify(rebuilt.snippet.document))!;
	assert.equal(again.snippet.diff, '');
	// No policy at all: the whole document is new.
	assert.equal(rebuildOverCurrent(input, ids, 'bucket-policy', null)!.basis, 'new');
});

test('OSC 52: plain, inside tmux (ESC doubled in a DCS) and inside screen (DCS pieces)', () => {
	const b64 = Buffer.from('{"a":1}').toString('base64');
	assert.equal(osc52Sequence('{"a":1}', {}), `\u001B]52;c;${b64}\u0007`);
	assert.equal(osc52Sequence('{"a":1}', {TMUX: '/tmp/tmux-1000/default,1,0'}), `\u001BPtmux;\u001B\u001B]52;c;${b64}\u0007\u001B\\`);
	assert.equal(osc52Sequence('{"a":1}', {STY: '123.pts-0.host'}), `\u001BP\u001B]52;c;${b64}\u0007\u001B\\`);
	// screen drops string sequences over 768 bytes: long text goes in several pieces.
	const long = osc52Sequence('x'.repeat(2000), {STY: 's'});
	const pieces = long.split('\u001B\\').filter(Boolean);
	assert.ok(pieces.length > 1);
	for (const piece of pieces) {
		assert.ok(piece.startsWith('\u001BP'));
		assert.ok(piece.length + 2 <= 768);
	}
	const joined = pieces.map((p) => p.slice(2)).join('');
	assert.equal(joined, `\u001B]52;c;${Buffer.from('x'.repeat(2000)).toString('base64')}\u0007`);
});

test('copy says what was done: a local command, OSC 52, or nothing', async () => {
	assert.deepEqual(clipboardCommand('darwin', {}), {command: 'pbcopy', args: []});
	assert.deepEqual(clipboardCommand('linux', {DISPLAY: ':0'}), {command: 'xclip', args: ['-selection', 'clipboard']});
	assert.deepEqual(clipboardCommand('linux', {WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0'}), {command: 'wl-copy', args: []});
	assert.equal(clipboardCommand('darwin', {SSH_CONNECTION: '1 2 3 4'}), undefined, 'over SSH a local command fills the wrong clipboard');

	const written: string[] = [];
	const terminal = {isTTY: true, write: (s: string) => written.push(s)};
	const local = await copyToClipboard('doc', {env: {}, platform: 'darwin', terminal, runCommand: async () => true});
	assert.deepEqual(local, {result: 'copied', message: 'Copied to the clipboard with pbcopy.'});
	assert.equal(written.length, 0);

	const remote = await copyToClipboard('doc', {env: {SSH_TTY: '/dev/pts/1'}, platform: 'linux', terminal, runCommand: async () => assert.fail('no command over SSH')});
	assert.equal(remote.result, 'sent');
	assert.match(remote.message, /^Sent to the terminal clipboard \(OSC 52\)/);
	assert.deepEqual(written, [osc52Sequence('doc', {})]);

	const missing = await copyToClipboard('doc', {env: {DISPLAY: ':0'}, platform: 'linux', terminal: {isTTY: false, write: () => assert.fail('not a terminal')}, runCommand: async () => false});
	assert.equal(missing.result, 'failed');
	assert.match(missing.message, /^Not copied: the output is not a terminal and xclip failed or is not installed/);
});

test('each target is read and written with its own call: bucket with its owner and Region, key by ARN, role inline policy ddb-export', async () => {
	const calls: unknown[][] = [];
	const record = (name: string, answer: unknown = undefined) => async (...args: unknown[]) => {
		calls.push([name, ...args]);
		return answer;
	};
	const session = {
		bucketPolicy: record('bucketPolicy', null),
		putBucketPolicy: record('putBucketPolicy'),
		keyPolicy: record('keyPolicy', '{}'),
		putKeyPolicy: record('putKeyPolicy'),
		getInlinePolicy: record('getInlinePolicy', null),
		putInlinePolicy: record('putInlinePolicy'),
	} as unknown as AwsSession;
	const byId = Object.fromEntries(allSnippets().map((s) => [s.id, s]));
	const bucket = applyTarget(byId['bucket-policy']!, PLAN)!;
	const key = applyTarget(byId['key-policy-caller']!, PLAN)!;
	const role = applyTarget(byId['caller-identity-policy']!, PLAN)!;
	assert.equal(await readTargetPolicy(session, bucket, PLAN), null);
	assert.equal(await readTargetPolicy(session, key, PLAN), '{}');
	await readTargetPolicy(session, role, PLAN);
	await writeTargetPolicy(session, bucket, PLAN, 'B');
	await writeTargetPolicy(session, key, PLAN, 'K');
	await writeTargetPolicy(session, role, PLAN, 'R');
	assert.deepEqual(calls, [
		['bucketPolicy', 'analytics-landing', 'eu-west-1', '222222222222', undefined],
		['keyPolicy', KEY_ARN, 'eu-west-1', undefined],
		['getInlinePolicy', {type: 'role', name: 'DataExporter'}, 'ddb-export', undefined],
		['putBucketPolicy', 'analytics-landing', 'eu-west-1', 'B', '222222222222', undefined],
		['putKeyPolicy', KEY_ARN, 'eu-west-1', 'K', undefined],
		['putInlinePolicy', {type: 'role', name: 'DataExporter'}, 'ddb-export', 'R', undefined],
	]);
});
