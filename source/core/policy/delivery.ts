// Getting generated policy snippets to the people who apply them: which ones to offer,
// the input they are built from (the check report), where files go, what an apply would
// change, and the one AWS call that reads or writes each kind of policy. The file system
// and AWS are reached only through arguments.

import path from 'node:path';
import {describePrincipal, parseKeyArn, parseS3Arn} from '../arn.js';
import type {CheckReport} from '../checks/run-checks.js';
import type {CheckResult} from '../checks/types.js';
import type {ExportPlan} from '../plan.js';
import {isAbortError, type AwsSession, type CallerIdentity, type CallOptions} from '../ports.js';
import {CHECKER_POLICY_NAME} from './checker-statements.js';
import {formatPolicy} from './merge.js';
import {INLINE_POLICY_NAME, SNIPPET_ORDER, buildSnippets, principalShape, relevantSnippetIds, type Snippet, type SnippetId, type SnippetInput} from './snippets.js';

export const DEFAULT_SAVE_DIR = './ddb-export-policies';

/** Where a snippet is applied, as the AWS calls that apply it need it. */
export type ApplyTarget =
	| {kind: 'role' | 'user'; name: string; account: string; /** The inline policy's name: ddb-export unless said. */ policyName?: string}
	| {kind: 'bucket'; name: string; account: string; region?: string}
	| {kind: 'key'; arn: string; account: string; region: string};

/** How the document relates to the policy in place: merged into it, new, or the current one was not read. */
export type SnippetBasis = 'merged' | 'new' | 'unread';

/** Which current policy a snippet is merged into. */
export type ExistingField = 'bucketPolicy' | 'keyPolicy' | 'inlinePolicy' | 'checkerPolicy';

/** Which current policy a snippet is merged into; none for the administrators' policies, read by the checks. */
export function existingFieldOf(id: SnippetId): ExistingField | undefined {
	if (id === 'bucket-policy') return 'bucketPolicy';
	if (id === 'caller-identity-policy') return 'inlinePolicy';
	if (id === 'checker-policy') return 'checkerPolicy';
	if (id === 'permissions-boundary' || id === 'scp-exemption') return undefined;
	return 'keyPolicy';
}

/** Policies only an administrator of the boundary or the organisation changes: never applied from here. */
export function isAdminSnippet(id: SnippetId): boolean {
	return id === 'permissions-boundary' || id === 'scp-exemption';
}

export function snippetFilePath(dir: string, snippet: Pick<Snippet, 'fileName'>): string {
	return path.join(dir, snippet.fileName);
}

/** Folder typed by the user, made absolute: `~` is the home folder, relative paths start at `cwd`. */
export function resolveSaveDir(typed: string, cwd: string, home: string): string {
	const dir = typed.trim() || DEFAULT_SAVE_DIR;
	if (dir === '~') return home;
	if (dir.startsWith('~/')) return path.join(home, dir.slice(2));
	return path.resolve(cwd, dir);
}

export function planSave(dir: string, snippets: Array<Pick<Snippet, 'fileName'>>, exists: (path: string) => boolean): Array<{path: string; exists: boolean}> {
	return snippets.map((snippet) => {
		const file = snippetFilePath(dir, snippet);
		return {path: file, exists: exists(file)};
	});
}

/** The document's text: what is applied, validated, and shown. */
export function snippetText(snippet: Pick<Snippet, 'document'>): string {
	return formatPolicy(snippet.document);
}

/** The text written to a file or the clipboard: the document as `aws ... file://` reads it. */
export function snippetFileText(snippet: Pick<Snippet, 'document'>): string {
	return `${snippetText(snippet)}\n`;
}

/**
 * Where the snippet would be applied, parsed from appliesTo.resource. Undefined when it
 * cannot be applied from here (an identity that holds no inline policy, a key named
 * by an alias that was not resolved to its ARN).
 */
export function applyTarget(snippet: Pick<Snippet, 'id' | 'appliesTo'>, plan?: Pick<ExportPlan, 'bucketRegion' | 'region'>): ApplyTarget | undefined {
	const {resource, account} = snippet.appliesTo;
	if (isAdminSnippet(snippet.id)) return undefined;
	if (snippet.id === 'caller-identity-policy' || snippet.id === 'checker-policy') {
		const shape = principalShape(resource);
		if (shape.kind === 'other') return undefined;
		const target: ApplyTarget = {kind: shape.kind, name: shape.name, account: shape.account};
		return snippet.id === 'checker-policy' ? {...target, policyName: CHECKER_POLICY_NAME} : target;
	}
	if (snippet.id === 'bucket-policy') {
		const bucket = parseS3Arn(resource);
		// No account: the owner is not known, and applying could reach only the caller's own.
		if (!bucket || bucket.key !== undefined || !account) return undefined;
		const region = plan?.bucketRegion ?? plan?.region;
		return region ? {kind: 'bucket', name: bucket.bucket, account, region} : {kind: 'bucket', name: bucket.bucket, account};
	}
	const key = parseKeyArn(resource);
	return key ? {kind: 'key', arn: resource, account: key.account, region: key.region} : undefined;
}

