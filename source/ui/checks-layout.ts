// How much of the checks list fits the rows under it. Pure: the view (checks-view.tsx)
// draws the blocks chosen here.
//
// What a person must read without pressing a key comes first: every failed check's
// summary (it states the cause) and its Fix line. So the list gives up, in this order:
// the long explanations and commands of the checks that are not failures, one line per
// passed check (they become one line), the failures' long explanations, the risks' and
// unknowns' fix lines, then whole blocks (the passed line, risks, unknowns), then the
// failures' Fix lines from the last one up, and only then failures. What is left out is
// said on one line with where it is (d).

import type {CheckResult} from '../core/checks/types.js';
import type {ShownLine} from './scroll-window.js';
import {symbols} from './theme.js';
import {commandLines, rowsOf, wrapWords} from './text-layout.js';

/** Titles in one column so the summaries line up: "✔ " + 17 + " ". */
export const TITLE_WIDTH = 17;
export const SUMMARY_INDENT = ' '.repeat(2 + TITLE_WIDTH + 1);
/**
 * Narrower than this, the summaries are not lined up in a column: the summary follows
 * its title ("Bucket policy: …") and wraps under the title, so a 60-column screen does
 * not spend a third of each line on the title column.
 */
const ALIGNED_COLUMNS = 72;

/** How much a check says on the list: its summary; the fix too; the cause and command too. */
export type Detail = 'summary' | 'fix' | 'full';

export interface Block {
	result?: CheckResult;
	/** The title and summary lines as drawn, the icon's two columns left blank on the first. */
	head: string[];
	/** Columns of the first line, after the icon's two, that the title takes (drawn bold). */
	titleColumns: number;
	body: ShownLine[];
	/** For the passed line: how many checks it stands for. */
	count?: number;
}

export interface ListLayout {
	blocks: Block[];
	/** Something is told only by the full view (d). */
	cut: boolean;
	/** Checks left out of the list (the passed line counts as the checks it stands for). */
	hidden: number;
	/** Failures whose Fix line was left out. */
	hiddenFixes: number;
	/** How far down the levels the list had to go (0: everything); lower is better. */
	cost: number;
}

/** Whether a finished check has something to explain. */
export function explains(result: CheckResult): boolean {
	// A check blocked by another says so in its summary; the failing one carries the detail.
	if (result.blockedBy) return false;
	return result.status === 'failed' || result.status === 'unknown' || result.status === 'warning';
}

/** The cause, said to be the reason for not knowing when the check could not tell. */
export function causeText(result: CheckResult): string {
	return `${result.status === 'unknown' ? 'Why unknown: ' : ''}${result.cause ?? ''}`;
}

export function blockOf(result: CheckResult, detail: Detail, columns: number): Block {
	let head: string[];
	let titleColumns: number;
	if (columns >= ALIGNED_COLUMNS) {
		const lines = wrapWords(result.summary, columns, {first: SUMMARY_INDENT, indent: SUMMARY_INDENT});
		head = [`  ${result.title.padEnd(TITLE_WIDTH)} ${lines[0]!.slice(SUMMARY_INDENT.length)}`, ...lines.slice(1)];
		titleColumns = Math.max(TITLE_WIDTH, result.title.length);
	} else {
		head = wrapWords(`${result.title}: ${result.summary}`, columns, {first: '  ', indent: '  '});
		titleColumns = result.title.length + 1;
	}
	const body: ShownLine[] = [];
	if (detail !== 'summary' && explains(result)) {
		const paragraph = (text: string) => wrapWords(text, columns, {first: '    ', indent: '    '});
		if (detail === 'full' && result.cause) for (const text of paragraph(causeText(result))) body.push({text});
		if (result.fix) for (const text of paragraph(`Fix: ${result.fix.text}`)) body.push({text});
		else if (detail === 'fix' && result.cause) for (const text of paragraph(causeText(result))) body.push({text});
		if (detail === 'full' && result.fix?.command) for (const text of commandLines(result.fix.command, columns - 6)) body.push({text: `      ${text}`, color: 'cyan'});
	}
	return {result, head, titleColumns, body};
}

/** Passed (and skipped) checks in one line, when the screen has no room for one each. */
function passedBlock(results: CheckResult[], columns: number): Block {
	const names = results.map((r) => r.title).join(', ');
	const passed = results.filter((r) => r.status === 'passed').length;
	const skipped = results.length - passed;
	return {head: wrapWords(`${passed} passed${skipped ? `, ${skipped} not needed` : ''}: ${names}`, columns, {first: '  ', indent: '  '}), titleColumns: 0, body: [], count: results.length};
}

