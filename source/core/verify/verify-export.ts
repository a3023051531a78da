// Verifies a finished export as it lies in S3: both manifests against their checksum
// files, then every data file streamed (a few at a time), its MD5 against the manifest's
// and its items counted against the manifest's and the summary's counts. Memory stays
// flat: no file is ever held whole.

import {createHash} from 'node:crypto';
import {once} from 'node:events';
import {createGunzip} from 'node:zlib';
import {AwsCallError, isAbortError, type AwsSession, type ObjectStream, type ObjectSummary} from '../ports.js';
import {checksumKeys, checksumMatches, parseFilesManifest, parseSummary, type DataFileEntry} from './export-manifest.js';
import {ionCounter, jsonLinesCounter, type ItemCounter} from './item-counter.js';
import {fileStatus, overallVerdict, type FileResult, type VerifyReport} from './verdict.js';

/** The export's objects, as one reader (profile) sees them in its bucket. */
export interface ExportObjects {
	text(key: string, signal?: AbortSignal): Promise<string | null>;
	stream(key: string, signal?: AbortSignal): Promise<ObjectStream | null>;
	list(prefix: string, signal?: AbortSignal): Promise<ObjectSummary[]>;
}

/** The export's objects in `bucket` as `session` reads them (`owner`: the expected bucket owner). */
export function exportObjectsOf(session: AwsSession, bucket: string, region: string, owner: string | undefined): ExportObjects {
	return {
		text: (key, signal) => session.getObjectText(bucket, region, key, owner, {signal}),
		stream: (key, signal) => session.getObjectStream(bucket, region, key, owner, {signal}),
		list: (prefix, signal) => session.listObjects(bucket, region, prefix, owner, {signal}),
	};
}

export interface VerifyProgress {
	filesDone: number;
	filesTotal: number;
	bytesDone: number;
	/** From the listing of data/, when it could be listed. */
	bytesTotal?: number;
}

export interface VerifyOptions {
	exportArn: string;
	bucket: string;
	manifestSummaryKey: string;
	signal?: AbortSignal;
	concurrency?: number;
	onProgress?: (progress: VerifyProgress) => void;
}

/** Thrown when the summary itself cannot be read: nothing can be told (the command explains the refusal). */
export class SummaryUnreadable extends Error {
	constructor(readonly error: AwsCallError) {
		super(error.message);
	}
}

function reasonOf(error: unknown): string {
	if (error instanceof AwsCallError) return `${error.operation} was refused or failed: ${error.code}${error.message ? ` (${error.message})` : ''}`;
	return error instanceof Error ? error.message : String(error);
}

async function readChecksum(objects: ExportObjects, manifestKey: string, content: string, name: string, signal: AbortSignal | undefined, report: VerifyReport): Promise<void> {
	for (const key of checksumKeys(manifestKey)) {
		let text: string | null;
		try {
			text = await objects.text(key, signal);
		} catch (error) {
			if (isAbortError(error)) throw error;
			report.unknowns.push(`${name}'s checksum could not be read: ${reasonOf(error)}`);
			return;
		}
		if (text === null) continue;
		const matches = checksumMatches(text, content);
		if (matches === false) report.problems.push(`${name} does not match its checksum file ${key.split('/').pop()}`);
		if (matches === undefined) report.unknowns.push(`${key.split('/').pop()} holds neither a hex nor a base64 MD5, so ${name} could not be checked against it`);
		return;
	}
	report.problems.push(`${name} has no checksum file (.checksum or .md5) beside it`);
}

function counterFor(format: string | undefined): ItemCounter | undefined {
	if (format === 'ION') return ionCounter();
	if (format === undefined || format === 'DYNAMODB_JSON') return jsonLinesCounter();
	return undefined;
}

/** Writes a chunk to the gunzip stream, waiting for it to drain (or fail). */
async function feed(gunzip: ReturnType<typeof createGunzip>, chunk: Uint8Array): Promise<void> {
	if (gunzip.write(chunk)) return;
	// once() rejects on 'error': a file that stops decompressing is recorded by the caller's
	// listener and still hashed to its end, so that rejection is not a read failure.
	await Promise.race([once(gunzip, 'drain'), once(gunzip, 'close')]).catch(() => undefined);
}

