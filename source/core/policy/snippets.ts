// Policy snippets a person can hand to whoever administers the account, bucket or key:
// the full document to apply (merged into the current one when it was read), our
// statements alone, a diff, the `aws` command that applies it and the file name it expects.

import {describePrincipal, parseKeyArn, partitionOf, s3Arn} from '../arn.js';
import type {ExportPlan} from '../plan.js';
import {
	bucketPolicyStatement,
	callerIdentityStatements,
	exportKeyArn,
	keyPolicyCallerStatement,
	keyPolicyReaderStatement,
	type PolicyInput,
} from './export-statements.js';
import {boundarySnippet, scpSnippet, type BoundaryInput, type ScpInput} from './admin-snippets.js';
import {CHECKER_POLICY_NAME, checkerStatements} from './checker-statements.js';
import {diffPolicies, mergePolicy} from './merge.js';
import {applyRepairs, type StatementRepair} from './statement-repair.js';
import {parsePolicy} from './parse-policy.js';
import type {PolicyDocument, Statement} from './types.js';

export type SnippetId = 'caller-identity-policy' | 'checker-policy' | 'bucket-policy' | 'key-policy-caller' | 'key-policy-readers' | 'permissions-boundary' | 'scp-exemption';

export interface Snippet {
	id: SnippetId;
	title: string;
	appliesTo: {
		account: string;
		/** Role/user ARN, bucket ARN or key ARN. */
		resource: string;
		/** Plain words: "an administrator of account 222222222222 (bucket owner)". */
		who: string;
	};
	/** The full document to apply: merged into the current one when it was read, else new. */
	document: PolicyDocument;
	/** Our statements alone. */
	statements: Statement[];
	/** Change from the current document, when the current document is known. */
	diff?: string;
	applyCommand: string;
	fileName: string;
	/** What the person applying it must know first (current policy unread, alias not resolved ...). */
	notes: string[];
}

export interface SnippetInput extends PolicyInput {
	existing?: {
		/** Current policy text; null when it is known that there is none; absent when not read. */
		bucketPolicy?: string | null;
		keyPolicy?: string | null;
		/** The caller's current inline policy named ddb-export. */
		inlinePolicy?: string | null;
		/** The caller's current inline policy named ddb-export-checker. */
		checkerPolicy?: string | null;
	};
	/** The caller's permissions boundary, when it refuses part of the export. */
	boundary?: BoundaryInput;
	/** SCPs that deny part of the export. */
	scpDenies?: ScpInput[];
	/** Statements of the current bucket policy to narrow (see statement-repair.ts). */
	bucketRepairs?: StatementRepair[];
	/** The plan names no bucket owner, and the bucket is another account's: whose is not known. */
	bucketOwnerUnknown?: boolean;
	/** Build exactly these (in the canonical order) instead of the ones the plan needs. */
	only?: SnippetId[];
}

/** The order snippets are built and shown in. */
export const SNIPPET_ORDER: readonly SnippetId[] = ['caller-identity-policy', 'checker-policy', 'bucket-policy', 'key-policy-caller', 'key-policy-readers', 'permissions-boundary', 'scp-exemption'];

export const INLINE_POLICY_NAME = 'ddb-export';

/** "account 222222222222", or "the account that owns BUCKET (not known yet)" for a bucket whose owner is not known. */
export function accountLabel(snippet: Pick<Snippet, 'appliesTo'>): string {
	if (snippet.appliesTo.account) return `account ${snippet.appliesTo.account}`;
	return 'account not known yet';
}

/** Which snippets a plan needs when nothing is known to be broken. */
export function relevantSnippetIds(plan: ExportPlan, callerAccount: string, bucketOwnerUnknown = false): SnippetId[] {
	const crossAccount = bucketOwnerUnknown || (plan.bucketOwner !== undefined && plan.bucketOwner !== callerAccount);
	const kms = plan.sse === 'KMS';
	return SNIPPET_ORDER.filter((id) => {
		if (id === 'bucket-policy') return crossAccount;
		if (id === 'key-policy-caller') return kms;
		if (id === 'key-policy-readers') return kms && crossAccount;
		// Only when a check found them to be the cause (see allSnippetIds).
		if (id === 'permissions-boundary' || id === 'scp-exemption') return false;
		// Offered when a check could not answer for want of a read (see callErrorVerdict).
		if (id === 'checker-policy') return false;
		return true;
	});
}

