// A snippet as a CloudFormation template (YAML): AWS::IAM::RolePolicy / UserPolicy,
// AWS::S3::BucketPolicy, the AWS::KMS::Key whose KeyPolicy holds the statements, or the
// managed policy / SCP it changes. CloudFormation replaces a policy whole, so the
// document is the whole policy; ddb-export's statements are marked. The deploying
// account's id is written as ${AWS::AccountId} (!Sub) where it appears in an ARN.

import {parseKeyArn, parseS3Arn} from '../arn.js';
import {asciiQuoted, commentLines, commentText, headerLines, holderOf, nameWords, scpNameOf, pascalName, splitStatements, type RenderContext} from './policy-as-code.js';
import type {Snippet} from './snippets.js';
import type {PolicyDocument, Statement} from './types.js';

type Json = string | number | boolean | null | Json[] | {[key: string]: Json};

/** A YAML key: bare when it is a plain word, quoted otherwise (condition keys hold colons). */
function yamlKey(key: string): string {
	return /^[A-Za-z][A-Za-z0-9]*$/.test(key) ? key : asciiQuoted(key);
}

/** A scalar; a string naming the deploying account in an ARN becomes !Sub with ${AWS::AccountId}. */
function yamlScalar(value: string | number | boolean | null, account: string): string {
	if (typeof value !== 'string') return JSON.stringify(value);
	if (/^\d{12}$/.test(account) && !value.includes('${')) {
		if (value === account) return '!Sub "${AWS::AccountId}"';
		if (value.startsWith('arn:') && value.includes(`:${account}:`)) return `!Sub ${asciiQuoted(value.replaceAll(`:${account}:`, ':${AWS::AccountId}:'))}`;
	}
	return asciiQuoted(value);
}

function isScalar(value: Json): value is string | number | boolean | null {
	return value === null || typeof value !== 'object';
}

/** YAML lines for a value under a key or a list dash, at `indent`. Empty collections are written in flow style. */
function yamlLines(value: Json, indent: string, account: string, comments?: Array<string | undefined>): string[] {
	if (Array.isArray(value)) {
		return value.flatMap((item, i) => {
			const lines = itemLines(item, indent, account);
			const comment = comments?.[i];
			return comment ? [`${indent}# ${comment}`, ...lines] : lines;
		});
	}
	if (isScalar(value)) return [`${indent}${yamlScalar(value, account)}`];
	return Object.entries(value).flatMap(([key, child]) => entryLines(key, child, indent, account));
}

function entryLines(key: string, child: Json, indent: string, account: string): string[] {
	if (isScalar(child)) return [`${indent}${yamlKey(key)}: ${yamlScalar(child, account)}`];
	if (Array.isArray(child) ? child.length === 0 : Object.keys(child).length === 0) return [`${indent}${yamlKey(key)}: ${Array.isArray(child) ? '[]' : '{}'}`];
	return [`${indent}${yamlKey(key)}:`, ...yamlLines(child, `${indent}  `, account)];
}

function itemLines(item: Json, indent: string, account: string): string[] {
	if (isScalar(item) || (Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0)) {
		return [`${indent}- ${isScalar(item) ? yamlScalar(item, account) : Array.isArray(item) ? '[]' : '{}'}`];
	}
	const lines = yamlLines(item, `${indent}  `, account);
	// The first line moves up beside the dash.
	return [`${indent}- ${lines[0]!.slice(indent.length + 2)}`, ...lines.slice(1)];
}

