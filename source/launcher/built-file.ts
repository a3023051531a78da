// The built file a cache is made from: its bytes, its digest and its stamp. Hashing the
// source at every start would cost about a millisecond per megabyte; the stamp (inode,
// size, modification and change times in nanoseconds, from fstat of the descriptor that
// was read) stands for the bytes instead once it has been recorded in a cache: any write
// to the file gives it a new change time, which no one but root can set back. A stamp is
// only recorded once the change time is a few seconds old, so that a file system with
// coarse times cannot hide a write made within the same tick. (Python's .pyc files are
// checked by modification time and size alone.)

import {closeSync, fstatSync, openSync, readSync} from 'node:fs';
import {createHash} from 'node:crypto';

/** How old a change time must be before the stamp stands for the bytes. */
export const STAMP_SETTLED_MS = 5000;

/** 32 bytes: inode, size, modification and change time (ns); all zeros for "none". */
export type Stamp = Buffer;
export const NO_STAMP: Stamp = Buffer.alloc(32);

export interface BuiltFile {
	bytes: Buffer;
	/** SHA-256 of the code V8 compiles (wrapper and bytes); computed once, when asked. */
	digest: () => Buffer;
	stamp: Stamp;
	/** Whether the stamp may be recorded: the change time is STAMP_SETTLED_MS old. */
	settled: boolean;
}

export interface StampSource {
	ino: bigint;
	size: bigint;
	mtimeNs: bigint;
	ctimeNs: bigint;
}

export function stampOf(st: StampSource): Stamp {
	const stamp = Buffer.alloc(32);
	[st.ino, st.size, st.mtimeNs, st.ctimeNs].forEach((value, i) => stamp.writeBigUInt64BE(BigInt.asUintN(64, value), i * 8));
	return stamp;
}

export function sha256(...parts: Array<string | Uint8Array>): Buffer {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part);
	return hash.digest();
}

/** Reads the whole built file through one descriptor: what was stamped is what was read. */
export function readBuiltFile(file: string, wrapper: {head: string; tail: string}, now: number): BuiltFile {
	const fd = openSync(file, 'r');
	try {
		const st = fstatSync(fd, {bigint: true});
		const whole = Buffer.allocUnsafe(Number(st.size));
		let read = 0;
		while (read < whole.length) {
			const n = readSync(fd, whole, read, whole.length - read, read);
			if (n === 0) break;
			read += n;
		}
		const bytes = whole.subarray(0, read);
		let digest: Buffer | undefined;
		return {
			bytes,
			digest: () => (digest ??= sha256(wrapper.head, bytes, wrapper.tail)),
			stamp: stampOf(st),
			settled: BigInt(now) * 1_000_000n - st.ctimeNs > BigInt(STAMP_SETTLED_MS) * 1_000_000n,
		};
	} finally {
		closeSync(fd);
	}
}
