// Turns whatever the SDK throws into the AwsCallError the core understands.
// Pure: it only reads properties of the thrown value, so tests can feed it
// hand-made objects shaped like SDK errors.

import {unescapeXml} from '../core/diagnosis/parse-access-denied.js';
import {AwsCallError, isAbortError} from '../core/ports.js';
import {noAnswerProperty} from './response-guard.js';

export {isAbortError};

/** Codes that mean "no answer came back", from Node's net/http layers and the SDK's handler. */
const networkCodes = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EPIPE',
	'ECONNABORTED',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
]);
const networkNames = new Set(['TimeoutError', 'RequestTimeout', 'NetworkingError']);

/** Where the request went, attached to errors by the client middleware (see clients.ts). */
export const hostProperty = '$ddbExportHost';
/** The text of an error answer, kept on the SDK's response by the client middleware (see clients.ts). */
export const errorBodyProperty = '$ddbExportErrorBody';

interface SdkErrorLike {
	name?: unknown;
	Code?: unknown;
	code?: unknown;
	message?: unknown;
	$metadata?: {httpStatusCode?: number; requestId?: string; extendedRequestId?: string};
	$response?: {statusCode?: number; headers?: Record<string, string>; body?: unknown};
	$responseBodyText?: unknown;
	hostname?: unknown;
	address?: unknown;
	port?: unknown;
	cause?: unknown;
}

/**
 * @param service lower-case IAM service prefix ('dynamodb', 's3', 'kms', ...)
 * @param operation API operation name ('DescribeTable')
 * AbortError is returned unchanged (callers rethrow it); everything else becomes an AwsCallError.
 */
export function toAwsCallError(error: unknown, service: string, operation: string): AwsCallError | Error {
	if (error instanceof AwsCallError) return error;
	if (isAbortError(error)) return error as Error;
	if (typeof error !== 'object' || error === null) {
		return new AwsCallError(service, operation, 'UnknownError', `${operation} failed: ${String(error)}`);
	}
	const e = error as SdkErrorLike;
	const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
	const requestId = e.$metadata?.requestId;
	const name = stringOf(e.name);
	const rawCode = stringOf(e.Code) ?? name;
	const message = stringOf(e.message) ?? '';

	const certificate = status === undefined ? certificateFailure(e) : undefined;
	if (certificate) {
		const host = hostOf(e);
		return new AwsCallError(
			service,
			operation,
			'CertificateError',
			`${operation} could not verify the TLS certificate${host ? ` of ${host}` : ''}: ${certificate}. Behind a proxy or endpoint with its own certificate authority, give its PEM bundle with --ca-bundle FILE, AWS_CA_BUNDLE or ca_bundle in the profile.`,
		);
	}
	// Set by the attempt middleware (clients.ts) on a timeout: "no answer from HOST within N s".
	const noAnswer = (e as Record<string, unknown>)[noAnswerProperty] ?? (name === 'NoAnswerError' ? message : undefined);
	if (typeof noAnswer === 'string') {
		return new AwsCallError(service, operation, 'NetworkError', `${operation} got ${noAnswer}. Check the network, a proxy, or the endpoint URL.`);
	}
	if (name === 'UnreadableAnswerError') {
		return new AwsCallError(service, operation, 'UnreadableAnswer', firstLine(message), status, requestId);
	}

	const network = networkFailure(e, status);
	if (network) {
		const host = hostOf(e);
		return new AwsCallError(
			service,
			operation,
			'NetworkError',
			`${operation} got no answer${host ? ` from ${host}` : ''}: ${network}. Check the network, a proxy, or the endpoint URL.`,
		);
	}

	// The body could not be parsed: some AWS-compatible endpoints answer with XML or HTML
	// where JSON was expected. Keep the status, show the start of what came back.
	if (name === 'SyntaxError' || message.includes('Deserialization error')) {
		const body = bodyText(e);
		// Without the body, the parser's own message still quotes its first characters.
		const parserSays = firstLine(message);
		const excerpt = body ? `: ${oneLine(body).slice(0, 200)}` : parserSays ? `: ${parserSays.slice(0, 200)}` : '';
		// An XML error answer still says what happened: its Code and Message are read, not cut.
		const said = body ? xmlError(body) : undefined;
		if (status === 403) {
			return new AwsCallError(service, operation, said?.code ?? 'AccessDenied', said?.message ?? `Access denied (HTTP 403, unreadable error body)${excerpt}`, status, requestId);
		}
		if (said?.code && said.message) return new AwsCallError(service, operation, said.code, said.message, status, requestId);
		return new AwsCallError(
			service,
			operation,
			status === 404 ? 'NotFound' : 'UnparseableResponse',
			`${operation} returned ${status === undefined ? 'a response' : `HTTP ${status}`} that could not be read${excerpt}`,
			status,
			requestId,
		);
	}

	let code = rawCode && !/^(Unknown|UnknownError|Error|\d{3})$/.test(rawCode) ? rawCode : undefined;
	let text = message && message !== 'UnknownError' ? firstLine(message) : '';

	// HEAD requests carry no error body, so S3 gives only a status.
	if (service === 's3' && (!code || code === 'Forbidden' || code === 'NotFound' || code === 'BadRequest')) {
		if (status === 403) {
			code = 'AccessDenied';
			text = 'Access Denied';
		} else if (status === 404) {
			code = operation === 'HeadObject' || operation === 'GetObject' ? 'NoSuchKey' : 'NoSuchBucket';
			text = code === 'NoSuchKey' ? 'The specified key does not exist.' : 'The specified bucket does not exist';
		} else if (status === 301) {
			code = 'PermanentRedirect';
			text = 'The bucket is in another Region than the one addressed.';
		}
	}
	if (!code) code = status === 403 ? 'AccessDenied' : status === 404 ? 'NotFound' : 'UnknownError';
	if (!text) text = status === undefined ? `${operation} failed` : `${operation} failed with HTTP ${status}`;
	return new AwsCallError(service, operation, code, text, status, requestId);
}

