import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type {ExportPlan} from '../source/core/plan.js';
import {parsePolicy} from '../source/core/policy/parse-policy.js';
import {evaluateAccess, evaluateKeyPolicyAccess, evaluatePolicy} from '../source/core/policy/evaluate.js';
import {
	buildSnippets,
	bucketPolicyStatement,
	callerIdentityPolicy,
	keyPolicyCallerStatement,
	keyPolicyReaderStatement,
} from '../source/core/policy/generate.js';
import {diffPolicies, formatPolicy, mergePolicy} from '../source/core/policy/merge.js';
import {diffLines} from '../source/core/policy/line-diff.js';
import {validatePolicyOffline, type PolicyKind} from '../source/core/policy/validate-policy.js';
import type {EvalRequest, PolicyDocument, Statement} from '../source/core/policy/types.js';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ddb-exporter`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/ddb-exporter/alice`;
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function request(overrides: Partial<EvalRequest> = {}): EvalRequest {
	return {
		principalArn: SESSION,
		principalAccount: ACCOUNT,
		principalRoleArn: ROLE,
		action: 'dynamodb:ExportTableToPointInTime',
		resource: TABLE,
		context: {},
		...overrides,
	};
}

function doc(...statements: Statement[]): PolicyDocument {
	return {Version: '2012-10-17', Statement: statements};
}

function allow(extra: Partial<Statement> = {}): Statement {
	return {Effect: 'Allow', Action: 'dynamodb:ExportTableToPointInTime', Resource: TABLE, ...extra};
}

describe('parsePolicy', () => {
	it('reads plain JSON, URL-encoded JSON, and a lone Statement object', () => {
		const text = '{"Version":"2012-10-17","Id":"x","Statement":{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}}';
		for (const input of [text, encodeURIComponent(text), `  ${text}\n`]) {
			const result = parsePolicy(input);
			assert.equal(result.ok, true);
			if (!result.ok) continue;
			assert.deepEqual(Object.keys(result.document), ['Version', 'Id', 'Statement']);
			assert.equal(result.document.Statement.length, 1);
			assert.equal(result.document.Statement[0]!.Action, 's3:PutObject');
		}
	});

	it('refuses what is not a policy, with a message', () => {
		for (const [input, fragment] of [
			['', 'empty'],
			['{not json', 'not valid JSON'],
			['[]', 'JSON object'],
			['{"Version":"2012-10-17"}', 'no Statement'],
			['{"Statement":[1]}', 'Statement 1'],
		] as const) {
			const result = parsePolicy(input);
			assert.equal(result.ok, false, input);
			if (!result.ok) assert.match(result.message, new RegExp(fragment), input);
		}
	});
});

