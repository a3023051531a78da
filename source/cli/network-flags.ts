// The network settings a person gave on the command line or in the environment
// (--ca-bundle, AWS_CA_BUNDLE, AWS_MAX_ATTEMPTS, AWS_RETRY_MODE), checked before the
// sandbox starts or AWS is called: a typo is bad input (exit 3), named with its fix.
// A profile's own max_attempts / retry_mode / ca_bundle are checked when its session starts.

import {statSync} from 'node:fs';
import {resolveNetworkSettings} from '../aws/network-settings.js';
import type {CliOptions} from './arguments.js';

export function networkProblems(options: Pick<CliOptions, 'caBundle'>, env: NodeJS.ProcessEnv = process.env): string[] {
	const resolved = resolveNetworkSettings({caBundle: options.caBundle, env});
	if (!resolved.ok) return resolved.problems.map((p) => p.message);
	const {caBundle, sources} = resolved.value;
	if (caBundle === undefined) return [];
	let isFile = false;
	try {
		isFile = statSync(caBundle).isFile();
	} catch {
		// Reported below.
	}
	return isFile ? [] : [`${sources.caBundle} names ${caBundle}, which is not a file: give the path of a PEM file of trusted certificates.`];
}
