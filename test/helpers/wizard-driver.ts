// Drives a WizardController the way a person pressing Enter would, without Ink:
// each question gets the answer the screen proposes (or an override), the checks are
// followed by "Start the export", and the run is watched to its end. Every way a run
// can end is sorted into completed / diagnosed (an expected problem with a cause) /
// bug (an "unexpected" problem, a refused default answer) / hang.

import type {WizardController} from '../../source/core/wizard/controller.js';
import {choiceOptions, initialText, isChoiceField, isTextField, keyOptions} from '../../source/core/wizard/field-options.js';
import type {FieldId} from '../../source/core/wizard/fields.js';
import type {LoadKey, Problem, WizardState} from '../../source/core/wizard/state.js';

export type Outcome =
	| {kind: 'completed'; where: 'export completed'; state: WizardState}
	| {kind: 'diagnosed'; where: string; title: string; cause: string; state: WizardState}
	| {kind: 'bug'; where: string; detail: string; state: WizardState}
	| {kind: 'hang'; where: string; state: WizardState}
	/** `until` held: the run was driven part of the way. */
	| {kind: 'stopped'; where: string; state: WizardState};

/** The answer a person gets by pressing Enter at `field` (the screen's proposal). */
export function proposedAnswer(field: FieldId, state: WizardState): string {
	const {draft} = state;
	if (isChoiceField(field)) return (draft[field] as string | undefined) ?? choiceOptions(field, state)[0]!.value;
	if (isTextField(field)) return initialText(field, state);
	switch (field) {
		case 'profile':
			return draft.profile ?? '';
		case 'table':
			return draft.table ?? '';
		case 'bucket':
			return draft.bucket ?? '';
		case 'kmsKey':
			return keyOptions(state).defaultValue ?? '';
		case 'review':
			return 'run-checks';
		default:
			return '';
	}
}

/** Loads a person would wait for before answering `field` (its list is on screen). */
const WAITS_FOR: Partial<Record<FieldId, LoadKey[]>> = {
	profile: ['profiles'],
	table: ['identity', 'tables'],
	bucket: ['buckets'],
	kmsKey: ['keys'],
	review: ['table', 'bucketRegion'],
};

function isUnexpected(problem: Problem | undefined): boolean {
	return Boolean(problem && (problem.title === 'Unexpected error' || /\bbug\b/i.test(`${problem.cause ?? ''} ${problem.fix ?? ''}`)));
}

export function where(state: WizardState): string {
	const phase = state.phase;
	if (phase.kind === 'asking') return `asking ${phase.field}`;
	if (phase.kind === 'export') return `export ${phase.run.status}`;
	if (phase.kind === 'checks') return `checks ${state.checks?.status ?? ''}`;
	return phase.kind;
}

type Step = {act: () => void} | {end: Outcome} | 'wait';

/** What a person would do next in `state`, or how the run ended. */
function nextStep(controller: WizardController, state: WizardState, answers: Partial<Record<FieldId, string>>, lastAnswered: {field?: FieldId}): Step {
	const here = where(state);
	if (state.retrying?.startsWith('Unexpected')) return {end: {kind: 'bug', where: here, detail: state.retrying, state}};
	const phase = state.phase;
	switch (phase.kind) {
		case 'asking': {
			const field = phase.field;
			for (const key of WAITS_FOR[field] ?? []) {
				const remote = state.loaded[key];
				if (remote.status === 'loading') return 'wait';
				// Lists a person can do without (they type the name); the rest must load.
				if (remote.status === 'failed' && (key === 'identity' || key === 'table' || key === 'profiles')) {
					if (isUnexpected(remote.problem)) return {end: {kind: 'bug', where: `${here} (${key})`, detail: JSON.stringify(remote.problem), state}};
					return {end: {kind: 'diagnosed', where: `${here} (${key})`, title: remote.problem.title, cause: remote.problem.cause ?? '', state}};
				}
			}
			if (field === 'table' && state.loaded.identity.status !== 'ready') return 'wait';
			if (state.pendingAnswer) return 'wait';
			if (state.fieldError && lastAnswered.field === field) {
				return {end: {kind: 'bug', where: here, detail: `the proposed answer was refused: ${state.fieldError}`, state}};
			}
			const value = answers[field] ?? proposedAnswer(field, state);
			return {
				act: () => {
					lastAnswered.field = field;
					controller.dispatch({type: 'answer', value});
				},
			};
		}
		case 'checks': {
			const checks = state.checks;
			if (!checks || checks.status === 'running' || checks.fixing) return 'wait';
			if (checks.problem) {
				const kind = isUnexpected(checks.problem) ? 'bug' : 'diagnosed';
				return kind === 'bug'
					? {end: {kind, where: here, detail: JSON.stringify(checks.problem), state}}
					: {end: {kind, where: here, title: checks.problem.title, cause: checks.problem.cause ?? '', state}};
			}
			const odd = checks.results.find((r) => /unexpected|a bug/i.test(`${r.summary} ${r.cause ?? ''}`));
			if (odd) return {end: {kind: 'bug', where: `${here}: ${odd.id}`, detail: `${odd.summary} ${odd.cause ?? ''}`, state}};
			if (checks.overall === 'failed') {
				const failed = checks.results.filter((r) => r.status === 'failed');
				return {end: {kind: 'diagnosed', where: `checks failed: ${failed.map((r) => r.id).join(', ')}`, title: failed.map((r) => r.summary).join(' | '), cause: failed.map((r) => r.cause ?? '').join(' | '), state}};
			}
			return {act: () => controller.dispatch({type: 'checks-choice', choice: 'start'})};
		}
		case 'export': {
			const run = phase.run;
			if (run.status === 'looking' || run.status === 'starting' || run.status === 'watching') return 'wait';
			if (run.status === 'completed') return {end: {kind: 'completed', where: 'export completed', state}};
			if (run.status === 'failed') {
				const d = run.description;
				return {end: {kind: 'diagnosed', where: here, title: d?.failureCode ?? 'FAILED', cause: d?.failureMessage ?? '', state}};
			}
			if (run.status === 'start-failed') {
				if (isUnexpected(run.problem)) return {end: {kind: 'bug', where: here, detail: JSON.stringify(run.problem), state}};
				return {end: {kind: 'diagnosed', where: here, title: run.problem?.title ?? '', cause: run.problem?.cause ?? '', state}};
			}
			return {end: {kind: 'bug', where: here, detail: 'the export stopped being watched', state}};
		}
		default:
			return {end: {kind: 'bug', where: here, detail: 'the wizard ended by itself', state}};
	}
}

export interface DriveOptions {
	/** Answers instead of the proposals, per field. */
	answers?: Partial<Record<FieldId, string>>;
	/** A run that has not ended by then is a hang. */
	timeoutMs: number;
	/** Stop (kind 'stopped') as soon as this holds; for driving part of the way. */
	until?: (state: WizardState) => boolean;
}

/** Answers, starts and watches until the run ends (or `until` holds). Never throws. */
export async function drive(controller: WizardController, options: DriveOptions): Promise<Outcome> {
	const deadline = Date.now() + options.timeoutMs;
	const lastAnswered: {field?: FieldId} = {};
	for (;;) {
		const state = controller.getState();
		if (options.until?.(state)) return {kind: 'stopped', where: where(state), state};
		const step = nextStep(controller, state, options.answers ?? {}, lastAnswered);
		if (step !== 'wait' && 'end' in step) return step.end;
		if (step !== 'wait') {
			step.act();
			await new Promise((resolve) => setImmediate(resolve));
			continue;
		}
		if (Date.now() > deadline) return {kind: 'hang', where: where(state), state};
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