/** One data file: its bytes hashed and decompressed as they arrive. */
export async function checkDataFile(entry: DataFileEntry, objects: ExportObjects, format: string | undefined, signal: AbortSignal | undefined, onBytes: (bytes: number) => void): Promise<FileResult> {
	const result: Omit<FileResult, 'status'> = {key: entry.key, expectedItems: entry.itemCount, expectedMd5: entry.md5Checksum, problems: []};
	let object: ObjectStream | null;
	try {
		object = await objects.stream(entry.key, signal);
	} catch (error) {
		if (isAbortError(error)) throw error;
		return {...result, status: 'unknown', countedItems: null, problems: [`could not be read: ${reasonOf(error)}`]};
	}
	if (object === null) return {...result, status: 'missing', problems: ['listed in manifest-files.json but not in the bucket']};

	const hash = createHash('md5');
	const counter = counterFor(format);
	const gunzip = createGunzip();
	let inflateError: Error | undefined;
	gunzip.on('error', (error) => (inflateError ??= error));
	gunzip.on('data', (chunk: Buffer) => counter?.push(chunk));
	const ended = new Promise<void>((resolve) => {
		gunzip.on('end', resolve);
		gunzip.on('close', resolve);
	});
	let bytes = 0;
	try {
		for await (const chunk of object.body) {
			// Ctrl-C stops a file mid-way: the body may not listen to the request's signal.
			signal?.throwIfAborted();
			hash.update(chunk);
			bytes += chunk.length;
			onBytes(chunk.length);
			// A file that no longer decompresses is still hashed to its end.
			if (inflateError === undefined) await feed(gunzip, chunk);
		}
	} catch (error) {
		gunzip.destroy();
		if (isAbortError(error) || signal?.aborted) throw error;
		return {...result, bytes, status: 'unknown', countedItems: null, problems: [`could not be read to its end: ${reasonOf(error)}`]};
	}
	if (bytes > 0 && inflateError === undefined) {
		gunzip.end();
		await ended;
	} else gunzip.destroy();
	result.bytes = bytes;
	result.actualMd5 = hash.digest('base64');
	if (result.actualMd5 !== entry.md5Checksum) result.problems.push(`MD5 ${result.actualMd5} differs from the manifest's ${entry.md5Checksum}`);
	if (inflateError) {
		result.problems.push(`does not decompress: ${inflateError.message} (cut short or altered)`);
		return {...result, countedItems: null, status: 'unreadable'};
	}
	if (bytes === 0) result.countedItems = 0;
	else if (!counter) {
		result.countedItems = null;
		result.problems.push(`unknown: items of format ${format} cannot be counted`);
	} else {
		const counted = counter.end();
		if ('unknown' in counted) {
			result.countedItems = null;
			result.problems.push(`unknown: ${counted.unknown}`);
		} else {
			result.countedItems = counted.count;
			if (counted.problem) result.problems.push(counted.problem);
		}
	}
	if (typeof result.countedItems === 'number' && result.countedItems !== entry.itemCount) {
		result.problems.push(`${result.countedItems} items, the manifest says ${entry.itemCount}`);
	}
	const status = fileStatus(result, true);
	// A damaged line with the right count is still damaged.
	return {...result, status: status === 'intact' && result.problems.length > 0 ? 'damaged' : status};
}

/** Runs `work` over `items` with at most `limit` at a time, keeping their order in the results. */
async function mapBounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await work(items[index]!);
		}
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}

