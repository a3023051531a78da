// A plan as the wizard's answers: how --demo proposes a sandbox scenario's plan, and
// how tests and the bench pre-fill the wizard.

import {parseTableArn} from '../arn.js';
import type {SseAlgorithm} from '../plan.js';
import type {Draft} from './fields.js';

export interface PlanLike {
	region: string;
	tableArn: string;
	bucket: string;
	bucketOwner?: string;
	prefix: string;
	sse: SseAlgorithm;
	kmsKeyId?: string;
}

export function draftFromPlan(plan: PlanLike, profile?: string): Partial<Draft> {
	const draft: Partial<Draft> = {
		profile,
		region: plan.region,
		table: parseTableArn(plan.tableArn)?.table,
		destination: plan.bucketOwner ? 'other-account' : 'this-account',
		bucket: plan.bucket,
		bucketOwner: plan.bucketOwner,
		prefix: plan.prefix,
		sse: plan.sse,
		kmsKey: plan.kmsKeyId,
	};
	// Absent answers stay absent, so they never override a later default.
	return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined)) as Partial<Draft>;
}
