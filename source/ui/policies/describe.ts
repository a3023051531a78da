// Words for the policies screen: where a snippet goes, how it relates to the policy in
// place. Whole: the views wrap them at words (text-layout.ts), never cut them.

import {parseKeyArn, parsePolicyArn, parseS3Arn} from '../../core/arn.js';
import {applyTarget, type ApplyTarget} from '../../core/policy/delivery.js';
import {INLINE_POLICY_NAME, type Snippet, type SnippetId} from '../../core/policy/generate.js';
import {CHECKER_POLICY_NAME} from '../../core/policy/checker-statements.js';
import {accountLabel} from '../../core/policy/snippets.js';
import type {PolicyFinding} from '../../core/policy/validate-policy.js';
import type {ShownBasis} from './policy-entry.js';

export function policyNoun(id: SnippetId): string {
	if (id === 'bucket-policy') return 'bucket policy';
	if (id === 'caller-identity-policy') return `inline policy "${INLINE_POLICY_NAME}"`;
	if (id === 'checker-policy') return `inline policy "${CHECKER_POLICY_NAME}"`;
	if (id === 'permissions-boundary') return 'permissions boundary policy';
	if (id === 'scp-exemption') return 'service control policy';
	return 'key policy';
}

/** "Bucket policy of analytics-landing (account 222222222222)" */
export function placeText(snippet: Snippet): string {
	const {resource, account} = snippet.appliesTo;
	if (snippet.id === 'bucket-policy') return `Bucket policy of ${parseS3Arn(resource)?.bucket ?? resource} (${accountLabel(snippet)})`;
	if (snippet.id === 'permissions-boundary') return `Permissions boundary ${parsePolicyArn(resource)?.name ?? resource} (account ${account})`;
	if (snippet.id === 'scp-exemption') return `SCP ${resource.replace(/^.*\//, '')} (management account ${account})`;
	if (snippet.id === 'caller-identity-policy' || snippet.id === 'checker-policy') {
		const principal = applyTarget(snippet);
		if (!principal || principal.kind === 'bucket' || principal.kind === 'key') return `IAM policy of ${resource}`;
		return `Inline policy "${principal.policyName ?? INLINE_POLICY_NAME}" of ${principal.kind} ${principal.name} (account ${principal.account})`;
	}
	const key = parseKeyArn(resource);
	if (key) return `Key policy of key ${key.keyId} (account ${key.account}, ${key.region})`;
	return `Key policy of ${resource} (account ${account})`;
}

/** "an administrator of account 222222222222 (bucket owner) applies it" */
export function whoText(snippet: Snippet): string {
	return `${snippet.appliesTo.who} applies it`;
}

export function basisText(id: SnippetId, basis: ShownBasis): string {
	const noun = policyNoun(id);
	if (basis === 'reading') return `reading the current ${noun}…`;
	if (basis === 'merged') return `merged into the current ${noun}: its statements are kept`;
	if (basis === 'new') return `new: there is no ${noun} yet`;
	return `only the new statements: the current ${noun} was not read`;
}

export function shortBasis(basis: ShownBasis, appliedBy?: string): string {
	if (appliedBy) return `applied as ${appliedBy}`;
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

/** "bucket analytics-landing", "key <key id>", "role DataExporter": for questions. */
export function shortTarget(target: ApplyTarget): string {
	if (target.kind === 'key') return `key ${target.arn.replace(/^.*:key\//, '')}`;
	return `${target.kind} ${target.name}`;
}

export function validationSummary(findings: PolicyFinding[]): {ok: boolean; text: string} {
	const errors = findings.filter((f) => f.severity === 'error').length;
	const warnings = findings.length - errors;
	if (findings.length === 0) return {ok: true, text: 'offline check: no problems found'};
	const parts = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean);
	return {ok: errors === 0, text: `offline check: ${parts.join(', ')} (see Notes)`};
}
