// source/launcher: the loader that hands V8 a code cache. A cache is run as code, so it is
// used only when it is this user's alone, reached without a symlink, and matches its own
// digest and the file it was made from. These call the loader's functions directly: a
// second local user is played by a made-up owner (uid) or made-up stat answers.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cacheFlavour, storesEarly} from '../source/launcher/cache-flavour.js';
import {cachePlace, type CachePlace} from '../source/launcher/cache-folder.js';
import {cacheFileName, prunable, UNUSED_FOR_MS} from '../source/launcher/cache-names.js';
import {compileWithCache, type CacheContext} from '../source/launcher/cached-script.js';
import {sha256, stampOf} from '../source/launcher/built-file.js';
import {sealCache, unsealCache} from '../source/launcher/cache-record.js';
import {currentOwner, folderProblem, readPrivateFile, realFileSystem, writePrivateFile, type FileSystem} from '../source/launcher/private-files.js';

/** A scratch folder: `code.cjs` (a built file) and a cache home with the tool's folder in it. */
function scratch(work: (dir: string, place: CachePlace) => void): void {
	const dir = mkdtempSync(join(tmpdir(), 'ddb-export-loader-'));
	try {
		const parent = join(dir, 'cache-home');
		mkdirSync(parent, {mode: 0o700});
		work(dir, {parent, folder: join(parent, 'ddb-export')});
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

function context(place: CachePlace, overrides: Partial<CacheContext> = {}): CacheContext {
	return {fs: realFileSystem, owner: currentOwner(), place, flavour: 'check', now: Date.now, ...overrides};
}

/** A small CommonJS file whose exports say which text it was built from. */
function writeCode(dir: string, word: string): string {
	const file = join(dir, 'code.cjs');
	writeFileSync(file, `function answer() { return ${JSON.stringify(word)}; }\nmodule.exports = {answer: answer(), file: __filename};\n`);
	return file;
}

function cachePath(place: CachePlace, file = 'code.cjs'): string {
	return join(place.folder, cacheFileName(file, 'check'));
}

/** Compiles, runs and stores once: the cache a first run leaves. */
function firstRun(file: string, ctx: CacheContext): void {
	const compiled = compileWithCache(file, ctx);
	compiled.run();
	compiled.store();
}

test('a first run stores a private cache; the next run uses it and runs the same code', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'first');
		const first = compileWithCache(file, context(place));
		assert.equal(first.cache, 'missing');
		assert.deepEqual(first.run(), {answer: 'first', file});
		first.store();
		assert.equal(statSync(place.folder).mode & 0o777, 0o700, 'the folder is the user’s alone');
		assert.equal(statSync(cachePath(place)).mode & 0o777, 0o600, 'so is the cache');
		assert.deepEqual(readdirSync(place.folder), [cacheFileName('code.cjs', 'check')], 'no temporary file is left');
		const second = compileWithCache(file, context(place));
		assert.equal(second.cache, 'used');
		assert.deepEqual(second.run(), {answer: 'first', file});
	});
});

test('flipped bytes in a cache: removed and made again, never handed to V8', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'intact');
		firstRun(file, context(place));
		const bytes = readFileSync(cachePath(place));
		// 20 bytes in the middle of V8's data: on the old loader, a V8 fatal error (SIGSEGV) at every later run.
		for (let i = 0; i < 20; i++) bytes[Math.floor(bytes.length / 2) + i]! ^= 0xff;
		writeFileSync(cachePath(place), bytes);
		const damaged = compileWithCache(file, context(place));
		assert.equal(damaged.cache, 'damaged');
		assert.ok(!fs.existsSync(cachePath(place)), 'the damaged cache is removed at once');
		assert.equal((damaged.run() as {answer: string}).answer, 'intact');
		damaged.store();
		assert.equal(compileWithCache(file, context(place)).cache, 'used', 'and made again');
	});
});

