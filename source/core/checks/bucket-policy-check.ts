// The bucket policy, judged for the writes DynamoDB makes on the caller's behalf.
// Same account: the policy only matters when it denies. Another account: it must allow.

import {visibleControls} from '../terminal-text.js';
import {parseAccessDenied} from '../diagnosis/parse-access-denied.js';
import {evaluatePolicy} from '../policy/evaluate.js';
import {parsePolicy} from '../policy/parse-policy.js';
import type {PolicyDecision, PolicyDocument} from '../policy/types.js';
import {AwsCallError} from '../ports.js';
import type {CheckFacts} from './check-facts.js';
import {DependencyError, callErrorVerdict, errorLine, need, settle, type CheckVerdict} from './check-errors.js';
import {S3_WRITE_ACTIONS, type ExportPlan} from '../plan.js';
import {nullGuardRepair, SSE_HEADER_KEY, viaServiceRepair, } from '../policy/statement-repair.js';
import {fixCommand} from './in-place-fix.js';
import type {CheckFix} from './types.js';
import {representativeObjectArn, requestContext, type Caller} from './needed-access.js';

/** Condition keys whose values come from the network the request is sent from. */
export const NETWORK_KEYS = ['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce'];
const SSE_KEYS = ['s3:x-amz-server-side-encryption', 's3:x-amz-server-side-encryption-aws-kms-key-id'];

export type BucketPolicyAnalysis =
	| {state: 'none'; foreign: boolean}
	| {state: 'unreadable'; foreign: boolean; error: unknown}
	| {state: 'invalid'; foreign: boolean; message: string}
	| {
			state: 'evaluated';
			foreign: boolean;
			document: PolicyDocument;
			/** Per action; for several prefixes (a batch), the least allowed one's decision and its object. */
			decisions: Array<{action: string; decision: PolicyDecision; resource: string; same: boolean}>;
			/** How many distinct objects (one per prefix) were judged. */
			judged: number;
			/** s3:PutObject as a multipart part (UploadPart) asks it: with no encryption header. */
			part: PolicyDecision;
	  };

/** Shared with the permissions check (same account: a bucket-policy Allow is enough). */
export function analyseBucketPolicy(facts: CheckFacts): Promise<BucketPolicyAnalysis> {
	return facts.once('analysis:bucket-policy', async () => {
		const textPromise = settle(facts.bucketPolicyText());
		const keyArnPromise = facts.plan.sse === 'KMS' && facts.plan.kmsKeyId ? settle(facts.keyArn()) : undefined;
		const caller = await need(facts.caller(), 'credentials');
		// Named as this account's but not the caller's: another account's, whose id is unknown.
		const foreign = isForeign(facts, caller) || (await facts.bucketOwnerUnknown()) === true;
		const text = await textPromise;
		if (!text.ok) {
			if (text.error instanceof DependencyError) throw text.error;
			return {state: 'unreadable', foreign, error: text.error};
		}
		if (text.value === null) return {state: 'none', foreign};
		const parsed = parsePolicy(text.value);
		if (!parsed.ok) return {state: 'invalid', foreign, message: parsed.message};
		const keyArn = keyArnPromise ? await keyArnPromise : undefined;
		const target = await need(facts.bucketTarget(), 'bucket');
		// Every table's prefix is judged (a policy may name some prefixes and not others).
		const resources = [...new Set(facts.plans.map((p) => representativeObjectArn(p)))];
		const principal = {principalArn: caller.arn, principalAccount: caller.account, principalRoleArn: caller.roleArn};
		const decisions = S3_WRITE_ACTIONS.map((action) => {
			const context = requestContext(caller, {action, via: 'service', region: target.region}, facts.plan, keyArn?.ok ? keyArn.value : undefined);
			if (facts.plan.sse === 'KMS' && facts.plan.kmsKeyId && !keyArn?.ok && action === 's3:PutObject') {
				// The key could not be resolved to an ARN: its id in the request stays unknown.
				delete context['s3:x-amz-server-side-encryption-aws-kms-key-id'];
			}
			return {action, ...leastAllowed(resources, (resource) => evaluatePolicy(parsed.document, {...principal, action, resource, context}, {kind: 'resource'}))};
		});
		const partContext = requestContext(caller, {action: 's3:PutObject', via: 'service', region: target.region}, facts.plan);
		partContext[SSE_HEADER_KEY] = null;
		partContext[`${SSE_HEADER_KEY}-aws-kms-key-id`] = null;
		const part = leastAllowed(resources, (resource) =>
			evaluatePolicy(parsed.document, {...principal, action: 's3:PutObject', resource, context: partContext}, {kind: 'resource'}),
		).decision;
		return {state: 'evaluated', foreign, document: parsed.document, decisions, part, judged: resources.length};
	});
}

