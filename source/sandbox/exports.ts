// ExportTableToPointInTime as DynamoDB runs it: validate at the call, stay IN_PROGRESS
// for a while, then write to S3 as the caller (so a fix applied meanwhile counts).
// Exports advance lazily whenever anyone looks, so no timer outlives the sandbox.

import {randomBytes} from 'node:crypto';
import {authorize, authorizeKeyViaService, refusalMessage, requestContext} from './authorize.js';
import type {ExportParameters, ExportRecord} from './export-record.js';
import {objectKeyBase, writeExportFiles} from './export-files.js';
import {ServiceError, s3RequestId} from './wire.js';
import type {Bucket, Caller, KmsKey, WorldState} from './world.js';

const idempotencyWindowMs = 8 * 60 * 60 * 1000;
const minuteMs = 60 * 1000;

export interface ExportEngineOptions {
	durationMs: number;
	/** Exports IN_PROGRESS at once per account; default 300, AWS's documented limit. */
	concurrentLimit?: number;
	/** Scenario hook: runs right after an export starts (e.g. to break something). */
	onStarted?: (record: ExportRecord, world: WorldState) => void;
	/** After a COMPLETED export's files are written (damaged-export alters one). */
	onCompleted?: (record: ExportRecord, world: WorldState) => void;
}

export class ExportEngine {
	started = 0;

	constructor(
		private readonly world: WorldState,
		private readonly options: ExportEngineOptions,
	) {}

	start(caller: Caller, region: string, params: ExportParameters, clientToken: string): ExportRecord {
		const now = this.world.now();
		const fingerprint = JSON.stringify(params);
		const earlier = this.world.exports.find(
			(e) => e.clientToken === clientToken && e.account === caller.account && now - e.startTime < idempotencyWindowMs,
		);
		if (earlier) {
			if (earlier.fingerprint === fingerprint) return earlier;
			// ExportTableToPointInTime lists ExportConflictException among its errors, not
			// IdempotentParameterMismatch (which its own ClientToken text names, as does
			// ImportConflictException in newer copies: both read as pasted from other calls).
			throw new ServiceError(
				400,
				'ExportConflictException',
				`Export with client token ${clientToken} already exists with different parameters.`,
			);
		}

		const arnParts = /^arn:aws:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)$/.exec(params.tableArn);
		const table = arnParts && arnParts[1] === region ? this.world.table(arnParts[2]!, region, arnParts[3]!) : undefined;
		if (!table) throw new ServiceError(400, 'TableNotFoundException', `Table not found: ${params.tableArn}`);
		if (!table.pitr.enabled) {
			throw new ServiceError(400, 'PointInTimeRecoveryUnavailableException', `Point in time recovery is not enabled for table '${table.name}'`);
		}
		const earliest = pitrEarliest(table.pitr, now);
		let exportTime = now;
		if (params.exportType === 'INCREMENTAL_EXPORT') {
			const spec = params.incremental;
			if (!spec) {
				throw new ServiceError(400, 'ValidationException', 'IncrementalExportSpecification is required for an incremental export');
			}
			if (spec.from < earliest || spec.to > now) {
				throw new ServiceError(400, 'InvalidExportTimeException', 'Incremental export period must be within the point in time recovery window of the table');
			}
			const length = spec.to - spec.from;
			if (length < 15 * minuteMs) {
				throw new ServiceError(400, 'ValidationException', 'Incremental export period must be at least 15 minutes long');
			}
			if (length > 24 * 60 * minuteMs) {
				throw new ServiceError(400, 'ValidationException', 'Incremental export period must not be longer than 24 hours');
			}
			exportTime = spec.to;
		} else if (params.exportTime !== undefined) {
			if (params.exportTime < earliest || params.exportTime > now) {
				throw new ServiceError(
					400,
					'InvalidExportTimeException',
					`ExportTime must be within the point in time recovery window [${new Date(earliest).toISOString()}, ${new Date(now).toISOString()}]`,
				);
			}
			exportTime = params.exportTime;
		}