describe('evaluatePolicy: actions and resources', () => {
	const cases: Array<{name: string; statement: Partial<Statement>; req?: Partial<EvalRequest>; kind?: 'identity' | 'resource'; expected: string}> = [
		{name: 'exact action', statement: {}, expected: 'allow'},
		{name: 'action is case-insensitive', statement: {Action: 'DynamoDB:exporttabletopointintime'}, expected: 'allow'},
		{name: 'action * wildcard', statement: {Action: 'dynamodb:Export*'}, expected: 'allow'},
		{name: 'service wildcard', statement: {Action: 'dynamodb:*'}, expected: 'allow'},
		{name: 'all actions', statement: {Action: '*'}, expected: 'allow'},
		{name: 'action ? wildcard', statement: {Action: 's3:PutObjec?', Resource: '*'}, req: {action: 's3:PutObject', resource: 'arn:aws:s3:::b/k'}, expected: 'allow'},
		{name: 'other action', statement: {Action: 'dynamodb:DescribeExport'}, expected: 'implicit-deny'},
		{name: 'NotAction excludes', statement: {Action: undefined, NotAction: 'dynamodb:Export*'}, expected: 'implicit-deny'},
		{name: 'NotAction includes others', statement: {Action: undefined, NotAction: 's3:*'}, expected: 'allow'},
		{name: 'resource * spans /', statement: {Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*'}, req: {action: 's3:PutObject', resource: 'arn:aws:s3:::b/p/AWSDynamoDB/1/_started'}, expected: 'allow'},
		{name: 'resource * spans : in the resource part', statement: {Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/pre*'}, req: {action: 's3:PutObject', resource: 'arn:aws:s3:::b/prefix/a:b'}, expected: 'allow'},
		{name: 'resource is case-sensitive', statement: {Action: 's3:PutObject', Resource: 'arn:aws:s3:::B/*'}, req: {action: 's3:PutObject', resource: 'arn:aws:s3:::b/k'}, expected: 'implicit-deny'},
		{name: 'prefix grant does not cover a sibling bucket', statement: {Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/exports*'}, req: {action: 's3:PutObject', resource: 'arn:aws:s3:::bb/exports/x'}, expected: 'implicit-deny'},
		{name: 'region wildcard in its field', statement: {Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/orders`}, expected: 'allow'},
		{name: 'ARN fields match one by one', statement: {Action: 's3:*', Resource: 'arn:aws:s3:::*'}, req: {action: 's3:GetAccessPoint', resource: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/ap`}, expected: 'implicit-deny'},
		{name: 'export ARN under the table', statement: {Action: 'dynamodb:DescribeExport', Resource: `${TABLE}/export/*`}, req: {action: 'dynamodb:DescribeExport', resource: `${TABLE}/export/01700000000000-abcd1234`}, expected: 'allow'},
		{name: 'table grant does not cover its exports', statement: {Action: 'dynamodb:DescribeExport'}, req: {action: 'dynamodb:DescribeExport', resource: `${TABLE}/export/0170-abcd`}, expected: 'implicit-deny'},
		{name: 'NotResource', statement: {Resource: undefined, NotResource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/other`}, expected: 'allow'},
		{name: 'identity statement without Resource applies to nothing', statement: {Resource: undefined}, expected: 'implicit-deny'},
		{name: 'resource policy statement without Resource applies', statement: {Resource: undefined, Principal: '*'}, kind: 'resource', expected: 'allow'},
		{name: 'policy variable known', statement: {Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/${aws:username}/*'}, req: {action: 's3:PutObject', resource: 'arn:aws:s3:::b/alice/x', context: {'aws:username': 'alice'}}, expected: 'allow'},
		{name: 'policy variable unknown', statement: {Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/${aws:username}/*'}, req: {action: 's3:PutObject', resource: 'arn:aws:s3:::b/alice/x'}, expected: 'unknown'},
	];
	for (const c of cases) {
		it(c.name, () => {
			const decision = evaluatePolicy(doc(allow(c.statement)), request(c.req), {kind: c.kind ?? 'identity'});
			assert.equal(decision.decision, c.expected);
		});
	}
});

describe('evaluatePolicy: principals (resource policies)', () => {
	const bucketRequest = (overrides: Partial<EvalRequest> = {}) =>
		request({action: 's3:PutObject', resource: 'arn:aws:s3:::exports/p/x', ...overrides});
	const statement = (principal: Statement['Principal']): Statement => ({Effect: 'Allow', Principal: principal, Action: 's3:PutObject', Resource: 'arn:aws:s3:::exports/*'});
	const cases: Array<{name: string; principal: Statement['Principal']; req?: Partial<EvalRequest>; decision: string; viaRoot?: boolean}> = [
		{name: '"*"', principal: '*', decision: 'allow'},
		{name: '{"AWS": "*"}', principal: {AWS: '*'}, decision: 'allow'},
		{name: 'account id delegates', principal: {AWS: ACCOUNT}, decision: 'allow', viaRoot: true},
		{name: 'root ARN delegates', principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, decision: 'allow', viaRoot: true},
		{name: 'another account root', principal: {AWS: `arn:aws:iam::${OTHER}:root`}, decision: 'implicit-deny'},
		{name: 'role ARN matches its session', principal: {AWS: ROLE}, decision: 'allow'},
		{name: 'role ARN with a path matches a session by role name', principal: {AWS: `arn:aws:iam::${ACCOUNT}:role/team/ddb-exporter`}, req: {principalRoleArn: undefined}, decision: 'allow'},
		{name: 'another role', principal: {AWS: `arn:aws:iam::${ACCOUNT}:role/other`}, decision: 'implicit-deny'},
		{name: 'session ARN', principal: {AWS: SESSION}, decision: 'allow'},
		{name: 'user ARN', principal: {AWS: `arn:aws:iam::${ACCOUNT}:user/bob`}, req: {principalArn: `arn:aws:iam::${ACCOUNT}:user/bob`, principalRoleArn: undefined}, decision: 'allow'},
		{name: 'user ARN does not match a role', principal: {AWS: `arn:aws:iam::${ACCOUNT}:user/bob`}, decision: 'implicit-deny'},
		{name: 'partial wildcard matches nothing', principal: {AWS: `arn:aws:iam::${ACCOUNT}:role/*`}, decision: 'implicit-deny'},
		{name: 'service principal never matches a role', principal: {Service: 'dynamodb.amazonaws.com'}, decision: 'implicit-deny'},
		{name: 'canonical user cannot be told', principal: {CanonicalUser: 'a'.repeat(64)}, decision: 'unknown'},
		{name: 'direct match wins over root in one list', principal: {AWS: [`arn:aws:iam::${ACCOUNT}:root`, ROLE]}, decision: 'allow', viaRoot: false},
	];
	for (const c of cases) {
		it(c.name, () => {
			const decision = evaluatePolicy(doc(statement(c.principal)), bucketRequest(c.req), {kind: 'resource'});
			assert.equal(decision.decision, c.decision);
			if (c.viaRoot !== undefined) {
				assert.equal(decision.viaAccountRoot === true, c.viaRoot);
				assert.equal(decision.matches[0]!.viaAccountRoot === true, c.viaRoot);
			}
		});
	}

	it('NotPrincipal in a Deny spares the named principal only', () => {
		const policy = doc(
			statement('*'),
			{Effect: 'Deny', NotPrincipal: {AWS: ROLE}, Action: 's3:*', Resource: 'arn:aws:s3:::exports/*'},
		);
		assert.equal(evaluatePolicy(policy, bucketRequest(), {kind: 'resource'}).decision, 'allow');
		assert.equal(evaluatePolicy(policy, bucketRequest({principalArn: `arn:aws:iam::${ACCOUNT}:user/bob`, principalRoleArn: undefined}), {kind: 'resource'}).decision, 'explicit-deny');
	});

	it('ignores Principal in identity policies and requires it in resource policies', () => {
		assert.equal(evaluatePolicy(doc(allow({Principal: {AWS: 'arn:aws:iam::999999999999:root'}})), request(), {kind: 'identity'}).decision, 'allow');
		assert.equal(evaluatePolicy(doc(allow()), request(), {kind: 'resource'}).decision, 'implicit-deny');
	});
});

describe('evaluatePolicy: condition operators', () => {
	type Case = [operator: string, key: string, value: unknown, context: Record<string, string | string[] | null>, expected: 'yes' | 'no' | 'unknown'];
	const cases: Case[] = [
		['StringEquals', 's3:x-amz-server-side-encryption', 'aws:kms', {'s3:x-amz-server-side-encryption': 'aws:kms'}, 'yes'],
		['StringEquals', 's3:x-amz-server-side-encryption', 'aws:kms', {'s3:x-amz-server-side-encryption': 'AES256'}, 'no'],
		['StringEquals', 's3:x-amz-server-side-encryption', 'AWS:KMS', {'s3:x-amz-server-side-encryption': 'aws:kms'}, 'no'],
		['StringEquals', 'S3:X-Amz-Server-Side-Encryption', ['AES256', 'aws:kms'], {'s3:x-amz-server-side-encryption': 'aws:kms'}, 'yes'],
		['StringEquals', 's3:x-amz-server-side-encryption', 'aws:kms', {'s3:x-amz-server-side-encryption': null}, 'no'],
		['StringNotEquals', 's3:x-amz-server-side-encryption', 'aws:kms', {'s3:x-amz-server-side-encryption': 'AES256'}, 'yes'],
		['StringNotEquals', 's3:x-amz-server-side-encryption', 'aws:kms', {'s3:x-amz-server-side-encryption': 'aws:kms'}, 'no'],
		['StringNotEquals', 's3:x-amz-server-side-encryption', ['aws:kms', 'AES256'], {'s3:x-amz-server-side-encryption': 'AES256'}, 'no'],
		['StringNotEquals', 's3:x-amz-server-side-encryption', 'aws:kms', {'s3:x-amz-server-side-encryption': null}, 'yes'],
		['StringEqualsIgnoreCase', 'aws:username', 'ALICE', {'aws:username': 'alice'}, 'yes'],
		['StringNotEqualsIgnoreCase', 'aws:username', 'ALICE', {'aws:username': 'alice'}, 'no'],
		['StringLike', 'aws:userid', 'AROA*:alice', {'aws:userid': 'AROAEXAMPLE:alice'}, 'yes'],
		['StringLike', 'aws:userid', 'AROA?:alice', {'aws:userid': 'AROAEXAMPLE:alice'}, 'no'],
		['StringNotLike', 'aws:userid', 'AROA*', {'aws:userid': 'AIDAEXAMPLE'}, 'yes'],
		['StringNotLike', 'aws:userid', 'AROA*', {'aws:userid': null}, 'yes'],
		['ArnEquals', 'aws:PrincipalArn', ROLE, {}, 'yes'],
		['ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${ACCOUNT}:role/ddb-*`, {}, 'yes'],
		['ArnLike', 'aws:SourceArn', 'arn:aws:*:us-east-1:*:*', {'aws:sourcearn': TABLE}, 'yes'],
		['ArnNotEquals', 'aws:PrincipalArn', ROLE, {}, 'no'],
		['ArnNotLike', 'aws:PrincipalArn', `arn:aws:iam::${OTHER}:role/*`, {}, 'yes'],
		['Bool', 'aws:SecureTransport', 'true', {'aws:securetransport': 'true'}, 'yes'],
		['Bool', 'aws:SecureTransport', false, {'aws:securetransport': 'true'}, 'no'],
		['Bool', 'aws:ViaAWSService', 'true', {'aws:viaawsservice': null}, 'no'],
		['BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', {'aws:multifactorauthpresent': null}, 'yes'],
		['Null', 'aws:SourceVpce', 'true', {'aws:sourcevpce': null}, 'yes'],
		['Null', 'aws:SourceVpce', 'true', {'aws:sourcevpce': 'vpce-1'}, 'no'],
		['Null', 'aws:SourceVpce', 'false', {'aws:sourcevpce': 'vpce-1'}, 'yes'],
		['Null', 'aws:SourceVpce', 'true', {}, 'unknown'],
		['IpAddress', 'aws:SourceIp', '203.0.113.0/24', {'aws:sourceip': '203.0.113.7'}, 'yes'],
		['IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '203.0.113.7'], {'aws:sourceip': '203.0.113.7'}, 'yes'],
		['IpAddress', 'aws:SourceIp', '203.0.113.0/24', {'aws:sourceip': '198.51.100.1'}, 'no'],
		['IpAddress', 'aws:SourceIp', '2001:db8::/32', {'aws:sourceip': '2001:db8:0:1::5'}, 'yes'],
		['IpAddress', 'aws:SourceIp', '203.0.113.0/24', {}, 'unknown'],
		['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', {'aws:sourceip': '198.51.100.1'}, 'yes'],
		['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', {'aws:sourceip': '203.0.113.9'}, 'no'],
		['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', {'aws:sourceip': null}, 'yes'],
		['NumericEquals', 's3:max-keys', '10', {'s3:max-keys': '10'}, 'yes'],
		['NumericNotEquals', 's3:max-keys', '10', {'s3:max-keys': '10'}, 'no'],
		['NumericLessThan', 's3:max-keys', 10, {'s3:max-keys': '9'}, 'yes'],
		['NumericLessThanEquals', 's3:max-keys', '10', {'s3:max-keys': '10'}, 'yes'],
		['NumericGreaterThan', 's3:max-keys', '10', {'s3:max-keys': '10'}, 'no'],
		['NumericGreaterThanEquals', 's3:max-keys', '10', {'s3:max-keys': '11'}, 'yes'],
		['NumericEquals', 's3:max-keys', '10', {'s3:max-keys': 'ten'}, 'no'],
		['DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', {'aws:currenttime': '2025-06-01T00:00:00Z'}, 'yes'],
		['DateGreaterThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', {'aws:currenttime': '2025-06-01T00:00:00Z'}, 'no'],
		['DateEquals', 'aws:CurrentTime', '1748736000', {'aws:currenttime': '2025-06-01T00:00:00Z'}, 'yes'],
		['DateNotEquals', 'aws:CurrentTime', '2025-06-01T00:00:00Z', {'aws:currenttime': '2025-06-01T00:00:00Z'}, 'no'],
		['DateLessThanEquals', 'aws:CurrentTime', '2025-06-01T00:00:00Z', {'aws:currenttime': '2025-06-01T00:00:00Z'}, 'yes'],
		['DateGreaterThanEquals', 'aws:EpochTime', '2025-01-01T00:00:00Z', {'aws:epochtime': '2025-06-01T00:00:00Z'}, 'yes'],
		['StringEqualsIfExists', 's3:x-amz-server-side-encryption', 'aws:kms', {'s3:x-amz-server-side-encryption': null}, 'yes'],
		['StringEqualsIfExists', 's3:x-amz-server-side-encryption', 'aws:kms', {'s3:x-amz-server-side-encryption': 'AES256'}, 'no'],
		['StringEqualsIfExists', 's3:x-amz-server-side-encryption', 'aws:kms', {}, 'unknown'],
		['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team'], {'aws:tagkeys': ['owner', 'team']}, 'yes'],
		['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], {'aws:tagkeys': ['owner']}, 'no'],
		['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], {'aws:tagkeys': null}, 'no'],
		['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], {'aws:tagkeys': ['env', 'team']}, 'yes'],
		['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], {'aws:tagkeys': ['env', 'owner']}, 'no'],
		['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], {'aws:tagkeys': null}, 'yes'],
		['ForAllValues:StringLike', 'aws:TagKeys', ['env*'], {'aws:tagkeys': []}, 'yes'],
		['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['env'], {'aws:tagkeys': ['env', 'x']}, 'yes'],
		['ForAllValues:StringNotEquals', 'aws:TagKeys', ['env'], {'aws:tagkeys': ['env', 'x']}, 'no'],
		['StringEquals', 'aws:PrincipalAccount', ACCOUNT, {}, 'yes'],
		['StringEquals', 'kms:CallerAccount', ACCOUNT, {}, 'unknown'],
		['NoSuchOperator', 'aws:SourceIp', 'x', {'aws:sourceip': 'x'}, 'unknown'],
	];
	const toDecision = {yes: 'allow', no: 'implicit-deny', unknown: 'unknown'} as const;
	for (const [operator, key, value, context, expected] of cases) {
		it(`${operator} ${key} ${JSON.stringify(value)} with ${JSON.stringify(context)} → ${expected}`, () => {
			const policy = doc(allow({Condition: {[operator]: {[key]: value as string}}}));
			const decision = evaluatePolicy(policy, request({context}), {kind: 'identity'});
			assert.equal(decision.decision, toDecision[expected]);
			if (expected === 'unknown') assert.deepEqual(decision.undecidedKeys, [key]);
			else assert.deepEqual(decision.undecidedKeys, []);
		});
	}

	it('ANDs keys and operators: one false key makes the statement not apply, whatever is unknown', () => {
		const policy = doc(allow({Condition: {StringEquals: {'aws:SourceVpce': 'vpce-1', 'aws:PrincipalAccount': OTHER}}}));
		assert.equal(evaluatePolicy(policy, request(), {kind: 'identity'}).decision, 'implicit-deny');
		const both = doc(allow({Condition: {StringEquals: {'aws:PrincipalAccount': ACCOUNT}, Bool: {'aws:SecureTransport': 'true'}}}));
		assert.equal(evaluatePolicy(both, request({context: {'aws:securetransport': 'true'}}), {kind: 'identity'}).decision, 'allow');
		assert.equal(evaluatePolicy(both, request({context: {'aws:securetransport': 'false'}}), {kind: 'identity'}).decision, 'implicit-deny');
	});
});

describe('evaluatePolicy: combining statements', () => {
	const deny = (extra: Partial<Statement> = {}): Statement => ({Effect: 'Deny', Action: 'dynamodb:*', Resource: '*', ...extra});
	const sourceIpDeny = deny({Sid: 'OnlyFromOffice', Condition: {NotIpAddress: {'aws:SourceIp': '203.0.113.0/24'}}});

	it('an explicit deny beats an allow', () => {
		const decision = evaluatePolicy(doc(allow({Sid: 'A'}), deny({Sid: 'D'})), request(), {kind: 'identity'});
		assert.equal(decision.decision, 'explicit-deny');
		assert.deepEqual(decision.matches.map((m) => [m.sid, m.effect, m.applies]), [['A', 'Allow', 'yes'], ['D', 'Deny', 'yes']]);
	});

	it('a deny that might apply makes an allow unknown and names the key', () => {
		const decision = evaluatePolicy(doc(allow(), sourceIpDeny), request(), {kind: 'identity'});
		assert.equal(decision.decision, 'unknown');
		assert.deepEqual(decision.undecidedKeys, ['aws:SourceIp']);
	});

	it('a deny that surely applies wins over one that might', () => {
		assert.equal(evaluatePolicy(doc(allow(), sourceIpDeny, deny()), request(), {kind: 'identity'}).decision, 'explicit-deny');
	});

	it('the deny is decided once the key is known', () => {
		assert.equal(evaluatePolicy(doc(allow(), sourceIpDeny), request({context: {'aws:sourceip': '203.0.113.4'}}), {kind: 'identity'}).decision, 'allow');
		assert.equal(evaluatePolicy(doc(allow(), sourceIpDeny), request({context: {'aws:sourceip': '198.51.100.4'}}), {kind: 'identity'}).decision, 'explicit-deny');
	});

	it('an allow that might apply is unknown; a sure one elsewhere allows', () => {
		const maybe = allow({Condition: {StringEquals: {'aws:SourceVpce': 'vpce-1'}}});
		assert.equal(evaluatePolicy(doc(maybe), request(), {kind: 'identity'}).decision, 'unknown');
		assert.equal(evaluatePolicy(doc(maybe, allow()), request(), {kind: 'identity'}).decision, 'allow');
		assert.equal(evaluatePolicy(doc(), request(), {kind: 'identity'}).decision, 'implicit-deny');
	});
});

describe('evaluateAccess', () => {
	const s3Request = request({action: 's3:PutObject', resource: 'arn:aws:s3:::exports/p/x'});
	const identityAllow = doc({Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::exports/*'});
	const bucketAllowsRole = doc({Sid: 'Role', Effect: 'Allow', Principal: {AWS: ROLE}, Action: 's3:PutObject', Resource: 'arn:aws:s3:::exports/*'});
	const bucketAllowsRoot = (account: string) => doc({Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${account}:root`}, Action: 's3:PutObject', Resource: 'arn:aws:s3:::exports/*'});
	const bucketDeniesOutsideOffice = doc({Sid: 'Office', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::exports/*', Condition: {NotIpAddress: {'aws:SourceIp': '203.0.113.0/24'}}});

	const cases: Array<{name: string; input: Parameters<typeof evaluateAccess>[0]; decision: string; deniedBy?: string; reason?: RegExp}> = [
		{name: 'same account, identity allows, no bucket policy', input: {identity: [identityAllow], resource: null, sameAccount: true, request: s3Request}, decision: 'allow', reason: /identity-based policy \("Write"\)/},
		{name: 'same account, bucket policy names the role, no IAM grant', input: {identity: [], resource: bucketAllowsRole, sameAccount: true, request: s3Request}, decision: 'allow', reason: /resource-based policy/},
		{name: 'same account, bucket policy names only the account root', input: {identity: [], resource: bucketAllowsRoot(ACCOUNT), sameAccount: true, request: s3Request}, decision: 'deny', deniedBy: 'identity'},
		{name: 'same account, nothing allows', input: {identity: [], resource: null, sameAccount: true, request: s3Request}, decision: 'deny', deniedBy: 'identity'},
		{name: 'cross account, identity allows, bucket has no policy', input: {identity: [identityAllow], resource: null, sameAccount: false, request: s3Request}, decision: 'deny', deniedBy: 'resource', reason: /no resource-based policy/},
		{name: 'cross account, bucket allows, identity does not', input: {identity: [], resource: bucketAllowsRole, sameAccount: false, request: s3Request}, decision: 'deny', deniedBy: 'identity'},
		{name: 'cross account, both allow', input: {identity: [identityAllow], resource: bucketAllowsRole, sameAccount: false, request: s3Request}, decision: 'allow', reason: /identity-based policy .* and the resource-based policy/},
		{name: 'cross account, bucket trusts the caller account root', input: {identity: [identityAllow], resource: bucketAllowsRoot(ACCOUNT), sameAccount: false, request: s3Request}, decision: 'allow'},
		{name: 'cross account, bucket trusts another account', input: {identity: [identityAllow], resource: bucketAllowsRoot(OTHER), sameAccount: false, request: s3Request}, decision: 'deny', deniedBy: 'resource'},
		{name: 'explicit deny in the identity policy', input: {identity: [identityAllow, doc({Sid: 'No', Effect: 'Deny', Action: 's3:*', Resource: '*'})], resource: bucketAllowsRole, sameAccount: true, request: s3Request}, decision: 'deny', deniedBy: 'explicit-identity', reason: /"No"/},
		{name: 'explicit deny in the bucket policy', input: {identity: [identityAllow], resource: bucketDeniesOutsideOffice, sameAccount: true, request: {...s3Request, context: {'aws:sourceip': '198.51.100.1'}}}, decision: 'deny', deniedBy: 'explicit-resource'},
		{name: 'a SourceIp deny for a service-side write is unknown', input: {identity: [identityAllow], resource: bucketDeniesOutsideOffice, sameAccount: true, request: s3Request}, decision: 'unknown', reason: /aws:SourceIp/},
		{name: 'a possible deny cannot turn a sure denial into unknown', input: {identity: [], resource: bucketDeniesOutsideOffice, sameAccount: true, request: s3Request}, decision: 'deny', deniedBy: 'identity'},
		{name: 'unreadable identity policies', input: {identity: 'unknown', resource: null, sameAccount: true, request: s3Request}, decision: 'unknown', reason: /could not be read/},
		{name: 'unreadable bucket policy across accounts', input: {identity: [identityAllow], resource: 'unknown', sameAccount: false, request: s3Request}, decision: 'unknown'},
	];
	for (const c of cases) {
		it(c.name, () => {
			const result = evaluateAccess(c.input);
			assert.equal(result.decision, c.decision, result.reason);
			assert.equal(result.deniedBy, c.deniedBy);
			if (c.reason) assert.match(result.reason, c.reason);
			if (c.decision === 'unknown' && c.input.identity !== 'unknown' && c.input.resource !== 'unknown') assert.deepEqual(result.undecidedKeys, ['aws:SourceIp']);
		});
	}
});

describe('evaluateKeyPolicyAccess', () => {
	const kmsRequest = (overrides: Partial<EvalRequest> = {}) => request({action: 'kms:GenerateDataKey', resource: KEY, ...overrides});
	const defaultKeyPolicy = doc({Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Action: 'kms:*', Resource: '*'});
	const iamAllowsKey = doc({Sid: 'UseKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: KEY});
	const keyNamesRole = doc({Sid: 'Exporter', Effect: 'Allow', Principal: {AWS: ROLE}, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*'});

	it('a key policy that trusts the account root lets IAM decide', () => {
		const allowed = evaluateKeyPolicyAccess(defaultKeyPolicy, [iamAllowsKey], kmsRequest());
		assert.equal(allowed.decision, 'allow');
		assert.match(allowed.reason, /trusts the account root; IAM policies decide/);
		const denied = evaluateKeyPolicyAccess(defaultKeyPolicy, [], kmsRequest());
		assert.equal(denied.decision, 'deny');
		assert.equal(denied.deniedBy, 'identity');
		assert.match(denied.reason, /trusts the account root; IAM policies decide/);
		assert.equal(evaluateKeyPolicyAccess(defaultKeyPolicy, 'unknown', kmsRequest()).decision, 'unknown');
	});

	it('a key policy naming the caller is enough in the key account', () => {
		const result = evaluateKeyPolicyAccess(keyNamesRole, [], kmsRequest());
		assert.equal(result.decision, 'allow');
		assert.match(result.reason, /directly/);
	});

	it('IAM cannot grant what the key policy does not allow', () => {
		const result = evaluateKeyPolicyAccess(doc({Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:role/admin`}, Action: 'kms:*', Resource: '*'}), [iamAllowsKey], kmsRequest());
		assert.equal(result.decision, 'deny');
		assert.equal(result.deniedBy, 'resource');
	});

	it('across accounts the key policy and IAM must both allow', () => {
		const readerKeyPolicy = doc(keyPolicyReaderStatement({plan: crossAccountKmsPlan, callerArn: ROLE, callerAccount: ACCOUNT, kmsKeyArn: KEY}));
		const reader = {principalArn: `arn:aws:iam::${OTHER}:user/reader`, principalAccount: OTHER, action: 'kms:Decrypt', resource: KEY};
		const readerIam = doc({Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY});
		const viaS3 = {'kms:viaservice': 's3.us-east-1.amazonaws.com'};
		assert.equal(evaluateKeyPolicyAccess(readerKeyPolicy, [readerIam], {...reader, context: viaS3}).decision, 'allow');
		assert.equal(evaluateKeyPolicyAccess(readerKeyPolicy, [], {...reader, context: viaS3}).deniedBy, 'identity');
		assert.equal(evaluateKeyPolicyAccess(readerKeyPolicy, [readerIam], {...reader, context: {'kms:viaservice': 'ec2.us-east-1.amazonaws.com'}}).decision, 'deny');
		assert.equal(evaluateKeyPolicyAccess(readerKeyPolicy, [readerIam], {...reader, context: {}}).decision, 'unknown');
		assert.equal(evaluateKeyPolicyAccess(readerKeyPolicy, [readerIam], {...reader, action: 'kms:Encrypt', context: viaS3}).decision, 'deny');
	});
});

// ---------------------------------------------------------------- generators

const sameAccountPlan: ExportPlan = {
	region: 'us-east-1',
	tableArn: TABLE,
	bucket: 'exports-111',
	prefix: 'orders/',
	sse: 'AES256',
	format: 'DYNAMODB_JSON',
	type: 'FULL_EXPORT',
};

const crossAccountKmsPlan: ExportPlan = {
	region: 'us-east-1',
	tableArn: TABLE,
	bucket: 'central-exports',
	bucketOwner: OTHER,
	bucketRegion: 'us-east-1',
	prefix: 'ddb/orders/',
	sse: 'KMS',
	kmsKeyId: 'alias/exports',
	format: 'ION',
	type: 'FULL_EXPORT',
};

const S3_WRITES = ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload'];

function expectedCallerStatements(objectArn: string): Statement[] {
	return [
		{Sid: 'DdbExportStartExport', Effect: 'Allow', Action: 'dynamodb:ExportTableToPointInTime', Resource: TABLE},
		{Sid: 'DdbExportDescribeExports', Effect: 'Allow', Action: 'dynamodb:DescribeExport', Resource: `${TABLE}/export/*`},
		{Sid: 'DdbExportListExports', Effect: 'Allow', Action: 'dynamodb:ListExports', Resource: '*'},
		{Sid: 'DdbExportWriteObjects', Effect: 'Allow', Action: S3_WRITES, Resource: objectArn},
	];
}

describe('generators: golden documents', () => {
	it('same-account AES256 plan: only the caller policy', () => {
		const snippets = buildSnippets({plan: sameAccountPlan, callerArn: ROLE, callerAccount: ACCOUNT, existing: {inlinePolicy: null}});
		assert.deepEqual(snippets.map((s) => s.id), ['caller-identity-policy']);
		const [caller] = snippets;
		assert.deepEqual(caller!.document, {Version: '2012-10-17', Statement: expectedCallerStatements('arn:aws:s3:::exports-111/orders/*')});
		assert.equal(caller!.applyCommand, 'aws iam put-role-policy --role-name ddb-exporter --policy-name ddb-export --policy-document file://caller-policy.json');
		assert.deepEqual(caller!.appliesTo, {account: ACCOUNT, resource: ROLE, who: `an IAM administrator of account ${ACCOUNT} (where role ddb-exporter lives)`});
		assert.equal(caller!.fileName, 'caller-policy.json');
		assert.deepEqual(caller!.notes, []);
		assert.ok(caller!.diff!.split('\n').slice(1).every((line) => line.startsWith('+')));
	});

	it('cross-account KMS plan: caller, bucket and key policies', () => {
		const snippets = buildSnippets({plan: crossAccountKmsPlan, callerArn: ROLE, callerAccount: ACCOUNT, kmsKeyArn: KEY, existing: {bucketPolicy: null, keyPolicy: null, inlinePolicy: null}});
		assert.deepEqual(snippets.map((s) => s.id), ['caller-identity-policy', 'bucket-policy', 'key-policy-caller', 'key-policy-readers']);
		const [caller, bucket, keyCaller, keyReaders] = snippets as [typeof snippets[0], typeof snippets[0], typeof snippets[0], typeof snippets[0]];
		const objects = 'arn:aws:s3:::central-exports/ddb/orders/*';

		assert.deepEqual(caller.document, {
			Version: '2012-10-17',
			Statement: [...expectedCallerStatements(objects), {Sid: 'DdbExportUseExportKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: KEY}],
		});

		assert.deepEqual(bucket.document, {
			Version: '2012-10-17',
			Statement: [{Sid: 'DdbExportWriteFromDdbExporter', Effect: 'Allow', Principal: {AWS: ROLE}, Action: S3_WRITES, Resource: objects}],
		});
		assert.equal(bucket.applyCommand, `aws s3api put-bucket-policy --bucket central-exports --policy file://bucket-policy.json --expected-bucket-owner ${OTHER}`);
		assert.deepEqual(bucket.appliesTo, {account: OTHER, resource: 'arn:aws:s3:::central-exports', who: `an administrator of account ${OTHER} (bucket owner)`});

		const callerKeyStatement = {Sid: 'DdbExportKeyUseByDdbExporter', Effect: 'Allow', Principal: {AWS: ROLE}, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*'};
		const readerStatement = {
			Sid: `DdbExportReadersDecrypt${OTHER}`,
			Effect: 'Allow',
			Principal: {AWS: `arn:aws:iam::${OTHER}:root`},
			Action: 'kms:Decrypt',
			Resource: '*',
			Condition: {StringEquals: {'kms:ViaService': 's3.us-east-1.amazonaws.com'}},
		};
		assert.deepEqual(keyCaller.document, {Version: '2012-10-17', Statement: [callerKeyStatement]});
		assert.equal(keyCaller.applyCommand, `aws kms put-key-policy --key-id ${KEY} --policy-name default --policy file://key-policy.json --region us-east-1`);
		assert.equal(keyCaller.appliesTo.account, ACCOUNT);
		assert.deepEqual(keyReaders.statements, [readerStatement]);
		assert.deepEqual(keyReaders.document, {Version: '2012-10-17', Statement: [callerKeyStatement, readerStatement]});
		assert.notEqual(keyReaders.fileName, keyCaller.fileName);
	});

	it('assumed-role caller: the role ARN (with its path) is the principal, the role name the target', () => {
		const roleWithPath = `arn:aws:iam::${ACCOUNT}:role/service/ddb-exporter`;
		const input = {plan: crossAccountKmsPlan, callerArn: roleWithPath, callerAccount: ACCOUNT, kmsKeyArn: KEY};
		assert.deepEqual(bucketPolicyStatement(input).Principal, {AWS: roleWithPath});
		assert.deepEqual(keyPolicyCallerStatement(input).Principal, {AWS: roleWithPath});
		const [caller] = buildSnippets({...input, only: ['caller-identity-policy']});
		assert.match(caller!.applyCommand, /--role-name ddb-exporter /);
		// The session that actually calls is matched by the role ARN in the bucket policy.
		const decision = evaluateAccess({
			identity: [callerIdentityPolicy(input)],
			resource: doc(bucketPolicyStatement(input)),
			sameAccount: false,
			request: request({action: 's3:PutObjectAcl', resource: 'arn:aws:s3:::central-exports/ddb/orders/AWSDynamoDB/01/_started', principalRoleArn: roleWithPath}),
		});
		assert.equal(decision.decision, 'allow');
	});

	it('user caller, unresolved alias, unread policies: notes say so', () => {
		const user = `arn:aws:iam::${ACCOUNT}:user/ops/bob`;
		const snippets = buildSnippets({plan: crossAccountKmsPlan, callerArn: user, callerAccount: ACCOUNT});
		const caller = snippets.find((s) => s.id === 'caller-identity-policy')!;
		assert.match(caller.applyCommand, /^aws iam put-user-policy --user-name bob /);
		assert.ok(!JSON.stringify(caller.document).includes('kms:'));
		assert.ok(caller.notes.some((n) => /not resolved to a key ARN/.test(n)));
		const key = snippets.find((s) => s.id === 'key-policy-caller')!;
		assert.match(key.applyCommand, /describe-key --key-id alias\/exports/);
		assert.ok(key.notes.some((n) => /replaces the whole key policy/.test(n)));
		assert.equal(key.diff, undefined);
		const bucket = snippets.find((s) => s.id === 'bucket-policy')!;
		assert.ok(bucket.notes.some((n) => /was not read/.test(n)));
	});

	it('a customer managed table key is granted too, once', () => {
		const tableKey = `arn:aws:kms:us-east-1:${ACCOUNT}:key/table-key`;
		const sids = (d: PolicyDocument) => d.Statement.map((s) => s.Sid);
		assert.deepEqual(sids(callerIdentityPolicy({plan: sameAccountPlan, callerArn: ROLE, callerAccount: ACCOUNT, tableKmsKeyArn: tableKey})).slice(-1), ['DdbExportUseTableKey']);
		assert.ok(!sids(callerIdentityPolicy({plan: crossAccountKmsPlan, callerArn: ROLE, callerAccount: ACCOUNT, kmsKeyArn: KEY, tableKmsKeyArn: KEY})).includes('DdbExportUseTableKey'));
	});

	it('merges into the current bucket policy and shows the diff', () => {
		const current = doc({Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::central-exports', 'arn:aws:s3:::central-exports/*'], Condition: {Bool: {'aws:SecureTransport': 'false'}}});
		const [bucket] = buildSnippets({plan: crossAccountKmsPlan, callerArn: ROLE, callerAccount: ACCOUNT, kmsKeyArn: KEY, existing: {bucketPolicy: JSON.stringify(current)}, only: ['bucket-policy']});
		assert.deepEqual(bucket!.document.Statement[0], current.Statement[0]);
		assert.equal(bucket!.document.Statement.length, 2);
		assert.match(bucket!.diff!, /^@@ /);
		assert.match(bucket!.diff!, /\+ {6}"Sid": "DdbExportWriteFromDdbExporter"/);
		assert.ok(!/^-/m.test(bucket!.diff!));
	});
});

// ---------------------------------------------------------------- merge and diff

describe('mergePolicy', () => {
	const ours: Statement[] = [
		{Sid: 'DdbExportStartExport', Effect: 'Allow', Action: 'dynamodb:ExportTableToPointInTime', Resource: TABLE},
		{Sid: 'DdbExportListExports', Effect: 'Allow', Action: 'dynamodb:ListExports', Resource: '*'},
	];

	it('keeps Version, Id and existing statements; replaces ours by Sid in place; skips equal grants', () => {
		const existing: PolicyDocument = {
			Version: '2012-10-17',
			Id: 'keep-me',
			Statement: [
				{Sid: 'Theirs', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::x/*'},
				{Sid: 'DdbExportStartExport', Effect: 'Allow', Action: 'dynamodb:ExportTableToPointInTime', Resource: 'arn:aws:dynamodb:us-east-1:111111111111:table/old'},
				{Sid: 'SameGrant', Effect: 'Allow', Action: ['DYNAMODB:ListExports'], Resource: ['*']},
			],
		};
		const result = mergePolicy(existing, ours);
		assert.equal(result.document.Id, 'keep-me');
		assert.deepEqual(result.document.Statement[0], existing.Statement[0]);
		assert.deepEqual(result.document.Statement[1], ours[0]);
		assert.deepEqual(result.document.Statement[2], existing.Statement[2]);
		assert.equal(result.document.Statement.length, 3);
		assert.deepEqual(result.updated, ['DdbExportStartExport']);
		assert.deepEqual(result.unchanged, ['DdbExportListExports']);
		assert.deepEqual(result.added, []);
		assert.equal(existing.Statement[1]!.Resource, 'arn:aws:dynamodb:us-east-1:111111111111:table/old', 'input not mutated');
	});

	it('is idempotent', () => {
		const once = mergePolicy(null, ours);
		assert.deepEqual(once.added, ['DdbExportStartExport', 'DdbExportListExports']);
		const twice = mergePolicy(once.document, ours);
		assert.deepEqual(twice.document, once.document);
		assert.deepEqual(twice.unchanged, ['DdbExportStartExport', 'DdbExportListExports']);
		assert.equal(diffPolicies(once.document, twice.document), '');
	});

	// Order-insensitive comparison of what two statements grant, written independently of merge.ts.
	const canon = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(canon).map((v) => JSON.stringify(v)).sort();
		if (value !== null && typeof value === 'object') {
			return Object.fromEntries(Object.keys(value).filter((k) => k !== 'Sid').sort().map((k) => [k, canon((value as Record<string, unknown>)[k])]));
		}
		return value;
	};
	const sameGrant = (a: Statement, b: Statement) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));
	const arbStatement = (sids: string[], sidRequired: boolean) =>
		fc.record(
			{
				Sid: fc.constantFrom(...sids),
				Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
				Action: fc.oneof(fc.constantFrom('s3:GetObject', 'kms:Decrypt', 'dynamodb:*'), fc.subarray(['s3:PutObject', 'sts:GetCallerIdentity', 'kms:Encrypt'], {minLength: 1})),
				Resource: fc.oneof(fc.constant('*'), fc.constantFrom('arn:aws:s3:::a/*', TABLE, KEY)),
				Condition: fc.option(fc.constant({Bool: {'aws:SecureTransport': 'true'}}), {nil: undefined}),
			},
			{requiredKeys: sidRequired ? ['Sid', 'Effect', 'Action', 'Resource'] : ['Effect', 'Action', 'Resource']},
		).map((s) => JSON.parse(JSON.stringify(s)) as Statement);

	it('property: every original statement survives in order unless ours replaces it by Sid, and ours are granted', () => {
		fc.assert(
			fc.property(
				fc.array(arbStatement(['A', 'B', 'C', 'Shared1', 'Shared2'], false), {maxLength: 8}),
				fc.uniqueArray(arbStatement(['Shared1', 'Shared2', 'Ours1', 'Ours2', 'Ours3'], true), {maxLength: 4, selector: (s) => s.Sid}),
				(existingStatements, oursRaw) => {
					const existing: PolicyDocument = {Version: '2012-10-17', Id: 'x', Statement: existingStatements};
					const snapshot = structuredClone(existing);
					const {document} = mergePolicy(existing, oursRaw);
					assert.deepEqual(existing, snapshot);
					assert.equal(document.Id, 'x');
					const ourSids = new Set(oursRaw.map((s) => s.Sid));
					const replacedIndex = new Set<number>();
					for (const sid of ourSids) {
						const at = existingStatements.findIndex((s) => s.Sid === sid);
						if (at >= 0) replacedIndex.add(at);
					}
					// Originals that were not replaced: same objects, same relative order, at the same index.
					existingStatements.forEach((statement, index) => {
						if (!replacedIndex.has(index)) assert.deepEqual(document.Statement[index], statement);
					});
					// Ours: present by Sid with our content, or an equal grant already there.
					for (const statement of oursRaw) {
						assert.ok(document.Statement.some((s) => sameGrant(s, statement)), `missing ${statement.Sid}`);
					}
					assert.ok(document.Statement.length >= existingStatements.length);
				},
			),
			{numRuns: 300, seed: 42},
		);
	});
});

describe('diff', () => {
	it('property: the diff lines rebuild both sides', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), {maxLength: 30}), fc.array(fc.constantFrom('a', 'b', 'c', 'e'), {maxLength: 30}), (before, after) => {
				const lines = diffLines(before, after);
				assert.deepEqual(lines.filter((l) => l.kind !== '+').map((l) => l.text), before);
				assert.deepEqual(lines.filter((l) => l.kind !== '-').map((l) => l.text), after);
			}),
			{numRuns: 300, seed: 7},
		);
	});

	it('shows only the changed region with context, in unified style', () => {
		const statements = Array.from({length: 12}, (_, i) => ({Sid: `S${i}`, Effect: 'Allow' as const, Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*`}));
		const before = doc(...statements);
		const after = doc(...statements.map((s, i) => (i === 6 ? {...s, Resource: 'arn:aws:s3:::changed/*'} : s)));
		const diff = diffPolicies(before, after);
		const lines = diff.split('\n');
		assert.equal(lines.filter((l) => l.startsWith('@@')).length, 1);
		assert.deepEqual(lines.filter((l) => /^[+-]/.test(l)), ['-      "Resource": "arn:aws:s3:::b6/*"', '+      "Resource": "arn:aws:s3:::changed/*"']);
		assert.equal(lines.length, 1 + 2 + 6);
		assert.ok(lines.every((l) => /^(@@ -\d+,\d+ \+\d+,\d+ @@|[ +-])/.test(l)));
		assert.equal(formatPolicy(after).split('\n').length, formatPolicy(before).split('\n').length);
	});
});

// ---------------------------------------------------------------- validator

describe('validatePolicyOffline', () => {
	const errorsOf = (d: unknown, kind: PolicyKind) => validatePolicyOffline(d as PolicyDocument, kind).filter((f) => f.severity === 'error').map((f) => f.message);
	const warningsOf = (d: unknown, kind: PolicyKind) => validatePolicyOffline(d as PolicyDocument, kind).filter((f) => f.severity === 'warning').map((f) => f.message);
	const stmt = (extra: Record<string, unknown>) => ({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 'dynamodb:ExportTableToPointInTime', Resource: TABLE, ...extra}]});
	const resourceStmt = (extra: Record<string, unknown>) => stmt({Principal: {AWS: ROLE}, Action: 's3:PutObject', Resource: 'arn:aws:s3:::exports/*', ...extra});

	const errorCases: Array<[string, unknown, PolicyKind, RegExp]> = [
		['bad Version', {...stmt({}), Version: '2020-01-01'}, 'identity', /Version must be/],
		['Statement not a list', {Version: '2012-10-17', Statement: 'x'}, 'identity', /Statement must be/],
		['no statements', {Version: '2012-10-17', Statement: []}, 'identity', /no statements/],
		['unknown top-level element', {...stmt({}), Foo: 1}, 'identity', /top-level element "Foo"/],
		['bad Effect', stmt({Effect: 'allow'}), 'identity', /Effect must be/],
		['no Action', stmt({Action: undefined}), 'identity', /needs an Action/],
		['Action and NotAction', stmt({NotAction: 's3:*'}), 'identity', /not both/],
		['empty action name', stmt({Action: 'kms:'}), 'identity', /"kms:" names no action/],
		['unknown DynamoDB action', stmt({Action: 'dynamodb:ExportTable'}), 'identity', /not a dynamodb action/],
		['wildcard matching nothing', stmt({Action: 'kms:Frobnicate*'}), 'identity', /not a kms action/],
		['not service:action', stmt({Action: 'ExportTableToPointInTime'}), 'identity', /not an action/],
		['no Resource in identity policy', stmt({Resource: undefined}), 'identity', /needs a Resource/],
		['Principal in identity policy', stmt({Principal: {AWS: ROLE}}), 'identity', /cannot have Principal/],
		['no Principal in bucket policy', stmt({Action: 's3:PutObject', Resource: 'arn:aws:s3:::exports/*'}), 'bucket', /needs a Principal/],
		['no Principal in key policy', stmt({Action: 'kms:Decrypt', Resource: '*'}), 'key', /needs a Principal/],
		['duplicate Sid', {Version: '2012-10-17', Statement: [stmt({Sid: 'A'}).Statement[0], stmt({Sid: 'A'}).Statement[0]]}, 'identity', /Sid "A" is also used/],
		['Sid with spaces in identity policy', stmt({Sid: 'my sid'}), 'identity', /letters and digits/],
		['Resource * in bucket policy', resourceStmt({Resource: '*'}), 'bucket', /bucket policy: name the bucket/],
		['non-S3 action in bucket policy', resourceStmt({Action: 'dynamodb:GetItem'}), 'bucket', /not an S3 action/],
		['not an ARN', stmt({Resource: 'orders'}), 'identity', /not an ARN/],
		['S3 ARN with a Region', stmt({Action: 's3:PutObject', Resource: 'arn:aws:s3:us-east-1::exports/*'}), 'identity', /no Region or account/],
		['bad bucket name', stmt({Action: 's3:PutObject', Resource: 'arn:aws:s3:::Exports_Bucket/*'}), 'identity', /not a valid bucket name/],
		['DynamoDB ARN without account', stmt({Resource: 'arn:aws:dynamodb:us-east-1::table/orders'}), 'identity', /carry a Region and an account/],
		['bad account id', stmt({Resource: 'arn:aws:dynamodb:us-east-1:1234:table/orders'}), 'identity', /12-digit/],
		['KMS resource type', stmt({Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:thing/x`}), 'identity', /key\/KEY-ID or alias\/NAME/],
		['unknown partition', stmt({Resource: `arn:aws-moon:dynamodb:us-east-1:${ACCOUNT}:table/orders`}), 'identity', /unknown partition/],
		['partial wildcard principal', resourceStmt({Principal: {AWS: `arn:aws:iam::${ACCOUNT}:role/*`}}), 'bucket', /partial wildcards/],
		['malformed principal', resourceStmt({Principal: {AWS: 'ddb-exporter'}}), 'bucket', /is not a principal/],
		['group principal', resourceStmt({Principal: {AWS: `arn:aws:iam::${ACCOUNT}:group/admins`}}), 'bucket', /group cannot be a principal/],
		['bad service principal', resourceStmt({Principal: {Service: 'dynamodb'}}), 'bucket', /not a service principal/],
		['unknown principal type', resourceStmt({Principal: {Root: ACCOUNT}}), 'bucket', /unknown principal type/],
		['unknown condition operator', stmt({Condition: {StringEqual: {'aws:SourceVpce': 'vpce-1'}}}), 'identity', /not a condition operator/],
		['bad CIDR', stmt({Condition: {IpAddress: {'aws:SourceIp': '300.1.1.1/8'}}}), 'identity', /not an IP address/],
		['bad Bool value', stmt({Condition: {Bool: {'aws:SecureTransport': 'yes'}}}), 'identity', /true or false/],
		['bad condition key', stmt({Condition: {StringEquals: {SourceVpce: 'vpce-1'}}}), 'identity', /not a condition key/],
		['unknown statement element', stmt({Resources: TABLE}), 'identity', /unknown element "Resources"/],
	];
	for (const [name, document, kind, pattern] of errorCases) {
		it(`error: ${name}`, () => {
			const errors = errorsOf(document, kind);
			assert.ok(errors.some((e) => pattern.test(e)), `expected ${pattern} in ${JSON.stringify(errors)}`);
		});
	}

	const warningCases: Array<[string, unknown, PolicyKind, RegExp]> = [
		['kms:* in a key policy', {Version: '2012-10-17', Statement: [{Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Action: 'kms:*', Resource: '*'}]}, 'key', /"kms:\*" allows every KMS action/],
		['missing Version', {Statement: stmt({}).Statement}, 'identity', /No Version/],
		['Resource * for an action that takes a resource', stmt({Resource: '*'}), 'identity', /on every resource/],
		['everyone without a condition', resourceStmt({Principal: '*'}), 'bucket', /everyone/],
		['alias ARN as a key grant', stmt({Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/exports`}), 'identity', /alias ARN/],
		['unknown IAM action (partial list)', stmt({Action: 'iam:CreateUser', Resource: '*'}), 'identity', /not among the iam actions/],
	];
	for (const [name, document, kind, pattern] of warningCases) {
		it(`warning: ${name}`, () => {
			assert.deepEqual(errorsOf(document, kind), []);
			const warnings = warningsOf(document, kind);
			assert.ok(warnings.some((w) => pattern.test(w)), `expected ${pattern} in ${JSON.stringify(warnings)}`);
		});
	}

	it('accepts ListExports on "*" and a wildcard matching real actions', () => {
		assert.deepEqual(validatePolicyOffline(stmt({Action: ['dynamodb:ListExports', 'dynamodb:List*'], Resource: '*'}) as PolicyDocument, 'identity').filter((f) => /every resource/.test(f.message)).length, 1);
		assert.deepEqual(validatePolicyOffline(stmt({Action: 'dynamodb:ListExports', Resource: '*'}) as PolicyDocument, 'identity'), []);
	});
});

// ---------------------------------------------------------------- generated policies, any plan

const arbPlanInput = fc
	.record({
		partition: fc.constantFrom('aws', 'aws-us-gov'),
		region: fc.constantFrom('us-east-1', 'eu-west-2', 'us-gov-west-1'),
		table: fc.stringMatching(/^[A-Za-z0-9_.-]{3,20}$/),
		bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/),
		prefix: fc.constantFrom('', 'exports/', 'a/b/c', 'ddb-'),
		crossAccount: fc.boolean(),
		kms: fc.boolean(),
		tableKey: fc.boolean(),
		caller: fc.constantFrom('role/ddb-exporter', 'role/team/app/exporter', 'user/bob', 'user/ops/alice.b'),
		existingKeyPolicy: fc.boolean(),
	})
	.map((p) => {
		const tableArn = `arn:${p.partition}:dynamodb:${p.region}:${ACCOUNT}:table/${p.table}`;
		const keyArn = `arn:${p.partition}:kms:${p.region}:${ACCOUNT}:key/0000-${p.table.length}`;
		const plan: ExportPlan = {
			region: p.region,
			tableArn,
			bucket: p.bucket,
			prefix: p.prefix,
			sse: p.kms ? 'KMS' : 'AES256',
			format: 'DYNAMODB_JSON',
			type: 'FULL_EXPORT',
		};
		if (p.crossAccount) plan.bucketOwner = OTHER;
		if (p.kms) plan.kmsKeyId = keyArn;
		const defaultKeyPolicy = JSON.stringify(doc({Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: {AWS: `arn:${p.partition}:iam::${ACCOUNT}:root`}, Action: 'kms:*', Resource: '*'}));
		return {
			p,
			keyArn,
			input: {
				plan,
				callerArn: `arn:${p.partition}:iam::${ACCOUNT}:${p.caller}`,
				callerAccount: ACCOUNT,
				tableKmsKeyArn: p.tableKey ? `arn:${p.partition}:kms:${p.region}:${ACCOUNT}:key/table-key` : undefined,
				existing: {bucketPolicy: null, inlinePolicy: null, keyPolicy: p.existingKeyPolicy ? defaultKeyPolicy : null},
			},
		};
	});

describe('generated policies (property)', () => {
	it('every snippet document passes the offline validator with no errors', () => {
		fc.assert(
			fc.property(arbPlanInput, ({input}) => {
				const kindOf = {'caller-identity-policy': 'identity', 'bucket-policy': 'bucket', 'key-policy-caller': 'key', 'key-policy-readers': 'key'} as const;
				for (const snippet of buildSnippets({...input, only: ['caller-identity-policy', 'bucket-policy', 'key-policy-caller', 'key-policy-readers']})) {
					const errors = validatePolicyOffline(snippet.document, kindOf[snippet.id as keyof typeof kindOf]).filter((f) => f.severity === 'error');
					assert.deepEqual(errors, [], `${snippet.id}: ${formatPolicy(snippet.document)}`);
					const sids = snippet.document.Statement.map((s) => s.Sid);
					assert.equal(new Set(sids).size, sids.length);
				}
			}),
			{numRuns: 200, seed: 1},
		);
	});

	it('the caller policy allows every action the export needs, on exactly what it needs', () => {
		fc.assert(
			fc.property(arbPlanInput, ({input, keyArn, p}) => {
				const policy = callerIdentityPolicy(input);
				const base = {principalArn: input.callerArn, principalAccount: ACCOUNT, context: {}};
				const objectKey = `arn:${p.partition}:s3:::${p.bucket}/${p.prefix}AWSDynamoDB/01700000000000-abcdef12/_started`;
				const needed: Array<[string, string]> = [
					['dynamodb:ExportTableToPointInTime', input.plan.tableArn],
					['dynamodb:DescribeExport', `${input.plan.tableArn}/export/01700000000000-abcdef12`],
					['dynamodb:ListExports', '*'],
					...S3_WRITES.map((a): [string, string] => [a, objectKey]),
				];
				if (p.kms) needed.push(['kms:GenerateDataKey', keyArn], ['kms:Decrypt', keyArn]);
				if (p.tableKey) needed.push(['kms:Decrypt', input.tableKmsKeyArn!], ['kms:GenerateDataKey', input.tableKmsKeyArn!]);
				for (const [action, resource] of needed) {
					assert.equal(evaluatePolicy(policy, {...base, action, resource}, {kind: 'identity'}).decision, 'allow', `${action} on ${resource}`);
				}
				// Least privilege: nothing outside the export's prefix, bucket or table.
				const outside: Array<[string, string]> = [
					['s3:PutObject', `arn:${p.partition}:s3:::${p.bucket}-other/${p.prefix}x`],
					['s3:GetObject', objectKey],
					['dynamodb:ExportTableToPointInTime', `${input.plan.tableArn}-other`],
					['kms:Encrypt', keyArn],
				];
				if (p.prefix) outside.push(['s3:PutObject', `arn:${p.partition}:s3:::${p.bucket}/elsewhere/x`]);
				for (const [action, resource] of outside) {
					assert.equal(evaluatePolicy(policy, {...base, action, resource}, {kind: 'identity'}).decision, 'implicit-deny', `${action} on ${resource}`);
				}
			}),
			{numRuns: 200, seed: 2},
		);
	});
});
