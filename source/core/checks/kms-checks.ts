// The KMS key the export encrypts with, and its key policy. A key must be in the
// bucket's Region, enabled, symmetric, and (across accounts) customer managed; its
// policy must let the caller use it, directly or by trusting the account.

import {evaluatePolicy} from '../policy/evaluate.js';
import {parsePolicy} from '../policy/parse-policy.js';
import type {PolicyDecision} from '../policy/types.js';
import {AwsCallError, type KeyDetails} from '../ports.js';
import type {CheckFacts} from './check-facts.js';
import {DependencyError, callErrorVerdict, isMissing, errorLine, need, settle, type CheckVerdict} from './check-errors.js';
import {isForeign} from './bucket-policy-check.js';
import {accountRootArn, partitionOf} from '../arn.js';
import {KMS_ACTIONS} from '../plan.js';
import {requestContext} from './needed-access.js';
import {withInPlaceAction} from './fix-permission.js';
import {fixCommand} from './in-place-fix.js';

const NOT_KMS: CheckVerdict = {status: 'skipped', summary: 'The export uses SSE-S3 (AES256); no KMS key involved.'};

export async function checkKmsKey(facts: CheckFacts): Promise<CheckVerdict> {
	const {plan} = facts;
	if (plan.sse !== 'KMS') return NOT_KMS;
	const callerPromise = settle(facts.caller());
	const target = await need(facts.bucketTarget(), 'bucket');
	const region = target.region;
	const ref = facts.keyRef;
	const arnRegion = facts.keyArnRegion;
	if (arnRegion && arnRegion !== region) {
		return wrongRegion(`Key ${ref} is in ${arnRegion}, but the bucket is in ${region}.`, region);
	}
	let key: KeyDetails;
	try {
		key = await facts.key();
	} catch (error) {
		if (isMissing(error)) {
			let elsewhere = '';
			if (!arnRegion && facts.sessionRegion !== region) {
				const there = await settle(facts.describeKeyIn(facts.sessionRegion));
				if (there.ok) elsewhere = ` It exists in ${facts.sessionRegion} (${there.value.arn}), the table's Region.`;
			}
			return wrongRegion(`No key ${ref} in ${region}, the bucket's Region.${elsewhere}`, region, errorLine(error));
		}
		if (error instanceof AwsCallError && error.isAccessDenied) {
			return {
				status: 'unknown',
				summary: `You may not describe key ${ref}.`,
				cause: 'You may not call kms:DescribeKey on the key (a key in another account must allow it in its key policy), so its state is unknown.',
				evidence: [errorLine(error)],
				fix: {text: 'Attach the read-only checker policy (it has kms:DescribeKey on the key); a key in another account must also allow it in its key policy.', snippet: 'checker-policy'},
			};
		}
		return callErrorVerdict(error, 'describe the KMS key', 'kms:DescribeKey');
	}

	const evidence = [`Key: ${key.arn}`, `State: ${key.state}`, `Spec: ${key.keySpec}, usage ${key.keyUsage}`, `Managed by: ${key.manager}`];
	if (key.description) evidence.push(`Description: ${key.description}`);
	if (key.state !== 'Enabled' || !key.enabled) {
		const verdict: CheckVerdict = {
			status: 'failed',
			summary: `Key ${ref} is ${key.state}.`,
			cause: `S3 cannot encrypt with a key that is ${key.state}; the export's writes would fail.`,
			evidence,
		};
		if (key.state === 'Disabled') {
			const action = {kind: 'enable-key', keyArn: key.arn, region} as const;
			const fix = {text: 'Enable the key (or choose another one).', command: fixCommand(action, plan), action};
			const caller = await callerPromise;
			// Only the key's own account can enable it; elsewhere its administrators must.
			if (caller.ok && key.account && key.account !== caller.value.account) {
				return {...verdict, fix: {text: `Have an administrator of the key in account ${key.account} enable it (or choose another key).`, command: fix.command}};
			}
			return {...verdict, fix: await withInPlaceAction(facts, fix, {action: 'kms:EnableKey', resource: key.arn})};
		}
		const command =
			key.state === 'PendingDeletion'
				? `aws kms cancel-key-deletion --key-id ${key.arn} --region ${region} && aws kms enable-key --key-id ${key.arn} --region ${region}`
				: undefined;
		return {...verdict, fix: {text: command ? 'Cancel the key deletion and enable the key (or choose another one).' : 'Choose an enabled key.', command}};
	}
	if (key.keySpec !== 'SYMMETRIC_DEFAULT' || key.keyUsage !== 'ENCRYPT_DECRYPT') {
		return {
			status: 'failed',
			summary: `Key ${ref} is not a symmetric encryption key.`,
			cause: `S3 encrypts only with symmetric encryption keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT); this one is ${key.keySpec}/${key.keyUsage}.`,
			evidence,
			fix: {text: 'Choose a symmetric encryption key in the bucket\'s Region.'},
		};
	}
	if (key.region && key.region !== region) {
		return wrongRegion(`Key ${key.arn} is in ${key.region}, but the bucket is in ${region}.`, region);
	}
	const caller = await callerPromise;
	const owned = await settle(facts.bucketOwnerUnknown());
	const foreign = (owned.ok && owned.value === true) || (caller.ok ? isForeign(facts, caller.value) : plan.bucketOwner !== undefined);
	if (key.manager === 'AWS') {
		if (foreign) {
			return {
				status: 'failed',
				summary: 'The AWS managed key aws/s3 cannot serve a bucket in another account.',
				cause: `${plan.bucketOwner ? `The bucket belongs to account ${plan.bucketOwner}` : "The bucket is another account's (which one is not known yet: set the bucket owner)"}; the AWS managed key aws/s3 cannot be granted to another account, so its readers could never decrypt the export.`,
				evidence,
				fix: {text: 'Choose a customer managed key whose key policy lets you use it and lets the bucket account decrypt.', snippet: 'key-policy-readers'},
			};
		}
		return {status: 'passed', summary: 'AWS managed key aws/s3 (usable by your account through S3).', evidence};
	}
	if (caller.ok && key.account && key.account !== caller.value.account) {
		evidence.push(`The key belongs to account ${key.account}: its key policy and your IAM policies must both allow you.`);
	}
	return {status: 'passed', summary: `Key ${key.arn.split('/').pop()} is enabled, symmetric and customer managed, in ${region}.`, evidence};
}

