// The write probe: a real multipart upload under the prefix with the chosen
// encryption, aborted at once. It proves what the policies alone cannot, from this
// machine (so not the source-IP / VPC conditions that apply to DynamoDB's own writes).

import {parseAccessDenied} from '../diagnosis/parse-access-denied.js';
import {AwsCallError} from '../ports.js';
import type {CheckFacts} from './check-facts.js';
import {DependencyError, callErrorVerdict, errorLine, settle, type CheckVerdict} from './check-errors.js';
import {analyseBucketPolicy, isForeign} from './bucket-policy-check.js';
import {SSE_HEADER_KEY} from '../policy/statement-repair.js';
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
		const owned = await settle(facts.bucketOwnerUnknown());
		const unknownOwner = owned.ok && owned.value === true;
		const foreign = unknownOwner || (caller.ok ? isForeign(facts, caller.value) : plan.bucketOwner !== undefined);
		const evidence = [errorLine(error), `Key: ${location}, ${encryption}`];
		// A KMS refusal of a part (kms:Decrypt under SSE-KMS) is a real failure, named below.
		if (error.operation === 'UploadPart' && !/\bkms\b/i.test(error.message)) return partRisk(facts, evidence, info?.policyType);
		if (error.operation === 'AbortMultipartUpload') {
			evidence.push(`An incomplete upload may remain at ${location}; it costs storage until aborted or expired by a lifecycle rule.`);
		}
		return {
			status: 'failed',
			// The summary says what was refused; where the probe ran is detail (d), as for a risk.
			summary: `S3 refused the test upload while ${step}.`,
			cause: info?.sentence ?? `S3 answered Access Denied while ${step}.`,
			evidence: [...evidence, ...(info?.whatToChange ? [info.whatToChange] : []), NOT_EXERCISED],
			fix: unknownOwner
				? {
						text: `${plan.bucket} is another account's, whose id is not known: set the bucket owner (S3BucketOwner) (see "Bucket"), and have the account that owns it add the generated statement to its bucket policy.`,
						snippet: 'bucket-policy',
					}
				: info?.denyKind === 'explicit'
					? explicitDenyFix(info.policyType)
					: fixFor(info?.policyType, info?.service ?? error.service, error.message, foreign),
		};
	}
}

/**
 * The upload with the export's encryption header was accepted; only a part, which carries no
 * header, was refused. The export's PutObject and CreateMultipartUpload would pass; whether it
 * writes data files in parts is not documented. A risk to name, never a failure.
 */
async function partRisk(facts: CheckFacts, shown: string[], policyType: string | undefined): Promise<CheckVerdict> {
	// Said once, in the evidence: the summary is about the part.
	const evidence = [...shown, NOT_EXERCISED];
	const summary = "Risk: S3 took the upload with the export's encryption but refused a part of it (UploadPart).";
	const ifParts = 'If DynamoDB writes data files in parts (not documented; their ETags suggest it), the export fails the same way.';
	if (policyType === 'identity-based' || policyType === 'session') {
		return {
			status: 'warning',
			summary,
			cause: `CreateMultipartUpload, which carries the encryption header as the export's writes do, was allowed; UploadPart, which carries none, was not: your ${policyType} policy most likely allows s3:PutObject only with an encryption header. ${ifParts}`,
			evidence,
			fix: {text: 'Attach the generated identity policy: it allows the three S3 writes under the prefix without conditions.', snippet: 'caller-identity-policy'},
		};
	}
	const analysis = await settle(analyseBucketPolicy(facts));
	const statements =
		analysis.ok && analysis.value.state === 'evaluated'
			? analysis.value.part.matches.filter((m) => m.effect === 'Deny' && m.applies === 'yes').map((m) => (m.sid ? `"${m.sid}"` : `#${m.index + 1}`))
			: [];
	const which = statements.length ? `statement ${statements.join(', ')} of the bucket policy` : 'a bucket policy statement (the policy could not be read to say which)';
	return {
		status: 'warning',
		summary,
		cause: `CreateMultipartUpload, which carries the encryption header as the export's writes do, was accepted; UploadPart, which carries none, was refused: most likely ${which} denies s3:PutObject when ${SSE_HEADER_KEY} is not what it wants, using a negated operator that also matches a missing header. ${ifParts}`,
		evidence,
		fix: {
			text: `Have the bucket owner add "Null": {"${SSE_HEADER_KEY}": "false"} to ${statements.length ? `statement ${statements.join(', ')}` : 'the statement that tests the encryption header'} (the generated bucket policy does), so that it refuses only requests that state another encryption.`,
			...(statements.length ? {snippet: 'bucket-policy' as const} : {}),
		},
	};
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
