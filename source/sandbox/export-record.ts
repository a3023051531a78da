// One export as DynamoDB keeps it, from ExportTableToPointInTime to COMPLETED / FAILED.

import type {Caller} from './world.js';

export interface ExportParameters {
	tableArn: string;
	s3Bucket: string;
	s3BucketOwner?: string;
	s3Prefix?: string;
	s3SseAlgorithm: 'AES256' | 'KMS';
	s3SseKmsKeyId?: string;
	exportFormat: 'DYNAMODB_JSON' | 'ION';
	exportType: 'FULL_EXPORT' | 'INCREMENTAL_EXPORT';
	/** Epoch ms; for a full export, the snapshot instant. */
	exportTime?: number;
	incremental?: {from: number; to: number; viewType: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES'};
}

export interface ExportRecord {
	arn: string;
	id: string;
	account: string;
	region: string;
	tableName: string;
	tableId: string;
	/** The caller the service acts for; its policies are read again when writing. */
	caller: Caller;
	clientToken: string;
	/** Canonical text of the parameters, to compare idempotent retries. */
	fingerprint: string;
	params: ExportParameters;
	status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
	startTime: number;
	/** When the sandbox lets it finish. */
	finishAt: number;
	endTime?: number;
	exportTime: number;
	itemCount?: number;
	billedSizeBytes?: number;
	exportManifest?: string;
	failureCode?: string;
	failureMessage?: string;
	/** Set by a scenario: the export fails with this when it finishes, whatever else holds. */
	failWith?: {code: string; message: string};
}