test('a same-length edit of the file: its old cache is not used, the new code runs', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'AAAA');
		firstRun(file, context(place));
		writeCode(dir, 'BBBB');
		const edited = compileWithCache(file, context(place));
		assert.equal(edited.cache, 'other-source');
		assert.equal((edited.run() as {answer: string}).answer, 'BBBB');
		assert.ok(!fs.existsSync(cachePath(place)), 'the cache of the old text is removed');
	});
});

test('a same-length edit after the file’s stamp was recorded: a new change time, so the source is hashed and the edit found', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'AAAA');
		// Ten seconds on: the file's change time counts as settled, and the cache records its stamp.
		const later = context(place, {now: () => Date.now() + 10_000});
		firstRun(file, later);
		assert.equal(compileWithCache(file, later).cache, 'used', 'an unchanged file matches by its stamp');
		const {atime, mtime} = statSync(file);
		writeCode(dir, 'BBBB');
		// Even with the modification time set back, the change time is new.
		fs.utimesSync(file, atime, mtime);
		const edited = compileWithCache(file, later);
		assert.equal(edited.cache, 'other-source');
		assert.equal((edited.run() as {answer: string}).answer, 'BBBB');
	});
});

test('the same bytes under another inode (a reinstall, a copy): the stamp differs, the digest matches, the cache is used', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'same');
		const later = context(place, {now: () => Date.now() + 10_000});
		firstRun(file, later);
		fs.copyFileSync(file, `${file}.copy`);
		fs.renameSync(`${file}.copy`, file);
		assert.equal(compileWithCache(file, later).cache, 'used');
	});
});

test('cache records: a stamp stands for the bytes only when one was recorded; without one the digest decides', () => {
	const stamp = stampOf({ino: 7n, size: 10n, mtimeNs: 1n, ctimeNs: 2n});
	const source = (text: string, settled: boolean, ctimeNs = 2n) => ({digest: () => sha256('(', text, ')'), stamp: stampOf({ino: 7n, size: 10n, mtimeNs: 1n, ctimeNs}), settled});
	assert.ok(stamp.equals(source('x', true).stamp));
	const payload = Buffer.from('v8 data');
	const stamped = sealCache(source('one', true), payload);
	assert.deepEqual(unsealCache(stamped, source('one', true)), {payload});
	let hashed = 0;
	assert.deepEqual(unsealCache(stamped, {...source('one', true), digest: () => (hashed++, sha256('x'))}), {payload});
	assert.equal(hashed, 0, 'the recorded stamp stands for the bytes: the source is not hashed');
	assert.deepEqual(unsealCache(stamped, source('two', true, 3n)), {problem: 'other-source'}, 'a new change time: the digest is compared');
	const unstamped = sealCache(source('one', false), payload);
	assert.deepEqual(unsealCache(unstamped, source('two', true)), {problem: 'other-source'}, 'no stamp recorded (the file was too new): the digest is compared');
	assert.deepEqual(unsealCache(unstamped, source('one', true)), {payload});
	const flipped = Buffer.from(stamped);
	flipped[flipped.length - 1]! ^= 1;
	assert.deepEqual(unsealCache(flipped, source('one', true)), {problem: 'damaged'});
	assert.deepEqual(unsealCache(payload, source('one', true)), {problem: 'not-a-cache'});
});

test('a file in the cache folder that is not a cache: removed, not handed to V8', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'x');
		mkdirSync(place.folder, {mode: 0o700});
		writeFileSync(cachePath(place), 'not a V8 code cache', {mode: 0o600});
		assert.equal(compileWithCache(file, context(place)).cache, 'not-a-cache');
		assert.ok(!fs.existsSync(cachePath(place)));
	});
});

