// Pure state of a one-line text field, edited like a shell line. A pre-filled value
// (a proposal or the previous answer) is "pristine": the first printable key replaces it,
// Ctrl-U clears it, and any other editing key starts editing it where the cursor is.

import {isWordChar, type Key} from './keys.js';

export interface TextState {
	/** The text as code points, so that the cursor never splits a character. */
	chars: string[];
	/** Insertion point, 0..chars.length. */
	cursor: number;
	/** Still the pre-filled value, untouched: typing replaces it. */
	pristine: boolean;
}

/** What the field does with each key (for the key hints). */
export const TEXT_FIELD_KEYS = {
	replace: 'typing replaces it',
	clear: 'Ctrl-U clears',
	edit: '←→ Home End · Ctrl-A/E/U/K/W · Alt-B/F',
} as const;

export function initialTextState(value: string): TextState {
	const chars = [...value];
	return {chars, cursor: chars.length, pristine: chars.length > 0};
}

export function textOf(state: TextState): string {
	return state.chars.join('');
}

/** Start of the word before `from`: skip non-word characters, then word characters. */
function wordStart(chars: string[], from: number, isWord: (c: string | undefined) => boolean): number {
	let i = from;
	while (i > 0 && !isWord(chars[i - 1])) i--;
	while (i > 0 && isWord(chars[i - 1])) i--;
	return i;
}

function wordEnd(chars: string[], from: number): number {
	let i = from;
	while (i < chars.length && !isWordChar(chars[i])) i++;
	while (i < chars.length && isWordChar(chars[i])) i++;
	return i;
}

/** Ctrl-W (unix-word-rubout): a word is anything up to whitespace. */
const notSpace = (c: string | undefined) => c !== undefined && !/\s/u.test(c);

function remove(state: TextState, from: number, to: number, cursor = from): TextState {
	if (from >= to) return {...state, pristine: false};
	return {chars: [...state.chars.slice(0, from), ...state.chars.slice(to)], cursor, pristine: false};
}

function moveTo(state: TextState, cursor: number): TextState {
	return {...state, cursor: Math.max(0, Math.min(state.chars.length, cursor)), pristine: false};
}

/** The state after `key`; Enter, Esc and keys a text field ignores leave it unchanged. */
export function textReducer(state: TextState, key: Key): TextState {
	const {chars, cursor} = state;
	switch (key.name) {
		case 'text': {
			const typed = [...key.text];
			if (state.pristine) return {chars: typed, cursor: typed.length, pristine: false};
			return {chars: [...chars.slice(0, cursor), ...typed, ...chars.slice(cursor)], cursor: cursor + typed.length, pristine: false};
		}
		case 'backspace':
			return remove(state, Math.max(0, cursor - 1), cursor);
		case 'delete':
			return remove(state, cursor, Math.min(chars.length, cursor + 1));
		case 'left':
			return moveTo(state, cursor - 1);
		case 'right':
			return moveTo(state, cursor + 1);
		case 'home':
			return moveTo(state, 0);
		case 'end':
			return moveTo(state, chars.length);
		case 'wordLeft':
			return moveTo(state, wordStart(chars, cursor, isWordChar));
		case 'wordRight':
			return moveTo(state, wordEnd(chars, cursor));
		case 'deleteWordLeft':
			return remove(state, wordStart(chars, cursor, isWordChar), cursor);
		case 'deleteWordRight':
			return remove(state, cursor, wordEnd(chars, cursor));
		case 'ctrl':
			switch (key.letter) {
				case 'a':
					return moveTo(state, 0);
				case 'e':
					return moveTo(state, chars.length);
				case 'b':
					return moveTo(state, cursor - 1);
				case 'f':
					return moveTo(state, cursor + 1);
				case 'd':
					return remove(state, cursor, Math.min(chars.length, cursor + 1));
				case 'u':
					return remove(state, 0, cursor);
				case 'k':
					return remove(state, cursor, chars.length);
				case 'w':
					return remove(state, wordStart(chars, cursor, notSpace), cursor);
				default:
					return state;
			}
		default:
			return state;
	}
}
