// What every face says about an export once it runs: where its files are, how long it
// took, and why it failed. The Ink view, line mode and the commands all use these, so
// the same export reads the same everywhere.

import {explainExportFailure, type ExportFailureExplanation, type FailedExportDescription} from '../diagnosis/explain-export-failure.js';
import type {CheckResult} from '../checks/types.js';
import type {ExportPlan} from '../plan.js';
import type {ExportDescription} from '../ports.js';
import type {ExportRun} from './state.js';

/**
 * Where the export's files are: s3://bucket/prefix/AWSDynamoDB/<id>/. `planBucket` stands
 * in when DescribeExport has not named the bucket (the wizard knows it from the plan).
 */
export function exportLocation(description: ExportDescription, planBucket?: string): string | undefined {
	const bucket = description.s3Bucket ?? planBucket;
	if (!description.exportManifest || !bucket) return undefined;
	return `s3://${bucket}/${description.exportManifest.replace(/manifest-summary\.json$/, '')}`;
}

/** The manifest-summary.json of a finished export, as an s3:// address. */
export function manifestLocation(description: ExportDescription, planBucket?: string): string | undefined {
	const bucket = description.s3Bucket ?? planBucket;
	if (!description.exportManifest || !bucket) return undefined;
	return `s3://${bucket}/${description.exportManifest}`;
}

/** "S3AccessDenied: Access Denied", or whichever of the two AWS gave. */
export function failureText(description: FailedExportDescription): string {
	return [description.failureCode, description.failureMessage].filter(Boolean).join(': ');
}

/** Elapsed time of an export from its own start and end times when AWS gave them. */
export function exportElapsed(description: ExportDescription | undefined, startedAt: number, now: number): number {
	const start = description?.startTime?.getTime() ?? startedAt;
	const end = description?.endTime?.getTime() ?? now;
	return end - start;
}

/** A run still going counts up to `now`; one that ended without an end time stops at its last poll. */
export function runElapsed(run: ExportRun, now: number): number {
	const live = run.status === 'watching' || run.status === 'starting';
	return exportElapsed(run.description, run.startedAt, live ? now : (run.lastPollAt ?? now));
}

/**
 * Why an export failed, for the identity the face signed in as (the best guess at who
 * started it). `plan` fills in the destination when DescribeExport left it out.
 */
export function explainFailedExport(
	description: FailedExportDescription,
	caller?: {arn?: string; account?: string},
	plan?: ExportPlan,
	reread?: CheckResult[],
): ExportFailureExplanation {
	return explainExportFailure(
		{
			...description,
			s3Bucket: description.s3Bucket ?? plan?.bucket,
			s3BucketOwner: description.s3BucketOwner ?? plan?.bucketOwner,
			s3Prefix: description.s3Prefix ?? plan?.prefix,
		},
		{callerArn: caller?.arn, callerAccount: caller?.account},
		reread,
	);
}