const DECISION_RANK: Record<PolicyDecision['decision'], number> = {'explicit-deny': 3, 'implicit-deny': 2, unknown: 1, allow: 0};

/** The decision for the resource it is least allowed on (the first such), so that one refused prefix is not hidden by the others. */
function leastAllowed(resources: string[], decide: (resource: string) => PolicyDecision): {decision: PolicyDecision; resource: string; same: boolean} {
	let worst: {decision: PolicyDecision; resource: string} | undefined;
	let same = true;
	for (const resource of resources) {
		const decision = decide(resource);
		if (worst && decision.decision !== worst.decision.decision) same = false;
		if (!worst || DECISION_RANK[decision.decision] > DECISION_RANK[worst.decision.decision]) worst = {decision, resource};
	}
	return {...worst!, same};
}

/** "account 222222222222", or, when the plan names none, the account that owns the bucket (not known yet). */
export function ownerOf(facts: CheckFacts): string {
	const owner = facts.plan.bucketOwner;
	return owner ? `account ${owner}` : `the account that owns ${facts.plan.bucket} (not known yet: set the bucket owner)`;
}

export function isForeign(facts: CheckFacts, caller: Caller): boolean {
	return facts.plan.bucketOwner !== undefined && facts.plan.bucketOwner !== caller.account;
}

export async function checkBucketPolicy(facts: CheckFacts): Promise<CheckVerdict> {
	const ownershipPromise = settle(facts.ownership());
	const analysis = await analyseBucketPolicy(facts);
	const ownership = await ownershipPromise;
	const info: string[] = [];
	if (ownership.ok && ownership.value) {
		info.push(
			ownership.value === 'BucketOwnerEnforced'
				? 'Object Ownership: BucketOwnerEnforced (ACLs disabled). Unconfirmed whether the export\'s ACL write is then refused; noted for information.'
				: `Object Ownership: ${ownership.value}`,
		);
	}
	let verdict = judge(facts, analysis);
	if (analysis.state === 'unreadable' && analysis.foreign && verdict.status === 'unknown') verdict = (await probeVerdict(facts)) ?? verdict;
	return {...verdict, evidence: [...(verdict.evidence ?? []), ...info]};
}

/**
 * Across accounts the policy is rarely readable. A refused test write with S3's bare
 * "Access Denied" (what it answers other accounts) then tells what the policy could not:
 * the owner's side does not let the caller write. An identity-side refusal names itself.
 */
