// After an export ends FAILED, the policies that apply are read again, as they are now
// (a policy may have changed while it ran): the checks without the write probe, whose
// probe runs from this machine and not as DynamoDB does. Their verdicts name the statement
// that refused; what they cannot read stays "possible" (explain-export-failure.ts).

import {runChecks} from '../checks/run-checks.js';
import type {CheckResult} from '../checks/types.js';
import type {ExportPlan} from '../plan.js';
import {isAbortError, type AwsSession, type ExportDescription} from '../ports.js';

export async function rereadAfterFailure(session: AwsSession, plan: ExportPlan, signal?: AbortSignal, now?: () => Date): Promise<CheckResult[]> {
	session.forgetReads();
	const report = await runChecks({plan, session, probe: false, signal, now}, () => {});
	return report.results;
}

/**
 * The plan an export was started with, as DescribeExport tells it (for `watch`, which has
 * no plan of its own): enough for the checks to read the policies that apply to it again.
 * Undefined when the description lacks the table or the bucket.
 */
export function planOfExport(description: ExportDescription, region: string): ExportPlan | undefined {
	if (!description.tableArn || !description.s3Bucket) return undefined;
	const plan: ExportPlan = {
		region,
		tableArn: description.tableArn,
		bucket: description.s3Bucket,
		prefix: description.s3Prefix ?? '',
		sse: description.s3SseAlgorithm === 'KMS' ? 'KMS' : 'AES256',
		format: description.exportFormat === 'ION' ? 'ION' : 'DYNAMODB_JSON',
		type: description.exportType === 'INCREMENTAL_EXPORT' ? 'INCREMENTAL_EXPORT' : 'FULL_EXPORT',
	};
	if (description.s3BucketOwner) plan.bucketOwner = description.s3BucketOwner;
	if (plan.sse === 'KMS' && description.s3SseKmsKeyId) plan.kmsKeyId = description.s3SseKmsKeyId;
	return plan;
}

/** For the commands: the checks read again when `description` FAILED; undefined when it did not, or they could not run. */
export async function rereadIfFailed(session: AwsSession, description: ExportDescription, plan: ExportPlan | undefined, signal?: AbortSignal): Promise<CheckResult[] | undefined> {
	if (description.status !== 'FAILED' || !plan) return undefined;
	try {
		return await rereadAfterFailure(session, plan, signal);
	} catch (error) {
		if (isAbortError(error)) throw error;
		return undefined;
	}
}
