// A loopback forward proxy that counts what it carries: CONNECT tunnels (how clients
// reach https endpoints through a proxy) and plain proxied requests (absolute-URL
// requests for http endpoints). Every host name is taken to mean 127.0.0.1, so an
// endpoint like http://sandbox.test:PORT reaches a local server only through the proxy.

import {createServer, request as httpRequest} from 'node:http';
import {connect, type Socket} from 'node:net';

export interface CountingProxy {
	url: string;
	/** CONNECT tunnels opened, by "host:port". */
	tunnels: string[];
	/** Plain requests carried, by absolute URL. */
	requests: string[];
	stop(): Promise<void>;
}

export async function startCountingProxy(): Promise<CountingProxy> {
	const tunnels: string[] = [];
	const requests: string[] = [];
	const sockets = new Set<Socket>();
	const server = createServer((request, response) => {
		requests.push(request.url ?? '');
		const target = new URL(request.url ?? '/');
		const headers = {...request.headers};
		delete headers['proxy-connection'];
		const forward = httpRequest({host: '127.0.0.1', port: target.port, method: request.method, path: `${target.pathname}${target.search}`, headers}, (answer) => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		forward.on('error', () => response.destroy());
		request.pipe(forward);
	});
	server.on('connect', (request, client: Socket, head: Buffer) => {
		tunnels.push(request.url ?? '');
		const port = Number((request.url ?? '').split(':').pop());
		const upstream = connect(port, '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length > 0) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		tunnels,
		requests,
		async stop() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
