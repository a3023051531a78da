import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {parseAccessDenied} from '../source/core/diagnosis/parse-access-denied.js';
import type {CheckResult} from '../source/core/checks/types.js';
import {explainExportFailure} from '../source/core/diagnosis/explain-export-failure.js';
import type {AccessDeniedInfo} from '../source/core/diagnosis/types.js';
import {AwsCallError} from '../source/core/ports.js';
import {UserFacingError, describeAwsError, userFacingFromAws} from '../source/core/errors.js';
import React from 'react';
import {renderApp} from './helpers/ink.js';
import {ExportView} from '../source/ui/export-view.js';
import {exportOutcomeLines} from '../source/line-mode/format-lines.js';
import type {ExportPlan} from '../source/core/plan.js';
import type {ExportDescription} from '../source/core/ports.js';
import {initialLoaded, type ExportRun, type WizardState} from '../source/core/wizard/state.js';
import {exportElapsed, exportLocation, failureText, manifestLocation, runElapsed} from '../source/core/wizard/export-outcome.js';

const SESSION = 'arn:aws:sts::111111111111:assumed-role/DataExporter/alice';
const USER = 'arn:aws:iam::111111111111:user/bob';
const KEY = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TABLE = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const SCP_ARN = 'arn:aws:organizations::999999999999:policy/o-a1b2c3d4e5/service_control_policy/p-examplepolicy';
const RCP_ARN = 'arn:aws:organizations::999999999999:policy/o-a1b2c3d4e5/resource_control_policy/p-rcpexample';

function denied(principal: string, action: string, resource: string | undefined, reason: string): string {
	return `User: ${principal} is not authorized to perform: ${action}${resource ? ` on resource: ${resource}` : ''}${reason ? ` ${reason}` : ''}`;
}

function parsed(text: string, hint?: Parameters<typeof parseAccessDenied>[1]): AccessDeniedInfo {
	const info = parseAccessDenied(text, hint);
	assert.ok(info, `expected an AccessDenied parse of: ${text}`);
	return info;
}

