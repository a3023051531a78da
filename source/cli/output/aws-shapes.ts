// Members of AWS's answers as the AWS CLI prints them, so that `--query
// ExportDescription.ExportArn --output text` (and any other query a person already uses
// with `aws dynamodb describe-export`) reads the same from ddb-export.

import type {ExportDescription, ExportSummary} from '../../core/ports.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A timestamp as the AWS CLI v2 prints it (its default cli_timestamp_format, iso8601):
 * Python's isoformat() in the local time zone, microseconds only when not zero:
 * 2026-11-28T10:00:00+00:00, 2026-11-28T10:00:00.123000+01:00.
 */
export function awsCliTimestamp(date: Date): string {
	const offset = -date.getTimezoneOffset();
	const local = new Date(date.getTime() + offset * 60_000);
	const fraction = local.getUTCMilliseconds() ? `.${pad(local.getUTCMilliseconds(), 3)}000` : '';
	const sign = offset < 0 ? '-' : '+';
	const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
	return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`;
}

/** Dates become the AWS CLI's timestamps, everywhere in the value. */
function withCliTimestamps(value: unknown): unknown {
	if (value instanceof Date) return awsCliTimestamp(value);
	if (Array.isArray(value)) return value.map(withCliTimestamps);
	if (typeof value === 'object' && value !== null) {
		const out: Record<string, unknown> = {};
		for (const [key, member] of Object.entries(value)) if (member !== undefined && key !== '$metadata') out[key] = withCliTimestamps(member);
		return out;
	}
	return value;
}

/** ExportDescription as `aws dynamodb describe-export` prints it. */
export function awsExportDescription(description: ExportDescription): Record<string, unknown> {
	if (description.aws) return withCliTimestamps(description.aws) as Record<string, unknown>;
	// Not from AWS (a test double): the members known, under AWS's names, in AWS's order.
	const d = description;
	return withCliTimestamps({
		ExportArn: d.exportArn,
		ExportStatus: d.status,
		StartTime: d.startTime,
		EndTime: d.endTime,
		ExportManifest: d.exportManifest,
		TableArn: d.tableArn,
		ExportTime: d.exportTime,
		ClientToken: d.clientToken,
		S3Bucket: d.s3Bucket,
		S3BucketOwner: d.s3BucketOwner,
		S3Prefix: d.s3Prefix,
		S3SseAlgorithm: d.s3SseAlgorithm,
		S3SseKmsKeyId: d.s3SseKmsKeyId,
		FailureCode: d.failureCode,
		FailureMessage: d.failureMessage,
		ExportFormat: d.exportFormat,
		BilledSizeBytes: d.billedSizeBytes,
		ItemCount: d.itemCount,
		ExportType: d.exportType,
	}) as Record<string, unknown>;
}

/** One of ExportSummaries as `aws dynamodb list-exports` prints it. */
export function awsExportSummary(summary: ExportSummary): Record<string, unknown> {
	return {ExportArn: summary.exportArn, ExportStatus: summary.status, ...(summary.exportType ? {ExportType: summary.exportType} : {})};
}
