// A snippet as Terraform: an aws_iam_policy_document data source with one statement
// block per statement, and the resource that attaches it. When the current policy was
// read, what was in place is a document of its own, merged through
// source_policy_documents (the data block's statements override same-Sid ones there),
// so whoever manages that policy in Terraform can put their own document in its place.

import {parseKeyArn, parseS3Arn} from '../arn.js';
import {
	asList,
	commentLines,
	conditionValues,
	headerLines,
	holderOf,
	nameWords,
	scpNameOf,
	principalWords,
	snakeName,
	splitStatements,
	type RenderContext,
} from './policy-as-code.js';
import type {Snippet} from './snippets.js';
import type {PrincipalBlock, Statement} from './types.js';

/** An HCL quoted string: printable ASCII only, and `${` / `%{` escaped so nothing is a template. */
export function hclString(text: string): string {
	let out = '"';
	const chars = [...text];
	chars.forEach((c, i) => {
		const code = c.codePointAt(0)!;
		if (c === '"' || c === '\\') out += `\\${c}`;
		else if (c === '\n') out += '\\n';
		else if (c === '\r') out += '\\r';
		else if (c === '\t') out += '\\t';
		else if ((c === '$' || c === '%') && chars[i + 1] === '{') out += c + c;
		else if (code >= 0x20 && code <= 0x7e) out += c;
		else if (code > 0xffff) out += `\\U${code.toString(16).padStart(8, '0')}`;
		else out += `\\u${code.toString(16).padStart(4, '0')}`;
	});
	return `${out}"`;
}

function hclList(values: string[]): string {
	return `[${values.map(hclString).join(', ')}]`;
}

/** A block's lines: attributes aligned as terraform fmt aligns them, then nested blocks. */
function block(header: string, attributes: Array<[string, string]>, nested: string[][] = [], indent = ''): string[] {
	const width = Math.max(0, ...attributes.map(([name]) => name.length));
	const inner = `${indent}  `;
	const lines = [`${indent}${header} {`];
	for (const [name, value] of attributes) lines.push(`${inner}${name.padEnd(width)} = ${value}`);
	for (const child of nested) {
		if (lines.length > 1) lines.push('');
		lines.push(...child);
	}
	lines.push(`${indent}}`);
	return lines;
}

function principalBlocks(kind: 'principals' | 'not_principals', principal: PrincipalBlock | undefined, indent: string): string[][] {
	if (principal === undefined) return [];
	if (principal === '*') return [block(kind, [['type', hclString('*')], ['identifiers', hclList(['*'])]], [], indent)];
	return Object.entries(principal)
		.filter(([, ids]) => ids !== undefined)
		.map(([type, ids]) => block(kind, [['type', hclString(type)], ['identifiers', hclList(asList(ids as string | string[])!)]], [], indent));
}

function statementBlock(statement: Statement, indent: string, comment?: string): string[] {
	const attributes: Array<[string, string]> = [];
	if (statement.Sid !== undefined) attributes.push(['sid', hclString(statement.Sid)]);
	attributes.push(['effect', hclString(statement.Effect)]);
	const lists: Array<[string, string | string[] | undefined]> = [
		['actions', statement.Action],
		['not_actions', statement.NotAction],
		['resources', statement.Resource],
		['not_resources', statement.NotResource],
	];
	for (const [name, value] of lists) if (value !== undefined) attributes.push([name, hclList(asList(value)!)]);
	const inner = `${indent}  `;
	const nested = [...principalBlocks('principals', statement.Principal, inner), ...principalBlocks('not_principals', statement.NotPrincipal, inner)];
	for (const [test, keys] of Object.entries(statement.Condition ?? {})) {
		for (const [variable, value] of Object.entries(keys)) {
			nested.push(block('condition', [['test', hclString(test)], ['variable', hclString(variable)], ['values', hclList(conditionValues(value))]], [], inner));
		}
	}
	const lines = block('statement', attributes, nested, indent);
	return comment ? [`${indent}# ${comment}`, ...lines] : lines;
}

function comments(lines: string[], indent = ''): string[] {
	return commentLines(lines, '#').map((line) => indent + line);
}

