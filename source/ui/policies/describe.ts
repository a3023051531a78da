// Words and line layout for the policies screen: where a snippet goes, how it relates
// to the policy in place, and text cut to fit 80 columns.

import {parseKeyArn, parsePolicyArn, parseS3Arn} from '../../core/arn.js';
import {applyTarget, type ApplyTarget} from '../../core/policy/delivery.js';
import {INLINE_POLICY_NAME, type Snippet, type SnippetId} from '../../core/policy/generate.js';
import {CHECKER_POLICY_NAME} from '../../core/policy/checker-statements.js';
import {accountLabel} from '../../core/policy/snippets.js';
import type {PolicyFinding} from '../../core/policy/validate-policy.js';
import type {ShownBasis} from './policy-entry.js';

/** Columns everything is laid out for. */
export const WIDTH = 80;

/** Keeps both ends of long ARNs, where the account and the name are. */
export function truncateMiddle(text: string, width: number): string {
	if (text.length <= width) return text;
	if (width <= 1) return '…'.slice(0, width);
	const head = Math.ceil((width - 1) / 2);
	const tail = width - 1 - head;
	return `${text.slice(0, head)}…${tail > 0 ? text.slice(text.length - tail) : ''}`;
}

/** Hard-wraps each line at `width` so a fixed-height window can count what it shows. */
export function wrapLines(lines: string[], width: number): string[] {
	const out: string[] = [];
	for (const line of lines) {
		if (line.length <= width) {
			out.push(line);
			continue;
		}
		for (let i = 0; i < line.length; i += width) out.push(line.slice(i, i + width));
	}
	return out;
}

/** Word-wraps prose at `width`. */
export function wrapText(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = '';
		}
		line = line ? `${line} ${word}` : word;
		while (line.length > width) {
			lines.push(line.slice(0, width));
			line = line.slice(width);
		}
	}
	if (line) lines.push(line);
	return lines;
}

export function policyNoun(id: SnippetId): string {
	if (id === 'bucket-policy') return 'bucket policy';
	if (id === 'caller-identity-policy') return `inline policy "${INLINE_POLICY_NAME}"`;
	if (id === 'checker-policy') return `inline policy "${CHECKER_POLICY_NAME}"`;
	if (id === 'permissions-boundary') return 'permissions boundary policy';
	if (id === 'scp-exemption') return 'service control policy';
	return 'key policy';
}

/** "Bucket policy of analytics-landing (account 222222222222)"; long names cut in the middle to fit `width`. */
export function placeText(snippet: Snippet, width = WIDTH): string {
	const {resource, account} = snippet.appliesTo;
	const fit = (prefix: string, name: string, suffix: string) => `${prefix}${truncateMiddle(name, Math.max(8, width - prefix.length - suffix.length))}${suffix}`;
	if (snippet.id === 'bucket-policy') return fit('Bucket policy of ', parseS3Arn(resource)?.bucket ?? resource, ` (${accountLabel(snippet)})`);
	if (snippet.id === 'permissions-boundary') return fit('Permissions boundary ', parsePolicyArn(resource)?.name ?? resource, ` (account ${account})`);
	if (snippet.id === 'scp-exemption') return fit('SCP ', resource.replace(/^.*\//, ''), ` (management account ${account})`);
	if (snippet.id === 'caller-identity-policy' || snippet.id === 'checker-policy') {
		const principal = applyTarget(snippet);
		if (!principal || principal.kind === 'bucket' || principal.kind === 'key') return fit('IAM policy of ', resource, '');
		return fit(`Inline policy "${principal.policyName ?? INLINE_POLICY_NAME}" of ${principal.kind} `, principal.name, ` (account ${principal.account})`);
	}
	const key = parseKeyArn(resource);
	if (key) return fit('Key policy of key ', key.keyId, ` (account ${key.account}, ${key.region})`);
	return fit('Key policy of ', resource, ` (account ${account})`);
}

/** "an administrator of account 222222222222 (bucket owner) applies it" */
export function whoText(snippet: Snippet, width = WIDTH): string {
	const full = `${snippet.appliesTo.who} applies it`;
	if (full.length <= width) return full;
	// Prose is cut at a clause, not in the middle: the parenthesis goes first.
	const plain = `${snippet.appliesTo.who.replace(/\s*\([^)]*\)$/, '')} applies it`;
	return plain.length <= width ? plain : `${plain.slice(0, width - 1)}…`;
}

export function basisText(id: SnippetId, basis: ShownBasis): string {
	const noun = policyNoun(id);
	if (basis === 'reading') return `reading the current ${noun}…`;
	if (basis === 'merged') return `merged into the current ${noun}: its statements are kept`;
	if (basis === 'new') return `new: there is no ${noun} yet`;
	return `only the new statements: the current ${noun} was not read`;
}

export function shortBasis(basis: ShownBasis): string {
	if (basis === 'reading') return 'reading the current policy…';
	if (basis === 'merged') return 'merged, existing statements kept';
	if (basis === 'new') return 'new policy';
	return 'current policy not read';
}

export function targetText(target: ApplyTarget): string {
	switch (target.kind) {
		case 'bucket':
			return `bucket ${target.name} (account ${target.account}${target.region ? `, ${target.region}` : ''})`;
		case 'key':
			return `key ${target.arn}`;
		default:
			return `${target.kind} ${target.name} (account ${target.account})`;
	}
}

/** "bucket analytics-landing", "key 1234abcd…90ab", "role DataExporter": for questions. */
export function shortTarget(target: ApplyTarget): string {
	if (target.kind === 'key') return `key ${truncateMiddle(target.arn.replace(/^.*:key\//, ''), 20)}`;
	return `${target.kind} ${truncateMiddle(target.name, 40)}`;
}

export function validationSummary(findings: PolicyFinding[]): {ok: boolean; text: string} {
	const errors = findings.filter((f) => f.severity === 'error').length;
	const warnings = findings.length - errors;
	if (findings.length === 0) return {ok: true, text: 'offline check: no problems found'};
	const parts = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean);
	return {ok: errors === 0, text: `offline check: ${parts.join(', ')} (see Notes)`};
}