async function probeVerdict(facts: CheckFacts): Promise<CheckVerdict | undefined> {
	if (!facts.options.probe) return undefined;
	const probe = await settle(facts.probe());
	if (probe.ok || !(probe.error instanceof AwsCallError) || !probe.error.isAccessDenied || probe.error.service !== 's3') return undefined;
	if (probe.error.operation === 'AbortMultipartUpload') return undefined;
	const info = parseAccessDenied(probe.error.message, {service: 's3'});
	if (info && info.policyType !== 'unknown' && info.policyType !== 'resource-based') return undefined;
	if (info?.service === 'kms' || /kms/i.test(probe.error.message)) return undefined;
	// S3 answers other accounts bare whichever side refused: ask IAM about the caller's side.
	const caller = await settle(facts.caller());
	const simulated =
		caller.ok && caller.value.policyArn ? await settle(facts.simulate(caller.value.policyArn, representativeObjectArn(facts.plan), S3_WRITE_ACTIONS)) : undefined;
	if (simulated?.ok && simulated.value.some((r) => r.decision !== 'allowed')) return undefined;
	const likely = simulated?.ok ? '' : 'most likely ';
	return {
		status: 'failed',
		summary: `The bucket policy of ${ownerOf(facts)} does not let you write (the test write was refused).`,
		cause: `The bucket policy is not readable from your account, but S3 refused a test write under the prefix with a bare Access Denied (${probe.error.operation}), which is how it answers other accounts${simulated?.ok ? ', while your IAM policies allow the writes' : ''}: the owner's bucket policy ${likely}does not grant your principal the export's writes.`,
		evidence: [errorLine(probe.error)],
		fix: {text: `Have ${ownerOf(facts)} add the generated statement to the bucket policy of ${facts.plan.bucket}.`, snippet: 'bucket-policy'},
	};
}