/** Why applyTarget gave nothing, in words for the person who pressed Apply. */
export function notApplicableReason(snippet: Pick<Snippet, 'id' | 'appliesTo'>): string {
	if (snippet.id === 'caller-identity-policy' || snippet.id === 'checker-policy') {
		return `${snippet.appliesTo.resource} is not a role or user, so it cannot hold this policy: attach it to the role or user that runs the export.`;
	}
	if (snippet.id === 'bucket-policy' && !snippet.appliesTo.account) {
		return 'The account that owns the bucket is not known: set the bucket owner (S3BucketOwner) on the checks screen first, then apply it with a profile of that account.';
	}
	if (snippet.id === 'bucket-policy') return `"${snippet.appliesTo.resource}" is not a bucket ARN.`;
	if (snippet.id === 'scp-exemption') return `Only the organisation's management account (${snippet.appliesTo.account}) can change an SCP: save the file and hand it, with the command, to its administrator.`;
	if (snippet.id === 'permissions-boundary') return 'A permissions boundary is changed by an IAM administrator (a new policy version): save the file and hand it, with the command, to them.';
	return `The key "${snippet.appliesTo.resource}" is not known by its key ARN; save the file and use the command, which looks the key up first.`;
}

/** Snippet ids named by the checks' fixes, failed checks first. */
function idsNamedBy(results: CheckResult[], statuses: CheckResult['status'][]): Set<SnippetId> {
	return new Set(results.filter((r) => statuses.includes(r.status) && r.fix?.snippet).map((r) => r.fix!.snippet!));
}

/**
 * By default only the snippets that fix a failed check. When no failed check names one
 * (checks that could not tell), those named by any unfinished check; failing that, all.
 */
export function snippetsToOffer(snippets: Snippet[], results: CheckResult[], showAll: boolean): Snippet[] {
	if (showAll) return snippets;
	for (const statuses of [['failed'], ['unknown', 'warning']] as CheckResult['status'][][]) {
		const ids = idsNamedBy(results, statuses);
		const offered = snippets.filter((s) => ids.has(s.id));
		if (offered.length > 0) return offered;
	}
	return snippets;
}

/**
 * Every snippet that can be shown for the plan: the ones it needs plus any a check named.
 * Not the caller's identity policy when the permissions check failed for another reason
 * (a boundary, an SCP, a Deny): the simulator would call it sufficient, and it is not.
 */
export function allSnippetIds(plan: ExportPlan, callerAccount: string, results: CheckResult[]): SnippetId[] {
	const named = idsNamedBy(results, ['failed', 'unknown', 'warning', 'passed']);
	const relevant = new Set(relevantSnippetIds(plan, callerAccount));
	const permissions = results.find((r) => r.id === 'permissions');
	if (permissions?.status === 'failed' && permissions.fix?.snippet !== 'caller-identity-policy') relevant.delete('caller-identity-policy');
	return SNIPPET_ORDER.filter((id) => relevant.has(id) || named.has(id));
}

/**
 * The snippets of the policies screen: `all` that can be shown, and the `shown` ones
 * (snippetsToOffer). The shown ones are built again from their own ids: key snippets sharing
 * one key policy carry each other's statements only when both are offered.
 */
export function offeredSnippets(input: Omit<SnippetInput, 'only'>, results: CheckResult[], showAll: boolean): {all: Snippet[]; shown: Snippet[]} {
	const all = buildSnippets({...input, only: allSnippetIds(input.plan, input.callerAccount, results)});
	if (showAll) return {all, shown: all};
	const ids = snippetsToOffer(all, results, false).map((s) => s.id);
	return {all, shown: buildSnippets({...input, only: ids})};
}

/** An assumed-role session is granted through its role: the role ARN without its path. */
function policyArnOf(identityArn: string): string {
	const principal = describePrincipal(identityArn);
	return principal.kind === 'assumed-role' && principal.roleArn ? principal.roleArn : identityArn;
}

/**
 * What buildSnippets needs, from the last check report (or the identity loaded while
 * asking). Undefined when the caller is not known, since every snippet names it.
 */
