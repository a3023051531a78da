// A batch from the wizard's answers: the chosen tables of the one profile and Region, the
// destination with the prefix as a template ({table}/ unless typed), the options, and the
// batch token shown at the review (the same token the run sends).

import {partitionOf, tableArn} from '../arn.js';
import {batchItems, type TableFacts as KnownFacts} from '../batch/batch-items.js';
import {DEFAULT_BATCH_PREFIX, prefixDate} from '../batch/prefix-template.js';
import type {BatchItem, BatchPlan} from '../batch/types.js';
import {ENVIRONMENT_PROFILE} from './fields.js';
import {planFromDraft} from './plan-from-draft.js';
import type {WizardState} from './state.js';
import {isBatch} from './table-selection.js';

export {DEFAULT_BATCH_PREFIX};

/** Whether the wizard is making a batch (several tables chosen at the Table step). */
export function makingBatch(state: Pick<WizardState, 'draft'>): boolean {
	return isBatch(state.draft.tables);
}

/** The ARN of a chosen table: DescribeTable's when read, else built from who you are. */
function arnOf(state: WizardState, name: string): string | undefined {
	const facts = state.tableFacts?.[name];
	if (facts?.status === 'ready') return facts.details.arn;
	const identity = state.loaded.identity.status === 'ready' ? state.loaded.identity.value : undefined;
	const region = state.draft.region;
	if (!identity || !region) return undefined;
	return tableArn({partition: partitionOf(identity.arn), region, account: identity.account, table: name});
}

/** The batch plan, or undefined while something it needs is missing (or no token yet). */
export function batchPlanFromDraft(state: WizardState, now: Date, force = false): BatchPlan | undefined {
	const {draft} = state;
	const token = state.batchToken;
	const names = draft.tables ?? [];
	// The single plan's rules for everything but the table and the prefix (one table stands in).
	const shared = names[0] ? planFromDraft({...draft, table: names[0], prefix: ''}, {...state.loaded, table: {status: 'idle'}}, now) : undefined;
	if (!shared || !token || !draft.region) return undefined;
	const arns = names.map((name) => arnOf(state, name));
	if (arns.some((arn) => !arn)) return undefined;
	return {
		sources: [{profile: draft.profile === ENVIRONMENT_PROFILE ? undefined : draft.profile, region: draft.region, tableArns: arns as string[]}],
		destination: {
			bucket: shared.bucket,
			bucketOwner: shared.bucketOwner,
			bucketRegion: shared.bucketRegion,
			prefixTemplate: draft.prefix ?? DEFAULT_BATCH_PREFIX,
			sse: shared.sse,
			kmsKeyId: shared.kmsKeyId,
		},
		format: shared.format,
		type: shared.type,
		exportTime: shared.exportTime,
		incremental: shared.incremental,
		batchToken: token,
		date: prefixDate(now),
		force,
	};
}

/** One item per table, with the size and PITR read when it was chosen. */
export function batchItemsOf(state: WizardState, plan: BatchPlan): BatchItem[] {
	const facts = new Map<string, KnownFacts>();
	for (const read of Object.values(state.tableFacts ?? {})) {
		if (read.status === 'ready') facts.set(read.details.arn, {sizeBytes: read.details.sizeBytes, itemCount: read.details.itemCount, pitrEnabled: read.pitr?.enabled});
	}
	return batchItems(plan, facts);
}