		// AWS counts export tasks in flight per account (300 at the time of writing, also a
		// 100 TB size cap the sandbox does not model). The message's wording is not documented.
		const limit = this.options.concurrentLimit ?? 300;
		this.advance();
		const running = this.world.exports.filter((e) => e.account === table.account && e.status === 'IN_PROGRESS').length;
		if (running >= limit) {
			throw new ServiceError(400, 'LimitExceededException', `Too many concurrent export tasks in this account: ${running} are in progress and the limit is ${limit}.`);
		}

		const id = `${String(now).padStart(14, '0')}-${randomBytes(4).toString('hex')}`;
		const record: ExportRecord = {
			arn: `${table.arn}/export/${id}`,
			id,
			account: table.account,
			region,
			tableName: table.name,
			tableId: table.id,
			caller,
			clientToken,
			fingerprint,
			params,
			status: 'IN_PROGRESS',
			startTime: now,
			finishAt: now + this.options.durationMs,
			exportTime,
		};
		this.world.exports.push(record);
		this.started++;
		// DynamoDB proves the bucket writable first: _started appears while it runs.
		const bucket = this.world.buckets.get(params.s3Bucket);
		if (bucket && !this.writeRefusal(record, bucket)) {
			const key = `${objectKeyBase(record)}_started`;
			bucket.objects.set(key, {key, body: Buffer.alloc(0), etag: 'd41d8cd98f00b204e9800998ecf8427e', lastModified: now, sse: sseOf(record, this.keyFor(record, bucket))});
		}
		this.options.onStarted?.(record, this.world);
		return record;
	}

	/** Finishes every export whose time has come. */
	advance(): void {
		const now = this.world.now();
		for (const record of this.world.exports) {
			if (record.status === 'IN_PROGRESS' && now >= record.finishAt) this.finish(record, now);
		}
	}

	find(arn: string): ExportRecord | undefined {
		this.advance();
		return this.world.exports.find((e) => e.arn === arn);
	}

	list(account: string, region: string, tableArn?: string): ExportRecord[] {
		this.advance();
		return this.world.exports
			.filter((e) => e.account === account && e.region === region && (!tableArn || e.params.tableArn === tableArn))
			.sort((a, b) => b.startTime - a.startTime);
	}

	private keyFor(record: ExportRecord, bucket: Bucket): KmsKey | undefined {
		if (record.params.s3SseAlgorithm !== 'KMS') return undefined;
		return this.world.resolveKey(record.params.s3SseKmsKeyId ?? 'alias/aws/s3', record.caller.account, bucket.region);
	}

	/** Why DynamoDB's writes into the bucket fail right now, or undefined when they work. */
	private writeRefusal(record: ExportRecord, bucket: Bucket): {code: string; message: string} | undefined {
		const {caller, params} = record;
		const s3Failure = (status: number, code: string, message: string) =>
			`${message} (Service: Amazon S3; Status Code: ${status}; Error Code: ${code}; Request ID: ${s3RequestId()}; S3 Extended Request ID: ${randomBytes(24).toString('base64')}; Proxy: null)`;
		const accessDenied = {code: 'S3AccessDenied', message: s3Failure(403, 'AccessDenied', 'Access Denied')};
		// Without S3BucketOwner the service expects the bucket in the caller's own account.
		if (bucket.owner !== (params.s3BucketOwner ?? caller.account)) return accessDenied;
		// The service never sends x-amz-request-payer: Requester Pays buckets refuse it.
		if (bucket.requesterPays) return accessDenied;

		let key: KmsKey | undefined;
		if (params.s3SseAlgorithm === 'KMS') {
			const reference = params.s3SseKmsKeyId ?? 'alias/aws/s3';
			key = this.keyFor(record, bucket);
			if (!key) {
				return {code: 'KMSKeyNotFound', message: s3Failure(400, 'KMS.NotFoundException', `Invalid keyId '${reference}' in Region ${bucket.region}`)};
			}
		}
		const objectArn = `arn:aws:s3:::${bucket.name}/${objectKeyBase(record)}_started`;
		const s3Write = (sse: Record<string, string | undefined>) =>
			authorize(this.world, {
				caller,
				action: 's3:PutObject',
				resource: objectArn,
				context: requestContext(caller, bucket.region, sse, {viaService: true}),
				resourcePolicy: {document: bucket.policy, owner: bucket.owner, kind: 'resource'},
			});
		// PutObject and CreateMultipartUpload carry the encryption header; the data files are
		// written in parts (their ETags end in -1), and UploadPart carries none, as in S3.
		const s3Refusal =
			s3Write({'s3:x-amz-server-side-encryption': key ? 'aws:kms' : 'AES256', 's3:x-amz-server-side-encryption-aws-kms-key-id': key?.arn}) ?? s3Write({});
		if (s3Refusal) return accessDenied;
		if (key) {
			if (key.state !== 'Enabled') {
				return {code: 'KMSKeyDisabled', message: s3Failure(400, 'KMS.DisabledException', `${key.arn} is disabled.`)};
			}
			const kmsRefusal = authorizeKeyViaService(this.world, caller, 'kms:GenerateDataKey', key, `s3.${bucket.region}.amazonaws.com`);
			if (kmsRefusal) {
				const text = refusalMessage(caller.arn, 'kms:GenerateDataKey', key.arn, kmsRefusal);
				return {
					code: 'KMSAccessDenied',
					message: `${text} (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: ${s3RequestId()}; Proxy: null)`,
				};
			}
		}
		return undefined;
	}

	private finish(record: ExportRecord, now: number): void {
		record.endTime = now;
		const bucket = this.world.buckets.get(record.params.s3Bucket);
		if (!bucket) {
			record.status = 'FAILED';
			record.failureCode = 'S3NoSuchBucket';
			record.failureMessage = `The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: NoSuchBucket; Request ID: ${s3RequestId()}; Proxy: null)`;
			return;
		}
		const table = this.world.table(record.account, record.region, record.tableName);
		const tableKeyRefusal = table?.kmsKeyArn ? this.tableKeyRefusal(record, table.kmsKeyArn) : undefined;
		const refusal = record.failWith ?? tableKeyRefusal ?? this.writeRefusal(record, bucket);
		if (refusal || !table) {
			record.status = 'FAILED';
			record.failureCode = refusal?.code ?? 'TableNotFound';
			record.failureMessage = refusal?.message ?? `Table ${record.tableName} was deleted during the export`;
			return;
		}
		const written = writeExportFiles(record, table, bucket, sseOf(record, this.keyFor(record, bucket)), now);
		record.status = 'COMPLETED';
		record.itemCount = written.itemCount;
		record.billedSizeBytes = written.billedSizeBytes;
		record.exportManifest = written.manifestSummaryKey;
		this.options.onCompleted?.(record, this.world);
	}

	/** Reading a KMS-encrypted table needs kms:Decrypt on its key, through DynamoDB. */
	private tableKeyRefusal(record: ExportRecord, keyArn: string): {code: string; message: string} | undefined {
		const key = this.world.keys.get(keyArn);
		if (!key) return undefined;
		const {caller} = record;
		const refusal = authorizeKeyViaService(this.world, caller, 'kms:Decrypt', key, `dynamodb.${key.region}.amazonaws.com`);
		if (!refusal && key.state === 'Enabled') return undefined;
		const text = refusal ? refusalMessage(caller.arn, 'kms:Decrypt', key.arn, refusal) : `${key.arn} is disabled.`;
		return {code: 'KMSAccessDenied', message: `${text} (Service: AWSKMS; Status Code: 400; Error Code: ${refusal ? 'AccessDeniedException' : 'DisabledException'}; Proxy: null)`};
	}
}

export function pitrEarliest(pitr: {since: number; periodDays: number}, now: number): number {
	return Math.max(pitr.since, now - pitr.periodDays * 24 * 60 * minuteMs);
}

function sseOf(record: ExportRecord, key: KmsKey | undefined): {algorithm: string; kmsKeyArn?: string} {
	return record.params.s3SseAlgorithm === 'KMS' ? {algorithm: 'aws:kms', kmsKeyArn: key?.arn} : {algorithm: 'AES256'};
}
