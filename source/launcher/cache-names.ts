// Names in the cache folder. Each built file's name carries the hash of its contents
// (app-0825DA98CFDD.cjs), so two installed builds keep their caches side by side; each
// cache is for one file, one command (cache-flavour.ts), one Node version and machine.

import type {CacheFlavour} from './cache-flavour.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A cache nobody used for this long belongs to a build that is gone (used ones are touched daily). */
export const UNUSED_FOR_MS = 30 * DAY_MS;
/** How often a cache in use gets its modification time refreshed. */
export const REFRESH_AFTER_MS = DAY_MS;
/** A temporary file this old was left by a run that died while writing. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

const OURS = /^[\w-]+\.cjs-[a-z]+-v[\w.-]+?-\w+\.v8(\.[\w-]+\.tmp)?$/;

export function cacheFileName(file: string, flavour: CacheFlavour, node = process.version, arch = process.arch): string {
	return `${file}-${flavour}-${node}-${arch}.v8`;
}

export interface FolderEntry {
	name: string;
	mtimeMs: number;
	isFile: boolean;
}

/**
 * What a build may remove: only files named like the tool's caches, and of those only
 * ones unused for 30 days, or temporary files of its own file (`file`) abandoned an
 * hour ago. The caches of other installed builds stay while they are in use; anything
 * else in the folder is not the tool's to touch.
 */
export function prunable(entries: readonly FolderEntry[], file: string, now: number): string[] {
	return entries
		.filter((entry) => entry.isFile && OURS.test(entry.name))
		.filter((entry) => {
			const age = now - entry.mtimeMs;
			if (age > UNUSED_FOR_MS) return true;
			return entry.name.startsWith(`${file}-`) && entry.name.endsWith('.tmp') && age > ABANDONED_AFTER_MS;
		})
		.map((entry) => entry.name);
}
