// The destination bucket: exists, in which Region, whose it is, and whether S3 will
// take writes from an export at all (Requester Pays buckets are refused).

import {partitionOf, s3Arn} from '../arn.js';
import {accountOfTable} from '../plan.js';
import {withInPlaceAction} from './fix-permission.js';
import {fixCommand} from './in-place-fix.js';
import {AwsCallError} from '../ports.js';
import type {CheckFacts} from './check-facts.js';
import {DependencyError, callErrorVerdict, isMissing, errorLine, callLine, settle, type CheckVerdict, type Settled} from './check-errors.js';

function isGone(result: Settled<unknown>): boolean {
	if (result.ok) return false;
	const error = result.error instanceof DependencyError ? result.error.original : result.error;
	return error instanceof AwsCallError && (error.code === 'NoSuchBucket' || isMissing(error));
}

function isDenied(result: Settled<unknown>): boolean {
	return !result.ok && result.error instanceof AwsCallError && result.error.isAccessDenied;
}

export async function checkBucket(facts: CheckFacts): Promise<CheckVerdict> {
	const {plan} = facts;
	const bucket = plan.bucket;
	const callerPromise = settle(facts.caller());
	const locationPromise = settle(facts.bucketLocation());
	const targetPromise = settle(facts.bucketTarget());
	const headPromise = settle(facts.headBucket());
	const paymentPromise = settle(facts.requestPayment());
	const [caller, location, target, head, payment] = await Promise.all([callerPromise, locationPromise, targetPromise, headPromise, paymentPromise]);

	const ownAccount = caller.ok ? caller.value.account : accountOfTable(plan);
	const foreign = plan.bucketOwner !== undefined && plan.bucketOwner !== ownAccount;
	const evidence: string[] = [];
	if (!location.ok) evidence.push(callLine('GetBucketLocation', location.error));
	// A HeadBucket held back by the failed location lookup adds nothing: that failure is listed.
	if (!head.ok && !(head.error instanceof DependencyError && !location.ok)) evidence.push(callLine('HeadBucket', head.error));

	if (isGone(location) || isGone(head)) {
		const verdict: CheckVerdict = {
			status: 'failed',
			summary: `Bucket ${bucket} does not exist.`,
			cause: `S3 says there is no bucket named ${bucket} (NoSuchBucket).`,
			evidence,
		};
		// A bucket in the table's Region costs no cross-Region transfer and keeps the data where the table is.
		const action = {kind: 'create-bucket', bucket, region: plan.region} as const;
		const text = `Check the bucket name, or create the bucket in ${plan.region}, the table's Region.`;
		if (foreign) return {...verdict, fix: {text: `Check the bucket name with the owner (account ${plan.bucketOwner}).`}};
		const fix = {text, command: fixCommand(action, plan), action};
		return {...verdict, fix: await withInPlaceAction(facts, fix, {action: 's3:CreateBucket', resource: s3Arn(partitionOf(plan.tableArn), bucket)})};
	}
	if (location.ok && plan.bucketRegion && location.value !== plan.bucketRegion) {
		return {
			status: 'failed',
			summary: `Bucket ${bucket} is in ${location.value}, not ${plan.bucketRegion}.`,
			cause: `The plan says the bucket is in ${plan.bucketRegion}, but S3 reports ${location.value}; a KMS key for the export must be in the bucket's Region.`,
			evidence: [...evidence, `GetBucketLocation: ${location.value}`],
			fix: {text: `Set the bucket Region to ${location.value} and re-run the checks.`},
		};
	}
	if (target.ok) {
		const how = {plan: 'as planned', location: 'from GetBucketLocation', guess: 'assumed: S3 would not say'}[target.value.source];
		evidence.push(`Region: ${target.value.region} (${how})`);
	}
	if (payment.ok) {
		evidence.push(`Request payment: ${payment.value}`);
		if (payment.value === 'Requester') {
			const verdict: CheckVerdict = {
				status: 'failed',
				summary: `Bucket ${bucket} is a Requester Pays bucket.`,
				cause: 'DynamoDB exports cannot write to Requester Pays buckets.',
				evidence,
			};
			const region = target.ok ? target.value.region : (plan.bucketRegion ?? facts.sessionRegion);
			const action = {kind: 'requester-pays-off', bucket, region} as const;
			const command = fixCommand(action, plan);
			// The setting was read as the expected owner's: with no other owner named, that is the caller's own bucket.
			if (foreign) return {...verdict, fix: {text: `Choose another bucket, or have the bucket owner (account ${plan.bucketOwner}) turn Requester Pays off.`, command}};
			const fix = {text: 'Turn Requester Pays off (your bucket), or choose another bucket.', command, action};
			return {...verdict, fix: await withInPlaceAction(facts, fix, {action: 's3:PutBucketRequestPayment', resource: s3Arn(partitionOf(plan.tableArn), bucket)})};
		}
	} else if (!isGone(payment)) {
		evidence.push(`Requester Pays setting not readable (${errorLine(payment.error)}); DynamoDB refuses Requester Pays buckets.`);
	}
	if (plan.bucketOwner) {
		evidence.push(
			plan.bucketOwner === ownAccount
				? `S3BucketOwner ${plan.bucketOwner} is your own account (harmless).`
				: `Bucket owner (S3BucketOwner): ${plan.bucketOwner}`,
		);
	}

	// HeadBucket was asked with the expected owner: an answer confirms it. (A Region alone
	// does not: S3 tells it even in a refusal.)
	if (head.ok) {
		const region = target.ok ? ` in ${target.value.region}` : '';
		return {
			status: 'passed',
			summary: foreign ? `Bucket ${bucket} exists${region}, owned by ${plan.bucketOwner}.` : `Bucket ${bucket} exists${region}.`,
			evidence,
		};
	}
	if (!head.ok && head.error instanceof AwsCallError && head.error.code === 'PermanentRedirect' && target.ok) {
		return {
			status: 'unknown',
			summary: `Bucket ${bucket} is not in ${target.value.region}, and S3 would not say where it is.`,
			cause: `S3 redirected the request: the bucket is not in ${target.value.region}. Its Region could not be read (GetBucketLocation was refused), so the bucket-side checks could not run.`,
			evidence,
			fix: {text: "Enter the bucket's Region in the plan, then re-run the checks."},
		};
	}
	if (!isDenied(head)) {
		// HeadBucket never ran when the location failed: that failure is the one to report.
		const error = head.error instanceof DependencyError && !location.ok ? location.error : head.error;
		return callErrorVerdict(error, 'read the bucket', 's3:ListBucket');
	}

	// Refused: either the bucket is not where the plan says (another account), or the
	// caller may not read it. The caller's own bucket list tells which.
	const own = await settle(facts.ownBuckets());
	const listed = own.ok ? own.value.some((b) => b.name === bucket) : undefined;
	if (!own.ok) evidence.push(callLine('ListBuckets', own.error));
	if (foreign) {
		if (listed) {
			return {
				status: 'failed',
				summary: `Bucket ${bucket} is in your own account, not in ${plan.bucketOwner}.`,
				cause: `The plan names ${plan.bucketOwner} as the bucket owner, but ${bucket} is one of your buckets; S3 refuses the export when S3BucketOwner is wrong.`,
				evidence,
				fix: {text: `Set the bucket owner to ${ownAccount ?? 'your account'} (or leave it empty).`},
			};
		}
		return {
			status: 'warning',
			summary: `Cannot confirm that ${bucket} exists and belongs to ${plan.bucketOwner}.`,
			cause: `The owner does not let your account read the bucket's location or head (normal across accounts); the export will send S3BucketOwner ${plan.bucketOwner}, and S3 refuses it if that is wrong.`,
			evidence,
		};
	}
	if (listed === false) {
		return {
			status: 'failed',
			summary: `Bucket ${bucket} is not in your account; which account owns it is not known.`,
			cause: `S3 answered Access Denied when asked for ${bucket} as a bucket of account ${ownAccount ?? '(yours)'}, and it is not among your buckets, so it belongs to another account, which S3 does not name. The export must send that account as S3BucketOwner, and its bucket policy must allow you.`,
			evidence,
			fix: {
				text: `Set the bucket owner (S3BucketOwner) to the account that owns ${bucket} (ask its owner for the 12-digit id); that account must also add the generated statement to its bucket policy.`,
				snippet: 'bucket-policy',
				action: {kind: 'set-bucket-owner'},
			},
		};
	}
	if (listed === true && location.ok) {
		return {
			status: 'passed',
			summary: `Bucket ${bucket} is yours, in ${location.value}.`,
			evidence: [...evidence, 'HeadBucket was refused (it needs s3:ListBucket, which the export does not).'],
		};
	}
	if (listed === true) {
		return {
			status: 'warning',
			summary: `Bucket ${bucket} is yours, but you may not read its settings.`,
			cause: 'You may not read the bucket location or head (s3:GetBucketLocation, s3:ListBucket). The export does not need them, but this check could not look further.',
			evidence,
		};
	}
	return {
		status: 'unknown',
		summary: `Bucket ${bucket} refused every read.`,
		cause: `S3 answered Access Denied. Either you may not read the bucket (s3:GetBucketLocation, s3:ListBucket), or it is in another account: then the export needs S3BucketOwner set to that account.`,
		evidence,
		fix: {
			text: 'If the bucket belongs to another account, set the bucket owner (S3BucketOwner); otherwise attach the read-only checker policy (s3:ListAllMyBuckets, s3:GetBucketLocation, s3:ListBucket) so that this check can answer.',
			snippet: 'checker-policy',
		},
	};
}
