// S3 operations. Bucket calls go to the bucket's own Region (the caller passes it);
// ExpectedBucketOwner is sent whenever the owner is known, so that a bucket name
// taken by a stranger fails instead of receiving the export.

import {randomBytes} from 'node:crypto';
import {Readable} from 'node:stream';
import {AwsCallError, type BucketEncryption, type BucketSummary, type ObjectStream, type ObjectSummary, type PageOptions, type ProbeOutcome, type SseSetting} from '../core/ports.js';
import type {ClientPool} from './clients.js';
import {isAbortError, responseHeader} from './errors.js';
import {streamedBodyContext} from './response-guard.js';

export async function listBuckets(pool: ClientPool, region: string, options: PageOptions<BucketSummary> = {}): Promise<BucketSummary[]> {
	const all: BucketSummary[] = [];
	let token: string | undefined;
	do {
		const page = await pool.call('s3', region, 'ListBuckets', options.signal, (m, c, o) =>
			c.send(new m.ListBucketsCommand({MaxBuckets: 1000, ContinuationToken: token}), o),
		);
		const items = (page.Buckets ?? []).map((b): BucketSummary => {
			const summary: BucketSummary = {name: b.Name ?? ''};
			if (b.BucketRegion) summary.region = b.BucketRegion;
			if (b.CreationDate) summary.createdAt = b.CreationDate;
			return summary;
		});
		all.push(...items);
		options.onPage?.(items);
		token = page.ContinuationToken || undefined;
	} while (token);
	return all;
}

/** GetBucketLocation's answer as a Region name: empty means us-east-1, 'EU' is the old eu-west-1. */
export function regionOfLocation(constraint: string | undefined | null): string {
	if (!constraint) return 'us-east-1';
	if (constraint === 'EU') return 'eu-west-1';
	return constraint;
}

/**
 * GetBucketLocation first; when that is denied (it needs s3:GetBucketLocation, which
 * cross-account callers often lack), HeadBucket, whose answer carries the Region in
 * x-amz-bucket-region even when it is a 403.
 */
export async function bucketRegion(pool: ClientPool, sessionRegion: string, bucket: string, expectedOwner?: string, signal?: AbortSignal): Promise<string> {
	try {
		const out = await pool.call('s3', sessionRegion, 'GetBucketLocation', signal, (m, c, o) =>
			c.send(new m.GetBucketLocationCommand({Bucket: bucket, ExpectedBucketOwner: expectedOwner}), o),
		);
		return regionOfLocation(out.LocationConstraint);
	} catch (error) {
		if (!(error instanceof AwsCallError) || error.code === 'NetworkError' || error.code === 'NoSuchBucket') throw error;
		const fromHead = await pool
			.call('s3', sessionRegion, 'HeadBucket', signal, async (m, c, o) => {
				try {
					const out = await c.send(new m.HeadBucketCommand({Bucket: bucket, ExpectedBucketOwner: expectedOwner}), o);
					return out.BucketRegion ?? undefined;
				} catch (headError) {
					const region = responseHeader(headError, 'x-amz-bucket-region');
					if (region) return region;
					throw headError;
				}
			})
			.catch((headError: unknown) => {
				if (isAbortError(headError)) throw headError;
				return undefined;
			});
		if (fromHead) return fromHead;
		throw error;
	}
}

export async function headBucket(pool: ClientPool, region: string, bucket: string, expectedOwner?: string, signal?: AbortSignal): Promise<void> {
	await pool.call('s3', region, 'HeadBucket', signal, (m, c, o) =>
		c.send(new m.HeadBucketCommand({Bucket: bucket, ExpectedBucketOwner: expectedOwner}), o),
	);
}

export async function bucketPolicy(pool: ClientPool, region: string, bucket: string, expectedOwner?: string, signal?: AbortSignal): Promise<string | null> {
	try {
		const out = await pool.call('s3', region, 'GetBucketPolicy', signal, (m, c, o) =>
			c.send(new m.GetBucketPolicyCommand({Bucket: bucket, ExpectedBucketOwner: expectedOwner}), o),
		);
		return out.Policy ?? null;
	} catch (error) {
		if (error instanceof AwsCallError && error.code === 'NoSuchBucketPolicy') return null;
		throw error;
	}
}

