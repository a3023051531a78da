// What a finished export leaves in S3, in the layout and field names DynamoDB uses:
// PREFIX/AWSDynamoDB/<id>/{_started, manifest-summary.json, manifest-summary.checksum,
// manifest-files.json, manifest-files.checksum, data/<name>.json.gz} (the checksum files'
// names are the current guide's; older exports name them .md5). Items are generated
// deterministically from the table name, one file at a time to keep memory small.

import {createHash} from 'node:crypto';
import {gzipSync} from 'node:zlib';
import type {ExportRecord} from './export-record.js';
import {hashString, mulberry32} from './random.js';
import type {Bucket, Table} from './world.js';

type AttributeValue =
	| {S: string}
	| {N: string}
	| {B: string}
	| {SS: string[]}
	| {NS: string[]}
	| {BS: string[]}
	| {BOOL: boolean}
	| {NULL: true}
	| {L: AttributeValue[]}
	| {M: Record<string, AttributeValue>};
type Item = Record<string, AttributeValue>;

/** Keys of an export's objects: "prefix/AWSDynamoDB/<id>/" (the prefix gains a slash). */
export function objectKeyBase(record: ExportRecord): string {
	const prefix = record.params.s3Prefix ?? '';
	const joined = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
	return `${joined}AWSDynamoDB/${record.id}/`;
}

const itemsPerFile = 1000;
const maxItems = 20_000;

/** `count` digits, the first not 0: a number DynamoDB keeps exactly and a double does not. */
function digits(random: () => number, count: number): string {
	let text = String(1 + Math.floor(random() * 9));
	while (text.length < count) text += String(Math.floor(random() * 10));
	return text;
}

function base64Bytes(random: () => number, length: number): string {
	return Buffer.from(Array.from({length}, () => Math.floor(random() * 256))).toString('base64');
}

/**
 * The attribute-types table: every item carries every DynamoDB type (S with quotes,
 * newlines, accents and an emoji; N of 38 digits, a 38-digit fraction, small and negative
 * ones; B; SS, NS, BS; nested M and L; NULL; BOOL), so a reader can be checked value by value.
 */
function attributeTypesItem(random: () => number, id: string, index: number): Item {
	const big = digits(random, 38);
	return {
		id: {S: `item#${id}`},
		text: {S: `Zoë says "hi"\nline 2\t✓ 🚀 #${index}`},
		big: {N: big},
		negativeBig: {N: `-${digits(random, 38)}`},
		fraction: {N: `0.${digits(random, 37)}1`},
		tiny: {N: `-0.000000000000000000000000000000${digits(random, 8)}`},
		count: {N: String(index)},
		price: {N: `${Math.floor(random() * 1000)}.${String(1 + Math.floor(random() * 98)).padStart(2, '0')}`},
		blob: {B: base64Bytes(random, 1 + (index % 40))},
		tags: {SS: ['red', `tag-${index % 7}`, 'blue "quoted"']},
		scores: {NS: ['1', '2.5', big, '-7']},
		chunks: {BS: [base64Bytes(random, 3), base64Bytes(random, 5)]},
		profile: {
			M: {
				name: {S: 'Ada Lovelace'},
				address: {M: {city: {S: 'London'}, geo: {L: [{N: '51.5072'}, {N: '-0.1276'}]}, 'post-code': {S: 'N1 9GU'}}},
				flags: {M: {vip: {BOOL: index % 2 === 0}, none: {NULL: true}}},
			},
		},
		history: {L: [{S: 'created'}, {N: '42'}, {BOOL: false}, {NULL: true}, {L: [{S: 'nested'}, {M: {deep: {N: big}}}]}, {SS: ['a', 'b']}, {B: base64Bytes(random, 4)}]},
		nothing: {NULL: true},
		active: {BOOL: index % 3 !== 0},
	};
}

