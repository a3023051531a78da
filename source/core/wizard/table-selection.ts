// Several tables chosen at the Table step (issue 17): Space toggles one, Ctrl-A every one
// the filter shows (and again clears them). One chosen table is the single export as
// before; more are a batch. Each chosen table's size (DescribeTable) and PITR
// (DescribeContinuousBackups) are read when it is chosen, a few at a time (the controller
// bounds them), so the count line can say the total and the review can show PITR per table.

import type {PitrStatus, TableDetails} from '../ports.js';
import type {Problem} from './state.js';

/** What is known of one chosen table. */
export type TableFacts =
	| {status: 'loading'}
	| {status: 'ready'; details: TableDetails; pitr?: PitrStatus}
	| {status: 'failed'; problem: Problem};

export interface SelectionSummary {
	count: number;
	/** Sum of the sizes read so far. */
	bytes: number;
	/** Chosen tables whose size is not read (yet, or could not be). */
	unknown: number;
}

/** `chosen` with `name` added (in the list's order when known) or removed. */
export function toggled(chosen: readonly string[], name: string, listed: readonly string[]): string[] {
	if (chosen.includes(name)) return chosen.filter((t) => t !== name);
	return inListOrder([...chosen, name], listed);
}

/**
 * `names` (the tables the filter shows) all chosen; when every one of them already was,
 * all of them un-chosen instead (the same key clears what it chose).
 */
export function toggledAll(chosen: readonly string[], names: readonly string[], listed: readonly string[]): string[] {
	if (names.length === 0) return [...chosen];
	// Sets: an account may list thousands of tables.
	const isChosen = new Set(chosen);
	if (names.every((n) => isChosen.has(n))) {
		const shown = new Set(names);
		return chosen.filter((t) => !shown.has(t));
	}
	return inListOrder([...new Set([...chosen, ...names])], listed);
}

/**
 * At most this many chosen tables have their size read at the Table step (two calls each);
 * beyond, the count line says how many sizes are unknown and the checks read them.
 */
export const FACTS_READ_AT_MOST = 300;

function inListOrder(names: string[], listed: readonly string[]): string[] {
	const at = new Map(listed.map((name, i) => [name, i]));
	return [...names].sort((a, b) => (at.get(a) ?? Number.MAX_SAFE_INTEGER) - (at.get(b) ?? Number.MAX_SAFE_INTEGER));
}

/**
 * Chosen tables to read: those never read, and those just chosen (again) whose read failed
 * or was stopped (choosing a table again is how its size is asked for again).
 */
export function unread(chosen: readonly string[], facts: Readonly<Record<string, TableFacts>>, before: readonly string[] = []): string[] {
	const earlier = new Set(before);
	const asked = Object.values(facts).filter((f) => f.status !== 'failed').length;
	const names = chosen.filter((name) => facts[name] === undefined || (facts[name].status === 'failed' && !earlier.has(name)));
	return names.slice(0, Math.max(0, FACTS_READ_AT_MOST - asked));
}

export function selectionSummary(chosen: readonly string[], facts: Readonly<Record<string, TableFacts>>): SelectionSummary {
	let bytes = 0;
	let unknown = 0;
	for (const name of chosen) {
		const f = facts[name];
		if (f?.status === 'ready' && f.details.sizeBytes !== undefined) bytes += f.details.sizeBytes;
		else unknown++;
	}
	return {count: chosen.length, bytes, unknown};
}

/**
 * Whether the answers make a batch: more than one table chosen, or tables chosen across
 * several profiles (one table of another account is a batch of one, run with its profile).
 */
export function isBatch(draft: {tables?: readonly string[]; profiles?: readonly string[]}): boolean {
	const tables = draft.tables?.length ?? 0;
	return tables > 1 || (tables > 0 && (draft.profiles?.length ?? 0) > 1);
}

// A chosen table of another profile than the wizard's own (several accounts in one batch)
// is kept as profile + NUL + name: names repeat across accounts, and NUL is in neither.
const SEPARATOR = '\u0000';

/** The key of a table in the choice: its name for the wizard's own profile. */
export function tableKey(profile: string | undefined, name: string): string {
	return profile === undefined ? name : `${profile}${SEPARATOR}${name}`;
}

export function parseTableKey(key: string): {profile?: string; name: string} {
	const at = key.indexOf(SEPARATOR);
	return at === -1 ? {name: key} : {profile: key.slice(0, at), name: key.slice(at + 1)};
}
