// Merging our statements into a policy someone already has, never replacing it: their
// statements stay exactly as written and in their order; ours are appended, or take the
// place of an earlier statement of ours with the same Sid (a re-run updates its own grant);
// a statement that already grants exactly what ours does is left alone and ours is skipped.

import {escapeC1InJson} from '../terminal-text.js';
import {diffLines, formatDiff} from './line-diff.js';
import type {PolicyDocument, PrincipalBlock, Statement} from './types.js';

export interface MergeResult {
	document: PolicyDocument;
	/** Sids of our statements appended. */
	added: string[];
	/** Sids of statements of ours that replaced a different statement with the same Sid. */
	updated: string[];
	/** Sids of our statements already present (same Sid and content, or same grant under another Sid). */
	unchanged: string[];
}

export function formatPolicy(doc: PolicyDocument): string {
	// The same document, with DEL and C1 controls (which a policy read from AWS may hold) escaped.
	return escapeC1InJson(JSON.stringify(doc, null, 2));
}

function sortedList(value: string | string[] | undefined, lower = false): string[] | undefined {
	if (value === undefined) return undefined;
	const list = (Array.isArray(value) ? value : [value]).map((v) => (lower ? v.toLowerCase() : v));
	return [...new Set(list)].sort();
}

function canonicalPrincipal(block: PrincipalBlock | undefined): unknown {
	if (block === undefined || typeof block === 'string') return block;
	const out: Record<string, string[]> = {};
	for (const key of Object.keys(block).sort()) {
		const value = (block as Record<string, string | string[] | undefined>)[key];
		const list = sortedList(value);
		if (list) out[key] = list;
	}
	return out;
}

function canonicalCondition(condition: Statement['Condition']): unknown {
	if (condition === undefined) return undefined;
	const out: Record<string, Record<string, string[]>> = {};
	// Operator and key names are case-insensitive in IAM; values are not.
	for (const operator of Object.keys(condition).sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase()))) {
		const keys = condition[operator] ?? {};
		const inner: Record<string, string[]> = {};
		for (const key of Object.keys(keys).sort()) {
			const raw = keys[key];
			const list = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v));
			inner[key.toLowerCase()] = [...new Set(list)].sort();
		}
		out[operator.toLowerCase()] = inner;
	}
	return out;
}

/** What a statement grants or denies, ignoring its Sid and the way lists are written. */
export function statementGrantKey(statement: Statement): string {
	return JSON.stringify({
		Effect: statement.Effect,
		Principal: canonicalPrincipal(statement.Principal),
		NotPrincipal: canonicalPrincipal(statement.NotPrincipal),
		Action: sortedList(statement.Action, true),
		NotAction: sortedList(statement.NotAction, true),
		Resource: sortedList(statement.Resource),
		NotResource: sortedList(statement.NotResource),
		Condition: canonicalCondition(statement.Condition),
	});
}

function sameStatement(a: Statement, b: Statement): boolean {
	return a.Sid === b.Sid && statementGrantKey(a) === statementGrantKey(b);
}

export function mergePolicy(existing: PolicyDocument | null, ours: Statement[]): MergeResult {
	const document: PolicyDocument = existing
		? {...structuredClone(existing), Statement: structuredClone(existing.Statement ?? [])}
		: {Version: '2012-10-17', Statement: []};
	const statements = document.Statement;
	const added: string[] = [];
	const updated: string[] = [];
	const unchanged: string[] = [];

	// Same-Sid replacements first, so that an equal-grant match below is never made against a
	// statement that one of ours is about to replace.
	const pending: Array<{statement: Statement; label: string}> = [];
	ours.forEach((statement, position) => {
		const label = statement.Sid ?? `statement ${position + 1}`;
		const sameSid = statement.Sid === undefined ? -1 : statements.findIndex((s) => s.Sid === statement.Sid);
		if (sameSid < 0) {
			pending.push({statement, label});
		} else if (sameStatement(statements[sameSid]!, statement)) {
			unchanged.push(label);
		} else {
			statements[sameSid] = structuredClone(statement);
			updated.push(label);
		}
	});
	for (const {statement, label} of pending) {
		const grant = statementGrantKey(statement);
		if (statements.some((s) => statementGrantKey(s) === grant)) {
			unchanged.push(label);
		} else {
			statements.push(structuredClone(statement));
			added.push(label);
		}
	}

	return {document, added, updated, unchanged};
}

/** Line diff of the pretty-printed policies; '' when they print the same. */
export function diffPolicies(before: PolicyDocument | null, after: PolicyDocument): string {
	const beforeLines = before ? formatPolicy(before).split('\n') : [];
	return formatDiff(diffLines(beforeLines, formatPolicy(after).split('\n')));
}
