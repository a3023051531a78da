// What each field accepts. Every rule runs before any AWS call and answers with a
// message that names the field and the rule (from validate.ts / time-input.ts).

import {prefixTemplateProblem} from '../batch/prefix-template.js';
import {isBatch} from './table-selection.js';
import {
	awsManagedKeyProblem,
	parseS3Url,
	validateAccountId,
	validateKmsKeyRef,
	validatePrefix,
	validateRegion,
	validateTableName,
} from '../validate.js';
import {parseTimeInput, validateExportTime, validateIncrementalWindow} from '../time-input.js';
import {keyRegionProblem} from './entry-warnings.js';
import type {Draft, FieldId} from './fields.js';
import type {Loaded} from './state.js';

export type FieldOutcome = {ok: true; patch: Partial<Draft>} | {ok: false; message: string};

const CHOICES: Partial<Record<FieldId, readonly string[]>> = {
	destination: ['this-account', 'other-account'],
	sse: ['AES256', 'KMS'],
	format: ['DYNAMODB_JSON', 'ION'],
	exportType: ['FULL_EXPORT', 'INCREMENTAL_EXPORT'],
	incrementalMode: ['since-last', 'window'],
	timeMode: ['latest', 'choose'],
	viewType: ['NEW_IMAGE', 'NEW_AND_OLD_IMAGES'],
};

function pitrWindow(draft: Draft, loaded: Loaded): {earliest?: Date; latest?: Date} | undefined {
	if (loaded.table.status !== 'ready' || loaded.table.value.name !== draft.table) return undefined;
	const pitr = loaded.table.value.pitr;
	return pitr?.enabled ? {earliest: pitr.earliest, latest: pitr.latest} : undefined;
}

/** 'latest' means the latest restorable time (about five minutes ago when unknown). */
export function resolveTime(value: Date | 'latest', window: {latest?: Date} | undefined, now: Date): Date {
	if (value !== 'latest') return value;
	return window?.latest ?? new Date(now.getTime() - 5 * 60_000);
}

function fail(message: string): FieldOutcome {
	return {ok: false, message};
}

/** Every message names its field, so "Bucket owner: …" even when the rule's text does not. */
function failed(result: {field: string; message: string}): FieldOutcome {
	if (result.message.toLowerCase().includes(result.field.toLowerCase())) return fail(result.message);
	return fail(`${result.field[0]!.toUpperCase()}${result.field.slice(1)}: ${result.message}`);
}

/** Checks `value` for `field`; on success returns the draft fields it sets. */
export function applyAnswer(field: FieldId, raw: string, draft: Draft, loaded: Loaded, now: Date): FieldOutcome {
	const value = raw.trim();
	if (field === 'incrementalMode' && value === 'since-last' && isBatch(draft)) {
		return fail('Incremental export: "since the last export" is for one table; a batch exports one window for all its tables (choose the window).');
	}
	const choices = CHOICES[field];
	if (choices) {
		return choices.includes(value) ? {ok: true, patch: {[field]: value}} : fail(`${field}: choose one of ${choices.join(', ')}.`);
	}
	switch (field) {
		case 'profile': {
			if (!value) return fail('Profile: choose a profile.');
			// Checked against the shared config files before any AWS call.
			const known = loaded.profiles.status === 'ready' ? loaded.profiles.value.map((p) => p.name) : undefined;
			if (known && !known.includes(value)) {
				return fail(
					`Profile: there is no profile "${value}" in your AWS config or credentials file${known.length > 0 ? `; choose one of ${known.join(', ')}` : ''}, or create it with aws configure --profile ${value}.`,
				);
			}
			return {ok: true, patch: {profile: value}};
		}
		case 'region': {
			const result = validateRegion(value);
			return result.ok ? {ok: true, patch: {region: result.value}} : failed(result);
		}
		case 'table': {
			const result = validateTableName(value);
			return result.ok ? {ok: true, patch: {table: result.value}} : failed(result);
		}
		case 'bucket': {
			// A bucket the account listed exists as named, even a legacy name the current rules refuse.
			if (loaded.buckets.status === 'ready' && loaded.buckets.value.some((b) => b.name === value)) return {ok: true, patch: {bucket: value}};
			// Accepts a bare name or a pasted s3://bucket/prefix.
			const result = parseS3Url(value);
			if (!result.ok) return failed(result);
			const patch: Partial<Draft> = {bucket: result.value.bucket};
			if (result.value.prefix) patch.prefix = result.value.prefix;
			return {ok: true, patch};
		}
		case 'bucketOwner': {
			const result = validateAccountId(value);
			return result.ok ? {ok: true, patch: {bucketOwner: result.value}} : failed(result);
		}
		case 'prefix': {
			if (isBatch(draft)) {
				// A batch's prefix is a template ({table}/…), said in the wizard's words (no flag here).
				const problem = prefixTemplateProblem(raw);
				return problem ? fail(problem.replace(/^--s3-prefix:? ?/, 'Prefix: ')) : {ok: true, patch: {prefix: raw}};
			}
			// Keep what was typed (spaces included): S3 keys may contain them.
			const result = validatePrefix(raw);
			return result.ok ? {ok: true, patch: {prefix: result.value}} : failed(result);
		}
		case 'kmsKey': {
			const result = validateKmsKeyRef(value);
			if (!result.ok) return failed(result);
			const problem = awsManagedKeyProblem(value, draft.destination === 'other-account') ?? keyRegionProblem(value, draft, loaded);
			return problem ? failed({field: 'KMS key', message: problem}) : {ok: true, patch: {kmsKey: value}};
		}
		case 'exportTime': {
			const parsed = parseTimeInput(value, now);
			if (!parsed.ok) return failed(parsed);
			if (parsed.value === 'latest') return {ok: true, patch: {exportTime: undefined, timeMode: 'latest'}};
			const inWindow = validateExportTime(parsed.value, pitrWindow(draft, loaded) ?? {}, now);
			return inWindow.ok ? {ok: true, patch: {exportTime: value}} : failed(inWindow);
		}
		case 'incrementalFrom': {
			const parsed = parseTimeInput(value, now, 'incremental from');
			return parsed.ok ? {ok: true, patch: {incrementalFrom: value}} : failed(parsed);
		}
		case 'incrementalTo': {
			const parsed = parseTimeInput(value, now, 'incremental to');
			if (!parsed.ok) return failed(parsed);
			const from = parseTimeInput(draft.incrementalFrom ?? '', now, 'incremental from');
			if (!from.ok) return failed(from);
			const window = pitrWindow(draft, loaded);
			const window_ = validateIncrementalWindow(resolveTime(from.value, window, now), resolveTime(parsed.value, window, now), window, now);
			return window_.ok ? {ok: true, patch: {incrementalTo: value}} : failed(window_);
		}
		case 'review':
			if (value === 'full-instead') return {ok: true, patch: {exportType: 'FULL_EXPORT', timeMode: 'latest', exportTime: undefined}};
			return value === 'run-checks' ? {ok: true, patch: {}} : fail('Review: choose "Check prerequisites" or go back.');
		default:
			return fail(`${field}: unexpected answer.`);
	}
}
