// One read from the terminal can hold several keys: typing ahead, a paste, key repeat,
// ssh. Ink splits a read only at escape characters, so "abc\r" or "\x7f\x7f\x7f\r" arrive
// as one input event (and Ink reports a lone \x7f as Delete). keysOf turns the raw text
// of one event into the keys it holds, in order, for the widgets' reducers (it splits
// escape sequences too, wherever they are).

export type KeyName =
	| 'enter'
	| 'backspace'
	| 'delete'
	| 'left'
	| 'right'
	| 'up'
	| 'down'
	| 'home'
	| 'end'
	| 'pageUp'
	| 'pageDown'
	| 'escape'
	| 'tab'
	| 'backTab'
	| 'wordLeft'
	| 'wordRight'
	| 'deleteWordLeft'
	| 'deleteWordRight';

export type Key =
	/** Printable characters typed (or pasted) in a row. */
	| {name: 'text'; text: string}
	/** Ctrl and a letter (Ctrl-A is "a"). */
	| {name: 'ctrl'; letter: string}
	| {name: KeyName}
	/** A sequence no widget handles (function keys...). */
	| {name: 'unknown'; sequence: string};

const ESC = '\u001B';

/** CSI and SS3 sequences by their final part (after ESC[ or ESC O). */
const SEQUENCES: Record<string, KeyName> = {
	A: 'up',
	B: 'down',
	C: 'right',
	D: 'left',
	H: 'home',
	F: 'end',
	Z: 'backTab',
	'1~': 'home',
	'7~': 'home',
	'4~': 'end',
	'8~': 'end',
	'3~': 'delete',
	'5~': 'pageUp',
	'6~': 'pageDown',
};

/** Alt (Meta) and a key, as terminals send it: ESC then the key. */
const META: Record<string, KeyName> = {
	b: 'wordLeft',
	f: 'wordRight',
	d: 'deleteWordRight',
	'\u007F': 'deleteWordLeft',
	'\b': 'deleteWordLeft',
};

function escapeSequence(sequence: string): Key {
	if (sequence === ESC || sequence === ESC + ESC) return {name: 'escape'};
	const csi = /^\u001B{1,2}(?:\[|O)(\d*)(?:;(\d+))?([A-Za-z~])$/.exec(sequence);
	if (csi) {
		const [, number = '', modifier, final = ''] = csi;
		const name = SEQUENCES[final === '~' ? `${number}~` : final];
		if (!name) return {name: 'unknown', sequence};
		// Ctrl (5) or Alt (3) with ←/→ moves by word, as in most shells; a doubled ESC is Alt too.
		const withModifier = (modifier !== undefined && modifier !== '1') || sequence.startsWith(ESC + ESC);
		if (withModifier && name === 'left') return {name: 'wordLeft'};
		if (withModifier && name === 'right') return {name: 'wordRight'};
		return {name};
	}
	if (sequence.length === 2) {
		const meta = META[sequence[1]!];
		if (meta) return {name: meta};
	}
	return {name: 'unknown', sequence};
}

/** An escape sequence at the start of `text`: CSI / SS3 (maybe after a second ESC for Alt), ESC + one key, or ESC alone. */
const ESCAPE_SEQUENCE = /^\u001B{1,2}(?:\[[\d;]*[A-Za-z~]|O[A-Za-z])|^\u001B[^\u001B]?/u;

/** The keys in one input event (or any stretch of terminal input), in the order they were typed. */
export function keysOf(raw: string): Key[] {
	const keys: Key[] = [];
	let text = '';
	const flush = () => {
		if (text) keys.push({name: 'text', text});
		text = '';
	};
	const chars = [...raw];
	for (let i = 0; i < chars.length; i++) {
		const char = chars[i]!;
		const code = char.codePointAt(0)!;
		if (code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0)) {
			text += char;
			continue;
		}
		flush();
		if (char === ESC) {
			const sequence = ESCAPE_SEQUENCE.exec(chars.slice(i).join(''))![0];
			keys.push(escapeSequence(sequence));
			i += [...sequence].length - 1;
		} else if (char === '\r' || char === '\n') {
			keys.push({name: 'enter'});
			// A pasted Windows line end is one Enter.
			if (char === '\r' && chars[i + 1] === '\n') i++;
		} else if (char === '\u007F' || char === '\b') keys.push({name: 'backspace'});
		else if (char === '\t') keys.push({name: 'tab'});
		else if (code >= 1 && code <= 26) keys.push({name: 'ctrl', letter: String.fromCharCode(code + 96)});
		// Other control characters (NUL, C1 controls) are dropped: they never belong in a field.
	}
	flush();
	return keys;
}

/** Words for Alt-B / Alt-F / Alt-D (letters and digits, like readline). */
export function isWordChar(char: string | undefined): boolean {
	return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}
