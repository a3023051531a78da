// Where `read` puts its JSON lines: stdout (a pipe, in chunks, waiting for the reader),
// one FILE, or a DIR with one .jsonl per data file. A file is written under a temporary
// name beside it (created new: O_EXCL, O_NOFOLLOW) and only linked to its name once
// complete, so a stopped or failed read never leaves a file that looks whole, and a
// file that is already there is never overwritten.

import {constants, lstatSync, mkdirSync, statSync, type Stats} from 'node:fs';
import {link, open, unlink, type FileHandle} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import type {Output} from './output.js';

export interface LineSink {
	/** One JSON line (without its newline) of data file `file`. */
	write(line: string, file: string): Promise<void>;
	/** Everything read: complete the files. Returns the paths written. */
	finish(): Promise<string[]>;
	/** Reading failed or was stopped: remove what is not complete. Returns the paths that were complete. */
	abandon(): Promise<string[]>;
}

/** Lines are gathered into chunks of about this many characters before they are written. */
const CHUNK = 64 * 1024;

export function stdoutSink(out: Output): LineSink {
	let pending: string[] = [];
	let size = 0;
	const flush = async () => {
		if (pending.length === 0) return;
		const text = pending.join('');
		pending = [];
		size = 0;
		await out.data(text);
	};
	return {
		async write(line) {
			pending.push(line, '\n');
			size += line.length + 1;
			if (size >= CHUNK) await flush();
		},
		async finish() {
			await flush();
			return [];
		},
		async abandon() {
			// The items read so far are good: a reader of the pipe gets them.
			await flush();
			return [];
		},
	};
}

/** One new file, written under a temporary name and linked to `path` when complete. */
class NewFile {
	private handle: FileHandle | undefined;
	private readonly temporary: string;
	private pending: string[] = [];
	private size = 0;

	constructor(readonly path: string) {
		this.temporary = join(dirname(path), `.${basename(path)}.partial-${process.pid}`);
	}

	private async flush(): Promise<void> {
		if (this.pending.length === 0) return;
		const text = this.pending.join('');
		this.pending = [];
		this.size = 0;
		this.handle ??= await open(this.temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
		await this.handle.write(text);
	}

	async write(line: string): Promise<void> {
		this.pending.push(line, '\n');
		this.size += line.length + 1;
		if (this.size >= CHUNK) await this.flush();
	}

	async finish(): Promise<void> {
		await this.flush();
		this.handle ??= await open(this.temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
		await this.handle.sync();
		await this.handle.close();
		this.handle = undefined;
		try {
			// link() never replaces: a file that appeared meanwhile under the name is kept.
			await link(this.temporary, this.path);
		} finally {
			await unlink(this.temporary).catch(() => undefined);
		}
	}

	async abandon(): Promise<void> {
		await this.handle?.close().catch(() => undefined);
		this.handle = undefined;
		await unlink(this.temporary).catch(() => undefined);
	}
}

export function fileSink(path: string): LineSink {
	const file = new NewFile(path);
	return {
		write: (line) => file.write(line),
		async finish() {
			await file.finish();
			return [path];
		},
		async abandon() {
			await file.abandon();
			return [];
		},
	};
}

/** A data file's key as the name of its .jsonl: data/abc….json.gz → abc….jsonl. */
export function jsonlName(dataFileKey: string): string {
	return `${basename(dataFileKey).replace(/\.(json|ion)(\.gz)?$/, '')}.jsonl`;
}

/** One .jsonl per data file, in `dir`; a data file without items gets none. */
export function directorySink(dir: string): LineSink {
	let current: {key: string; file: NewFile} | undefined;
	const done: string[] = [];
	const close = async () => {
		if (!current) return;
		await current.file.finish();
		done.push(current.file.path);
		current = undefined;
	};
	return {
		async write(line, key) {
			if (current?.key !== key) {
				await close();
				current = {key, file: new NewFile(join(dir, jsonlName(key)))};
			}
			await current.file.write(line);
		},
		async finish() {
			await close();
			return done;
		},
		async abandon() {
			await current?.file.abandon();
			current = undefined;
			return done;
		},
	};
}

export type Destination = {kind: 'stdout'} | {kind: 'file'; path: string} | {kind: 'dir'; path: string; create?: boolean};

/** Creates a DIR named with a trailing / (once the export is found, so a bad ARN leaves nothing behind). */
export function createDirectory(destination: Destination): string | undefined {
	if (destination.kind !== 'dir' || !destination.create) return undefined;
	try {
		mkdirSync(destination.path, {recursive: true, mode: 0o700});
		return undefined;
	} catch (error) {
		return `--to: could not create the directory ${destination.path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`;
	}
}

function lstatOrUndefined(path: string): Stats | undefined {
	try {
		return lstatSync(path);
	} catch {
		return undefined;
	}
}

/**
 * What --to names, checked before any AWS call: an existing directory, or a path ending in
 * "/" (created once the export is found), is a DIR; anything else a new FILE in an existing
 * directory. Returns a problem to say when it cannot be used.
 */
export function destinationOf(to: string | undefined): Destination | {problem: string} {
	if (to === undefined) return {kind: 'stdout'};
	const found = lstatOrUndefined(to);
	// A directory the user named (a link to one too: they typed it) holds one file per data file.
	const isDirectory = found?.isDirectory() || (found?.isSymbolicLink() && statSync(to, {throwIfNoEntry: false})?.isDirectory());
	if (isDirectory) return {kind: 'dir', path: to};
	if (to.endsWith('/')) {
		if (found) return {problem: `--to: ${to} is not a directory.`};
		return {kind: 'dir', path: to, create: true};
	}
	if (found) return {problem: `--to: ${to} exists already; name a new file (it is never overwritten), or a directory for one .jsonl per data file.`};
	const parent = statSync(dirname(to), {throwIfNoEntry: false});
	if (!parent?.isDirectory()) return {problem: `--to: the directory ${dirname(to)} does not exist; create it first, or end --to with / to have it created for one file per data file.`};
	return {kind: 'file', path: to};
}

/** The files a DIR read would write that are there already (checked once the manifest names them). */
export function takenNames(dir: string, dataFileKeys: string[]): string[] {
	return dataFileKeys.map((key) => join(dir, jsonlName(key))).filter((path) => lstatOrUndefined(path) !== undefined);
}
