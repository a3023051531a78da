// Starting the export, once per plan (client-token.ts): a plan's first start looks for the
// same export started lately (by an interrupted start, another terminal, a colleague) and,
// when there is one, lets the person watch it instead; every later start of that plan
// sends the same token, which AWS answers with the same export.

import {bindToken, wasStarted} from './client-token.js';
import type {ExportPlan} from '../plan.js';
import type {ExportDescription} from '../ports.js';
import type {DuplicateChoice, Effect, ExportRun, WizardState} from './state.js';

interface Transition {
	state: WizardState;
	effects: Effect[];
}

/** The start call itself, with the plan's token (marked as sent). */
function startNow(state: WizardState, run: ExportRun): Transition {
	const bound = bindToken(state.tokens, run.plan, true);
	const starting: ExportRun = {...run, clientToken: bound.token, status: 'starting', duplicate: undefined};
	return {state: {...state, tokens: bound.tokens, phase: {kind: 'export', run: starting}}, effects: [{type: 'start-export', run: starting}]};
}

/**
 * "Start" on the checks screen. `fresh`: a token the controller made, used only when the
 * plan has none and none is ready (a plan changed on the checks screen, by an in-place fix).
 */
export function startChosen(state: WizardState, plan: ExportPlan, now: Date, fresh?: string): Transition {
	const tokens = state.tokens?.next || !fresh ? state.tokens : {plans: [], ...state.tokens, next: fresh};
	const bound = bindToken(tokens, plan, false);
	if (!bound.token) return {state, effects: []};
	const run: ExportRun = {clientToken: bound.token, plan, status: 'looking', startedAt: now.getTime(), polls: 0};
	// Already sent with this token: AWS answers a repeat with the same export, nothing to look for.
	if (wasStarted(tokens, plan)) return startNow({...state, tokens: bound.tokens}, run);
	return {state: {...state, tokens: bound.tokens, phase: {kind: 'export', run}}, effects: [{type: 'find-recent-export', plan}]};
}

/** The look for the same export came back (found, or nothing / it could not look). */
export function recentExportFound(state: WizardState, found: ExportDescription | undefined): Transition {
	const phase = state.phase;
	if (phase.kind !== 'export' || phase.run.status !== 'looking') return {state, effects: []};
	if (!found) return startNow(state, phase.run);
	return {state: {...state, phase: {kind: 'export', run: {...phase.run, status: 'duplicate', duplicate: found}}}, effects: []};
}

/** What the person chose about the export already running. */
export function duplicateChosen(state: WizardState, choice: DuplicateChoice): Transition {
	const phase = state.phase;
	if (phase.kind !== 'export' || phase.run.status !== 'duplicate' || !phase.run.duplicate) return {state, effects: []};
	const {run} = phase;
	const existing = run.duplicate!;
	switch (choice) {
		case 'watch': {
			const watching: ExportRun = {
				...run,
				status: 'watching',
				description: existing,
				startedAt: existing.startTime?.getTime() ?? run.startedAt,
				duplicate: undefined,
			};
			return {state: {...state, phase: {kind: 'export', run: watching}}, effects: [{type: 'poll-export', exportArn: existing.exportArn, delayMs: 0}]};
		}
		case 'start':
			return startNow(state, run);
		case 'back':
			return {state: {...state, phase: {kind: 'checks', plan: run.plan}}, effects: []};
	}
}

/** The question about an export already running, for both faces. */
export function duplicateQuestion(run: ExportRun, now: Date): {lines: string[]; choices: Array<{value: DuplicateChoice; label: string; hint?: string}>} {
	const existing = run.duplicate;
	if (!existing) return {lines: [], choices: []};
	const minutes = existing.startTime ? Math.max(0, Math.floor((now.getTime() - existing.startTime.getTime()) / 60_000)) : undefined;
	const when = minutes === undefined ? 'lately' : minutes === 0 ? 'less than a minute ago' : `${minutes} min ago`;
	return {
		lines: [
			`An export of this table to s3://${run.plan.bucket}/${run.plan.prefix} started ${when} (${existing.status}):`,
			existing.exportArn,
			'Starting another would export (and bill) the table twice.',
		],
		choices: [
			{value: 'watch', label: 'Watch that export', hint: 'nothing new is started'},
			{value: 'start', label: 'Start another export anyway', hint: `client token ${run.clientToken}`},
			{value: 'back', label: 'Back to the checks'},
		],
	};
}