describe('parseAccessDenied: modern messages of every policy type', () => {
	it('identity-based, implicit, with the quoted resource S3 uses', () => {
		const text = denied(SESSION, 's3:PutObject', '"arn:aws:s3:::orders-exports/exports/*"', 'because no identity-based policy allows the s3:PutObject action');
		const info = parsed(text);
		assert.deepEqual(
			{...info, raw: undefined},
			{
				principal: SESSION,
				action: 's3:PutObject',
				resource: 'arn:aws:s3:::orders-exports/exports/*',
				denyKind: 'implicit',
				policyType: 'identity-based',
				service: 's3',
				sentence: 'The role DataExporter (session alice) may not call s3:PutObject on orders-exports/exports/*: no identity-based policy allows it.',
				whatToChange: 'Add s3:PutObject on arn:aws:s3:::orders-exports/exports/* to an IAM policy of role DataExporter in account 111111111111.',
				raw: undefined,
			},
		);
		assert.equal(info.raw, text);
	});

	it('identity-based, explicit, with and without the policy ARN', () => {
		const withArn = parsed(denied(USER, 'dynamodb:ExportTableToPointInTime', TABLE, 'with an explicit deny in an identity-based policy: arn:aws:iam::111111111111:policy/DenyExports'));
		assert.equal(withArn.denyKind, 'explicit');
		assert.equal(withArn.policyType, 'identity-based');
		assert.equal(withArn.policyArn, 'arn:aws:iam::111111111111:policy/DenyExports');
		assert.equal(withArn.sentence, 'The user bob may not call dynamodb:ExportTableToPointInTime on table orders: a Deny statement in an IAM policy (arn:aws:iam::111111111111:policy/DenyExports) blocks it.');
		assert.equal(withArn.whatToChange, 'Remove or narrow the Deny statement for dynamodb:ExportTableToPointInTime in policy arn:aws:iam::111111111111:policy/DenyExports; no Allow can override a Deny.');
		const without = parsed(denied(USER, 'dynamodb:ExportTableToPointInTime', TABLE, 'with an explicit deny in an identity-based policy'));
		assert.equal(without.policyArn, undefined);
		assert.match(without.whatToChange, /in the IAM policies of user bob in account 111111111111/);
	});

	it('resource-based: bucket policy (implicit) and key policy (explicit)', () => {
		const bucket = parsed(denied(SESSION, 's3:PutObject', '"arn:aws:s3:::partner-bucket/in/x.json"', 'because no resource-based policy allows the s3:PutObject action'));
		assert.equal(bucket.policyType, 'resource-based');
		assert.equal(bucket.denyKind, 'implicit');
		assert.match(bucket.sentence, /may not call s3:PutObject on partner-bucket\/in\/x\.json: the bucket policy of partner-bucket does not allow it\./);
		assert.equal(
			bucket.whatToChange,
			"Allow s3:PutObject for arn:aws:iam::111111111111:role/DataExporter on arn:aws:s3:::partner-bucket/in/x.json in the bucket policy of partner-bucket (it lives in the bucket owner's account).",
		);
		const key = parsed(denied(SESSION, 'kms:GenerateDataKey', KEY, 'with an explicit deny in a resource-based policy'));
		assert.equal(key.denyKind, 'explicit');
		assert.equal(key.service, 'kms');
		assert.match(key.sentence, /on KMS key 1234abcd-.*: the key policy of key 1234abcd-12ab-34cd-56ef-1234567890ab denies it explicitly/);
		assert.match(key.whatToChange, /Remove or narrow the Deny statement for kms:GenerateDataKey in the key policy/);
		const keyImplicit = parsed(denied(SESSION, 'kms:Decrypt', KEY, 'because no resource-based policy allows the kms:Decrypt action'));
		assert.match(keyImplicit.whatToChange, /Allow kms:Decrypt for arn:aws:iam::111111111111:role\/DataExporter in the key policy .*trusting account 111111111111/);
	});

	it('permissions boundary (the message has no "policy" word), implicit and explicit', () => {
		const implicit = parsed(denied(SESSION, 'dynamodb:ExportTableToPointInTime', TABLE, 'because no permissions boundary allows the dynamodb:ExportTableToPointInTime action'));
		assert.equal(implicit.policyType, 'permissions boundary');
		assert.equal(implicit.denyKind, 'implicit');
		assert.match(implicit.sentence, /its permissions boundary does not allow it/);
		assert.match(implicit.whatToChange, /permissions boundary of role DataExporter/);
		const explicit = parsed(denied(SESSION, 's3:PutObject', undefined, 'with an explicit deny in a permissions boundary: arn:aws:iam::111111111111:policy/Boundary'));
		assert.equal(explicit.policyType, 'permissions boundary');
		assert.equal(explicit.policyArn, 'arn:aws:iam::111111111111:policy/Boundary');
		assert.match(explicit.whatToChange, /Remove the Deny for s3:PutObject from the permissions boundary arn:aws:iam::111111111111:policy\/Boundary/);
	});

	it('session policy, implicit and explicit', () => {
		const implicit = parsed(denied(SESSION, 's3:PutObject', 'arn:aws:s3:::b/k', 'because no session policy allows the s3:PutObject action'));
		assert.deepEqual([implicit.policyType, implicit.denyKind], ['session', 'implicit']);
		assert.match(implicit.whatToChange, /new session/);
		const explicit = parsed(denied(SESSION, 's3:PutObject', 'arn:aws:s3:::b/k', 'with an explicit deny in a session policy'));
		assert.deepEqual([explicit.policyType, explicit.denyKind], ['session', 'explicit']);
	});

	it('service control policy: implicit, explicit with the SCP ARN', () => {
		const implicit = parsed(denied(SESSION, 'dynamodb:ExportTableToPointInTime', TABLE, 'because no service control policy allows the dynamodb:ExportTableToPointInTime action'));
		assert.deepEqual([implicit.policyType, implicit.denyKind], ['service control', 'implicit']);
		assert.match(implicit.whatToChange, /organisation administrator must allow dynamodb:ExportTableToPointInTime .*account 111111111111; IAM cannot override them/);
		const explicit = parsed(denied(SESSION, 'dynamodb:ExportTableToPointInTime', TABLE, `with an explicit deny in a service control policy: ${SCP_ARN}`));
		assert.equal(explicit.policyArn, SCP_ARN);
		assert.equal(explicit.whatToChange, 'An organisation administrator must change the service control policy p-examplepolicy; IAM cannot override it.');
		const noArn = parsed(denied(SESSION, 'dynamodb:ExportTableToPointInTime', TABLE, 'with an explicit deny in a service control policy'));
		assert.match(noArn.whatToChange, /the service control policy that denies dynamodb:ExportTableToPointInTime/);
	});

	it('resource control policy, implicit and explicit', () => {
		const explicit = parsed(denied(SESSION, 's3:PutObject', 'arn:aws:s3:::b/k', `with an explicit deny in a resource control policy: ${RCP_ARN}`));
		assert.deepEqual([explicit.policyType, explicit.denyKind, explicit.policyArn], ['resource control', 'explicit', RCP_ARN]);
		assert.match(explicit.whatToChange, /resource control policy p-rcpexample; IAM cannot override it/);
		const implicit = parsed(denied(SESSION, 's3:PutObject', 'arn:aws:s3:::b/k', 'because no resource control policy allows the s3:PutObject action'));
		assert.deepEqual([implicit.policyType, implicit.denyKind], ['resource control', 'implicit']);
	});

	it('VPC endpoint policy, implicit and explicit', () => {
		const implicit = parsed(denied(SESSION, 's3:PutObject', 'arn:aws:s3:::b/k', 'because no VPC endpoint policy allows the s3:PutObject action'));
		assert.deepEqual([implicit.policyType, implicit.denyKind], ['VPC endpoint', 'implicit']);
		assert.match(implicit.whatToChange, /VPC endpoint policy/);
		const explicit = parsed(denied(SESSION, 's3:PutObject', 'arn:aws:s3:::b/k', 'with an explicit deny in a VPC endpoint policy'));
		assert.deepEqual([explicit.policyType, explicit.denyKind], ['VPC endpoint', 'explicit']);
	});

	it('role trust policy', () => {
		const info = parsed(denied(USER, 'sts:AssumeRole', 'arn:aws:iam::222222222222:role/Exporter', 'because no role trust policy allows the sts:AssumeRole action'));
		assert.deepEqual([info.policyType, info.denyKind], ['role trust', 'implicit']);
		assert.equal(info.sentence, "The user bob may not call sts:AssumeRole on role Exporter: the role's trust policy does not allow it.");
		assert.equal(info.whatToChange, 'Let arn:aws:iam::111111111111:user/bob call sts:AssumeRole in the trust policy of role Exporter.');
		const explicit = parsed(denied(USER, 'sts:AssumeRole', 'arn:aws:iam::222222222222:role/Exporter', 'with an explicit deny in a role trust policy'));
		assert.deepEqual([explicit.policyType, explicit.denyKind], ['role trust', 'explicit']);
	});
});

