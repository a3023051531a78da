// An HTTP proxy in front of the sandbox that the tests can break on purpose: take the
// network down and bring it back (an outage), or carry out one request and then drop
// its answer (the "lost response" of a call that changed something). It can also show
// a test every answer (to learn temporary credentials handed out on the wire).
// Requests are passed on byte for byte with their Host header, so SigV4 signatures
// stay valid.

import {createServer, request as httpRequest, type IncomingMessage} from 'node:http';
import type {Socket} from 'node:net';

export interface FaultProxy {
	/** http://127.0.0.1:PORT, to give the gateway as its endpoint. */
	endpoint: string;
	/** Every connection is cut at once until up() (the client sees ECONNRESET). */
	down(): void;
	up(): void;
	/** The next request that `matches` reaches the sandbox, and its answer never comes back. */
	dropNextResponse(matches: (request: IncomingMessage) => boolean): void;
	/** Requests cut while down, answers dropped, requests passed on. */
	readonly counts: {refused: number; dropped: number; forwarded: number};
	stop(): Promise<void>;
}

export interface ProxyOptions {
	/** Sees every answer that comes back from the sandbox (e.g. to learn temporary credentials). */
	onAnswer?: (request: IncomingMessage, status: number, body: Buffer) => void;
}

export async function startFaultProxy(target: string, options: ProxyOptions = {}): Promise<FaultProxy> {
	const upstream = new URL(target);
	const sockets = new Set<Socket>();
	const counts = {refused: 0, dropped: 0, forwarded: 0};
	let isDown = false;
	let dropMatcher: ((request: IncomingMessage) => boolean) | undefined;

	const server = createServer((request, response) => {
		if (isDown) {
			counts.refused++;
			request.socket.destroy();
			return;
		}
		const drop = dropMatcher?.(request) ?? false;
		if (drop) dropMatcher = undefined;
		const headers: Record<string, string | string[]> = {};
		for (let i = 0; i < request.rawHeaders.length; i += 2) {
			const name = request.rawHeaders[i]!;
			const value = request.rawHeaders[i + 1]!;
			const existing = headers[name];
			headers[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
		}
		const forward = httpRequest(
			{host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers, agent: false},
			(answer) => {
				const chunks: Buffer[] = [];
				answer.on('data', (chunk: Buffer) => chunks.push(chunk));
				answer.on('end', () => {
					options.onAnswer?.(request, answer.statusCode ?? 0, Buffer.concat(chunks));
					if (drop || isDown) {
						// The work was done upstream; the client never hears of it.
						counts.dropped++;
						request.socket.destroy();
						return;
					}
					counts.forwarded++;
					response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
					response.end(Buffer.concat(chunks));
				});
			},
		);
		forward.on('error', () => request.socket.destroy());
		request.pipe(forward);
	});
	server.on('connection', (socket) => {
		if (isDown) {
			counts.refused++;
			socket.destroy();
			return;
		}
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;

	return {
		endpoint: `http://127.0.0.1:${port}`,
		counts,
		down() {
			isDown = true;
			for (const socket of sockets) socket.destroy();
		},
		up() {
			isDown = false;
		},
		dropNextResponse(matches) {
			dropMatcher = matches;
		},
		async stop() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
