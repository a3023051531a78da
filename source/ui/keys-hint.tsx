// Which line tells the keys: the App's footer says what the phase's keys do, but a view
// in a mode of its own (the checks' full explanations) draws its own line, and the
// footer must then not contradict it ("Esc back to the review" while Esc closes the view).

import {createContext, useContext, useEffect} from 'react';

/** Set by the App: a view says whether it draws its own keys line right now. */
export const OwnKeysHint = createContext<(own: boolean) => void>(() => {});

/** While `own` is true, the App's footer leaves the keys to this view. */
export function useOwnKeysHint(own: boolean): void {
	const setOwn = useContext(OwnKeysHint);
	useEffect(() => {
		setOwn(own);
		return () => setOwn(false);
	}, [own, setOwn]);
}
