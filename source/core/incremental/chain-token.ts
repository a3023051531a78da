// Each window of a chain has its own ClientToken, derived from everything its request
// says (table, destination, format, encryption, view type, from, to) and from how many
// exports of that exact window already FAILED. The same window planned again (a re-run,
// a retry after Ctrl-C, another terminal) gets the same token, and AWS answers a token it
// saw in the last 8 hours with that export instead of starting another; a window whose
// export failed gets a new one, since the old token would only return the failed export.
// The window's from is where the chain starts (or the previous window ends), so the token
// follows from the chain's start and the window, as planned, and from nothing random.

import {createHash} from 'node:crypto';
import type {ExportPlan, ExportViewType} from '../plan.js';

export function chainWindowToken(plan: ExportPlan, viewType: ExportViewType, from: Date, to: Date, attempt = 0): string {
	const request = [
		plan.tableArn,
		plan.bucket,
		plan.bucketOwner ?? '',
		plan.prefix,
		plan.format,
		plan.sse,
		plan.sse === 'KMS' ? (plan.kmsKeyId ?? '') : '',
		viewType,
		from.toISOString(),
		to.toISOString(),
		String(attempt),
	];
	// 'chain-' and 40 hex digits: 46 characters, within the API's 64, and without '$'.
	return `chain-${createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 40)}`;
}
