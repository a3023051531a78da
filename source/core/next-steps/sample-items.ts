// A few items from the start of one data file (DynamoDB JSON, or Ion read back into
// DynamoDB JSON's typed shape), to type the Athena columns beyond the key. Only the file's first bytes are read (a Range request), so the
// gzip stream is cut: inflate what there is, keep the whole lines.

import {constants, gunzipSync} from 'node:zlib';
import {ionRecordsAsDynamoDbJson} from '../read/ion-values.js';

/** Bytes read from the start of a data file: some hundreds of items, whatever its size. */
export const SAMPLE_BYTES = 256 * 1024;
export const SAMPLE_ITEMS = 200;

/** The first data file listed with items, from manifest-files.json (one JSON object a line). */
export function firstDataFileKey(manifestFiles: string): string | undefined {
	for (const line of manifestFiles.split('\n')) {
		if (line.trim() === '') continue;
		try {
			const entry = JSON.parse(line) as {dataFileS3Key?: unknown; itemCount?: unknown};
			if (typeof entry.dataFileS3Key === 'string' && (entry.itemCount === undefined || Number(entry.itemCount) > 0)) return entry.dataFileS3Key;
		} catch {
			// A line that is not JSON names no file.
		}
	}
	return undefined;
}

/**
 * Items (DynamoDB JSON) from the start of a gzipped data file: a full export's `Item`,
 * an incremental one's `NewImage` (or `Keys` for a deletion). `complete` says the bytes
 * were the whole file, so that its last line is whole too.
 */
export function sampleItems(gzipped: Uint8Array, complete: boolean, maxItems = SAMPLE_ITEMS, format = 'DYNAMODB_JSON'): Record<string, unknown>[] {
	// A cut stream inflates as far as it goes with a sync flush instead of failing.
	const text = gunzipSync(gzipped, {finishFlush: constants.Z_SYNC_FLUSH}).toString('utf8');
	const lines = text.split('\n');
	if (!complete) lines.pop();
	const items: Record<string, unknown>[] = [];
	for (const line of lines) {
		if (items.length >= maxItems) break;
		if (line.trim() === '') continue;
		let records: Record<string, unknown>[];
		try {
			records = format === 'ION' ? ionRecordsAsDynamoDbJson(line) : [JSON.parse(line) as Record<string, unknown>];
		} catch {
			continue;
		}
		for (const record of records) {
			const item = record.Item ?? record.NewImage ?? record.Keys;
			if (typeof item === 'object' && item !== null && !Array.isArray(item) && items.length < maxItems) items.push(item as Record<string, unknown>);
		}
	}
	return items;
}
