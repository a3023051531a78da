// Time for the batch engine: the real clock, or a test's, so that pacing, back-off and the
// watcher's call budget are tested over simulated hours without waiting.

export interface BatchClock {
	now(): number;
	/** Resolves after `ms`; rejects with an AbortError when the signal fires first. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What a stopped wait rejects with: named AbortError, as Node's and the SDK's are (isAbortError). */
export function abortError(): Error {
	const error = new Error('The batch was stopped.');
	error.name = 'AbortError';
	return error;
}

export function throwIfAborted(signal?: AbortSignal): void {
	if (signal?.aborted) throw abortError();
}

export const realClock: BatchClock = {
	now: () => Date.now(),
	sleep(ms, signal) {
		return new Promise((resolve, reject) => {
			if (signal?.aborted) return reject(abortError());
			const done = () => {
				signal?.removeEventListener('abort', stop);
				resolve();
			};
			const timer = setTimeout(done, Math.max(0, ms));
			const stop = () => {
				clearTimeout(timer);
				reject(abortError());
			};
			signal?.addEventListener('abort', stop, {once: true});
		});
	},
};

/**
 * Exponential back-off with full jitter (AWS's advice for retries): a random wait between 0
 * and min(cap, base × 2^attempt), never below a tenth of it so that retries keep some spacing.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
	return Math.round(ceiling * (0.1 + 0.9 * random()));
}
