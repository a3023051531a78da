// Plain words for an export that ended FAILED. FailureCode and FailureMessage are
// not documented (seen: S3AccessDenied with "Access Denied (Service: Amazon S3;
// Status Code: 403; ...)"), so codes are matched loosely and anything unknown is
// shown as the free text it is, never dropped.

import {CHECK_TITLES} from '../checks/check-titles.js';
import type {CheckId, CheckResult} from '../checks/types.js';
import type {ExportDescription} from '../ports.js';
import {describePrincipal, partitionOf, s3Arn} from '../arn.js';
import {parseAccessDenied} from './parse-access-denied.js';
import type {AccessDeniedInfo} from './types.js';

export type FailedExportDescription = Pick<
	ExportDescription,
	'failureCode' | 'failureMessage' | 's3Bucket' | 's3BucketOwner' | 's3Prefix' | 's3SseAlgorithm' | 's3SseKmsKeyId'
>;

export interface FailureContext {
	callerArn?: string;
	callerAccount?: string;
}

export interface ExportFailureExplanation {
	/** One line: what went wrong. */
	headline: string;
	/**
	 * Why it happened and what to change. With the policies read again after the failure:
	 * the statements found to refuse, then "Possible:" only for what could not be read.
	 * Without: the possible causes, said to be possible.
	 */
	details: string[];
	/** True when the details come from the policies read again after the failure. */
	reread?: boolean;
	/** The prerequisite checks that would have caught it, to run again. */
	likelyChecks: CheckId[];
	accessDenied?: AccessDeniedInfo;
}

const EXPORT_ACTIONS = 's3:PutObject, s3:PutObjectAcl and s3:AbortMultipartUpload';

function location(d: FailedExportDescription): string {
	if (!d.s3Bucket) return 'the bucket';
	return `s3://${d.s3Bucket}/${d.s3Prefix ?? ''}`;
}

/** The export's objects; in the caller's partition (the bucket is in the table's, which is the caller's). */
function objectArn(d: FailedExportDescription, callerArn?: string): string | undefined {
	return d.s3Bucket ? s3Arn(partitionOf(callerArn), d.s3Bucket, `${d.s3Prefix ?? ''}*`) : undefined;
}

function isKmsFailure(code: string, message: string): boolean {
	return /kms/i.test(code) || /\bKMS\b|AWSKMS|arn:[a-z-]+:kms:|\bkms:[A-Za-z]+|KMS key|customer master key/i.test(message);
}

function unique<T>(items: T[]): T[] {
	return [...new Set(items)];
}

/**
 * The checks that judge the policies and settings behind an S3 or KMS refusal, run again
 * after the export failed: what they find now is the cause, named with its statement,
 * account and fix; what they could not read is only possible.
 */
function fromReread(results: CheckResult[], ids: CheckId[]): {details: string[]; likelyChecks: CheckId[]} | undefined {
	const relevant = results.filter((r) => ids.includes(r.id));
	// A bucket-policy risk names a statement that refuses service-side writes: after a
	// refusal, that is the cause. Other warnings ("could not confirm") stay possible.
	const found = relevant.filter((r) => r.status === 'failed' || (r.status === 'warning' && r.id === 'bucket-policy'));
	const unread = relevant.filter((r) => r.status === 'unknown' || (r.status === 'warning' && r.id !== 'bucket-policy'));
	const details: string[] = [];
	for (const r of found) {
		// The cause names the statement and its account; the summary only repeats it shorter.
		details.push(`${CHECK_TITLES[r.id]}: ${r.cause ?? r.summary}`);
		if (r.fix) details.push(`Fix: ${r.fix.text}${r.fix.command ? ` (${r.fix.command})` : ''}`);
	}
	for (const r of unread) details.push(`Possible: ${CHECK_TITLES[r.id]} could not be read again, so it may be the cause (${r.cause ?? r.summary}).`);
	if (!found.length && !unread.length) {
		details.push(
			'Every policy and setting that applies was read again and none of them refuses the export\'s writes now: something changed while the export ran (a policy, a key, the bucket). Run the export again; if it fails the same way, the refusal comes from a policy this tool cannot read (an SCP or a VPC endpoint policy).',
		);
	}
	return {details, likelyChecks: [...found, ...unread].map((r) => r.id)};
}

