// Turns what the user entered (Draft) plus what was loaded into the ExportPlan the
// checks, the command preview and the export all use.

import {partitionOf, tableArn} from '../arn.js';
import type {ExportPlan} from '../plan.js';
import type {CallerIdentity} from '../ports.js';
import {parseTimeInput} from '../time-input.js';
import {resolveTime} from './field-rules.js';
import {ENVIRONMENT_PROFILE, type Draft} from './fields.js';
import {knownBucketRegion, type Loaded} from './state.js';

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

/** The plan, or undefined when something needed is still missing. */
export function planFromDraft(draft: Draft, loaded: Loaded, now = new Date()): ExportPlan | undefined {
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
	if (plan.type === 'INCREMENTAL_EXPORT') {
		const from = dateOf(draft.incrementalFrom, now);
		const to = dateOf(draft.incrementalTo, now);
		if (!from || !to) return undefined;
		plan.incremental = {from, to, viewType: draft.viewType ?? 'NEW_AND_OLD_IMAGES'};
	}
	return plan;
}

/** A prefix people expect: exports/<table>/ */
export function defaultPrefix(table: string | undefined): string {
	return table ? `exports/${table}/` : 'exports/';
}
