// S3 object operations: PutObject, GetObject, HeadObject, DeleteObject and multipart
// uploads (the product's write probe), with SSE-KMS checked against the key as S3 does.

import {createHash, randomBytes} from 'node:crypto';
import {authorizeKeyViaService, refusalMessage} from '../authorize.js';
import {ServiceError, type HandlerRequest, type Reply} from '../wire.js';
import type {Bucket, KmsKey, StoredObject} from '../world.js';
import type {SandboxContext} from './protocol.js';
import {accessDenied, bucketAndKey, checkS3, httpDate, targetBucket, xmlReply} from './s3-common.js';

type Sse = {algorithm: string; kmsKeyArn?: string};

function header(request: HandlerRequest, name: string): string | undefined {
	const value = request.headers[name];
	return typeof value === 'string' ? value : undefined;
}

/** Bodies sent with aws-chunked encoding (streaming uploads, trailing checksums). */
function decodeBody(request: HandlerRequest): Buffer {
	const encoding = header(request, 'content-encoding') ?? '';
	const sha = header(request, 'x-amz-content-sha256') ?? '';
	if (!encoding.includes('aws-chunked') && !sha.startsWith('STREAMING-')) return request.body;
	const chunks: Buffer[] = [];
	let offset = 0;
	const body = request.body;
	while (offset < body.length) {
		const lineEnd = body.indexOf('\r\n', offset);
		if (lineEnd < 0) break;
		const size = Number.parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0]!, 16);
		if (!Number.isFinite(size) || size === 0) break;
		chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
		offset = lineEnd + 2 + size + 2;
	}
	return Buffer.concat(chunks);
}

function objectArn(bucket: Bucket, key: string): string {
	return `arn:aws:s3:::${bucket.name}/${key}`;
}

/** The key S3 would encrypt with, after checking the caller may use it through S3. */
function kmsKeyFor(request: HandlerRequest, context: SandboxContext, bucket: Bucket, reference: string, action: string): KmsKey {
	const key = context.world.resolveKey(reference, request.caller.account, bucket.region);
	if (!key) throw new ServiceError(400, 'KMS.NotFoundException', `Invalid keyId '${reference}'`);
	const refusal = authorizeKeyViaService(context.world, request.caller, action, key, `s3.${bucket.region}.amazonaws.com`);
	if (refusal) throw accessDenied(refusalMessage(request.caller.arn, action, key.arn, refusal));
	if (key.state !== 'Enabled') throw new ServiceError(400, 'KMS.DisabledException', `${key.arn} is disabled.`);
	return key;
}

/** Checks s3:PutObject (with the encryption condition keys) and the KMS key when SSE-KMS. */
function authorizeWrite(request: HandlerRequest, context: SandboxContext, bucket: Bucket, key: string): Sse {
	const algorithm = header(request, 'x-amz-server-side-encryption');
	const keyId = header(request, 'x-amz-server-side-encryption-aws-kms-key-id');
	checkS3(request, context, bucket, 's3:PutObject', objectArn(bucket, key), {
		's3:x-amz-server-side-encryption': algorithm,
		's3:x-amz-server-side-encryption-aws-kms-key-id': keyId,
	});
	const effective = algorithm ?? bucket.encryption.algorithm;
	if (effective !== 'aws:kms') return {algorithm: 'AES256'};
	const reference = keyId ?? (algorithm ? undefined : bucket.encryption.kmsKeyId) ?? 'alias/aws/s3';
	return {algorithm: 'aws:kms', kmsKeyArn: kmsKeyFor(request, context, bucket, reference, 'kms:GenerateDataKey').arn};
}

function sseHeaders(sse: Sse | undefined): Record<string, string> {
	if (!sse) return {};
	return sse.kmsKeyArn
		? {'x-amz-server-side-encryption': sse.algorithm, 'x-amz-server-side-encryption-aws-kms-key-id': sse.kmsKeyArn}
		: {'x-amz-server-side-encryption': sse.algorithm};
}

function existingObject(bucket: Bucket, key: string): StoredObject {
	const object = bucket.objects.get(key);
	if (!object) throw new ServiceError(404, 'NoSuchKey', 'The specified key does not exist.', {Key: key});
	return object;
}

