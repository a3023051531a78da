// A snippet as CDK TypeScript: a function that adds ddb-export's statements
// (new iam.PolicyStatement per statement) to the construct that holds the policy:
// role.addToPrincipalPolicy, bucket.addToResourcePolicy, key.addToResourcePolicy. The
// statements already in place are the app's own and stay where the app defines them.
// An SCP has no such method: its whole content is a CfnPolicy.

import {parseKeyArn, parseS3Arn} from '../arn.js';
import {asList, asciiQuoted, commentLines, headerLines, holderOf, nameWords, scpNameOf, pascalName, splitStatements, type RenderContext} from './policy-as-code.js';
import type {Snippet} from './snippets.js';
import type {PrincipalBlock, Statement} from './types.js';

function tsList(values: string[]): string {
	return `[${values.map(asciiQuoted).join(', ')}]`;
}

/** A JSON value as a TypeScript literal, printable ASCII only. */
function tsValue(value: unknown, indent: string): string {
	if (typeof value === 'string') return asciiQuoted(value);
	if (Array.isArray(value)) return `[${value.map((v) => tsValue(v, indent)).join(', ')}]`;
	if (value && typeof value === 'object') {
		const inner = `${indent}\t`;
		const entries = Object.entries(value).map(([k, v]) => `${inner}${asciiQuoted(k)}: ${tsValue(v, inner)},`);
		return entries.length ? `{\n${entries.join('\n')}\n${indent}}` : '{}';
	}
	return JSON.stringify(value);
}

function principals(block: PrincipalBlock | undefined): string[] | undefined {
	if (block === undefined) return undefined;
	if (block === '*') return ['new iam.StarPrincipal()'];
	const out: string[] = [];
	for (const id of asList(block.AWS) ?? []) {
		if (id === '*') out.push('new iam.AnyPrincipal()');
		else if (/^\d{12}$/.test(id)) out.push(`new iam.AccountPrincipal(${asciiQuoted(id)})`);
		else out.push(`new iam.ArnPrincipal(${asciiQuoted(id)})`);
	}
	for (const id of asList(block.Service) ?? []) out.push(`new iam.ServicePrincipal(${asciiQuoted(id)})`);
	for (const id of asList(block.Federated) ?? []) out.push(`new iam.FederatedPrincipal(${asciiQuoted(id)})`);
	for (const id of asList(block.CanonicalUser) ?? []) out.push(`new iam.CanonicalUserPrincipal(${asciiQuoted(id)})`);
	return out;
}

function statementLiteral(statement: Statement, indent: string): string {
	const inner = `${indent}\t`;
	const props: string[] = [];
	if (statement.Sid !== undefined) props.push(`sid: ${asciiQuoted(statement.Sid)}`);
	props.push(`effect: iam.Effect.${statement.Effect === 'Deny' ? 'DENY' : 'ALLOW'}`);
	const lists: Array<[string, string | string[] | undefined]> = [
		['actions', statement.Action],
		['notActions', statement.NotAction],
		['resources', statement.Resource],
		['notResources', statement.NotResource],
	];
	for (const [name, value] of lists) if (value !== undefined) props.push(`${name}: ${tsList(asList(value)!)}`);
	const p = principals(statement.Principal);
	if (p) props.push(`principals: [${p.join(', ')}]`);
	const np = principals(statement.NotPrincipal);
	if (np) props.push(`notPrincipals: [${np.join(', ')}]`);
	if (statement.Condition) props.push(`conditions: ${tsValue(statement.Condition, inner)}`);
	return `new iam.PolicyStatement({\n${props.map((line) => `${inner}${line},`).join('\n')}\n${indent}})`;
}

interface Target {
	/** The parameter, e.g. `role: iam.IRole`. */
	parameter: string;
	/** The call that adds one statement, e.g. `role.addToPrincipalPolicy`. */
	add: string;
	imports: string[];
	comment?: string;
}