test('the tool’s folder as a symlink (planted by someone else): not read, not written, nothing removed there', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'mine');
		// Someone else's folder with a cache built from a same-length payload of theirs.
		const theirs = join(dir, 'theirs');
		mkdirSync(theirs, {mode: 0o700});
		const theirPlace = {parent: dir, folder: theirs};
		writeCode(theirs, 'evil');
		firstRun(join(theirs, 'code.cjs'), context(theirPlace));
		const planted = readdirSync(theirs).find((name) => name.endsWith('.v8'))!;
		fs.renameSync(join(theirs, planted), join(theirs, cacheFileName('code.cjs', 'check')));
		symlinkSync(theirs, place.folder);
		const before = readdirSync(theirs).sort();

		const compiled = compileWithCache(file, context(place));
		assert.equal(compiled.cache, 'symlink');
		assert.equal((compiled.run() as {answer: string}).answer, 'mine');
		compiled.store();
		assert.deepEqual(readdirSync(theirs).sort(), before, 'nothing written into or removed from the folder the symlink leads to');
	});
});

test('a cache file that is a symlink is refused by open (O_NOFOLLOW), even to a valid cache', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'same');
		firstRun(file, context(place));
		const elsewhere = join(dir, 'elsewhere.v8');
		fs.renameSync(cachePath(place), elsewhere);
		symlinkSync(elsewhere, cachePath(place));
		assert.equal(compileWithCache(file, context(place)).cache, 'symlink');
		assert.ok('problem' in readPrivateFile(realFileSystem, cachePath(place), currentOwner()));
	});
});

test('a folder or cache owned by another user, or writable by others, is not used', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'owned');
		firstRun(file, context(place));
		const me = currentOwner();
		assert.equal(compileWithCache(file, context(place)).cache, 'used');

		// Another uid: every file and folder here belongs to "someone else".
		const otherUid = {uid: (me.uid ?? 1000) + 4242};
		assert.equal(compileWithCache(file, context(place, {owner: otherUid})).cache, 'foreign-owner');

		// Made-up stat answers: the folder looks fine, the opened cache file is foreign or group-writable.
		const fstatAs = (patch: Partial<fs.Stats>): FileSystem => ({
			...realFileSystem,
			fstatSync: ((fd: number) => Object.assign(realFileSystem.fstatSync(fd), patch)) as FileSystem['fstatSync'],
		});
		assert.equal(compileWithCache(file, context(place, {fs: fstatAs({uid: otherUid.uid})})).cache, 'foreign-owner');
		assert.equal(compileWithCache(file, context(place, {fs: fstatAs({mode: 0o100620})})).cache, 'writable-by-others');
		assert.ok(fs.existsSync(cachePath(place)), 'a cache that is not trusted is left alone, not removed on its word');

		// The folder itself: writable by others; or inside a parent anyone may rename things in.
		chmodSync(place.folder, 0o777);
		assert.equal(compileWithCache(file, context(place)).cache, 'writable-by-others');
		chmodSync(place.folder, 0o700);
		chmodSync(place.parent, 0o777);
		assert.equal(folderProblem(realFileSystem, place.folder, place.parent, me), me.uid === undefined ? undefined : 'unsafe-parent');
		chmodSync(place.parent, 0o1777);
		assert.equal(folderProblem(realFileSystem, place.folder, place.parent, me), undefined, 'a sticky parent (like /tmp) is fine');
		chmodSync(place.parent, 0o700);
	});
});

test('a folder others can write to is not written into either', () => {
	scratch((dir, place) => {
		mkdirSync(place.folder);
		chmodSync(place.folder, 0o777);
		const compiled = compileWithCache(writeCode(dir, 'x'), context(place));
		compiled.run();
		compiled.store();
		assert.deepEqual(readdirSync(place.folder), []);
	});
});

