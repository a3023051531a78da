// Policies only an administrator can change, for when they are the cause: the caller's
// permissions boundary (a managed policy in the caller's account, changed by a new default
// version) and a service control policy (changed from the organisation's management
// account). The caller cannot apply these; the files and commands are for whoever can.

import {accountOf, parseArn} from '../arn.js';
import type {Snippet} from './snippets.js';
import {diffPolicies} from './merge.js';
import {parsePolicy} from './parse-policy.js';
import type {PolicyDocument, Statement} from './types.js';

/** The boundary that refuses part of the export, as the permissions check read it. */
export interface BoundaryInput {
	arn?: string;
	document?: string;
	denied: Array<{action: string; resource: string}>;
}

/** An SCP that denies part of the export, as the organisation check read it. */
export interface ScpInput {
	policy: {id: string; arn: string; name: string; content: string; attachedTo?: Array<{id: string; type: string}>};
	/** Indexes of the statements that deny. */
	statements: number[];
	actions: string[];
}

const BOUNDARY_SID = 'DdbExportThroughBoundary';

/** The organisation's management account, as every organisation policy ARN names it. */
export function managementAccountOf(policyArn: string): string | undefined {
	return parseArn(policyArn)?.service === 'organizations' ? accountOf(policyArn) : undefined;
}

/** "account 111111111111", "OU ou-ab12-cdef3456", "the organisation root r-ab12": where an administrator finds it. */
export function attachmentWords(targets: Array<{id: string; type: string}> | undefined): string | undefined {
	if (!targets?.length) return undefined;
	return targets.map((t) => (t.type === 'ACCOUNT' ? `account ${t.id}` : t.type === 'ROOT' ? `the organisation root ${t.id}` : `OU ${t.id}`)).join(' and ');
}

function accountOfIamArn(arn: string | undefined): string | undefined {
	return arn && parseArn(arn)?.service === 'iam' ? accountOf(arn) : undefined;
}

function parsed(text: string | undefined): PolicyDocument | undefined {
	if (text === undefined) return undefined;
	const result = parsePolicy(text);
	return result.ok ? result.document : undefined;
}

/** The statement a boundary needs so that it no longer refuses what the export needs. */
export function boundaryStatement(boundary: BoundaryInput): Statement {
	const actions = [...new Set(boundary.denied.map((d) => d.action))];
	const resources = [...new Set(boundary.denied.map((d) => d.resource))];
	return {
		Sid: BOUNDARY_SID,
		Effect: 'Allow',
		Action: actions.length === 1 ? actions[0]! : actions,
		Resource: resources.length === 1 ? resources[0]! : resources,
	};
}

export function boundarySnippet(boundary: BoundaryInput, callerArn: string, callerAccount: string): Snippet {
	const ours = boundaryStatement(boundary);
	const current = parsed(boundary.document);
	const account = accountOfIamArn(boundary.arn) ?? callerAccount;
	const fileName = 'permissions-boundary.json';
	const notes: string[] = [];
	let document: PolicyDocument;
	if (current) {
		const kept = current.Statement.filter((s) => s.Sid !== BOUNDARY_SID);
		document = {...current, Statement: [...kept, ours]};
		if (current.Statement.some((s) => s.Effect === 'Deny')) {
			notes.push('The boundary also has Deny statements: an Allow cannot override them; if one of them names these actions, it must be narrowed instead.');
		}
	} else {
		document = {Version: '2012-10-17', Statement: [ours]};
		notes.push('The boundary policy was not read, so this file holds only the new statement: add it to the boundary policy\'s current document, then create the new version.');
	}
	notes.push('A managed policy keeps at most 5 versions: delete an old one first if it has 5 (aws iam list-policy-versions).');
	const name = boundary.arn?.replace(/^.*\//, '') ?? 'the permissions boundary';
	const snippet: Snippet = {
		id: 'permissions-boundary',
		title: `Permissions boundary ${name}: allow the export`,
		appliesTo: {
			account,
			resource: boundary.arn ?? `permissions boundary of ${callerArn}`,
			who: `an IAM administrator of account ${account} (owner of the boundary policy)`,
		},
		document,
		statements: [ours],
		applyCommand: boundary.arn
			? `aws iam create-policy-version --policy-arn ${boundary.arn} --policy-document file://${fileName} --set-as-default`
			: `# find the boundary: aws iam get-role --role-name ROLE --query Role.PermissionsBoundary; then aws iam create-policy-version --policy-arn ARN --policy-document file://${fileName} --set-as-default`,
		fileName,
		notes,
	};
	if (current) snippet.diff = diffPolicies(current, document);
	return snippet;
}

function asList(value: unknown): string[] {
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * The denying statement with an exemption for one principal: `ArnNotLike aws:PrincipalArn`
 * (values of a negated operator are all excluded, so an existing list just grows).
 */
export function exemptStatement(statement: Statement, principalArn: string): Statement {
	const condition = {...(statement.Condition ?? {})};
	const operator = Object.keys(condition).find((op) => op.toLowerCase() === 'arnnotlike') ?? 'ArnNotLike';
	const block = {...(condition[operator] ?? {})};
	const key = Object.keys(block).find((k) => k.toLowerCase() === 'aws:principalarn') ?? 'aws:PrincipalArn';
	const values = asList(block[key]);
	if (!values.includes(principalArn)) values.push(principalArn);
	block[key] = values.length === 1 ? values[0]! : values;
	condition[operator] = block;
	return {...statement, Condition: condition};
}

export function scpSnippet(scps: ScpInput[], callerArn: string): Snippet | undefined {
	const first = scps[0];
	if (!first) return undefined;
	const {policy} = first;
	const current = parsed(policy.content);
	const management = managementAccountOf(policy.arn);
	const fileName = `scp-${policy.id}.json`;
	const notes: string[] = [];
	const where = attachmentWords(policy.attachedTo);
	if (where) notes.push(`${policy.name} is attached to ${where}; the change applies everywhere it is attached.`);
	notes.push(`The exemption lets ${callerArn} do what ${policy.name} otherwise denies (${first.actions.join(', ')}); a narrower exemption (a tag, a path) may suit the organisation better.`);
	for (const other of scps.slice(1)) notes.push(`SCP ${other.policy.name} (${other.policy.id}) also denies ${other.actions.join(', ')}: it needs the same exemption.`);
	const base = {
		id: 'scp-exemption' as const,
		title: `SCP ${policy.name}: exempt ${callerArn.replace(/^.*\//, '')}`,
		appliesTo: {
			account: management ?? '(management account)',
			resource: policy.arn,
			who: `an administrator of the organisation's management account${management ? ` ${management}` : ''}`,
		},
		applyCommand: `aws organizations update-policy --policy-id ${policy.id} --content file://${fileName}`,
		fileName,
	};
	if (!current) {
		return {...base, document: {Version: '2012-10-17', Statement: []}, statements: [], notes: [`The content of ${policy.name} could not be parsed, so no exemption could be written into it.`, ...notes]};
	}
	const changed = current.Statement.map((s, i) => (first.statements.includes(i) ? exemptStatement(s, callerArn) : s));
	const document: PolicyDocument = {...current, Statement: changed};
	return {...base, document, statements: first.statements.map((i) => changed[i]!), diff: diffPolicies(current, document), notes};
}
