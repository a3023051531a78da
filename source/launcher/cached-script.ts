// Runs a built CommonJS file (dist/chunks/*.cjs) through vm.Script with V8's code cache.
// The first run stores the compiled code (functions compiled while running included) in
// the user's cache folder (cache-folder.ts); later runs start from it. Node 20 keeps no
// compiled code of its own for ES modules (module.enableCompileCache() is 22.1+).
//
// A cache is code: it is only handed to V8 when it is this user's alone (private-files.ts)
// and matches both its own digest and the file it was made from (cache-record.ts).
// Anything else is removed and made again; a cache that cannot be read or written only
// costs speed, never correctness.

import {createRequire} from 'node:module';
import {homedir} from 'node:os';
import {basename, dirname, join} from 'node:path';
import vm from 'node:vm';
import {cacheFlavour, type CacheFlavour} from './cache-flavour.js';
import {cachePlace, type CachePlace} from './cache-folder.js';
import {cacheFileName, prunable, REFRESH_AFTER_MS} from './cache-names.js';
import {readBuiltFile} from './built-file.js';
import {sealCache, unsealCache, type Source, type Unsealed} from './cache-record.js';
import {currentOwner, folderProblem, makePrivateFolder, readPrivateFile, realFileSystem, removeQuietly, writePrivateFile, type FileSystem, type Owner, type Untrusted} from './private-files.js';

// The file runs as a CommonJS module body does.
const HEAD = '(function (exports, require, module, __filename, __dirname) {';
const TAIL = '\n})';

export interface CacheContext {
	fs: FileSystem;
	owner: Owner;
	/** Undefined when there is nowhere to keep caches (no home folder). */
	place: CachePlace | undefined;
	flavour: CacheFlavour;
	now: () => number;
}

/** Why no cache was used: it was not there, not trusted, not matching, or V8 did not take it. */
export type CacheMiss = 'no-place' | Untrusted | Exclude<Unsealed, {payload: Buffer}>['problem'] | 'rejected';

export interface CompiledFile {
	/** Runs the file (once per call) and returns its module.exports. */
	run: () => unknown;
	/** 'used', or why not. */
	cache: 'used' | CacheMiss;
	/** Stores a cache of what has been compiled so far, if none was used. Never throws. */
	store: () => void;
}

export function contextOfThisProcess(): CacheContext {
	let home: string | undefined;
	try {
		home = homedir();
	} catch {
		home = undefined;
	}
	return {
		fs: realFileSystem,
		owner: currentOwner(),
		place: cachePlace({env: process.env, platform: process.platform, home}),
		flavour: cacheFlavour(process.argv.slice(2)),
		now: Date.now,
	};
}

type Looked = {payload: Buffer} | {miss: CacheMiss};

function lookUp(context: CacheContext, path: string, source: Source): Looked {
	const {fs, owner, place} = context;
	if (!place) return {miss: 'no-place'};
	const folder = folderProblem(fs, place.folder, place.parent, owner);
	if (folder) return {miss: folder};
	const read = readPrivateFile(fs, path, owner, REFRESH_AFTER_MS);
	if ('problem' in read) return {miss: read.problem};
	const unsealed = unsealCache(read.bytes, source);
	if ('payload' in unsealed) return unsealed;
	// Never handed to V8; removed, and made again by this run.
	removeQuietly(fs, path);
	return {miss: unsealed.problem};
}

/** A cache that cannot be read (an I/O error, a folder that went away) only costs speed. */
function lookUpSafely(context: CacheContext, path: string, source: Source): Looked {
	try {
		return lookUp(context, path, source);
	} catch {
		return {miss: 'unreadable'};
	}
}

function prune(context: CacheContext, folder: string, file: string): void {
	const {fs} = context;
	const entries = fs.readdirSync(folder).flatMap((name) => {
		try {
			const st = fs.lstatSync(join(folder, name));
			return [{name, mtimeMs: st.mtimeMs, isFile: st.isFile()}];
		} catch {
			return [];
		}
	});
	for (const name of prunable(entries, file, context.now())) removeQuietly(fs, join(folder, name));
}

/** Compiles `file` with its cache, if there is a trustworthy one; see CompiledFile. */
export function compileWithCache(file: string, context: CacheContext): CompiledFile {
	const source = readBuiltFile(file, {head: HEAD, tail: TAIL}, context.now());
	const name = basename(file);
	const cacheName = cacheFileName(name, context.flavour);
	const path = context.place && join(context.place.folder, cacheName);
	const looked = path ? lookUpSafely(context, path, source) : ({miss: 'no-place'} as const);
	const cachedData = 'payload' in looked ? looked.payload : undefined;
	const script = new vm.Script(`${HEAD}${source.bytes.toString('utf8')}${TAIL}`, {filename: file, cachedData});
	const cache = 'miss' in looked ? looked.miss : script.cachedDataRejected ? 'rejected' : 'used';
	let stored = cache === 'used';
	return {
		cache,
		run: () => {
			const module = {exports: {}};
			(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
			return module.exports;
		},
		store: () => {
			const place = context.place;
			if (stored || !place) return;
			stored = true;
			try {
				if (makePrivateFolder(context.fs, place.folder, place.parent, context.owner)) return;
				writePrivateFile(context.fs, place.folder, cacheName, sealCache(source, script.createCachedData()));
				prune(context, place.folder, name);
			} catch {
				// A cache that cannot be written only costs speed.
			}
		},
	};
}

const loaded = new Map<string, unknown>();

/**
 * Runs `file` once per process (later calls return the same exports). Its cache is stored
 * at exit after a run that got through (0-2), so that it holds the code of the calls made
 * too; not after bad input (3) or a bug (70), nor a command interrupted (130, 143): such a
 * run compiled a few functions only. With `early` it is also stored 1 s after loading
 * (the Ink face: once the first frame is drawn), and an interrupted run stores too.
 */
export function runCachedScript(file: string, early: boolean, context: CacheContext = contextOfThisProcess()): unknown {
	if (loaded.has(file)) return loaded.get(file);
	const compiled = compileWithCache(file, context);
	if (compiled.cache !== 'used') {
		if (early) setTimeout(compiled.store, 1000).unref();
		process.once('exit', (code) => {
			if ((code >= 0 && code <= 2) || (code >= 128 && early)) compiled.store();
		});
	}
	const exports = compiled.run();
	loaded.set(file, exports);
	return exports;
}