function judge(facts: CheckFacts, analysis: BucketPolicyAnalysis): CheckVerdict {
	const {plan} = facts;
	const owner = plan.bucketOwner;
	if (analysis.state === 'unreadable') {
		const error = analysis.error;
		if (error instanceof AwsCallError && error.isAccessDenied) {
			return {
				status: 'unknown',
				summary: 'The bucket policy is not readable to you.',
				cause: `You may not read the bucket policy (s3:GetBucketPolicy)${analysis.foreign ? `; bucket owners in other accounts rarely allow it` : ''}. Check it by hand.`,
				evidence: [`GetBucketPolicy: ${error.code}: ${error.message}`],
				fix: analysis.foreign
					? {text: `Ask the owner of ${plan.bucket} (${ownerOf(facts)}) to confirm that the bucket policy allows your principal to write under the prefix.`, snippet: 'bucket-policy'}
					: {text: 'Attach the read-only checker policy (it has s3:GetBucketPolicy on the bucket), or ask someone who may read the bucket policy to check that nothing in it denies your writes.', snippet: 'checker-policy'},
			};
		}
		return callErrorVerdict(error, 'read the bucket policy', 's3:GetBucketPolicy');
	}
	if (analysis.state === 'invalid') {
		return {status: 'unknown', summary: 'The bucket policy could not be understood.', cause: `The policy text did not parse: ${analysis.message}`};
	}
	if (analysis.state === 'none') {
		if (!analysis.foreign) return {status: 'passed', summary: 'No bucket policy; your IAM policies decide.'};
		return {
			status: 'failed',
			summary: `The bucket has no policy, so nothing in ${ownerOf(facts)} grants you access.`,
			cause: `${plan.bucket} belongs to ${ownerOf(facts)} and has no bucket policy: a principal of another account can only write if the bucket policy allows it.`,
			fix: {text: `Have ${ownerOf(facts)} add the generated statement to the bucket policy of ${plan.bucket}.`, snippet: 'bucket-policy'},
		};
	}

	// Named in every sentence: who changes the policy. Across accounts it is the named owner.
	// Across accounts without a named owner, the owner is not known (never the caller's account).
	const ownerAccount = owner ?? (analysis.foreign ? undefined : facts.peek<Caller>('caller')?.account);
	const ownerWords = ownerAccount ? `account ${ownerAccount}` : ownerOf(facts);
	const policyWords = `the bucket policy of ${plan.bucket}${ownerAccount ? ` (account ${ownerAccount})` : ''}`;
	const evidence: string[] = [];
	const denied: string[] = [];
	const notAllowed: string[] = [];
	const uncertain: Array<{action: string; keys: string[]; effect: 'Allow' | 'Deny'}> = [];
	const denySids = new Set<string>();
	const denyIndexes = new Set<number>();
	const sseDenyIndexes: number[] = [];
	let sseDeny = false;
	let viaRoot = false;
	const allowSids = new Set<string>();
	for (const {action, decision} of analysis.decisions) {
		const sureDenies = decision.matches.filter((m) => m.effect === 'Deny' && m.applies === 'yes');
		for (const m of sureDenies) {
			denySids.add(label(m.sid, m.index));
			denyIndexes.add(m.index);
			const conditionKeys = Object.values(analysis.document.Statement[m.index]?.Condition ?? {}).flatMap((block) => Object.keys(block).map((k) => k.toLowerCase()));
			if (conditionKeys.some((k) => SSE_KEYS.includes(k))) {
				sseDeny = true;
				if (!sseDenyIndexes.includes(m.index)) sseDenyIndexes.push(m.index);
			}
		}
		for (const m of decision.matches.filter((m) => m.effect === 'Allow' && m.applies === 'yes')) allowSids.add(label(m.sid, m.index));
		switch (decision.decision) {
			case 'explicit-deny':
				denied.push(action);
				break;
			case 'implicit-deny':
				notAllowed.push(action);
				break;
			case 'unknown': {
				const maybeDeny = decision.matches.some((m) => m.effect === 'Deny' && m.applies === 'unknown');
				// In the same account an uncertain Allow changes nothing: IAM can allow as well.
				if (!maybeDeny && !analysis.foreign) break;
				uncertain.push({action, keys: decision.undecidedKeys, effect: maybeDeny ? 'Deny' : 'Allow'});
				break;
			}
			case 'allow':
				if (decision.viaAccountRoot) viaRoot = true;
				break;
		}
	}
	const across = (same: boolean) => (analysis.judged < 2 ? '' : same ? ` (the same for all ${analysis.judged} prefixes)` : ` (the least allowed of ${analysis.judged} prefixes)`);
	evidence.push(...analysis.decisions.map(({action, decision, resource, same}) => `${action} on ${resource}${across(same)}: ${decision.decision}${decision.viaAccountRoot ? ' (via your account root)' : ''}`));
	if (allowSids.size) evidence.push(`Allowing statements: ${[...allowSids].join(', ')}`);

	if (denied.length) {
		const sids = [...denySids].join(', ');
		if (sseDeny) {
			const wanted = plan.sse === 'KMS' ? `SSE-KMS with key ${plan.kmsKeyId ?? 'aws/s3'}` : 'SSE-S3 (AES256)';
			const accepted = acceptedEncryption(analysis.document, sseDenyIndexes);
			return {
				status: 'failed',
				summary: `The bucket policy refuses ${wanted} writes (statement ${sids}).`,
				cause: `Statement ${sids} denies ${denied.join(', ')} unless the object is encrypted the way it demands; it accepts ${accepted}. This export uses ${wanted}.`,
				evidence,
				fix:
					plan.sse === 'AES256'
						? switchToKms(plan, analysis.document, denyIndexes, `Choose KMS encryption: the bucket accepts ${accepted} (statement ${sids}); or have the owner of ${plan.bucket} relax that statement.`)
						: {text: `Choose what the bucket accepts: ${accepted} (statement ${sids}); or have the owner of ${plan.bucket} change that statement.`},
			};
		}
		return {
			status: 'failed',
			summary: `The bucket policy denies ${denied.join(', ')} (statement ${sids}).`,
			cause: `Statement ${sids} of ${policyWords} explicitly denies your principal ${denied.join(', ')} on ${resourceOf(analysis, denied)}.`,
			evidence,
			fix: {
				text: `Have ${ownerWords} remove or narrow statement ${sids} of the bucket policy so that it does not apply to your principal's export writes; then run the checks and the export again.`,
				command: `aws s3api get-bucket-policy --bucket ${plan.bucket}${plan.bucketOwner ? ` --expected-bucket-owner ${plan.bucketOwner}` : ''} --query Policy --output text`,
			},
		};
	}
	if (analysis.foreign && notAllowed.length) {
		return {
			status: 'failed',
			summary: `The bucket policy does not allow you ${notAllowed.join(', ')}.`,
			cause: `${plan.bucket} belongs to ${ownerOf(facts)}; nothing in its bucket policy grants your principal ${notAllowed.join(', ')} on ${resourceOf(analysis, notAllowed)}.`,
			evidence,
			fix: {text: `Have ${ownerOf(facts)} add the generated statement to the bucket policy.`, snippet: 'bucket-policy'},
		};
	}
	const headerWrites = analysis.decisions.find((d) => d.action === 's3:PutObject')?.decision.decision;
	const partDenies = analysis.part.matches.filter((m) => m.effect === 'Deny' && m.applies === 'yes' && statementTests(analysis.document, m.index, SSE_KEYS));
	if (partDenies.length && headerWrites !== 'explicit-deny') {
		const repairs = partDenies.map((m) => nullGuardRepair(m.index, m.sid));
		facts.bucketRepairs = repairs;
		const sids = partDenies.map((m) => label(m.sid, m.index)).join(', ');
		return {
			status: 'warning',
			summary: `Risk: statement ${sids} also refuses uploads in parts, which carry no encryption header.`,
			cause: `Statement ${sids} of ${policyWords} denies s3:PutObject when ${SSE_HEADER_KEY} is not what it wants, with a negated operator that also matches requests without the header. The export's PutObject and CreateMultipartUpload carry the header and are allowed, but a multipart UploadPart carries none and is refused. Whether DynamoDB writes data files in parts is not documented (their ETags suggest it does), so the export may fail.`,
			evidence: [...evidence, `s3:PutObject without an encryption header (UploadPart): ${analysis.part.decision}`],
			fix: {
				text: `Have ${ownerWords} add "Null": {"${SSE_HEADER_KEY}": "false"} to statement ${sids} (the generated bucket policy does), so that it refuses only requests that state another encryption.`,
				snippet: 'bucket-policy',
			},
		};
	}
	if (uncertain.length) {
		const keys = [...new Set(uncertain.flatMap((u) => u.keys))];
		const network = keys.filter((k) => NETWORK_KEYS.includes(k.toLowerCase()));
		const actions = uncertain.map((u) => u.action).join(', ');
		const deny = uncertain.some((u) => u.effect === 'Deny');
		const networkStatements = analysis.decisions
			.flatMap((d) => d.decision.matches)
			.filter((m) => m.applies === 'unknown' && m.undecidedKeys.some((k) => NETWORK_KEYS.includes(k.toLowerCase())))
			.filter((m, i, all) => all.findIndex((o) => o.index === m.index) === i);
		const sids = networkStatements.map((m) => label(m.sid, m.index)).join(', ');
		// A Deny narrowed to requests people send is safe; an Allow narrowed so would allow less.
		const denying = networkStatements.filter((m) => m.effect === 'Deny');
		if (network.length && denying.length) facts.bucketRepairs = denying.map((m) => viaServiceRepair(m.index, m.sid, network));
		return {
			status: 'warning',
			summary: network.length
				? `Risk: statement ${sids} of the bucket policy tests ${network.join('/')}, which service-side writes may not meet.`
				: `The bucket policy's answer depends on ${keys.join(', ')}.`,
			cause: network.length
				? `Statement ${sids} of ${policyWords} ${deny ? 'denies' : 'only allows'} ${actions} depending on ${network.join(', ')}. DynamoDB writes from the service, not from your network, so it may ${deny ? 'deny' : 'fail to allow'} the export's writes even though you can write from here (unconfirmed in detail; treat it as a risk).`
				: `The bucket policy's decision on ${actions} depends on ${keys.join(', ')}, which cannot be known before the export runs.`,
			evidence,
			fix: !network.length
				? undefined
				: denying.length
					? {
							text: `Have ${ownerWords} add "Bool": {"aws:ViaAWSService": "false"} to statement ${denying.map((m) => label(m.sid, m.index)).join(', ')} (the generated bucket policy does), so that it no longer applies to the export's service-side writes.`,
							snippet: 'bucket-policy',
						}
					: {text: `Have ${ownerWords} allow the export's writes without the ${network.join('/')} condition (for example in a statement of their own for your principal).`},
		};
	}
	if (analysis.foreign) {
		return {
			status: 'passed',
			summary: viaRoot
				? 'The bucket policy trusts your whole account; your IAM policies decide (see permissions).'
				: 'The bucket policy allows your principal to write under the prefix.',
			evidence,
		};
	}
	return {
		status: 'passed',
		summary: analysis.decisions.every((d) => d.decision.decision === 'allow')
			? 'The bucket policy allows your writes.'
			: 'The bucket policy does not deny your writes; your IAM policies decide.',
		evidence,
	};
}

