// S3 over REST-XML, path-style: bucket operations here, object operations in
// s3-objects.ts. Operation names follow the SDK's (the `x-id` query it sends is ignored).

import {addBucket} from '../base-world.js';
import {parsePolicy} from '../evaluator.js';
import {ServiceError, isoTime, type HandlerRequest, type RawRequest, type Reply} from '../wire.js';
import type {Bucket} from '../world.js';
import type {Protocol, SandboxContext} from './protocol.js';
import {accessDenied, bucketAndKey, checkS3, s3ErrorReply, targetBucket, xmlReply} from './s3-common.js';
import {objectOperations} from './s3-objects.js';

function operationOf(request: RawRequest): string {
	const {bucket, key} = bucketAndKey(request);
	const q = request.query;
	const m = request.method;
	if (!bucket) return m === 'GET' ? 'ListBuckets' : 'Unknown';
	if (key === undefined) {
		if (m === 'HEAD') return 'HeadBucket';
		const sub = ['location', 'policy', 'encryption', 'ownershipControls', 'requestPayment', 'uploads'].find((s) => q.has(s));
		if (m === 'GET') {
			if (sub === 'location') return 'GetBucketLocation';
			if (sub === 'policy') return 'GetBucketPolicy';
			if (sub === 'encryption') return 'GetBucketEncryption';
			if (sub === 'ownershipControls') return 'GetBucketOwnershipControls';
			if (sub === 'requestPayment') return 'GetBucketRequestPayment';
			if (sub === 'uploads') return 'ListMultipartUploads';
			return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
		}
		if (m === 'PUT') return sub === 'policy' ? 'PutBucketPolicy' : sub === 'requestPayment' ? 'PutBucketRequestPayment' : sub === undefined ? 'CreateBucket' : 'Unknown';
		if (m === 'DELETE') return sub === 'policy' ? 'DeleteBucketPolicy' : 'Unknown';
		return 'Unknown';
	}
	if (m === 'POST') return q.has('uploads') ? 'CreateMultipartUpload' : q.has('uploadId') ? 'CompleteMultipartUpload' : 'Unknown';
	if (m === 'PUT') return q.has('uploadId') ? 'UploadPart' : 'PutObject';
	if (m === 'DELETE') return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
	if (m === 'GET') return 'GetObject';
	if (m === 'HEAD') return 'HeadObject';
	return 'Unknown';
}

function bucketArn(bucket: Bucket): string {
	return `arn:aws:s3:::${bucket.name}`;
}

/** A bucket operation: S3's checks, then the caller's permission for `action` on the bucket. */
function onBucket(request: HandlerRequest, context: SandboxContext, action: string, options: {anyRegion?: boolean} = {}): Bucket {
	const bucket = targetBucket(request, context, options);
	checkS3(request, context, bucket, action, bucketArn(bucket));
	return bucket;
}

function ownerOnly(request: HandlerRequest, bucket: Bucket): void {
	// Bucket policies belong to the bucket owner: other accounts are refused whatever policies say.
	if (bucket.owner !== request.caller.account) throw accessDenied();
}

function listBuckets(request: HandlerRequest, context: SandboxContext): Reply {
	checkS3(request, context, undefined, 's3:ListAllMyBuckets', 'arn:aws:s3:::*');
	const q = request.query;
	const prefix = q.get('prefix') ?? '';
	const region = q.get('bucket-region');
	// Without max-buckets S3 answers every bucket of the account in one page.
	const max = q.has('max-buckets') ? Number(q.get('max-buckets')) : Number.POSITIVE_INFINITY;
	if (q.has('max-buckets') && !(max >= 1 && max <= 10_000)) throw new ServiceError(400, 'InvalidArgument', 'max-buckets must be between 1 and 10000');
	const token = q.get('continuation-token');
	const after = token ? Buffer.from(token, 'base64url').toString('utf8') : '';
	const owned = [...context.world.buckets.values()]
		.filter((b) => b.owner === request.caller.account && b.name.startsWith(prefix) && (!region || b.region === region) && b.name > after)
		.sort((a, b) => (a.name < b.name ? -1 : 1));
	const page = owned.slice(0, max);
	const more = owned.length > page.length;
	return xmlReply('ListAllMyBucketsResult', {
		Owner: {ID: ownerId(request.caller.account), DisplayName: `account-${request.caller.account}`},
		Buckets: page.map((b) => ({Bucket: {Name: b.name, CreationDate: isoTime(b.createdAt), BucketRegion: b.region}})),
		ContinuationToken: more ? Buffer.from(page[page.length - 1]!.name).toString('base64url') : undefined,
		Prefix: q.has('prefix') ? prefix : undefined,
	});
}

