// What every S3 operation shares: path-style addressing, the checks S3 makes before
// any operation (bucket exists, right Region, expected owner, Requester Pays, policy),
// and S3's XML replies and errors.

import {randomBytes} from 'node:crypto';
import {authorize, refusalMessage, requestContext} from '../authorize.js';
import {ServiceError, toXml, xmlEscape, type HandlerRequest, type RawRequest, type Reply, type XmlValue} from '../wire.js';
import type {Bucket, WorldState} from '../world.js';
import type {SandboxContext} from './protocol.js';

const s3Namespace = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** The SDK addresses an IP endpoint path-style: /bucket/key. */
export function bucketAndKey(request: RawRequest): {bucket?: string; key?: string} {
	const path = request.rawPath.startsWith('/') ? request.rawPath.slice(1) : request.rawPath;
	if (path === '') return {};
	const slash = path.indexOf('/');
	if (slash < 0) return {bucket: decodeURIComponent(path)};
	const key = decodeURIComponent(path.slice(slash + 1));
	return {bucket: decodeURIComponent(path.slice(0, slash)), key: key === '' ? undefined : key};
}

export function xmlReply(root: string, content: XmlValue, headers: Record<string, string> = {}): Reply {
	return {
		status: 200,
		headers: {'content-type': 'application/xml', ...headers},
		body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${s3Namespace}">${toXml(content)}</${root}>`,
	};
}

export function s3ErrorReply(error: ServiceError, requestId: string, request: RawRequest): Reply {
	const headers: Record<string, string> = {
		'x-amz-request-id': requestId,
		'x-amz-id-2': randomBytes(24).toString('base64'),
		...error.headers,
	};
	// HEAD answers carry no body: the SDK then names the error after the status.
	if (request.method === 'HEAD') return {status: error.status, headers};
	const extra = Object.entries(error.extra)
		.map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
		.join('');
	return {
		status: error.status,
		headers: {...headers, 'content-type': 'application/xml'},
		body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${headers['x-amz-id-2']}</HostId></Error>`,
	};
}

export function accessDenied(message = 'Access Denied', headers: Record<string, string> = {}): ServiceError {
	return new ServiceError(403, 'AccessDenied', message, {}, headers);
}

function sameOrganization(world: WorldState, a: string, b: string): boolean {
	if (a === b) return true;
	const org = world.organization;
	return !!org && org.accounts.includes(a) && org.accounts.includes(b);
}

/**
 * The bucket of a bucket-level or object-level request, after S3's own checks:
 * existence, Region, x-amz-expected-bucket-owner and Requester Pays.
 */
export function targetBucket(request: HandlerRequest, context: SandboxContext, options: {anyRegion?: boolean} = {}): Bucket {
	const {bucket: name} = bucketAndKey(request);
	const bucket = name ? context.world.buckets.get(name) : undefined;
	if (!bucket) throw new ServiceError(404, 'NoSuchBucket', 'The specified bucket does not exist', {BucketName: name ?? ''});
	const regionHeader = {'x-amz-bucket-region': bucket.region};
	if (!options.anyRegion && bucket.region !== request.region) {
		throw new ServiceError(
			301,
			'PermanentRedirect',
			'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
			{Endpoint: `s3.${bucket.region}.amazonaws.com`, Bucket: bucket.name},
			regionHeader,
		);
	}
	const expected = request.headers['x-amz-expected-bucket-owner'];
	if (typeof expected === 'string' && expected !== bucket.owner) throw accessDenied('Access Denied', regionHeader);
	if (bucket.requesterPays && bucket.owner !== request.caller.account && request.headers['x-amz-request-payer'] !== 'requester') {
		throw accessDenied('Access Denied', regionHeader);
	}
	return bucket;
}

/** Authorises an S3 action against identity, bucket policy, boundary and SCPs. */
export function checkS3(
	request: HandlerRequest,
	context: SandboxContext,
	bucket: Bucket | undefined,
	action: string,
	resource: string,
	extra: Record<string, string | undefined> = {},
): void {
	const {caller} = request;
	const refusal = authorize(context.world, {
		caller,
		action,
		resource,
		context: requestContext(caller, request.region, {
			's3:ResourceAccount': bucket?.owner,
			's3:signatureversion': 'AWS4-HMAC-SHA256',
			's3:authType': 'REST-HEADER',
			...extra,
		}),
		resourcePolicy: bucket ? {document: bucket.policy, owner: bucket.owner, kind: 'resource'} : undefined,
	});
	if (!refusal) return;
	const headers: Record<string, string> = bucket ? {'x-amz-bucket-region': bucket.region} : {};
	// S3 explains refusals only within the bucket owner's account or organisation.
	if (bucket && !sameOrganization(context.world, caller.account, bucket.owner)) throw accessDenied('Access Denied', headers);
	throw accessDenied(refusalMessage(caller.arn, action, `"${resource}"`, refusal), headers);
}

export function httpDate(ms: number): string {
	return new Date(ms).toUTCString();
}
