// The network as users have it: HTTP(S)_PROXY / NO_PROXY through a loopback proxy that
// counts what it carries, loopback endpoints never proxied, a CA bundle from the flag, the
// environment or the profile, and AWS_MAX_ATTEMPTS / AWS_RETRY_MODE / a profile's
// max_attempts and retry_mode. Real SDK clients against the sandbox.

import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer as createHttpServer, request as httpRequest, type Server} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createAwsGateway} from '../source/aws/gateway.js';
import {handlerAgents, proxyVariableSet} from '../source/aws/http-agents.js';
import {resolveNetworkSettings} from '../source/aws/network-settings.js';
import {isLoopbackHost, proxyFor} from '../source/aws/proxy-agents.js';
import {AwsCallError} from '../source/core/ports.js';
import {startSandbox, type Sandbox} from '../source/sandbox/index.js';
import {startCountingProxy, type CountingProxy} from './helpers/counting-proxy.js';
import {builtCli, runCli} from './helpers/run-cli.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'tls');
const caFile = join(fixtures, 'sandbox-test.crt');
const PROXY_NAMES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];

let sandbox: Sandbox;
let tlsFront: Server;
let tlsPort: number;
let dir: string;
let saved: NodeJS.ProcessEnv;

/** An https server for sandbox.test / localhost / 127.0.0.1 that passes each request on to the sandbox, Host header and all. */
async function startTlsFront(target: string): Promise<Server> {
	const upstream = new URL(target);
	const server = createHttpsServer({key: readFileSync(join(fixtures, 'sandbox-test.key')), cert: readFileSync(caFile)}, (request, response) => {
		const forward = httpRequest({host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers}, (answer) => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		forward.on('error', () => response.destroy());
		request.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return server;
}

/** The account of the sandbox's default profile (its table's account). */
function account(): string {
	return sandbox.defaultPlan.tableArn.split(':')[4]!;
}

function portOf(server: Server): number {
	const address = server.address();
	return typeof address === 'object' && address ? address.port : 0;
}

before(async () => {
	saved = {...process.env};
	sandbox = await startSandbox({scenario: 'healthy'});
	tlsFront = await startTlsFront(sandbox.endpoint);
	tlsPort = portOf(tlsFront);
	dir = mkdtempSync(join(tmpdir(), 'ddb-export-network-'));
	const files = sandbox.writeSharedConfig(dir);
	process.env.AWS_CONFIG_FILE = files.configFile;
	process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
	process.env.AWS_EC2_METADATA_DISABLED = 'true';
});

after(async () => {
	tlsFront.closeAllConnections();
	await new Promise<void>((resolve) => tlsFront.close(() => resolve()));
	await sandbox.stop();
	rmSync(dir, {recursive: true, force: true});
	process.env = saved;
});

/** Each test starts with no proxy, retry or CA variable and leaves none behind. */
function cleanEnvironment(): () => void {
	const before = {...process.env};
	for (const name of [...PROXY_NAMES, 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE', 'AWS_CA_BUNDLE', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
		delete process.env[name];
	}
	return () => {
		process.env = before;
	};
}

function sessionAt(endpointUrl: string, extra: {caBundle?: string; maxAttempts?: number} = {}) {
	return createAwsGateway({endpointUrl, ...extra}).session({profile: sandbox.defaultProfile, region: sandbox.defaultPlan.region});
}

describe('proxies', () => {
	let proxy: CountingProxy;
	let restore: () => void;
	beforeEach(async () => {
		restore = cleanEnvironment();
		proxy = await startCountingProxy();
	});
	afterEach(async () => {
		restore();
		await proxy.stop();
	});

	it('tunnels https calls through HTTPS_PROXY (CONNECT), one tunnel kept alive for several calls', async () => {
		process.env.HTTPS_PROXY = proxy.url;
		const session = sessionAt(`https://sandbox.test:${tlsPort}`, {caBundle: caFile});
		try {
			const identity = await session.identity();
			assert.equal(identity.account, account());
			// Three DynamoDB calls: one connection (one tunnel) kept alive between them.
			const table = sandbox.defaultPlan.tableArn.split('/')[1]!;
			await session.listTables();
			await session.describeContinuousBackups(table);
			await session.describeExport(`${sandbox.defaultPlan.tableArn}/export/01764316800000-a1b2c3d4`).catch(() => undefined);
		} finally {
			(session as unknown as {destroy(): void}).destroy();
		}
		// One for STS (GetCallerIdentity), one for DynamoDB.
		assert.deepEqual(proxy.tunnels, [`sandbox.test:${tlsPort}`, `sandbox.test:${tlsPort}`]);
		assert.deepEqual(proxy.requests, []);
	});

	it('sends plain http calls through HTTP_PROXY (lower-case too) as absolute-URL requests', async () => {
		process.env.http_proxy = proxy.url;
		const port = new URL(sandbox.endpoint).port;
		const session = sessionAt(`http://sandbox.test:${port}`);
		try {
			await session.identity();
			await session.listTables();
		} finally {
			(session as unknown as {destroy(): void}).destroy();
		}
		assert.equal(proxy.requests.length, 2);
		for (const url of proxy.requests) assert.match(url, new RegExp(`^http://sandbox\\.test:${port}/`));
		assert.deepEqual(proxy.tunnels, []);
	});

	it('never proxies a loopback endpoint, whatever NO_PROXY says', async () => {
		process.env.HTTPS_PROXY = proxy.url;
		process.env.HTTP_PROXY = proxy.url;
		const session = sessionAt(sandbox.endpoint);
		try {
			await session.identity();
		} finally {
			(session as unknown as {destroy(): void}).destroy();
		}
		assert.deepEqual([proxy.tunnels, proxy.requests], [[], []]);
	});

	it('decides per host: NO_PROXY names, suffixes and *; loopback names', () => {
		process.env.HTTPS_PROXY = 'http://proxy.corp:3128';
		assert.equal(proxyFor(true, 'dynamodb.us-east-1.amazonaws.com', 443), 'http://proxy.corp:3128');
		process.env.NO_PROXY = '.amazonaws.com,internal.example';
		assert.equal(proxyFor(true, 'dynamodb.us-east-1.amazonaws.com', 443), '');
		assert.equal(proxyFor(true, 'internal.example', 443), '');
		assert.equal(proxyFor(true, 'sts.amazonaws.com.cn', 443), 'http://proxy.corp:3128');
		process.env.NO_PROXY = '*';
		assert.equal(proxyFor(true, 'sts.amazonaws.com', 443), '');
		delete process.env.NO_PROXY;
		assert.equal(proxyFor(false, 'sts.amazonaws.com', 80), '', 'HTTPS_PROXY does not cover http URLs');
		for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'sandbox.localhost']) assert.ok(isLoopbackHost(host), host);
		for (const host of ['10.0.0.1', 'localhost.example', '128.0.0.1']) assert.ok(!isLoopbackHost(host), host);
	});

	it('loads no proxy code and changes no agent when no proxy variable is set', async () => {
		assert.equal(proxyVariableSet({}), false);
		assert.equal(proxyVariableSet({https_proxy: ' '}), false);
		assert.equal(proxyVariableSet({ALL_PROXY: 'socks://x'}), true);
		assert.deepEqual(await handlerAgents(undefined, {}), {});
		assert.deepEqual(Object.keys(await handlerAgents({path: caFile, source: 'test'}, {})), ['httpsAgent']);
	});

	it('the demo is never proxied: check --demo healthy with HTTPS_PROXY set sends nothing to the proxy', async () => {
		const cli = await builtCli();
		const result = await runCli(cli, ['check', '--demo', 'healthy', '--no-probe'], {env: {HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url}});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual([proxy.tunnels, proxy.requests], [[], []]);
	});
});

describe('CA bundle', () => {
	let restore: () => void;
	beforeEach(() => {
		restore = cleanEnvironment();
	});
	afterEach(() => restore());

	it('an https endpoint with a private CA fails without the bundle and works with --ca-bundle, AWS_CA_BUNDLE or the profile', async () => {
		const endpoint = `https://127.0.0.1:${tlsPort}`;
		const untrusted = createAwsGateway({endpointUrl: endpoint, maxAttempts: 1}).session({profile: sandbox.defaultProfile, region: 'us-east-1'});
		await assert.rejects(untrusted.identity(), (e: AwsCallError) => e.code === 'CertificateError' && /self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\).*--ca-bundle/.test(e.message));
		(untrusted as unknown as {destroy(): void}).destroy();

		const viaFlag = sessionAt(endpoint, {caBundle: caFile});
		assert.equal((await viaFlag.identity()).account, account());
		(viaFlag as unknown as {destroy(): void}).destroy();

		process.env.AWS_CA_BUNDLE = caFile;
		const viaEnv = sessionAt(endpoint);
		assert.equal((await viaEnv.identity()).account, account());
		(viaEnv as unknown as {destroy(): void}).destroy();
		delete process.env.AWS_CA_BUNDLE;

		const config = process.env.AWS_CONFIG_FILE!;
		const original = readFileSync(config, 'utf8');
		try {
			const header = sandbox.defaultProfile === 'default' ? '[default]' : `[profile ${sandbox.defaultProfile}]`;
			writeFileSync(config, original.replace(header, `${header}\nca_bundle = ${caFile}`));
			assert.notEqual(readFileSync(config, 'utf8'), original, 'the profile section was found');
			const viaProfile = sessionAt(endpoint);
			assert.equal((await viaProfile.identity()).account, account());
			(viaProfile as unknown as {destroy(): void}).destroy();
		} finally {
			writeFileSync(config, original);
		}
	});

	it('a missing or non-PEM bundle is named with where it came from', async () => {
		process.env.AWS_CA_BUNDLE = join(dir, 'nope.pem');
		await assert.rejects(sessionAt(sandbox.endpoint).identity(), (e: AwsCallError) => e.code === 'InvalidCaBundle' && /nope\.pem \(AWS_CA_BUNDLE\)/.test(e.message));
		const notPem = join(dir, 'not.pem');
		writeFileSync(notPem, 'hello');
		await assert.rejects(sessionAt(sandbox.endpoint, {caBundle: notPem}).identity(), (e: AwsCallError) => /not\.pem \(--ca-bundle\) holds no PEM/.test(e.message));
	});
});

describe('retry settings', () => {
	let restore: () => void;
	let server: Server;
	let hits = 0;
	let endpoint: string;
	before(async () => {
		// Always "service unavailable": every attempt is counted, every one is retried.
		server = createHttpServer((request, response) => {
			hits++;
			request.resume();
			response.writeHead(503, {'content-type': 'application/x-amz-json-1.0'});
			response.end(JSON.stringify({__type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable', message: 'try later'}));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		endpoint = `http://127.0.0.1:${portOf(server)}`;
	});
	after(async () => {
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});
	beforeEach(() => {
		restore = cleanEnvironment();
		hits = 0;
	});
	afterEach(() => restore());

	async function attemptsOf(options: {profile?: string; maxAttempts?: number} = {}): Promise<number> {
		const session = createAwsGateway({endpointUrl: endpoint, maxAttempts: options.maxAttempts}).session({profile: options.profile ?? sandbox.defaultProfile, region: 'us-east-1'});
		await assert.rejects(session.listTables());
		(session as unknown as {destroy(): void}).destroy();
		return hits;
	}

	it('5 attempts when nothing is configured; AWS_MAX_ATTEMPTS changes it', async () => {
		assert.equal(await attemptsOf(), 5);
		hits = 0;
		process.env.AWS_MAX_ATTEMPTS = '2';
		assert.equal(await attemptsOf(), 2);
	});

	it("a profile's max_attempts applies to that profile when it is chosen (not the default profile's), and the environment wins over it", async () => {
		const config = process.env.AWS_CONFIG_FILE!;
		const original = readFileSync(config, 'utf8');
		try {
			appendFileSync(config, `\n[profile few-retries]\nmax_attempts = 3\nretry_mode = adaptive\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`);
			assert.equal(await attemptsOf({profile: 'few-retries'}), 3);
			hits = 0;
			assert.equal(await attemptsOf(), 5, 'the sandbox profile has no max_attempts');
			hits = 0;
			process.env.AWS_MAX_ATTEMPTS = '1';
			assert.equal(await attemptsOf({profile: 'few-retries'}), 1);
		} finally {
			writeFileSync(config, original);
		}
	});

	it('a bad value is refused before any call, naming the variable or key', async () => {
		process.env.AWS_RETRY_MODE = 'fast';
		await assert.rejects(
			createAwsGateway({endpointUrl: endpoint}).session({profile: sandbox.defaultProfile, region: 'us-east-1'}).listTables(),
			(e: AwsCallError) => e.code === 'InvalidConfig' && /AWS_RETRY_MODE is "fast"; it must be standard, adaptive or legacy/.test(e.message),
		);
		assert.equal(hits, 0);
	});

	it("a command refuses a profile's bad max_attempts as bad input (exit 3) naming the key; AWS_MAX_ATTEMPTS overrides it", async () => {
		const files = mkdtempSync(join(tmpdir(), 'ddb-export-bad-profile-'));
		try {
			writeFileSync(join(files, 'config'), '[profile typo]\nregion = us-east-1\nmax_attempts = lots\n');
			writeFileSync(join(files, 'credentials'), '[typo]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
			const args = ['check', '--profile', 'typo', '--table-arn', 'arn:aws:dynamodb:us-east-1:111111111111:table/orders', '--s3-bucket', 'orders-exports', '--endpoint-url', endpoint, '--no-probe'];
			const env = {AWS_CONFIG_FILE: join(files, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(files, 'credentials')};
			const refused = await runCli(await builtCli(), args, {env});
			assert.equal(refused.code, 3, refused.stderr);
			assert.match(refused.stderr, /max_attempts in profile typo is "lots"/);
			assert.equal(hits, 0, 'nothing was sent');
			const overridden = await runCli(await builtCli(), args, {env: {...env, AWS_MAX_ATTEMPTS: '1'}});
			assert.notEqual(overridden.code, 3, overridden.stderr);
			assert.ok(hits > 0);
		} finally {
			rmSync(files, {recursive: true, force: true});
		}
	});

	it('resolves flag, environment, profile and default in that order', () => {
		const profile = {name: 'p', section: {max_attempts: '7', retry_mode: 'legacy', ca_bundle: '/p.pem'}};
		const fromProfile = resolveNetworkSettings({profile, env: {}});
		assert.deepEqual(fromProfile, {ok: true, value: {maxAttempts: 7, retryMode: 'standard', caBundle: '/p.pem', sources: {maxAttempts: 'max_attempts in profile p', retryMode: 'retry_mode in profile p', caBundle: 'ca_bundle in profile p'}}});
		const fromEnv = resolveNetworkSettings({profile, caBundle: '/flag.pem', env: {AWS_MAX_ATTEMPTS: '2', AWS_RETRY_MODE: 'Adaptive', AWS_CA_BUNDLE: '/env.pem'}});
		assert.ok(fromEnv.ok);
		assert.deepEqual([fromEnv.value.maxAttempts, fromEnv.value.retryMode, fromEnv.value.caBundle], [2, 'adaptive', '/flag.pem']);
		const bad = resolveNetworkSettings({profile: {name: 'p', section: {max_attempts: '0'}}, env: {AWS_RETRY_MODE: 'x'}});
		assert.ok(!bad.ok);
		assert.deepEqual(bad.problems.map((p) => p.field), ['max_attempts in profile p', 'AWS_RETRY_MODE']);
	});
});