/** The i-th item of a table, always the same for the same table name and index. */
function generateItem(tableName: string, index: number): Item {
	const random = mulberry32(hashString(tableName) ^ Math.imul(index + 1, 0x9e3779b1));
	const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)]!;
	const id = String(index + 1).padStart(6, '0');
	if (tableName === 'attribute-types') return attributeTypesItem(random, id, index);
	const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 365) * 86_400_000).toISOString();
	if (tableName === 'orders') {
		const lines: AttributeValue[] = [];
		const count = 1 + Math.floor(random() * 3);
		for (let i = 0; i < count; i++) {
			lines.push({M: {sku: {S: `SKU-${1000 + Math.floor(random() * 9000)}`}, quantity: {N: String(1 + Math.floor(random() * 5))}}});
		}
		return {
			orderId: {S: `ORDER#${id}`},
			customerId: {S: `CUST#${String(1 + Math.floor(random() * 1200)).padStart(5, '0')}`},
			status: {S: pick(['PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'RETURNED'])},
			total: {N: (Math.floor(random() * 50_000) / 100).toFixed(2)},
			createdAt: {S: day},
			gift: {BOOL: random() < 0.1},
			lines: {L: lines},
		};
	}
	if (tableName === 'customers') {
		return {
			customerId: {S: `CUST#${String(index + 1).padStart(5, '0')}`},
			name: {S: `${pick(['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken'])} ${pick(['Lovelace', 'Hopper', 'Turing', 'Liskov', 'Thompson'])}`},
			email: {S: `customer${id}@example.com`},
			country: {S: pick(['DE', 'FR', 'US', 'JP', 'BR', 'IN'])},
			since: {S: day},
		};
	}
	return {
		pk: {S: `${tableName}#${id}`},
		sk: {S: `v${Math.floor(random() * 10)}`},
		value: {N: String(Math.floor(random() * 1_000_000))},
		updatedAt: {S: day},
	};
}

/**
 * A DynamoDB number as an Ion decimal, as DynamoDB writes them: `103.` (an Ion int would
 * be another type), `2.5`, and an exponent with d (`1d5`).
 */
function ionDecimal(number: string): string {
	const [mantissa = '', exponent] = number.split(/[eE]/);
	const decimal = mantissa.includes('.') ? mantissa : `${mantissa}.`;
	return exponent === undefined ? decimal : `${decimal}d${Number(exponent)}`;
}

/** A struct's field name: bare where Ion allows (orderId), else a quoted string ('post-code' → "post-code"). */
function ionField(name: string): string {
	return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !['true', 'false', 'null', 'nan'].includes(name) ? name : JSON.stringify(name);
}

/** Ion text for a DynamoDB attribute value, by AWS's mapping (sets are lists annotated $dynamodb_SS, _NS, _BS). */
function ionValue(value: AttributeValue): string {
	// A JSON string is an Ion string: the same quotes and escapes (\n, \", \uXXXX).
	if ('S' in value) return JSON.stringify(value.S);
	if ('N' in value) return ionDecimal(value.N);
	if ('B' in value) return `{{${value.B}}}`;
	if ('SS' in value) return `$dynamodb_SS::[${value.SS.map((s) => JSON.stringify(s)).join(',')}]`;
	if ('NS' in value) return `$dynamodb_NS::[${value.NS.map(ionDecimal).join(',')}]`;
	if ('BS' in value) return `$dynamodb_BS::[${value.BS.map((b) => `{{${b}}}`).join(',')}]`;
	if ('BOOL' in value) return String(value.BOOL);
	if ('NULL' in value) return 'null';
	if ('L' in value) return `[${value.L.map(ionValue).join(',')}]`;
	return `{${Object.entries(value.M).map(([k, v]) => `${ionField(k)}:${ionValue(v)}`).join(',')}}`;
}

/** The partition key: the first attribute of every generated item. */
function keysOf(item: Item): Item {
	const first = Object.keys(item)[0];
	return first === undefined ? {} : {[first]: item[first]!};
}

/**
 * What the i-th change of an incremental export was, as AWS shapes its record: an insert
 * (NewImage only), an update (NewImage, and OldImage with NEW_AND_OLD_IMAGES) or a
 * deletion (no NewImage; OldImage with NEW_AND_OLD_IMAGES). Three in ten are inserts, one
 * in ten a deletion.
 */
function changeOf(index: number): 'insert' | 'update' | 'delete' {
	const slot = index % 10;
	return slot === 9 ? 'delete' : slot < 3 ? 'insert' : 'update';
}

/** The item as it was before an update or a deletion: another version with the same key. */
function previousVersion(tableName: string, item: Item, index: number): Item {
	return {...generateItem(`${tableName}#before`, index), ...keysOf(item)};
}

function lineFor(record: ExportRecord, tableName: string, item: Item, index: number): string {
	const ion = record.params.exportFormat === 'ION';
	if (record.params.exportType === 'INCREMENTAL_EXPORT') {
		const spec = record.params.incremental!;
		const writeTime = spec.from + ((index * 7919) % Math.max(1, spec.to - spec.from));
		// The write time in microseconds, as AWS names it (WriteTimestampMicros).
		const micros = String(writeTime * 1000);
		const change = changeOf(index);
		const images: [string, Item][] = [];
		if (change !== 'delete') images.push(['NewImage', item]);
		if (change !== 'insert' && spec.viewType === 'NEW_AND_OLD_IMAGES') images.push(['OldImage', previousVersion(tableName, item, index)]);
		// Ion: the same record as a struct, each line behind the version marker as AWS writes it.
		if (ion) {
			const rest = images.map(([name, image]) => `,${name}:${ionValue({M: image})}`).join('');
			return `$ion_1_0 {Metadata:{WriteTimestampMicros:${ionDecimal(micros)}},Keys:${ionValue({M: keysOf(item)})}${rest}}`;
		}
		const entry: Record<string, unknown> = {Metadata: {WriteTimestampMicros: {N: micros}}, Keys: keysOf(item)};
		for (const [name, image] of images) entry[name] = image;
		return JSON.stringify(entry);
	}
	return ion ? `$ion_1_0 {Item:${ionValue({M: item})}}` : JSON.stringify({Item: item});
}

/** A 26-character lower-case base32 name, like the data files DynamoDB writes. */
function dataFileName(exportId: string, index: number): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
	const digest = createHash('sha256').update(`${exportId}/${index}`).digest();
	let name = '';
	for (let i = 0; i < 26; i++) name += alphabet[digest[i]! % 32];
	return name;
}

function md5(data: Buffer | string): Buffer {
	return createHash('md5').update(data).digest();
}

export interface WrittenExport {
	itemCount: number;
	billedSizeBytes: number;
	manifestSummaryKey: string;
}

export function writeExportFiles(
	record: ExportRecord,
	table: Table,
	bucket: Bucket,
	sse: {algorithm: string; kmsKeyArn?: string},
	now: number,
): WrittenExport {
	const base = objectKeyBase(record);
	const put = (key: string, body: Buffer, contentType?: string) => {
		bucket.objects.set(key, {key, body, etag: md5(body).toString('hex'), lastModified: now, contentType, sse});
	};
	const total = Math.min(table.itemCount, table.exportedItemCap ?? maxItems);
	const itemCount = record.params.exportType === 'INCREMENTAL_EXPORT' ? Math.max(1, Math.floor(total / 20)) : total;
	const extension = record.params.exportFormat === 'ION' ? 'ion.gz' : 'json.gz';

	const manifestLines: string[] = [];
	let billedSizeBytes = 0;
	for (let file = 0, start = 0; start < itemCount || (file === 0 && itemCount === 0); file++, start += itemsPerFile) {
		const end = Math.min(itemCount, start + itemsPerFile);
		const lines: string[] = [];
		for (let i = start; i < end; i++) lines.push(lineFor(record, table.name, generateItem(table.name, i), i));
		const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
		billedSizeBytes += Buffer.byteLength(text);
		const body = gzipSync(text);
		const key = `${base}data/${dataFileName(record.id, file)}.${extension}`;
		put(key, body, 'application/octet-stream');
		const digest = md5(body);
		manifestLines.push(
			JSON.stringify({itemCount: end - start, md5Checksum: digest.toString('base64'), etag: `${digest.toString('hex')}-1`, dataFileS3Key: key}),
		);
		if (itemCount === 0) break;
	}

	const manifestFiles = `${manifestLines.join('\n')}\n`;
	put(`${base}manifest-files.json`, Buffer.from(manifestFiles), 'application/json');
	put(`${base}manifest-files.checksum`, Buffer.from(md5(manifestFiles).toString('base64')), 'text/plain');
	const summary: Record<string, unknown> = {
		version: '2020-06-30',
		exportArn: record.arn,
		startTime: new Date(record.startTime).toISOString(),
		endTime: new Date(now).toISOString(),
		tableArn: record.params.tableArn,
		tableId: record.tableId,
		exportTime: new Date(record.exportTime).toISOString(),
		s3Bucket: bucket.name,
		s3Prefix: record.params.s3Prefix ?? null,
		s3SseAlgorithm: record.params.s3SseAlgorithm,
		s3SseKmsKeyId: sse.kmsKeyArn ?? null,
		manifestFilesS3Key: `${base}manifest-files.json`,
		billedSizeBytes,
		itemCount,
		outputFormat: record.params.exportFormat,
		exportType: record.params.exportType,
	};
	if (record.params.incremental) {
		summary.exportFromTime = new Date(record.params.incremental.from).toISOString();
		summary.exportToTime = new Date(record.params.incremental.to).toISOString();
		summary.outputView = record.params.incremental.viewType;
	}
	const summaryText = JSON.stringify(summary);
	put(`${base}manifest-summary.json`, Buffer.from(summaryText), 'application/json');
	put(`${base}manifest-summary.checksum`, Buffer.from(md5(summaryText).toString('base64')), 'text/plain');
	return {itemCount, billedSizeBytes, manifestSummaryKey: `${base}manifest-summary.json`};
}
