// Who is calling, read from the SigV4 signature the SDK puts on every request: the
// credential scope names the access key, Region and service. The signature itself is
// recomputed with the key's secret, as AWS does.

import {createHash, createHmac, timingSafeEqual} from 'node:crypto';
import type {IncomingHttpHeaders} from 'node:http';
import type {Caller, Credential, WorldState} from './world.js';

export interface Signature {
	accessKeyId: string;
	date: string;
	region: string;
	service: string;
	signedHeaders: string[];
	signature: string;
	/** Presigned URL: the signature came in the query string. */
	inQuery: boolean;
}

const headerPattern = /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/;

/** undefined: the request is not signed at all; 'malformed': signed, but unreadable. */
export function readSignature(headers: IncomingHttpHeaders, query: URLSearchParams): Signature | 'malformed' | undefined {
	const authorization = headers.authorization;
	if (typeof authorization === 'string') {
		const m = headerPattern.exec(authorization.trim());
		if (!m) return 'malformed';
		return {
			accessKeyId: m[1]!,
			date: m[2]!,
			region: m[3]!,
			service: m[4]!,
			signedHeaders: m[5]!.split(';'),
			signature: m[6]!,
			inQuery: false,
		};
	}
	const credential = query.get('X-Amz-Credential');
	if (query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' && credential) {
		const parts = credential.split('/');
		const signature = query.get('X-Amz-Signature') ?? '';
		if (parts.length !== 5 || !/^[0-9a-f]{64}$/.test(signature)) return 'malformed';
		return {
			accessKeyId: parts[0]!,
			date: parts[1]!,
			region: parts[2]!,
			service: parts[3]!,
			signedHeaders: (query.get('X-Amz-SignedHeaders') ?? 'host').split(';'),
			signature,
			inQuery: true,
		};
	}
	return undefined;
}

/** RFC 3986 encoding as SigV4 wants it. */
function encode(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalPath(rawPath: string, service: string): string {
	if (service === 's3') return rawPath || '/';
	// Other services normalise the path and sign it encoded once more (double encoding).
	const segments: string[] = [];
	for (const segment of rawPath.split('/')) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') segments.pop();
		else segments.push(segment);
	}
	const normalized = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
	return encode(normalized).replace(/%2F/g, '/');
}

function canonicalQuery(query: URLSearchParams, inQuery: boolean): string {
	const pairs: Array<[string, string]> = [];
	for (const [key, value] of query) {
		if (inQuery && key === 'X-Amz-Signature') continue;
		pairs.push([encode(key), encode(value)]);
	}
	pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
	return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValues(rawHeaders: string[]): Map<string, string[]> {
	const values = new Map<string, string[]>();
	for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
		const name = rawHeaders[i]!.toLowerCase();
		const list = values.get(name) ?? [];
		list.push(rawHeaders[i + 1]!.trim().replace(/\s+/g, ' '));
		values.set(name, list);
	}
	return values;
}

function hmac(key: Buffer | string, data: string): Buffer {
	return createHmac('sha256', key).update(data, 'utf8').digest();
}

export interface SignedParts {
	method: string;
	rawPath: string;
	query: URLSearchParams;
	rawHeaders: string[];
	body: Buffer;
	amzDate: string;
}

export function signatureMatches(signature: Signature, secretAccessKey: string, parts: SignedParts): boolean {
	const headers = headerValues(parts.rawHeaders);
	const canonicalHeaders = signature.signedHeaders.map((name) => `${name}:${(headers.get(name) ?? []).join(',')}\n`).join('');
	let payloadHash = headers.get('x-amz-content-sha256')?.[0];
	if (signature.inQuery) payloadHash = 'UNSIGNED-PAYLOAD';
	if (!payloadHash) payloadHash = createHash('sha256').update(parts.body).digest('hex');
	const canonicalRequest = [
		parts.method,
		canonicalPath(parts.rawPath, signature.service),
		canonicalQuery(parts.query, signature.inQuery),
		canonicalHeaders,
		signature.signedHeaders.join(';'),
		payloadHash,
	].join('\n');
	const scope = `${signature.date}/${signature.region}/${signature.service}/aws4_request`;
	const stringToSign = ['AWS4-HMAC-SHA256', parts.amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
	let key = hmac(`AWS4${secretAccessKey}`, signature.date);
	key = hmac(key, signature.region);
	key = hmac(key, signature.service);
	key = hmac(key, 'aws4_request');
	const expected = createHmac('sha256', key).update(stringToSign).digest();
	const given = Buffer.from(signature.signature, 'hex');
	return given.length === expected.length && timingSafeEqual(given, expected);
}

export type CallerProblem = 'unknown-key' | 'bad-token' | 'expired';

function isExpired(credential: Credential, now: number): boolean {
	return credential.forcedExpired || (credential.expiresAt !== undefined && now >= credential.expiresAt);
}

/** The principal behind an access key, or what AWS would object to. */
export function resolveCaller(
	world: WorldState,
	accessKeyId: string,
	sessionToken: string | undefined,
): {caller: Caller} | {problem: CallerProblem} {
	const credential = world.credentials.get(accessKeyId);
	if (!credential) return {problem: 'unknown-key'};
	if ((credential.sessionToken ?? undefined) !== (sessionToken || undefined)) return {problem: 'bad-token'};
	if (isExpired(credential, world.now())) return {problem: 'expired'};
	const principal = world.principals.get(credential.principalArn);
	if (!principal) return {problem: 'unknown-key'};
	return {caller: callerOf(principal, credential)};
}

function callerOf(principal: Caller['principal'], credential: Credential): Caller {
	if (principal.type === 'role') {
		const session = credential.sessionName ?? 'session';
		return {
			principal,
			credential,
			arn: `arn:aws:sts::${principal.account}:assumed-role/${principal.name}/${session}`,
			userId: `${principal.id}:${session}`,
			account: principal.account,
		};
	}
	return {principal, credential, arn: principal.arn, userId: principal.id, account: principal.account};
}
