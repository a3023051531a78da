// Before an export starts with a new ClientToken, is the same export already running?
// (The same table, to the same bucket and prefix, started in the last 15 minutes: a start
// that was interrupted, another terminal, a colleague.) ListExports gives only ARNs and
// statuses, so the candidates are described, newest first and a few at most.

import type {ExportPlan} from './plan.js';
import type {AwsSession, CallOptions, ExportDescription, ExportSummary} from './ports.js';

export const RECENT_EXPORT_MS = 15 * 60_000;
/** DescribeExport calls at most; beyond them an export is not looked at. */
const MAX_DESCRIBED = 8;

/**
 * The export id in an ARN starts with its start time in epoch milliseconds (as seen in AWS's
 * examples and the sandbox; unconfirmed): used only to skip exports that are surely old and
 * to describe the newest first. An id that does not parse is described anyway.
 */
export function startHint(exportArn: string): number | undefined {
	const id = /\/export\/(\d{13,14})-/.exec(exportArn)?.[1];
	return id ? Number(id) : undefined;
}

/** Sorts by start hint, newest first; an id without one first of all. */
function newestFirst(summary: ExportSummary): number {
	return -(startHint(summary.exportArn) ?? Number.MAX_SAFE_INTEGER);
}

/** The newest export of the plan's table to its bucket and prefix started in the last 15 minutes (not FAILED). */
export async function findRecentExport(
	session: Pick<AwsSession, 'listExports' | 'describeExport'>,
	plan: ExportPlan,
	now: Date,
	options: CallOptions = {},
): Promise<ExportDescription | undefined> {
	const since = now.getTime() - RECENT_EXPORT_MS;
	const summaries = await session.listExports(plan.tableArn, {signal: options.signal});
	const candidates = summaries
		.filter((s: ExportSummary) => s.status !== 'FAILED' && (s.exportType ?? 'FULL_EXPORT') === plan.type)
		.filter((s) => (startHint(s.exportArn) ?? since) >= since - 60_000)
		.sort((a, b) => newestFirst(a) - newestFirst(b))
		.slice(0, MAX_DESCRIBED);
	const described = await Promise.all(candidates.map((s) => session.describeExport(s.exportArn, {signal: options.signal})));
	const same = described.filter(
		(d) =>
			d.status !== 'FAILED' &&
			d.s3Bucket === plan.bucket &&
			(d.s3Prefix ?? '') === plan.prefix &&
			d.startTime !== undefined &&
			d.startTime.getTime() >= since,
	);
	return same.sort((a, b) => b.startTime!.getTime() - a.startTime!.getTime())[0];
}
