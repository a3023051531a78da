// Does a Principal block name the caller? Forms IAM accepts in resource policies:
// "*" and {"AWS": "*"} (everyone), an account id or `arn:…:iam::ACCOUNT:root` (the account:
// this delegates to the account's own IAM policies, reported as viaAccountRoot), a role ARN
// (also matches sessions of that role), a user ARN, an assumed-role session ARN. Service,
// Federated principals never match an IAM user or role. Partial wildcards are not
// supported by IAM in principals, so they match nothing.

import {describePrincipal} from '../arn.js';
import type {EvalRequest, PrincipalBlock, Tri} from './types.js';

export interface PrincipalOutcome {
	result: Tri;
	/** The only match is the caller's account (root or account id). */
	viaAccountRoot: boolean;
	undecidedKeys: string[];
}

const NO: PrincipalOutcome = {result: 'no', viaAccountRoot: false, undecidedKeys: []};

/** The strings of a policy element written as one string or a list. */
export function asList(value: string | string[] | undefined): string[] {
	// Only strings count: a malformed entry in a policy read from elsewhere matches nothing.
	const list: unknown[] = value === undefined ? [] : Array.isArray(value) ? value : [value];
	return list.filter((v): v is string => typeof v === 'string');
}

function matchAwsEntry(entry: string, request: EvalRequest): {match: boolean; viaAccountRoot: boolean} {
	if (entry === '*') return {match: true, viaAccountRoot: false};
	const named = describePrincipal(entry);
	const account = named.kind === 'root' ? named.account : undefined;
	if (account !== undefined) return {match: account === request.principalAccount, viaAccountRoot: true};
	if (entry.includes('*') || entry.includes('?')) return {match: false, viaAccountRoot: false};
	if (entry === request.principalArn || entry === request.principalRoleArn) return {match: true, viaAccountRoot: false};
	// A role ARN names every session of that role. Role names are unique within an account
	// whatever their path, and the session ARN does not carry the path, so compare names.
	const session = describePrincipal(request.principalArn);
	if (named.kind === 'role' && session.kind === 'assumed-role' && named.account === session.account && named.name === session.name) {
		return {match: true, viaAccountRoot: false};
	}
	return {match: false, viaAccountRoot: false};
}

/** Evaluates the positive form: does the block name the caller? */
export function principalMatches(block: PrincipalBlock, request: EvalRequest): PrincipalOutcome {
	if (block === '*') return {result: 'yes', viaAccountRoot: false, undecidedKeys: []};
	if (typeof block !== 'object' || block === null) return NO;
	let direct = false;
	let viaRoot = false;
	for (const entry of asList(block.AWS)) {
		const outcome = matchAwsEntry(entry, request);
		if (!outcome.match) continue;
		if (outcome.viaAccountRoot) viaRoot = true;
		else direct = true;
	}
	if (direct) return {result: 'yes', viaAccountRoot: false, undecidedKeys: []};
	if (viaRoot) return {result: 'yes', viaAccountRoot: true, undecidedKeys: []};
	// A canonical user id stands for an account (or a CloudFront identity); which one cannot
	// be told offline.
	if (asList(block.CanonicalUser).length > 0) {
		return {result: 'unknown', viaAccountRoot: false, undecidedKeys: ['Principal.CanonicalUser']};
	}
	return NO;
}
