// The widgets' key binding: every key of every input event, in order, handled against the
// latest state. Ink's useInput hands a handler the state of the last render, so two keys
// of one read (↓ then Enter) both saw the state from before the first; here the state
// lives in a ref that each key advances (the pure reducers in *-state.ts), and React is
// told afterwards.

import {useEffect, useLayoutEffect, useRef, useState} from 'react';
import {useStdin} from 'ink';
import {keysOf, type Key} from './keys.js';

/** A handler returns 'done' when its key ended the widget's turn (Enter, Esc): the rest of that read is dropped. */
export type KeyHandler = (key: Key) => 'done' | void;

/** Calls `handler` (the latest one given) for each key while `isActive`. */
export function useKeys(handler: KeyHandler, isActive = true): void {
	const {internal_eventEmitter: emitter, setRawMode} = useStdin();
	const latest = useRef(handler);
	latest.current = handler;
	// Cleared as the widget unmounts (layout cleanups run in the commit itself), so keys that
	// arrive before the passive cleanup unsubscribes are not handled by a widget that is gone.
	const mounted = useRef(true);
	useLayoutEffect(() => {
		mounted.current = true;
		return () => {
			mounted.current = false;
		};
	}, []);
	useEffect(() => {
		if (!isActive) return;
		setRawMode(true);
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
	}, [emitter, isActive, setRawMode]);
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
