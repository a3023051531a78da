// Simulated time for the batch engine's tests: sleep() waits for the simulated clock, and
// run() moves the clock to the next timer whenever nothing else can happen, so an hour of
// pacing and polling takes milliseconds and no assertion ever depends on real time.

import type {BatchClock} from '../../source/core/batch/batch-clock.js';

interface Timer {
	at: number;
	seq: number;
	wake: () => void;
}

export interface FakeClock extends BatchClock {
	/** Settles `work`, advancing simulated time while it waits; fails on a wait nothing can end. */
	run<T>(work: Promise<T>): Promise<T>;
	/** Calls `action` once simulated time reaches `at` (during run()). */
	at(at: number, action: () => void): void;
}

const idle = () => new Promise<void>((resolve) => setImmediate(resolve));

export function fakeClock(start = 1_800_000_000_000): FakeClock {
	let now = start;
	let seq = 0;
	const timers: Timer[] = [];
	const add = (at: number, wake: () => void) => {
		const timer = {at, seq: seq++, wake};
		timers.push(timer);
		return timer;
	};
	return {
		now: () => now,
		sleep(ms, signal) {
			return new Promise((resolve, reject) => {
				const fail = () => reject(Object.assign(new Error('The batch was stopped.'), {name: 'AbortError'}));
				if (signal?.aborted) return fail();
				const timer = add(now + Math.max(0, ms), () => {
					signal?.removeEventListener('abort', stop);
					resolve();
				});
				const stop = () => {
					timers.splice(timers.indexOf(timer), 1);
					fail();
				};
				signal?.addEventListener('abort', stop, {once: true});
			});
		},
		at(at, action) {
			add(at, action);
		},
		async run(work) {
			let settled = false;
			work.then(
				() => (settled = true),
				() => (settled = true),
			);
			for (;;) {
				for (let i = 0; i < 5 && !settled; i++) await idle();
				if (settled) return work;
				if (timers.length === 0) throw new Error(`Nothing can happen any more, and the work has not finished (simulated time ${now - start} ms).`);
				timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
				const next = timers.shift()!;
				now = Math.max(now, next.at);
				next.wake();
			}
		},
	};
}