function targetOf(snippet: Snippet, context: RenderContext): Target {
	const iam = "import * as iam from 'aws-cdk-lib/aws-iam';";
	switch (snippet.id) {
		case 'caller-identity-policy':
		case 'checker-policy': {
			const holder = holderOf(snippet, context);
			if (holder.kind === 'role') return {parameter: 'role: iam.IRole', add: 'role.addToPrincipalPolicy', imports: [iam], comment: `role: the construct of role ${holder.name} (e.g. iam.Role.fromRoleName(this, 'Exporter', ${asciiQuoted(holder.name)})).`};
			if (holder.kind === 'user') return {parameter: 'user: iam.IUser', add: 'user.addToPrincipalPolicy', imports: [iam], comment: `user: the construct of user ${holder.name}.`};
			return {parameter: 'principal: iam.IPrincipal', add: 'principal.addToPrincipalPolicy', imports: [iam], comment: 'principal: the role or user that runs ddb-export.'};
		}
		case 'bucket-policy': {
			const bucket = parseS3Arn(snippet.appliesTo.resource)?.bucket ?? snippet.appliesTo.resource;
			return {
				parameter: 'bucket: s3.IBucket',
				add: 'bucket.addToResourcePolicy',
				imports: [iam, "import type * as s3 from 'aws-cdk-lib/aws-s3';"],
				comment: `bucket: the construct of bucket ${bucket} (a bucket imported with fromBucketName has no policy to add to: add them where the bucket is defined).`,
			};
		}
		case 'key-policy-caller':
		case 'key-policy-readers': {
			const key = parseKeyArn(snippet.appliesTo.resource)?.keyId ?? snippet.appliesTo.resource;
			return {
				parameter: 'key: kms.IKey',
				add: 'key.addToResourcePolicy',
				imports: [iam, "import type * as kms from 'aws-cdk-lib/aws-kms';"],
				comment: `key: the construct that defines key ${key} (an imported key ignores addToResourcePolicy: add them where the key is defined).`,
			};
		}
		case 'permissions-boundary':
			return {
				parameter: 'boundary: iam.ManagedPolicy',
				add: 'boundary.addStatements',
				imports: [iam],
				comment: `boundary: the construct of the managed policy ${snippet.appliesTo.resource}.`,
			};
		case 'scp-exemption':
			return {parameter: '', add: '', imports: []};
	}
}

function commentBlock(lines: string[]): string[] {
	return commentLines(lines, '//');
}

export function renderCdk(snippet: Snippet, context: RenderContext): string {
	const name = pascalName(nameWords(snippet, context));
	const lines = commentBlock(headerLines(snippet, 'cdk'));
	if (snippet.id === 'scp-exemption') {
		lines.push(
			...commentBlock([`An SCP has no L2 construct: this is the whole content of ${snippet.appliesTo.resource}, with the exemption. Change the CfnPolicy that defines it.`]),
			"import * as organizations from 'aws-cdk-lib/aws-organizations';",
			"import type {Construct} from 'constructs';",
			'',
			`export function define${name}(scope: Construct): organizations.CfnPolicy {`,
			`\treturn new organizations.CfnPolicy(scope, ${asciiQuoted(name)}, {`,
			`\t\tname: ${asciiQuoted(scpNameOf(snippet))},`,
			"\t\ttype: 'SERVICE_CONTROL_POLICY',",
			`\t\tcontent: ${tsValue(snippet.document, '\t\t')},`,
			'\t});',
			'}',
		);
		return `${lines.join('\n')}\n`;
	}
	const target = targetOf(snippet, context);
	const {inPlace, ours} = splitStatements(snippet);
	if (inPlace.length > 0) lines.push(...commentBlock([`The current policy was read: its other ${inPlace.length} statement(s) stay as the app defines them; these are the ones ddb-export adds.`]));
	if (target.comment) lines.push(...commentBlock([target.comment]));
	lines.push(...target.imports, '', `export function add${name}(${target.parameter}): void {`);
	for (const statement of ours) lines.push(`\t${target.add}(${statementLiteral(statement, '\t')});`);
	lines.push('}');
	return `${lines.join('\n')}\n`;
}
