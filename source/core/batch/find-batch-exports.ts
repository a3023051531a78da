// Which exports already belong to a batch: a re-run (or `watch --batch-token`) finds them
// instead of starting them again. A table's export belongs to the batch when its ClientToken
// is the one the batch gives that table (batch-token.ts), which only DescribeExport shows;
// ListExports pages say which exports to describe: those of the batch's tables that started
// within the 8 hours AWS keeps a token.

import {parseExportArn} from '../arn.js';
import type {AwsSession, ExportDescription} from '../ports.js';
import {type BatchClock, realClock} from './batch-clock.js';
import {TokenBucket} from './token-bucket.js';

/** AWS returns the same export for the same ClientToken within 8 hours. */
export const CLIENT_TOKEN_WINDOW_MS = 8 * 60 * 60 * 1000;

/** One account and Region, and the session that reads its exports. */
export interface BatchPlace {
	session: AwsSession;
	account: string;
	region: string;
}

export interface FindBatchExportsOptions {
	places: BatchPlace[];
	/** The ClientToken the batch gives a table; undefined for a table that is not in it. */
	tokenFor(tableArn: string): string | undefined;
	clock?: BatchClock;
	signal?: AbortSignal;
	/** DescribeExport calls a second at most (default 5). */
	describesPerSecond?: number;
}

export interface FoundBatchExports {
	/** By table ARN: the batch's export of that table, as DescribeExport gave it. */
	found: Map<string, ExportDescription>;
	/** ListExports and DescribeExport calls made. */
	calls: number;
}

/**
 * When an export started, from its id: AWS's export ids begin with the start time in epoch
 * milliseconds, zero-padded to 14 digits (01695353076000-06e2188f). *Unconfirmed*: not
 * documented, so an id of another shape counts as recent, which costs a DescribeExport and nothing else.
 */
export function exportStartedAt(exportArn: string): number | undefined {
	const id = parseExportArn(exportArn)?.exportId;
	const m = id ? /^(\d{13,14})-/.exec(id) : null;
	return m ? Number(m[1]) : undefined;
}

export async function findBatchExports(options: FindBatchExportsOptions): Promise<FoundBatchExports> {
	const clock = options.clock ?? realClock;
	const pace = new TokenBucket(clock, options.describesPerSecond ?? 5, 5);
	const since = clock.now() - CLIENT_TOKEN_WINDOW_MS - 60_000;
	const found = new Map<string, ExportDescription>();
	let calls = 0;
	for (const place of options.places) {
		let token: string | undefined;
		do {
			await pace.take(options.signal);
			const page = await place.session.listExportsPage(undefined, 25, token, {signal: options.signal});
			calls++;
			let older = 0;
			for (const summary of page.summaries) {
				const tableArn = parseExportArn(summary.exportArn)?.tableArn;
				const started = exportStartedAt(summary.exportArn);
				if (started !== undefined && started < since) older++;
				const wanted = tableArn ? options.tokenFor(tableArn) : undefined;
				if (!tableArn || wanted === undefined || found.has(tableArn) || (started !== undefined && started < since)) continue;
				await pace.take(options.signal);
				const description = await place.session.describeExport(summary.exportArn, {signal: options.signal});
				calls++;
				if (description.clientToken === wanted) found.set(tableArn, description);
			}
			// Pages come newest first (as the sandbox and, as far as seen, AWS list them): a page
			// older than the window ends the search. Were the order another, an export missed here
			// is still not started twice: StartExport with its token returns it.
			token = page.summaries.length > 0 && older === page.summaries.length ? undefined : page.nextToken;
		} while (token);
	}
	return {found, calls};
}
