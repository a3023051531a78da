// The batch's part of the wizard's reducer (issue 17): from the review to the checks (once
// per source for what tables share, per table for the rest), PITR turned on for every table
// that has it off after one yes, the start (tables whose own checks failed are skipped, with
// the reason), the watch, and Ctrl-C, which stops watching and leaves the exports running.

import {batchEnded, detachedText} from './batch-progress.js';
import type {BatchChecksChoice, BatchWizard} from './batch-state.js';
import {batchItemsOf, batchPlanFromDraft} from './batch-draft.js';
import type {BatchCheckReport, BatchProgress} from '../batch/types.js';
import {stoppedResult, type Transition} from './reducer.js';
import type {CheckResult} from '../checks/types.js';
import type {Problem, WizardState} from './state.js';

const none = (state: WizardState): Transition => ({state, effects: []});

/** The review's Enter for a batch: the plan made, its checks started. */
export function batchReviewed(state: WizardState, now: Date): Transition {
	const plan = batchPlanFromDraft(state, now);
	if (!plan) return none({...state, fieldError: 'The batch is incomplete: go back and fill in the missing fields.'});
	const items = batchItemsOf(state, plan);
	const batch: BatchWizard = {plan, items, checks: {status: 'running'}};
	return {state: {...state, fieldError: undefined, phase: {kind: 'batch-checks'}, batch}, effects: [{type: 'run-batch-checks', plan, items}]};
}

function withBatch(state: WizardState, change: (batch: BatchWizard) => BatchWizard): WizardState {
	return state.batch ? {...state, batch: change(state.batch)} : state;
}

export function batchChecksReported(state: WizardState, report: BatchCheckReport, done: boolean): Transition {
	if (state.phase.kind !== 'batch-checks' || state.batch?.checks.status !== 'running') return none(state);
	return none(withBatch(state, (b) => ({...b, checks: {...b.checks, status: done ? 'done' : 'running', report, enabling: done ? false : b.checks.enabling}})));
}

export function batchChecksFailed(state: WizardState, problem: Problem): Transition {
	if (state.phase.kind !== 'batch-checks') return none(state);
	return none(withBatch(state, (b) => ({...b, checks: {...b.checks, status: 'done', enabling: false, problem}})));
}

/** Whether the batch may start: nothing of what the tables share failed, and a table is left to start. */
export function batchCanStart(batch: BatchWizard | undefined): boolean {
	const checks = batch?.checks;
	return Boolean(checks && checks.status !== 'running' && checks.report && checks.report.overall !== 'failed' && !checks.problem);
}

export function batchChosen(state: WizardState, choice: BatchChecksChoice): Transition {
	const batch = state.batch;
	if (state.phase.kind !== 'batch-checks' || !batch || batch.checks.status === 'running') return none(state);
	switch (choice) {
		case 'back':
			return none({...state, phase: {kind: 'asking', field: 'review'}});
		case 'policies':
			// Shown by the checks screen itself (read-only: nothing changes here).
			return none(state);
		case 'recheck':
			return {state: withBatch(state, (b) => ({...b, checks: {status: 'running', report: b.checks.report}})), effects: [{type: 'run-batch-checks', plan: batch.plan, items: batch.items, fresh: true}]};
		case 'enable-pitr': {
			const report = batch.checks.report;
			if (!report || report.pitrOff.length === 0) return none(state);
			return {
				state: withBatch(state, (b) => ({...b, checks: {...b.checks, status: 'running', enabling: true, fixProblem: undefined}})),
				effects: [{type: 'enable-pitr-all', plan: batch.plan, items: batch.items, report}],
			};
		}
		case 'start': {
			if (!batchCanStart(batch)) return none(state);
			// Tables whose own checks failed are skipped (said, with the reason) by the controller.
			return {
				state: {...state, phase: {kind: 'batch-watch'}, batch: {...batch, run: {status: 'starting'}}},
				effects: [{type: 'start-batch', plan: batch.plan, items: batch.items, report: batch.checks.report!}],
			};
		}
	}
}

/** PITR was turned on (or some tables refused): the table checks of those tables ran again. */
export function batchPitrDone(state: WizardState, problem: Problem | undefined): Transition {
	return none(withBatch(state, (b) => ({...b, checks: {...b.checks, status: 'done', enabling: false, fixProblem: problem}})));
}

export function batchProgressed(state: WizardState, progress: BatchProgress): Transition {
	const run = state.batch?.run;
	if (state.phase.kind !== 'batch-watch' || !run || run.status === 'detached') return none(state);
	const status = batchEnded(progress) ? 'ended' : 'watching';
	return none(withBatch(state, (b) => ({...b, progress, run: {...run, status}})));
}

export function batchRunFailed(state: WizardState, problem: Problem): Transition {
	const run = state.batch?.run;
	if (state.phase.kind !== 'batch-watch' || !run || run.status === 'detached') return none(state);
	return none(withBatch(state, (b) => ({...b, run: {status: 'ended', problem}})));
}

/**
 * Ctrl-C while the batch runs: stop watching (and starting); the exports already started go
 * on in AWS. The wizard ends with 130 and its message: what goes on, then the watch command.
 */
export function batchInterrupted(state: WizardState): Transition | undefined {
	const run = state.batch?.run;
	if (state.phase.kind === 'batch-watch' && run && (run.status === 'starting' || run.status === 'watching')) {
		const next = withBatch(state, (b) => ({...b, run: {status: 'detached'}}));
		// Printed after the screen is gone, so the command is the terminal's last line.
		const {said, command} = detachedText(state.batch!.plan, state.batch!.progress);
		return {state: {...next, phase: {kind: 'exit', code: 130, message: `${said}\n${command}`}}, effects: [{type: 'cancel'}, {type: 'exit', code: 130}]};
	}
	if (state.phase.kind === 'batch-checks' && state.batch?.checks.status === 'running') {
		// What had not finished is not known: said so, not left "checking" (and not taken for passed).
		const stopped = (results: CheckResult[]) => results.map(stoppedResult);
		const next = withBatch(state, (b) => {
			const report = b.checks.report;
			const shown: BatchCheckReport | undefined = report && {
				...report,
				shared: new Map([...report.shared].map(([key, results]) => [key, stopped(results)])),
				perTable: new Map([...report.perTable].map(([key, results]) => [key, stopped(results)])),
				overall: report.overall === 'failed' ? 'failed' : 'unknown',
			};
			return {...b, checks: {...b.checks, status: 'cancelled', enabling: false, report: shown}};
		});
		return {state: {...next, notice: 'Stopped. Press Ctrl-C again to quit.', quitArmed: true}, effects: [{type: 'cancel'}]};
	}
	return undefined;
}

/** Enter on the ended batch: 0 only when every table completed. */
export function batchQuit(state: WizardState): Transition {
	const batch = state.batch;
	if (state.phase.kind !== 'batch-watch' || batch?.run?.status !== 'ended') return none(state);
	const all = batch.progress ? batch.progress.counts.completed === batch.items.length : false;
	const code = all ? 0 : 1;
	return {state: {...state, phase: {kind: 'exit', code}}, effects: [{type: 'cancel'}, {type: 'exit', code}]};
}