function wrongRegion(summary: string, bucketRegion: string, detail?: string): CheckVerdict {
	return {
		status: 'failed',
		summary,
		cause: `A KMS key used for the export must be in the same Region as the bucket (${bucketRegion}).`,
		evidence: detail ? [detail] : undefined,
		fix: {text: `Choose or create a symmetric key in ${bucketRegion} (a multi-Region replica there also works).`},
	};
}

export interface KeyPolicyAnalysis {
	decisions: Array<{action: string; decision: PolicyDecision}>;
	/** Every action allowed by the key policy naming the caller itself (not the account root). */
	direct: boolean;
}

/** Shared with the permissions check: a key policy that names the caller is enough in its own account. */
export function analyseKeyPolicy(facts: CheckFacts): Promise<KeyPolicyAnalysis> {
	return facts.once('analysis:key-policy', async () => {
		const textPromise = facts.keyPolicyText();
		const [caller, target, arn] = await Promise.all([need(facts.caller(), 'credentials'), need(facts.bucketTarget(), 'bucket'), facts.keyArn()]);
		const parsed = parsePolicy(await textPromise);
		if (!parsed.ok) throw new Error(`The key policy did not parse: ${parsed.message}`);
		const decisions = KMS_ACTIONS.map((action) => ({
			action,
			decision: evaluatePolicy(
				parsed.document,
				{
					principalArn: caller.arn,
					principalAccount: caller.account,
					principalRoleArn: caller.roleArn,
					action,
					resource: arn,
					context: requestContext(caller, {action, via: 'service', region: target.region, purpose: 'export-key'}, facts.plan, arn),
				},
				{kind: 'resource'},
			),
		}));
		return {decisions, direct: decisions.every((d) => d.decision.decision === 'allow' && !d.decision.viaAccountRoot)};
	});
}

