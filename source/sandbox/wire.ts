// Shapes shared by every protocol: the parsed request a handler receives, the reply it
// returns, and tiny XML / JSON writers. The protocol modules own their exact formats.

import type {IncomingHttpHeaders} from 'node:http';
import {randomBytes, randomUUID} from 'node:crypto';
import type {Caller} from './world.js';

export interface RawRequest {
	method: string;
	/** Path exactly as sent (still percent-encoded), without the query. */
	rawPath: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export interface HandlerRequest extends RawRequest {
	service: string;
	region: string;
	requestId: string;
	operation: string;
	caller: Caller;
}

export interface Reply {
	status: number;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

/** Error thrown inside a handler; the protocol module turns it into its wire format. */
export class ServiceError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		/** Extra fields some formats carry (S3's BucketName, Region …). */
		readonly extra: Record<string, string> = {},
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

export function newRequestId(): string {
	return randomUUID();
}

/** S3-style request ids: 16 upper-case hex characters. */
export function s3RequestId(): string {
	return randomBytes(8).toString('hex').toUpperCase();
}

export function xmlEscape(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export type XmlValue = string | number | boolean | undefined | null | XmlValue[] | {[tag: string]: XmlValue};

/**
 * `{Name: 'x', Items: [{member: 'a'}, {member: 'b'}]}` → `<Name>x</Name><Items><member>a</member><member>b</member></Items>`.
 * undefined values are left out; arrays repeat their entries' elements.
 */
export function toXml(value: XmlValue): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return xmlEscape(value);
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return value.map(toXml).join('');
	let out = '';
	for (const [tag, inner] of Object.entries(value)) {
		if (inner === undefined) continue;
		if (Array.isArray(inner) && inner.length > 0 && inner.every((v) => typeof v !== 'object' || v === null)) {
			// A list of scalars under one tag name means repeated elements of that name.
			for (const item of inner) out += `<${tag}>${toXml(item)}</${tag}>`;
			continue;
		}
		out += `<${tag}>${toXml(inner)}</${tag}>`;
	}
	return out;
}

export function isoTime(ms: number): string {
	return new Date(ms).toISOString();
}

/** DynamoDB and KMS put timestamps on the wire as epoch seconds. */
export function epochSeconds(ms: number): number {
	return Math.round(ms) / 1000;
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
	if (body.length === 0) return {};
	try {
		const parsed: unknown = JSON.parse(body.toString('utf8'));
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
	} catch {
		// fall through
	}
	throw new ServiceError(400, 'SerializationException', 'Start of structure or map found where not expected.');
}

export function stringParam(input: Record<string, unknown>, name: string): string | undefined {
	const value = input[name];
	return typeof value === 'string' ? value : undefined;
}

export function requiredString(input: Record<string, unknown>, name: string, code = 'ValidationException'): string {
	const value = stringParam(input, name);
	if (value === undefined || value === '') {
		throw new ServiceError(400, code, `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
	}
	return value;
}
