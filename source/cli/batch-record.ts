// A small record of each batch, written when it starts, so that `ddb-export watch
// --batch-token T` finds the batch's tables again without the flags that named them (the
// command printed on Ctrl-C is that short). It holds what names the batch: its sources
// (profile names, Regions, table ARNs) and its destination, never a credential. It lives
// in the user's state folder with the code caches' hardened handling (private-files.ts):
// the folder is the user's alone, no symlink is followed, a file is written whole under a
// new name and renamed into place, and what is read is checked field by field.

import {isAbsolute, join} from 'node:path';
import type {BatchPlan} from '../core/batch/types.js';
import {formatIso} from '../core/time-input.js';
import {validateAccountId, validateBucketName, validateProfileName, validateRegion, validateTableArn} from '../core/validate.js';
import {currentOwner, folderProblem, makePrivateFolder, readPrivateFile, realFileSystem, removeQuietly, writePrivateFile, type FileSystem, type Owner} from '../launcher/private-files.js';
import {batchTokenProblem} from './batch-plan-from-flags.js';

const NAME = 'ddb-export';
const VERSION = 1;

export interface StatePlace {
	/** Created if missing (0700); holds one batch-<token>.json per batch. */
	folder: string;
	/** The user's state folder, created (0700) if missing. */
	parent: string;
	/** Folders above `parent` that may be missing (~/.local), created 0700 first. */
	above: string[];
}

/**
 * $XDG_STATE_HOME/ddb-export (absolute only, as the XDG spec says), else
 * ~/.local/state/ddb-export; ~/Library/Application Support/ddb-export on macOS;
 * %LOCALAPPDATA%\ddb-export-state on Windows (the caches have %LOCALAPPDATA%\ddb-export).
 */
export function statePlace(env: Record<string, string | undefined>, platform: NodeJS.Platform, home: string | undefined): StatePlace | undefined {
	const within = (parent: string, above: string[] = [], name = NAME) => ({parent, folder: join(parent, name), above});
	if (platform === 'win32') {
		const local = env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : home ? join(home, 'AppData', 'Local') : undefined;
		return local ? within(local, [], `${NAME}-state`) : undefined;
	}
	if (env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME)) return within(env.XDG_STATE_HOME);
	if (!home || !isAbsolute(home)) return undefined;
	if (platform === 'darwin') return within(join(home, 'Library', 'Application Support'));
	return within(join(home, '.local', 'state'), [join(home, '.local')]);
}

export function defaultStatePlace(): StatePlace | undefined {
	return statePlace(process.env, process.platform, process.env.HOME ?? process.env.USERPROFILE);
}

function fileName(batchToken: string): string {
	return `batch-${batchToken}.json`;
}

/** The plan as kept: dates as ISO strings, `force` left out (it is a choice of one run). */
export function recordText(plan: BatchPlan, now: Date): string {
	const record = {
		version: VERSION,
		batchToken: plan.batchToken,
		createdAt: formatIso(now),
		date: plan.date,
		sources: plan.sources.map((s) => ({profile: s.profile, region: s.region, tableArns: s.tableArns})),
		destination: plan.destination,
		format: plan.format,
		type: plan.type,
		exportTime: plan.exportTime ? formatIso(plan.exportTime) : undefined,
		incremental: plan.incremental
			? {from: formatIso(plan.incremental.from), to: formatIso(plan.incremental.to), viewType: plan.incremental.viewType}
			: undefined,
	};
	return `${JSON.stringify(record, null, 2)}\n`;
}

type Parsed = {ok: true; plan: BatchPlan} | {ok: false; why: string};

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function date(value: unknown): Date | undefined {
	if (typeof value !== 'string') return undefined;
	const parsed = new Date(value);
	return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** The record read back, every field checked: a file that does not read as one is not used. */
export function parseRecord(text: string, batchToken: string): Parsed {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return {ok: false, why: 'it is not JSON'};
	}
	if (!isObject(data) || data.version !== VERSION) return {ok: false, why: 'it is not a batch record of this version'};
	if (data.batchToken !== batchToken) return {ok: false, why: 'it names another batch'};
	if (typeof data.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(data.date)) return {ok: false, why: 'its date is not YYYY-MM-DD'};
	if (!Array.isArray(data.sources) || data.sources.length === 0) return {ok: false, why: 'it names no source'};
	const sources: BatchPlan['sources'] = [];
	for (const source of data.sources) {
		if (!isObject(source) || typeof source.region !== 'string' || !validateRegion(source.region).ok) return {ok: false, why: 'a source has no valid Region'};
		if (source.profile !== undefined && (typeof source.profile !== 'string' || !validateProfileName(source.profile).ok)) return {ok: false, why: 'a source has no valid profile'};
		if (!Array.isArray(source.tableArns) || !source.tableArns.every((arn) => typeof arn === 'string' && validateTableArn(arn).ok)) return {ok: false, why: 'a table ARN is not valid'};
		sources.push({...(source.profile === undefined ? {} : {profile: source.profile as string}), region: source.region, tableArns: source.tableArns as string[]});
	}
	const d = data.destination;
	if (!isObject(d) || typeof d.bucket !== 'string' || !validateBucketName(d.bucket).ok) return {ok: false, why: 'its bucket is not valid'};
	if (d.bucketOwner !== undefined && (typeof d.bucketOwner !== 'string' || !validateAccountId(d.bucketOwner).ok)) return {ok: false, why: 'its bucket owner is not valid'};
	if (typeof d.prefixTemplate !== 'string' || (d.sse !== 'AES256' && d.sse !== 'KMS')) return {ok: false, why: 'its prefix or encryption is not valid'};
	if (data.format !== 'DYNAMODB_JSON' && data.format !== 'ION') return {ok: false, why: 'its format is not valid'};
	if (data.type !== 'FULL_EXPORT' && data.type !== 'INCREMENTAL_EXPORT') return {ok: false, why: 'its export type is not valid'};
	const plan: BatchPlan = {
		sources,
		destination: {
			bucket: d.bucket,
			prefixTemplate: d.prefixTemplate,
			sse: d.sse,
			...(typeof d.bucketOwner === 'string' ? {bucketOwner: d.bucketOwner} : {}),
			...(typeof d.bucketRegion === 'string' && validateRegion(d.bucketRegion).ok ? {bucketRegion: d.bucketRegion} : {}),
			...(typeof d.kmsKeyId === 'string' ? {kmsKeyId: d.kmsKeyId} : {}),
		},
		format: data.format,
		type: data.type,
		batchToken,
		date: data.date,
		force: false,
	};
	const exportTime = date(data.exportTime);
	if (exportTime) plan.exportTime = exportTime;
	if (isObject(data.incremental)) {
		const from = date(data.incremental.from);
		const to = date(data.incremental.to);
		const viewType = data.incremental.viewType;
		if (!from || !to || (viewType !== 'NEW_IMAGE' && viewType !== 'NEW_AND_OLD_IMAGES')) return {ok: false, why: 'its incremental window is not valid'};
		plan.incremental = {from, to, viewType};
	}
	return {ok: true, plan};
}