/** The attaching resource (or, for the first of two key snippets, why there is none). */
function attachment(snippet: Snippet, name: string, context: RenderContext): string[] {
	const policy = `data.aws_iam_policy_document.${name}.json`;
	switch (snippet.id) {
		case 'caller-identity-policy':
		case 'checker-policy': {
			const holder = holderOf(snippet, context);
			if (holder.kind === 'managed') {
				return [
					...comments([`${principalWords(snippet.appliesTo.resource)} cannot hold an inline policy: attach this managed policy to the role or user that runs ddb-export.`]),
					...block(`resource "aws_iam_policy" "${name}"`, [['name', hclString(holder.policyName)], ['policy', policy]]),
				];
			}
			return block(`resource "aws_iam_${holder.kind}_policy" "${name}"`, [
				['name', hclString(holder.policyName)],
				[holder.kind, hclString(holder.name)],
				['policy', policy],
			]);
		}
		case 'bucket-policy':
			return block(`resource "aws_s3_bucket_policy" "${name}"`, [
				['bucket', hclString(parseS3Arn(snippet.appliesTo.resource)?.bucket ?? snippet.appliesTo.resource)],
				['policy', policy],
			]);
		case 'key-policy-caller':
		case 'key-policy-readers': {
			if (snippet.id === 'key-policy-caller' && context.siblings.includes('key-policy-readers')) {
				return comments([
					'No aws_kms_key_policy here: the key-policy-readers file attaches the key policy with this statement in it too (one key has one key policy).',
				]);
			}
			if (parseKeyArn(snippet.appliesTo.resource)) {
				return block(`resource "aws_kms_key_policy" "${name}"`, [['key_id', hclString(snippet.appliesTo.resource)], ['policy', policy]]);
			}
			// An alias the checks could not resolve: Terraform looks the key up.
			return [
				...block(`data "aws_kms_key" "${name}"`, [['key_id', hclString(snippet.appliesTo.resource)]]),
				'',
				...block(`resource "aws_kms_key_policy" "${name}"`, [['key_id', `data.aws_kms_key.${name}.arn`], ['policy', policy]]),
			];
		}
		case 'permissions-boundary':
			return [
				...comments([
					`This is the managed policy ${snippet.appliesTo.resource} that already exists: change your own definition of it, or bring it under Terraform first (terraform import aws_iam_policy.${name} ${snippet.appliesTo.resource}).`,
				]),
				...block(`resource "aws_iam_policy" "${name}"`, [['name', hclString(snippet.appliesTo.resource.replace(/^.*\//, ''))], ['policy', policy]]),
			];
		case 'scp-exemption':
			return [
				...comments([
					`This is the SCP ${snippet.appliesTo.resource} that already exists: change your own definition of it, or bring it under Terraform first (terraform import aws_organizations_policy.${name} ${snippet.appliesTo.resource.replace(/^.*\//, '')}).`,
				]),
				...block(`resource "aws_organizations_policy" "${name}"`, [
					['name', hclString(scpNameOf(snippet))],
					['type', hclString('SERVICE_CONTROL_POLICY')],
					['content', policy],
				]),
			];
	}
}

export function renderTerraform(snippet: Snippet, context: RenderContext): string {
	const name = snakeName(nameWords(snippet, context));
	const {inPlace, ours} = splitStatements(snippet);
	const lines = comments(headerLines(snippet, 'terraform'));
	const documentAttributes: Array<[string, string]> = [];
	const inPlaceName = `${name}_in_place`;
	if (inPlace.length > 0) {
		lines.push(
			...comments([
				`The current policy was read: ${inPlaceName} holds its statements as they are, and ${name} merges ddb-export's statements into it (source_policy_documents).`,
				`If this policy is already managed in Terraform, do not apply ${inPlaceName}: put your own document's .json in source_policy_documents instead.`,
			]),
			'',
			...block(
				`data "aws_iam_policy_document" "${inPlaceName}"`,
				[],
				inPlace.map((s) => statementBlock(s, '  ')),
			),
		);
		documentAttributes.push(['source_policy_documents', `[data.aws_iam_policy_document.${inPlaceName}.json]`]);
	}
	if (snippet.document.Version !== undefined) documentAttributes.push(['version', hclString(snippet.document.Version)]);
	if (snippet.document.Id !== undefined) documentAttributes.push(['policy_id', hclString(snippet.document.Id)]);
	const mark = inPlace.length > 0 ? 'added by ddb-export' : undefined;
	lines.push('', ...block(`data "aws_iam_policy_document" "${name}"`, documentAttributes, ours.map((s) => statementBlock(s, '  ', mark))));
	lines.push('', ...attachment(snippet, name, context));
	return `${lines.join('\n')}\n`;
}