describe('parseAccessDenied: older, partial and bare messages', () => {
	it('the older format without a reason clause', () => {
		const info = parsed(denied(USER, 'iam:SimulatePrincipalPolicy', 'arn:aws:iam::111111111111:user/bob', ''));
		assert.deepEqual([info.denyKind, info.policyType, info.resource], ['unknown', 'unknown', 'arn:aws:iam::111111111111:user/bob']);
		assert.match(info.sentence, /The user bob may not call iam:SimulatePrincipalPolicy on user bob: the message does not say which policy\./);
		assert.match(info.whatToChange, /IAM policy of user bob.*look for a Deny/);
	});

	it('a message without "on resource:"', () => {
		const info = parsed(denied(SESSION, 'dynamodb:ListTables', undefined, 'because no identity-based policy allows the dynamodb:ListTables action'));
		assert.equal(info.resource, undefined);
		assert.equal(info.sentence, 'The role DataExporter (session alice) may not call dynamodb:ListTables: no identity-based policy allows it.');
		assert.equal(info.whatToChange, 'Add dynamodb:ListTables on the resource to an IAM policy of role DataExporter in account 111111111111.');
		const hinted = parsed(denied(SESSION, 'dynamodb:ListTables', undefined, 'because no identity-based policy allows the dynamodb:ListTables action'), {resource: '*'});
		assert.equal(hinted.resource, '*');
	});

	it("KMS's 'does not exist in this Region' message", () => {
		const text = `User: ${SESSION} is not authorized to perform: kms:GenerateDataKey on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`;
		const info = parsed(text, {resource: KEY});
		assert.deepEqual([info.policyType, info.denyKind, info.service, info.resource], ['resource-based', 'unknown', 'kms', KEY]);
		assert.match(info.sentence, /the key does not exist in this Region, or its key policy does not allow it/);
		assert.match(info.whatToChange, /exists in the Region .*key policy allows arn:aws:iam::111111111111:role\/DataExporter/);
	});

	it("S3's bare Access Denied, in several wrappings", () => {
		for (const text of ['Access Denied', 'AccessDenied', 'An error occurred (AccessDenied) when calling the PutObject operation: Access Denied']) {
			const info = parsed(text, {service: 's3', principal: SESSION, action: 's3:PutObject', resource: 'arn:aws:s3:::partner-bucket/in/*'});
			assert.deepEqual([info.denyKind, info.policyType, info.service], ['unknown', 'unknown', 's3'], text);
			assert.match(info.sentence, /S3 gave no reason \(it gives none to callers from another account\)/);
			assert.match(info.whatToChange, /bucket policy in the bucket owner's account allows arn:aws:iam::111111111111:role\/DataExporter s3:PutObject, s3:PutObjectAcl and s3:AbortMultipartUpload/);
			assert.match(info.whatToChange, /S3BucketOwner/);
			assert.match(info.whatToChange, /KMS key/);
		}
		for (const text of ['Access Denied', 'An error occurred (AccessDenied) when calling the PutObject operation: Access Denied']) {
			const unhinted = parsed(text);
			assert.equal(unhinted.service, 's3');
			assert.match(unhinted.sentence, /^S3 refused the request with a bare Access Denied/);
		}
	});

	it("S3's bare Access Denied on a call other than the export's writes is not answered with the export's writes", () => {
		const info = parsed('Access Denied', {service: 's3', principal: SESSION, action: 's3:GetBucketPolicy', resource: 'arn:aws:s3:::partner-bucket'});
		assert.doesNotMatch(info.whatToChange, /PutObject|S3BucketOwner/);
		assert.match(info.whatToChange, /may call s3:GetBucketPolicy on arn:aws:s3:::partner-bucket/);
		assert.match(info.whatToChange, /profile of the account that owns the bucket/);
		const read = parsed('Access Denied', {service: 's3', principal: SESSION, action: 's3:GetObject', resource: 'arn:aws:s3:::partner-bucket/x'});
		assert.doesNotMatch(read.whatToChange, /PutObject|bucket policy is usually read/);
	});

	it("the export's FailureMessage form", () => {
		const text = 'Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: 6X7Y8Z9A0B1C2D3E; S3 Extended Request ID: dGhpcyBpcyBub3QgcmVhbA==; Proxy: null)';
		const info = parsed(text);
		assert.deepEqual([info.service, info.denyKind, info.policyType], ['s3', 'unknown', 'unknown']);
		assert.equal(info.raw, text);
	});

	it('JSON error bodies, XML error bodies, CLI output and pasted log lines', () => {
		const message = denied(SESSION, 'dynamodb:DescribeTable', TABLE, 'because no identity-based policy allows the dynamodb:DescribeTable action');
		const json = parsed(JSON.stringify({__type: 'com.amazon.coral.service#AccessDeniedException', Message: message}));
		assert.deepEqual([json.action, json.resource, json.policyType], ['dynamodb:DescribeTable', TABLE, 'identity-based']);
		const quoted = parsed(JSON.stringify({__type: 'AccessDeniedException', message: denied(SESSION, 's3:PutObject', '"arn:aws:s3:::b/k"', 'because no identity-based policy allows the s3:PutObject action')}));
		assert.equal(quoted.resource, 'arn:aws:s3:::b/k');
		const truncatedJson = parsed(`{"__type":"AccessDeniedException","Message":"${message}"`);
		assert.equal(truncatedJson.action, 'dynamodb:DescribeTable');

		const s3Xml = parsed('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>X1</RequestId><HostId>abc=</HostId></Error>');
		assert.deepEqual([s3Xml.service, s3Xml.denyKind], ['s3', 'unknown']);
		const stsXml = parsed(
			`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${denied(USER, 'sts:AssumeRole', 'arn:aws:iam::222222222222:role/Exporter', '')}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
		);
		assert.deepEqual([stsXml.action, stsXml.resource, stsXml.service], ['sts:AssumeRole', 'arn:aws:iam::222222222222:role/Exporter', 'sts']);
		const escaped = parsed(`<Error><Code>AccessDenied</Code><Message>${denied(USER, 's3:PutObject', '&quot;arn:aws:s3:::b/a&amp;b&quot;', 'because no identity-based policy allows the s3:PutObject action')}</Message></Error>`);
		assert.equal(escaped.resource, 'arn:aws:s3:::b/a&b');

		const cli = parsed(`\nAn error occurred (AccessDeniedException) when calling the ExportTableToPointInTime operation: ${denied(SESSION, 'dynamodb:ExportTableToPointInTime', TABLE, `with an explicit deny in a service control policy: ${SCP_ARN}`)}\n`);
		assert.deepEqual([cli.policyType, cli.policyArn], ['service control', SCP_ARN]);
		const log = parsed(`2026-11-27T10:00:00.123Z ERROR export failed AccessDeniedException: ${message}.\n    at async Object.run (/app/index.js:10:5)`);
		assert.deepEqual([log.resource, log.policyType], [TABLE, 'identity-based']);
		const java = parsed(`${denied(SESSION, 'kms:Decrypt', KEY, 'because no resource-based policy allows the kms:Decrypt action')} (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: 1; Proxy: null)`);
		assert.deepEqual([java.service, java.resource, java.policyType], ['kms', KEY, 'resource-based']);
	});

	it('fills what the message leaves out from the hint, and names the caller when AWS says anonymous', () => {
		const info = parsed('AccessDeniedException: You do not have sufficient access to perform this action.', {service: 'dynamodb', principal: USER, action: 'dynamodb:ListExports'});
		assert.equal(info.sentence, 'The user bob may not call dynamodb:ListExports: AWS gave no reason.');
		const anonymous = parsed('User: anonymous is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::b/k" because no resource-based policy allows the s3:PutObject action', {principal: USER});
		assert.equal(anonymous.principal, USER);
	});

	it('SSO roles are changed in their permission set, not in IAM', () => {
		const info = parsed(denied('arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_DataTeam_0123456789abcdef/alice@example.com', 's3:PutObject', 'arn:aws:s3:::b/k', 'because no identity-based policy allows the s3:PutObject action'));
		assert.match(info.sentence, /The role AWSReservedSSO_DataTeam_0123456789abcdef \(session alice@example.com\)/);
		assert.match(info.whatToChange, /IAM Identity Center permission set/);
	});

	it('returns undefined for text that is not an AccessDenied, and never throws', () => {
		for (const text of [
			'',
			'   ',
			'hello world',
			'NoSuchBucket: The specified bucket does not exist',
			'{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}',
			'<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
			'{{{{ "Message": ',
			'<Error><Code>',
			'User: is not authorized',
			'\u0000\u0001\uffff',
			'x'.repeat(100_000),
			undefined as unknown as string,
			42 as unknown as string,
		]) {
			assert.equal(parseAccessDenied(text), undefined, JSON.stringify(typeof text === 'string' ? text.slice(0, 40) : text));
		}
		fc.assert(
			fc.property(fc.string({maxLength: 300}), fc.constantFrom('', 'Access Denied ', 'User: arn:aws:iam::1:user/x is not authorized to perform: ', '{"Message":"', '<Error><Message>'), (noise, prefix) => {
				const result = parseAccessDenied(prefix + noise);
				assert.ok(result === undefined || (typeof result.sentence === 'string' && typeof result.whatToChange === 'string'));
			}),
			{numRuns: 300, seed: 42},
		);
	});
});

describe('explainExportFailure', () => {
	const base = {s3Bucket: 'orders-exports', s3Prefix: 'exports/', s3SseAlgorithm: 'AES256'};
	const FAILURE = 'Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: R1; S3 Extended Request ID: E1=; Proxy: null)';

	it('S3 access denied without a bucket owner, the policies not read again: every cause is only possible', () => {
		const result = explainExportFailure({...base, failureCode: 'S3AccessDenied', failureMessage: FAILURE}, {callerArn: SESSION});
		assert.equal(result.headline, 'The export could not write to s3://orders-exports/exports/: S3 said Access Denied.');
		assert.deepEqual(result.likelyChecks, ['bucket-policy', 'permissions', 'write-probe']);
		assert.ok(result.accessDenied);
		assert.equal(result.accessDenied.service, 's3');
		const text = result.details.join('\n');
		assert.match(text, /DynamoDB writes the files as arn:aws:iam::111111111111:role\/DataExporter.*s3:PutObject, s3:PutObjectAcl and s3:AbortMultipartUpload on arn:aws:s3:::orders-exports\/exports\/\*/);
		assert.match(text, /Possible: no bucket owner \(S3BucketOwner\) was given/);
		assert.match(text, /Possible: a bucket policy that limits writes by aws:SourceIp/);
		assert.match(text, /Possible: a bucket policy that requires SSE-KMS/);
		assert.equal(result.reread, undefined);
	});

	it('with the policies read again: only what was found, then "possible" only for what could not be read', () => {
		const reread: CheckResult[] = [
			{id: 'bucket', title: 'Bucket', status: 'passed', summary: 'Bucket orders-exports exists in us-east-1.'},
			{
				id: 'bucket-policy',
				title: 'Bucket policy',
				status: 'failed',
				summary: 'The bucket policy denies s3:PutObject (statement "Freeze").',
				cause: 'Statement "Freeze" of the bucket policy of orders-exports (account 111111111111) explicitly denies your principal s3:PutObject.',
				fix: {text: 'Have account 111111111111 remove or narrow statement "Freeze".', command: 'aws s3api get-bucket-policy --bucket orders-exports'},
			},
			{id: 'permissions', title: 'Your permissions', status: 'passed', summary: 'Your role may do everything the export needs.'},
			{id: 'organization', title: 'Organisation SCPs', status: 'unknown', summary: 'The SCPs are not readable.', cause: 'Only the management account can read them.'},
			{id: 'write-probe', title: 'Write probe', status: 'skipped', summary: 'Skipped.'},
		];
		const result = explainExportFailure({...base, failureCode: 'S3AccessDenied', failureMessage: FAILURE}, {callerArn: SESSION}, reread);
		assert.equal(result.reread, true);
		assert.deepEqual(result.details, [
			'Bucket policy: Statement "Freeze" of the bucket policy of orders-exports (account 111111111111) explicitly denies your principal s3:PutObject.',
			'Fix: Have account 111111111111 remove or narrow statement "Freeze". (aws s3api get-bucket-policy --bucket orders-exports)',
			'Possible: Organisation SCPs could not be read again, so it may be the cause (Only the management account can read them.).',
		]);
		assert.deepEqual(result.likelyChecks, ['bucket-policy', 'organization']);
	});

	it('with the policies read again and nothing refusing now: says so instead of listing causes', () => {
		const passed = (['bucket', 'bucket-policy', 'permissions', 'organization'] as const).map((id) => ({id, title: id, status: 'passed' as const, summary: 'ok'}));
		const result = explainExportFailure({...base, failureCode: 'S3AccessDenied', failureMessage: FAILURE}, {callerArn: SESSION}, passed);
		assert.equal(result.details.length, 1);
		assert.match(result.details[0]!, /none of them refuses the export's writes now/);
		assert.doesNotMatch(result.details[0]!, /SSE-KMS|SourceIp/);
	});

	it('S3 access denied to a bucket of another account names that account', () => {
		const result = explainExportFailure({...base, s3BucketOwner: '222222222222', failureCode: 'S3AccessDenied', failureMessage: FAILURE}, {callerArn: SESSION});
		const text = result.details.join('\n');
		assert.match(text, /The bucket belongs to account 222222222222: its bucket policy must allow arn:aws:iam::111111111111:role\/DataExporter \(or account 111111111111\)/);
		assert.doesNotMatch(text, /No bucket owner/);
	});

	it('a parsed reason narrows the checks: identity policy → permissions; SCP → organization', () => {
		const identity = explainExportFailure({
			...base,
			failureCode: 'S3AccessDenied',
			failureMessage: denied(SESSION, 's3:PutObject', '"arn:aws:s3:::orders-exports/exports/AWSDynamoDB/x/_started"', 'because no identity-based policy allows the s3:PutObject action'),
		});
		assert.deepEqual(identity.likelyChecks, ['permissions', 'write-probe']);
		assert.equal(identity.details[0], identity.accessDenied?.sentence);
		const scp = explainExportFailure({...base, failureCode: 'AccessDenied', failureMessage: denied(SESSION, 's3:PutObject', 'arn:aws:s3:::orders-exports/x', `with an explicit deny in a service control policy: ${SCP_ARN}`)});
		assert.deepEqual(scp.likelyChecks, ['organization', 'permissions']);
		assert.match(scp.details[1]!, /service control policy p-examplepolicy/);
	});

	it('S3 access denied with SSE-KMS also suggests the key checks', () => {
		const result = explainExportFailure({...base, s3SseAlgorithm: 'KMS', s3SseKmsKeyId: KEY, failureCode: 'S3AccessDenied', failureMessage: 'Access Denied'});
		assert.deepEqual(result.likelyChecks, ['bucket-policy', 'permissions', 'write-probe', 'kms-key', 'key-policy']);
	});

	it('KMS denied points at the key and its policy', () => {
		const result = explainExportFailure(
			{...base, s3SseAlgorithm: 'KMS', s3SseKmsKeyId: KEY, s3BucketOwner: '222222222222', failureCode: 'KMSAccessDenied', failureMessage: denied(SESSION, 'kms:GenerateDataKey', KEY, 'because no resource-based policy allows the kms:GenerateDataKey action')},
			{callerArn: SESSION},
		);
		assert.equal(result.headline, `The export could not use the KMS key ${KEY}.`);
		assert.deepEqual(result.likelyChecks, ['kms-key', 'key-policy', 'permissions']);
		assert.equal(result.accessDenied?.policyType, 'resource-based');
		const text = result.details.join('\n');
		assert.match(text, /kms:GenerateDataKey and kms:Decrypt/);
		assert.match(text, /same Region as the bucket/);
		assert.match(text, /account 222222222222: readers there also need kms:Decrypt/);
	});

	it('known non-permission failures and unknown codes as free text', () => {
		const bucket = explainExportFailure({...base, failureCode: 'S3NoSuchBucket', failureMessage: 'The specified bucket does not exist'});
		assert.match(bucket.headline, /orders-exports does not exist/);
		assert.deepEqual(bucket.likelyChecks, ['bucket']);
		const payer = explainExportFailure({...base, failureCode: 'UNKNOWN', failureMessage: 'Requester Pays buckets are not supported'});
		assert.match(payer.headline, /Requester Pays/);
		const odd = explainExportFailure({...base, failureCode: 'SomethingNew', failureMessage: 'The quux overflowed.'});
		assert.deepEqual(odd, {headline: 'The export failed: SomethingNew.', details: ['The quux overflowed.'], likelyChecks: []});
		const messageOnly = explainExportFailure({failureMessage: 'Export stopped unexpectedly'});
		assert.equal(messageOnly.headline, 'The export failed: Export stopped unexpectedly.');
		const nothing = explainExportFailure({});
		assert.match(nothing.headline, /without a failure code or message/);
	});
});

describe('an export run, as every face tells it', () => {
	const plan: ExportPlan = {region: 'us-east-1', tableArn: TABLE, bucket: 'partner-exports', bucketOwner: '222222222222', prefix: 'orders/', sse: 'AES256', format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'};
	const exportArn = `${TABLE}/export/01764237600000-abcd1234`;
	const manifestKey = 'orders/AWSDynamoDB/01764237600000-abcd1234/manifest-summary.json';
	const started = Date.parse('2026-11-27T10:00:00Z');

	it('locations, elapsed time and failure text', () => {
		const done: ExportDescription = {exportArn, status: 'COMPLETED', exportManifest: manifestKey, startTime: new Date(started), endTime: new Date(started + 65_000)};
		assert.equal(exportLocation(done), undefined, 'no bucket named: no address');
		assert.equal(exportLocation(done, 'partner-exports'), 's3://partner-exports/orders/AWSDynamoDB/01764237600000-abcd1234/');
		assert.equal(exportLocation({...done, s3Bucket: 'named'}, 'partner-exports'), 's3://named/orders/AWSDynamoDB/01764237600000-abcd1234/');
		assert.equal(manifestLocation({...done, s3Bucket: 'named'}), `s3://named/${manifestKey}`);
		assert.equal(manifestLocation({exportArn, status: 'IN_PROGRESS', s3Bucket: 'named'}), undefined);
		assert.equal(exportElapsed(done, 0, 0), 65_000, "AWS's own start and end win");
		assert.equal(exportElapsed(undefined, started, started + 5000), 5000);
		const run: ExportRun = {clientToken: 't', plan, status: 'watching', startedAt: started, lastPollAt: started + 3000, polls: 1};
		assert.equal(runElapsed(run, started + 9000), 9000, 'a live run counts up to now');
		assert.equal(runElapsed({...run, status: 'failed'}, started + 9000), 3000, 'a finished one stops at its last poll');
		assert.equal(failureText({failureCode: 'S3AccessDenied', failureMessage: 'Access Denied'}), 'S3AccessDenied: Access Denied');
		assert.equal(failureText({failureMessage: 'Access Denied'}), 'Access Denied');
		assert.equal(failureText({}), '');
	});

	it('the Ink export view explains a failure for the signed-in caller, as line mode does', async () => {
		const description: ExportDescription = {exportArn, status: 'FAILED', failureCode: 'S3AccessDenied', failureMessage: 'Access Denied', s3Bucket: 'partner-exports', s3Prefix: 'orders/', s3SseAlgorithm: 'AES256'};
		const run: ExportRun = {clientToken: 't', plan, status: 'failed', startedAt: started, description, lastPollAt: started + 3000, polls: 1};
		const identity = {account: '111111111111', arn: SESSION, userId: 'AROA:alice'};
		const state = (signedIn: boolean): WizardState => ({
			phase: {kind: 'export', run},
			draft: {},
			given: {},
			probe: true,
			loaded: {...initialLoaded(), identity: signedIn ? {status: 'ready', value: identity} : {status: 'idle'}},
		});
		const frameOf = async (signedIn: boolean): Promise<string> => {
			// A tall terminal: the whole explanation on screen.
			const view = await renderApp(React.createElement(ExportView, {state: state(signedIn), onFinished: () => {}}), {columns: 100, rows: 60});
			try {
				return (await view.waitFor('Export failed')).replace(/\s+/g, ' ');
			} finally {
				view.unmount();
			}
		};
		// The bucket owner comes from the plan; the caller's account makes it another account's bucket.
		const crossAccount = 'The bucket belongs to account 222222222222: its bucket policy must allow arn:aws:iam::111111111111:role/DataExporter (or account 111111111111)';
		const withCaller = await frameOf(true);
		assert.ok(withCaller.includes(crossAccount), withCaller);
		assert.match(withCaller, /DynamoDB writes the files as arn:aws:iam::111111111111:role\/DataExporter/);
		const lines = exportOutcomeLines({...description, s3BucketOwner: '222222222222'}, 3000, identity).join(' ').replace(/\s+/g, ' ');
		assert.ok(lines.includes(crossAccount), lines);

		const anonymous = await frameOf(false);
		assert.match(anonymous, /DynamoDB writes the files as the identity that started the export/);
		assert.ok(!anonymous.includes(crossAccount));
	});
});

describe('describeAwsError and UserFacingError', () => {
	const err = (service: string, operation: string, code: string, message: string, status?: number) => new AwsCallError(service, operation, code, message, status);

	it('maps the codes met on the way to an export to plain words', () => {
		const pitr = describeAwsError(err('dynamodb', 'ExportTableToPointInTime', 'PointInTimeRecoveryUnavailableException', 'PITR is off'), {table: 'orders', profile: 'dev', region: 'us-east-1'});
		assert.equal(pitr.command, 'aws dynamodb update-continuous-backups --table-name orders --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true --profile dev --region us-east-1');
		const sso = describeAwsError(err('sts', 'GetCallerIdentity', 'SsoTokenExpired', 'expired'), {profile: 'dev'});
		assert.equal(sso.command, 'aws sso login --profile dev');
		assert.match(describeAwsError(err('dynamodb', 'ExportTableToPointInTime', 'LimitExceededException', 'too many')).cause, /about 300/);
		assert.match(describeAwsError(err('dynamodb', 'ExportTableToPointInTime', 'InvalidExportTimeException', 'x')).cause, /recovery window/);
		const conflict = describeAwsError(err('dynamodb', 'ExportTableToPointInTime', 'ExportConflictException', 'x'), {table: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders', profile: 'dev', region: 'us-east-1'});
		assert.match(conflict.cause, /ClientToken for 8 hours: an export started with it then, with other settings/);
		assert.match(conflict.fix ?? '', /a new --client-token .*watch it/);
		assert.equal(conflict.command, 'ddb-export list --table-arn arn:aws:dynamodb:us-east-1:111111111111:table/orders --profile dev --region us-east-1');
		assert.match(describeAwsError(err('dynamodb', 'DescribeTable', 'TableNotFoundException', 'no table'), {table: 'orders', region: 'eu-west-1'}).title, /Table not found: orders/);
		assert.match(describeAwsError(err('s3', 'HeadBucket', 'NoSuchBucket', 'x', 404), {bucket: 'b'}).title, /Bucket not found: b/);
		assert.match(describeAwsError(err('sts', 'GetCallerIdentity', 'ExpiredToken', 'x')).title, /expired/);
		assert.match(describeAwsError(err('sts', 'GetCallerIdentity', 'ProfileNotFound', 'x'), {profile: 'nope'}).title, /No profile named nope/);
		assert.match(describeAwsError(err('dynamodb', 'ListTables', 'NetworkError', 'getaddrinfo ENOTFOUND')).cause, /no answer: getaddrinfo ENOTFOUND/);
		assert.match(describeAwsError(err('dynamodb', 'ExportTableToPointInTime', 'IdempotentParameterMismatchException', 'x')).fix ?? '', /new client token/);
		assert.deepEqual(describeAwsError(err('dynamodb', 'Foo', 'WeirdException', 'weird thing')), {title: 'WeirdException (dynamodb:Foo)', cause: 'weird thing'});
	});

	it('explains AccessDenied through the parser', () => {
		const d = describeAwsError(err('dynamodb', 'ExportTableToPointInTime', 'AccessDeniedException', denied(SESSION, 'dynamodb:ExportTableToPointInTime', TABLE, 'because no identity-based policy allows the dynamodb:ExportTableToPointInTime action'), 400));
		assert.equal(d.title, 'Access denied: dynamodb:ExportTableToPointInTime');
		assert.match(d.cause, /^The role DataExporter \(session alice\) may not call dynamodb:ExportTableToPointInTime on table orders/);
		assert.match(d.fix ?? '', /^Add dynamodb:ExportTableToPointInTime on arn:aws:dynamodb/);
	});

	it('UserFacingError carries cause, fix, command, field and an exit code', () => {
		const e = new UserFacingError('Bad bucket', {cause: 'It has capitals.', fix: 'Use lowercase.', field: 'bucket name'});
		assert.ok(e instanceof Error);
		assert.deepEqual([e.name, e.message, e.cause, e.fix, e.field, e.exitCode, e.command], ['UserFacingError', 'Bad bucket', 'It has capitals.', 'Use lowercase.', 'bucket name', 1, undefined]);
		const fromAws = userFacingFromAws(err('sts', 'GetCallerIdentity', 'SsoTokenExpired', 'expired'), {profile: 'dev'});
		assert.equal(fromAws.command, 'aws sso login --profile dev');
	});
});