/** A stable 64-hex canonical user id per account. */
function ownerId(account: string): string {
	return account.repeat(6).slice(0, 64).padEnd(64, '0');
}

function listObjectsV2(request: HandlerRequest, context: SandboxContext): Reply {
	const bucket = onBucket(request, context, 's3:ListBucket');
	const q = request.query;
	const prefix = q.get('prefix') ?? '';
	const delimiter = q.get('delimiter') ?? '';
	const maxKeys = Math.min(1000, Number(q.get('max-keys') ?? 1000));
	const token = q.get('continuation-token');
	const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (q.get('start-after') ?? '');
	const urlEncode = q.get('encoding-type') === 'url';
	const show = (key: string) => (urlEncode ? encodeURIComponent(key).replace(/%2F/g, '/') : key);
	const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
	const contents: string[] = [];
	const prefixes: string[] = [];
	// Where the next page starts: after the last key, or after every key of the last common prefix.
	let cursor = after;
	for (const key of keys) {
		if (key <= cursor) continue;
		if (contents.length + prefixes.length >= maxKeys) break;
		const rest = key.slice(prefix.length);
		const cut = delimiter ? rest.indexOf(delimiter) : -1;
		if (cut >= 0) {
			const common = prefix + rest.slice(0, cut + delimiter.length);
			prefixes.push(common);
			cursor = `${common}\uffff`;
		} else {
			contents.push(key);
			cursor = key;
		}
	}
	const truncated = keys.some((k) => k > cursor);
	return xmlReply('ListBucketResult', [
		{Name: bucket.name, Prefix: show(prefix), KeyCount: contents.length + prefixes.length, MaxKeys: maxKeys, IsTruncated: truncated},
		delimiter ? {Delimiter: delimiter} : {},
		urlEncode ? {EncodingType: 'url'} : {},
		token ? {ContinuationToken: token} : {},
		truncated ? {NextContinuationToken: Buffer.from(cursor).toString('base64url')} : {},
		...contents.map((key) => {
			const object = bucket.objects.get(key)!;
			return {Contents: {Key: show(key), LastModified: isoTime(object.lastModified), ETag: `"${object.etag}"`, Size: object.body.length, StorageClass: 'STANDARD'}};
		}),
		...prefixes.map((p) => ({CommonPrefixes: {Prefix: show(p)}})),
	]);
}