function readableObject(request: HandlerRequest, context: SandboxContext, bucket: Bucket, key: string): StoredObject {
	checkS3(request, context, bucket, 's3:GetObject', objectArn(bucket, key));
	const object = existingObject(bucket, key);
	if (object.sse?.kmsKeyArn) kmsKeyFor(request, context, bucket, object.sse.kmsKeyArn, 'kms:Decrypt');
	return object;
}

function objectHeaders(object: StoredObject): Record<string, string> {
	return {
		'content-type': object.contentType ?? 'binary/octet-stream',
		'content-length': String(object.body.length),
		etag: `"${object.etag}"`,
		'last-modified': httpDate(object.lastModified),
		'accept-ranges': 'bytes',
		...sseHeaders(object.sse),
	};
}

export const objectOperations: Record<string, (request: HandlerRequest, context: SandboxContext) => Reply> = {
	PutObject(request, context) {
		const bucket = targetBucket(request, context);
		const key = bucketAndKey(request).key!;
		const sse = authorizeWrite(request, context, bucket, key);
		const body = decodeBody(request);
		const etag = createHash('md5').update(body).digest('hex');
		bucket.objects.set(key, {key, body, etag, lastModified: context.world.now(), contentType: header(request, 'content-type'), sse});
		return {status: 200, headers: {etag: `"${etag}"`, ...sseHeaders(sse)}};
	},
	GetObject(request, context) {
		const bucket = targetBucket(request, context);
		const object = readableObject(request, context, bucket, bucketAndKey(request).key!);
		return {status: 200, headers: objectHeaders(object), body: object.body};
	},
	HeadObject(request, context) {
		const bucket = targetBucket(request, context);
		const object = readableObject(request, context, bucket, bucketAndKey(request).key!);
		return {status: 200, headers: objectHeaders(object)};
	},
	DeleteObject(request, context) {
		const bucket = targetBucket(request, context);
		const key = bucketAndKey(request).key!;
		checkS3(request, context, bucket, 's3:DeleteObject', objectArn(bucket, key));
		bucket.objects.delete(key);
		return {status: 204};
	},
	CreateMultipartUpload(request, context) {
		const bucket = targetBucket(request, context);
		const key = bucketAndKey(request).key!;
		const sse = authorizeWrite(request, context, bucket, key);
		const id = randomBytes(32).toString('base64url');
		bucket.uploads.set(id, {id, key, parts: new Map(), sse});
		return xmlReply('InitiateMultipartUploadResult', {Bucket: bucket.name, Key: key, UploadId: id}, sseHeaders(sse));
	},
	UploadPart(request, context) {
		const bucket = targetBucket(request, context);
		const key = bucketAndKey(request).key!;
		checkS3(request, context, bucket, 's3:PutObject', objectArn(bucket, key));
		const upload = bucket.uploads.get(request.query.get('uploadId') ?? '');
		if (!upload || upload.key !== key) {
			throw new ServiceError(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
		}
		const body = decodeBody(request);
		upload.parts.set(Number(request.query.get('partNumber')), body);
		return {status: 200, headers: {etag: `"${createHash('md5').update(body).digest('hex')}"`, ...sseHeaders(upload.sse)}};
	},
	CompleteMultipartUpload(request, context) {
		const bucket = targetBucket(request, context);
		const key = bucketAndKey(request).key!;
		checkS3(request, context, bucket, 's3:PutObject', objectArn(bucket, key));
		const upload = bucket.uploads.get(request.query.get('uploadId') ?? '');
		if (!upload || upload.key !== key) throw new ServiceError(404, 'NoSuchUpload', 'The specified upload does not exist.');
		const body = Buffer.concat([...upload.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, part]) => part));
		const etag = `${createHash('md5').update(body).digest('hex')}-${upload.parts.size}`;
		bucket.uploads.delete(upload.id);
		bucket.objects.set(key, {key, body, etag, lastModified: context.world.now(), sse: upload.sse});
		return xmlReply('CompleteMultipartUploadResult', {Location: `/${bucket.name}/${key}`, Bucket: bucket.name, Key: key, ETag: `"${etag}"`}, sseHeaders(upload.sse));
	},
	AbortMultipartUpload(request, context) {
		const bucket = targetBucket(request, context);
		const key = bucketAndKey(request).key!;
		checkS3(request, context, bucket, 's3:AbortMultipartUpload', objectArn(bucket, key));
		const id = request.query.get('uploadId') ?? '';
		if (!bucket.uploads.delete(id)) {
			throw new ServiceError(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
		}
		return {status: 204};
	},
};
