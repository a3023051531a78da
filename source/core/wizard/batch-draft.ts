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
import {isBatch, parseTableKey} from './table-selection.js';

export {DEFAULT_BATCH_PREFIX};

/** Whether the wizard is making a batch (several tables chosen at the Table step). */
export function makingBatch(state: Pick<WizardState, 'draft'>): boolean {
	return isBatch(state.draft);
}

/** The ARN of a chosen table: DescribeTable's when read, else built from whose it is. */
function arnOf(state: WizardState, key: string): string | undefined {
	const facts = state.tableFacts?.[key];
	if (facts?.status === 'ready') return facts.details.arn;
	const {profile, name} = parseTableKey(key);
	const identity = state.loaded.identity.status === 'ready' ? state.loaded.identity.value : undefined;
	const other = profile ? state.otherTables?.[profile] : undefined;
	const account = profile ? (other?.status === 'ready' ? other.value.account : undefined) : identity?.account;
	const region = state.draft.region;
	if (!account || !region) return undefined;
	return tableArn({partition: partitionOf(identity?.arn), region, account, table: name});
}

/** The chosen tables by profile: the wizard's own first, then the others in the order chosen. */
function sourcesOf(state: WizardState): Array<{profile: string | undefined; keys: string[]}> {
	const own = state.draft.profile === ENVIRONMENT_PROFILE ? undefined : state.draft.profile;
	const groups = new Map<string | undefined, string[]>([[own, []]]);
	for (const key of state.draft.tables ?? []) {
		const {profile} = parseTableKey(key);
		const at = profile === undefined ? own : profile;
		groups.set(at, [...(groups.get(at) ?? []), key]);
	}
	return [...groups].filter(([, keys]) => keys.length > 0).map(([profile, keys]) => ({profile, keys}));
}

/** The batch plan, or undefined while something it needs is missing (or no token yet). */
export function batchPlanFromDraft(state: WizardState, now: Date, force = false): BatchPlan | undefined {
	const {draft} = state;
	const token = state.batchToken;
	// The single plan's rules for everything but the table and the prefix (a table stands in).
	const shared = draft.tables?.length ? planFromDraft({...draft, table: 'batch', prefix: ''}, {...state.loaded, table: {status: 'idle'}}, now) : undefined;
	const region = draft.region;
	if (!shared || !token || !region) return undefined;
	const sources = sourcesOf(state).map(({profile, keys}) => ({profile, region, tableArns: keys.map((key) => arnOf(state, key))}));
	if (sources.some((source) => source.tableArns.some((arn) => !arn))) return undefined;
	return {
		sources: sources.map((source) => ({...source, tableArns: source.tableArns as string[]})),
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