/** Node's TLS verification codes: the answer never came because the server was not trusted. */
const certificateCodes = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID)$/;

function certificateFailure(e: SdkErrorLike): string | undefined {
	for (const candidate of [e, e.cause as SdkErrorLike | undefined]) {
		const code = candidate && typeof candidate === 'object' ? stringOf(candidate.code) : undefined;
		if (code && certificateCodes.test(code)) return `${firstLine(stringOf(candidate!.message) ?? '') || code} (${code})`;
	}
	return undefined;
}

function networkFailure(e: SdkErrorLike, status: number | undefined): string | undefined {
	if (status !== undefined && status > 0) return undefined;
	const code = stringOf(e.code);
	if (code && networkCodes.has(code)) return code;
	const name = stringOf(e.name);
	if (name && networkNames.has(name)) return name === 'TimeoutError' ? 'timed out' : name;
	const cause = e.cause as SdkErrorLike | undefined;
	const causeCode = cause && typeof cause === 'object' ? stringOf(cause.code) : undefined;
	if (causeCode && networkCodes.has(causeCode)) return causeCode;
	const message = stringOf(e.message) ?? '';
	const m = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|socket hang up)\b/.exec(message);
	if (m) return m[1];
	if (/\btimed? ?out\b/i.test(message) && status === undefined && !e.$response) return 'timed out';
	return undefined;
}

function hostOf(e: SdkErrorLike): string | undefined {
	const attached = (e as Record<string, unknown>)[hostProperty];
	if (typeof attached === 'string') return attached;
	const hostname = stringOf(e.hostname) ?? stringOf(e.address);
	if (hostname) return e.port ? `${hostname}:${String(e.port)}` : hostname;
	const m = /\b(\d{1,3}(?:\.\d{1,3}){3}:\d+|[a-z0-9.-]+\.amazonaws\.com(?:\.cn)?)\b/i.exec(stringOf(e.message) ?? '');
	return m?.[1];
}

/** Code and Message of an XML error body (<Error><Code>…</Code><Message>…</Message>), when it has them. */
function xmlError(body: string): {code?: string; message?: string} | undefined {
	const code = /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1]?.trim();
	const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
	if (!code && !message) return undefined;
	return {code: code && /^[A-Za-z0-9.]+$/.test(code) ? code : undefined, message: message ? oneLine(unescapeXml(message)) : undefined};
}

function bodyText(e: SdkErrorLike): string | undefined {
	if (typeof e.$responseBodyText === 'string') return e.$responseBodyText;
	const kept = (e.$response as Record<string, unknown> | undefined)?.[errorBodyProperty];
	if (typeof kept === 'string') return kept;
	const body = e.$response?.body;
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
	return undefined;
}

function stringOf(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function firstLine(text: string): string {
	// The SDK appends a hint about $response on a second line; a person never needs it.
	return text.split('\n')[0]!.trim();
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/** A response header from an SDK error (e.g. x-amz-bucket-region on a 301/403), if present. */
export function responseHeader(error: unknown, name: string): string | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const headers = (error as SdkErrorLike).$response?.headers;
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
	return key ? headers[key] : undefined;
}
