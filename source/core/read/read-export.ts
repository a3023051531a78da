// Reads a completed export's items as plain records, one data file after another (in the
// manifest's order), streamed: each file is inflated as it arrives and split into lines,
// and the next chunk is only asked for when the consumer wants the next item, so memory
// stays flat however big the export and a slow reader (a pipe) slows the download.
//
//   for await (const item of readExportItems(session, description, {unmarshal, limit: 5})) …
//
// `session` reads the files (across accounts: the bucket owner's); `unmarshal` is the
// SDK's (loadUnmarshal() of source/aws/unmarshal-item.ts), as the core imports no SDK.

import {pipeline, Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';
import {AwsCallError, isAbortError, type AwsSession, type ExportDescription} from '../ports.js';
import {parseFilesManifest, parseSummary, type DataFileEntry} from '../verify/export-manifest.js';
import {exportObjectsOf, SummaryUnreadable, type ExportObjects} from '../verify/verify-export.js';
import {printedRecord, type PlainRecord, type Unmarshal} from './export-record.js';
import {ionStructs} from './ion-values.js';
import {LineTooLong, splitLines} from './line-splitter.js';
import {plainJson, type PlainValue} from './plain-json.js';

export interface ReadItem {
	/** The record as one line of JSON (no newline). */
	json: string;
	/** The same record as values (numbers as ExactNumber, binary as bytes). */
	value: PlainRecord;
	/** The data file it came from (its S3 key). */
	file: string;
	/** Its place among the items read, from 0. */
	index: number;
}

export interface ReadProgress {
	filesDone: number;
	filesTotal: number;
	/** Compressed bytes read from S3. */
	bytesDone: number;
	/** From the listing of data/, when it could be listed. */
	bytesTotal?: number;
	items: number;
}

export interface ReadOptions {
	unmarshal: Unmarshal;
	/** Stop after this many items (a preview). */
	limit?: number;
	signal?: AbortSignal;
	/** Called as bytes arrive; asking for it costs one ListObjectsV2 of data/ for the total. */
	onProgress?: (progress: ReadProgress) => void;
	/** Called once the manifests are read: the data files, in the order they will be read. */
	onFiles?: (files: DataFileEntry[], format: string) => void;
}

/** Why reading stopped: `damaged` (a file missing, cut or not what it should be) or `unknown` (refused, network). */
export class ReadExportError extends Error {
	readonly kind: 'damaged' | 'unknown' | 'not-completed';
	readonly file?: string;
	readonly awsError?: AwsCallError;
	constructor(kind: 'damaged' | 'unknown' | 'not-completed', message: string, details: {file?: string; awsError?: AwsCallError} = {}) {
		super(message);
		this.kind = kind;
		if (details.file !== undefined) this.file = details.file;
		if (details.awsError) this.awsError = details.awsError;
	}
}

function reasonOf(error: unknown): string {
	if (error instanceof AwsCallError) return `${error.operation} was refused or failed: ${error.code}${error.message ? ` (${error.message})` : ''}`;
	return error instanceof Error ? error.message : String(error);
}

function regionOfArn(arn: string): string | undefined {
	return arn.split(':')[3] || undefined;
}

/** The export's objects as `session` sees them, in the bucket's own Region. */
async function objectsFor(session: AwsSession, description: ExportDescription, signal?: AbortSignal): Promise<ExportObjects> {
	const bucket = description.s3Bucket!;
	const fallback = regionOfArn(description.exportArn) ?? 'us-east-1';
	// S3 redirects too, so a refused lookup falls back to the export's Region.
	const region = await session.bucketRegion(bucket, description.s3BucketOwner, {signal}).catch((error: unknown) => {
		if (isAbortError(error)) throw error;
		return fallback;
	});
	return exportObjectsOf(session, bucket, region, description.s3BucketOwner);
}

async function readManifests(objects: ExportObjects, manifestKey: string, signal?: AbortSignal): Promise<{format: string; files: DataFileEntry[]}> {
	let summaryText: string | null;
	try {
		summaryText = await objects.text(manifestKey, signal);
	} catch (error) {
		if (error instanceof AwsCallError) throw new SummaryUnreadable(error);
		throw error;
	}
	if (summaryText === null) throw new ReadExportError('damaged', 'manifest-summary.json is not in the bucket');
	const summary = parseSummary(summaryText);
	if (!summary.ok) throw new ReadExportError('damaged', summary.problem);
	let filesText: string | null;
	try {
		filesText = await objects.text(summary.value.manifestFilesS3Key, signal);
	} catch (error) {
		if (isAbortError(error) || !(error instanceof AwsCallError)) throw error;
		throw new ReadExportError('unknown', `manifest-files.json could not be read: ${reasonOf(error)}`, {awsError: error});
	}
	if (filesText === null) throw new ReadExportError('damaged', `manifest-files.json (${summary.value.manifestFilesS3Key}) is not in the bucket`);
	const files = parseFilesManifest(filesText);
	if (!files.ok) throw new ReadExportError('damaged', files.problem);
	return {format: summary.value.outputFormat, files: files.value};
}

/** A line's records: DynamoDB JSON is one per line, an Ion line may hold several structs. */
function lineDecoder(format: string, unmarshal: Unmarshal): (text: string) => PlainRecord[] {
	if (format === 'ION') return (text) => ionStructs(text).map((struct) => printedRecord(struct, (image) => image as PlainRecord));
	if (format !== 'DYNAMODB_JSON') throw new ReadExportError('unknown', `the export's format ${format} is neither DYNAMODB_JSON nor ION: its items cannot be read`);
	return (text) => [printedRecord(JSON.parse(text) as Record<string, unknown>, unmarshal)];
}

/** A data file's inflated bytes; `onBytes` counts the compressed ones as they arrive. */
async function openDataFile(objects: ExportObjects, entry: DataFileEntry, signal: AbortSignal | undefined, onBytes: (bytes: number) => void) {
	let object: Awaited<ReturnType<ExportObjects['stream']>>;
	try {
		object = await objects.stream(entry.key, signal);
	} catch (error) {
		if (isAbortError(error) || !(error instanceof AwsCallError)) throw error;
		throw new ReadExportError('unknown', `could not be read: ${reasonOf(error)}`, {file: entry.key, awsError: error});
	}
	if (object === null) throw new ReadExportError('damaged', 'listed in manifest-files.json but not in the bucket', {file: entry.key});
	const body = object.body;
	const counted = (async function* () {
		for await (const chunk of body) {
			// Ctrl-C stops a file mid-way: the body may not listen to the request's signal.
			signal?.throwIfAborted();
			onBytes(chunk.length);
			yield chunk;
		}
	})();
	const source = Readable.from(counted, {objectMode: false});
	const gunzip = createGunzip();
	// Errors reach the reader through gunzip (pipeline destroys it with the source's error).
	pipeline(source, gunzip, () => undefined);
	return gunzip;
}

export async function* readExportItems(session: AwsSession, description: ExportDescription, options: ReadOptions): AsyncGenerator<ReadItem> {
	const {signal} = options;
	if (description.status !== 'COMPLETED' || !description.s3Bucket || !description.exportManifest) {
		throw new ReadExportError('not-completed', `the export is ${description.status}: only a COMPLETED export has items to read`);
	}
	const objects = await objectsFor(session, description, signal);
	const {format, files} = await readManifests(objects, description.exportManifest, signal);
	const decode = lineDecoder(format, options.unmarshal);
	options.onFiles?.(files, format);
	const progress: ReadProgress = {filesDone: 0, filesTotal: files.length, bytesDone: 0, items: 0};
	if (options.onProgress) {
		const dataPrefix = description.exportManifest.replace(/manifest-summary\.json$/, 'data/');
		const named = new Set(files.map((f) => f.key));
		const listed = await objects.list(dataPrefix, signal).catch((error: unknown) => {
			if (isAbortError(error)) throw error;
			return undefined;
		});
		if (listed) progress.bytesTotal = listed.filter((o) => named.has(o.key)).reduce((sum, o) => sum + o.size, 0);
		options.onProgress({...progress});
	}
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	if (limit <= 0) return;
	const onBytes = (bytes: number) => {
		progress.bytesDone += bytes;
		options.onProgress?.({...progress});
	};
	// The next file's GetObject is sent while this one is read, so its first bytes are there
	// when they are needed (a round trip per file saved); it holds at most a buffer meanwhile.
	// A preview (limit) opens each file only when it gets there.
	const open = (entry: DataFileEntry) => {
		const opening = openDataFile(objects, entry, signal, onBytes);
		opening.catch(() => undefined);
		return opening;
	};
	let next: Promise<Awaited<ReturnType<typeof openDataFile>>> | undefined;
	try {
		for (const [fileIndex, entry] of files.entries()) {
			const inflated = await (next ?? open(entry));
			next = options.limit === undefined && files[fileIndex + 1] ? open(files[fileIndex + 1]!) : undefined;
			let line = 0;
			try {
				for await (const bytes of splitLines(inflated)) {
					line++;
					const text = bytes.toString('utf8');
					if (text.trim() === '') continue;
					let records: PlainRecord[];
					try {
						records = decode(text);
					} catch (error) {
						if (error instanceof ReadExportError) throw error;
						const what = format === 'ION' ? 'Ion' : 'DynamoDB JSON';
						throw new ReadExportError('damaged', `line ${line} is not an item in ${what} (${(error as Error).message})`, {file: entry.key});
					}
					for (const value of records) {
						yield {json: plainJson(value as PlainValue), value, file: entry.key, index: progress.items};
						progress.items++;
						if (progress.items >= limit) return;
					}
				}
			} catch (error) {
				if (error instanceof ReadExportError || isAbortError(error) || signal?.aborted) throw error;
				if (error instanceof LineTooLong) throw new ReadExportError('damaged', error.message, {file: entry.key});
				if (error instanceof AwsCallError) throw new ReadExportError('unknown', `could not be read to its end: ${reasonOf(error)}`, {file: entry.key, awsError: error});
				const code = (error as NodeJS.ErrnoException).code;
				if (typeof code === 'string' && code.startsWith('Z_')) {
					throw new ReadExportError('damaged', `does not decompress: ${(error as Error).message} (cut short or altered)`, {file: entry.key});
				}
				throw new ReadExportError('unknown', `could not be read to its end: ${reasonOf(error)}`, {file: entry.key});
			} finally {
				inflated.destroy();
			}
			progress.filesDone++;
			options.onProgress?.({...progress});
		}
	} finally {
		// Stopped early (a limit, an error, the consumer): the file opened ahead is let go.
		next?.then(
			(stream) => stream.destroy(),
			() => undefined,
		);
	}
}
