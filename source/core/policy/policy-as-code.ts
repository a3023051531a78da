// What the Terraform, CloudFormation and CDK renderings of a snippet share: the formats,
// the file each is written to, the names derived from the table, bucket and key, which
// statements are ddb-export's and which were already in place, and the header that says
// who applies it. The statements themselves always come from the snippet (one source).

import {describePrincipal, parseKeyArn, parseS3Arn, parseTableArn} from '../arn.js';
import {CHECKER_POLICY_NAME} from './checker-statements.js';
import {INLINE_POLICY_NAME, accountLabel, principalShape, type Snippet, type SnippetId} from './snippets.js';
import type {Statement} from './types.js';

export const POLICY_FORMATS = ['json', 'terraform', 'cloudformation', 'cdk'] as const;
export type PolicyFormat = (typeof POLICY_FORMATS)[number];

export function isPolicyFormat(text: string): text is PolicyFormat {
	return (POLICY_FORMATS as readonly string[]).includes(text);
}

const EXTENSIONS: Record<PolicyFormat, string> = {json: '.json', terraform: '.tf', cloudformation: '.yaml', cdk: '.ts'};
export const FORMAT_LABELS: Record<PolicyFormat, string> = {json: 'JSON', terraform: 'Terraform', cloudformation: 'CloudFormation', cdk: 'CDK'};

/** caller-policy.json → caller-policy.tf / .yaml / .ts. */
export function fileNameIn(format: PolicyFormat, jsonFileName: string): string {
	return jsonFileName.replace(/\.json$/, '') + EXTENSIONS[format];
}

/** What every renderer needs besides the snippet. */
export interface RenderContext {
	/** The export's table ARN: names are derived from the table. */
	tableArn: string;
	/** The ids of the snippets rendered together (the two key snippets share one key policy). */
	siblings: SnippetId[];
}

