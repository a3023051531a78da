// What the wizard can tell at the step where something is entered, rather than first at
// the checks: PITR off for the chosen table, a prefix with spaces at its ends, a bucket in
// another Region than the table, a key named for another table, a key in another Region
// than the bucket. A warning is said once; the same answer again goes on.

import {validateKmsKeyRef} from '../validate.js';
import type {Draft, FieldId} from './fields.js';
import {knownBucketRegion, type WizardState} from './state.js';

/** The tables the account listed (the Table step's list), for telling whose a key is. */
function listedTables(state: WizardState): string[] {
	const tables = state.loaded.tables;
	return tables.status === 'ready' ? tables.value : tables.status === 'loading' ? (tables.partial ?? []) : [];
}

function mentions(alias: string, table: string): boolean {
	const name = alias.replace(/^alias\//, '').toLowerCase();
	const escaped = table.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[-_/.])${escaped}($|[-_/.])`).test(name);
}

/** Whether one of a key's aliases names `table` (alias/orders-exports for orders). */
export function keyNamesTable(aliases: string[], table: string): boolean {
	return aliases.some((a) => mentions(a, table));
}

/**
 * The other table a key's aliases name, when they name one and not `table` itself
 * (alias/payments-table for a plan that exports orders).
 */
export function otherTableOfKey(aliases: string[], table: string | undefined, tables: string[]): string | undefined {
	if (table && keyNamesTable(aliases, table)) return undefined;
	return tables.find((other) => other !== table && keyNamesTable(aliases, other));
}

/** The warning for an answer that is valid but probably not meant, or undefined. */
export function entryWarning(state: WizardState, field: FieldId, patch: Partial<Draft>): string | undefined {
	const {draft, loaded} = state;
	switch (field) {
		case 'table': {
			const table = loaded.table.status === 'ready' && loaded.table.value.name === patch.table ? loaded.table.value : undefined;
			if (table?.pitr && !table.pitr.enabled) {
				return `Point-in-time recovery is off for ${patch.table}, and an export needs it. The checks will offer to turn it on (it is billed by table size). Enter again to go on with this table, or choose another.`;
			}
			return undefined;
		}
		case 'bucket': {
			if (draft.destination === 'other-account' || !draft.region) return undefined;
			const listed = loaded.buckets.status === 'ready' ? loaded.buckets.value.find((b) => b.name === patch.bucket) : undefined;
			if (!listed?.region || listed.region === draft.region) return undefined;
			return `Bucket ${listed.name} is in ${listed.region}, the table in ${draft.region}: the export crosses Regions (the transfer is billed, and the data leaves ${draft.region}). Enter again to use it, or choose another bucket.`;
		}
		case 'prefix': {
			const prefix = patch.prefix ?? '';
			if (prefix === prefix.trim()) return undefined;
			const where = prefix.trimStart() !== prefix ? (prefix.trimEnd() !== prefix ? 'starts and ends' : 'starts') : 'ends';
			return `The prefix ${where} with a space, which becomes part of every object key ("${prefix}"). Enter again to keep it, or remove the space.`;
		}
		case 'kmsKey': {
			const keys = loaded.keys.status === 'ready' ? loaded.keys.value.keys : [];
			const key = keys.find((k) => k.aliases.includes(patch.kmsKey ?? '') || k.arn === patch.kmsKey || k.keyId === patch.kmsKey);
			const other = otherTableOfKey(key?.aliases ?? (patch.kmsKey?.startsWith('alias/') ? [patch.kmsKey] : []), draft.table, listedTables(state));
			if (!other) return undefined;
			return `${patch.kmsKey} looks like the key of table ${other} (its alias names it), not of ${draft.table ?? 'this table'}. Enter again to use it, or choose another key.`;
		}
		default:
			return undefined;
	}
}

/**
 * Why a key cannot serve the bucket, known from its ARN before any call: a KMS key for the
 * export must be in the bucket's Region. Undefined when it can, or when the bucket's Region
 * is not known yet.
 */
export function keyRegionProblem(value: string, draft: Draft, loaded: WizardState['loaded']): string | undefined {
	const ref = validateKmsKeyRef(value);
	if (!ref.ok || !ref.value.region) return undefined;
	const bucketRegion = knownBucketRegion(loaded, draft.bucket);
	if (!bucketRegion || ref.value.region === bucketRegion) return undefined;
	return `This key is in ${ref.value.region}, but the bucket ${draft.bucket} is in ${bucketRegion}: a KMS key for the export must be in the bucket's Region. Choose a key in ${bucketRegion}.`;
}
