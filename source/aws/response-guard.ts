// What the tool accepts from the other end of a connection before the SDK parses it:
// an answer that arrives within the read timeout (a server that accepts and never
// answers, or drips a byte now and then, must not hold a check forever), a body no
// bigger than the tool will ever need (a 300 MB error body once took 9.3 GB), and
// the marks every AWS answer carries (a captive portal's HTML 200 is not "signed in").

import {PassThrough, Readable} from 'node:stream';

/** --cli-connect-timeout / --cli-read-timeout, in milliseconds; 0 means no limit (as in the AWS CLI). */
export interface Timeouts {
	connectMs: number;
	readMs: number;
}

/** The AWS CLI's read default; the connect default is shorter than the CLI's 60 s, as a dead endpoint should show soon. */
export const defaultTimeouts: Timeouts = {connectMs: 10_000, readMs: 60_000};

/** Bodies read for an error or a policy: no AWS policy comes near it (the largest, a key policy, is 32 KB). */
export const errorOrPolicyLimit = 1024 * 1024;
/** Every other answer the tool reads (a page of 1,000 buckets is about 200 KB, a manifest summary 1 KB). */
export const answerLimit = 16 * 1024 * 1024;

/** Set in a GetObject's context when its body is streamed to the caller (s3-calls.ts getObjectStream). */
export const streamedBodyContext = 'ddbExportStreamedBody';

/** Operations whose answer is a policy document. */
const policyOperations = /^(GetBucketPolicy|GetKeyPolicy|GetPolicyVersion|GetRolePolicy|GetUserPolicy|GetGroupPolicy|DescribePolicy)$/;

/**
 * Tried once more after a timed-out attempt: reads without side effects, and the export's
 * start, which its ClientToken makes idempotent (the same token returns the same export).
 */
export function isIdempotent(operation: string): boolean {
	return /^(Describe|Get|List|Head|Simulate|Validate)/.test(operation) || operation === 'ExportTableToPointInTime';
}

/** The settings of the SDK's NodeHttpHandler for these timeouts. */
export function requestHandlerSettings(timeouts: Timeouts): Record<string, unknown> {
	return {
		connectionTimeout: timeouts.connectMs,
		// Until the status line and headers are in (a server may drip its headers); the
		// handler only warns when this passes unless told to throw.
		requestTimeout: timeouts.readMs,
		throwOnRequestTimeout: true,
		// No byte for this long: given, so the SDK's five-minute default does not apply.
		socketTimeout: timeouts.readMs,
	};
}

/** Set on an error (or a wrapped one) that means no answer within the timeout. */
export const noAnswerProperty = '$ddbExportNoAnswer';

/** Thrown in place of a timed-out attempt that must not be retried (the SDK retries any TimeoutError). */
export class NoAnswerError extends Error {
	override readonly name = 'NoAnswerError';
	constructor(readonly sentence: string) {
		super(sentence);
	}
}

/** An answer that is not AWS's, or a body past its limit: never retried, never parsed. */
export class UnreadableAnswerError extends Error {
	override readonly name = 'UnreadableAnswerError';
}

interface ResponseLike {
	statusCode: number;
	headers: Record<string, string | undefined>;
	body?: unknown;
}

/**
 * The raw answer of one attempt, checked before the SDK's deserializer reads it: its body
 * becomes a stream that stops at the limit and fails when it has not ended within the
 * read timeout after the headers came.
 */
export async function guardResponse(response: ResponseLike, operation: string, host: string, timeouts: Timeouts, streamed = false): Promise<void> {
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (ok && !looksLikeAws(response.headers)) {
		const excerpt = await readExcerpt(response.body);
		const type = response.headers['content-type'];
		throw new UnreadableAnswerError(
			`unreadable answer from ${host}: HTTP ${response.statusCode}${type ? ` ${type.split(';')[0]}` : ''} without the request id every AWS answer carries${
				excerpt ? ` (it begins "${excerpt}")` : ''
			}. A captive portal, a proxy's page or a wrong endpoint URL answers like this.`,
		);
	}
	if (!(response.body instanceof Readable)) return;
	// A data file that verify streams may be gigabytes: no size limit, and the read timeout
	// counts from the last byte (as the AWS CLI's does), not from the headers.
	if (ok && streamed) {
		response.body = boundedBody(response.body, Number.POSITIVE_INFINITY, timeouts.readMs, () => cutError(host, response.statusCode, 0), true);
		return;
	}
	// Other GetObjects read manifests, far below the limit.
	const limit = !ok || policyOperations.test(operation) ? errorOrPolicyLimit : answerLimit;
	response.body = boundedBody(response.body, limit, timeouts.readMs, () => cutError(host, response.statusCode, limit));
}

