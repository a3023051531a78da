// The watch screen of a batch as lines (pure, for the view and its tests): the counts and a
// progress bar, then one row per table, the failed ones first with their diagnosis, then
// those running or starting, those queued (visible while the concurrent-export limit
// holds them back), the skipped ones with their reason, and the completed ones.

import type {BatchItem, BatchItemState, BatchProgress} from '../core/batch/types.js';
import {formatBytes, formatCount, formatElapsed} from '../core/wizard/summary.js';
import {finishedCount} from '../core/wizard/batch-progress.js';
import type {ShownLine} from './scroll-window.js';
import {symbols} from './theme.js';
import {stringWidth, wrapWords} from './text-layout.js';

const ORDER: Record<BatchItemState['kind'], number> = {failed: 0, running: 1, starting: 2, queued: 3, skipped: 4, completed: 5};

const STATUS_WORDS: Record<BatchItemState['kind'], string> = {
	failed: 'failed',
	running: 'running',
	starting: 'starting',
	queued: 'queued',
	skipped: 'skipped',
	completed: 'completed',
};

const ICONS: Record<BatchItemState['kind'], string> = {
	failed: symbols.failed,
	running: symbols.arrow,
	starting: symbols.arrow,
	queued: symbols.pending,
	skipped: symbols.skipped,
	completed: symbols.passed,
};

export const STATE_COLORS: Partial<Record<BatchItemState['kind'], string>> = {failed: 'red', completed: 'green', skipped: 'yellow', running: 'cyan', starting: 'cyan'};

const QUEUED: BatchItemState = {kind: 'queued'};

/** The items in the order the screen shows them, each with its state. */
export function watchOrder(progress: BatchProgress): Array<{item: BatchItem; state: BatchItemState}> {
	return progress.items
		.map((item, index) => ({item, index, state: progress.states.get(item.plan.tableArn) ?? QUEUED}))
		.sort((a, b) => ORDER[a.state.kind] - ORDER[b.state.kind] || a.index - b.index)
		.map(({item, state}) => ({item, state}));
}

/** [█████░░░░░] 40%: the share of tables that have ended, `width` columns in all. */
export function progressBar(progress: BatchProgress, width: number): string {
	const total = Math.max(1, progress.items.length);
	const share = finishedCount(progress) / total;
	const percent = `${Math.floor(share * 100)}%`;
	const inner = Math.max(4, width - 3 - percent.length);
	const filled = Math.round(share * inner);
	return `[${'█'.repeat(filled)}${'░'.repeat(inner - filled)}] ${percent}`;
}

function elapsedOf(state: BatchItemState, now: number): string {
	if (state.kind === 'running' && state.startTime) return formatElapsed(now - state.startTime.getTime());
	if (state.kind === 'completed' && state.description.startTime) {
		const end = state.description.endTime?.getTime() ?? now;
		return formatElapsed(end - state.description.startTime.getTime());
	}
	return '';
}

function detailOf(state: BatchItemState): string {
	switch (state.kind) {
		case 'completed': {
			const {itemCount, billedSizeBytes} = state.description;
			// Seen completed in a ListExports page: its counts come with its DescribeExport.
			if (itemCount === undefined && billedSizeBytes === undefined) return 'items and size not read yet';
			return `${formatCount(itemCount)} items · ${formatBytes(billedSizeBytes)}`;
		}
		case 'skipped':
			return state.reason;
		case 'failed':
			return `${state.code}: ${state.explanation ?? state.message}`;
		default:
			return '';
	}
}

/** One row per table (a failure's diagnosis wrapped under it), at `columns`. */
export function watchRows(progress: BatchProgress, columns: number, now: number): ShownLine[] {
	const ordered = watchOrder(progress);
	const nameWidth = Math.min(Math.max(5, ...ordered.map(({item}) => stringWidth(item.tableName))), Math.floor(columns / 3));
	const lines: ShownLine[] = [];
	for (const {item, state} of ordered) {
		const name = item.tableName + ' '.repeat(Math.max(0, nameWidth - stringWidth(item.tableName)));
		const head = `${ICONS[state.kind]} ${name}  ${STATUS_WORDS[state.kind].padEnd(9)} ${elapsedOf(state, now).padStart(7)}`;
		const detail = detailOf(state);
		const color = STATE_COLORS[state.kind];
		if (!detail) {
			lines.push({text: head.trimEnd(), color});
			continue;
		}
		// The detail after the row when its first word fits there, else under it.
		const indent = '    ';
		const after = wrapWords(detail, columns, {first: `${head}  `, indent});
		if (stringWidth(after[0]!) <= columns && state.kind !== 'failed') {
			lines.push({text: after[0]!, color});
			for (const text of after.slice(1)) lines.push({text, dim: true});
		} else {
			lines.push({text: head.trimEnd(), color});
			for (const text of wrapWords(detail, columns, {first: indent, indent})) lines.push({text, color: state.kind === 'failed' ? undefined : color, dim: state.kind !== 'failed'});
		}
	}
	return lines;
}
