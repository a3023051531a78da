// Endpoints that misbehave on purpose, on loopback: one that accepts and never answers,
// ones that drip a byte now and then (in the headers, in the body), a captive portal's
// HTML 200, and one that streams 300 MB. `check --json` must end with a verdict that
// says so, never wait for ever, never read the whole flood, never pass.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {createServer as createHttpServer, type Server as HttpServer} from 'node:http';
import {createServer as createNetServer, type Server as NetServer, type Socket} from 'node:net';
import {createAwsGateway, environmentProfileName} from '../source/aws/gateway.js';
import type {AwsCallError} from '../source/core/ports.js';
import {builtCli, runCli} from './helpers/run-cli.js';

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const KEYS = {AWS_ACCESS_KEY_ID: 'AKIAHOSTILENETWORK12', AWS_SECRET_ACCESS_KEY: 'hostile-network-test-secret', AWS_REGION: 'us-east-1'};

let cli: string;
const servers: Array<NetServer | HttpServer> = [];
const sockets = new Set<Socket>();

before(async () => {
	cli = await builtCli();
});

after(async () => {
	for (const socket of sockets) socket.destroy();
	await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(server: NetServer | HttpServer): Promise<string> {
	servers.push(server);
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('no port');
	return `127.0.0.1:${address.port}`;
}

/** A raw TCP server: `onRequest` gets the socket and the request's first bytes. */
function rawServer(onRequest: (socket: Socket, head: string) => void): NetServer {
	return createNetServer((socket) => {
		let seen = '';
		socket.on('data', (chunk) => {
			const first = seen === '';
			seen += chunk.toString('latin1');
			if (first) onRequest(socket, seen);
		});
	});
}

interface CheckJson {
	checks: Array<{id: string; status: string; summary: string; cause?: string}>;
}

async function check(host: string, extra: string[] = []): Promise<{json: CheckJson; stderr: string; code: number | null}> {
	const result = await runCli(cli, ['check', '--json', '--no-probe', '--endpoint-url', `http://${host}`, '--table-arn', TABLE_ARN, '--s3-bucket', 'orders-exports', ...extra], {env: KEYS});
	let json: CheckJson;
	try {
		json = JSON.parse(result.stdout) as CheckJson;
	} catch {
		throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
	}
	return {json, stderr: result.stderr, code: result.code};
}

const byId = (json: CheckJson, id: string) => json.checks.find((c) => c.id === id)!;

test('a server that accepts and never answers, or drips: "no answer from HOST within N s", reads tried twice, nothing passes', async () => {
	const targets: string[] = [];
	const silent = await listen(
		rawServer((_socket, head) => {
			targets.push(/x-amz-target: *(\S+)/i.exec(head)?.[1] ?? head.split(' ')[0]!);
		}),
	);
	// A status line, then one byte of a header every 20 s: never a whole answer.
	const dripHeaders = await listen(
		rawServer((socket) => {
			socket.write('HTTP/1.1 200 OK\r\nx-amzn-requestid: drip\r\nx-drip: ');
			const timer = setInterval(() => socket.write('x'), 20_000);
			socket.on('close', () => clearInterval(timer));
		}),
	);
	// Whole headers, then a body byte every 200 ms: the socket is never idle for 1 s.
	const dripBody = await listen(
		rawServer((socket) => {
			socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\nx-amzn-requestid: drip\r\ncontent-length: 100000\r\n\r\n{');
			const timer = setInterval(() => socket.write(' '), 200);
			socket.on('close', () => clearInterval(timer));
		}),
	);
	const flags = ['--cli-read-timeout', '1', '--cli-connect-timeout', '1'];
	const [a, b, c] = await Promise.all([check(silent, flags), check(dripHeaders, flags), check(dripBody, flags)]);
	for (const [host, run] of [
		[silent, a],
		[dripHeaders, b],
		[dripBody, c],
	] as const) {
		const credentials = byId(run.json, 'credentials');
		assert.equal(credentials.status, 'failed', JSON.stringify(credentials));
		assert.equal(credentials.summary, `No answer from ${host} within 1 s.`);
		assert.equal(byId(run.json, 'table').summary, `Could not describe the table: no answer from ${host} within 1 s.`);
		assert.ok(!run.json.checks.some((check) => check.status === 'passed'), JSON.stringify(run.json.checks));
		assert.equal(run.code, 1);
	}
	// A timed-out read is tried once more, and no more.
	assert.equal(targets.filter((t) => t === 'DynamoDB_20120810.DescribeTable').length, 2, targets.join(' '));
	assert.match(a.stderr, /Retrying dynamodb DescribeTable \(attempt 2\)/);
});

test('--cli-read-timeout and --cli-connect-timeout take whole seconds, before any call', async () => {
	const result = await runCli(cli, ['check', '--cli-read-timeout', 'soon', '--table-arn', TABLE_ARN, '--s3-bucket', 'orders-exports'], {env: KEYS});
	assert.equal(result.code, 3);
	assert.match(result.stderr + result.stdout, /--cli-read-timeout: "soon" is not a number of seconds/);
});

test('an HTML 200 (captive portal) is an unreadable answer, never "Signed in as  in account ."', async () => {
	const portal = await listen(
		createHttpServer((_request, response) => {
			response.writeHead(200, {'content-type': 'text/html; charset=utf-8'});
			response.end('<html><head><title>Hotel WiFi</title></head><body>Accept the terms to continue.</body></html>');
		}),
	);
	// An XML 200 without any AWS mark: a proxy's page dressed as an answer.
	const bare = await listen(
		createHttpServer((_request, response) => {
			response.writeHead(200, {'content-type': 'text/xml'});
			response.end('<GetCallerIdentityResponse><GetCallerIdentityResult></GetCallerIdentityResult></GetCallerIdentityResponse>');
		}),
	);
	for (const [host, run] of [
		[portal, await check(portal)],
		[bare, await check(bare)],
	] as const) {
		const credentials = byId(run.json, 'credentials');
		assert.equal(credentials.status, 'failed', JSON.stringify(credentials));
		assert.equal(credentials.summary, `Unreadable answer from ${host}.`);
		assert.ok(!run.json.checks.some((c) => c.status === 'passed'), JSON.stringify(run.json.checks));
		assert.doesNotMatch(JSON.stringify(run.json), /Signed in as|exists in/);
	}
});

test('a 300 MB body (error or policy) is cut at 1 MB and said so; the rest is never downloaded', async () => {
	const total = 300 * 1024 * 1024;
	const chunk = Buffer.alloc(64 * 1024, 'x');
	const sent: number[] = [];
	const flood = await listen(
		createHttpServer((request, response) => {
			// The bucket policy "answers"; everything else fails with the flood as its error body.
			const policy = request.method === 'GET' && /[?&]policy(=|&|$)|manifest-summary/.test(request.url ?? '');
			response.writeHead(policy ? 200 : 500, {'content-type': policy ? 'application/json' : 'application/xml', 'x-amz-request-id': 'flood', 'x-amzn-requestid': 'flood', 'content-length': String(total)});
			if (request.method === 'HEAD') return void response.end();
			let written = 0;
			const pump = () => {
				while (written < total) {
					written += chunk.length;
					if (!response.write(chunk)) return void response.once('drain', pump);
				}
				response.end();
			};
			response.on('close', () => sent.push(written));
			pump();
		}),
	);
	const run = await check(flood, ['--cli-read-timeout', '20']);
	const table = byId(run.json, 'table');
	assert.match(table.cause ?? '', new RegExp(`unreadable answer from ${flood}: HTTP 500 with a body longer than 1 MB, cut there`));
	assert.ok(!run.json.checks.some((c) => c.status === 'passed'), JSON.stringify(run.json.checks));
	// The bucket policy, read through the gateway itself (the checks stop before it here).
	Object.assign(process.env, KEYS, {AWS_EC2_METADATA_DISABLED: 'true'});
	const session = createAwsGateway({endpointUrl: `http://${flood}`}).session({region: 'us-east-1', profile: environmentProfileName});
	await assert.rejects(session.bucketPolicy('orders-exports', 'us-east-1'), (error: AwsCallError) => {
		assert.equal(error.code, 'UnreadableAnswer');
		assert.match(error.message, /HTTP 200 with a body longer than 1 MB, cut there and not read further/);
		return true;
	});
	// An object (a manifest) is cut at 16 MB.
	await assert.rejects(session.getObjectText('orders-exports', 'us-east-1', 'exports/manifest-summary.json'), (error: AwsCallError) => {
		assert.equal(error.code, 'UnreadableAnswer');
		assert.match(error.message, /HTTP 200 with a body longer than 16 MB, cut there/);
		return true;
	});
	assert.ok(sent.length > 2);
	// What the server got written before the client hung up: the 1 MB read and socket buffers.
	assert.ok(Math.max(...sent) < 32 * 1024 * 1024, `sent ${sent.join(', ')}`);
});

test('after a timeout a read and the token-guarded export start are tried once more, another write never', async () => {
	const heads: string[] = [];
	const silent = await listen(
		rawServer((_socket, head) => {
			heads.push(/x-amz-target: *(\S+)/i.exec(head)?.[1] ?? head.split('\r\n')[0]!);
		}),
	);
	Object.assign(process.env, KEYS, {AWS_EC2_METADATA_DISABLED: 'true'});
	const session = createAwsGateway({endpointUrl: `http://${silent}`, timeouts: {connectMs: 1000, readMs: 300}}).session({region: 'us-east-1', profile: environmentProfileName});
	const noAnswer = (error: AwsCallError) => {
		assert.equal(error.code, 'NetworkError');
		assert.match(error.message, new RegExp(`got no answer from ${silent} within 0.3 s`));
		return true;
	};
	await assert.rejects(session.putBucketPolicy('orders-exports', 'us-east-1', '{"Version":"2012-10-17","Statement":[]}'), noAnswer);
	assert.equal(heads.filter((h) => h.startsWith('PUT /orders-exports/?policy')).length, 1, heads.join('\n'));
	await assert.rejects(
		session.startExport({TableArn: TABLE_ARN, S3Bucket: 'orders-exports', S3SseAlgorithm: 'AES256', ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT', ClientToken: 'timeout-token'}),
		noAnswer,
	);
	assert.equal(heads.filter((h) => h === 'DynamoDB_20120810.ExportTableToPointInTime').length, 2, heads.join('\n'));
});