test('writing a cache: a new file (O_EXCL), renamed over the name; a symlink there is replaced, its target untouched', () => {
	scratch((dir, place) => {
		mkdirSync(place.folder, {mode: 0o700});
		const target = join(dir, 'precious.txt');
		writeFileSync(target, 'keep me');
		symlinkSync(target, join(place.folder, 'name.v8'));
		writePrivateFile(realFileSystem, place.folder, 'name.v8', Buffer.from('new bytes'));
		assert.equal(readFileSync(target, 'utf8'), 'keep me');
		assert.ok(!fs.lstatSync(join(place.folder, 'name.v8')).isSymbolicLink());
		assert.equal(readFileSync(join(place.folder, 'name.v8'), 'utf8'), 'new bytes');

		// The temporary file is opened with O_EXCL: an open that would reuse an existing file fails.
		const opened: number[] = [];
		const recording: FileSystem = {
			...realFileSystem,
			openSync: ((path: fs.PathLike, flags: number, mode?: number) => {
				opened.push(flags);
				return realFileSystem.openSync(path, flags, mode);
			}) as FileSystem['openSync'],
		};
		writePrivateFile(recording, place.folder, 'other.v8', Buffer.from('x'));
		assert.ok((opened[0]! & fs.constants.O_EXCL) !== 0 && (opened[0]! & fs.constants.O_CREAT) !== 0);
		assert.ok((opened[0]! & fs.constants.O_NOFOLLOW) !== 0);
	});
});

test('no cache place, or one that cannot be made: the file runs all the same', () => {
	scratch((dir) => {
		const file = writeCode(dir, 'plain');
		const none = compileWithCache(file, {...context({parent: '', folder: ''}), place: undefined});
		assert.equal(none.cache, 'no-place');
		assert.equal((none.run() as {answer: string}).answer, 'plain');
		none.store();
		const impossible = compileWithCache(file, context({parent: '/proc/ddb-export-no-such', folder: '/proc/ddb-export-no-such/ddb-export'}));
		assert.equal((impossible.run() as {answer: string}).answer, 'plain');
		impossible.store();
	});
});

test('where caches live: the user’s own cache folder, never the temp folder', () => {
	const home = '/home/alice';
	assert.deepEqual(cachePlace({env: {XDG_CACHE_HOME: '/x/cache'}, platform: 'linux', home}), {parent: '/x/cache', folder: '/x/cache/ddb-export'});
	assert.deepEqual(cachePlace({env: {}, platform: 'linux', home}), {parent: '/home/alice/.cache', folder: '/home/alice/.cache/ddb-export'});
	assert.deepEqual(cachePlace({env: {XDG_CACHE_HOME: 'relative/cache'}, platform: 'linux', home}), {parent: '/home/alice/.cache', folder: '/home/alice/.cache/ddb-export'}, 'a relative XDG_CACHE_HOME is ignored, as the spec says');
	assert.deepEqual(cachePlace({env: {}, platform: 'darwin', home: '/Users/alice'}), {parent: '/Users/alice/Library/Caches', folder: '/Users/alice/Library/Caches/ddb-export'});
	assert.equal(cachePlace({env: {}, platform: 'linux', home: undefined}), undefined);
	assert.equal(cachePlace({env: {}, platform: 'linux', home: ''}), undefined);
	if (process.platform === 'win32') {
		assert.deepEqual(cachePlace({env: {LOCALAPPDATA: 'C:\\Users\\alice\\AppData\\Local'}, platform: 'win32', home: 'C:\\Users\\alice'})?.folder, 'C:\\Users\\alice\\AppData\\Local\\ddb-export');
	} else {
		assert.equal(cachePlace({env: {LOCALAPPDATA: '/win/local'}, platform: 'win32', home})?.folder, '/win/local/ddb-export');
	}
	for (const platform of ['linux', 'darwin', 'win32'] as const) {
		const folder = cachePlace({env: {TMPDIR: tmpdir(), LOCALAPPDATA: '/l'}, platform, home})?.folder ?? '';
		assert.ok(!folder.startsWith(tmpdir()), `${platform}: ${folder}`);
	}
});

