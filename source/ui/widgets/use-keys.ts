// The widgets' key binding: every key of every input event, in order, handled against the
// latest state. Ink's useInput hands a handler the state of the last render, so two keys
// of one read (↓ then Enter) both saw the state from before the first; here the state
// lives in a ref that each key advances (the pure reducers in *-state.ts), and React is
// told afterwards. A question's widget (inside a QuestionKeys provider) also takes the
// keys typed ahead of it (type-ahead.ts).

import {createContext, useContext, useEffect, useLayoutEffect, useRef, useState} from 'react';
import {useStdin} from 'ink';
import {keysOf, type Key} from './keys.js';
import {questionTakes, routeKeys, TYPE_AHEAD_CLOSED, TYPE_AHEAD_START, type TypeAheadState} from './type-ahead.js';

/** A handler returns 'done' when its key ended the widget's turn (Enter, Esc): the rest of that read is not its. */
export type KeyHandler = (key: Key) => 'done' | void;

interface Holder {
	handle: (key: Key) => 'done' | 'keep' | void;
	/** Told when its turn ended ('done'): it takes the keyboard again if it is still the question shown. */
	ended: () => void;
}

/** The keys typed ahead of the wizard's questions, and the question holding the keyboard. One per App. */
export class TypeAheadKeys {
	state: TypeAheadState = TYPE_AHEAD_START;
	private holder: Holder | undefined;

	/** Every input event, while the App is shown. */
	readonly onInput = (raw: string): void => this.route(keysOf(raw));

	private route(keys: readonly Key[]): void {
		const holder = this.holder;
		const {state, held} = routeKeys(this.state, keys, holder?.handle);
		this.state = state;
		if (holder && !held && this.holder === holder) {
			this.holder = undefined;
			holder.ended();
		}
	}

	/** A question takes the keyboard: the kept keys are its (or dropped, `again`: see questionTakes). */
	take(holder: Holder, again: boolean): void {
		this.holder = holder;
		const {state, keys} = questionTakes(this.state, again);
		this.state = state;
		this.route(keys);
	}

	release(holder: Holder): void {
		if (this.holder === holder) this.holder = undefined;
	}

	/** A screen that is not a question (the review, checks, y/N, apply, export) or a problem: nothing typed ahead reaches it. */
	close(): void {
		this.state = TYPE_AHEAD_CLOSED;
	}
}

/** Given by the App (every widget finds the type-ahead) and again by a question around its field. */
export const QuestionKeys = createContext<{keys: TypeAheadKeys; question: boolean; waiting?: boolean; refused?: boolean} | undefined>(undefined);

/** Calls `handler` (the latest one given) for each key while `isActive`. */
export function useKeys(handler: KeyHandler, isActive = true): void {
	const {internal_eventEmitter: emitter, setRawMode} = useStdin();
	const latest = useRef(handler);
	latest.current = handler;
	const typeAhead = useContext(QuestionKeys);
	const question = typeAhead?.question ? typeAhead : undefined;
	// Bumped when this question's turn ended and it is still shown: it takes the keyboard again.
	const [turns, setTurns] = useState(0);
	// Cleared as the widget unmounts (layout cleanups run in the commit itself), so keys that
	// arrive before the passive cleanup unsubscribes are not handled by a widget that is gone.
	const mounted = useRef(true);
	useLayoutEffect(() => {
		mounted.current = true;
		return () => {
			mounted.current = false;
		};
	}, []);
	const keys = typeAhead?.keys;
	const asked = Boolean(question);
	const waiting = Boolean(question?.waiting);
	const refused = Boolean(question?.refused);
	useEffect(() => {
		if (!isActive) return;
		setRawMode(true);
		if (keys && asked) {
			const holder: Holder = {
				handle: (key) => {
					if (!mounted.current) return 'done';
					// An answer being read (DescribeTable): keys wait for the next question; Esc still goes back.
					if (waiting && key.name !== 'escape' && key.name !== 'backTab') return 'keep';
					return latest.current(key);
				},
				ended: () => mounted.current && setTurns((n) => n + 1),
			};
			keys.take(holder, (turns > 0 && !waiting) || refused);
			return () => {
				keys.release(holder);
				setRawMode(false);
			};
		}
		keys?.close();
		const onInput = (raw: string) => {
			for (const key of keysOf(raw)) {
				if (!mounted.current || latest.current(key) === 'done') return;
			}
		};
		emitter.on('input', onInput);
		return () => {
			emitter.off('input', onInput);
			setRawMode(false);
		};
	}, [emitter, isActive, setRawMode, keys, asked, waiting, refused, turns]);
}

/** The App's type-ahead: it sees every input event while the App is shown. */
export function useTypeAheadKeys(): TypeAheadKeys {
	const {internal_eventEmitter: emitter} = useStdin();
	const [keys] = useState(() => new TypeAheadKeys());
	useEffect(() => {
		emitter.on('input', keys.onInput);
		return () => {
			emitter.off('input', keys.onInput);
		};
	}, [emitter, keys]);
	return keys;
}

/**
 * State that key handlers advance synchronously: `get()` is the state after the keys
 * handled so far (even within one read), `set()` advances it and re-renders.
 */
export function useLatestState<S>(initial: () => S): {state: S; get: () => S; set: (next: S) => void} {
	const [state, setState] = useState(initial);
	const ref = useRef(state);
	return {
		state,
		get: () => ref.current,
		set: (next: S) => {
			ref.current = next;
			setState(next);
		},
	};
}
