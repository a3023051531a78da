// A cache file: V8's cached data behind a header that says what it was made from and
// what it must hash to. V8 (release builds) accepts cached data for any source of the
// same length and runs it unverified: a few flipped bytes crash every later run, and a
// cache made from an older same-length source runs the older code. So a cache is only
// handed to V8 when its own bytes and the source it was made from both match.
//
//   bytes 0-7     MAGIC (format and version of this header)
//   bytes 8-39    SHA-256 of the source as compiled (wrapper and file)
//   bytes 40-71   SHA-256 of the payload
//   bytes 72-103  the source file's stamp when the cache was made, or zeros (built-file.ts)
//   bytes 104-    the payload: V8's cached data
//
// The source matches when its stamp is the recorded one, else when its digest is.

import {NO_STAMP, sha256, type BuiltFile} from './built-file.js';

const MAGIC = Buffer.from('DDBV8C\x00\x02', 'latin1');
const SOURCE_AT = MAGIC.length;
const PAYLOAD_DIGEST_AT = SOURCE_AT + 32;
const STAMP_AT = PAYLOAD_DIGEST_AT + 32;
const HEADER = STAMP_AT + NO_STAMP.length;

export type Source = Pick<BuiltFile, 'digest' | 'stamp' | 'settled'>;

export function sealCache(source: Source, payload: Uint8Array): Buffer {
	return Buffer.concat([MAGIC, source.digest(), sha256(payload), source.settled ? source.stamp : NO_STAMP, payload]);
}

export type Unsealed = {payload: Buffer} | {problem: 'not-a-cache' | 'other-source' | 'damaged'};

export function unsealCache(record: Buffer, source: Source): Unsealed {
	if (record.length <= HEADER || !record.subarray(0, MAGIC.length).equals(MAGIC)) return {problem: 'not-a-cache'};
	const stamp = record.subarray(STAMP_AT, HEADER);
	const sameStamp = !stamp.equals(NO_STAMP) && stamp.equals(source.stamp);
	if (!sameStamp && !record.subarray(SOURCE_AT, PAYLOAD_DIGEST_AT).equals(source.digest())) return {problem: 'other-source'};
	const payload = record.subarray(HEADER);
	if (!sha256(payload).equals(record.subarray(PAYLOAD_DIGEST_AT, STAMP_AT))) return {problem: 'damaged'};
	return {payload};
}
