// Fixes the wizard can make itself when a check knows the exact command and the caller
// may run it: turn PITR on, enable a disabled key, turn Requester Pays off on one's own
// bucket, create a missing bucket, or change the plan (encryption, bucket owner). Each is
// shown as its command and asked with y/N; afterwards only the checks it affects run again.

import {renderAwsCommand, renderShellCommand, pitrEnableCommand} from '../render-aws-command.js';
import type {ExportPlan, SseAlgorithm} from '../plan.js';
import type {AwsSession, CallOptions} from '../ports.js';
import type {CheckId} from './types.js';

export type InPlaceFix =
	| {kind: 'enable-pitr'; table: string; region: string}
	| {kind: 'enable-key'; keyArn: string; region: string}
	| {kind: 'requester-pays-off'; bucket: string; region: string}
	| {kind: 'create-bucket'; bucket: string; region: string}
	/** Changes the plan only: the encryption the bucket accepts. */
	| {kind: 'use-encryption'; sse: SseAlgorithm; kmsKeyId?: string}
	/** Changes the plan only: S3BucketOwner. Without `owner` (not known to the tool) it is typed in place. */
	| {kind: 'set-bucket-owner'; owner?: string};

export interface FixWords {
	/** The choice on the checks screen. */
	label: string;
	hint: string;
	/** What the yes changes, said before the command. */
	warning: string;
	/** The y/N question. */
	question: string;
	/** Shown while the change is being made. */
	working: string;
}

/** Whether the fix changes something in AWS (otherwise it changes only the plan). */
export function changesAws(fix: InPlaceFix): boolean {
	return fix.kind !== 'use-encryption' && fix.kind !== 'set-bucket-owner';
}

function keyName(arn: string): string {
	return arn.split('/').pop() ?? arn;
}

function encryptionName(fix: Extract<InPlaceFix, {kind: 'use-encryption'}>): string {
	if (fix.sse === 'AES256') return 'SSE-S3 (AES256)';
	return fix.kmsKeyId ? `SSE-KMS, key ${fix.kmsKeyId}` : 'SSE-KMS, AWS managed key aws/s3';
}

export function fixWords(fix: InPlaceFix): FixWords {
	switch (fix.kind) {
		case 'enable-pitr':
			return {
				label: 'Turn on point-in-time recovery for this table',
				hint: 'changes the table; then re-checks',
				warning: 'This changes the table: point-in-time recovery is billed by table size.',
				question: 'Turn on point-in-time recovery now?',
				working: 'Turning on point-in-time recovery…',
			};
		case 'enable-key':
			return {
				label: `Enable the KMS key ${keyName(fix.keyArn)}`,
				hint: 'changes the key; then re-checks',
				warning: 'This changes the key: everything its key policy allows works with it again (make sure it was not disabled on purpose).',
				question: 'Enable the key now?',
				working: 'Enabling the key…',
			};
		case 'requester-pays-off':
			return {
				label: `Turn Requester Pays off for bucket ${fix.bucket}`,
				hint: 'changes the bucket; then re-checks',
				warning: 'This changes the bucket: its owner (your account) pays for requests and downloads again, not the requesters.',
				question: 'Turn Requester Pays off now?',
				working: 'Turning Requester Pays off…',
			};
		case 'create-bucket':
			return {
				label: `Create bucket ${fix.bucket} in ${fix.region}`,
				hint: "the table's Region; then re-checks",
				warning: `This creates a bucket in your account, in ${fix.region}, with S3's defaults (private, SSE-S3, ACLs disabled).`,
				question: 'Create the bucket now?',
				working: 'Creating the bucket…',
			};
		case 'use-encryption':
			return {
				label: `Encrypt with ${encryptionName(fix)} instead`,
				hint: 'changes the plan only; then re-checks',
				warning: 'This changes the plan only (nothing in AWS). The export will be:',
				question: `Use ${encryptionName(fix)}?`,
				working: 'Changing the plan…',
			};
		case 'set-bucket-owner':
			if (!fix.owner) {
				return {
					label: 'Set the bucket owner (S3BucketOwner) to: ____',
					hint: 'its 12-digit account id; changes the plan only',
					warning: 'This changes the plan only (nothing in AWS): the export sends the account you type as S3BucketOwner.',
					question: 'Set the bucket owner (S3BucketOwner) to:',
					working: 'Changing the plan…',
				};
			}
			return {
				label: `Set the bucket owner (S3BucketOwner) to ${fix.owner}`,
				hint: 'changes the plan only; then re-checks',
				warning: 'This changes the plan only (nothing in AWS). The export will be:',
				question: `Send S3BucketOwner ${fix.owner}?`,
				working: 'Changing the plan…',
			};
	}
}

