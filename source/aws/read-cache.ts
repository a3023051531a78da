// Remembers read calls for the life of a session, so that the checks, the views and
// the diagnosis can all ask for the same table or policy and AWS sees one request.
// Only successes are kept; a call in flight is shared by everyone who asks meanwhile.

import {isAbortError} from './errors.js';

interface Entry {
	method: string;
	args: readonly unknown[];
	value: Promise<unknown>;
}

export class ReadCache {
	private readonly entries = new Map<string, Entry>();

	/**
	 * @param signal the caller's own signal: if a shared call was aborted by another caller's
	 * signal while this one's is still live, the call is made again for this caller.
	 */
	async get<T>(method: string, args: readonly unknown[], signal: AbortSignal | undefined, load: () => Promise<T>): Promise<T> {
		const key = JSON.stringify([method, ...args.map((a) => a ?? null)]);
		const existing = this.entries.get(key);
		if (existing) {
			try {
				return (await existing.value) as T;
			} catch (error) {
				if (!isAbortError(error) || signal?.aborted) throw error;
			}
		}
		const value = load();
		const entry: Entry = {method, args, value};
		this.entries.set(key, entry);
		value.catch(() => {
			if (this.entries.get(key) === entry) this.entries.delete(key);
		});
		return value;
	}

	/** Forgets every entry of `method` whose leading arguments equal `leading`. */
	invalidate(method: string, ...leading: unknown[]): void {
		for (const [key, entry] of this.entries) {
			if (entry.method !== method) continue;
			if (leading.every((value, i) => entry.args[i] === value)) this.entries.delete(key);
		}
	}

	/** Forgets every entry except those of the methods named in `keep`. */
	clear(keep: readonly string[] = []): void {
		for (const [key, entry] of this.entries) if (!keep.includes(entry.method)) this.entries.delete(key);
	}
}