export async function bucketEncryption(
	pool: ClientPool,
	region: string,
	bucket: string,
	expectedOwner?: string,
	signal?: AbortSignal,
): Promise<BucketEncryption | null> {
	try {
		const out = await pool.call('s3', region, 'GetBucketEncryption', signal, (m, c, o) =>
			c.send(new m.GetBucketEncryptionCommand({Bucket: bucket, ExpectedBucketOwner: expectedOwner}), o),
		);
		const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0];
		const byDefault = rule?.ApplyServerSideEncryptionByDefault;
		if (!byDefault?.SSEAlgorithm) return null;
		const encryption: BucketEncryption = {algorithm: byDefault.SSEAlgorithm};
		if (byDefault.KMSMasterKeyID) encryption.kmsKeyId = byDefault.KMSMasterKeyID;
		if (rule?.BucketKeyEnabled !== undefined) encryption.bucketKeyEnabled = rule.BucketKeyEnabled;
		return encryption;
	} catch (error) {
		if (error instanceof AwsCallError && error.code === 'ServerSideEncryptionConfigurationNotFoundError') return null;
		throw error;
	}
}

export async function bucketOwnership(pool: ClientPool, region: string, bucket: string, expectedOwner?: string, signal?: AbortSignal): Promise<string | null> {
	try {
		const out = await pool.call('s3', region, 'GetBucketOwnershipControls', signal, (m, c, o) =>
			c.send(new m.GetBucketOwnershipControlsCommand({Bucket: bucket, ExpectedBucketOwner: expectedOwner}), o),
		);
		return out.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null;
	} catch (error) {
		if (error instanceof AwsCallError && error.code === 'OwnershipControlsNotFoundError') return null;
		throw error;
	}
}

export async function bucketRequestPayment(pool: ClientPool, region: string, bucket: string, expectedOwner?: string, signal?: AbortSignal): Promise<string> {
	const out = await pool.call('s3', region, 'GetBucketRequestPayment', signal, (m, c, o) =>
		c.send(new m.GetBucketRequestPaymentCommand({Bucket: bucket, ExpectedBucketOwner: expectedOwner}), o),
	);
	return out.Payer ?? 'BucketOwner';
}

/** A probe key: `key` itself, or a fresh name under it when it is a prefix ('' or ending in '/'). */
export function probeKeyFor(key: string): string {
	if (key !== '' && !key.endsWith('/')) return key;
	return `${key}ddb-export-probe-${randomBytes(6).toString('hex')}`;
}

/**
 * Does what the export's writer does, without leaving an object behind: a multipart
 * upload that is always aborted. Cleanup runs without the caller's signal, so that
 * cancelling the probe still removes the upload.
 */
export async function probeWrite(
	pool: ClientPool,
	region: string,
	bucket: string,
	key: string,
	sse: SseSetting,
	expectedOwner?: string,
	signal?: AbortSignal,
): Promise<ProbeOutcome> {
	const objectKey = probeKeyFor(key);
	const encryption =
		sse.algorithm === 'AES256'
			? {ServerSideEncryption: 'AES256' as const}
			: {ServerSideEncryption: 'aws:kms' as const, ...(sse.kmsKeyId ? {SSEKMSKeyId: sse.kmsKeyId} : {})};
	const created = await pool.call('s3', region, 'CreateMultipartUpload', signal, (m, c, o) =>
		c.send(new m.CreateMultipartUploadCommand({Bucket: bucket, Key: objectKey, ExpectedBucketOwner: expectedOwner, ...encryption}), o),
	);
	const uploadId = created.UploadId;
	if (!uploadId) throw new AwsCallError('s3', 'CreateMultipartUpload', 'InvalidResponse', 'CreateMultipartUpload returned no UploadId.');
	let failure: unknown;
	try {
		await pool.call('s3', region, 'UploadPart', signal, (m, c, o) =>
			c.send(
				new m.UploadPartCommand({
					Bucket: bucket,
					Key: objectKey,
					UploadId: uploadId,
					PartNumber: 1,
					Body: new TextEncoder().encode('ddb-export write probe\n'),
					ExpectedBucketOwner: expectedOwner,
				}),
				o,
			),
		);
	} catch (error) {
		failure = error;
	}
	try {
		await pool.call('s3', region, 'AbortMultipartUpload', undefined, (m, c, o) =>
			c.send(new m.AbortMultipartUploadCommand({Bucket: bucket, Key: objectKey, UploadId: uploadId, ExpectedBucketOwner: expectedOwner}), o),
		);
	} catch (error) {
		// NoSuchUpload for the upload made a moment ago means it is already gone: the SDK
		// retried an abort whose first answer was lost. The probe left nothing behind.
		if (!(error instanceof AwsCallError && error.code === 'NoSuchUpload')) failure ??= error;
	}
	if (failure) throw failure;
	// Retried (an answer lost on the way): S3 may hold another upload of this key whose id
	// never arrived. The key is this run's own, so every other upload of it is the probe's.
	if ((created.$metadata?.attempts ?? 1) > 1) return abortStrayUploads(pool, region, bucket, objectKey, uploadId, expectedOwner);
	return {};
}

