// Pacing: a token bucket. StartExport calls take one each (a few a second, a small burst);
// the watcher's status calls share one whose rate is the per-minute budget.

import {type BatchClock, throwIfAborted} from './batch-clock.js';

export class TokenBucket {
	private tokens: number;
	private last: number;
	private pausedUntil = 0;

	constructor(
		private readonly clock: BatchClock,
		/** Tokens added per second. */
		readonly perSecond: number,
		/** Most tokens held at once (the burst); at least 1. */
		readonly burst: number,
	) {
		if (!(perSecond > 0)) throw new Error(`A token bucket needs a positive rate (got ${perSecond}).`);
		this.burst = Math.max(1, burst);
		this.tokens = this.burst;
		this.last = clock.now();
	}

	private refill(now: number): void {
		this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond);
		this.last = Math.max(this.last, now);
	}

	/** Waits until a token is there (and no pause holds), then takes it. */
	async take(signal?: AbortSignal): Promise<void> {
		for (;;) {
			throwIfAborted(signal);
			const now = this.clock.now();
			this.refill(now);
			if (now >= this.pausedUntil && this.tokens >= 1) {
				this.tokens -= 1;
				return;
			}
			const forToken = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.perSecond) * 1000;
			await this.clock.sleep(Math.max(1, this.pausedUntil - now, Math.ceil(forToken)), signal);
		}
	}

	/**
	 * Nothing is taken for `ms` (throttling was answered); then one call goes, and the rest
	 * at the rate again (no burst saved up during the pause).
	 */
	pause(ms: number): void {
		const now = this.clock.now();
		this.pausedUntil = Math.max(this.pausedUntil, now + ms);
		this.tokens = 1;
		this.last = this.pausedUntil;
	}
}
