// A window scrolled over lines with the keys (↑↓ PgUp PgDn Home End), one key at a time
// against the latest position (use-keys.ts), so keys sent in one read all move it.

import type {Key} from './keys.js';

/** The position after `key` (kept within 0…max), or undefined when the key does not scroll. */
export function scrolled(scroll: number, key: Key, rows: number, max: number): number | undefined {
	const by = key.name === 'up' ? -1 : key.name === 'down' ? 1 : key.name === 'pageUp' ? -rows : key.name === 'pageDown' ? rows : key.name === 'home' ? -Infinity : key.name === 'end' ? Infinity : undefined;
	if (by === undefined) return undefined;
	return Math.max(0, Math.min(max, Math.min(scroll, max) + by));
}
