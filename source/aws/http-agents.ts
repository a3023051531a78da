// What each client's HTTP handler is given besides its timeouts: nothing at all in the
// usual case (the SDK's own keep-alive agents), the CA bundle when one is configured,
// and proxy-aware agents when a proxy variable is set. The proxy code is loaded only
// then, so a run without a proxy pays nothing for it.

import {readFile} from 'node:fs/promises';
import {AwsCallError} from '../core/ports.js';

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];

export function proxyVariableSet(env: NodeJS.ProcessEnv = process.env): boolean {
	return PROXY_VARIABLES.some((name) => Boolean(env[name]?.trim()));
}

const bundles = new Map<string, Promise<string>>();

/** The PEM text of a CA bundle, read once per path; a missing or non-PEM file is named in the error. */
export function readCaBundle(path: string, source: string): Promise<string> {
	let bundle = bundles.get(path);
	if (!bundle) {
		bundle = readFile(path, 'utf8').then(
			(text) => {
				if (!text.includes('-----BEGIN CERTIFICATE-----')) {
					throw new AwsCallError('config', 'LoadCaBundle', 'InvalidCaBundle', `The CA bundle ${path} (${source}) holds no PEM certificate ("-----BEGIN CERTIFICATE-----").`);
				}
				return text;
			},
			(error: NodeJS.ErrnoException) => {
				throw new AwsCallError('config', 'LoadCaBundle', 'InvalidCaBundle', `The CA bundle ${path} (${source}) cannot be read: ${error.code ?? error.message}.`);
			},
		);
		bundle.catch(() => bundles.delete(path));
		bundles.set(path, bundle);
	}
	return bundle;
}

export interface HandlerAgents {
	httpAgent?: unknown;
	httpsAgent?: unknown;
}

/** The agents for one client (each client owns its agents, as the SDK's defaults do). */
export async function handlerAgents(caBundle: {path: string; source: string} | undefined, env: NodeJS.ProcessEnv = process.env): Promise<HandlerAgents> {
	const ca = caBundle ? await readCaBundle(caBundle.path, caBundle.source) : undefined;
	if (!proxyVariableSet(env)) return ca ? {httpsAgent: {ca}} : {};
	const {proxyAgents} = await import('./proxy-agents.js');
	return proxyAgents(ca);
}
