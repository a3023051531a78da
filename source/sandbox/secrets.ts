// The sandbox's secrets: random for every credential it makes (profiles at start-up,
// AssumeRole sessions), so only whoever was handed them can sign a call. Tests that run
// several sandboxes against one set of profile files give a seed instead: the same
// seed, the same secrets (never used by --demo or the standalone sandbox).

import {createHmac, randomBytes} from 'node:crypto';

/** 40 characters, as AWS's secret access keys. */
export function newSecretAccessKey(): string {
	return randomBytes(30).toString('base64');
}

/** Shaped like an STS session token. */
export function newSessionToken(): string {
	return `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`;
}

export interface ProfileSecrets {
	secretAccessKey: (accessKeyId: string) => string;
	sessionToken: (accessKeyId: string) => string;
}

/** Random secrets; with a seed, ones derived from it and the access key id. */
export function profileSecrets(seed?: string): ProfileSecrets {
	if (seed === undefined) return {secretAccessKey: newSecretAccessKey, sessionToken: newSessionToken};
	const derive = (what: string, id: string) => createHmac('sha256', seed).update(`${what}/${id}`).digest('base64');
	return {
		secretAccessKey: (id) => derive('secret', id).slice(0, 40),
		sessionToken: (id) => `IQoJb3JpZ2luX2VjE${derive('token', id)}`,
	};
}