export const blockRows = (blocks: Block[], columns: number) => blocks.reduce((sum, b) => sum + rowsOf(b.head, columns) + rowsOf(b.body.map((l) => l.text), columns), 0);

interface Level {
	/** Detail of the failed checks, and of the others that explain something (risks, unknowns). */
	failed: Detail;
	other: Detail;
	/** Passed and skipped checks in one line. */
	collapse: boolean;
}

const DONE_LEVELS: Level[] = [
	{failed: 'full', other: 'full', collapse: false},
	{failed: 'fix', other: 'fix', collapse: false},
	{failed: 'full', other: 'full', collapse: true},
	{failed: 'full', other: 'fix', collapse: true},
	{failed: 'full', other: 'summary', collapse: true},
	{failed: 'fix', other: 'fix', collapse: true},
	{failed: 'fix', other: 'summary', collapse: true},
];

const RUNNING_LEVELS: Level[] = [
	{failed: 'summary', other: 'summary', collapse: false},
	{failed: 'summary', other: 'summary', collapse: true},
];

function blocksAt(results: CheckResult[], level: Level, columns: number): Block[] {
	const quiet = level.collapse ? results.filter((r) => r.status === 'passed' || r.status === 'skipped') : [];
	return [
		...(quiet.length > 1 ? [passedBlock(quiet, columns)] : []),
		...results.filter((r) => quiet.length <= 1 || !quiet.includes(r)).map((r) => blockOf(r, r.status === 'failed' ? level.failed : level.other, columns)),
	];
}

/** What a block's removal costs: the passed line least, then risks, then unknowns; failures are never weighed here. */
function weight(block: Block): number {
	const status = block.result?.status;
	return !block.result ? 0 : status === 'unknown' ? 2 : status === 'failed' ? 3 : 1;
}

/**
 * The list at the most detail that fits `rows` (the line under it, saying what d shows,
 * is not counted here).
 */
export function layoutList(results: CheckResult[], done: boolean, rows: number, columns: number): ListLayout {
	const levels = done ? DONE_LEVELS : RUNNING_LEVELS;
	let blocks: Block[] = [];
	for (const [index, level] of levels.entries()) {
		blocks = blocksAt(results, level, columns);
		if (blockRows(blocks, columns) <= rows) return {blocks, cut: index > 0, hidden: 0, hiddenFixes: 0, cost: index};
	}
	// Still too many: whole blocks that are not failures go, least first; then the
	// failures' fix lines, last first; then failures, last first.
	let cost = levels.length;
	let hidden = 0;
	let hiddenFixes = 0;
	while (blocks.length > 0 && blockRows(blocks, columns) > rows) {
		cost++;
		const weights = blocks.map(weight);
		const least = Math.min(...weights);
		if (least < 3) {
			const at = weights.lastIndexOf(least);
			hidden += blocks[at]!.result ? 1 : (blocks[at]!.count ?? 1);
			blocks = blocks.filter((_, i) => i !== at);
			continue;
		}
		const withFix = blocks.map((b) => b.body.length > 0).lastIndexOf(true);
		if (withFix >= 0) {
			blocks = blocks.map((b, i) => (i === withFix ? {...b, body: []} : b));
			hiddenFixes++;
			continue;
		}
		blocks = blocks.slice(0, -1);
		hidden++;
	}
	return {blocks, cut: true, hidden, hiddenFixes, cost};
}

/** The line under the list: what d shows, and what is not on the screen. */
export function listFooter(layout: ListLayout): string {
	if (layout.hidden === 0 && layout.hiddenFixes === 0) return layout.cut ? '  d shows the full explanations' : '  d shows every check in full';
	const parts = [
		...(layout.hidden > 0 ? [`${layout.hidden} more check${layout.hidden === 1 ? '' : 's'}`] : []),
		...(layout.hiddenFixes > 0 ? [`${layout.hiddenFixes} more fix${layout.hiddenFixes === 1 ? '' : 'es'}`] : []),
	];
	return `  ${symbols.down} ${parts.join(' and ')} · d shows ${layout.hidden + layout.hiddenFixes === 1 ? 'it' : 'them all'}`;
}
