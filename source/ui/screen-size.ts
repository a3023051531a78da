// The terminal's size, and the rows left to the part of a screen below the App's own
// lines (title, answers so far, keys). Every screen fits the terminal: the App works out
// what it draws itself and hands the rest to the view through `BodyRows`.

import {createContext, useContext, useSyncExternalStore} from 'react';
import {useStdout} from 'ink';

export interface ScreenSize {
	columns: number;
	rows: number;
}

/** Smallest size laid out for; a smaller terminal scrolls. */
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;

function sizeOf(stdout: {columns?: number; rows?: number} | undefined): ScreenSize {
	return {columns: Math.max(MIN_COLUMNS, stdout?.columns || 80), rows: Math.max(MIN_ROWS, stdout?.rows || 24)};
}

type Stream = {columns?: number; rows?: number; on?: (event: 'resize', listener: () => void) => unknown; off?: (event: 'resize', listener: () => void) => unknown};

/** One 'resize' listener per terminal, however many views ask for its size. */
const watched = new WeakMap<object, {size: ScreenSize; listeners: Set<() => void>}>();

function watch(stdout: Stream) {
	let entry = watched.get(stdout);
	if (!entry) {
		const created = {size: sizeOf(stdout), listeners: new Set<() => void>()};
		stdout.on?.('resize', () => {
			created.size = sizeOf(stdout);
			for (const listener of created.listeners) listener();
		});
		watched.set(stdout, created);
		entry = created;
	}
	return entry;
}

/** The terminal's size, re-rendering when it changes. */
export function useScreenSize(): ScreenSize {
	const {stdout} = useStdout();
	const entry = watch(stdout as Stream);
	return useSyncExternalStore(
		(listener) => {
			entry.listeners.add(listener);
			return () => entry.listeners.delete(listener);
		},
		() => entry.size,
	);
}

/** The space a view has: the terminal's width, and rows under the App's lines. */
export interface Room {
	columns: number;
	rows: number;
}

/** Set by the App for the view it shows. */
export const BodyRows = createContext<Room | undefined>(undefined);

/** Rows the App itself takes around a view (title, a line under it, the blank line, the keys, the cursor's row). */
const APP_ROWS = 5;

/** The room the view has; a view drawn on its own (in a test) has the terminal less the App's usual lines. */
export function useRoom(): Room {
	const room = useContext(BodyRows);
	const size = useScreenSize();
	return room ?? {columns: size.columns, rows: size.rows - APP_ROWS};
}
