// When IAM's simulator says the permissions boundary refuses part of the export, the
// boundary policy itself is read (GetRole → its ARN, GetPolicy/GetPolicyVersion → the
// document) so that the verdict names the policy and the statement, and the fix is the
// statement an IAM administrator adds to it. Read once per run; unreadable is said so.

import {visibleControls} from '../terminal-text.js';
import {evaluatePolicy} from '../policy/evaluate.js';
import {parsePolicy} from '../policy/parse-policy.js';
import type {PolicyDocument} from '../policy/types.js';
import {actionMatches} from '../policy/wildcard.js';
import {principalShape} from '../policy/snippets.js';
import type {CheckFacts} from './check-facts.js';
import {errorLine, settle} from './check-errors.js';
import type {Caller} from './needed-access.js';

/** What the boundary refuses and, when it could be read, the policy that does it. */
export interface BoundaryFinding {
	/** The boundary policy's ARN; absent when even the role or user could not be read. */
	arn?: string;
	/** Its default version's document text, when read. */
	document?: string;
	versionId?: string;
	/** The requests the boundary refuses (from the simulator). */
	denied: Array<{action: string; resource: string}>;
	/** Plain sentences naming the statements, for the cause. */
	statements: string[];
	/** Why the policy could not be read, when it could not. */
	unreadable?: string;
}

function quoted(sid: string | undefined, index: number): string {
	return sid ? `"${visibleControls(sid)}"` : `#${index + 1}`;
}

function asList(value: string | string[] | undefined): string[] {
	return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Which statements of the boundary decide `action`, in words. */
function statementWords(document: PolicyDocument, caller: Caller, action: string, resource: string): string {
	const decision = evaluatePolicy(
		document,
		{principalArn: caller.arn, principalAccount: caller.account, principalRoleArn: caller.roleArn, action, resource, context: {}},
		{kind: 'identity'},
	);
	const denies = decision.matches.filter((m) => m.effect === 'Deny');
	if (denies.length) return `statement ${denies.map((m) => quoted(m.sid, m.index)).join(', ')} denies ${action}`;
	// Implicit: nothing allows it. Statements that leave it out on purpose are worth naming.
	const excluding = document.Statement.flatMap((s, i) => (s.Effect === 'Allow' && asList(s.NotAction).some((p) => actionMatches(p, action)) ? [quoted(s.Sid, i)] : []));
	if (excluding.length) return `no statement allows ${action}: ${excluding.join(', ')} allows everything except it (NotAction)`;
	const allows = decision.matches.filter((m) => m.effect === 'Allow');
	if (allows.length) return `statement ${allows.map((m) => quoted(m.sid, m.index)).join(', ')} allows ${action} only under conditions not met`;
	return `no statement allows ${action} on ${resource}`;
}

export function analyseBoundary(facts: CheckFacts, caller: Caller, denied: Array<{action: string; resource: string}>): Promise<BoundaryFinding> {
	return facts.once('analysis:boundary', async () => {
		const shape = caller.policyArn ? principalShape(caller.policyArn) : undefined;
		if (!shape || shape.kind === 'other') return {denied, statements: [], unreadable: 'the caller is not a role or user'};
		const arn = await settle(facts.boundaryArn({type: shape.kind, name: shape.name}));
		if (!arn.ok) return {denied, statements: [], unreadable: errorLine(arn.error)};
		if (arn.value === null) return {denied, statements: [], unreadable: `IAM reports no permissions boundary on ${shape.kind} ${shape.name}`};
		const policy = await settle(facts.managedPolicy(arn.value));
		if (!policy.ok) return {arn: arn.value, denied, statements: [], unreadable: errorLine(policy.error)};
		const parsed = parsePolicy(policy.value.document);
		if (!parsed.ok) return {arn: arn.value, document: policy.value.document, versionId: policy.value.versionId, denied, statements: [], unreadable: `its document did not parse: ${parsed.message}`};
		const statements = [...new Set(denied.map((d) => statementWords(parsed.document, caller, d.action, d.resource)))];
		return {arn: arn.value, document: policy.value.document, versionId: policy.value.versionId, denied, statements};
	});
}
