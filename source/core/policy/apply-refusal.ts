// What to say when AWS refuses to apply a policy with the chosen profile. Advising to
// grant that profile the right to change the policy (kms:PutKeyPolicy on the key) is the
// wrong advice, right after saying that IAM cannot grant the key: the policy belongs to
// its administrators, so the way on is their profile, or the file handed to them. A key
// policy names its administrators; they are named when it does.

import {describePrincipal} from '../arn.js';
import type {Problem} from '../wizard/state.js';
import type {ApplyTarget} from './delivery.js';
import {parsePolicy} from './parse-policy.js';
import type {PrincipalBlock, Statement} from './types.js';
import {actionMatches} from './wildcard.js';

export interface KeyAdministrators {
	/** Roles and users the key policy allows kms:PutKeyPolicy, as ARNs. */
	named: string[];
	/** Accounts whose root it trusts for kms:PutKeyPolicy: their IAM policies decide who may. */
	accounts: string[];
}

function list(value: string | string[] | undefined): string[] {
	return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function allowsPutKeyPolicy(statement: Statement): boolean {
	if (statement.Effect !== 'Allow') return false;
	if (statement.NotAction !== undefined) return !list(statement.NotAction).some((p) => actionMatches(p, 'kms:PutKeyPolicy'));
	return list(statement.Action).some((p) => actionMatches(p, 'kms:PutKeyPolicy'));
}

function awsPrincipals(block: PrincipalBlock | undefined): string[] {
	if (block === undefined) return [];
	if (block === '*') return ['*'];
	return list(block.AWS);
}

/** Who the key policy lets change it (kms:PutKeyPolicy); undefined when it does not parse. */
export function keyAdministrators(policyText: string): KeyAdministrators | undefined {
	const parsed = parsePolicy(policyText);
	if (!parsed.ok) return undefined;
	const named = new Set<string>();
	const accounts = new Set<string>();
	for (const statement of parsed.document.Statement.filter(allowsPutKeyPolicy)) {
		for (const principal of awsPrincipals(statement.Principal)) {
			const p = describePrincipal(principal);
			if (p.kind === 'root' && p.account) accounts.add(p.account);
			else if (p.kind === 'role' || p.kind === 'user') named.add(principal);
			else if (p.kind === 'assumed-role' && p.roleArn) named.add(p.roleArn);
		}
	}
	return {named: [...named], accounts: [...accounts]};
}

/** "role KeyAdmin" in the key's own account, the whole ARN elsewhere. */
function principalName(arn: string, account: string): string {
	const p = describePrincipal(arn);
	return p.account === account ? `${p.kind} ${p.name}` : arn;
}

/** Whose profile may change the policy at `target`, in words, from what is known of it. */
function whoseProfile(target: ApplyTarget, keyPolicy: string | null | undefined): string {
	if (target.kind === 'key') {
		const admins = keyPolicy ? keyAdministrators(keyPolicy) : undefined;
		if (!admins || (admins.named.length === 0 && admins.accounts.length === 0)) return `the profile of an administrator of the key in account ${target.account}`;
		const who = [
			...admins.named.map((arn) => principalName(arn, target.account)),
			...admins.accounts.map((account) => `account ${account} through its IAM policies`),
		];
		return `a key administrator's profile (per the key policy: ${who.join(', or ')})`;
	}
	if (target.kind === 'bucket') return `the profile of an administrator of account ${target.account}, which owns bucket ${target.name}`;
	return `the profile of an IAM administrator of account ${target.account}`;
}

/**
 * A refused apply (or the read before it) with `profile`, told as what to do next: apply with
 * the profile of someone who may, or hand them the saved file. Other failures keep their advice.
 */
export function refusedApplyProblem(problem: Problem, target: ApplyTarget, profile: string, keyPolicy?: string | null): Problem {
	if (!/^(AccessDenied|AccessDeniedException|Forbidden)$/.test(problem.code ?? '')) return problem;
	const noun = target.kind === 'key' ? 'key policy' : target.kind === 'bucket' ? 'bucket policy' : 'IAM policy';
	return {
		...problem,
		fix: `Profile ${profile} may not change this ${noun}. Apply it with ${whoseProfile(target, keyPolicy)}, or save this file (s) and hand it to them.`,
		command: undefined,
	};
}
