// The checks of a batch on the command line: run once where shared, per table otherwise,
// with a "n of m" line on a terminal; then the plan as a table (size and PITR as the checks
// read them), the shared results per source, the tables whose own checks failed, and the one
// offer to turn PITR on for every table that has it off (its calls shown, y/N).

import {enablePitrForAll, pitrFixFor} from '../../core/batch/batch-pitr.js';
import {rerunBatchTables, runBatchChecks, type BatchCheckContext} from '../../core/batch/batch-checks.js';
import {batchItems, type TableFacts} from '../../core/batch/batch-items.js';
import type {BatchCheckReport, BatchItem} from '../../core/batch/types.js';
import {describeAwsError} from '../../core/errors.js';
import {AwsCallError} from '../../core/ports.js';
import {checkDetailLines, checkLine, checksSummaryLine} from '../../line-mode/format-lines.js';
import type {BatchAsk} from './batch-ask.js';
import type {CommandContext} from './context.js';

/** Runs every check of the batch; a terminal sees how many are done. */
export async function runBatchChecksFor(ctx: CommandContext, checks: BatchCheckContext, rerunTables?: {previous: BatchCheckReport; tableArns: string[]}): Promise<BatchCheckReport> {
	let shown = false;
	const onUpdate = (report: BatchCheckReport) => {
		if (!ctx.out.liveProgress) return;
		const all = [...[...report.shared.values()].flat(), ...[...report.perTable.values()].flat()];
		const done = all.filter((r) => r.status !== 'pending' && r.status !== 'running').length;
		ctx.out.progress(`\r\u001b[2KChecking… ${done} of ${all.length} done`);
		shown = true;
	};
	const report = rerunTables ? await rerunBatchTables(checks, rerunTables.previous, rerunTables.tableArns, onUpdate) : await runBatchChecks(checks, onUpdate);
	if (shown) ctx.out.progress('\r\u001b[2K');
	return report;
}

/** The items again, with the size, item count and PITR the checks read. */
export function itemsWithFacts(checks: BatchCheckContext, report: BatchCheckReport): BatchItem[] {
	const facts = new Map<string, TableFacts>();
	for (const [arn, read] of report.tables ?? []) {
		const known: TableFacts = {};
		if (read.table?.sizeBytes !== undefined) known.sizeBytes = read.table.sizeBytes;
		if (read.table?.itemCount !== undefined) known.itemCount = read.table.itemCount;
		if (read.pitr) known.pitrEnabled = read.pitr.enabled;
		facts.set(arn, known);
	}
	return batchItems(checks.plan, facts);
}

/** The shared checks of each source, with details of what did not pass. */
export function sharedCheckLines(report: BatchCheckReport): string[] {
	const lines: string[] = [];
	for (const [source, results] of report.shared) {
		lines.push(`Checks shared by the tables of ${source}:`);
		for (const result of results) lines.push(checkLine(result), ...checkDetailLines(result));
		lines.push(checksSummaryLine(results));
	}
	return lines;
}

/** Each table whose own checks did not all pass: its name and those checks. */
export function tableCheckLines(report: BatchCheckReport, items: BatchItem[]): string[] {
	const lines: string[] = [];
	let passed = 0;
	for (const item of items) {
		const results = report.perTable.get(item.plan.tableArn) ?? [];
		const notPassed = results.filter((r) => r.status !== 'passed' && r.status !== 'skipped');
		if (notPassed.length === 0) {
			passed++;
			continue;
		}
		lines.push(`${item.account} ${item.tableName}:`);
		for (const result of notPassed) lines.push(checkLine(result), ...checkDetailLines(result));
	}
	return [`Table checks: ${passed} of ${items.length} tables passed both (table, PITR).`, ...lines];
}

/**
 * The one offer for every table with PITR off: the calls, then y/N (--yes says yes). After
 * a yes, those tables are checked again. Returns the report to go on with.
 */
export async function offerPitrForAll(ctx: CommandContext, checks: BatchCheckContext, report: BatchCheckReport, ask: BatchAsk): Promise<BatchCheckReport> {
	const fix = pitrFixFor(report, checks.plan, checks.items);
	if (!fix) return report;
	ctx.out.note();
	ctx.out.note(fix.warning);
	for (const command of fix.commands) ctx.out.note(`  ${command}`);
	if (!(await ask.yesNo(fix.question))) {
		ctx.out.note(`Point-in-time recovery left off: ${fix.tables.length === 1 ? 'that table is' : 'those tables are'} skipped${checks.plan.force ? ' unless --force starts them (they will fail)' : ''}.`);
		return report;
	}
	ctx.out.note(fix.working);
	const outcomes = await enablePitrForAll(fix, checks, (tableArn, outcome) => {
		const table = fix.tables.find((t) => t.tableArn === tableArn)!;
		if (outcome.ok) ctx.out.note(`  ${table.tableName}: point-in-time recovery turned on`);
		else {
			const words = outcome.error instanceof AwsCallError ? describeAwsError(outcome.error).title : String(outcome.error);
			ctx.out.note(`  ${table.tableName}: not turned on: ${words}`);
		}
	});
	const turnedOn = [...outcomes].filter(([, outcome]) => outcome.ok).map(([arn]) => arn);
	if (turnedOn.length === 0) return report;
	for (const source of checks.plan.sources) checks.sessionFor(source).forgetReads();
	return runBatchChecksFor(ctx, checks, {previous: report, tableArns: turnedOn});
}
