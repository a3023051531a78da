// Plain lines for a batch: the plan as a table (one row per table), one line per change
// of a table's state while it runs, and the summary at the end. Words first, no colours,
// rows that fit 80 columns for the usual names (a long name makes its own row longer,
// never cut: it may be copied).

import type {BatchItem, BatchItemState, BatchProgress} from '../core/batch/types.js';
import {formatBytes, formatCount, formatElapsed} from '../core/wizard/summary.js';

function pitrWord(item: BatchItem): string {
	return item.pitrEnabled === undefined ? '?' : item.pitrEnabled ? 'on' : 'OFF';
}

/** "account       table        size     PITR  prefix" and a row per table. */
export function batchPlanLines(items: BatchItem[]): string[] {
	const nameWidth = Math.min(24, Math.max(5, ...items.map((i) => i.tableName.length)));
	const sizes = items.map((i) => formatBytes(i.sizeBytes));
	const sizeWidth = Math.max(4, ...sizes.map((s) => s.length));
	const row = (account: string, table: string, size: string, pitr: string, prefix: string) =>
		`  ${account.padEnd(12)}  ${table.padEnd(nameWidth)}  ${size.padStart(sizeWidth)}  ${pitr.padEnd(4)}  ${prefix}`.trimEnd();
	const lines = [row('account', 'table', 'size', 'PITR', 'prefix')];
	items.forEach((item, i) => lines.push(row(item.account, item.tableName, sizes[i]!, pitrWord(item), item.plan.prefix || '(none)')));
	return lines;
}

/** "60 tables in 2 accounts · 12.3 MB in all · 1 with PITR off" */
export function batchTotalsLine(items: BatchItem[]): string {
	const accounts = new Set(items.map((i) => i.account)).size;
	const known = items.filter((i) => i.sizeBytes !== undefined);
	const total = known.reduce((sum, i) => sum + (i.sizeBytes ?? 0), 0);
	const off = items.filter((i) => i.pitrEnabled === false).length;
	const parts = [`${items.length} table${items.length === 1 ? '' : 's'} in ${accounts} account${accounts === 1 ? '' : 's'}`];
	if (known.length > 0) parts.push(`${formatBytes(total)} in all${known.length < items.length ? ' (of those read)' : ''}`);
	if (off > 0) parts.push(`${off} with PITR off`);
	return parts.join(' · ');
}

/** The export id: the end of its ARN (the whole ARN is in the summary and the JSON). */
function exportId(exportArn: string): string {
	return exportArn.slice(exportArn.lastIndexOf('/') + 1);
}

/** What a state says on its line; undefined for states not worth a line (queued, starting). */
export function stateWords(state: BatchItemState): string | undefined {
	switch (state.kind) {
		case 'skipped':
			return `skipped: ${state.reason}`;
		// Every table starts queued: the start of the run says how many, not a line each.
		case 'queued':
		case 'starting':
			return undefined;
		case 'running':
			return `started, export ${exportId(state.exportArn)}`;
		case 'completed': {
			// Seen in a ListExports page first: the items and size come later (DescribeExport), in the summary.
			const d = state.description;
			const parts = ['COMPLETED'];
			if (d.startTime && d.endTime) parts[0] += ` in ${formatElapsed(d.endTime.getTime() - d.startTime.getTime())}`;
			if (d.itemCount !== undefined) parts.push(`${formatCount(d.itemCount)} items`, formatBytes(d.billedSizeBytes));
			return parts.join(' · ');
		}
		case 'failed':
			return `FAILED: ${state.code}: ${state.message}`;
	}
}

/** "5 of 60 done · 3 running · 2 queued · 1 failed · 1 skipped" */
export function countsWords(progress: Pick<BatchProgress, 'counts' | 'items'>): string {
	const c = progress.counts;
	const parts = [`${c.completed + c.failed + c.skipped} of ${progress.items.length} done`];
	if (c.running + c.starting > 0) parts.push(`${c.running + c.starting} running`);
	if (c.queued > 0) parts.push(`${c.queued} queued`);
	if (c.failed > 0) parts.push(`${c.failed} failed`);
	if (c.skipped > 0) parts.push(`${c.skipped} skipped`);
	return parts.join(' · ');
}

/** Table names, with the account where two accounts of the batch have a table of that name. */
export function tableLabels(items: BatchItem[]): Map<string, string> {
	const accountsOf = new Map<string, Set<string>>();
	for (const item of items) accountsOf.set(item.tableName, (accountsOf.get(item.tableName) ?? new Set()).add(item.account));
	return new Map(items.map((item) => [item.plan.tableArn, accountsOf.get(item.tableName)!.size > 1 ? `${item.account}/${item.tableName}` : item.tableName]));
}

/**
 * One line per change of a table's state (the engine reports the whole progress every
 * time; the previous states are kept here). A table's end says how far the batch is.
 */
export class BatchChangeLines {
	private readonly seen = new Map<string, string>();
	private labels?: Map<string, string>;

	constructor(private readonly print: (line: string) => void) {}

	update(progress: BatchProgress): void {
		this.labels ??= tableLabels(progress.items);
		for (const item of progress.items) {
			const state = progress.states.get(item.plan.tableArn);
			if (!state) continue;
			const words = stateWords(state);
			const key = `${state.kind}${'exportArn' in state ? state.exportArn ?? '' : ''}`;
			if (words === undefined || this.seen.get(item.plan.tableArn) === key) continue;
			this.seen.set(item.plan.tableArn, key);
			const ended = state.kind === 'completed' || state.kind === 'failed';
			this.print(`${this.labels.get(item.plan.tableArn)}: ${words}${ended ? ` (${countsWords(progress)})` : ''}`);
		}
	}
}

/** The end: counts, then every table that did not complete with why (failed first). */
export function batchSummaryLines(progress: BatchProgress, batchToken: string): string[] {
	const c = progress.counts;
	const total = progress.items.length;
	const lines = [`Batch ${batchToken}: ${c.completed} of ${total} completed${c.failed ? `, ${c.failed} failed` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}${c.running + c.queued + c.starting ? `, ${c.running + c.queued + c.starting} not finished` : ''}.`];
	const described = progress.items.flatMap((item) => {
		const state = progress.states.get(item.plan.tableArn);
		return state?.kind === 'completed' && state.description.itemCount !== undefined ? [state.description] : [];
	});
	if (described.length > 0) {
		const items = described.reduce((sum, d) => sum + (d.itemCount ?? 0), 0);
		const bytes = described.reduce((sum, d) => sum + (d.billedSizeBytes ?? 0), 0);
		lines.push(`  ${formatCount(items)} items, ${formatBytes(bytes)} billed${described.length < c.completed ? ` (the ${described.length} of ${c.completed} completed exports described)` : ''}.`);
	}
	const order: BatchItemState['kind'][] = ['failed', 'skipped', 'running', 'starting', 'queued'];
	for (const kind of order) {
		for (const item of progress.items) {
			const state = progress.states.get(item.plan.tableArn);
			if (state?.kind !== kind) continue;
			lines.push(`  ${kind.padEnd(8)} ${item.account} ${item.tableName}: ${detailOf(state)}`);
			if (state.kind === 'failed' && state.explanation) lines.push(`           ${state.explanation}`);
		}
	}
	return lines;
}

function detailOf(state: BatchItemState): string {
	switch (state.kind) {
		case 'skipped':
			return state.reason;
		case 'failed':
			return `${state.code}: ${state.message}${state.exportArn ? ` (${state.exportArn})` : ''}`;
		case 'running':
			return state.exportArn;
		default:
			return 'not started';
	}
}