function createBucket(request: HandlerRequest, context: SandboxContext): Reply {
	const {bucket: name} = bucketAndKey(request);
	if (!name || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) throw new ServiceError(400, 'InvalidBucketName', 'The specified bucket is not valid.', {BucketName: name ?? ''});
	const existing = context.world.buckets.get(name);
	if (existing) {
		if (existing.owner === request.caller.account) throw new ServiceError(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', {BucketName: name});
		throw new ServiceError(409, 'BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', {BucketName: name});
	}
	checkS3(request, context, undefined, 's3:CreateBucket', `arn:aws:s3:::${name}`);
	const constraint = /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(request.body.toString('utf8'))?.[1];
	const region = constraint || 'us-east-1';
	if (region !== request.region) {
		throw new ServiceError(400, 'IllegalLocationConstraintException', `The ${region} location constraint is incompatible for the region specific endpoint this request was sent to.`);
	}
	// A new bucket gets S3's defaults: SSE-S3, owner enforced, no Requester Pays.
	addBucket(context.world, name, {region, owner: request.caller.account, createdAt: context.world.now()});
	return {status: 200, headers: {location: `/${name}`}};
}

const bucketOperations: Record<string, (request: HandlerRequest, context: SandboxContext) => Reply> = {
	ListBuckets: listBuckets,
	CreateBucket: createBucket,
	ListObjectsV2: listObjectsV2,
	ListMultipartUploads(request, context) {
		const bucket = onBucket(request, context, 's3:ListBucketMultipartUploads');
		const prefix = request.query.get('prefix') ?? '';
		// Sorted by key, then by when each started, as S3 does (one page: the probe's few).
		const uploads = [...bucket.uploads.values()].filter((u) => u.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		return xmlReply('ListMultipartUploadsResult', [
			{Bucket: bucket.name, KeyMarker: '', UploadIdMarker: '', Prefix: prefix, MaxUploads: 1000, IsTruncated: false},
			...uploads.map((u) => ({Upload: {Key: u.key, UploadId: u.id, StorageClass: 'STANDARD'}})),
		]);
	},
	HeadBucket(request, context) {
		const bucket = onBucket(request, context, 's3:ListBucket');
		return {status: 200, headers: {'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false'}};
	},
	GetBucketLocation(request, context) {
		// S3 answers GetBucketLocation from any Region: it is how clients find the right one.
		const bucket = onBucket(request, context, 's3:GetBucketLocation', {anyRegion: true});
		return xmlReply('LocationConstraint', bucket.region === 'us-east-1' ? '' : bucket.region);
	},
	GetBucketPolicy(request, context) {
		const bucket = onBucket(request, context, 's3:GetBucketPolicy');
		ownerOnly(request, bucket);
		if (!bucket.policy) throw new ServiceError(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', {BucketName: bucket.name});
		return {status: 200, headers: {'content-type': 'application/json'}, body: bucket.policy};
	},
	PutBucketPolicy(request, context) {
		const bucket = onBucket(request, context, 's3:PutBucketPolicy');
		ownerOnly(request, bucket);
		const text = request.body.toString('utf8');
		if (!text.trimStart().startsWith('{') || !parsePolicy(text)) {
			throw new ServiceError(400, 'MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'");
		}
		bucket.policy = text;
		return {status: 204};
	},
	DeleteBucketPolicy(request, context) {
		const bucket = onBucket(request, context, 's3:DeleteBucketPolicy');
		ownerOnly(request, bucket);
		bucket.policy = undefined;
		return {status: 204};
	},
	GetBucketEncryption(request, context) {
		const bucket = onBucket(request, context, 's3:GetEncryptionConfiguration');
		const {algorithm, kmsKeyId, bucketKeyEnabled} = bucket.encryption;
		return xmlReply('ServerSideEncryptionConfiguration', {
			Rule: {ApplyServerSideEncryptionByDefault: {SSEAlgorithm: algorithm, KMSMasterKeyID: kmsKeyId}, BucketKeyEnabled: bucketKeyEnabled ?? false},
		});
	},
	GetBucketOwnershipControls(request, context) {
		const bucket = onBucket(request, context, 's3:GetBucketOwnershipControls');
		if (!bucket.ownership) {
			throw new ServiceError(404, 'OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', {BucketName: bucket.name});
		}
		return xmlReply('OwnershipControls', {Rule: {ObjectOwnership: bucket.ownership}});
	},
	GetBucketRequestPayment(request, context) {
		const bucket = onBucket(request, context, 's3:GetBucketRequestPayment');
		return xmlReply('RequestPaymentConfiguration', {Payer: bucket.requesterPays ? 'Requester' : 'BucketOwner'});
	},
	PutBucketRequestPayment(request, context) {
		const bucket = onBucket(request, context, 's3:PutBucketRequestPayment');
		ownerOnly(request, bucket);
		const payer = /<Payer>([^<]*)<\/Payer>/.exec(request.body.toString('utf8'))?.[1];
		if (payer !== 'Requester' && payer !== 'BucketOwner') throw new ServiceError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
		bucket.requesterPays = payer === 'Requester';
		return {status: 200};
	},
};

export const s3: Protocol = {
	service: 's3',
	operationOf,
	handle(request, context) {
		const operation = bucketOperations[request.operation] ?? objectOperations[request.operation];
		if (!operation) throw new ServiceError(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented');
		const reply = operation(request, context);
		return {...reply, headers: {'x-amz-request-id': request.requestId, ...reply.headers}};
	},
	errorReply: s3ErrorReply,
	errors: {
		unknownKey: [403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'],
		badToken: [400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.'],
		expired: [400, 'ExpiredToken', 'The provided token has expired.'],
		badSignature: [403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
		missingAuth: [403, 'AccessDenied', 'Access Denied'],
		throttle: [503, 'SlowDown', 'Please reduce your request rate.'],
		serverError: [500, 'InternalError', 'We encountered an internal error. Please try again.'],
	},
};
