// The batch's check report as lines (pure, for the view and its tests): the shared checks
// once per source (passed ones on one line, the others each with its summary), then the
// tables: how many passed, and the failures grouped ("3 tables: PITR off — a, b, c").

import type {BatchCheckReport, BatchItem} from '../core/batch/types.js';
import type {CheckResult} from '../core/checks/types.js';
import type {ShownLine} from './scroll-window.js';
import {symbols} from './theme.js';
import {commandLines, wrapWords} from './text-layout.js';

const COLORS: Partial<Record<CheckResult['status'], string>> = {passed: 'green', failed: 'red', unknown: 'yellow', warning: 'yellow'};

function iconOf(status: CheckResult['status']): string {
	return status === 'pending' || status === 'running' ? symbols.pending : symbols[status];
}

/** What a table's failed or uncertain check is called in its group. */
function groupLabel(result: CheckResult): string {
	if (result.id === 'pitr' && result.fix?.action?.kind === 'enable-pitr') return 'PITR off';
	const verdict = result.status === 'failed' ? 'failed' : result.status === 'unknown' ? 'unknown' : result.status === 'warning' ? 'a risk' : result.status;
	return `${result.title} ${verdict}`;
}

export interface TableGroup {
	label: string;
	status: CheckResult['status'];
	tables: string[];
	/** One result of the group, for its cause and fix in the full view. */
	example: CheckResult;
}

/** The tables' failed, uncertain and risky checks, grouped by what they say; failures first. */
export function tableGroups(report: BatchCheckReport, items: readonly BatchItem[]): {groups: TableGroup[]; passed: number; pending: number} {
	const names = new Map(items.map((i) => [i.plan.tableArn, i.tableName]));
	const groups = new Map<string, TableGroup>();
	let passed = 0;
	let pending = 0;
	for (const [arn, results] of report.perTable) {
		if (results.some((r) => r.status === 'pending' || r.status === 'running')) {
			pending++;
			continue;
		}
		const notable = results.filter((r) => r.status === 'failed' || r.status === 'unknown' || r.status === 'warning');
		if (notable.length === 0) passed++;
		for (const result of notable) {
			const label = groupLabel(result);
			const group = groups.get(label) ?? {label, status: result.status, tables: [], example: result};
			group.tables.push(names.get(arn) ?? arn.split('/').pop()!);
			groups.set(label, group);
		}
	}
	const rank = (s: CheckResult['status']) => (s === 'failed' ? 0 : s === 'unknown' ? 1 : 2);
	return {groups: [...groups.values()].sort((a, b) => rank(a.status) - rank(b.status) || b.tables.length - a.tables.length), passed, pending};
}

/** The list under the title: shared checks per source, then the tables. */
export function reportLines(report: BatchCheckReport, items: readonly BatchItem[], columns: number, options: {full?: boolean} = {}): ShownLine[] {
	const lines: ShownLine[] = [];
	const push = (text: string, color?: string, dim?: boolean) => lines.push({text, color, dim});
	const several = report.shared.size > 1;
	for (const [source, results] of report.shared) {
		push(several ? `Shared by the tables of ${source}:` : 'Shared by every table:', undefined, true);
		const quiet = results.filter((r) => r.status === 'passed' || r.status === 'skipped');
		const running = results.filter((r) => r.status === 'pending' || r.status === 'running');
		const loud = results.filter((r) => !quiet.includes(r) && !running.includes(r));
		const passed = quiet.filter((r) => r.status === 'passed');
		const skipped = quiet.filter((r) => r.status === 'skipped');
		const quietText = [passed.length ? `${passed.length} passed: ${passed.map((r) => r.title).join(', ')}` : '', skipped.length ? `not needed: ${skipped.map((r) => r.title).join(', ')}` : ''].filter(Boolean).join('; ');
		if (quiet.length) for (const text of wrapWords(`${symbols.passed} ${quietText}`, columns, {indent: '  '})) push(text, 'green');
		if (running.length) for (const text of wrapWords(`${symbols.pending} checking: ${running.map((r) => r.title).join(', ')}`, columns, {indent: '  '})) push(text, undefined, true);
		for (const result of loud) {
			for (const text of wrapWords(`${iconOf(result.status)} ${result.title}: ${result.summary}`, columns, {indent: '  '})) push(text, COLORS[result.status]);
			if (options.full) explain(result, columns, push);
		}
	}
	const {groups, passed, pending} = tableGroups(report, items);
	const total = report.perTable.size;
	push(`Each of the ${total} tables:`, undefined, true);
	if (passed) push(`${symbols.passed} ${passed} table${passed === 1 ? '' : 's'} passed (table found, PITR on)`, 'green');
	if (pending) push(`${symbols.pending} ${pending} table${pending === 1 ? '' : 's'} being checked`, undefined, true);
	for (const group of groups) {
		const n = group.tables.length;
		const head = `${iconOf(group.status)} ${n} table${n === 1 ? '' : 's'}: ${group.label} — ${group.tables.join(', ')}`;
		for (const text of wrapWords(head, columns, {indent: '  '})) push(text, COLORS[group.status]);
		if (options.full) explain(group.example, columns, push);
	}
	return lines;
}

/** A check's cause, fix and command, under it (the full view, d). */
function explain(result: CheckResult, columns: number, push: (text: string, color?: string, dim?: boolean) => void): void {
	if (result.cause) for (const text of wrapWords(`${result.status === 'unknown' ? 'Why unknown: ' : ''}${result.cause}`, columns, {first: '    ', indent: '    '})) push(text);
	if (result.fix) for (const text of wrapWords(`Fix: ${result.fix.text}`, columns, {first: '    ', indent: '    '})) push(text);
	if (result.fix?.command) for (const text of commandLines(result.fix.command, columns - 6)) push(`      ${text}`, 'cyan');
}
