// The loopback HTTP front door: reads each request, recognises service, Region and
// caller from its SigV4 signature, applies latency and faults, and hands it to the
// service's protocol module. Counts everything for the tests and the benchmark.

import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {readSignature, resolveCaller, signatureMatches, type CallerProblem} from './auth.js';
import type {FaultInjector, FaultKind} from './faults.js';
import {accessAnalyzer} from './protocols/access-analyzer.js';
import {dynamodb} from './protocols/dynamodb.js';
import {iam} from './protocols/iam.js';
import {kms} from './protocols/kms.js';
import {organizations} from './protocols/organizations.js';
import type {Protocol, SandboxContext, StandardErrors} from './protocols/protocol.js';
import {s3} from './protocols/s3.js';
import {sts} from './protocols/sts.js';
import type {SandboxStats} from './types.js';
import {newRequestId, s3RequestId, ServiceError, type RawRequest, type Reply} from './wire.js';

const protocols: Protocol[] = [dynamodb, s3, kms, sts, iam, organizations, accessAnalyzer];
const maxBodyBytes = 64 * 1024 * 1024;

export interface ServerOptions {
	context: SandboxContext;
	faults: FaultInjector;
	latencyMs: number;
	stats: SandboxStats;
}

/** An unsigned request still has to be answered in some service's words. */
function guessProtocol(request: IncomingMessage): Protocol {
	const target = request.headers['x-amz-target'];
	if (typeof target === 'string') {
		if (target.startsWith('DynamoDB_')) return dynamodb;
		if (target.startsWith('TrentService')) return kms;
		if (target.startsWith('AWSOrganizations')) return organizations;
	}
	if (request.url?.startsWith('/policy/')) return accessAnalyzer;
	if (String(request.headers['content-type'] ?? '').includes('x-www-form-urlencoded')) return sts;
	return s3;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxBodyBytes) {
				reject(new Error('Request body too large'));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function standardError(errors: StandardErrors, which: keyof StandardErrors): ServiceError {
	const [status, code, message] = errors[which];
	return new ServiceError(status, code, message);
}

const problemError: Record<CallerProblem, keyof StandardErrors> = {
	'unknown-key': 'unknownKey',
	'bad-token': 'badToken',
	expired: 'expired',
};

export class SandboxServer {
	private readonly server: Server;
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly waiters = new Set<() => void>();

	constructor(private readonly options: ServerOptions) {
		this.server = createServer((request, response) => {
			this.serve(request, response).catch((error: unknown) => {
				// A bug in a handler: answer 500 rather than leaving the client hanging.
				if (!response.headersSent) {
					response.writeHead(500, {'content-type': 'text/plain'});
					response.end(String(error));
				}
			});
		});
		this.server.keepAliveTimeout = 5000;
	}

	listen(port: number): Promise<number> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				const address = this.server.address();
				resolve(typeof address === 'object' && address ? address.port : port);
			});
		});
	}

	async close(): Promise<void> {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const wake of this.waiters) wake();
		this.waiters.clear();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.timers.delete(timer);
				this.waiters.delete(done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			this.timers.add(timer);
			this.waiters.add(done);
		});
	}

	private count(protocol: Protocol, operation: string, fault: FaultKind | undefined): void {
		const {stats} = this.options;
		const key = `${protocol.service}:${operation}`;
		stats.byOperation[key] = (stats.byOperation[key] ?? 0) + 1;
		if (fault) {
			stats.faultsInjected++;
			stats.faultsByKind[fault] = (stats.faultsByKind[fault] ?? 0) + 1;
		}
	}

	private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const body = await readBody(request);
		const url = request.url ?? '/';
		const queryStart = url.indexOf('?');
		const raw: RawRequest = {
			method: request.method ?? 'GET',
			rawPath: queryStart < 0 ? url : url.slice(0, queryStart),
			query: new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1)),
			headers: request.headers,
			body,
		};
		this.options.stats.calls++;
		const signature = readSignature(request.headers, raw.query);
		const service = typeof signature === 'object' ? signature.service : undefined;
		const protocol = protocols.find((p) => p.service === service) ?? guessProtocol(request);
		const operation = protocol.operationOf(raw);
		const requestId = protocol === s3 ? s3RequestId() : newRequestId();
		const fault = this.options.faults.next();
		this.count(protocol, operation, fault);

		if (fault === 'reset') {
			request.socket.destroy();
			return;
		}
		const delay = this.options.latencyMs + (fault === 'latency-spike' ? this.options.faults.spikeMs() : 0);
		if (delay > 0) await this.sleep(delay);
		if (!this.server.listening) return;

		const reply = await this.answer(protocol, raw, signature, operation, requestId, fault, request);
		if (fault === 'lost-response') {
			// The work is done, but the client never hears about it.
			request.socket.destroy();
			return;
		}
		const payload = typeof reply.body === 'string' ? Buffer.from(reply.body) : (reply.body ?? Buffer.alloc(0));
		const headers: Record<string, string> = {...reply.headers};
		if (raw.method !== 'HEAD' || headers['content-length'] === undefined) headers['content-length'] = String(payload.length);
		response.writeHead(reply.status, headers);
		response.end(raw.method === 'HEAD' ? undefined : payload);
	}

	private async answer(
		protocol: Protocol,
		raw: RawRequest,
		signature: ReturnType<typeof readSignature>,
		operation: string,
		requestId: string,
		fault: FaultKind | undefined,
		request: IncomingMessage,
	): Promise<Reply> {
		const fail = (error: ServiceError) => protocol.errorReply(error, requestId, raw);
		if (fault === 'throttle') return fail(standardError(protocol.errors, 'throttle'));
		if (fault === 'server-error') return fail(standardError(protocol.errors, 'serverError'));
		if (signature === undefined) return fail(standardError(protocol.errors, 'missingAuth'));
		if (signature === 'malformed') return fail(standardError(protocol.errors, 'badSignature'));

		const {world, exports} = this.options.context;
		const token = raw.headers['x-amz-security-token'] ?? raw.query.get('X-Amz-Security-Token') ?? undefined;
		const resolved = resolveCaller(world, signature.accessKeyId, typeof token === 'string' ? token : undefined);
		if ('problem' in resolved) return fail(standardError(protocol.errors, problemError[resolved.problem]));
		const amzDate = String(raw.headers['x-amz-date'] ?? raw.query.get('X-Amz-Date') ?? '');
		const signedParts = {method: raw.method, rawPath: raw.rawPath, query: raw.query, rawHeaders: request.rawHeaders, body: raw.body, amzDate};
		if (!signatureMatches(signature, resolved.caller.credential.secretAccessKey, signedParts)) {
			return fail(standardError(protocol.errors, 'badSignature'));
		}

		exports.advance();
		try {
			return await protocol.handle({...raw, service: protocol.service, region: signature.region, requestId, operation, caller: resolved.caller}, this.options.context);
		} catch (error) {
			if (error instanceof ServiceError) return fail(error);
			return fail(new ServiceError(500, protocol.errors.serverError[1], `${protocol.errors.serverError[2]} (${String(error)})`));
		}
	}
}
