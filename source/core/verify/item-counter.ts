// Counts the items of a data file as its decompressed bytes stream by, holding at most
// one line (DynamoDB JSON) or one character of state (Ion text) at a time.

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
 * Ion text: counts the top-level structs (`{Item:…}` or `{Keys:…}`), skipping strings,
 * quoted symbols, long strings and comments; other top-level values (the $ion_1_0 version
 * marker) are not items. Binary Ion is not counted: that is said, not guessed.
 */
export function ionTextCounter(): ItemCounter {
	type Mode = 'code' | 'dq' | 'sq' | 'long' | 'line-comment' | 'block-comment';
	let mode: Mode = 'code';
	let depth = 0;
	let count = 0;
	let escaped = false;
	let quotes = 0; // consecutive ' seen (for ''' long strings)
	let previous = '';
	let first = true;
	let binary = false;
	return {
		push(chunk) {
			if (first && chunk.length > 0) {
				first = false;
				if (chunk[0] === 0xe0) binary = true;
			}
			if (binary) return;
			const text = chunk.toString('utf8');
			for (const c of text) {
				switch (mode) {
					case 'dq':
						if (escaped) escaped = false;
						else if (c === '\\') escaped = true;
						else if (c === '"') mode = 'code';
						break;
					case 'sq':
						if (escaped) escaped = false;
						else if (c === '\\') escaped = true;
						else if (c === "'") mode = 'code';
						break;
					case 'long':
						if (escaped) escaped = false;
						else if (c === '\\') escaped = true;
						else if (c === "'") {
							quotes++;
							if (quotes === 3) {
								mode = 'code';
								quotes = 0;
							}
						} else quotes = 0;
						break;
					case 'line-comment':
						if (c === '\n') mode = 'code';
						break;
					case 'block-comment':
						if (previous === '*' && c === '/') mode = 'code';
						break;
					case 'code':
						if (c === "'") {
							quotes++;
							if (quotes === 3) {
								mode = 'long';
								quotes = 0;
							}
							break;
						}
						if (quotes === 1) mode = 'sq';
						quotes = 0;
						if (mode === 'sq') {
							// The character after a lone quote is inside the symbol.
							if (c === '\\') escaped = true;
							else if (c === "'") mode = 'code';
							break;
						}
						if (c === '"') mode = 'dq';
						else if (previous === '/' && c === '/') mode = 'line-comment';
						else if (previous === '/' && c === '*') mode = 'block-comment';
						else if (c === '{' || c === '[' || c === '(') {
							if (c === '{' && depth === 0) count++;
							depth++;
						} else if (c === '}' || c === ']' || c === ')') depth = Math.max(0, depth - 1);
						break;
				}
				previous = mode === 'block-comment' && c === '*' && previous === '/' ? '' : c;
			}
		},
		end() {
			if (binary) return {unknown: 'binary Ion item counting is not supported yet'};
			if (mode === 'sq' || (mode === 'code' && quotes === 1)) return {count, problem: 'the file ends inside a quoted symbol (cut short)'};
			if (mode === 'dq' || mode === 'long' || depth !== 0) return {count, problem: 'the file ends inside a value (cut short)'};
			return {count};
		},
	};
}
