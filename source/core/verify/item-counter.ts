// Counts the items of a data file as its decompressed bytes stream by, holding at most
// one line (DynamoDB JSON) or one character of state (Ion text) at a time.

export interface ItemCounter {
	push(chunk: Buffer): void;
	/** The count, or a problem that makes the count untrustworthy. */
	end(): {count: number; problem?: string} | {unknown: string};
}

/** DynamoDB JSON: one JSON object per line; a line that does not parse is a damaged file. */
export function jsonLinesCounter(): ItemCounter {
	let partial = '';
	let count = 0;
	let line = 0;
	let problem: string | undefined;
	const take = (text: string) => {
		line++;
		if (text.trim() === '') return;
		try {
			const value = JSON.parse(text) as unknown;
			if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
			count++;
		} catch {
			problem ??= `line ${line} is not a JSON object (a cut or altered line)`;
		}
	};
	return {
		push(chunk) {
			const text = partial + chunk.toString('utf8');
			const lines = text.split('\n');
			partial = lines.pop()!;
			for (const l of lines) take(l);
		},
		end() {
			if (partial !== '') take(partial);
			partial = '';
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
