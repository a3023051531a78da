// Files and folders only this user may have written. A V8 code cache is run as code, so
// whatever is read from the cache folder must come from this user: no symlink followed
// on the way (lstat for the folders the tool creates, O_NOFOLLOW for files), owner and
// mode checked on what was actually opened (fstat of the descriptor), new files created
// with O_EXCL under a fresh name and renamed into place.

import * as nodeFs from 'node:fs';
import {randomBytes} from 'node:crypto';
import {join} from 'node:path';

/** The parts of node:fs used here: tests hand in one whose stat answers are made up. */
export type FileSystem = Pick<
	typeof nodeFs,
	'lstatSync' | 'statSync' | 'fstatSync' | 'openSync' | 'readSync' | 'writeSync' | 'closeSync' | 'mkdirSync' | 'renameSync' | 'unlinkSync' | 'readdirSync' | 'futimesSync'
>;

export const realFileSystem: FileSystem = nodeFs;

/** Who may have written a file or folder: this user (uid), or anyone where there are no uids (Windows). */
export interface Owner {
	uid: number | undefined;
}

export function currentOwner(): Owner {
	return {uid: process.getuid?.()};
}

const {O_RDONLY, O_WRONLY, O_CREAT, O_EXCL} = nodeFs.constants;
// Undefined on Windows, where lstat still tells a symlink apart.
const O_NOFOLLOW = nodeFs.constants.O_NOFOLLOW ?? 0;

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

type Stat = Pick<nodeFs.Stats, 'uid' | 'mode' | 'isFile' | 'isDirectory' | 'isSymbolicLink'>;

/** Why something in the cache folder is not used. */
export type Untrusted = 'missing' | 'unreadable' | 'symlink' | 'not-a-folder' | 'not-a-file' | 'foreign-owner' | 'writable-by-others' | 'unsafe-parent';

/** Owned by this user and writable by nobody else. */
function ownedAlone(st: Stat, owner: Owner): Untrusted | undefined {
	if (owner.uid === undefined) return undefined;
	if (st.uid !== owner.uid) return 'foreign-owner';
	if ((st.mode & GROUP_OR_OTHER_WRITE) !== 0) return 'writable-by-others';
	return undefined;
}

function statOrMissing(stat: (path: string) => Stat, path: string): Stat | undefined {
	try {
		return stat(path);
	} catch {
		return undefined;
	}
}

/**
 * Whether `folder` (one the tool creates) can hold code: a real folder, not a symlink,
 * this user's, writable by no one else; and inside a parent where no one else can move
 * it away and put another in its place (not writable by others, or sticky like /tmp).
 */
export function folderProblem(fs: FileSystem, folder: string, parent: string, owner: Owner): Untrusted | undefined {
	const st = statOrMissing((path) => fs.lstatSync(path), folder);
	if (!st) return 'missing';
	if (st.isSymbolicLink()) return 'symlink';
	if (!st.isDirectory()) return 'not-a-folder';
	const own = ownedAlone(st, owner);
	if (own) return own;
	if (owner.uid === undefined) return undefined;
	// The user's cache folder may well be a symlink they made (not one the tool creates):
	// followed, but where it leads must be theirs or root's.
	const above = statOrMissing((path) => fs.statSync(path), parent);
	if (!above) return 'unsafe-parent';
	if (above.uid !== owner.uid && above.uid !== 0) return 'unsafe-parent';
	if ((above.mode & GROUP_OR_OTHER_WRITE) !== 0 && (above.mode & STICKY) === 0) return 'unsafe-parent';
	return undefined;
}

/** Creates the folder (and its parent, one level only) with mode 0700 if missing; then checks it. */
export function makePrivateFolder(fs: FileSystem, folder: string, parent: string, owner: Owner): Untrusted | undefined {
	for (const path of [parent, folder]) {
		try {
			// Not {recursive: true}: on Node 20 it loops forever under some paths (/proc/…).
			fs.mkdirSync(path, {mode: 0o700});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return 'missing';
		}
	}
	return folderProblem(fs, folder, parent, owner);
}

export type PrivateRead = {bytes: Buffer} | {problem: Untrusted};

/**
 * Reads a whole file that must be this user's alone. Opened with O_NOFOLLOW (a symlink
 * is refused by the kernel, not looked at and then followed), checked with fstat on the
 * descriptor that is then read: what was checked is what is read. A file last modified
 * more than `refreshAfterMs` ago gets the current time as its modification time, so
 * that pruning by age spares what is still in use.
 */
export function readPrivateFile(fs: FileSystem, path: string, owner: Owner, refreshAfterMs = Infinity): PrivateRead {
	// Without O_NOFOLLOW (Windows, where making a symlink takes a privilege), lstat first.
	if (O_NOFOLLOW === 0 && statOrMissing((file) => fs.lstatSync(file), path)?.isSymbolicLink()) return {problem: 'symlink'};
	let fd: number;
	try {
		fd = fs.openSync(path, O_RDONLY | O_NOFOLLOW);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		// ELOOP: a symlink (Linux, macOS); EMLINK: the same on FreeBSD.
		return {problem: code === 'ELOOP' || code === 'EMLINK' ? 'symlink' : 'missing'};
	}
	try {
		const st = fs.fstatSync(fd);
		if (!st.isFile()) return {problem: 'not-a-file'};
		const own = ownedAlone(st, owner);
		if (own) return {problem: own};
		const bytes = Buffer.allocUnsafe(st.size);
		let read = 0;
		while (read < bytes.length) {
			const n = fs.readSync(fd, bytes, read, bytes.length - read, read);
			if (n === 0) break;
			read += n;
		}
		if (Date.now() - st.mtimeMs > refreshAfterMs) {
			try {
				const now = new Date();
				fs.futimesSync(fd, now, now);
			} catch {
				// Only pruning looks at the time; a cache it prunes is made again.
			}
		}
		return {bytes: bytes.subarray(0, read)};
	} finally {
		fs.closeSync(fd);
	}
}

/**
 * Writes `name` in `folder` whole or not at all: into a new file created with O_EXCL
 * (never an existing file or a symlink planted under that name), mode 0600, then
 * renamed over `name` (rename replaces a symlink itself, never its target).
 */
export function writePrivateFile(fs: FileSystem, folder: string, name: string, bytes: Uint8Array): void {
	const temporary = join(folder, `${name}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
	const fd = fs.openSync(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
	try {
		try {
			let written = 0;
			while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
		} finally {
			fs.closeSync(fd);
		}
		fs.renameSync(temporary, join(folder, name));
	} catch (error) {
		removeQuietly(fs, temporary);
		throw error;
	}
}

/** Removes a file (a symlink itself, never its target); one already gone is fine. */
export function removeQuietly(fs: FileSystem, path: string): void {
	try {
		fs.unlinkSync(path);
	} catch {
		// Gone already, or not ours to remove: either way it is not used.
	}
}