export async function verifyExport(objects: ExportObjects, options: VerifyOptions): Promise<VerifyReport> {
	const {signal} = options;
	const report: VerifyReport = {
		verdict: 'unknown',
		exportArn: options.exportArn,
		bucket: options.bucket,
		manifestSummaryKey: options.manifestSummaryKey,
		bytes: 0,
		files: [],
		problems: [],
		unknowns: [],
	};
	const finish = () => ({...report, verdict: overallVerdict(report)});
	let summaryText: string | null;
	try {
		summaryText = await objects.text(options.manifestSummaryKey, signal);
	} catch (error) {
		if (error instanceof AwsCallError) throw new SummaryUnreadable(error);
		throw error;
	}
	if (summaryText === null) {
		report.problems.push('manifest-summary.json is not in the bucket');
		return finish();
	}
	const summary = parseSummary(summaryText);
	if (!summary.ok) {
		report.problems.push(summary.problem);
		return finish();
	}
	report.outputFormat = summary.value.outputFormat;
	if (summary.value.itemCount !== undefined) report.summaryItemCount = summary.value.itemCount;
	await readChecksum(objects, options.manifestSummaryKey, summaryText, 'manifest-summary.json', signal, report);

	const filesKey = summary.value.manifestFilesS3Key;
	let filesText: string | null;
	try {
		filesText = await objects.text(filesKey, signal);
	} catch (error) {
		if (isAbortError(error)) throw error;
		report.unknowns.push(`manifest-files.json could not be read: ${reasonOf(error)}`);
		return finish();
	}
	if (filesText === null) {
		report.problems.push(`manifest-files.json (${filesKey}) is not in the bucket`);
		return finish();
	}
	await readChecksum(objects, filesKey, filesText, 'manifest-files.json', signal, report);
	const parsed = parseFilesManifest(filesText);
	if (!parsed.ok) {
		report.problems.push(parsed.problem);
		return finish();
	}
	const entries = parsed.value;
	report.manifestItemCount = entries.reduce((sum, e) => sum + e.itemCount, 0);
	if (report.summaryItemCount !== undefined && report.manifestItemCount !== report.summaryItemCount) {
		report.problems.push(`manifest-files.json counts ${report.manifestItemCount} items, manifest-summary.json says ${report.summaryItemCount}`);
	}

	// Files in data/ that the manifest does not name (another writer, a stray copy).
	const dataPrefix = options.manifestSummaryKey.replace(/manifest-summary\.json$/, 'data/');
	let listed: ObjectSummary[] | undefined;
	try {
		listed = await objects.list(dataPrefix, signal);
	} catch (error) {
		if (isAbortError(error)) throw error;
		report.unknowns.push(`data/ could not be listed, so extra files were not looked for: ${reasonOf(error)}`);
	}
	const named = new Set(entries.map((e) => e.key));
	const extras = (listed ?? []).filter((o) => !named.has(o.key));

	const progress: VerifyProgress = {filesDone: 0, filesTotal: entries.length, bytesDone: 0};
	if (listed) progress.bytesTotal = listed.filter((o) => named.has(o.key)).reduce((sum, o) => sum + o.size, 0);
	options.onProgress?.({...progress});
	const results = await mapBounded(entries, options.concurrency ?? 4, async (entry) => {
		const result = await checkDataFile(entry, objects, summary.value.outputFormat, signal, (bytes) => {
			progress.bytesDone += bytes;
			options.onProgress?.({...progress});
		});
		progress.filesDone++;
		options.onProgress?.({...progress});
		return result;
	});
	report.files = [...results, ...extras.map((o): FileResult => ({key: o.key, status: 'extra', bytes: o.size, problems: ['in data/ but not in manifest-files.json']}))];
	report.bytes = progress.bytesDone;
	const counts = results.map((r) => r.countedItems);
	report.countedItemCount = counts.every((c) => typeof c === 'number') ? (counts as number[]).reduce((a, b) => a + b, 0) : null;
	if (report.countedItemCount !== null && report.summaryItemCount !== undefined && report.countedItemCount !== report.summaryItemCount) {
		report.problems.push(`the data files hold ${report.countedItemCount} items, manifest-summary.json says ${report.summaryItemCount}`);
	}
	for (const r of results) if (r.status === 'unknown') for (const p of r.problems) if (!report.unknowns.includes(p)) report.unknowns.push(p);
	return finish();
}