test('each command its own cache; the wizard and export store theirs early', () => {
	assert.equal(cacheFlavour(['--version']), 'info');
	assert.equal(cacheFlavour(['check', '--help']), 'info');
	assert.equal(cacheFlavour(['check', '--demo']), 'check');
	assert.equal(cacheFlavour(['--demo', 'policies']), 'policies');
	assert.equal(cacheFlavour(['--demo']), 'wizard');
	assert.equal(cacheFlavour(['nonsense']), 'wizard');
	assert.ok(storesEarly('wizard') && storesEarly('export') && !storesEarly('check'));
	assert.equal(cacheFileName('app-0825DA98CFDD.cjs', 'check', 'v20.20.2', 'x64'), 'app-0825DA98CFDD.cjs-check-v20.20.2-x64.v8');
});

test('pruning: only caches unused for 30 days and this file’s abandoned temporary files; other builds keep theirs', () => {
	const now = Date.parse('2026-12-06T12:00:00Z');
	const day = 24 * 60 * 60 * 1000;
	const entry = (name: string, ageMs: number, isFile = true) => ({name, mtimeMs: now - ageMs, isFile});
	const removed = prunable(
		[
			entry('app-AAAAAAAAAAAA.cjs-check-v20.20.2-x64.v8', day),
			entry('app-BBBBBBBBBBBB.cjs-check-v20.20.2-x64.v8', 3 * day),
			entry('app-CCCCCCCCCCCC.cjs-wizard-v20.20.2-x64.v8', UNUSED_FOR_MS + day),
			entry('app-AAAAAAAAAAAA.cjs-check-v20.20.2-x64.v8.123-abcd.tmp', 2 * 60 * 60 * 1000),
			entry('app-AAAAAAAAAAAA.cjs-check-v20.20.2-x64.v8.124-abce.tmp', 60 * 1000),
			entry('app-BBBBBBBBBBBB.cjs-check-v20.20.2-x64.v8.125-abcf.tmp', 2 * 60 * 60 * 1000),
			entry('notes.txt', 400 * day),
			entry('old-folder.cjs-check-v20.20.2-x64.v8', 400 * day, false),
		],
		'app-AAAAAAAAAAAA.cjs',
		now,
	);
	assert.deepEqual(removed, ['app-CCCCCCCCCCCC.cjs-wizard-v20.20.2-x64.v8', 'app-AAAAAAAAAAAA.cjs-check-v20.20.2-x64.v8.123-abcd.tmp']);
});

test('storing prunes the folder by those rules; a cache in use is touched so it is not pruned', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'x');
		mkdirSync(place.folder, {mode: 0o700});
		const old = new Date(Date.now() - UNUSED_FOR_MS - 24 * 60 * 60 * 1000);
		const stale = join(place.folder, 'app-CCCCCCCCCCCC.cjs-check-v20.20.2-x64.v8');
		const otherBuild = join(place.folder, 'app-BBBBBBBBBBBB.cjs-check-v20.20.2-x64.v8');
		writeFileSync(stale, 'unused for a month', {mode: 0o600});
		fs.utimesSync(stale, old, old);
		writeFileSync(otherBuild, 'another installed build', {mode: 0o600});
		firstRun(file, context(place));
		assert.ok(!fs.existsSync(stale));
		assert.ok(fs.existsSync(otherBuild));

		fs.utimesSync(cachePath(place), old, old);
		assert.equal(compileWithCache(file, context(place)).cache, 'used');
		assert.ok(Date.now() - statSync(cachePath(place)).mtimeMs < UNUSED_FOR_MS / 2, 'a cache in use gets a fresh time');
	});
});

test('a cache that cannot be read (an I/O error) only costs speed: the file runs', () => {
	scratch((dir, place) => {
		const file = writeCode(dir, 'still runs');
		firstRun(file, context(place));
		const failing: FileSystem = {
			...realFileSystem,
			readSync: (() => {
				throw Object.assign(new Error('i/o error'), {code: 'EIO'});
			}) as FileSystem['readSync'],
		};
		const compiled = compileWithCache(file, context(place, {fs: failing}));
		assert.equal(compiled.cache, 'unreadable');
		assert.equal((compiled.run() as {answer: string}).answer, 'still runs');
	});
});