async function abortStrayUploads(pool: ClientPool, region: string, bucket: string, objectKey: string, aborted: string, expectedOwner?: string): Promise<ProbeOutcome> {
	try {
		const listed = await pool.call('s3', region, 'ListMultipartUploads', undefined, (m, c, o) =>
			c.send(new m.ListMultipartUploadsCommand({Bucket: bucket, Prefix: objectKey, ExpectedBucketOwner: expectedOwner}), o),
		);
		for (const upload of listed.Uploads ?? []) {
			if (upload.Key !== objectKey || !upload.UploadId || upload.UploadId === aborted) continue;
			const id = upload.UploadId;
			await pool.call('s3', region, 'AbortMultipartUpload', undefined, (m, c, o) =>
				c.send(new m.AbortMultipartUploadCommand({Bucket: bucket, Key: objectKey, UploadId: id, ExpectedBucketOwner: expectedOwner}), o),
			);
		}
		return {};
	} catch (error) {
		const why = error instanceof AwsCallError ? `${error.operation}: ${error.code}` : String(error);
		return {
			leftover:
				`CreateMultipartUpload was retried, so S3 may hold one more empty upload of s3://${bucket}/${objectKey}, and it could not be removed (${why}). ` +
				`It holds no data; a lifecycle rule with AbortIncompleteMultipartUpload removes it, or: aws s3api list-multipart-uploads --bucket ${bucket} --prefix ${objectKey}, then abort-multipart-upload.`,
		};
	}
}

/** What `call` gives, or null for a missing object (not a missing bucket); anything else is thrown on. */
async function orNullWhenNoObject<T>(call: () => Promise<T>): Promise<T | null> {
	try {
		return await call();
	} catch (error) {
		if (error instanceof AwsCallError && (error.code === 'NoSuchKey' || (error.httpStatus === 404 && error.code !== 'NoSuchBucket'))) return null;
		throw error;
	}
}

export async function getObjectText(
	pool: ClientPool,
	region: string,
	bucket: string,
	key: string,
	expectedOwner?: string,
	signal?: AbortSignal,
): Promise<string | null> {
	return getObjectBody(pool, region, {bucket, key, expectedOwner}, signal, async (body) => (body ? body.transformToString('utf8') : ''));
}

/** The first bytes of an object: a Range request, cut again here in case a server sends it whole. */
export async function getObjectStart(
	pool: ClientPool,
	region: string,
	bucket: string,
	key: string,
	maxBytes: number,
	expectedOwner?: string,
	signal?: AbortSignal,
): Promise<Uint8Array | null> {
	return getObjectBody(pool, region, {bucket, key, expectedOwner, range: `bytes=0-${maxBytes - 1}`}, signal, async (body) =>
		(body ? await body.transformToByteArray() : new Uint8Array()).subarray(0, maxBytes),
	);
}