/** The resource: its type, and its properties without the policy document (added last). */
function resourceOf(snippet: Snippet, context: RenderContext): {type: string; properties: Record<string, Json>; documentKey: string; comment?: string} {
	switch (snippet.id) {
		case 'caller-identity-policy':
		case 'checker-policy': {
			const holder = holderOf(snippet, context);
			if (holder.kind === 'role') return {type: 'AWS::IAM::RolePolicy', properties: {RoleName: holder.name, PolicyName: holder.policyName}, documentKey: 'PolicyDocument'};
			if (holder.kind === 'user') return {type: 'AWS::IAM::UserPolicy', properties: {UserName: holder.name, PolicyName: holder.policyName}, documentKey: 'PolicyDocument'};
			return {
				type: 'AWS::IAM::ManagedPolicy',
				properties: {ManagedPolicyName: holder.policyName},
				documentKey: 'PolicyDocument',
				comment: `${snippet.appliesTo.resource} cannot hold an inline policy: add the role or user that runs ddb-export to Roles or Users.`,
			};
		}
		case 'bucket-policy':
			return {type: 'AWS::S3::BucketPolicy', properties: {Bucket: parseS3Arn(snippet.appliesTo.resource)?.bucket ?? snippet.appliesTo.resource}, documentKey: 'PolicyDocument'};
		case 'key-policy-caller':
		case 'key-policy-readers': {
			const key = parseKeyArn(snippet.appliesTo.resource)?.keyId ?? snippet.appliesTo.resource;
			const both = snippet.id === 'key-policy-caller' && context.siblings.includes('key-policy-readers');
			return {
				type: 'AWS::KMS::Key',
				properties: {Description: `KMS key ${key}`.slice(0, 8192)},
				documentKey: 'KeyPolicy',
				comment: `A key policy is part of its AWS::KMS::Key: add the statements marked "added by ddb-export" to the KeyPolicy of the resource that defines key ${key}. Deploying this template as it is would create a new key.${both ? ' The key-policy-readers template holds this statement too.' : ''}`,
			};
		}
		case 'permissions-boundary':
			return {
				type: 'AWS::IAM::ManagedPolicy',
				properties: {ManagedPolicyName: snippet.appliesTo.resource.replace(/^.*\//, '')},
				documentKey: 'PolicyDocument',
				comment: `This is the managed policy ${snippet.appliesTo.resource} that already exists: change the template that defines it, or import it into a stack first.`,
			};
		case 'scp-exemption':
			return {
				type: 'AWS::Organizations::Policy',
				properties: {Name: scpNameOf(snippet), Type: 'SERVICE_CONTROL_POLICY'},
				documentKey: 'Content',
				comment: `This is the SCP ${snippet.appliesTo.resource} that already exists: change the template that defines it, or import it into a stack first.`,
			};
	}
}

function documentJson(document: PolicyDocument): {[key: string]: Json} {
	return JSON.parse(JSON.stringify(document)) as {[key: string]: Json};
}

export function renderCloudFormation(snippet: Snippet, context: RenderContext): string {
	const logicalId = pascalName(nameWords(snippet, context));
	const {type, properties, documentKey, comment} = resourceOf(snippet, context);
	const account = snippet.appliesTo.account;
	const {inPlace, ours} = splitStatements(snippet);
	const lines = commentLines([...headerLines(snippet, 'cloudformation'), ...(comment ? [comment] : [])], '#');
	if (inPlace.length > 0) {
		lines.push(...commentLines(["The current policy was read: this is the whole policy, its statements as they are with ddb-export's merged in (marked); CloudFormation replaces a policy whole."], '#'));
	}
	lines.push('AWSTemplateFormatVersion: "2010-09-09"', `Description: ${asciiQuoted(commentText(snippet.title).slice(0, 1024))}`, 'Resources:', `  ${logicalId}:`, `    Type: ${type}`, '    Properties:');
	for (const [key, value] of Object.entries(properties)) lines.push(...entryLines(key, value, '      ', account));
	const {Statement: statements, ...rest} = documentJson(snippet.document);
	lines.push(`      ${documentKey}:`);
	for (const [key, value] of Object.entries(rest)) lines.push(...entryLines(key, value!, '        ', account));
	const mine = new Set(ours);
	const marks = snippet.document.Statement.map((s: Statement) => (inPlace.length > 0 && mine.has(s) ? 'added by ddb-export' : undefined));
	if ((statements as Json[]).length === 0) lines.push('        Statement: []');
	else lines.push('        Statement:', ...yamlLines(statements!, '          ', account, marks));
	return `${lines.join('\n')}\n`;
}
