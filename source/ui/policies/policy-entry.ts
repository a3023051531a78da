// One snippet as the screen shows it: the snippet, how it relates to the policy in place,
// the offline lint of its document, and the text panes it can show.

import {formatPolicy} from '../../core/policy/merge.js';
import type {SnippetBasis} from '../../core/policy/delivery.js';
import type {Snippet, SnippetId} from '../../core/policy/generate.js';
import {liveValidationDetails, type LiveValidation} from '../../core/policy/live-validation.js';
import {validatePolicyOffline, type PolicyFinding, type PolicyKind} from '../../core/policy/validate-policy.js';
import type {Pane} from './policies-state.js';
import {diffLines, type ShownLine} from '../scroll-window.js';
import {wrapWords} from '../text-layout.js';

/** The basis, or 'reading' while the policy in place is being read. */
export type ShownBasis = SnippetBasis | 'reading';

export interface PolicyEntry {
	snippet: Snippet;
	basis: ShownBasis;
	findings: PolicyFinding[];
	/** AWS's verdict (Access Analyzer, IAM simulator) once it has answered. */
	live?: LiveValidation;
	/** The profile it was applied with, from this screen: the basis no longer says what is in place. */
	appliedBy?: string;
}

/** Findings and refusals of the live validation, for the Notes pane. */
export function liveDetails(entry: PolicyEntry): ReturnType<typeof liveValidationDetails> {
	return entry.live ? liveValidationDetails(entry.live) : [];
}

export function policyKindOf(id: SnippetId): PolicyKind {
	if (id === 'bucket-policy') return 'bucket';
	if (id === 'caller-identity-policy' || id === 'checker-policy' || id === 'permissions-boundary' || id === 'scp-exemption') return 'identity';
	return 'key';
}

export function entryOf(snippet: Snippet, basis: ShownBasis): PolicyEntry {
	return {snippet, basis, findings: validatePolicyOffline(snippet.document, policyKindOf(snippet.id))};
}

/** Panes worth showing: the diff only against a policy that exists; notes only when there are some. */
export function panesOf(entry: PolicyEntry): Pane[] {
	const panes: Pane[] = ['document'];
	if (entry.basis === 'merged' && entry.snippet.diff) panes.push('diff');
	if (entry.snippet.notes.length > 0 || entry.findings.length > 0 || liveDetails(entry).length > 0) panes.push('notes');
	return panes;
}

/**
 * A pane's lines at `width`. Notes wrap at words; the document and the diff keep their
 * lines whole (a JSON string is never broken: a long one soft-wraps in the terminal).
 */
export function paneLines(entry: PolicyEntry, pane: Pane, width: number, code?: string): ShownLine[] {
	if (pane === 'diff') return diffLines((entry.snippet.diff ?? '').split('\n'));
	if (pane === 'notes') {
		const lines: ShownLine[] = [];
		for (const note of entry.snippet.notes) {
			wrapWords(note, width - 2).forEach((text, i) => lines.push({text: `${i === 0 ? '! ' : '  '}${text}`, color: 'yellow'}));
		}
		for (const finding of entry.findings) {
			const mark = finding.severity === 'error' ? '✖ ' : '! ';
			wrapWords(finding.message, width - 2).forEach((text, i) =>
				lines.push({text: `${i === 0 ? mark : '  '}${text}`, color: finding.severity === 'error' ? 'red' : 'yellow'}),
			);
		}
		if (entry.findings.length === 0) lines.push({text: '✔ The offline check found no problems in this document.', color: 'green'});
		for (const detail of liveDetails(entry)) {
			const mark = detail.tone === 'failed' ? '✖ ' : detail.tone === 'passed' ? '· ' : '! ';
			const color = detail.tone === 'failed' ? 'red' : detail.tone === 'passed' ? undefined : 'yellow';
			wrapWords(detail.text, width - 2).forEach((text, i) => lines.push({text: `${i === 0 ? mark : '  '}${text}`, color}));
		}
		return lines;
	}
	// `code`: the document in another format (Terraform, CloudFormation, CDK).
	return (code?.replace(/\n$/, '') ?? formatPolicy(entry.snippet.document)).split('\n').map((text) => ({text}));
}