export async function checkKeyPolicy(facts: CheckFacts): Promise<CheckVerdict> {
	const {plan} = facts;
	if (plan.sse !== 'KMS') return NOT_KMS;
	const keyPromise = settle(facts.key());
	const analysisPromise = settle(analyseKeyPolicy(facts));
	const key = await keyPromise;
	if (key.ok && key.value.manager === 'AWS') {
		return {status: 'skipped', summary: 'AWS managed key: its fixed policy lets your account use it through S3.'};
	}
	if (!key.ok && (key.error instanceof DependencyError || isMissing(key.error))) {
		throw key.error instanceof DependencyError ? key.error : new DependencyError('kms-key', key.error);
	}
	const analysis = await analysisPromise;
	if (!analysis.ok) {
		const error = analysis.error;
		if (error instanceof AwsCallError && error.isAccessDenied) {
			return {
				status: 'unknown',
				summary: 'The key policy is not readable to you.',
				cause: 'You may not read the key policy (kms:GetKeyPolicy), so whether it lets you use the key is unknown. Check it by hand.',
				evidence: [errorLine(error)],
				fix: {text: 'Ask the key administrator to confirm the key policy lets you use the key (or trusts your account).', snippet: 'key-policy-caller'},
			};
		}
		if (isMissing(error)) throw new DependencyError('kms-key', error);
		if (error instanceof Error && !(error instanceof AwsCallError) && !(error instanceof DependencyError) && /did not parse/.test(error.message)) {
			return {status: 'unknown', summary: 'The key policy could not be understood.', cause: error.message};
		}
		return callErrorVerdict(error, 'read the key policy', 'kms:GetKeyPolicy');
	}
	const {decisions} = analysis.value;
	const evidence = decisions.map(({action, decision}) => `${action}: ${decision.decision}${decision.viaAccountRoot ? ' (via the account root)' : ''}${sids(decision)}`);
	const denied = decisions.filter((d) => d.decision.decision === 'explicit-deny');
	const missing = decisions.filter((d) => d.decision.decision === 'implicit-deny');
	const unsure = decisions.filter((d) => d.decision.decision === 'unknown');
	const readers = await readersNote(facts);
	const withReaders = (verdict: CheckVerdict): CheckVerdict => {
		if (!readers) return verdict;
		const evidence = [...(verdict.evidence ?? []), readers];
		if (verdict.status !== 'passed') return {...verdict, evidence};
		return {
			...verdict,
			status: 'warning',
			evidence,
			fix: {text: `Let readers in account ${plan.bucketOwner} decrypt: add the generated statement to the key policy.`, snippet: 'key-policy-readers'},
		};
	};
	if (denied.length) {
		return withReaders({
			status: 'failed',
			summary: `The key policy denies ${denied.map((d) => d.action).join(', ')}.`,
			cause: `A Deny statement of the key policy${sids(denied[0]!.decision)} applies to you.`,
			evidence,
			fix: {text: 'Change the Deny statement of the key policy so it does not apply to your principal.'},
		});
	}
	if (missing.length) {
		return withReaders({
			status: 'failed',
			summary: `The key policy does not let you use the key (${missing.map((d) => d.action).join(', ')}).`,
			cause: 'Nothing in the key policy allows your principal, and it does not trust your account root, so IAM policies alone cannot grant the key.',
			evidence,
			fix: {text: 'Add the generated statement to the key policy.', snippet: 'key-policy-caller'},
		});
	}
	if (unsure.length) {
		const keys = [...new Set(unsure.flatMap((d) => d.decision.undecidedKeys))];
		return withReaders({
			status: 'warning',
			summary: `The key policy's answer depends on ${keys.join(', ')}.`,
			cause: `Whether the key policy lets you use the key depends on ${keys.join(', ')}, which cannot be known before the export runs.`,
			evidence,
		});
	}
	const viaRoot = decisions.some((d) => d.decision.viaAccountRoot);
	const caller = await settle(facts.caller());
	const account = caller.ok ? caller.value.account : 'yours';
	return withReaders({
		status: 'passed',
		summary: viaRoot
			? `The key policy trusts account ${account}; IAM policies decide (see permissions).`
			: 'The key policy lets you use the key.',
		evidence,
	});
}

/** Across accounts, readers in the bucket account need kms:Decrypt in this key's policy. */
async function readersNote(facts: CheckFacts): Promise<string | undefined> {
	const owner = facts.plan.bucketOwner;
	const caller = await settle(facts.caller());
	if (!owner || !caller.ok || owner === caller.value.account) return undefined;
	const [text, arn] = await Promise.all([settle(facts.keyPolicyText()), settle(facts.keyArn())]);
	if (!text.ok || !arn.ok) return undefined;
	const parsed = parsePolicy(text.value);
	if (!parsed.ok) return undefined;
	const partition = partitionOf(arn.value);
	const decision = evaluatePolicy(
		parsed.document,
		{principalArn: accountRootArn(partition, owner), principalAccount: owner, action: 'kms:Decrypt', resource: arn.value, context: {'kms:calleraccount': owner}},
		{kind: 'resource'},
	);
	if (decision.decision === 'allow') return undefined;
	return `Note: readers in the bucket account ${owner} need kms:Decrypt in this key policy to read the export (today: ${decision.decision}).`;
}

function sids(decision: PolicyDecision): string {
	const named = decision.matches.filter((m) => m.applies === 'yes').map((m) => m.sid ?? `#${m.index + 1}`);
	return named.length ? ` (statement ${named.join(', ')})` : '';
}
