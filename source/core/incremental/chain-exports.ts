// What a chain is planned from: the table's PITR window (DescribeContinuousBackups) and
// its exports. ListExports gives only ARNs, statuses and types, so exports are described
// newest first (by the start time in their id), a few at a time, until a COMPLETED one to
// the destination is found: everything started after it (running or failed windows) is
// described too, older ones are not needed. At most MAX_DESCRIBED calls.

import {startHint} from '../recent-export.js';
import type {ExportPlan} from '../plan.js';
import type {AwsSession, CallOptions, ExportDescription, PitrStatus} from '../ports.js';
import {sameDestination} from './chain-plan.js';

const BATCH = 8;
const MAX_DESCRIBED = 64;

export interface ChainFacts {
	pitr: PitrStatus;
	exports: ExportDescription[];
	/** True when the look stopped at MAX_DESCRIBED without finding a COMPLETED export to the destination. */
	truncated: boolean;
}

export async function readChainFacts(
	session: Pick<AwsSession, 'listExports' | 'describeExport' | 'describeContinuousBackups'>,
	plan: Pick<ExportPlan, 'tableArn' | 'bucket' | 'prefix' | 'bucketOwner'>,
	tableName: string,
	options: CallOptions = {},
): Promise<ChainFacts> {
	const [pitr, summaries] = await Promise.all([
		session.describeContinuousBackups(tableName, {signal: options.signal}),
		session.listExports(plan.tableArn, {signal: options.signal}),
	]);
	const ordered = [...summaries].sort((a, b) => (startHint(b.exportArn) ?? Number.MAX_SAFE_INTEGER) - (startHint(a.exportArn) ?? Number.MAX_SAFE_INTEGER));
	const exports: ExportDescription[] = [];
	for (let at = 0; at < ordered.length && at < MAX_DESCRIBED; at += BATCH) {
		const batch = ordered.slice(at, Math.min(at + BATCH, MAX_DESCRIBED));
		exports.push(...(await Promise.all(batch.map((s) => session.describeExport(s.exportArn, {signal: options.signal})))));
		if (exports.some((d) => d.status === 'COMPLETED' && sameDestination(d, plan))) return {pitr, exports, truncated: false};
	}
	return {pitr, exports, truncated: ordered.length > MAX_DESCRIBED};
}
