// The wizard's batch (issue 17), past the review: the plan and its items, the checks'
// report, and the run's progress. Kept beside the phase so the last screen (the watch,
// detached by Ctrl-C) can still be drawn when the wizard has ended.

import type {BatchCheckReport, BatchItem, BatchPlan, BatchProgress} from '../batch/types.js';
import type {Problem} from './state.js';

export interface BatchChecksState {
	status: 'running' | 'done' | 'cancelled';
	report?: BatchCheckReport;
	/** The checks could not run at all. */
	problem?: Problem;
	/** Set while PITR is being turned on for the tables that have it off (after a yes). */
	enabling?: boolean;
	/** What went wrong turning PITR on (per table, said once). */
	fixProblem?: Problem;
}

export interface BatchWizard {
	plan: BatchPlan;
	items: BatchItem[];
	checks: BatchChecksState;
	/** starting: confirmed, nothing heard yet; watching; ended: every table finished; detached: Ctrl-C. */
	run?: {status: 'starting' | 'watching' | 'ended' | 'detached'; problem?: Problem};
	progress?: BatchProgress;
}

/** What can be done on the batch checks screen ('policies' opens a view of the screen's own). */
export type BatchChecksChoice = 'start' | 'enable-pitr' | 'policies' | 'recheck' | 'back';
