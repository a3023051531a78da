// Seeded fault injection: with probability `rate` a call is throttled, fails, loses its
// connection, is slowed down, or is carried out and then never answered. The same
// seed and the same sequence of calls give the same faults.

import {mulberry32} from './random.js';

export type FaultKind = 'throttle' | 'server-error' | 'reset' | 'latency-spike' | 'lost-response';

const faultKinds: FaultKind[] = ['throttle', 'server-error', 'reset', 'latency-spike', 'lost-response'];

export interface FaultPlan {
	rate: number;
	seed: number;
	kinds?: FaultKind[];
}

export class FaultInjector {
	private readonly random: () => number;
	private readonly kinds: FaultKind[];

	constructor(private readonly plan: FaultPlan | undefined) {
		this.random = mulberry32(plan?.seed ?? 0);
		this.kinds = plan?.kinds && plan.kinds.length > 0 ? plan.kinds : faultKinds;
		if (plan && !(plan.rate >= 0 && plan.rate <= 1)) throw new Error(`Fault rate must be between 0 and 1, got ${plan.rate}`);
	}

	/** The fault for the next call, if any. */
	next(): FaultKind | undefined {
		if (!this.plan || this.plan.rate === 0) return undefined;
		if (this.random() >= this.plan.rate) return undefined;
		return this.kinds[Math.floor(this.random() * this.kinds.length)];
	}

	/** How long a latency spike lasts: 1–3 s. */
	spikeMs(): number {
		return 1000 + Math.floor(this.random() * 2000);
	}
}