/** One GetObject whose body is read whole by `read`; null when the object does not exist. */
async function getObjectBody<T>(
	pool: ClientPool,
	region: string,
	object: {bucket: string; key: string; expectedOwner?: string; range?: string},
	signal: AbortSignal | undefined,
	read: (body: {transformToString(encoding: string): Promise<string>; transformToByteArray(): Promise<Uint8Array>} | undefined) => Promise<T>,
): Promise<T | null> {
	return orNullWhenNoObject(() =>
		pool.call('s3', region, 'GetObject', signal, async (m, c, o) => {
			const out = await c.send(new m.GetObjectCommand({Bucket: object.bucket, Key: object.key, ExpectedBucketOwner: object.expectedOwner, Range: object.range}), o);
			return read(out.Body);
		}),
	);
}

export async function getObjectStream(
	pool: ClientPool,
	region: string,
	bucket: string,
	key: string,
	expectedOwner?: string,
	signal?: AbortSignal,
): Promise<ObjectStream | null> {
	return orNullWhenNoObject(() =>
		pool.call('s3', region, 'GetObject', signal, async (m, c, o) => {
			const command = new m.GetObjectCommand({Bucket: bucket, Key: key, ExpectedBucketOwner: expectedOwner});
			// Tells the response guard that this body is streamed: no size limit, an idle timeout.
			command.middlewareStack.add(
				(next, context) => (args) => {
					(context as Record<string, unknown>)[streamedBodyContext] = true;
					return next(args);
				},
				{step: 'initialize', name: 'ddbExportStreamedBody'},
			);
			const out = await c.send(command, o);
			const body = (out.Body ?? Readable.from([])) as AsyncIterable<Uint8Array>;
			const stream: ObjectStream = {body};
			if (typeof out.ContentLength === 'number') stream.size = out.ContentLength;
			return stream;
		}),
	);
}

export async function listObjects(
	pool: ClientPool,
	region: string,
	bucket: string,
	prefix: string,
	expectedOwner?: string,
	signal?: AbortSignal,
): Promise<ObjectSummary[]> {
	const all: ObjectSummary[] = [];
	let token: string | undefined;
	do {
		const page = await pool.call('s3', region, 'ListObjectsV2', signal, (m, c, o) =>
			c.send(new m.ListObjectsV2Command({Bucket: bucket, Prefix: prefix, ContinuationToken: token, ExpectedBucketOwner: expectedOwner}), o),
		);
		for (const object of page.Contents ?? []) if (object.Key !== undefined) all.push({key: object.Key, size: object.Size ?? 0});
		token = page.IsTruncated ? page.NextContinuationToken || undefined : undefined;
	} while (token);
	return all;
}

export async function putBucketPolicy(
	pool: ClientPool,
	region: string,
	bucket: string,
	policy: string,
	expectedOwner?: string,
	signal?: AbortSignal,
): Promise<void> {
	await pool.call('s3', region, 'PutBucketPolicy', signal, (m, c, o) =>
		c.send(new m.PutBucketPolicyCommand({Bucket: bucket, Policy: policy, ExpectedBucketOwner: expectedOwner}), o),
	);
}

export async function putBucketRequestPayment(
	pool: ClientPool,
	region: string,
	bucket: string,
	payer: 'BucketOwner' | 'Requester',
	expectedOwner?: string,
	signal?: AbortSignal,
): Promise<void> {
	await pool.call('s3', region, 'PutBucketRequestPayment', signal, (m, c, o) =>
		c.send(new m.PutBucketRequestPaymentCommand({Bucket: bucket, RequestPaymentConfiguration: {Payer: payer}, ExpectedBucketOwner: expectedOwner}), o),
	);
}

/** A new bucket in `region`: us-east-1 takes no LocationConstraint, every other Region its own. */
export async function createBucket(pool: ClientPool, region: string, bucket: string, signal?: AbortSignal): Promise<void> {
	await pool.call('s3', region, 'CreateBucket', signal, (m, c, o) =>
		c.send(
			new m.CreateBucketCommand({
				Bucket: bucket,
				...(region === 'us-east-1' ? {} : {CreateBucketConfiguration: {LocationConstraint: region as never}}),
			}),
			o,
		),
	);
}