export function explainExportFailure(description: FailedExportDescription, context: FailureContext = {}, reread?: CheckResult[]): ExportFailureExplanation {
	const code = description.failureCode?.trim() ?? '';
	const message = description.failureMessage?.trim() ?? '';
	const text = [code, message].filter(Boolean).join(': ');
	const caller = context.callerArn;
	const callerRef = caller ? (describePrincipal(caller).roleArn ?? caller) : 'the identity that started the export';
	const callerAccount = context.callerAccount ?? (caller ? describePrincipal(caller).account : undefined);
	const crossAccount = Boolean(description.s3BucketOwner && callerAccount && description.s3BucketOwner !== callerAccount);
	const kmsUsed = description.s3SseAlgorithm === 'KMS' || Boolean(description.s3SseKmsKeyId);

	if (!text) {
		return {
			headline: 'The export failed without a failure code or message.',
			details: ['DynamoDB gave no reason. Run the prerequisite checks again; the write probe tries the same writes the export makes.'],
			likelyChecks: ['bucket-policy', 'permissions', 'write-probe'],
		};
	}

	const denied = /AccessDenied|Access Denied|not authorized|Forbidden|403/i.test(text);
	const kms = isKmsFailure(code, message);

	if (denied && kms) {
		const accessDenied = parseAccessDenied(message || code, {service: 'kms', principal: caller, resource: description.s3SseKmsKeyId});
		const key = description.s3SseKmsKeyId ?? accessDenied?.resource ?? 'the KMS key';
		const found = reread && fromReread(reread, ['kms-key', 'key-policy', 'permissions', 'organization']);
		if (found) {
			return {
				headline: `The export could not use the KMS key ${key}.`,
				details: unique([...(accessDenied ? [accessDenied.sentence] : []), ...found.details]),
				likelyChecks: found.likelyChecks,
				reread: true,
				...(accessDenied ? {accessDenied} : {}),
			};
		}
		const details: string[] = [];
		if (accessDenied) details.push(accessDenied.sentence, accessDenied.whatToChange);
		details.push(
			`DynamoDB encrypts the files with ${key} on your behalf, so ${callerRef} needs kms:GenerateDataKey and kms:Decrypt on it, in an IAM policy and in the key policy (directly, or by the key policy trusting the account).`,
			"The key must be enabled and in the same Region as the bucket; an alias or key ID is looked up in the bucket's Region.",
		);
		if (crossAccount) {
			details.push(`The bucket belongs to account ${description.s3BucketOwner}: readers there also need kms:Decrypt in this key's policy, and the AWS managed key aws/s3 cannot be used across accounts.`);
		}
		return {
			headline: `The export could not use the KMS key ${key}.`,
			details: unique(details),
			likelyChecks: ['kms-key', 'key-policy', 'permissions'],
			...(accessDenied ? {accessDenied} : {}),
		};
	}

	if (denied) {
		const accessDenied = parseAccessDenied(message || code, {service: 's3', principal: caller, action: 's3:PutObject', resource: objectArn(description, caller)});
		const found = reread && fromReread(reread, ['bucket', 'bucket-policy', 'permissions', 'organization', ...(kmsUsed ? (['kms-key', 'key-policy'] as CheckId[]) : [])]);
		if (found) {
			const named = accessDenied && !(accessDenied.policyType === 'unknown' && accessDenied.denyKind === 'unknown') ? [accessDenied.sentence] : [];
			return {
				headline: `The export could not write to ${location(description)}: S3 said Access Denied.`,
				details: unique([...named, ...found.details]),
				likelyChecks: found.likelyChecks,
				reread: true,
				...(accessDenied ? {accessDenied} : {}),
			};
		}
		const details: string[] = [];
		if (accessDenied && !(accessDenied.policyType === 'unknown' && accessDenied.denyKind === 'unknown')) {
			details.push(accessDenied.sentence, accessDenied.whatToChange);
		} else {
			details.push(
				`S3 refused the export's writes without saying why. DynamoDB writes the files as ${callerRef}, so that identity needs ${EXPORT_ACTIONS} on ${objectArn(description, caller) ?? 'BUCKET/PREFIX*'}.`,
			);
		}
		let checks: CheckId[] = ['bucket-policy', 'permissions', 'write-probe'];
		switch (accessDenied?.policyType) {
			case 'identity-based':
			case 'permissions boundary':
			case 'session':
				checks = ['permissions', 'write-probe'];
				break;
			case 'resource-based':
				checks = ['bucket-policy', 'write-probe'];
				break;
			case 'service control':
			case 'resource control':
				checks = ['organization', 'permissions'];
				break;
		}
		if (!description.s3BucketOwner) {
			details.push(
				'Possible: no bucket owner (S3BucketOwner) was given. If the bucket belongs to another account, the export must name that account as the bucket owner, and that account\'s bucket policy must allow you.',
			);
		} else if (crossAccount) {
			details.push(
				`The bucket belongs to account ${description.s3BucketOwner}: its bucket policy must allow ${callerRef} (or account ${callerAccount}) ${EXPORT_ACTIONS} on ${objectArn(description, caller)}. Your own IAM policy must allow them too.`,
			);
		}
		// The policies were not read again: what follows is what could be, and says so.
		details.push(
			'Possible: a bucket policy that limits writes by aws:SourceIp, aws:SourceVpc or aws:SourceVpce refuses the export even though you can write from your own machine: DynamoDB makes the writes, not your network.',
		);
		if (!kmsUsed) {
			details.push('Possible: a bucket policy that requires SSE-KMS (s3:x-amz-server-side-encryption = aws:kms) refuses this export, which used SSE-S3 (AES256).');
		} else {
			details.push('Possible: a key policy that does not let you use the key, or a bucket policy that refuses parts without an encryption header (UploadPart).');
			checks.push('kms-key', 'key-policy');
		}
		details.push('Run the prerequisite checks again to find which one it is.');
		return {
			headline: `The export could not write to ${location(description)}: S3 said Access Denied.`,
			details: unique(details),
			likelyChecks: unique(checks),
			...(accessDenied ? {accessDenied} : {}),
		};
	}

	if (/NoSuchBucket|bucket does not exist/i.test(text)) {
		return {
			headline: `The bucket ${description.s3Bucket ?? ''} does not exist (or not under that name).`.replace('  ', ' '),
			details: [
				'Check the bucket name for typos. A bucket that was deleted, or a name in another partition, gives the same answer.',
				...(description.s3BucketOwner ? [`It was expected to belong to account ${description.s3BucketOwner}.`] : []),
			],
			likelyChecks: ['bucket'],
		};
	}

	if (/PermanentRedirect|AuthorizationHeaderMalformed|wrong region|specified endpoint|IllegalLocationConstraint/i.test(text)) {
		return {
			headline: "The export was sent to the bucket's address in the wrong Region.",
			details: [message || code, 'Check the bucket and its Region; a KMS key must be in the bucket\'s Region too.'],
			likelyChecks: ['bucket', 'kms-key'],
		};
	}

	if (/Requester ?Pays|RequestPayer/i.test(text)) {
		return {
			headline: 'The bucket has Requester Pays turned on; exports cannot write to such buckets.',
			details: [message || code, 'Turn Requester Pays off on the bucket, or export to another bucket.'],
			likelyChecks: ['bucket'],
		};
	}

	if (kms) {
		return {
			headline: `The export failed on the KMS key: ${code || 'KMS error'}.`,
			details: [message || code, 'Check that the key exists, is enabled, and is in the same Region as the bucket.'],
			likelyChecks: ['kms-key', 'key-policy'],
		};
	}

	return {
		headline: `The export failed: ${code || message.split('\n')[0]!.slice(0, 120)}.`,
		details: message && code ? [message] : message ? [] : ['DynamoDB gave only this code, without a message.'],
		likelyChecks: [],
	};
}