/** Records older than this are removed when a new one is kept (a batch is watched for hours, not months). */
export const RECORD_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** Removes this tool's own records (batch-*.json, never followed through a symlink) last written long ago. */
function pruneRecords(fs: FileSystem, folder: string, now: Date): void {
	let names: string[];
	try {
		names = fs.readdirSync(folder) as string[];
	} catch {
		return;
	}
	for (const name of names) {
		if (!/^batch-[A-Za-z0-9._-]+\.json$/.test(name)) continue;
		const path = join(folder, name);
		try {
			if (now.getTime() - fs.lstatSync(path).mtimeMs > RECORD_LIFETIME_MS) removeQuietly(fs, path);
		} catch {
			// Gone already.
		}
	}
}

export interface RecordStore {
	/** Keeps the batch's record; returns where, or why it could not (the batch runs either way). */
	save(plan: BatchPlan, now: Date): {ok: true; path: string} | {ok: false; why: string};
	/** The batch's record, or why there is none to use. */
	load(batchToken: string): {ok: true; plan: BatchPlan; path: string} | {ok: false; why: string};
	/** Tokens of the batches kept, newest first (for completion); none when the folder is not safe. */
	tokens(): string[];
}

const WHY: Record<string, string> = {
	missing: 'there is no record of it here',
	unreadable: 'its record cannot be read',
	symlink: 'its record is a symbolic link, which is never followed',
	'not-a-folder': 'the state folder is not a folder',
	'not-a-file': 'its record is not a file',
	'foreign-owner': 'its record or folder belongs to another user',
	'writable-by-others': 'its record or folder may be written by other users',
	'unsafe-parent': 'the state folder sits in a folder other users may change',
};

export function recordStore(place: StatePlace | undefined, fs: FileSystem = realFileSystem, owner: Owner = currentOwner()): RecordStore {
	const ready = (): string | undefined => {
		if (!place) return 'there is no home folder to keep it in';
		for (const path of place.above) {
			try {
				fs.mkdirSync(path, {mode: 0o700});
			} catch {
				// There already, or not ours to make: makePrivateFolder says which.
			}
		}
		const problem = makePrivateFolder(fs, place.folder, place.parent, owner);
		return problem ? WHY[problem] ?? problem : undefined;
	};
	return {
		save(plan, now) {
			const tokenProblem = batchTokenProblem(plan.batchToken);
			if (tokenProblem) return {ok: false, why: tokenProblem};
			const problem = ready();
			if (problem) return {ok: false, why: problem};
			try {
				writePrivateFile(fs, place!.folder, fileName(plan.batchToken), Buffer.from(recordText(plan, now), 'utf8'));
			} catch (error) {
				return {ok: false, why: (error as Error).message};
			}
			pruneRecords(fs, place!.folder, now);
			return {ok: true, path: join(place!.folder, fileName(plan.batchToken))};
		},
		load(batchToken) {
			if (batchTokenProblem(batchToken)) return {ok: false, why: 'the batch token is not valid'};
			if (!place) return {ok: false, why: 'there is no home folder to keep records in'};
			const path = join(place.folder, fileName(batchToken));
			const read = readPrivateFile(fs, path, owner);
			if ('problem' in read) return {ok: false, why: WHY[read.problem] ?? read.problem};
			const parsed = parseRecord(read.bytes.toString('utf8'), batchToken);
			return parsed.ok ? {ok: true, plan: parsed.plan, path} : {ok: false, why: `its record ${path} is not usable: ${parsed.why}`};
		},
		tokens() {
			if (!place || folderProblem(fs, place.folder, place.parent, owner)) return [];
			try {
				return fs
					.readdirSync(place.folder)
					.map((name) => /^batch-([A-Za-z0-9._-]+)\.json$/.exec(name)?.[1])
					.filter((token): token is string => token !== undefined)
					.map((token) => ({token, at: fs.lstatSync(join(place.folder, fileName(token))).mtimeMs}))
					.sort((a, b) => b.at - a.at)
					.map((entry) => entry.token);
			} catch {
				return [];
			}
		},
	};
}
