// State of the policies screen: which snippet is highlighted or open, the scroll position,
// and the question being asked (save folder, overwrite, profile, apply confirmation).
// A pure reducer, so fast key presses are never lost to stale closures.

import type {Problem} from '../../core/wizard/state.js';
import type {SnippetBasis} from '../../core/policy/delivery.js';
import {POLICY_FORMATS, type PolicyFormat} from '../../core/policy/policy-as-code.js';
import type {Snippet, SnippetId} from '../../core/policy/generate.js';

/** 'command': the apply command, a pane of its own when the terminal is too short to show it under the text. */
export type Pane = 'document' | 'diff' | 'notes' | 'command';

export type SaveScope = 'one' | 'shown';

/** The question or activity in front of the list or the open snippet. */
export type Prompt =
	| {kind: 'none'}
	| {kind: 'save-dir'; scope: SaveScope}
	| {kind: 'save-overwrite'; scope: SaveScope; dir: string; existing: string[]}
	| {kind: 'apply-profile'}
	| {kind: 'apply-reading'; profile: string}
	/**
	 * The snippet rebuilt over the policy read just now (`basedOn`, null: none): exactly what y
	 * writes, if that policy is still in place then. `changed`: it was rebuilt because someone
	 * changed the policy after the first read.
	 */
	| {kind: 'apply-confirm'; profile: string; snippet: Snippet; basis: SnippetBasis; basedOn: string | null; changed?: boolean}
	| {kind: 'applying'; profile: string; snippet: Snippet}
	| {kind: 'applied'; profile: string; snippet: Snippet}
	/** read: reading the current policy failed, nothing was written; apply: the write failed. */
	| {kind: 'apply-failed'; stage: 'read' | 'apply'; profile: string; problem: Problem};

export interface Message {
	tone: 'info' | 'success' | 'error';
	text: string;
}

export interface PoliciesUiState {
	showAll: boolean;
	/** Highlighted snippet in the list (by id, so it stays put when the list changes). */
	highlighted?: SnippetId;
	/** The snippet shown in full; undefined on the list. */
	open?: SnippetId;
	pane: Pane;
	/** First visible line of the scrolled text. */
	scroll: number;
	prompt: Prompt;
	message?: Message;
	/** The format the document is shown, copied and saved in (f switches it). */
	format: PolicyFormat;
}

export type PoliciesAction =
	| {type: 'move'; by: number; ids: SnippetId[]}
	| {type: 'toggle-all'}
	| {type: 'open'; id: SnippetId; pane: Pane}
	/** Enter on the list: the snippet highlighted now (after any ↑↓ of the same read), not at the last render. */
	| {type: 'open-highlighted'; ids: SnippetId[]; pane: Pane}
	| {type: 'close'}
	| {type: 'pane'; panes: Pane[]}
	| {type: 'scroll'; by: number; max: number}
	| {type: 'prompt'; prompt: Prompt; message?: Message}
	| {type: 'message'; message?: Message}
	/** The next format: JSON, Terraform, CloudFormation, CDK, JSON ... */
	| {type: 'format'};

export const initialPoliciesState: PoliciesUiState = {showAll: false, pane: 'document', scroll: 0, prompt: {kind: 'none'}, format: 'json'};

export function highlightedIndex(ids: SnippetId[], highlighted: SnippetId | undefined): number {
	const index = highlighted ? ids.indexOf(highlighted) : -1;
	return index === -1 ? 0 : index;
}

export function policiesReducer(state: PoliciesUiState, action: PoliciesAction): PoliciesUiState {
	switch (action.type) {
		case 'move': {
			if (action.ids.length === 0) return state;
			const index = Math.max(0, Math.min(action.ids.length - 1, highlightedIndex(action.ids, state.highlighted) + action.by));
			return {...state, highlighted: action.ids[index], message: undefined};
		}
		case 'toggle-all':
			return {...state, showAll: !state.showAll, message: undefined};
		case 'open':
			return {...state, open: action.id, highlighted: action.id, pane: action.pane, scroll: 0, prompt: {kind: 'none'}, message: undefined};
		case 'open-highlighted': {
			const id = action.ids[highlightedIndex(action.ids, state.highlighted)];
			return id ? policiesReducer(state, {type: 'open', id, pane: action.pane}) : state;
		}
		case 'close':
			return {...state, open: undefined, scroll: 0, prompt: {kind: 'none'}, message: undefined};
		case 'pane': {
			const index = action.panes.indexOf(state.pane);
			const pane = action.panes[(index + 1) % action.panes.length] ?? 'document';
			return {...state, pane, scroll: 0};
		}
		case 'scroll':
			return {...state, scroll: Math.max(0, Math.min(action.max, state.scroll + action.by))};
		case 'prompt':
			// A new question starts at the top of what it shows.
			return {...state, prompt: action.prompt, message: action.message, scroll: action.prompt.kind === 'apply-confirm' ? 0 : state.scroll};
		case 'message':
			return {...state, message: action.message};
		case 'format':
			return {...state, format: POLICY_FORMATS[(POLICY_FORMATS.indexOf(state.format) + 1) % POLICY_FORMATS.length]!, pane: 'document', scroll: 0, message: undefined};
	}
}
