// A cache file: V8's cached data behind a header that says what it was made from and
// what it must hash to. V8 (release builds) accepts cached data for any source of the
// same length and runs it unverified: a few flipped bytes crash every later run, and a
// cache made from an older same-length source runs the older code. So a cache is only
// handed to V8 when its own bytes and the source it was made from both match.
//
//   bytes 0-7    MAGIC (format and version of this header)
//   bytes 8-39   SHA-256 of the source as compiled (wrapper and file)
//   bytes 40-71  SHA-256 of the payload
//   bytes 72-    the payload: V8's cached data

import {createHash} from 'node:crypto';

const MAGIC = Buffer.from('DDBV8C\x00\x01', 'latin1');
const DIGEST = 32;
const HEADER = MAGIC.length + 2 * DIGEST;

function sha256(...parts: Array<string | Uint8Array>): Buffer {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part);
	return hash.digest();
}

/** The digest of the code V8 compiles: the wrapper around the file and the file's bytes. */
export function sourceDigest(head: string, file: Uint8Array, tail: string): Buffer {
	return sha256(head, file, tail);
}

export function sealCache(source: Buffer, payload: Uint8Array): Buffer {
	return Buffer.concat([MAGIC, source, sha256(payload), payload]);
}

export type Unsealed = {payload: Buffer} | {problem: 'not-a-cache' | 'other-source' | 'damaged'};

export function unsealCache(record: Buffer, source: Buffer): Unsealed {
	if (record.length <= HEADER || !record.subarray(0, MAGIC.length).equals(MAGIC)) return {problem: 'not-a-cache'};
	if (!record.subarray(MAGIC.length, MAGIC.length + DIGEST).equals(source)) return {problem: 'other-source'};
	const payload = record.subarray(HEADER);
	if (!sha256(payload).equals(record.subarray(MAGIC.length + DIGEST, HEADER))) return {problem: 'damaged'};
	return {payload};
}