export function snippetInputFrom(plan: ExportPlan, report: CheckReport | undefined, identity?: CallerIdentity): Omit<SnippetInput, 'only'> | undefined {
	const who = report?.identity ?? identity;
	const callerArn = report?.callerPolicyArn ?? (who ? policyArnOf(who.arn) : undefined);
	if (!callerArn || !who) return undefined;
	const input: Omit<SnippetInput, 'only'> = {plan, callerArn, callerAccount: who.account, existing: {}};
	const table = report?.table;
	if (table?.encryption.type === 'KMS' && table.encryption.kmsKeyArn && !table.awsManagedKey) input.tableKmsKeyArn = table.encryption.kmsKeyArn;
	if (plan.sse === 'KMS' && report?.key?.arn) input.kmsKeyArn = report.key.arn;
	if (report && report.bucketPolicy !== undefined) input.existing!.bucketPolicy = report.bucketPolicy;
	if (report && report.keyPolicy !== undefined) input.existing!.keyPolicy = report.keyPolicy;
	if (report?.boundary) input.boundary = report.boundary;
	if (report?.scpDenies?.length) input.scpDenies = report.scpDenies;
	if (report?.bucketRepairs?.length) input.bucketRepairs = report.bucketRepairs;
	if (report?.bucketOwnerUnknown && !plan.bucketOwner) input.bucketOwnerUnknown = true;
	return input;
}

export function basisOf(input: Pick<SnippetInput, 'existing' | 'boundary' | 'scpDenies'>, id: SnippetId): SnippetBasis {
	const field = existingFieldOf(id);
	if (!field) return (id === 'scp-exemption' ? input.scpDenies?.length : input.boundary?.document !== undefined) ? 'merged' : 'unread';
	const text = input.existing?.[field];
	if (text === undefined) return 'unread';
	return text === null ? 'new' : 'merged';
}

/**
 * The snippet rebuilt over the policy in place right now (read again just before an
 * apply, maybe with another profile), so what is confirmed is exactly what is written.
 * `ids` is the set the snippet was built in (key snippets share one key policy).
 */
export function rebuildOverCurrent(input: Omit<SnippetInput, 'only'>, ids: SnippetId[], id: SnippetId, current: string | null): {snippet: Snippet; basis: SnippetBasis} | undefined {
	const field = existingFieldOf(id);
	const fresh: SnippetInput = {...input, existing: field ? {...input.existing, [field]: current} : input.existing, only: ids};
	const snippet = buildSnippets(fresh).find((s) => s.id === id);
	return snippet ? {snippet, basis: basisOf(fresh, id)} : undefined;
}

/** The policy in place at `target` (null: there is none). Rejects with AwsCallError. */
export function readTargetPolicy(session: AwsSession, target: ApplyTarget, plan: Pick<ExportPlan, 'region' | 'bucketOwner'>, options?: CallOptions): Promise<string | null> {
	if (target.kind === 'bucket') return session.bucketPolicy(target.name, target.region ?? plan.region, plan.bucketOwner, options);
	if (target.kind === 'key') return session.keyPolicy(target.arn, target.region, options);
	return session.getInlinePolicy({type: target.kind, name: target.name}, target.policyName ?? INLINE_POLICY_NAME, options);
}

/**
 * The caller's inline policy in place (null: there is none), read so that its snippet is
 * merged into it rather than holding only the new statements. Undefined when it cannot be
 * read: the caller is not a role or user, or AWS refused (no iam:GetRolePolicy). An abort
 * is not an answer and rejects.
 */
export async function readCallerInlinePolicy(session: AwsSession, input: Pick<SnippetInput, 'plan' | 'callerArn' | 'callerAccount'>, options?: CallOptions): Promise<string | null | undefined> {
	// Only where the snippet goes matters here, and it goes to the caller's ARN.
	const target = applyTarget({id: 'caller-identity-policy', appliesTo: {resource: input.callerArn, account: input.callerAccount, who: ''}}, input.plan);
	if (!target) return undefined;
	try {
		return await readTargetPolicy(session, target, input.plan, options);
	} catch (error) {
		if (isAbortError(error)) throw error;
		return undefined;
	}
}

/**
 * Changes AWS: replaces the policy at `target` with `document` (a bucket policy with the
 * expected owner, so a bucket that changed hands is refused). Rejects with AwsCallError.
 */
export function writeTargetPolicy(session: AwsSession, target: ApplyTarget, plan: Pick<ExportPlan, 'region' | 'bucketOwner'>, document: string, options?: CallOptions): Promise<void> {
	if (target.kind === 'bucket') return session.putBucketPolicy(target.name, target.region ?? plan.region, document, plan.bucketOwner, options);
	if (target.kind === 'key') return session.putKeyPolicy(target.arn, target.region, document, options);
	return session.putInlinePolicy({type: target.kind, name: target.name}, target.policyName ?? INLINE_POLICY_NAME, document, options);
}

/**
 * Whether two reads of a policy are the same policy: equal text, or equal JSON (AWS may
 * hand back the same document with other spacing). null is "no policy".
 */
export function samePolicy(a: string | null, b: string | null): boolean {
	if (a === b) return true;
	if (a === null || b === null) return false;
	try {
		return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
	} catch {
		return false;
	}
}
