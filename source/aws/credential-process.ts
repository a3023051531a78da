// credential_process, run by the tool itself instead of the SDK's fromProcess: the SDK's
// error repeats the whole command line (which often carries a password or inline keys)
// and drops the exit code. Here a failure says which profile's process failed and how
// it ended, and never quotes the command, its output or its stderr.

import {exec} from 'node:child_process';
import {AwsCallError} from '../core/ports.js';
import type {AwsCredentialIdentity} from './credentials.js';

/** What the process ended with; the command itself is never part of it. */
export interface ProcessEnd {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	/** What went wrong when it is neither an exit code nor a signal. */
	problem?: string;
}

/** Runs `command` through the shell, as the SDK and the AWS CLI v2 do on POSIX. */
export function runCredentialProcess(command: string): Promise<ProcessEnd> {
	return new Promise((resolve) => {
		// The child's stderr goes nowhere: it may echo its arguments. 1 MB of stdout is plenty for one JSON document.
		exec(command, {maxBuffer: 1024 * 1024, encoding: 'utf8', windowsHide: true}, (error, stdout) => {
			const failure = error as (Error & {code?: unknown; signal?: NodeJS.Signals | null}) | null;
			if (!failure) return resolve({code: 0, signal: null, stdout});
			// A spawn failure (ENOENT of the shell) has a string code: no exit code to report.
			if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({code: null, signal: null, stdout, problem: 'printed more than 1 MB'});
			resolve({code: typeof failure.code === 'number' ? failure.code : null, signal: failure.signal ?? null, stdout});
		});
	});
}

/** The failure of a profile's credential_process, in words that name the profile and never the command. */
export function credentialProcessError(profile: string, end: Pick<ProcessEnd, 'code' | 'signal'> | undefined, problem?: string): AwsCallError {
	const how = !end ? 'failed (its exit code was not reported)' : end.signal ? `was ended by ${end.signal}` : end.code === null ? 'could not be started' : `failed (exit code ${end.code})`;
	const text = problem
		? `The credential_process of profile ${profile} ${problem}.`
		: `The credential_process of profile ${profile} ${how}. Run it yourself to see why (its command line is not shown: it may hold secrets).`;
	return new AwsCallError('credentials', 'LoadCredentials', 'CredentialProcessFailed', text);
}

/** A provider for a profile whose credentials come from its own credential_process. */
export function fromCredentialProcess(profile: string, command: string, run = runCredentialProcess): () => Promise<AwsCredentialIdentity> {
	return async () => {
		const end = await run(command);
		if (end.code !== 0 || end.signal || end.problem) throw credentialProcessError(profile, end, end.problem);
		return parseProcessOutput(profile, end.stdout);
	};
}

/** The documented output: {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}. */
export function parseProcessOutput(profile: string, stdout: string): AwsCredentialIdentity {
	let data: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(stdout.trim());
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
		data = parsed as Record<string, unknown>;
	} catch {
		throw credentialProcessError(profile, undefined, 'printed something that is not a JSON object');
	}
	if (data['Version'] !== 1) throw credentialProcessError(profile, undefined, 'did not print "Version": 1');
	const accessKeyId = data['AccessKeyId'];
	const secretAccessKey = data['SecretAccessKey'];
	if (typeof accessKeyId !== 'string' || !accessKeyId || typeof secretAccessKey !== 'string' || !secretAccessKey) {
		throw credentialProcessError(profile, undefined, 'printed no AccessKeyId and SecretAccessKey');
	}
	const credentials: AwsCredentialIdentity = {accessKeyId, secretAccessKey};
	if (typeof data['SessionToken'] === 'string' && data['SessionToken']) credentials.sessionToken = data['SessionToken'];
	if (typeof data['Expiration'] === 'string') {
		const expiration = new Date(data['Expiration']);
		if (Number.isNaN(expiration.getTime())) throw credentialProcessError(profile, undefined, 'printed an Expiration that is not a date');
		if (expiration.getTime() < Date.now()) throw credentialProcessError(profile, undefined, 'printed credentials that have already expired');
		credentials.expiration = expiration;
	}
	if (typeof data['AccountId'] === 'string' && data['AccountId']) credentials.accountId = data['AccountId'];
	return credentials;
}
