// One line of a data file as the record `read` prints. A full export's line is
// {"Item": …}: the item itself is printed. An incremental export's line is
// {"Metadata": {"WriteTimestampMicros": …}, "Keys": …, "NewImage": …, "OldImage": …}
// (OldImage only with NEW_AND_OLD_IMAGES; a deletion has no NewImage): it is printed as
// {"Keys": …, "NewImage": …, "OldImage": …, "WriteTime": ISO time to the microsecond,
// "WriteTimestampMicros": the number}, the images unmarshalled, absent ones left out.

import {ExactNumber} from './exact-number.js';
import type {PlainValue} from './plain-json.js';

/** Turns a DynamoDB JSON map ({"a": {"S": "x"}}) into plain values; the SDK's unmarshall, with numbers kept as ExactNumber. */
export type Unmarshal = (image: Record<string, unknown>) => Record<string, PlainValue>;

export type PlainRecord = Record<string, PlainValue>;

function isMap(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof ExactNumber);
}

/** "2026-12-06T21:04:05.123456Z" from microseconds since the epoch; undefined if it is not a time. */
export function microsToIso(micros: string): string | undefined {
	if (!/^\d{1,17}$/.test(micros)) return undefined;
	const value = BigInt(micros);
	const date = new Date(Number(value / 1000n));
	if (Number.isNaN(date.getTime())) return undefined;
	return date.toISOString().replace(/Z$/, `${String(value % 1000n).padStart(3, '0')}Z`);
}

function writeMicros(metadata: unknown): string | undefined {
	if (!isMap(metadata)) return undefined;
	const stamp = metadata.WriteTimestampMicros;
	if (stamp instanceof ExactNumber) return stamp.text;
	if (typeof stamp === 'string' || typeof stamp === 'number' || typeof stamp === 'bigint') return String(stamp);
	return undefined;
}

/** Whether the decoded line is a full export's item or an incremental record, and its images. */
type DecodedLine = {Item?: unknown; Keys?: unknown; NewImage?: unknown; OldImage?: unknown; Metadata?: unknown};

/**
 * The printed record of one decoded line. `image` turns each image into plain values
 * (DynamoDB JSON: the SDK's unmarshall; Ion: already plain). Throws when the line is
 * neither shape.
 */
export function printedRecord(line: DecodedLine, image: (value: Record<string, unknown>) => PlainRecord): PlainRecord {
	if (isMap(line.Item)) return image(line.Item);
	if (!isMap(line.Keys)) throw new Error('neither an Item nor an incremental record with Keys');
	const record: PlainRecord = {Keys: image(line.Keys)};
	if (isMap(line.NewImage)) record.NewImage = image(line.NewImage);
	if (isMap(line.OldImage)) record.OldImage = image(line.OldImage);
	// The metadata is DynamoDB JSON too ({"N": "…"}) in a JSON export, an Ion number in Ion.
	const metadata = isMap(line.Metadata) ? image(line.Metadata) : undefined;
	const micros = writeMicros(metadata);
	if (micros !== undefined) {
		const iso = microsToIso(micros);
		if (iso) record.WriteTime = iso;
		record.WriteTimestampMicros = new ExactNumber(micros);
	}
	return record;
}
