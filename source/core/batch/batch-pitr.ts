// One offer for every table of a batch whose point-in-time recovery is off: the exact
// calls (one `aws dynamodb update-continuous-backups` per table) shown before a yes, then
// made, a few at a time, each table's outcome said. The single-table fix (in-place-fix.ts)
// makes each call.

import {applyFix, type InPlaceFix} from '../checks/in-place-fix.js';
import type {ExportPlan} from '../plan.js';
import {isAbortError, type AwsSession} from '../ports.js';
import {isPitrOff, itemsOfSource} from './batch-checks.js';
import {concurrencyLimit} from './concurrency-limit.js';
import type {BatchCheckReport, BatchItem, BatchPlan, BatchSource} from './types.js';

export interface PitrFixTable {
	tableArn: string;
	tableName: string;
	source: BatchSource;
	plan: ExportPlan;
	action: Extract<InPlaceFix, {kind: 'enable-pitr'}>;
	/** The exact AWS CLI command of the call. */
	command: string;
}

/** What the yes turns on, in the words shown before it. */
export interface PitrFix {
	tables: PitrFixTable[];
	/** One command a line, in the batch's order: exactly the calls the yes makes. */
	commands: string[];
	label: string;
	warning: string;
	question: string;
	working: string;
}

/** The offer for the report's pitrOff tables; undefined when there are none. */
export function pitrFixFor(report: Pick<BatchCheckReport, 'perTable' | 'pitrOff'>, plan: Pick<BatchPlan, 'sources'>, items: readonly BatchItem[]): PitrFix | undefined {
	const off = new Set(report.pitrOff);
	const tables: PitrFixTable[] = [];
	for (const source of plan.sources) {
		for (const item of itemsOfSource(items, source)) {
			if (!off.has(item.plan.tableArn)) continue;
			const result = report.perTable.get(item.plan.tableArn)?.find(isPitrOff);
			const action = result?.fix?.action;
			if (action?.kind !== 'enable-pitr' || !result?.fix?.command) continue;
			tables.push({tableArn: item.plan.tableArn, tableName: item.tableName, source, plan: item.plan, action, command: result.fix.command});
		}
	}
	if (!tables.length) return undefined;
	const n = tables.length;
	const these = n === 1 ? `table ${tables[0]!.tableName}` : `these ${n} tables`;
	return {
		tables,
		commands: tables.map((t) => t.command),
		label: n === 1 ? `Turn on point-in-time recovery for ${tables[0]!.tableName}` : `Turn on point-in-time recovery for the ${n} tables that have it off`,
		warning: `This changes ${these}: point-in-time recovery is billed by table size. ${n === 1 ? 'The call:' : `One call per table (${n}):`}`,
		question: `Turn on point-in-time recovery for ${these} now?`,
		working: 'Turning on point-in-time recovery…',
	};
}

export type PitrFixOutcome = {ok: true} | {ok: false; error: unknown};

/** Calls made at once; UpdateContinuousBackups is a control-plane write. */
const AT_ONCE = 5;

/**
 * Changes AWS (only after the yes): UpdateContinuousBackups for each table of `fix`. One
 * table's refusal does not stop the others; an abort stops the ones not yet started. Returns
 * each table's outcome; afterwards run rerunBatchTables for the tables that were turned on.
 */
export async function enablePitrForAll(
	fix: PitrFix,
	ctx: {sessionFor(source: BatchSource): AwsSession; signal?: AbortSignal},
	onTable?: (tableArn: string, outcome: PitrFixOutcome) => void,
): Promise<Map<string, PitrFixOutcome>> {
	const outcomes = new Map<string, PitrFixOutcome>();
	const limit = concurrencyLimit(AT_ONCE);
	await Promise.all(
		fix.tables.map((table) =>
			limit(async () => {
				ctx.signal?.throwIfAborted();
				let outcome: PitrFixOutcome;
				try {
					await applyFix(ctx.sessionFor(table.source), table.action, table.plan, {signal: ctx.signal});
					outcome = {ok: true};
				} catch (error) {
					if (isAbortError(error) || ctx.signal?.aborted) throw error;
					outcome = {ok: false, error};
				}
				outcomes.set(table.tableArn, outcome);
				onTable?.(table.tableArn, outcome);
			}),
		),
	);
	return outcomes;
}