interface Current {
	/** The current document; null = known to have none. Undefined = not known. */
	document?: PolicyDocument | null;
	note?: string;
}

function currentPolicy(text: string | null | undefined, what: string, replaces: string): Current {
	if (text === null) return {document: null};
	if (text === undefined) {
		return {note: `The current ${what} was not read, so this file holds only the new statements. ${replaces} Add them to the current ${what} instead of applying this file as it is.`};
	}
	const parsed = parsePolicy(text);
	if (!parsed.ok) {
		return {note: `The current ${what} could not be parsed (${parsed.message}), so this file holds only the new statements. ${replaces} Add them by hand.`};
	}
	return {document: parsed.document};
}

/** The snippet with its diff, when the current document was known. */
function withDiff(snippet: Snippet, diff: string | undefined): Snippet {
	if (diff !== undefined) snippet.diff = diff;
	return snippet;
}

function merged(current: Current, ours: Statement[]): {document: PolicyDocument; diff?: string} {
	const result = mergePolicy(current.document ?? null, ours);
	if (current.document === undefined) return {document: result.document};
	return {document: result.document, diff: diffPolicies(current.document, result.document)};
}

type PrincipalShape =
	| {kind: 'role'; name: string; account: string; identityCenter: boolean}
	| {kind: 'user'; name: string; account: string}
	| {kind: 'other'; account?: string};

/** The role or user that can hold the caller's inline policy (a session stands for its role). */
export function principalShape(arn: string): PrincipalShape {
	const p = describePrincipal(arn);
	if (!arn.startsWith('arn:')) return {kind: 'other'};
	if (p.kind === 'role' || p.kind === 'assumed-role') {
		const identityCenter = (p.path ?? '').startsWith('/aws-reserved/sso.amazonaws.com/') || p.name!.startsWith('AWSReservedSSO_');
		return {kind: 'role', name: p.name!, account: p.account!, identityCenter};
	}
	if (p.kind === 'user') return {kind: 'user', name: p.name!, account: p.account!};
	return {kind: 'other', account: p.account};
}

function callerSnippet(input: SnippetInput): Snippet {
	const statements = callerIdentityStatements(input);
	const shape = principalShape(input.callerArn);
	const fileName = 'caller-policy.json';
	const notes: string[] = input.batch?.patternNote ? [input.batch.patternNote] : [];
	const current = currentPolicy(input.existing?.inlinePolicy, `inline policy "${INLINE_POLICY_NAME}"`, 'Applying it would replace that inline policy.');
	if (current.note) notes.push(current.note);

	let applyCommand: string;
	let title: string;
	let owner: string;
	if (shape.kind === 'role') {
		applyCommand = `aws iam put-role-policy --role-name ${shape.name} --policy-name ${INLINE_POLICY_NAME} --policy-document file://${fileName}`;
		title = `IAM policy for role ${shape.name}`;
		owner = `where role ${shape.name} lives`;
		if (shape.identityCenter) {
			notes.push('This role is managed by IAM Identity Center: put these statements in the permission set\'s inline policy instead; changes made to the role directly are undone.');
		}
	} else if (shape.kind === 'user') {
		applyCommand = `aws iam put-user-policy --user-name ${shape.name} --policy-name ${INLINE_POLICY_NAME} --policy-document file://${fileName}`;
		title = `IAM policy for user ${shape.name}`;
		owner = `where user ${shape.name} lives`;
	} else {
		applyCommand = `# ${input.callerArn} cannot hold an inline policy: attach ${fileName} to the role or user that runs the export`;
		title = 'IAM policy for the exporting identity';
		owner = 'the exporting identity\'s account';
	}
	if (input.plan.sse === 'KMS' && !exportKeyArn(input)) {
		notes.push(`The export key "${input.plan.kmsKeyId ?? '(not chosen)'}" is not resolved to a key ARN, so no KMS statement is included: IAM grants use of a key by its key ARN, not by its alias. Add kms:GenerateDataKey and kms:Decrypt on the key ARN.`);
	}
	const account = shape.account ?? input.callerAccount;
	const {document, diff} = merged(current, statements);
	return withDiff({id: 'caller-identity-policy', title, appliesTo: {account, resource: input.callerArn, who: `an IAM administrator of account ${account} (${owner})`}, document, statements, applyCommand, fileName, notes}, diff);
}

