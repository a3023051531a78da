// The sandbox's own IAM policy language: matching one policy document against one
// request. Deliberately independent of source/core (the product's evaluator): the two
// checking each other is the point of the sandbox.

import {conditionBlockMatches, wildcardMatch, type ContextValues} from './conditions.js';

export type {ContextValues} from './conditions.js';

/** Who is asking, as resource-based policies see it. */
export interface PrincipalFacts {
	/** The caller's ARN: a user ARN, or an assumed-role session ARN. */
	arn: string;
	/** For a role session: the role's IAM ARN (policies name roles, not sessions). */
	roleArn?: string;
	account: string;
}

export interface RequestFacts {
	action: string;
	resource: string;
	/** Only for resource-based policies (bucket, key, trust policies). */
	principal?: PrincipalFacts;
	context: ContextValues;
}

export interface MatchedStatement {
	sid?: string;
	index: number;
	effect: 'Allow' | 'Deny';
	/** For resource-based policies: how the statement named the caller. */
	principalMatch?: PrincipalMatch;
}

/** 'direct': the caller (or "*") is named; 'account': only the caller's account is trusted. */
export type PrincipalMatch = 'direct' | 'account';

export interface PolicyResult {
	allows: MatchedStatement[];
	denies: MatchedStatement[];
	/** Condition keys a statement asked about that the request did not carry. */
	missingContextKeys: Set<string>;
	/** False when the document is not valid JSON: it then matches nothing. */
	valid: boolean;
}

interface Statement {
	Sid?: string;
	Effect?: string;
	Action?: string | string[];
	NotAction?: string | string[];
	Resource?: string | string[];
	NotResource?: string | string[];
	Principal?: unknown;
	NotPrincipal?: unknown;
	Condition?: Record<string, Record<string, unknown>>;
}

export function parsePolicy(document: string | object): Statement[] | undefined {
	let parsed: unknown = document;
	if (typeof document === 'string') {
		try {
			parsed = JSON.parse(document);
		} catch {
			return undefined;
		}
	}
	if (!parsed || typeof parsed !== 'object') return undefined;
	const statement = (parsed as {Statement?: unknown}).Statement;
	if (Array.isArray(statement)) return statement.filter((s): s is Statement => !!s && typeof s === 'object');
	if (statement && typeof statement === 'object') return [statement as Statement];
	return undefined;
}

export function evaluatePolicy(document: string | object, facts: RequestFacts, kind: 'identity' | 'resource'): PolicyResult {
	const result: PolicyResult = {allows: [], denies: [], missingContextKeys: new Set(), valid: true};
	const statements = parsePolicy(document);
	if (!statements) {
		result.valid = false;
		return result;
	}
	statements.forEach((statement, index) => {
		const effect = statement.Effect === 'Deny' ? 'Deny' : statement.Effect === 'Allow' ? 'Allow' : undefined;
		if (!effect) return;
		if (!actionMatches(statement, facts.action)) return;
		if (!resourceMatches(statement, facts.resource)) return;
		let principalMatch: PrincipalMatch | undefined;
		if (kind === 'resource') {
			const match = principalMatches(statement, facts.principal);
			if (!match) return;
			principalMatch = match;
		}
		if (statement.Condition && !conditionBlockMatches(statement.Condition, facts.context, result.missingContextKeys)) return;
		const matched: MatchedStatement = {sid: statement.Sid, index, effect, principalMatch};
		(effect === 'Allow' ? result.allows : result.denies).push(matched);
	});
	return result;
}

function list(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

function actionMatches(statement: Statement, action: string): boolean {
	if (statement.Action !== undefined) return list(statement.Action).some((p) => wildcardMatch(p, action, true));
	if (statement.NotAction !== undefined) return !list(statement.NotAction).some((p) => wildcardMatch(p, action, true));
	return false;
}

function resourceMatches(statement: Statement, resource: string): boolean {
	// Resource-based policies may leave Resource out (trust policies do).
	if (statement.Resource === undefined && statement.NotResource === undefined) return true;
	if (statement.Resource !== undefined) return list(statement.Resource).some((p) => wildcardMatch(p, resource));
	return !list(statement.NotResource).some((p) => wildcardMatch(p, resource));
}

function principalValues(principal: unknown): string[] | '*' {
	if (principal === '*') return '*';
	if (!principal || typeof principal !== 'object') return [];
	const aws = (principal as {AWS?: unknown}).AWS;
	const values = list(aws);
	return values.includes('*') ? '*' : values;
}

function principalMatches(statement: Statement, caller: PrincipalFacts | undefined): PrincipalMatch | undefined {
	if (statement.Principal === undefined && statement.NotPrincipal === undefined) return undefined;
	if (!caller) return undefined;
	if (statement.NotPrincipal !== undefined) {
		const excluded = principalValues(statement.NotPrincipal);
		if (excluded === '*') return undefined;
		return excluded.some((v) => namesCaller(v, caller)) ? undefined : 'direct';
	}
	const values = principalValues(statement.Principal);
	if (values === '*') return 'direct';
	if (values.some((v) => namesCaller(v, caller) === 'direct')) return 'direct';
	if (values.some((v) => namesCaller(v, caller) === 'account')) return 'account';
	return undefined;
}

function namesCaller(value: string, caller: PrincipalFacts): PrincipalMatch | undefined {
	if (value === caller.account || value === `arn:aws:iam::${caller.account}:root`) return 'account';
	if (value === caller.arn) return 'direct';
	if (caller.roleArn && value === caller.roleArn) return 'direct';
	return undefined;
}
