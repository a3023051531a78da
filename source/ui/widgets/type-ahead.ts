// Type-ahead between the wizard's questions, as in a shell: keys left in a read after a
// question took its answer, and keys that arrive while the next question is not on the
// screen yet (its step is loading), are kept in order for the next question. Pure: the
// wiring (who holds the keyboard) is in use-keys.ts.
//
// Safety first: keys are only ever handed to a question (never to the review, the checks,
// a y/N or an apply screen: those close the type-ahead when they take the keyboard); a
// question that refuses an answer or shows a problem drops what is pending, so nothing
// lands in a field the person has not seen; Esc (or Shift+Tab) and Ctrl-C end it.

import type {Key} from './keys.js';

export interface TypeAheadState {
	/** Keys with no question to take them are kept (after an answer, at the start). */
	open: boolean;
	/** Kept keys, oldest first. */
	pending: Key[];
}

/** At the start the first question may still be loading: keys typed then are kept. */
export const TYPE_AHEAD_START: TypeAheadState = {open: true, pending: []};

export const TYPE_AHEAD_CLOSED: TypeAheadState = {open: false, pending: []};

/** Keys that end the type-ahead: back (Esc, Shift+Tab) and Ctrl-C. */
export function endsTypeAhead(key: Key): boolean {
	return key.name === 'escape' || key.name === 'backTab' || (key.name === 'ctrl' && key.letter === 'c');
}

/** A key that arrived while no question holds the keyboard. */
export function keyWithoutQuestion(state: TypeAheadState, key: Key): TypeAheadState {
	if (endsTypeAhead(key)) return TYPE_AHEAD_CLOSED;
	if (!state.open) return state;
	return {open: true, pending: [...state.pending, key]};
}

/** A question's turn ended with `key`: an answer opens the type-ahead; going back (or Ctrl-C) closes it. */
export function turnEnded(_state: TypeAheadState, key: Key): TypeAheadState {
	return endsTypeAhead(key) ? TYPE_AHEAD_CLOSED : {open: true, pending: []};
}

/**
 * A question takes the keyboard. A new question is handed the kept keys (in order; what
 * its own answer leaves is kept again by the caller). `again`: the same question after it
 * took an answer (refused, warned, nothing happened) or while it shows a problem: what
 * is pending is dropped.
 */
export function questionTakes(state: TypeAheadState, again: boolean): {state: TypeAheadState; keys: Key[]} {
	if (again) return {state: TYPE_AHEAD_CLOSED, keys: []};
	return {state: {open: state.open, pending: []}, keys: state.pending};
}

/**
 * Hands `keys` in order to `handle` (the question holding the keyboard, if any) and keeps
 * what is left after its turn ends (or what it gives back with 'keep'): the state after them and whether a question still holds
 * the keyboard.
 */
export function routeKeys(state: TypeAheadState, keys: readonly Key[], handle: ((key: Key) => 'done' | 'keep' | void) | undefined): {state: TypeAheadState; held: boolean} {
	let next = state;
	let holder = handle;
	for (const key of keys) {
		if (!holder) {
			next = keyWithoutQuestion(next, key);
			continue;
		}
		const outcome = holder(key);
		// 'keep': the question is waiting for its answer to be read; the key is for the next one.
		if (outcome === 'keep') {
			next = keyWithoutQuestion(next, key);
			continue;
		}
		const ended = outcome === 'done';
		if (ended) holder = undefined;
		if (ended) next = turnEnded(next, key);
		// Ctrl-C acts at once (the App's handler): the rest of that read is not typed on.
		if (key.name === 'ctrl' && key.letter === 'c') return {state: TYPE_AHEAD_CLOSED, held: holder !== undefined};
	}
	return {state: next, held: holder !== undefined};
}