/** The read-only checker policy: its own inline policy, so it is seen (and removed) apart from the export's. */
function checkerSnippet(input: SnippetInput): Snippet {
	const statements = checkerStatements(input);
	const shape = principalShape(input.callerArn);
	const fileName = 'checker-policy.json';
	const notes = ['Read-only: it lets the checks, the lists and the policy validation answer; it grants nothing that changes AWS. The export itself needs the caller policy.'];
	const current = currentPolicy(input.existing?.checkerPolicy, `inline policy "${CHECKER_POLICY_NAME}"`, 'Applying it would replace that inline policy.');
	if (current.note) notes.push(current.note);
	const account = shape.account ?? input.callerAccount;
	let applyCommand: string;
	let holder: string;
	if (shape.kind === 'role' || shape.kind === 'user') {
		applyCommand = `aws iam put-${shape.kind}-policy --${shape.kind}-name ${shape.name} --policy-name ${CHECKER_POLICY_NAME} --policy-document file://${fileName}`;
		holder = `${shape.kind} ${shape.name}`;
	} else {
		applyCommand = `# ${input.callerArn} cannot hold an inline policy: attach ${fileName} to the role or user that runs ddb-export`;
		holder = 'the identity that runs ddb-export';
	}
	const {document, diff} = merged(current, statements);
	const title = `Read-only checker policy for ${holder}`;
	return withDiff({id: 'checker-policy', title, appliesTo: {account, resource: input.callerArn, who: `an IAM administrator of account ${account}`}, document, statements, applyCommand, fileName, notes}, diff);
}

function bucketSnippet(input: SnippetInput): Snippet {
	const {plan} = input;
	const repairs = input.bucketRepairs ?? [];
	// In the caller's own account a grant is needed only when nothing else is wrong with the policy.
	const unknown = input.bucketOwnerUnknown === true && !plan.bucketOwner;
	const grant = unknown || (plan.bucketOwner !== undefined && plan.bucketOwner !== input.callerAccount) || repairs.length === 0;
	const ours = grant ? [bucketPolicyStatement(input)] : [];
	const partition = input.partition ?? partitionOf(plan.tableArn);
	const owner = plan.bucketOwner ?? input.callerAccount;
	const fileName = 'bucket-policy.json';
	const current = currentPolicy(input.existing?.bucketPolicy, `bucket policy of ${plan.bucket}`, 'put-bucket-policy replaces the whole bucket policy.');
	const notes = [...(input.batch?.patternNote ? [input.batch.patternNote] : []), ...(current.note ? [current.note] : [])];
	let statements = ours;
	let document: PolicyDocument;
	let diff: string | undefined;
	if (repairs.length && current.document) {
		// Their statements narrowed in place, ours merged after them.
		const repaired = applyRepairs(current.document, repairs);
		statements = [...repaired.repaired, ...ours];
		document = mergePolicy(repaired.document, ours).document;
		diff = diffPolicies(current.document, document);
		notes.push(...repairs.map((r) => r.why));
	} else {
		if (repairs.length) {
			notes.push(`Not written into the file (the policy was not read): ${repairs.map((r) => `add ${JSON.stringify(r.add)} to statement ${r.sid ?? `#${r.index + 1}`}`).join('; ')}.`);
		}
		({document, diff} = merged(current, statements));
	}
	const expectedOwner = plan.bucketOwner ? ` --expected-bucket-owner ${plan.bucketOwner}` : '';
	if (unknown) {
		notes.unshift(`Which account owns ${plan.bucket} is not known: it is not yours, and S3 does not name the owner of another account's bucket. Set the bucket owner (S3BucketOwner) on the checks screen; the export must send it, and this policy goes to that account's bucket.`);
	}
	const resource = s3Arn(partition, plan.bucket);
	const snippet: Snippet = {
		id: 'bucket-policy',
		title: `Bucket policy for ${plan.bucket}`,
		appliesTo: unknown
			? {account: '', resource, who: `an administrator of the account that owns ${plan.bucket} (its id is not known yet)`}
			: {account: owner, resource, who: `an administrator of account ${owner} (bucket owner)`},
		document,
		statements,
		applyCommand: `aws s3api put-bucket-policy --bucket ${plan.bucket} --policy file://${fileName}${expectedOwner}`,
		fileName,
		notes,
	};
	if (diff !== undefined) snippet.diff = diff;
	return snippet;
}

interface KeyTarget {
	/** Key ARN, or what the plan names when it could not be resolved. */
	resource: string;
	account: string;
	/** The --key-id argument (a shell expression resolving an alias when needed). */
	keyIdArgument: string;
	region?: string;
	notes: string[];
}