/** The object the first of `actions` was judged on (the representative key under the refused prefix). */
function resourceOf(analysis: Extract<BucketPolicyAnalysis, {state: 'evaluated'}>, actions: string[]): string {
	return analysis.decisions.find((d) => d.action === actions[0])?.resource ?? analysis.decisions[0]!.resource;
}

/**
 * The plan's encryption changed to SSE-KMS, an in-place fix: with the key the denying
 * statements name in s3:x-amz-server-side-encryption-aws-kms-key-id when they name one,
 * else the AWS managed key aws/s3 (which any statement that asks only for aws:kms accepts).
 */
function switchToKms(plan: ExportPlan, document: PolicyDocument, denyIndexes: ReadonlySet<number>, text: string): CheckFix {
	const named = new Set<string>();
	for (const index of denyIndexes) {
		for (const block of Object.values(document.Statement[index]?.Condition ?? {})) {
			for (const [key, value] of Object.entries(block)) {
				if (key.toLowerCase() !== 's3:x-amz-server-side-encryption-aws-kms-key-id') continue;
				for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string' && !/[*?]/.test(v)) named.add(v);
			}
		}
	}
	// Several keys named, or a pattern: which one is for the person to choose.
	if (named.size > 1) return {text};
	const action = named.size === 1 ? ({kind: 'use-encryption', sse: 'KMS', kmsKeyId: [...named][0]} as const) : ({kind: 'use-encryption', sse: 'KMS'} as const);
	return {text, command: fixCommand(action, plan), action};
}

