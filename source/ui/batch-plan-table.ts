// A batch's plan as a table, one row per table (table, account, size, PITR, prefix), laid
// out for the terminal's width. Nothing is cut: when the columns do not fit on one line,
// each table takes two (its name and account, then size, PITR and prefix under it), and
// a value longer than the line still goes whole (the terminal soft-wraps it).

import type {BatchItem} from '../core/batch/types.js';
import {formatBytes} from '../core/wizard/summary.js';
import type {ShownLine} from './scroll-window.js';
import {stringWidth} from './text-layout.js';

export function pitrText(item: BatchItem): string {
	return item.pitrEnabled === undefined ? 'unknown' : item.pitrEnabled ? 'on' : 'OFF';
}

function sizeText(item: BatchItem): string {
	return item.sizeBytes === undefined ? 'unknown' : formatBytes(item.sizeBytes);
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - stringWidth(text)));
const GAP = '  ';

/** The header line and one or two lines per table, at `columns`. */
export function planTableLines(items: readonly BatchItem[], columns: number): {header: ShownLine; rows: ShownLine[]} {
	const cells = items.map((item) => ({item, table: item.tableName, account: item.account, size: sizeText(item), pitr: pitrText(item), prefix: item.plan.prefix || '(none)'}));
	const width = (key: 'table' | 'account' | 'size' | 'pitr' | 'prefix', title: string) => Math.max(stringWidth(title), ...cells.map((c) => stringWidth(c[key])));
	const w = {table: width('table', 'Table'), account: width('account', 'Account'), size: width('size', 'Size'), pitr: width('pitr', 'PITR'), prefix: width('prefix', 'Prefix')};
	const oneLine = w.table + w.account + w.size + w.pitr + w.prefix + 4 * GAP.length <= columns;
	const color = (c: (typeof cells)[number]) => (c.item.pitrEnabled === false ? 'yellow' : undefined);
	if (oneLine) {
		const line = (t: string, a: string, s: string, p: string, x: string) => [pad(t, w.table), pad(a, w.account), pad(s, w.size), pad(p, w.pitr), x].join(GAP);
		return {
			header: {text: line('Table', 'Account', 'Size', 'PITR', 'Prefix'), dim: true},
			rows: cells.map((c) => ({text: line(c.table, c.account, c.size, c.pitr, c.prefix), color: color(c)})),
		};
	}
	const tableWidth = Math.min(w.table, Math.max(0, columns - w.account - GAP.length));
	return {
		header: {text: `${pad('Table', tableWidth)}${GAP}Account · size · PITR · prefix below`, dim: true},
		rows: cells.flatMap((c) => [
			{text: `${pad(c.table, tableWidth)}${GAP}${c.account}`, color: color(c)},
			{text: `  ${c.size} · PITR ${c.pitr} · ${c.prefix}`, dim: true},
		]),
	};
}
