import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {AwsCallError} from '../source/core/ports.js';
import {createAwsGateway} from '../source/aws/gateway.js';
import {toAwsCallError, hostProperty} from '../source/aws/errors.js';
import {redactText, redactValue} from '../source/aws/redact.js';
import {fromCredentialProcess} from '../source/aws/credential-process.js';
import {configuredEndpoint, isAwsHost, globalRegionFor} from '../source/aws/endpoints.js';
import {translateCredentialError} from '../source/aws/credentials.js';
import {ReadCache} from '../source/aws/read-cache.js';
import {decodePolicyDocument, simulationResultOf} from '../source/aws/iam-calls.js';
import {probeKeyFor, probeWrite, regionOfLocation} from '../source/aws/s3-calls.js';
import {organizationPolicies} from '../source/aws/organizations-calls.js';
import type {ClientPool} from '../source/aws/clients.js';
import {loadSharedConfig} from '../source/aws/profiles.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const sessionToken = 'IQoJb3JpZ2luX2VjEXAMPLETOKENvalue1234567890abcdef';

/** Every AWS_* variable, so that each test starts from a known environment and leaves none behind. */
function isolateEnvironment(): {dir: string; restore: () => void} {
	const saved = {...process.env};
	for (const name of Object.keys(process.env)) if (name.startsWith('AWS_') && name !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED') delete process.env[name];
	const dir = mkdtempSync(join(tmpdir(), 'aws-test-'));
	process.env['HOME'] = dir;
	process.env['AWS_CONFIG_FILE'] = join(dir, 'config');
	process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials');
	// The default chain would otherwise ask the instance metadata service and wait for it.
	process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
	return {
		dir,
		restore: () => {
			for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
			Object.assign(process.env, saved);
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

const configText = `
[default]
region = eu-west-1

[profile static-user]
region = us-west-2

[profile admin]
role_arn = arn:aws:iam::111111111111:role/Admin
source_profile = static-user
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile chained]
role_arn = arn:aws:iam::222222222222:role/Reader
source_profile = admin

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1
sso_registration_scopes = sso:account:access

[profile dev-sso]
sso_session = corp
sso_account_id = 333333333333
sso_role_name = Developer

[profile legacy-sso]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-2
sso_account_id = 444444444444
sso_role_name = ReadOnly
region = ap-southeast-2

[profile vault]
credential_process = /usr/local/bin/vault-creds --json

[profile ci]
role_arn = arn:aws:iam::555555555555:role/ci
web_identity_token_file = /var/run/token

[profile local]
region = us-east-1
services = local-services
endpoint_url = http://profile-endpoint:4566

[services local-services]
dynamodb =
  endpoint_url = http://dynamo-from-services:8000

[profile broken]
role_arn = arn:aws:iam::111111111111:role/X
source_profile = nowhere
`;

const credentialsText = `
[static-user]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = ${secretKey}

[default]
aws_access_key_id = AKIADEFAULTEXAMPLE01
aws_secret_access_key = ${secretKey}
`;

/** isolateEnvironment with the config and credentials files above written. */
function isolateWithProfiles(): ReturnType<typeof isolateEnvironment> {
	const env = isolateEnvironment();
	writeFileSync(join(env.dir, 'config'), configText);
	writeFileSync(join(env.dir, 'credentials'), credentialsText);
	return env;
}

describe('profiles', () => {
	let env: ReturnType<typeof isolateEnvironment>;
	beforeEach(() => {
		env = isolateWithProfiles();
	});
	afterEach(() => env.restore());

	it('lists every profile of both files with its kind and details, default first', async () => {
		const list = await createAwsGateway().listProfiles();
		assert.deepEqual(
			list.map((p) => p.name),
			['default', 'admin', 'broken', 'chained', 'ci', 'dev-sso', 'legacy-sso', 'local', 'static-user', 'vault'],
		);
		const byName = new Map(list.map((p) => [p.name, p]));
		assert.deepEqual(byName.get('default'), {name: 'default', kind: 'static', region: 'eu-west-1'});
		assert.deepEqual(byName.get('static-user'), {name: 'static-user', kind: 'static', region: 'us-west-2'});
		assert.deepEqual(byName.get('admin'), {
			name: 'admin',
			kind: 'assume-role',
			region: 'us-west-2',
			roleArn: 'arn:aws:iam::111111111111:role/Admin',
			sourceProfile: 'static-user',
			mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
		});
		assert.equal(byName.get('chained')?.region, 'us-west-2', 'region follows source_profile through two hops');
		assert.deepEqual(byName.get('dev-sso'), {
			name: 'dev-sso',
			kind: 'sso',
			region: 'eu-central-1',
			ssoStartUrl: 'https://corp.awsapps.com/start',
			ssoAccountId: '333333333333',
			ssoRoleName: 'Developer',
		});
		assert.equal(byName.get('legacy-sso')?.kind, 'sso');
		assert.equal(byName.get('legacy-sso')?.region, 'ap-southeast-2', 'own region wins over sso_region');
		assert.equal(byName.get('vault')?.kind, 'process');
		assert.equal(byName.get('ci')?.kind, 'web-identity');
		assert.equal(byName.get('local')?.kind, 'unknown');
		assert.ok(!list.some((p) => p.name.startsWith('sso-session') || p.name.startsWith('services')));
		assert.ok(!JSON.stringify(list).includes(secretKey));
	});

	it('puts AWS_PROFILE first and adds environment credentials', async () => {
		process.env['AWS_PROFILE'] = 'vault';
		process.env['AWS_ACCESS_KEY_ID'] = 'AKIAENVEXAMPLE000001';
		process.env['AWS_SECRET_ACCESS_KEY'] = secretKey;
		process.env['AWS_DEFAULT_REGION'] = 'sa-east-1';
		const list = await createAwsGateway().listProfiles();
		assert.equal(list[0]!.name, 'vault');
		assert.deepEqual(list[1], {name: '(environment)', kind: 'environment', region: 'sa-east-1'});
		delete process.env['AWS_PROFILE'];
		const withoutProfile = await createAwsGateway().listProfiles();
		assert.deepEqual(
			withoutProfile.slice(0, 2).map((p) => p.name),
			['(environment)', 'default'],
			'with keys in the environment and no AWS_PROFILE, the environment is what the SDK uses',
		);
	});

	it('reads edits made while running (no stale file cache)', async () => {
		const gateway = createAwsGateway();
		assert.equal((await gateway.listProfiles()).length, 10);
		writeFileSync(join(env.dir, 'config'), '[profile only]\nregion = us-east-1\n');
		writeFileSync(join(env.dir, 'credentials'), '');
		assert.deepEqual(await gateway.listProfiles(), [{name: 'only', kind: 'unknown', region: 'us-east-1'}]);
	});

	it('finds a default Region: AWS_REGION, AWS_DEFAULT_REGION, then the profile', async () => {
		const gateway = createAwsGateway();
		assert.equal(await gateway.defaultRegion('legacy-sso'), 'ap-southeast-2');
		assert.equal(await gateway.defaultRegion('dev-sso'), 'eu-central-1');
		assert.equal(await gateway.defaultRegion(), 'eu-west-1');
		assert.equal(await gateway.defaultRegion('vault'), undefined);
		process.env['AWS_PROFILE'] = 'static-user';
		assert.equal(await gateway.defaultRegion(), 'us-west-2');
		process.env['AWS_DEFAULT_REGION'] = 'ca-central-1';
		assert.equal(await gateway.defaultRegion('legacy-sso'), 'ca-central-1');
		process.env['AWS_REGION'] = 'me-south-1';
		assert.equal(await gateway.defaultRegion('legacy-sso'), 'me-south-1');
	});

	it('returns no profiles when the files are missing', async () => {
		rmSync(join(env.dir, 'config'));
		rmSync(join(env.dir, 'credentials'));
		assert.deepEqual(await createAwsGateway().listProfiles(), []);
		assert.equal(await createAwsGateway().defaultRegion('x'), undefined);
	});

	it('resolves configured endpoints per service and profile', async () => {
		const config = await loadSharedConfig();
		assert.equal(configuredEndpoint('dynamodb', undefined, 'local', config), 'http://dynamo-from-services:8000');
		assert.equal(configuredEndpoint('s3', undefined, 'local', config), 'http://profile-endpoint:4566');
		assert.equal(configuredEndpoint('s3', undefined, 'default', config), undefined);
		assert.equal(configuredEndpoint('s3', 'http://flag:1', 'local', config), 'http://flag:1', 'the flag wins');
		const env = {AWS_ENDPOINT_URL: 'http://all:1', AWS_ENDPOINT_URL_DYNAMODB: 'http://ddb:1'};
		assert.equal(configuredEndpoint('dynamodb', undefined, 'local', config, env), 'http://ddb:1');
		assert.equal(configuredEndpoint('access-analyzer', undefined, 'local', config, env), 'http://all:1');
		assert.equal(configuredEndpoint('access-analyzer', undefined, 'x', config, {AWS_ENDPOINT_URL_ACCESSANALYZER: 'http://aa:1'}), 'http://aa:1');
		assert.equal(configuredEndpoint('s3', undefined, 'local', config, {...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true'}), undefined);
		assert.equal(configuredEndpoint('s3', undefined, undefined, config, {AWS_PROFILE: 'local'}), 'http://profile-endpoint:4566');
	});
});

describe('endpoint helpers', () => {
	it('tells AWS hosts from AWS-compatible ones', () => {
		assert.equal(isAwsHost('https://s3.eu-west-1.amazonaws.com'), true);
		assert.equal(isAwsHost('https://dynamodb.cn-north-1.amazonaws.com.cn'), true);
		assert.equal(isAwsHost('https://s3.dualstack.us-east-1.api.aws'), true);
		assert.equal(isAwsHost('http://127.0.0.1:4566'), false);
		assert.equal(isAwsHost('http://localhost:9000'), false);
		assert.equal(isAwsHost('https://notamazonaws.com.evil.example'), false);
		assert.equal(isAwsHost('not a url'), false);
	});

	it('sends global services to the partition home Region', () => {
		assert.equal(globalRegionFor('eu-west-1'), 'us-east-1');
		assert.equal(globalRegionFor('cn-northwest-1'), 'cn-north-1');
		assert.equal(globalRegionFor('us-gov-east-1'), 'us-gov-west-1');
	});

	it('maps S3 location constraints and probe keys', () => {
		assert.equal(regionOfLocation(''), 'us-east-1');
		assert.equal(regionOfLocation(undefined), 'us-east-1');
		assert.equal(regionOfLocation('EU'), 'eu-west-1');
		assert.equal(regionOfLocation('ap-south-1'), 'ap-south-1');
		assert.match(probeKeyFor('exports/'), /^exports\/ddb-export-probe-[0-9a-f]{12}$/);
		assert.match(probeKeyFor(''), /^ddb-export-probe-[0-9a-f]{12}$/);
		assert.equal(probeKeyFor('exports/my-probe'), 'exports/my-probe');
	});
});

describe('error mapping', () => {
	const meta = (status: number, requestId = 'REQ1') => ({httpStatusCode: status, requestId});

	it('keeps the code, status and request id of a service error', () => {
		const sdkError = Object.assign(new Error('User: arn:aws:iam::1:user/a is not authorized to perform: dynamodb:DescribeTable'), {
			name: 'AccessDeniedException',
			$fault: 'client',
			$metadata: meta(400),
		});
		const e = toAwsCallError(sdkError, 'dynamodb', 'DescribeTable');
		assert.ok(e instanceof AwsCallError);
		assert.equal(e.service, 'dynamodb');
		assert.equal(e.operation, 'DescribeTable');
		assert.equal(e.code, 'AccessDeniedException');
		assert.equal(e.httpStatus, 400);
		assert.equal(e.requestId, 'REQ1');
		assert.equal(e.isAccessDenied, true);
		assert.match(e.message, /not authorized to perform: dynamodb:DescribeTable/);
	});

	it('prefers Code over name, and drops the SDK hint line', () => {
		const e = toAwsCallError(
			{name: 'S3ServiceException', Code: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist\n  Deserialization hint', $metadata: meta(404)},
			's3',
			'GetBucketPolicy',
		) as AwsCallError;
		assert.equal(e.code, 'NoSuchBucketPolicy');
		assert.equal(e.message, 'The bucket policy does not exist');
	});

	it('names S3 answers without a body', () => {
		const denied = toAwsCallError({name: 'Unknown', message: 'UnknownError', $metadata: meta(403)}, 's3', 'HeadBucket') as AwsCallError;
		assert.equal(denied.code, 'AccessDenied');
		assert.equal(denied.message, 'Access Denied');
		assert.equal(denied.httpStatus, 403);
		const missing = toAwsCallError({name: 'NotFound', message: 'UnknownError', $metadata: meta(404)}, 's3', 'HeadBucket') as AwsCallError;
		assert.equal(missing.code, 'NoSuchBucket');
		assert.equal(missing.isNotFound, true);
		const oldStyle = toAwsCallError({name: '403', message: '', $metadata: meta(403)}, 's3', 'HeadBucket') as AwsCallError;
		assert.equal(oldStyle.code, 'AccessDenied');
		const noKey = toAwsCallError({name: 'NotFound', message: 'UnknownError', $metadata: meta(404)}, 's3', 'HeadObject') as AwsCallError;
		assert.equal(noKey.code, 'NoSuchKey');
	});

	it('reads a 403 with an unreadable body as AccessDenied, showing the body start but no stack', () => {
		const xml = '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Forbidden by proxy</Message></Error>';
		const syntax = new SyntaxError('Unexpected token < in JSON at position 0\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.');
		Object.defineProperty(syntax, '$responseBodyText', {value: xml});
		Object.defineProperty(syntax, '$response', {value: {statusCode: 403, headers: {}, body: xml}});
		(syntax as unknown as {$metadata: object}).$metadata = {httpStatusCode: 403, requestId: 'R9'};
		const e = toAwsCallError(syntax, 'dynamodb', 'DescribeTable') as AwsCallError;
		assert.equal(e.code, 'AccessDenied');
		assert.equal(e.httpStatus, 403);
		assert.equal(e.requestId, 'R9');
		assert.equal(e.isAccessDenied, true);
		assert.match(e.message, /Forbidden by proxy/);
		assert.doesNotMatch(e.message, /\n|at .*\.js|inspect the hidden field/);
		// What the SDK really throws: the body already consumed, its start quoted by the parser.
		const consumed = Object.assign(
			new SyntaxError('Unexpected token \'<\', "<?xml vers"... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'),
			{$metadata: {httpStatusCode: 403}},
		);
		const e2 = toAwsCallError(consumed, 'kms', 'ListKeys') as AwsCallError;
		assert.equal(e2.code, 'AccessDenied');
		assert.match(e2.message, /<\?xml vers/);
		assert.doesNotMatch(e2.message, /hidden field/);
		const other = toAwsCallError(Object.assign(new SyntaxError('bad'), {$metadata: {httpStatusCode: 502}}), 'dynamodb', 'ListTables') as AwsCallError;
		assert.equal(other.code, 'UnparseableResponse');
		assert.equal(other.httpStatus, 502);
	});

	it('turns unanswered requests into NetworkError naming the host', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {code: 'ECONNREFUSED', $metadata: {attempts: 3}});
		Object.defineProperty(refused, hostProperty, {value: '127.0.0.1:4566'});
		const e = toAwsCallError(refused, 'sts', 'GetCallerIdentity') as AwsCallError;
		assert.equal(e.code, 'NetworkError');
		assert.match(e.message, /127\.0\.0\.1:4566/);
		assert.match(e.message, /ECONNREFUSED/);
		const reset = toAwsCallError(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}), 's3', 'ListBuckets') as AwsCallError;
		assert.equal(reset.code, 'NetworkError');
		const timeout = toAwsCallError(Object.assign(new Error('Connection timed out after 10000 ms'), {name: 'TimeoutError'}), 'kms', 'ListKeys') as AwsCallError;
		assert.equal(timeout.code, 'NetworkError');
		assert.match(timeout.message, /timed out/);
		const dns = toAwsCallError(
			Object.assign(new Error('getaddrinfo ENOTFOUND dynamodb.xx-east-1.amazonaws.com'), {code: 'ENOTFOUND', hostname: 'dynamodb.xx-east-1.amazonaws.com'}),
			'dynamodb',
			'ListTables',
		) as AwsCallError;
		assert.match(dns.message, /dynamodb\.xx-east-1\.amazonaws\.com/);
	});

	it('lets AbortError through unchanged and passes AwsCallError on', () => {
		const abort = Object.assign(new Error('Request aborted'), {name: 'AbortError'});
		assert.equal(toAwsCallError(abort, 'dynamodb', 'DescribeExport'), abort);
		const existing = new AwsCallError('credentials', 'LoadCredentials', 'SsoTokenExpired', 'x');
		assert.equal(toAwsCallError(existing, 'sts', 'GetCallerIdentity'), existing);
	});

	it('classifies credential failures without leaking secrets', async () => {
		const env = isolateWithProfiles();
		try {
			const expired = (await translateCredentialError(
				{name: 'ExpiredToken', message: 'The security token included in the request is expired', $metadata: {httpStatusCode: 403}},
				'admin',
			)) as AwsCallError;
			assert.equal(expired.service, 'credentials');
			assert.equal(expired.code, 'ExpiredToken');
			assert.equal(expired.isExpiredCredentials, true);
			const missingSource = (await translateCredentialError(new Error('whatever'), 'broken')) as AwsCallError;
			assert.equal(missingSource.code, 'ProfileNotFound');
			assert.match(missingSource.message, /nowhere/);
			const leaky = (await translateCredentialError(
				new Error(`credential_process printed aws_secret_access_key=${secretKey} and "SessionToken": "${sessionToken}"`),
				'vault',
			)) as AwsCallError;
			assert.equal(leaky.code, 'CredentialsError');
			assert.ok(!leaky.message.includes(secretKey) && !leaky.message.includes(sessionToken), leaky.message);
			const assumeDenied = (await translateCredentialError(
				{name: 'AccessDenied', message: 'User: arn:aws:iam::1:user/a is not authorized to perform: sts:AssumeRole', $metadata: {httpStatusCode: 403}},
				'admin',
			)) as AwsCallError;
			assert.equal(assumeDenied.service, 'credentials');
			assert.equal(assumeDenied.code, 'AccessDenied');
			assert.equal(assumeDenied.isAccessDenied, true);
			const abort = Object.assign(new Error('aborted'), {name: 'AbortError'});
			assert.equal(await translateCredentialError(abort, 'admin'), abort);
		} finally {
			env.restore();
		}
	});
});

describe('credentials through a session (no network needed)', () => {
	let env: ReturnType<typeof isolateEnvironment>;
	beforeEach(() => {
		env = isolateWithProfiles();
	});
	afterEach(() => env.restore());
	// Port 9 (discard) on loopback: nothing listens, so any request fails at once.
	const deadEndpoint = 'http://127.0.0.1:9';

	async function failureOf(promise: Promise<unknown>): Promise<AwsCallError> {
		const error = await promise.then(
			() => assert.fail('expected a failure'),
			(e: unknown) => e,
		);
		assert.ok(error instanceof AwsCallError, String(error));
		return error;
	}

	it('names a missing profile and the files searched, without retrying', async () => {
		const retries: unknown[] = [];
		const session = createAwsGateway({endpointUrl: deadEndpoint, onRetry: (event) => retries.push(event)}).session({profile: 'nope', region: 'us-east-1'});
		const e = await failureOf(session.identity());
		assert.deepEqual(retries, []);
		assert.equal(e.service, 'credentials');
		assert.equal(e.code, 'ProfileNotFound');
		assert.ok(e.message.includes('"nope"') && e.message.includes(join(env.dir, 'config')) && e.message.includes(join(env.dir, 'credentials')), e.message);
	});

	it('asks for an MFA code, and says so when none can be asked', async () => {
		const gateway = createAwsGateway({endpointUrl: deadEndpoint, maxAttempts: 1});
		const e = await failureOf(gateway.session({profile: 'admin', region: 'us-east-1'}).identity());
		assert.equal(e.code, 'MfaRequired');
		const asked: string[] = [];
		const withCode = gateway.session({
			profile: 'admin',
			region: 'us-east-1',
			mfaCode: async (serial) => {
				asked.push(serial);
				return '123456';
			},
		});
		const e2 = await failureOf(withCode.identity());
		assert.deepEqual(asked, ['arn:aws:iam::111111111111:mfa/alice']);
		// The AssumeRole call went to the endpoint override (nothing listens there).
		assert.equal(e2.service, 'credentials');
		assert.equal(e2.code, 'NetworkError');
		assert.match(e2.message, /127\.0\.0\.1:9/);
	});

	it('tells an SSO user to log in again', async () => {
		const e = await failureOf(createAwsGateway({endpointUrl: deadEndpoint, maxAttempts: 1}).session({profile: 'dev-sso', region: 'us-east-1'}).identity());
		assert.equal(e.code, 'SsoTokenExpired');
		assert.match(e.message, /aws sso login --profile dev-sso/);
	});

	it('says when there are no credentials at all', async () => {
		rmSync(join(env.dir, 'credentials'));
		writeFileSync(join(env.dir, 'config'), '[profile other]\nregion = us-east-1\n');
		const e = await failureOf(createAwsGateway({endpointUrl: deadEndpoint, maxAttempts: 1}).session({region: 'us-east-1'}).identity());
		assert.equal(e.service, 'credentials');
		assert.equal(e.code, 'CredentialsMissing');
	});

	it('retries unanswered calls, reports each retry and call, and logs without secrets', async () => {
		process.env['AWS_ACCESS_KEY_ID'] = 'AKIAENVEXAMPLE000001';
		process.env['AWS_SECRET_ACCESS_KEY'] = secretKey;
		process.env['AWS_SESSION_TOKEN'] = sessionToken;
		const retries: unknown[] = [];
		const calls: unknown[] = [];
		const lines: string[] = [];
		const gateway = createAwsGateway({
			endpointUrl: deadEndpoint,
			maxAttempts: 3,
			onRetry: (event) => retries.push(event),
			onCall: (event) => calls.push({...event, ms: typeof event.ms}),
			debug: (line) => lines.push(line),
		});
		const session = gateway.session({region: 'eu-west-1'});
		const e = await failureOf(session.describeTable('orders'));
		assert.equal(e.code, 'NetworkError');
		assert.equal(e.service, 'dynamodb');
		assert.deepEqual(retries, [
			{service: 'dynamodb', operation: 'DescribeTable', attempt: 2, error: 'ECONNREFUSED'},
			{service: 'dynamodb', operation: 'DescribeTable', attempt: 3, error: 'ECONNREFUSED'},
		]);
		assert.deepEqual(calls, [{service: 'dynamodb', operation: 'DescribeTable', region: 'eu-west-1', ms: 'number', ok: false}]);
		const log = lines.join('\n');
		assert.match(log, /AKIA…/);
		assert.ok(!log.includes('AKIAENVEXAMPLE000001') && !log.includes(secretKey) && !log.includes(sessionToken), log);
		// A failed call is not cached: asking again asks AWS again.
		await failureOf(session.describeTable('orders'));
		assert.equal(calls.length, 2);
	});

	it('rejects at once with AbortError when the signal is already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		const session = createAwsGateway({endpointUrl: deadEndpoint}).session({region: 'us-east-1'});
		await assert.rejects(session.listTables({signal: controller.signal}), {name: 'AbortError'});
	});
});

describe('redaction', () => {
	it('redacts secrets in values by key', () => {
		const out = redactValue({
			AccessKeyId: 'ASIAXXXXXXXXXXXXXXXX',
			SecretAccessKey: secretKey,
			SessionToken: sessionToken,
			headers: {authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/…', 'x-amz-security-token': sessionToken, host: 'h'},
			nested: [{TokenCode: '123456', TableName: 'orders'}],
		});
		const text = JSON.stringify(out);
		assert.ok(!text.includes(secretKey) && !text.includes(sessionToken) && !text.includes('123456'), text);
		assert.match(text, /"AccessKeyId":"ASIA…"/);
		assert.match(text, /"TableName":"orders"/);
		assert.match(text, /"host":"h"/);
	});

	it('redacts secrets in free text by shape', () => {
		const header =
			'authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';
		const out = redactText(header);
		assert.ok(!out.includes('AKIAIOSFODNN7EXAMPLE') && !out.includes('fe5f80f77d5fa3be'), out);
		const url = redactText('GET /x?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F2025&X-Amz-Signature=abcdef0123456789abcdef&X-Amz-Security-Token=FQoG123');
		assert.ok(!url.includes('abcdef0123456789') && !url.includes('FQoG123') && !url.includes('AKIAIOSFODNN7EXAMPLE'), url);
		assert.equal(redactText('key ASIAIOSFODNN7EXAMPLE used'), 'key ASIA… used');
		const ini = redactText(`aws_secret_access_key = ${secretKey}\naws_session_token=${sessionToken}`);
		assert.ok(!ini.includes(secretKey) && !ini.includes(sessionToken), ini);
		assert.equal(redactText('Bearer abcdefghijklmnop'), 'Bearer [redacted]');
		assert.equal(redactText('dynamodb DescribeTable eu-west-1 ok 12ms'), 'dynamodb DescribeTable eu-west-1 ok 12ms');
	});
});

describe('read cache', () => {
	it('shares a call in flight, keeps successes, forgets failures, and invalidates by leading arguments', async () => {
		const cache = new ReadCache();
		let loads = 0;
		const load = async () => {
			loads += 1;
			return loads;
		};
		const [a, b] = await Promise.all([cache.get('m', ['t1'], undefined, load), cache.get('m', ['t1'], undefined, load)]);
		assert.deepEqual([a, b, loads], [1, 1, 1]);
		assert.equal(await cache.get('m', ['t2'], undefined, load), 2);
		await assert.rejects(cache.get('f', ['x'], undefined, async () => Promise.reject(new Error('boom'))));
		assert.equal(await cache.get('f', ['x'], undefined, async () => 'fine'), 'fine');
		cache.invalidate('m', 't1');
		assert.equal(await cache.get('m', ['t1'], undefined, load), 3);
		assert.equal(await cache.get('m', ['t2'], undefined, load), 2, 'other arguments kept');
	});

	it('calls again for a caller whose signal is live when the shared call was aborted', async () => {
		const cache = new ReadCache();
		const first = cache.get('m', [], undefined, async () => Promise.reject(Object.assign(new Error('aborted'), {name: 'AbortError'})));
		const second = cache.get('m', [], new AbortController().signal, async () => 'again');
		await assert.rejects(first, {name: 'AbortError'});
		assert.equal(await second, 'again');
	});
});

describe('IAM shapes', () => {
	it('maps simulation results', () => {
		assert.deepEqual(
			simulationResultOf({
				EvalActionName: 's3:PutObject',
				EvalResourceName: 'arn:aws:s3:::b/p*',
				EvalDecision: 'explicitDeny',
				OrganizationsDecisionDetail: {AllowedByOrganizations: false},
				PermissionsBoundaryDecisionDetail: {AllowedByPermissionsBoundary: true},
				MatchedStatements: [{SourcePolicyId: 'deny-s3'}, {SourcePolicyId: 'deny-s3'}, {SourcePolicyId: 'other'}],
				MissingContextValues: ['aws:SourceIp'],
			}),
			{
				action: 's3:PutObject',
				resource: 'arn:aws:s3:::b/p*',
				decision: 'explicitDeny',
				allowedByOrganizations: false,
				allowedByPermissionsBoundary: true,
				matchedStatementIds: ['deny-s3', 'other'],
				missingContextKeys: ['aws:SourceIp'],
			},
		);
		assert.equal(simulationResultOf({EvalActionName: 'a', EvalDecision: 'implicitDeny'}).allowedByOrganizations, undefined);
	});

	it('decodes URL-encoded policy documents', () => {
		const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a b/*"}]}';
		assert.equal(decodePolicyDocument(encodeURIComponent(doc)), doc);
		assert.equal(decodePolicyDocument(doc), doc, 'already decoded text is left alone');
		assert.equal(decodePolicyDocument('%E0%A4%A'), '%E0%A4%A', 'malformed escapes are left alone');
	});
});

/**
 * A ClientPool stand-in: commands are plain records of their name and input, and each
 * operation answers from `answers` (a value, or an Error to throw, mapped like real calls).
 */
function fakePool(answers: Record<string, (input: Record<string, unknown>) => unknown>) {
	const sent: {operation: string; input: Record<string, unknown>; signal?: AbortSignal}[] = [];
	const module = new Proxy(
		{},
		{
			get: (_target, name: string) =>
				class {
					readonly operation = name.replace(/Command$/, '');
					constructor(readonly input: Record<string, unknown>) {}
				},
		},
	);
	const pool = {
		async call(service: string, _region: string, operation: string, signal: AbortSignal | undefined, send: Function) {
			const client = {
				send: async (command: {operation: string; input: Record<string, unknown>}) => {
					sent.push({operation: command.operation, input: command.input, signal});
					const answer = answers[command.operation];
					if (!answer) throw new Error(`unexpected ${command.operation}`);
					return answer(command.input);
				},
			};
			try {
				return await send(module, client, {abortSignal: signal});
			} catch (error) {
				throw toAwsCallError(error, service, operation);
			}
		},
	} as unknown as ClientPool;
	return {pool, sent};
}

describe('multi-step operations (fake pool)', () => {
	// An account under two OUs below the root, with an SCP attached at two levels.
	const parents: Record<string, {Id: string; Type: string}> = {
		'111111111111': {Id: 'ou-team', Type: 'ORGANIZATIONAL_UNIT'},
		'ou-team': {Id: 'ou-dept', Type: 'ORGANIZATIONAL_UNIT'},
		'ou-dept': {Id: 'r-root', Type: 'ROOT'},
	};
	const attached: Record<string, string[]> = {'111111111111': ['p-acct', 'p-full'], 'ou-team': [], 'ou-dept': ['p-deny'], 'r-root': ['p-full']};

	it('collects SCPs from the account, its OUs and the root, describing each policy once', async () => {
		const {pool, sent} = fakePool({
			ListParents: (input) => ({Parents: [parents[input['ChildId'] as string]]}),
			ListPoliciesForTarget: (input) => ({
				Policies: attached[input['TargetId'] as string]!.map((id) => ({Id: id, Arn: `arn:${id}`, Name: id.toUpperCase(), Type: input['Filter']})),
			}),
			DescribePolicy: (input) => ({Policy: {Content: `{"id":"${input['PolicyId']}"}`}}),
		});
		const policies = await organizationPolicies(pool, 'us-east-1', '111111111111');
		assert.deepEqual(
			policies.map((p) => [p.id, p.name, p.type, p.content]),
			[
				['p-acct', 'P-ACCT', 'SERVICE_CONTROL_POLICY', '{"id":"p-acct"}'],
				['p-full', 'P-FULL', 'SERVICE_CONTROL_POLICY', '{"id":"p-full"}'],
				['p-deny', 'P-DENY', 'SERVICE_CONTROL_POLICY', '{"id":"p-deny"}'],
			],
		);
		assert.deepEqual(
			sent.filter((c) => c.operation === 'ListPoliciesForTarget').map((c) => c.input['TargetId']),
			['111111111111', 'ou-team', 'ou-dept', 'r-root'],
		);
		assert.equal(sent.filter((c) => c.operation === 'DescribePolicy').length, 3);
	});

	it('overlaps the SCP calls: an account under two OUs takes four round trips, not ten', async () => {
		// Every call waits for the next round; a round answers all calls waiting at once.
		let waiting: Array<() => void> = [];
		const later = <T>(answer: () => T) =>
			new Promise<T>((resolve, reject) =>
				waiting.push(() => {
					try {
						resolve(answer());
					} catch (error) {
						reject(error);
					}
				}),
			);
		const {pool, sent} = fakePool({
			ListParents: (input) => later(() => ({Parents: [parents[input['ChildId'] as string]]})),
			ListPoliciesForTarget: (input) => later(() => ({Policies: attached[input['TargetId'] as string]!.map((id) => ({Id: id, Name: id}))})),
			DescribePolicy: (input) => later(() => ({Policy: {Content: String(input['PolicyId'])}})),
		});
		let done = false;
		const result = organizationPolicies(pool, 'us-east-1', '111111111111').finally(() => {
			done = true;
		});
		let rounds = 0;
		for (let idle = 0; !done && idle < 50; ) {
			await new Promise((resolve) => setImmediate(resolve));
			const batch = waiting;
			waiting = [];
			if (!batch.length) {
				idle++;
				continue;
			}
			rounds++;
			for (const answer of batch) answer();
		}
		assert.deepEqual((await result).map((p) => p.content), ['p-acct', 'p-full', 'p-deny']);
		// 1: ListParents(account) and the account's policies; 2: the first OU, p-acct and
		// p-full described; 3: the second OU; 4: the root's policies and p-deny described.
		assert.equal(rounds, 4);
		assert.equal(sent.filter((c) => c.operation === 'DescribePolicy').length, 3);
	});

	for (const operation of ['ListParents', 'ListPoliciesForTarget']) {
		it(`does not hide a denied ${operation} (the calls still running are stopped)`, async () => {
			const denied = () => {
				throw Object.assign(new Error(`not authorized to perform: organizations:${operation}`), {name: 'AccessDeniedException', $metadata: {httpStatusCode: 400}});
			};
			const {pool} = fakePool({
				ListParents: operation === 'ListParents' ? denied : () => ({Parents: [{Id: 'r-root', Type: 'ROOT'}]}),
				ListPoliciesForTarget: operation === 'ListPoliciesForTarget' ? denied : () => new Promise(() => {}),
			});
			const e = await organizationPolicies(pool, 'us-east-1', '111111111111').then(
				() => assert.fail('expected a failure'),
				(error: unknown) => error as AwsCallError,
			);
			assert.equal(e.operation, operation);
			assert.equal(e.isAccessDenied, true);
		});
	}

	it('aborts the probe upload even when a step fails or the caller cancels, and reports the failing step', async () => {
		const denied = () => {
			throw Object.assign(new Error('Access Denied'), {name: 'AccessDenied', $metadata: {httpStatusCode: 403}});
		};
		const {pool, sent} = fakePool({CreateMultipartUpload: () => ({UploadId: 'u-1'}), UploadPart: denied, AbortMultipartUpload: () => ({})});
		const controller = new AbortController();
		const e = await probeWrite(pool, 'us-east-1', 'b', 'exports/', {algorithm: 'KMS', kmsKeyId: 'alias/k'}, '111111111111', controller.signal).then(
			() => assert.fail('expected a failure'),
			(error: unknown) => error as AwsCallError,
		);
		assert.equal(e.operation, 'UploadPart');
		assert.equal(e.code, 'AccessDenied');
		assert.deepEqual(
			sent.map((c) => c.operation),
			['CreateMultipartUpload', 'UploadPart', 'AbortMultipartUpload'],
		);
		const create = sent[0]!.input;
		assert.match(String(create['Key']), /^exports\/ddb-export-probe-[0-9a-f]+$/);
		assert.deepEqual([create['ServerSideEncryption'], create['SSEKMSKeyId'], create['ExpectedBucketOwner']], ['aws:kms', 'alias/k', '111111111111']);
		assert.equal(sent[2]!.input['UploadId'], 'u-1');
		assert.equal(sent[2]!.input['Key'], create['Key']);
		assert.equal(sent[2]!.signal, undefined, 'cleanup does not use the caller signal');

		const abortFails = fakePool({CreateMultipartUpload: () => ({UploadId: 'u-2'}), UploadPart: () => ({}), AbortMultipartUpload: denied});
		const e2 = await probeWrite(abortFails.pool, 'us-east-1', 'b', 'k', {algorithm: 'AES256'}).then(
			() => assert.fail('expected a failure'),
			(error: unknown) => error as AwsCallError,
		);
		assert.equal(e2.operation, 'AbortMultipartUpload', 's3:AbortMultipartUpload is one of the permissions an export needs');
		assert.equal(abortFails.sent[0]!.input['ServerSideEncryption'], 'AES256');
		assert.equal(abortFails.sent[0]!.input['SSEKMSKeyId'], undefined);

		const createFails = fakePool({CreateMultipartUpload: denied});
		const e3 = await probeWrite(createFails.pool, 'us-east-1', 'b', 'k', {algorithm: 'AES256'}).then(
			() => assert.fail('expected a failure'),
			(error: unknown) => error as AwsCallError,
		);
		assert.equal(e3.operation, 'CreateMultipartUpload');
		assert.deepEqual(createFails.sent.map((c) => c.operation), ['CreateMultipartUpload'], 'nothing to abort');
	});
});

describe('write probe: a CreateMultipartUpload the SDK retried', () => {
	const retried = (id: string) => () => ({UploadId: id, $metadata: {httpStatusCode: 200, attempts: 2}});

	it('aborts the other upload of its own key that a lost answer left, and nothing else', async () => {
		const {pool, sent} = fakePool({
			CreateMultipartUpload: retried('u-2'),
			UploadPart: () => ({}),
			AbortMultipartUpload: () => ({}),
			ListMultipartUploads: (input) => ({
				Uploads: [
					{Key: input['Prefix'], UploadId: 'u-1'},
					{Key: input['Prefix'], UploadId: 'u-2'},
					{Key: `${input['Prefix']}-someone-elses`, UploadId: 'u-9'},
				],
			}),
		});
		const outcome = await probeWrite(pool, 'us-east-1', 'b', 'exports/', {algorithm: 'AES256'}, '111111111111');
		assert.deepEqual(outcome, {});
		assert.deepEqual(
			sent.map((c) => [c.operation, c.input['UploadId']]),
			[['CreateMultipartUpload', undefined], ['UploadPart', 'u-2'], ['AbortMultipartUpload', 'u-2'], ['ListMultipartUploads', undefined], ['AbortMultipartUpload', 'u-1']],
		);
		assert.equal(sent[3]!.input['Prefix'], sent[0]!.input['Key']);
		assert.equal(sent[3]!.input['ExpectedBucketOwner'], '111111111111');
	});

	it('says what may remain, and how to remove it, when the uploads cannot be listed', async () => {
		const {pool, sent} = fakePool({
			CreateMultipartUpload: retried('u-2'),
			UploadPart: () => ({}),
			AbortMultipartUpload: () => ({}),
			ListMultipartUploads: () => {
				throw Object.assign(new Error('Access Denied'), {name: 'AccessDenied', $metadata: {httpStatusCode: 403}});
			},
		});
		const outcome = await probeWrite(pool, 'us-east-1', 'b', 'exports/', {algorithm: 'AES256'});
		const key = String(sent[0]!.input['Key']);
		assert.ok(outcome.leftover?.includes(`s3://b/${key}`), outcome.leftover);
		assert.match(outcome.leftover ?? '', /ListMultipartUploads: AccessDenied/);
		assert.ok(outcome.leftover?.includes(`aws s3api list-multipart-uploads --bucket b --prefix ${key}`), outcome.leftover);
	});

	it('lists nothing when CreateMultipartUpload was answered the first time', async () => {
		const {pool, sent} = fakePool({CreateMultipartUpload: () => ({UploadId: 'u-1', $metadata: {attempts: 1}}), UploadPart: () => ({}), AbortMultipartUpload: () => ({})});
		assert.deepEqual(await probeWrite(pool, 'us-east-1', 'b', 'k', {algorithm: 'AES256'}), {});
		assert.deepEqual(sent.map((c) => c.operation), ['CreateMultipartUpload', 'UploadPart', 'AbortMultipartUpload']);
	});
});

describe('start-up cost', () => {
	it('source/aws imports SDK packages only as types or with import()', () => {
		const dir = join(import.meta.dirname, '..', 'source', 'aws');
		for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
			const text = readFileSync(join(dir, file), 'utf8');
			const staticValueImports = text
				.split('\n')
				.filter((line) => /^\s*(import|export)\s[^(]*from\s+'@(aws-sdk|smithy)\//.test(line) && !/^\s*(import|export)\s+type\s/.test(line));
			assert.deepEqual(staticValueImports, [], file);
		}
	});
});

// ---------------------------------------------------------------------------------------
// Against the sandbox: the real SDK clients over loopback HTTP.

type Sandbox = Awaited<ReturnType<typeof import('../source/sandbox/index.js').startSandbox>>;

async function startWithConfig(options: Parameters<typeof import('../source/sandbox/index.js').startSandbox>[0]): Promise<{
	sandbox: Sandbox;
	env: ReturnType<typeof isolateEnvironment>;
	stop: () => Promise<void>;
}> {
	const {startSandbox} = await import('../source/sandbox/index.js');
	const env = isolateEnvironment();
	const sandbox = await startSandbox(options);
	const files = sandbox.writeSharedConfig(env.dir);
	process.env['AWS_CONFIG_FILE'] = files.configFile;
	process.env['AWS_SHARED_CREDENTIALS_FILE'] = files.credentialsFile;
	return {
		sandbox,
		env,
		stop: async () => {
			await sandbox.stop();
			env.restore();
		},
	};
}

/** Runs `work` against a sandbox of its own, stopped afterwards whatever happens. */
async function inWorld(options: Parameters<typeof startWithConfig>[0], work: (world: Awaited<ReturnType<typeof startWithConfig>>) => Promise<void>): Promise<void> {
	const world = await startWithConfig(options);
	try {
		await work(world);
	} finally {
		await world.stop();
	}
}

/** The session plus a way to close its connections (not part of AwsSession). */
function sessionOf(gateway: ReturnType<typeof createAwsGateway>, request: Parameters<ReturnType<typeof createAwsGateway>['session']>[0]) {
	const session = gateway.session(request);
	sessions.push(session as unknown as {destroy(): void});
	return session;
}
const sessions: {destroy(): void}[] = [];
after(() => {
	for (const s of sessions) s.destroy();
});

async function rejection(promise: Promise<unknown>): Promise<AwsCallError> {
	const error = await promise.then(
		() => assert.fail('expected a failure'),
		(e: unknown) => e,
	);
	assert.ok(error instanceof AwsCallError, String(error));
	return error;
}

describe('sandbox: healthy', () => {
	let world: Awaited<ReturnType<typeof startWithConfig>>;
	let gateway: ReturnType<typeof createAwsGateway>;
	const calls: {service: string; operation: string; ok: boolean}[] = [];
	const debugLines: string[] = [];
	before(async () => {
		world = await startWithConfig({scenario: 'healthy', exportDurationMs: 200});
		gateway = createAwsGateway({
			endpointUrl: world.sandbox.endpoint,
			onCall: ({service, operation, ok}) => calls.push({service, operation, ok}),
			debug: (line) => debugLines.push(line),
		});
	});
	after(() => world.stop());

	it('reads identity, tables, PITR and KMS details of a table', async () => {
		const plan = world.sandbox.defaultPlan;
		const session = sessionOf(gateway, {profile: world.sandbox.defaultProfile, region: plan.region});
		const identity = await session.identity();
		assert.equal(identity.account, '111111111111');
		assert.match(identity.arn, /^arn:aws:sts::111111111111:assumed-role\/DataExporter\//);
		const pages: string[][] = [];
		const tables = await session.listTables({onPage: (page) => pages.push(page)});
		assert.deepEqual(tables, ['audit-log', 'customers', 'orders', 'payments']);
		assert.deepEqual(pages, [tables]);

		const orders = await session.describeTable('orders');
		assert.equal(orders.arn, plan.tableArn);
		assert.equal(orders.status, 'ACTIVE');
		assert.deepEqual(orders.encryption, {type: 'DEFAULT'});
		assert.equal(typeof orders.itemCount, 'number');
		const payments = await session.describeTable('payments');
		assert.equal(payments.encryption.type, 'KMS');
		assert.match(payments.encryption.kmsKeyArn ?? '', /^arn:aws:kms:us-east-1:111111111111:key\//);
		assert.equal(payments.awsManagedKey, false);

		const pitr = await session.describeContinuousBackups('orders');
		assert.equal(pitr.enabled, true);
		assert.ok(pitr.earliest instanceof Date && pitr.latest instanceof Date);
		assert.ok(pitr.earliest < pitr.latest);
		assert.equal(typeof pitr.recoveryPeriodDays, 'number');
		assert.equal((await session.describeContinuousBackups('audit-log')).enabled, false);
		await assert.rejects(session.describeTable('no-such-table'), (e: unknown) => e instanceof AwsCallError && e.code === 'ResourceNotFoundException' && e.isNotFound);
	});

	it('reads buckets, their Region, policy and settings, and probes a write without leaving anything', async () => {
		const plan = world.sandbox.defaultPlan;
		const session = sessionOf(gateway, {profile: world.sandbox.defaultProfile, region: plan.region});
		const buckets = await session.listBuckets();
		assert.deepEqual(
			buckets.map((b) => [b.name, b.region]),
			[
				['logs-eu', 'eu-west-1'],
				['orders-exports', 'us-east-1'],
			],
		);
		assert.ok(buckets[0]!.createdAt instanceof Date);
		// With an expected owner the listing is not trusted: GetBucketLocation answers.
		assert.equal(await session.bucketRegion('logs-eu', '111111111111'), 'eu-west-1');
		assert.equal(await session.bucketRegion(plan.bucket), 'us-east-1');
		await session.headBucket(plan.bucket, plan.region, '111111111111');
		const missing = await rejection(session.headBucket('orders-exports-archive', plan.region));
		assert.equal(missing.code, 'NoSuchBucket');
		assert.equal(missing.httpStatus, 404);
		const policy = await session.bucketPolicy(plan.bucket, plan.region);
		assert.match(policy ?? '', /AllowAccountExports/);
		assert.equal(await session.bucketPolicy('logs-eu', 'eu-west-1'), null);
		assert.deepEqual(await session.bucketEncryption(plan.bucket, plan.region), {algorithm: 'AES256', bucketKeyEnabled: false});
		assert.equal(await session.bucketOwnership(plan.bucket, plan.region), 'BucketOwnerEnforced');
		assert.equal(await session.bucketRequestPayment(plan.bucket, plan.region), 'BucketOwner');

		world.sandbox.resetStats();
		await session.probeWrite(plan.bucket, plan.region, plan.prefix, {algorithm: 'AES256'}, '111111111111');
		await session.probeWrite(plan.bucket, plan.region, `${plan.prefix}kms-probe`, {algorithm: 'KMS', kmsKeyId: 'alias/exports'});
		const byOperation = world.sandbox.stats.byOperation;
		assert.equal(byOperation['s3:CreateMultipartUpload'], 2);
		assert.equal(byOperation['s3:UploadPart'], 2);
		assert.equal(byOperation['s3:AbortMultipartUpload'], 2);
		assert.deepEqual(world.sandbox.world.objects(plan.bucket, plan.prefix), []);
	});

	it('lists keys with aliases and reads key details and policy', async () => {
		const session = sessionOf(gateway, {profile: 'default', region: 'us-east-1'});
		const keys = await session.listKeys('us-east-1');
		const byAlias = new Map(keys.flatMap((k) => k.aliases.map((a) => [a, k] as const)));
		assert.equal(byAlias.get('alias/exports')?.manager, 'CUSTOMER');
		assert.equal(byAlias.get('alias/aws/s3')?.manager, 'AWS');
		const exportsKey = byAlias.get('alias/exports')!;
		const details = await session.describeKey('alias/exports', 'us-east-1');
		assert.equal(details.arn, exportsKey.arn);
		assert.equal(details.keyId, exportsKey.keyId);
		assert.deepEqual(
			[details.region, details.account, details.state, details.enabled, details.manager, details.keySpec, details.keyUsage],
			['us-east-1', '111111111111', 'Enabled', true, 'CUSTOMER', 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT'],
		);
		const keyPolicy = JSON.parse(await session.keyPolicy(details.arn, 'us-east-1')) as {Statement: unknown[]};
		assert.ok(keyPolicy.Statement.length > 0);
		assert.equal((await session.describeKey('alias/aws/s3', 'us-east-1')).manager, 'AWS');
	});

	it('simulates, reads and writes inline policies, validates, and reads SCPs', async () => {
		const plan = world.sandbox.defaultPlan;
		const session = sessionOf(gateway, {profile: 'default', region: plan.region});
		const roleArn = 'arn:aws:iam::111111111111:role/DataExporter';
		const results = await session.simulatePrincipalPolicy(roleArn, ['dynamodb:ExportTableToPointInTime', 'dynamodb:DeleteTable'], [plan.tableArn]);
		assert.equal(results.length, 2);
		assert.deepEqual(
			results.map((r) => [r.action, r.resource, r.decision]),
			[
				['dynamodb:ExportTableToPointInTime', plan.tableArn, 'allowed'],
				['dynamodb:DeleteTable', plan.tableArn, 'implicitDeny'],
			],
		);
		assert.ok(results[0]!.matchedStatementIds.length > 0);
		const custom = await session.simulateCustomPolicy(
			[JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/p*'}]})],
			['s3:PutObject'],
			['arn:aws:s3:::b/p/x'],
		);
		assert.equal(custom[0]!.decision, 'allowed');

		const principal = {type: 'role' as const, name: 'DataExporter'};
		const names = await session.listInlinePolicies(principal);
		assert.ok(names.length > 0);
		const document = await session.getInlinePolicy(principal, names[0]!);
		assert.ok(document && JSON.parse(document), 'decoded JSON');
		assert.equal(await session.getInlinePolicy(principal, 'NoSuchPolicy'), null);
		const added = JSON.stringify({Version: '2012-10-17', Statement: [{Sid: 'Added', Effect: 'Allow', Action: 'dynamodb:ListExports', Resource: '*'}]});
		assert.equal(await session.getInlinePolicy(principal, 'Added'), null);
		await session.putInlinePolicy(principal, 'Added', added);
		assert.deepEqual(JSON.parse((await session.getInlinePolicy(principal, 'Added'))!), JSON.parse(added), 'the cached null was dropped');
		assert.ok((await session.listInlinePolicies(principal)).includes('Added'));

		const findings = await session.validatePolicy(
			JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::orders-exports/*'}]}),
			'IDENTITY_POLICY',
		);
		assert.ok(Array.isArray(findings));

		// In healthy the exporter's account is the management account and may read SCPs.
		assert.deepEqual((await session.organizationPolicies('111111111111')).map((p) => p.name), ['FullAWSAccess']);
		const admin = sessionOf(gateway, {profile: 'admin', region: plan.region});
		const scps = await admin.organizationPolicies('111111111111');
		assert.deepEqual(
			scps.map((p) => [p.id, p.name, p.type]),
			[['p-FullAWSAccess', 'FullAWSAccess', 'SERVICE_CONTROL_POLICY']],
		);
		assert.match(scps[0]!.content, /"Effect": ?"Allow"/);
	});

	it('starts an export, watches it to COMPLETED, lists it and reads its manifest', async () => {
		const plan = world.sandbox.defaultPlan;
		const session = sessionOf(gateway, {profile: world.sandbox.defaultProfile, region: plan.region});
		const started = await session.startExport({
			TableArn: plan.tableArn,
			S3Bucket: plan.bucket,
			S3Prefix: plan.prefix,
			S3SseAlgorithm: 'AES256',
			ExportFormat: 'DYNAMODB_JSON',
			ExportType: 'FULL_EXPORT',
			ClientToken: 'aws-test-token-1',
		});
		assert.equal(started.status, 'IN_PROGRESS');
		assert.equal(started.tableArn, plan.tableArn);
		assert.equal(started.clientToken, 'aws-test-token-1');
		assert.ok(started.startTime instanceof Date);
		let described = await session.describeExport(started.exportArn);
		for (let i = 0; i < 100 && described.status === 'IN_PROGRESS'; i++) {
			await new Promise((resolve) => setTimeout(resolve, 25));
			described = await session.describeExport(started.exportArn);
		}
		assert.equal(described.status, 'COMPLETED');
		assert.ok(described.endTime instanceof Date);
		assert.equal(typeof described.itemCount, 'number');
		assert.ok(described.exportManifest);
		const again = await session.startExport({
			TableArn: plan.tableArn,
			S3Bucket: plan.bucket,
			S3Prefix: plan.prefix,
			S3SseAlgorithm: 'AES256',
			ExportFormat: 'DYNAMODB_JSON',
			ExportType: 'FULL_EXPORT',
			ClientToken: 'aws-test-token-1',
		});
		assert.equal(again.exportArn, started.exportArn, 'the same ClientToken gives the same export');

		const pages: unknown[][] = [];
		const listed = await session.listExports(plan.tableArn, {onPage: (page) => pages.push(page)});
		assert.ok(listed.some((e) => e.exportArn === started.exportArn && e.status === 'COMPLETED'));
		assert.ok(pages.length >= 1);
		const manifest = await session.getObjectText(plan.bucket, plan.region, described.exportManifest!);
		assert.ok(manifest);
		assert.equal((JSON.parse(manifest) as {exportArn: string}).exportArn, started.exportArn);
		assert.equal(await session.getObjectText(plan.bucket, plan.region, `${plan.prefix}no-such-object`), null);
	});

	it('asks AWS once for repeated reads, again after a write that changes them', async () => {
		const plan = world.sandbox.defaultPlan;
		// admin: the exporter role may not change bucket policies.
		const session = sessionOf(gateway, {profile: 'admin', region: plan.region});
		world.sandbox.resetStats();
		await Promise.all([session.describeTable('orders'), session.describeTable('orders')]);
		await session.describeTable('orders');
		await session.identity();
		await session.identity();
		await session.describeContinuousBackups('orders');
		await session.describeContinuousBackups('orders');
		await session.describeKey('alias/exports', 'us-east-1');
		await session.describeKey('alias/exports', 'us-east-1');
		const before = await session.bucketPolicy(plan.bucket, plan.region);
		await session.bucketPolicy(plan.bucket, plan.region);
		let stats = world.sandbox.stats.byOperation;
		assert.equal(stats['dynamodb:DescribeTable'], 1);
		assert.equal(stats['sts:GetCallerIdentity'], 1);
		assert.equal(stats['dynamodb:DescribeContinuousBackups'], 1);
		assert.equal(stats['kms:DescribeKey'], 1);
		assert.equal(stats['s3:GetBucketPolicy'], 1);

		const changed = before!.replace('AllowAccountExports', 'AllowAccountExportsV2');
		await session.putBucketPolicy(plan.bucket, plan.region, changed);
		assert.match((await session.bucketPolicy(plan.bucket, plan.region))!, /AllowAccountExportsV2/);
		stats = world.sandbox.stats.byOperation;
		assert.equal(stats['s3:GetBucketPolicy'], 2);
		await session.putBucketPolicy(plan.bucket, plan.region, before!);

		// After a fix made elsewhere (the console, another profile) the checks read again,
		// but who the caller is stays known.
		session.forgetReads();
		await session.describeTable('orders');
		await session.identity();
		stats = world.sandbox.stats.byOperation;
		assert.equal(stats['dynamodb:DescribeTable'], 2);
		assert.equal(stats['sts:GetCallerIdentity'], 1);

		// Export calls are never cached.
		const exportsBefore = stats['dynamodb:ListExports'] ?? 0;
		await session.listExports(plan.tableArn);
		await session.listExports(plan.tableArn);
		assert.equal(world.sandbox.stats.byOperation['dynamodb:ListExports'], exportsBefore + 2);

		// A cached list still feeds onPage.
		await session.listTables();
		const pages: string[][] = [];
		assert.equal((await session.listTables({onPage: (page) => pages.push(page)})).length, 4);
		assert.equal(pages.length, 1);
		assert.equal(world.sandbox.stats.byOperation['dynamodb:ListTables'], 1);
	});

	it('logs every call for --debug without a key, secret or token', () => {
		const log = debugLines.join('\n');
		assert.match(log, /dynamodb ExportTableToPointInTime us-east-1 ok/);
		assert.match(log, /ASIA…/);
		for (const profile of world.sandbox.profiles) {
			for (const secret of [profile.accessKeyId, profile.secretAccessKey, profile.sessionToken]) {
				if (secret) assert.ok(!log.includes(secret), `${profile.name}: a secret reached the debug log`);
			}
		}
	});

	it('reports every call to onCall', () => {
		assert.ok(calls.length > 30);
		assert.ok(calls.some((c) => c.service === 'dynamodb' && c.operation === 'ExportTableToPointInTime' && c.ok));
		assert.ok(calls.some((c) => c.service === 's3' && c.operation === 'HeadBucket' && !c.ok));
	});
});

describe('sandbox: other worlds', () => {
	it('turns into AccessDenied a missing permission (probe) and a key policy that shuts the caller out', async () => {
		for (const scenario of ['missing-permission', 'kms-key-policy']) {
			await inWorld({scenario}, async (world) => {
				const plan = world.sandbox.defaultPlan;
				const session = sessionOf(createAwsGateway({endpointUrl: world.sandbox.endpoint}), {profile: world.sandbox.defaultProfile, region: plan.region});
				const sse = plan.sse === 'KMS' ? {algorithm: 'KMS' as const, kmsKeyId: plan.kmsKeyId} : {algorithm: 'AES256' as const};
				const e = await rejection(session.probeWrite(plan.bucket, plan.region, plan.prefix, sse));
				assert.equal(e.service, 's3', scenario);
				assert.equal(e.operation, 'CreateMultipartUpload', scenario);
				assert.equal(e.code, 'AccessDenied', scenario);
				assert.equal(e.httpStatus, 403, scenario);
				assert.ok(e.isAccessDenied);
				assert.match(e.message, scenario === 'missing-permission' ? /s3:PutObject/ : /kms:GenerateDataKey/);
			});
		}
	});

	it('reaches the sandbox through AWS_ENDPOINT_URL and through a profile endpoint_url, S3 path-style', () =>
		inWorld({scenario: 'cross-account'}, async (world) => {
			const plan = world.sandbox.defaultPlan;
			// The written config names the endpoint in each profile.
			const fromProfile = sessionOf(createAwsGateway(), {profile: 'analytics-admin', region: plan.region});
			assert.equal((await fromProfile.identity()).account, '222222222222');
			assert.equal(await fromProfile.bucketPolicy(plan.bucket, plan.region, plan.bucketOwner), null);
			process.env['AWS_ENDPOINT_URL'] = world.sandbox.endpoint;
			writeFileSync(process.env['AWS_CONFIG_FILE']!, readFileSync(process.env['AWS_CONFIG_FILE']!, 'utf8').replace(/^endpoint_url = .*$/gm, ''));
			const fromEnv = sessionOf(createAwsGateway(), {profile: 'default', region: plan.region});
			// Cross-account and no bucket policy yet: S3 answers a bare Access Denied.
			const e = await rejection(fromEnv.headBucket(plan.bucket, plan.region, plan.bucketOwner));
			assert.deepEqual([e.code, e.message, e.httpStatus], ['AccessDenied', 'Access Denied', 403]);
			assert.equal(await fromEnv.bucketRegion(plan.bucket, plan.bucketOwner), 'us-east-1');
		}));

	it('assumes a role with an MFA code through the sandbox STS', () =>
		inWorld({scenario: 'mfa-role'}, async (world) => {
			const gateway = createAwsGateway({endpointUrl: world.sandbox.endpoint});
			const serials: string[] = [];
			const session = sessionOf(gateway, {
				profile: 'default',
				region: 'us-east-1',
				mfaCode: async (serial) => {
					serials.push(serial);
					return '123456';
				},
			});
			assert.match((await session.identity()).arn, /assumed-role\/DataExporter\//);
			await session.listTables();
			await session.listBuckets();
			assert.deepEqual(serials, ['arn:aws:iam::111111111111:mfa/alice'], 'one AssumeRole for all clients of the session');
			assert.equal(world.sandbox.stats.byOperation['sts:AssumeRole'], 1);
			const wrong = await rejection(sessionOf(gateway, {profile: 'default', region: 'us-east-1', mfaCode: async () => '000000'}).identity());
			assert.equal(wrong.service, 'credentials');
			assert.equal(wrong.code, 'MfaRequired');
		}));

	it('reports expired credentials, and does not keep the failure', () =>
		inWorld({scenario: 'healthy'}, async (world) => {
			const session = sessionOf(createAwsGateway({endpointUrl: world.sandbox.endpoint}), {profile: 'default', region: 'us-east-1'});
			world.sandbox.expireCredentials();
			const e = await rejection(session.describeTable('orders'));
			assert.equal(e.isExpiredCredentials, true);
			world.sandbox.refreshCredentials();
			assert.equal((await session.describeTable('orders')).name, 'orders');
		}));

	it('enables PITR and forgets the old status', () =>
		inWorld({scenario: 'pitr-off'}, async (world) => {
			const session = sessionOf(createAwsGateway({endpointUrl: world.sandbox.endpoint}), {profile: 'default', region: 'us-east-1'});
			assert.equal((await session.describeContinuousBackups('audit-log')).enabled, false);
			const enabled = await session.enablePitr('audit-log');
			assert.equal(enabled.enabled, true);
			assert.equal((await session.describeContinuousBackups('audit-log')).enabled, true);
			assert.equal(world.sandbox.world.pitrEnabled('audit-log'), true);
		}));

	it('fetches every page of a large account, reporting each page', () =>
		inWorld({scenario: 'big-account'}, async (world) => {
			const session = sessionOf(createAwsGateway({endpointUrl: world.sandbox.endpoint}), {profile: 'default', region: 'us-east-1'});
			const tablePages: number[] = [];
			const tables = await session.listTables({onPage: (page) => tablePages.push(page.length)});
			assert.equal(tables.length, 10_004);
			assert.equal(new Set(tables).size, tables.length);
			assert.equal(tablePages.length, world.sandbox.stats.byOperation['dynamodb:ListTables']);
			assert.ok(tablePages.length > 1);
			const bucketPages: number[] = [];
			const buckets = await session.listBuckets({onPage: (page) => bucketPages.push(page.length)});
			assert.equal(buckets.length, 5_002);
			assert.equal(bucketPages.length, world.sandbox.stats.byOperation['s3:ListBuckets']);
			assert.ok(bucketPages.length > 1);
			assert.ok(buckets.every((b) => b.region));
		}));

	it('cancels a call in flight with the caller signal', () =>
		inWorld({scenario: 'healthy', latencyMs: 10_000}, async (world) => {
			const session = sessionOf(createAwsGateway({endpointUrl: world.sandbox.endpoint}), {profile: 'default', region: 'us-east-1'});
			const controller = new AbortController();
			const pending = session.listTables({signal: controller.signal});
			setTimeout(() => controller.abort(), 20);
			await assert.rejects(pending, {name: 'AbortError'});
		}));

	it('retries an export whose answer was lost with the same ClientToken: one export, not two', () =>
		// Seed 7: the first request (the export) is carried out and its answer lost; the next is not.
		inWorld({scenario: 'healthy', faults: {rate: 0.5, seed: 7, kinds: ['lost-response']}}, async (world) => {
			const plan = world.sandbox.defaultPlan;
			const retries: string[] = [];
			const gateway = createAwsGateway({endpointUrl: world.sandbox.endpoint, onRetry: (event) => retries.push(event.operation)});
			const session = sessionOf(gateway, {profile: 'default', region: plan.region});
			const started = await session.startExport({
				TableArn: plan.tableArn,
				S3Bucket: plan.bucket,
				S3Prefix: plan.prefix,
				S3SseAlgorithm: 'AES256',
				ExportFormat: 'DYNAMODB_JSON',
				ExportType: 'FULL_EXPORT',
				ClientToken: 'lost-answer-token',
			});
			assert.deepEqual(retries, ['ExportTableToPointInTime']);
			assert.equal(world.sandbox.stats.byOperation['dynamodb:ExportTableToPointInTime'], 2);
			const exports = world.sandbox.world.exports();
			assert.equal(exports.length, 1);
			assert.equal(exports[0]!.arn, started.exportArn);
			assert.equal(exports[0]!.clientToken, 'lost-answer-token');
		}));

	it('retries server errors and throttling, telling onRetry about each retry', () =>
		inWorld({scenario: 'healthy', faults: {rate: 0.4, seed: 3, kinds: ['server-error', 'throttle']}}, async (world) => {
			const retries: {service: string; operation: string; attempt: number; error: string}[] = [];
			const calls: boolean[] = [];
			const gateway = createAwsGateway({endpointUrl: world.sandbox.endpoint, onRetry: (event) => retries.push(event), onCall: (event) => calls.push(event.ok)});
			const session = sessionOf(gateway, {profile: 'default', region: 'us-east-1'});
			for (const table of ['orders', 'customers', 'audit-log', 'payments']) {
				await session.describeTable(table);
				await session.describeContinuousBackups(table);
			}
			const faults = world.sandbox.stats.faultsInjected;
			assert.ok(faults > 0, 'the seed injects faults');
			assert.equal(retries.length, faults, 'every fault was retried once and reported');
			assert.ok(calls.every(Boolean), 'every call succeeded in the end');
			for (const r of retries) {
				assert.ok(r.attempt >= 2);
				assert.match(r.error, /InternalServerError|ThrottlingException/);
				assert.ok(['DescribeTable', 'DescribeContinuousBackups', 'DescribeKey'].includes(r.operation), r.operation);
			}
		}));
});

describe('redaction of command lines and glued key shapes', () => {
	it('redacts secret-like flags, escaped JSON secrets and key shapes anywhere', () => {
		const out = redactText(
			`Command failed: vault --password hunter2 --client-secret="a b" -api-key=zz '{\\"SecretAccessKey\\": \\"abc/def\\"}' idAKIAIOSFODNN7EXAMPLE ${secretKey} ${sessionToken}`,
		);
		for (const leaked of ['hunter2', 'a b', 'zz', 'abc/def', 'IOSFODNN7EXAMPLE', secretKey, sessionToken.slice(0, 20)]) assert.ok(!out.includes(leaked), `${leaked} in ${out}`);
		assert.match(out, /--password \[redacted\]/);
		assert.match(out, /idAKIA…/);
		// Ordinary words and digests stay.
		assert.equal(redactText('the session-token expired; sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12'), 'the session-token expired; sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12');
	});
});

describe('credential_process run by the tool', () => {
	it('says how the process ended and what it printed wrong, never the command', async () => {
		const outcomes: string[] = [];
		for (const command of ['exit 4 --password hunter2', 'kill -TERM $$', 'head -c 2000000 /dev/zero', 'echo not-json', `echo '{"Version": 2}'`, `echo '{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "s", "Expiration": "2000-01-01T00:00:00Z"}'`]) {
			outcomes.push(await fromCredentialProcess('vault', command)().then(() => 'ok', (error: Error) => error.message));
		}
		assert.deepEqual(
			outcomes.map((o) => o.replace(/\. Run it yourself.*$/, '.')),
			[
				'The credential_process of profile vault failed (exit code 4).',
				'The credential_process of profile vault was ended by SIGTERM.',
				'The credential_process of profile vault printed more than 1 MB.',
				'The credential_process of profile vault printed something that is not a JSON object.',
				'The credential_process of profile vault did not print "Version": 1.',
				'The credential_process of profile vault printed credentials that have already expired.',
			],
		);
		assert.ok(!outcomes.join('\n').includes('hunter2'));
		const good = await fromCredentialProcess('vault', `echo '{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "s", "SessionToken": "t"}'`)();
		assert.deepEqual(good, {accessKeyId: 'AKIAPROCESS', secretAccessKey: 's', sessionToken: 't'});
	});
});