/** Every AWS service answers with one of these; an S3-compatible store does too. */
function looksLikeAws(headers: Record<string, string | undefined>): boolean {
	const names = Object.keys(headers).map((name) => name.toLowerCase());
	const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
	if (/text\/html/i.test(type)) return false;
	return names.some((name) => name === 'x-amzn-requestid' || name === 'x-amz-request-id' || name === 'x-amz-id-2' || name === 'x-amzn-request-id');
}

async function readExcerpt(body: unknown): Promise<string> {
	if (!(body instanceof Readable)) return typeof body === 'string' ? oneLine(body) : '';
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body) {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
			chunks.push(buffer);
			size += buffer.length;
			if (size >= 400) break;
		}
	} catch {
		// The excerpt is only a hint.
	} finally {
		body.destroy();
	}
	return oneLine(Buffer.concat(chunks).toString('utf8'));
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim().slice(0, 120);
}

/**
 * `source` as a stream that fails with `tooLong()` past `limit` bytes (and stops reading
 * there), and with a TimeoutError when it has not ended within `readMs`. Failing rather than
 * ending early: whoever reads it, the SDK's parser or a caller reading an object, learns why.
 */
function boundedBody(source: Readable, limit: number, readMs: number, tooLong: () => Error, idle = false): Readable {
	const out = new PassThrough();
	let size = 0;
	const start = () => {
		if (readMs <= 0) return undefined;
		const started = setTimeout(() => {
			const error = Object.assign(new Error(`the answer did not finish within ${readMs / 1000} s`), {name: 'TimeoutError'});
			source.destroy();
			out.destroy(error);
		}, readMs);
		started.unref();
		return started;
	};
	let timer = start();
	const finish = () => clearTimeout(timer);
	source.on('data', (chunk: Buffer) => {
		if (idle) {
			finish();
			timer = start();
		}
		if (size + chunk.length > limit) {
			finish();
			// Stop the download: nothing past the limit is read.
			source.destroy();
			out.destroy(tooLong());
			return;
		}
		size += chunk.length;
		if (!out.write(chunk)) {
			source.pause();
			out.once('drain', () => source.resume());
		}
	});
	source.on('end', () => {
		finish();
		out.end();
	});
	source.on('error', (error) => {
		finish();
		if (!out.writableEnded) out.destroy(error);
	});
	out.on('close', () => {
		finish();
		if (!source.destroyed) source.destroy();
	});
	return out;
}

/** "1 MB" for the limits above. */
export function sizeWords(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The error that replaces an attempt whose body was cut. */
export function cutError(host: string, status: number | undefined, limit: number): UnreadableAnswerError {
	return new UnreadableAnswerError(
		`unreadable answer from ${host}: ${status ? `HTTP ${status} with ` : ''}a body longer than ${sizeWords(limit)}, cut there and not read further (no AWS answer is that long)`,
	);
}

/** Was this attempt's failure a timeout? Then which one, in seconds. */
export function timeoutOf(error: unknown, timeouts: Timeouts): {seconds: number; which: 'connect' | 'read'} | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const message = (error as {message?: unknown}).message;
	// By message: the SDK's handler also names a plain ECONNRESET "TimeoutError". These are
	// its connect, request and socket timeouts, and the body deadline of boundedBody().
	if (typeof message !== 'string' || !/requestTimeout|socket timed out after|establish a connection|did not finish within/.test(message)) return undefined;
	if (/establish a connection/.test(message) && timeouts.connectMs) return {seconds: timeouts.connectMs / 1000, which: 'connect'};
	return {seconds: timeouts.readMs / 1000, which: 'read'};
}