function keyTarget(input: SnippetInput): KeyTarget {
	const arn = exportKeyArn(input);
	const parsed = arn ? parseKeyArn(arn) : undefined;
	if (arn && parsed) return {resource: arn, account: parsed.account, keyIdArgument: arn, region: parsed.region, notes: []};
	const named = input.plan.kmsKeyId ?? '(export key)';
	const region = input.plan.bucketRegion ?? input.plan.region;
	return {
		resource: named,
		account: input.callerAccount,
		keyIdArgument: `"$(aws kms describe-key --key-id ${named} --region ${region} --query KeyMetadata.Arn --output text)"`,
		region,
		notes: [`The key "${named}" was not resolved to a key ARN; the command looks it up first (put-key-policy takes a key id or ARN, not an alias).`],
	};
}

function keySnippets(input: SnippetInput, ids: SnippetId[]): Snippet[] {
	const target = keyTarget(input);
	const regionFlag = target.region ? ` --region ${target.region}` : '';
	const current = currentPolicy(
		input.existing?.keyPolicy,
		'key policy',
		'put-key-policy replaces the whole key policy, and a key policy without its administrator statements can lock everyone out of the key.',
	);
	const who = `an administrator of the key in account ${target.account} (key owner)`;
	const commandFor = (fileName: string) => `aws kms put-key-policy --key-id ${target.keyIdArgument} --policy-name default --policy file://${fileName}${regionFlag}`;
	const out: Snippet[] = [];
	const callerStatements = [keyPolicyCallerStatement(input)];

	if (ids.includes('key-policy-caller')) {
		const fileName = 'key-policy.json';
		const {document, diff} = merged(current, callerStatements);
		const snippet: Snippet = {
			id: 'key-policy-caller',
			title: 'Key policy: let the exporting identity use the key',
			appliesTo: {account: target.account, resource: target.resource, who},
			document,
			statements: callerStatements,
			applyCommand: commandFor(fileName),
			fileName,
			notes: [...target.notes, ...(current.note ? [current.note] : [])],
		};
		if (diff !== undefined) snippet.diff = diff;
		out.push(snippet);
	}

	if (ids.includes('key-policy-readers')) {
		const readerStatements = [keyPolicyReaderStatement(input)];
		const readerAccount = input.readerAccount ?? input.plan.bucketOwner ?? input.callerAccount;
		const fileName = 'key-policy-readers.json';
		// Both snippets change the same key policy; put-key-policy replaces it whole, so this
		// document also carries the caller statement when that snippet is part of the set.
		const includeCaller = ids.includes('key-policy-caller');
		const {document, diff} = merged(current, includeCaller ? [...callerStatements, ...readerStatements] : readerStatements);
		const notes = [...target.notes, ...(current.note ? [current.note] : [])];
		if (includeCaller) notes.push('This document also contains the statement of the previous key policy snippet: applying this one alone is enough.');
		const snippet: Snippet = {
			id: 'key-policy-readers',
			title: `Key policy: let readers in account ${readerAccount} decrypt the export`,
			appliesTo: {account: target.account, resource: target.resource, who},
			document,
			statements: readerStatements,
			applyCommand: commandFor(fileName),
			fileName,
			notes,
		};
		if (diff !== undefined) snippet.diff = diff;
		out.push(snippet);
	}
	return out;
}

export function buildSnippets(input: SnippetInput): Snippet[] {
	const wanted = input.only ?? relevantSnippetIds(input.plan, input.callerAccount, input.bucketOwnerUnknown);
	const ids = SNIPPET_ORDER.filter((id) => wanted.includes(id));
	const snippets: Snippet[] = [];
	if (ids.includes('caller-identity-policy')) snippets.push(callerSnippet(input));
	if (ids.includes('checker-policy')) snippets.push(checkerSnippet(input));
	if (ids.includes('bucket-policy')) snippets.push(bucketSnippet(input));
	if (ids.includes('key-policy-caller') || ids.includes('key-policy-readers')) snippets.push(...keySnippets(input, ids));
	if (ids.includes('permissions-boundary') && input.boundary) snippets.push(boundarySnippet(input.boundary, input.callerArn, input.callerAccount));
	if (ids.includes('scp-exemption')) {
		const scp = scpSnippet(input.scpDenies ?? [], input.callerArn);
		if (scp) snippets.push(scp);
	}
	return snippets;
}
