// The wizard is a sequence of questions ("fields") grouped in steps. Which fields are
// asked depends on earlier answers (an owner account only for another account's
// bucket, a key only for KMS...). Going back walks this same sequence backwards, so
// "back" always lands on the question the user saw before.

import type {ExportFormat, ExportType, ExportViewType, SseAlgorithm} from '../plan.js';

export type FieldId =
	| 'profile'
	| 'region'
	| 'table'
	| 'destination'
	| 'bucket'
	| 'bucketOwner'
	| 'prefix'
	| 'sse'
	| 'kmsKey'
	| 'format'
	| 'exportType'
	| 'timeMode'
	| 'exportTime'
	| 'incrementalMode'
	| 'incrementalFrom'
	| 'incrementalTo'
	| 'viewType'
	| 'review';

export type StepId = 'profile' | 'table' | 'destination' | 'encryption' | 'options' | 'review';

/** Everything the user entered, as entered. Never thrown away by going back or by an error. */
export interface Draft {
	/** Profile name; ENVIRONMENT_PROFILE for credentials from the environment. */
	profile?: string;
	/**
	 * Profiles chosen with Space at the Profile step (several accounts in one batch), in the
	 * list's order; the first is `profile`, whose session lists buckets and keys.
	 */
	profiles?: string[];
	region?: string;
	table?: string;
	/**
	 * Tables chosen with Space (or Ctrl-A) at the Table step, in the list's order: one is the
	 * single export of that table, more are a batch (table-selection.ts).
	 */
	tables?: string[];
	destination?: 'this-account' | 'other-account';
	bucket?: string;
	bucketOwner?: string;
	prefix?: string;
	sse?: SseAlgorithm;
	kmsKey?: string;
	format?: ExportFormat;
	exportType?: ExportType;
	timeMode?: 'latest' | 'choose';
	exportTime?: string;
	/** Incremental only: a window typed (from, to), or everything since the last export to the destination (a chain). */
	incrementalMode?: 'window' | 'since-last';
	incrementalFrom?: string;
	incrementalTo?: string;
	viewType?: ExportViewType;
}

export const ENVIRONMENT_PROFILE = '(environment)';

export const STEP_OF: Record<FieldId, StepId> = {
	profile: 'profile',
	region: 'profile',
	table: 'table',
	destination: 'destination',
	bucket: 'destination',
	bucketOwner: 'destination',
	prefix: 'destination',
	sse: 'encryption',
	kmsKey: 'encryption',
	format: 'options',
	exportType: 'options',
	timeMode: 'options',
	exportTime: 'options',
	incrementalMode: 'options',
	incrementalFrom: 'options',
	incrementalTo: 'options',
	viewType: 'options',
	review: 'review',
};

export const STEP_TITLES: Record<StepId, string> = {
	profile: 'Profile and Region',
	table: 'Table',
	destination: 'Destination',
	encryption: 'Encryption',
	options: 'Export options',
	review: 'Review',
};

export const STEPS: StepId[] = ['profile', 'table', 'destination', 'encryption', 'options', 'review'];

/** The questions to ask, in order, given what has been answered so far. */
export function fieldsFor(draft: Draft): FieldId[] {
	const fields: FieldId[] = ['profile', 'region', 'table', 'destination', 'bucket'];
	if (draft.destination === 'other-account') fields.push('bucketOwner');
	fields.push('prefix', 'sse');
	if (draft.sse === 'KMS') fields.push('kmsKey');
	fields.push('format', 'exportType');
	if (draft.exportType === 'INCREMENTAL_EXPORT') {
		// Everything since the last export to the destination (a chain) needs no times.
		fields.push('incrementalMode');
		if (draft.incrementalMode !== 'since-last') fields.push('incrementalFrom', 'incrementalTo');
		fields.push('viewType');
	} else {
		fields.push('timeMode');
		if (draft.timeMode === 'choose') fields.push('exportTime');
	}
	fields.push('review');
	return fields;
}

export function nextField(draft: Draft, current: FieldId): FieldId {
	const fields = fieldsFor(draft);
	const index = fields.indexOf(current);
	return fields[Math.min(index + 1, fields.length - 1)]!;
}

export function previousField(draft: Draft, current: FieldId): FieldId | undefined {
	const fields = fieldsFor(draft);
	const index = fields.indexOf(current);
	return index > 0 ? fields[index - 1] : undefined;
}
