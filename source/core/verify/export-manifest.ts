// The two manifests a finished export leaves beside its data files, read as AWS writes
// them: manifest-summary.json (one JSON document) and manifest-files.json (one JSON line
// per data file), each with a checksum file (.checksum in the current guide, .md5 before).

import {createHash} from 'node:crypto';

export interface ExportSummaryManifest {
	exportArn?: string;
	manifestFilesS3Key: string;
	itemCount?: number;
	outputFormat: 'DYNAMODB_JSON' | 'ION' | string;
	exportType?: string;
	s3Bucket?: string;
}

export interface DataFileEntry {
	key: string;
	itemCount: number;
	/** Base64 MD5 of the data file's bytes. */
	md5Checksum: string;
	etag?: string;
}

export type Parsed<T> = {ok: true; value: T} | {ok: false; problem: string};

export function parseSummary(text: string): Parsed<ExportSummaryManifest> {
	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch (error) {
		return {ok: false, problem: `manifest-summary.json is not JSON (${(error as Error).message})`};
	}
	if (typeof document !== 'object' || document === null) return {ok: false, problem: 'manifest-summary.json is not a JSON object'};
	const d = document as Record<string, unknown>;
	if (typeof d.manifestFilesS3Key !== 'string' || d.manifestFilesS3Key === '') {
		return {ok: false, problem: 'manifest-summary.json has no manifestFilesS3Key, so the list of data files cannot be found'};
	}
	const summary: ExportSummaryManifest = {manifestFilesS3Key: d.manifestFilesS3Key, outputFormat: typeof d.outputFormat === 'string' ? d.outputFormat : 'DYNAMODB_JSON'};
	if (typeof d.exportArn === 'string') summary.exportArn = d.exportArn;
	if (typeof d.itemCount === 'number') summary.itemCount = d.itemCount;
	if (typeof d.exportType === 'string') summary.exportType = d.exportType;
	if (typeof d.s3Bucket === 'string') summary.s3Bucket = d.s3Bucket;
	return {ok: true, value: summary};
}

/** manifest-files.json: every line must name a data file with its count and digest. */
export function parseFilesManifest(text: string): Parsed<DataFileEntry[]> {
	const entries: DataFileEntry[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!.trim();
		if (line === '') continue;
		let d: Record<string, unknown>;
		try {
			d = JSON.parse(line) as Record<string, unknown>;
		} catch {
			return {ok: false, problem: `manifest-files.json line ${i + 1} is not JSON`};
		}
		if (typeof d !== 'object' || d === null || typeof d.dataFileS3Key !== 'string' || typeof d.itemCount !== 'number' || typeof d.md5Checksum !== 'string') {
			return {ok: false, problem: `manifest-files.json line ${i + 1} lacks dataFileS3Key, itemCount or md5Checksum`};
		}
		const entry: DataFileEntry = {key: d.dataFileS3Key, itemCount: d.itemCount, md5Checksum: d.md5Checksum};
		if (typeof d.etag === 'string') entry.etag = d.etag;
		entries.push(entry);
	}
	return {ok: true, value: entries};
}

/**
 * Does a checksum file's content match the text? The guide does not say whether it holds
 * the MD5 in hex or in base64: both are accepted. Undefined when it is neither form.
 */
export function checksumMatches(checksumText: string, content: string): boolean | undefined {
	const stated = checksumText.trim();
	const digest = createHash('md5').update(content).digest();
	if (/^[0-9a-f]{32}$/i.test(stated)) return stated.toLowerCase() === digest.toString('hex');
	if (/^[A-Za-z0-9+/]{22}==$/.test(stated)) return stated === digest.toString('base64');
	return undefined;
}

/** The two names a manifest's checksum file has had, newest first. */
export function checksumKeys(manifestKey: string): string[] {
	const base = manifestKey.replace(/\.json$/, '');
	return [`${base}.checksum`, `${base}.md5`];
}
