// Counts the items of a data file as its decompressed bytes stream by, holding at most
// one line at a time.

import {countIonStructs} from '../read/ion-values.js';

export interface ItemCounter {
	push(chunk: Buffer): void;
	/** The count, or a problem that makes the count untrustworthy. */
	end(): {count: number; problem?: string} | {unknown: string};
}

/**
 * DynamoDB JSON: one JSON object per line. Each line is checked for an object's shape
 * (`{` … `}`) on the bytes, not parsed: the file's MD5 already says whether its bytes are
 * DynamoDB's, and parsing every item halved the throughput (42 against 85 MB/s). A cut or
 * altered line fails the shape check.
 */
export function jsonLinesCounter(): ItemCounter {
	const open = 0x7b;
	const close = 0x7d;
	const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0d;
	let count = 0;
	let line = 0;
	let problem: string | undefined;
	// State of the line in progress: its first and last non-space bytes so far.
	let first = -1;
	let last = -1;
	const endLine = () => {
		line++;
		if (first === -1) return;
		if (first === open && last === close) count++;
		else problem ??= `line ${line} is not a JSON object (a cut or altered line)`;
		first = -1;
		last = -1;
	};
	return {
		push(chunk) {
			let start = 0;
			while (start <= chunk.length) {
				const newline = chunk.indexOf(0x0a, start);
				const end = newline === -1 ? chunk.length : newline;
				// Only the ends of the segment matter: its first and last non-space bytes.
				let i = start;
				while (i < end && isSpace(chunk[i]!)) i++;
				if (i < end) {
					if (first === -1) first = chunk[i]!;
					let j = end - 1;
					while (j >= i && isSpace(chunk[j]!)) j--;
					last = chunk[j]!;
				}
				if (newline === -1) break;
				endLine();
				start = newline + 1;
			}
		},
		end() {
			endLine();
			return problem ? {count, problem} : {count};
		},
	};
}

/**
 * Ion text, as DynamoDB writes it: one item per line ("$ion_1_0 {Item:{…}}"). Each line
 * is read with ion-js and its top-level structs counted; a line ion-js cannot read (cut,
 * altered) or a top-level value that is not a struct is a problem, as a bad line is for
 * DynamoDB JSON. Binary Ion (which DynamoDB does not write) is not counted: that is said,
 * not guessed. ion-js reads about 13 MB of Ion text a second here, which bounds an Ion
 * export's verify (the bench measures it).
 */
export function ionCounter(maxLineBytes = 16 * 1024 * 1024): ItemCounter {
	let count = 0;
	let line = 0;
	let problem: string | undefined;
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	let first = true;
	let binary = false;
	// Lines are read by ion-js a batch at a time (one reader for ~256 KB of lines is a
	// quarter faster than one per line); a batch that fails is read again line by line to
	// name the line at fault.
	let batch: string[] = [];
	let batchBytes = 0;
	let batchFirstLine = 1;
	const countBatch = () => {
		if (batch.length === 0 || problem !== undefined) return;
		const lines = batch;
		batch = [];
		batchBytes = 0;
		try {
			count += countIonStructs(lines.join('\n'));
			return;
		} catch {
			// Which line: read them one by one (the good ones before it still count).
		}
		for (const [offset, text] of lines.entries()) {
			try {
				count += countIonStructs(text);
			} catch (error) {
				problem = `line ${batchFirstLine + offset} is not Ion (a cut or altered line: ${(error as Error).message})`;
				return;
			}
		}
		// Each line alone is Ion but not together (a long string or comment left open across lines).
		problem = `lines ${batchFirstLine}–${batchFirstLine + lines.length - 1} are not Ion together (a value spans lines, which DynamoDB does not write)`;
	};
	const countLine = (bytes: Buffer) => {
		line++;
		if (problem !== undefined) return;
		if (batch.length === 0) batchFirstLine = line;
		const text = bytes.toString('utf8');
		batch.push(text);
		batchBytes += text.length;
		if (batchBytes >= 256 * 1024) countBatch();
	};
	return {
		push(chunk) {
			if (first && chunk.length > 0) {
				first = false;
				binary = chunk[0] === 0xe0;
			}
			if (binary || problem !== undefined) return;
			let start = 0;
			for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
				const piece = chunk.subarray(start, newline);
				countLine(pending.length > 0 ? Buffer.concat([...pending, piece]) : piece);
				pending = [];
				pendingBytes = 0;
				start = newline + 1;
			}
			if (start < chunk.length) {
				pending.push(Buffer.from(chunk.subarray(start)));
				pendingBytes += chunk.length - start;
				if (pendingBytes > maxLineBytes) {
					problem ??= `line ${line + 1} is longer than ${Math.round(maxLineBytes / 1024 / 1024)} MB: not a DynamoDB Ion line`;
					pending = [];
					pendingBytes = 0;
				}
			}
		},
		end() {
			if (binary) return {unknown: 'binary Ion item counting is not supported (DynamoDB writes Ion text)'};
			if (pending.length > 0) countLine(Buffer.concat(pending));
			pending = [];
			countBatch();
			return problem ? {count, problem} : {count};
		},
	};
}
