// The write probe: a real multipart upload under the prefix with the chosen
// encryption, aborted at once. It proves what the policies alone cannot, from this
// machine (so not the source-IP / VPC conditions that apply to DynamoDB's own writes).

import {parseAccessDenied} from '../diagnosis/parse-access-denied.js';
import {AwsCallError} from '../ports.js';
import type {CheckFacts} from './check-facts.js';
import {DependencyError, callErrorVerdict, errorLine, settle, type CheckVerdict} from './check-errors.js';
import {isForeign} from './bucket-policy-check.js';
import type {CheckFix} from './types.js';

const STEPS: Record<string, string> = {
	CreateMultipartUpload: 'starting the upload (CreateMultipartUpload)',
	UploadPart: 'uploading a part (UploadPart)',
	AbortMultipartUpload: 'aborting the upload (AbortMultipartUpload)',
};

const NOT_EXERCISED = 'It ran from your machine, so bucket-policy conditions on source IP / VPC were not exercised.';

export async function checkWriteProbe(facts: CheckFacts): Promise<CheckVerdict> {
	const {plan} = facts;
	if (!facts.options.probe) return {status: 'skipped', summary: 'Skipped (--no-probe): no test upload was made.'};
	const location = `s3://${plan.bucket}/${facts.probeKey}`;
	const encryption = plan.sse === 'KMS' ? `SSE-KMS${plan.kmsKeyId ? ` with ${plan.kmsKeyId}` : ' (aws/s3)'}` : 'SSE-S3 (AES256)';
	try {
		const outcome = await facts.probe();
		return {
			status: 'passed',
			summary: `A test upload under the prefix succeeded and was aborted. ${NOT_EXERCISED}`,
			evidence: outcome.leftover
				? [`Started a multipart upload at ${location} with ${encryption}, uploaded a tiny part, aborted it.`, outcome.leftover]
				: [`Started a multipart upload at ${location} with ${encryption}, uploaded a tiny part, aborted it; nothing is left behind.`],
		};
	} catch (error) {
		if (error instanceof DependencyError || !(error instanceof AwsCallError)) throw error;
		const step = STEPS[error.operation] ?? error.operation;
		if (!error.isAccessDenied) {
			const verdict = callErrorVerdict(error, 'make the test upload', 's3:PutObject');
			const kms = /^KMS\./.test(error.code) ? ' S3 could not use the KMS key: see the "KMS key" check.' : '';
			return {...verdict, cause: `${verdict.cause ?? ''}${kms}`.trim(), evidence: [...(verdict.evidence ?? []), `Failed while ${step}.`]};
		}
		// No service hint: a KMS refusal comes back through S3 but names a kms: action.
		const info = parseAccessDenied(error.message, {action: actionOf(error.operation)});
		const caller = await settle(facts.caller());
		const foreign = caller.ok ? isForeign(facts, caller.value) : plan.bucketOwner !== undefined;
		const evidence = [errorLine(error), `Key: ${location}, ${encryption}`];
		if (error.operation === 'AbortMultipartUpload') {
			evidence.push(`An incomplete upload may remain at ${location}; it costs storage until aborted or expired by a lifecycle rule.`);
		}
		return {
			status: 'failed',
			summary: `S3 refused the test upload while ${step}. ${NOT_EXERCISED}`,
			cause: info?.sentence ?? `S3 answered Access Denied while ${step}.`,
			evidence: info?.whatToChange ? [...evidence, info.whatToChange] : evidence,
			fix: info?.denyKind === 'explicit' ? explicitDenyFix(info.policyType) : fixFor(info?.policyType, info?.service ?? error.service, error.message, foreign),
		};
	}
}

function actionOf(operation: string): string | undefined {
	if (operation === 'AbortMultipartUpload') return 's3:AbortMultipartUpload';
	if (operation === 'CreateMultipartUpload' || operation === 'UploadPart') return 's3:PutObject';
	return undefined;
}

/** No Allow can override a Deny, so no generated statement can help: the Deny must change. */
function explicitDenyFix(policyType: string): CheckFix {
	switch (policyType) {
		case 'service control':
		case 'resource control':
			return {text: 'An organisation policy denies the write; ask your organisation administrator.'};
		case 'resource-based':
			return {text: 'A Deny in the bucket or key policy refuses this write: change the export settings it tests (see the policy check above) or have its owner narrow it.'};
		default:
			return {text: `A Deny in a ${policyType === 'unknown' ? '' : `${policyType} `}policy refuses this write: have it narrowed; adding permissions cannot override it.`};
	}
}

function fixFor(policyType: string | undefined, service: string | undefined, message: string, foreign: boolean): CheckFix {
	if (service === 'kms' || /\bkms:/i.test(message)) {
		return {text: 'Let your principal use the KMS key: add the generated statement to the key policy.', snippet: 'key-policy-caller'};
	}
	switch (policyType) {
		case 'service control':
		case 'resource control':
			return {text: 'An organisation policy denies the write; ask your organisation administrator.'};
		case 'permissions boundary':
			return {text: 'The permissions boundary denies the write; ask an IAM administrator to widen it.'};
		case 'identity-based':
		case 'session':
			return {text: 'Attach the generated identity policy to your role or user.', snippet: 'caller-identity-policy'};
		case 'resource-based':
			return {text: 'Add the generated statement to the bucket policy (or change the statement that denies).', snippet: 'bucket-policy'};
		default:
			return foreign
				? {text: 'Have the bucket owner add the generated statement to the bucket policy.', snippet: 'bucket-policy'}
				: {text: 'Attach the generated identity policy to your role or user.', snippet: 'caller-identity-policy'};
	}
}
