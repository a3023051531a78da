// Turns what the user entered (Draft) plus what was loaded into the ExportPlan the
// checks, the command preview and the export all use.

import {partitionOf, tableArn} from '../arn.js';
import {planChain, windowPlan, type ChainPlan} from '../incremental/chain-plan.js';
import type {ExportPlan, ExportViewType} from '../plan.js';
import type {CallerIdentity} from '../ports.js';
import {parseTimeInput} from '../time-input.js';
import {resolveTime} from './field-rules.js';
import {ENVIRONMENT_PROFILE, type Draft} from './fields.js';
import {knownBucketRegion, type Loaded, type Problem} from './state.js';

export function tableArnFor(draft: Draft, identity: CallerIdentity | undefined, loaded?: Loaded): string | undefined {
	const table = loaded?.table.status === 'ready' && loaded.table.value.name === draft.table ? loaded.table.value.details : undefined;
	if (table?.arn) return table.arn;
	if (!draft.table || !draft.region || !identity) return undefined;
	return tableArn({partition: partitionOf(identity.arn), region: draft.region, account: identity.account, table: draft.table});
}

function dateOf(text: string | undefined, now: Date): Date | undefined {
	if (!text) return undefined;
	const parsed = parseTimeInput(text, now);
	if (!parsed.ok) return undefined;
	return resolveTime(parsed.value, undefined, now);
}

/** The plan, or undefined when something needed is still missing. For a chain ("since the last export"), its first window. */
export function planFromDraft(draft: Draft, loaded: Loaded, now = new Date()): ExportPlan | undefined {
	const base = basePlanFromDraft(draft, loaded, now);
	if (!base || base.type !== 'INCREMENTAL_EXPORT') return base;
	if (draft.incrementalMode === 'since-last') {
		const chain = draftChain(draft, loaded, now);
		if (chain?.status !== 'ready' || chain.chain.kind !== 'chain') return undefined;
		return windowPlan(chain.base, chain.chain.windows[0]!, chain.viewType);
	}
	const from = dateOf(draft.incrementalFrom, now);
	const to = dateOf(draft.incrementalTo, now);
	if (!from || !to) return undefined;
	return {...base, incremental: {from, to, viewType: draft.viewType ?? 'NEW_AND_OLD_IMAGES'}};
}

/** Names the table and destination a chain's facts were read for: read again when they change. */
export function chainKey(plan: Pick<ExportPlan, 'tableArn' | 'bucket' | 'prefix' | 'bucketOwner'>): string {
	return [plan.tableArn, plan.bucket, plan.prefix, plan.bucketOwner ?? ''].join('\u0000');
}

export type DraftChain =
	| {status: 'loading'}
	| {status: 'failed'; problem: Problem}
	| {status: 'ready'; chain: ChainPlan; base: ExportPlan; viewType: ExportViewType};

/** "Everything since the last export to this destination", planned from what was read; undefined before table and destination are known. */
export function draftChain(draft: Draft, loaded: Loaded, now = new Date()): DraftChain | undefined {
	const base = basePlanFromDraft(draft, loaded, now);
	if (!base) return undefined;
	const remote = loaded.chain;
	if (remote.status === 'failed') return {status: 'failed', problem: remote.problem};
	if (remote.status !== 'ready' || remote.value.key !== chainKey(base)) return {status: 'loading'};
	const viewType = draft.viewType ?? 'NEW_AND_OLD_IMAGES';
	const chainBase: ExportPlan = {...base, type: 'INCREMENTAL_EXPORT'};
	return {status: 'ready', base: chainBase, viewType, chain: planChain({plan: chainBase, viewType, pitr: remote.value.facts.pitr, exports: remote.value.facts.exports, now})};
}

/** Everything but the times of an incremental export. */
export function basePlanFromDraft(draft: Draft, loaded: Loaded, now: Date): ExportPlan | undefined {
	const identity = loaded.identity.status === 'ready' ? loaded.identity.value : undefined;
	const tableArn = tableArnFor(draft, identity, loaded);
	if (!tableArn || !draft.region || !draft.bucket) return undefined;
	const bucketRegion = knownBucketRegion(loaded, draft.bucket);
	const plan: ExportPlan = {
		profile: draft.profile === ENVIRONMENT_PROFILE ? undefined : draft.profile,
		region: draft.region,
		tableArn,
		bucket: draft.bucket,
		prefix: draft.prefix ?? '',
		sse: draft.sse ?? 'AES256',
		format: draft.format ?? 'DYNAMODB_JSON',
		type: draft.exportType ?? 'FULL_EXPORT',
	};
	if (draft.destination === 'other-account' && draft.bucketOwner) plan.bucketOwner = draft.bucketOwner;
	if (bucketRegion) plan.bucketRegion = bucketRegion;
	if (plan.sse === 'KMS' && draft.kmsKey) plan.kmsKeyId = draft.kmsKey;
	if (plan.type === 'FULL_EXPORT' && draft.timeMode === 'choose' && draft.exportTime) plan.exportTime = dateOf(draft.exportTime, now);
	return plan;
}

/** A prefix people expect: exports/<table>/ */
export function defaultPrefix(table: string | undefined): string {
	return table ? `exports/${table}/` : 'exports/';
}
