// What can be done once a batch's checks have run, as plain options (the Ink menu and line
// mode say the same words).

import type {ChoiceOption} from './field-options.js';
import type {BatchChecksChoice, BatchWizard} from './batch-state.js';
import {batchCanStart} from './batch-transitions.js';

/** `policies`: how many policy snippets fix the failed shared checks (batchFixOffers). */
export function batchChecksChoices(batch: BatchWizard, policies = 0): Array<ChoiceOption & {value: BatchChecksChoice}> {
	const report = batch.checks.report;
	const choices: Array<ChoiceOption & {value: BatchChecksChoice}> = [];
	// Checks stopped by Ctrl-C did not finish: running them again comes first (Enter).
	const stopped = batch.checks.status === 'cancelled';
	if (stopped) choices.push({value: 'recheck', label: 'Run the checks again', hint: 'they were stopped before they finished'});
	if (batchCanStart(batch) && report) {
		const skipped = batch.plan.force ? 0 : [...report.perTable.values()].filter((results) => results.some((r) => r.status === 'failed')).length;
		const starting = batch.items.length - skipped;
		choices.push({value: 'start', label: `Start the batch: ${starting} table${starting === 1 ? '' : 's'}`, hint: stopped ? 'without the checks that did not finish' : skipped ? `${skipped} skipped (their checks failed)` : report.overall === 'unknown' ? 'some checks could not tell' : undefined});
	}
	const off = report?.pitrOff.length ?? 0;
	if (off > 0) choices.push({value: 'enable-pitr', label: off === 1 ? 'Turn on PITR for the 1 table that has it off' : `Turn on PITR for the ${off} tables that have it off`, hint: 'shows the calls first'});
	if (policies > 0) choices.push({value: 'policies', label: 'Show the policies that fix this', hint: 'to copy, or apply as their owner'});
	if (!stopped) choices.push({value: 'recheck', label: 'Run the checks again'});
	choices.push({value: 'back', label: 'Back to the review'});
	return choices;
}
