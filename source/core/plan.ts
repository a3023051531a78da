// The export plan: everything the user chose, in the shape the core reasons about.
// It is turned into ExportTableToPointInTime parameters by toExportRequest() and
// into an `aws` command by render-aws-command.ts.

import {parseTableArn, s3Arn} from './arn.js';

/**
 * What the caller must be allowed so that DynamoDB can write the export's objects
 * (it writes as the caller), and use a customer managed key for them or for the table:
 * what the checks judge and what the generated policies grant.
 */
export const S3_WRITE_ACTIONS = ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload'] as const;
export const KMS_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

export type SseAlgorithm = 'AES256' | 'KMS';
export type ExportFormat = 'DYNAMODB_JSON' | 'ION';
export type ExportType = 'FULL_EXPORT' | 'INCREMENTAL_EXPORT';
export type ExportViewType = 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';

export interface IncrementalSpec {
	/** Inclusive start of the window. */
	from: Date;
	/** Exclusive end of the window. */
	to: Date;
	viewType: ExportViewType;
}

export interface ExportPlan {
	/** Profile the caller chose; undefined means environment credentials. */
	profile?: string;
	/** Region of the table (and of the DynamoDB call). */
	region: string;
	tableArn: string;
	bucket: string;
	/** Account that owns the bucket when it is not the caller's own; becomes S3BucketOwner. */
	bucketOwner?: string;
	/** Region of the bucket when known (KMS keys must live there). */
	bucketRegion?: string;
	/** Prefix without a leading slash; may be empty. */
	prefix: string;
	sse: SseAlgorithm;
	/** Key id, key ARN, alias name or alias ARN; only with sse === 'KMS'. */
	kmsKeyId?: string;
	format: ExportFormat;
	type: ExportType;
	/** Point in time for a full export; undefined means "latest restorable". */
	exportTime?: Date;
	incremental?: IncrementalSpec;
}

/** The request parameters of ExportTableToPointInTime, exactly as the API names them. */
export interface ExportRequest {
	TableArn: string;
	S3Bucket: string;
	S3BucketOwner?: string;
	S3Prefix?: string;
	S3SseAlgorithm: SseAlgorithm;
	S3SseKmsKeyId?: string;
	ExportFormat: ExportFormat;
	ExportTime?: Date;
	ExportType: ExportType;
	IncrementalExportSpecification?: {
		ExportFromTime: Date;
		ExportToTime: Date;
		ExportViewType: ExportViewType;
	};
	ClientToken?: string;
}

export function toExportRequest(plan: ExportPlan, clientToken?: string): ExportRequest {
	const request: ExportRequest = {
		TableArn: plan.tableArn,
		S3Bucket: plan.bucket,
		S3SseAlgorithm: plan.sse,
		ExportFormat: plan.format,
		ExportType: plan.type,
	};
	if (plan.bucketOwner) request.S3BucketOwner = plan.bucketOwner;
	if (plan.prefix) request.S3Prefix = plan.prefix;
	if (plan.sse === 'KMS' && plan.kmsKeyId) request.S3SseKmsKeyId = plan.kmsKeyId;
	if (plan.type === 'FULL_EXPORT' && plan.exportTime) request.ExportTime = plan.exportTime;
	if (plan.type === 'INCREMENTAL_EXPORT' && plan.incremental) {
		request.IncrementalExportSpecification = {
			ExportFromTime: plan.incremental.from,
			ExportToTime: plan.incremental.to,
			ExportViewType: plan.incremental.viewType,
		};
	}
	if (clientToken) request.ClientToken = clientToken;
	return request;
}

export function tableNameOf(plan: Pick<ExportPlan, 'tableArn'>): string {
	return parseTableArn(plan.tableArn)?.table ?? plan.tableArn;
}

export function accountOfTable(plan: Pick<ExportPlan, 'tableArn'>): string | undefined {
	return parseTableArn(plan.tableArn)?.account;
}

/** The S3 object-resource ARN the export writes under: arn:aws:s3:::bucket/prefix* */
export function exportObjectArn(plan: Pick<ExportPlan, 'bucket' | 'prefix'>, partition = 'aws'): string {
	return s3Arn(partition, plan.bucket, `${plan.prefix}*`);
}