function common(plan: Pick<ExportPlan, 'profile'>, region: string): string[] {
	return [...(plan.profile ? ['--profile', plan.profile] : []), '--region', region];
}

/** The exact command: the AWS call for a change in AWS, the new export command for a plan change. */
export function fixCommand(fix: InPlaceFix, plan: ExportPlan): string {
	switch (fix.kind) {
		case 'enable-pitr':
			return pitrEnableCommand(fix.table, plan.profile, fix.region);
		case 'enable-key':
			return renderShellCommand(['aws', 'kms', 'enable-key', '--key-id', fix.keyArn, ...common(plan, fix.region)]);
		case 'requester-pays-off':
			return renderShellCommand([
				'aws',
				's3api',
				'put-bucket-request-payment',
				'--bucket',
				fix.bucket,
				'--request-payment-configuration',
				'Payer=BucketOwner',
				...common(plan, fix.region),
			]);
		case 'create-bucket':
			// us-east-1 takes no LocationConstraint; every other Region needs its own.
			return renderShellCommand([
				'aws',
				's3api',
				'create-bucket',
				'--bucket',
				fix.bucket,
				...(fix.region === 'us-east-1' ? [] : ['--create-bucket-configuration', `LocationConstraint=${fix.region}`]),
				...common(plan, fix.region),
			]);
		case 'use-encryption':
		case 'set-bucket-owner':
			return renderAwsCommand(planWithFix(plan, fix));
	}
}

/** The plan after the fix (the same plan for fixes that change AWS, except a new bucket's Region). */
export function planWithFix(plan: ExportPlan, fix: InPlaceFix): ExportPlan {
	switch (fix.kind) {
		case 'use-encryption': {
			const next: ExportPlan = {...plan, sse: fix.sse};
			if (fix.sse === 'KMS' && fix.kmsKeyId) next.kmsKeyId = fix.kmsKeyId;
			else delete next.kmsKeyId;
			return next;
		}
		case 'set-bucket-owner':
			return {...plan, bucketOwner: fix.owner};
		case 'create-bucket':
			return {...plan, bucketRegion: fix.region};
		default:
			return plan;
	}
}

/** The checks whose answer the fix can change (those they blocked run again with them). */
export function recheckAfter(fix: InPlaceFix): CheckId[] {
	switch (fix.kind) {
		case 'enable-pitr':
			return ['pitr'];
		case 'enable-key':
			return ['kms-key', 'key-policy', 'write-probe'];
		case 'requester-pays-off':
			return ['bucket', 'write-probe'];
		case 'create-bucket':
		case 'set-bucket-owner':
			return ['bucket', 'bucket-policy', 'kms-key', 'key-policy', 'permissions', 'organization', 'write-probe'];
		case 'use-encryption':
			return ['bucket-policy', 'kms-key', 'key-policy', 'permissions', 'organization', 'write-probe'];
	}
}

/** Changes AWS: makes a fix that changes AWS (plan changes need no call). Rejects with AwsCallError. */
export async function applyFix(session: AwsSession, fix: InPlaceFix, plan: ExportPlan, options?: CallOptions): Promise<void> {
	switch (fix.kind) {
		case 'enable-pitr':
			await session.enablePitr(fix.table, options);
			return;
		case 'enable-key':
			return session.enableKey(fix.keyArn, fix.region, options);
		case 'requester-pays-off':
			return session.putBucketRequestPayment(fix.bucket, fix.region, 'BucketOwner', plan.bucketOwner, options);
		case 'create-bucket':
			return session.createBucket(fix.bucket, fix.region, options);
		default:
			return;
	}
}
