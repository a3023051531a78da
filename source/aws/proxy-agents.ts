// HTTP(S)_PROXY, ALL_PROXY and NO_PROXY (either case), as the AWS CLI honours them. The
// SDK v3 reads none of them, so its handler is given agents that decide per connection:
// direct, a CONNECT tunnel through the proxy (https endpoints), or a proxied plain
// request (http endpoints). Loaded with import() only when a proxy variable is set.
// Loopback endpoints (the demo's sandbox, a local DynamoDB) are never proxied, whatever
// NO_PROXY says: a proxy cannot reach this machine's loopback.

import {isIP, connect as netConnect} from 'node:net';
import {connect as tlsConnect} from 'node:tls';
import type {ClientRequest} from 'node:http';
import {Agent, type AgentConnectOpts} from 'agent-base';
import {HttpProxyAgent} from 'http-proxy-agent';
import {HttpsProxyAgent} from 'https-proxy-agent';
import {getProxyForUrl} from 'proxy-from-env';

export function isLoopbackHost(host: string): boolean {
	const h = host.replace(/^\[|\]$/g, '').toLowerCase();
	return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\./.test(h);
}

/** The proxy URL for a request to host:port, or '' for a direct connection. */
export function proxyFor(secure: boolean, host: string, port: number): string {
	if (isLoopbackHost(host)) return '';
	const bracketed = isIP(host) === 6 ? `[${host}]` : host;
	return getProxyForUrl(`${secure ? 'https' : 'http'}://${bracketed}:${port}/`);
}

type Tunnel = HttpsProxyAgent<string> | HttpProxyAgent<string>;

/** Keeps connections alive per host like the SDK's own agent; the route is chosen when a connection opens. */
class RoutingAgent extends Agent {
	private readonly tunnels = new Map<string, Tunnel>();

	constructor(
		private readonly secure: boolean,
		private readonly ca: string | undefined,
	) {
		// The CA bundle, in the agent's options, reaches every TLS connection it opens: direct or tunnelled.
		super({keepAlive: true, maxSockets: 50, ...(ca ? {ca} : {})});
	}

	/**
	 * Fixed per agent. agent-base otherwise guesses from the options, which lack the
	 * protocol when a socket is freed: kept-alive sockets were filed under an http name
	 * and never found again by the next https request (one new tunnel per call).
	 */
	override isSecureEndpoint(): boolean {
		return this.secure;
	}

	connect(request: ClientRequest, options: AgentConnectOpts) {
		const host = options.host ?? 'localhost';
		const port = options.port ?? (this.secure ? 443 : 80);
		const proxy = proxyFor(this.secure, host, port);
		if (proxy) {
			const tunnel = this.tunnel(proxy);
			// Each kind of tunnel types the request it rewrites in its own way; both take Node's.
			return (tunnel.connect as (request: ClientRequest, options: AgentConnectOpts) => ReturnType<Tunnel['connect']>).call(tunnel, request, options);
		}
		if (!this.secure) return netConnect(options as import('node:net').TcpNetConnectOpts);
		return tlsConnect({...(options as import('node:tls').ConnectionOptions), ...(isIP(host) ? {} : {servername: host})});
	}

	private tunnel(proxy: string): Tunnel {
		let tunnel = this.tunnels.get(proxy);
		if (!tunnel) {
			// The CA bundle also verifies the endpoint through the tunnel (and an https:// proxy).
			const options = {keepAlive: true, ...(this.ca ? {ca: this.ca} : {})};
			tunnel = this.secure ? new HttpsProxyAgent(proxy, options) : new HttpProxyAgent(proxy, options);
			this.tunnels.set(proxy, tunnel);
		}
		return tunnel;
	}

	override destroy(): void {
		for (const tunnel of this.tunnels.values()) tunnel.destroy();
		this.tunnels.clear();
		super.destroy();
	}
}

/** The handler's agents for one client. */
export function proxyAgents(ca: string | undefined): {httpAgent: Agent; httpsAgent: Agent} {
	return {httpAgent: new RoutingAgent(false, undefined), httpsAgent: new RoutingAgent(true, ca)};
}
