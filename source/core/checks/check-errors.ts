// How a check turns a failed input or a refused AWS call into a verdict. Every check
// catches everything: one check's trouble must never stop the others.

import {AwsCallError, isAbortError} from '../ports.js';
import {CHECK_TITLES} from './check-titles.js';
import type {CheckId, CheckResult} from './types.js';

/** What a check function returns; the runner adds id, title and duration. */
export type CheckVerdict = Omit<CheckResult, 'id' | 'title' | 'durationMs'>;

/** An input of a check failed; the check that owns that input reports why. */
export class DependencyError extends Error {
	override readonly name = 'DependencyError';
	constructor(
		readonly check: CheckId,
		readonly original?: unknown,
	) {
		super(`could not run because the "${CHECK_TITLES[check]}" check failed`);
	}
}

/** Codes the aws layer uses when no credentials can be had; AWS's refusals are AwsCallError.isRefusedCredentials. */
const noCredentialCodes = new Set(['ProfileNotFound', 'SsoTokenExpired', 'MfaRequired', 'CredentialsMissing']);

export function isCredentialError(error: unknown): boolean {
	return error instanceof AwsCallError && (noCredentialCodes.has(error.code) || error.isRefusedCredentials);
}

/** The thing asked about does not exist (not: the profile or the credentials do not). */
export function isMissing(error: unknown): error is AwsCallError {
	return error instanceof AwsCallError && error.isNotFound && !error.isAccessDenied && !isCredentialError(error) && !/^Profile|^Credentials/.test(error.code);
}


/** Awaits an input; its failure becomes a DependencyError naming the check that owns it. */
export async function need<T>(input: Promise<T>, owner: CheckId): Promise<T> {
	try {
		return await input;
	} catch (error) {
		if (isAbortError(error) || error instanceof DependencyError) throw error;
		throw dependencyOn(owner, error);
	}
}

/** Refused credentials are the Credentials check's business, whichever input met them. */
export function dependencyOn(owner: CheckId, error: unknown): DependencyError {
	if (error instanceof DependencyError) return error;
	return new DependencyError(isCredentialError(error) ? 'credentials' : owner, error);
}

/**
 * A refused or failed read that the check could not do without.
 * @param what  what the call would have told, e.g. "read the bucket policy"
 * @param permission  the IAM action it needs, e.g. "s3:GetBucketPolicy"
 */
export function callErrorVerdict(error: unknown, what: string, permission?: string): CheckVerdict {
	// The runner words these, and records which check to re-run first.
	if (error instanceof DependencyError) throw error;
	if (!(error instanceof AwsCallError)) return unexpectedVerdict(error);
	const evidence = [errorLine(error)];
	if (isCredentialError(error)) throw new DependencyError('credentials', error);
	if (error.code === 'NetworkError' || error.code === 'UnreadableAnswer') {
		return {status: 'unknown', summary: `Could not ${what}: ${noAnswerWords(error)}.`, cause: error.message, evidence};
	}
	if (error.isAccessDenied) {
		return {
			status: 'unknown',
			summary: `Could not ${what}: access denied.`,
			cause: `You may not ${what}${permission ? ` (${permission})` : ''}, so this could not be told.`,
			evidence,
			...(permission ? {fix: {text: `Attach the read-only checker policy (it has ${permission}) so that this check can answer.`, snippet: 'checker-policy' as const}} : {}),
		};
	}
	if (/Throttl|TooManyRequests|SlowDown|RequestLimitExceeded/.test(error.code)) {
		return {status: 'unknown', summary: `Could not ${what}: AWS throttled the call.`, cause: 'AWS throttled the call; try the check again in a moment.', evidence};
	}
	return {status: 'unknown', summary: `Could not ${what}: ${error.code}.`, cause: `${error.operation} failed: ${error.message}`, evidence};
}

/** "no answer from HOST within N s", "unreadable answer from HOST", else "no answer from AWS": what a verdict's summary says. */
export function noAnswerWords(error: AwsCallError): string {
	const said = /(?:no|unreadable) answer from \S+?(?= within [\d.]+ s|:? |[:.]?$)(?: within [\d.]+ s)?/.exec(error.message)?.[0];
	return said ?? (error.code === 'UnreadableAnswer' ? 'unreadable answer' : 'no answer from AWS');
}

/** A bug, not an AWS answer: say so plainly instead of guessing a cause. */
export function unexpectedVerdict(error: unknown): CheckVerdict {
	const message = error instanceof Error ? error.message : String(error);
	return {
		status: 'unknown',
		summary: 'The check itself failed unexpectedly.',
		cause: `Unexpected error in the check (a bug; please report it): ${message}`,
		evidence: error instanceof Error && error.stack ? [error.stack.split('\n').slice(0, 3).join(' | ')] : undefined,
	};
}

export function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export type Settled<T> = {ok: true; value: T} | {ok: false; error: unknown};

/**
 * Like Promise.allSettled for one promise: never rejects, not even with AbortError. Checks
 * start several settles and await them later; one that rejected while the check was stopped
 * at an earlier await (Ctrl-C) was an unhandled rejection that ended the process. After an
 * abort, runChecks drops whatever the check then concludes.
 */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	try {
		return {ok: true, value: await promise};
	} catch (error) {
		return {ok: false, error};
	}
}

export function errorLine(error: unknown): string {
	// Evidence names what AWS said, not which check owns the failed input.
	if (error instanceof DependencyError && error.original !== undefined) return errorLine(error.original);
	if (error instanceof AwsCallError) return `${error.operation}: ${error.code}: ${error.message}`;
	return error instanceof Error ? error.message : String(error);
}

/** errorLine, saying which call failed when the error does not say it itself. */
export function callLine(operation: string, error: unknown): string {
	const line = errorLine(error);
	return line.startsWith(`${operation}: `) ? line : `${operation}: ${line}`;
}