/** The words a snippet's names are made of: the table, and the bucket, key or policy it changes. */
export function nameWords(snippet: Pick<Snippet, 'id' | 'appliesTo' | 'title'>, context: RenderContext): string[] {
	const table = parseTableArn(context.tableArn)?.table ?? 'table';
	switch (snippet.id) {
		case 'caller-identity-policy':
			return [table, 'export', 'caller'];
		case 'checker-policy':
			return [table, 'export', 'checker'];
		case 'bucket-policy':
			return [parseS3Arn(snippet.appliesTo.resource)?.bucket ?? 'bucket', table, 'export'];
		case 'key-policy-caller':
		case 'key-policy-readers': {
			const key = parseKeyArn(snippet.appliesTo.resource)?.keyId.split('-')[0] ?? snippet.appliesTo.resource.replace(/^.*[:/]/, '');
			return ['key', key, table, 'export', ...(snippet.id === 'key-policy-readers' ? ['readers'] : [])];
		}
		case 'permissions-boundary':
			return ['boundary', snippet.appliesTo.resource.replace(/^.*\//, ''), table, 'export'];
		case 'scp-exemption':
			return ['scp', snippet.appliesTo.resource.replace(/^.*\//, ''), table, 'export'];
	}
}

function parts(words: string[]): string[] {
	return words.flatMap((w) => w.split(/[^A-Za-z0-9]+/)).filter(Boolean);
}

/** A Terraform name: letters, digits and underscores, starting with a letter. */
export function snakeName(words: string[]): string {
	const name = parts(words).join('_').toLowerCase();
	return /^[a-z]/.test(name) ? name : `p_${name}`;
}

/** A CloudFormation logical id (letters and digits) or a TypeScript type-like name. */
export function pascalName(words: string[]): string {
	const name = parts(words)
		.map((p) => p[0]!.toUpperCase() + p.slice(1))
		.join('');
	return /^[A-Za-z]/.test(name) ? name : `P${name}`;
}

function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

/**
 * The document's statements split in two: those ddb-export adds (or writes in place of a
 * statement of its own or one it narrows) and those that were already in place. Together,
 * in this order, they are the document; `inPlace` is empty when nothing current was read.
 */
export function splitStatements(snippet: Pick<Snippet, 'document' | 'statements'>): {inPlace: Statement[]; ours: Statement[]} {
	const mine = new Set(snippet.statements.map(canonical));
	const inPlace: Statement[] = [];
	const ours: Statement[] = [];
	for (const statement of snippet.document.Statement) (mine.has(canonical(statement)) ? ours : inPlace).push(statement);
	return {inPlace, ours};
}

/** Where an identity policy goes: a role's or user's inline policy, or (neither) a managed policy to attach. */
export type Holder = {kind: 'role' | 'user'; name: string; policyName: string} | {kind: 'managed'; policyName: string};

export function holderOf(snippet: Pick<Snippet, 'id' | 'appliesTo'>, context: RenderContext): Holder {
	const policyName = snippet.id === 'checker-policy' ? CHECKER_POLICY_NAME : INLINE_POLICY_NAME;
	const shape = principalShape(snippet.appliesTo.resource);
	if (shape.kind === 'role' || shape.kind === 'user') return {kind: shape.kind, name: shape.name, policyName};
	const table = parseTableArn(context.tableArn)?.table ?? 'table';
	return {kind: 'managed', policyName: `${policyName}-${table}`.replace(/[^\w+=,.@-]/g, '-')};
}

/** The principal an identity policy is about, in words, for comments. */
export function principalWords(arn: string): string {
	const p = describePrincipal(arn);
	return p.name ? `${p.kind} ${p.name}` : arn;
}

/** One line of comment text: no line breaks, no control characters. */
export function commentText(text: string): string {
	return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/**
 * Comment lines behind `marker` ('#', '//'): one text each, made one line of printable
 * text, wrapped at spaces to 78 columns (an 80-column terminal shows them whole); a continuation is indented.
 */
export function commentLines(texts: string[], marker: string, width = 78): string[] {
	const out: string[] = [];
	for (const text of texts) {
		let line = '';
		for (const word of commentText(text).split(' ')) {
			const next = line ? `${line} ${word}` : word;
			if (line && marker.length + 1 + next.length > width) {
				out.push(`${marker} ${line}`);
				line = `  ${word}`;
			} else line = next;
		}
		out.push(line ? `${marker} ${line}` : marker);
	}
	return out;
}

/** The header every rendering starts with: what it is, where it goes, who applies it, the notes. */
export function headerLines(snippet: Snippet, format: PolicyFormat): string[] {
	const lines = [
		`${snippet.title} (${FORMAT_LABELS[format]}, made by ddb-export from the same statements as ${snippet.fileName})`,
		`Apply with credentials of ${accountLabel(snippet)}: ${snippet.appliesTo.who}.`,
		`Where it goes: ${snippet.appliesTo.resource}`,
		...snippet.notes.map((note) => `Note: ${note}`),
	];
	return lines.map(commentText);
}

/** Every character outside printable ASCII as \uXXXX (UTF-16 units): valid in JSON, TypeScript and YAML strings alike. */
export function asciiQuoted(text: string): string {
	return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A condition value as IaC tools write it: a string (IAM compares strings; true and "true" are the same). */
export function conditionValues(value: string | boolean | number | Array<string | boolean | number>): string[] {
	return (Array.isArray(value) ? value : [value]).map(String);
}

export function asList(value: string | string[] | undefined): string[] | undefined {
	if (value === undefined) return undefined;
	return Array.isArray(value) ? value : [value];
}

/** The name of the SCP an scp-exemption snippet changes (its title says it), as far as AWS allows one (128). */
export function scpNameOf(snippet: Pick<Snippet, 'title'>): string {
	const end = snippet.title.lastIndexOf(': exempt ');
	return commentText(snippet.title.slice(4, end < 0 ? undefined : end)).slice(0, 128);
}