/** Whether statement `index` has a condition on one of `keys`. */
function statementTests(document: PolicyDocument, index: number, keys: string[]): boolean {
	return Object.values(document.Statement[index]?.Condition ?? {}).some((block) => Object.keys(block).some((k) => keys.includes(k.toLowerCase())));
}

/** What the denying SSE statements let through, in words: "SSE-KMS (aws:kms) with any key", "… with key ARN". */
export function acceptedEncryption(document: PolicyDocument, indexes: number[]): string {
	const algorithms = new Set<string>();
	const keys = new Set<string>();
	for (const index of indexes) {
		for (const [operator, block] of Object.entries(document.Statement[index]?.Condition ?? {})) {
			if (!/^String(Not)?(Equals|Like)(IgnoreCase)?(IfExists)?$/i.test(operator)) continue;
			for (const [key, value] of Object.entries(block)) {
				const values = (Array.isArray(value) ? value : [value]).map(String);
				if (key.toLowerCase() === SSE_KEYS[0]) values.forEach((v) => algorithms.add(v));
				if (key.toLowerCase() === SSE_KEYS[1]) values.forEach((v) => keys.add(v));
			}
		}
	}
	const algorithm = algorithms.size
		? [...algorithms].map((a) => (a === 'aws:kms' ? 'SSE-KMS (aws:kms)' : a === 'AES256' ? 'SSE-S3 (AES256)' : a)).join(' or ')
		: keys.size
			? 'SSE-KMS'
			: 'only a particular encryption';
	const key = keys.size ? `with key ${[...keys].join(' or ')}` : algorithms.has('aws:kms') ? 'with any KMS key' : '';
	return [algorithm, key].filter(Boolean).join(' ');
}

function label(sid: string | undefined, index: number): string {
	return sid ? `"${visibleControls(sid)}"` : `#${index + 1}`;
}
