// `--output table` drawn as the AWS CLI draws it (awscli/formatter.py's TableFormatter
// and awscli/table.py's MultiTable), without colours: a titled section per object,
// its scalar keys as column headers over one row of values (a single scalar as a
// key | value row), nested objects and lists as indented sub-sections, a list of objects
// as one row each. Columns are scaled to the widest section; when that is wider than the
// terminal, single-row sections are turned into key | value rows, as the AWS CLI does.

import {pythonStr, type Json} from './aws-text.js';

const isObject = (value: Json | undefined): value is {[key: string]: Json} => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: Json | undefined) => !Array.isArray(value) && !isObject(value);
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(value: number): number {
	const floor = Math.floor(value);
	const diff = value - floor;
	if (Math.abs(diff - 0.5) < 1e-9) return floor % 2 === 0 ? floor : floor + 1;
	return Math.round(value);
}

/** Columns a string takes: East Asian wide and full-width characters count two, as in the AWS CLI. */
export function textWidth(text: string): number {
	let width = 0;
	for (const char of text) {
		const code = char.codePointAt(0)!;
		const wide =
			(code >= 0x1100 && code <= 0x115f) ||
			(code >= 0x2e80 && code <= 0xa4cf) ||
			(code >= 0xac00 && code <= 0xd7a3) ||
			(code >= 0xf900 && code <= 0xfaff) ||
			(code >= 0xfe30 && code <= 0xfe4f) ||
			(code >= 0xff00 && code <= 0xff60) ||
			(code >= 0xffe0 && code <= 0xffe6) ||
			(code >= 0x1f300 && code <= 0x1faff) ||
			(code >= 0x20000 && code <= 0x3fffd);
		width += wide ? 2 : 1;
	}
	return width;
}

const spaces = (n: number) => ' '.repeat(Math.max(0, n));

class Section {
	title = '';
	headers: string[] = [];
	rows: string[][] = [];
	indent = 0;
	private widths: number[] = [];

	constructor(title = '', indent = 0) {
		this.title = title;
		this.indent = indent;
	}

	addHeader(headers: string[]): void {
		this.measure(headers);
		this.headers = headers;
	}

	addRow(row: Json[]): void {
		const cells = row.map((cell) => (typeof cell === 'string' ? cell : pythonStr(cell)));
		this.rows.push(cells);
		this.measure(cells);
	}

	private measure(cells: string[]): void {
		if (this.widths.length === 0) this.widths = cells.map(textWidth);
		else cells.forEach((cell, i) => (this.widths[i] = Math.max(textWidth(cell), this.widths[i] ?? 0)));
	}

	/** Each column's width with `padding`, scaled so that they add up to `total` when given. */
	columnWidths(padding: number, total?: number): number[] {
		const unscaled = this.widths.map((w) => w + padding);
		if (total === undefined || unscaled.length === 0) return unscaled;
		const sum = unscaled.reduce((a, b) => a + b, 0);
		const scaled = unscaled.map((w) => roundHalfEven((total / sum) * w));
		let off = scaled.reduce((a, b) => a + b, 0) - total;
		while (off !== 0) {
			const order = scaled.map((_, i) => i);
			if (off < 0) order.reverse();
			for (const i of order) {
				if (off > 0) {
					scaled[i]!--;
					off--;
				} else {
					scaled[i]!++;
					off++;
				}
				if (off === 0) break;
			}
		}
		return scaled;
	}

	totalWidth(): number {
		const columns = this.columnWidths(0).reduce((sum, w) => sum + w + 4, 0) + 2 + 2 * this.indent;
		return Math.max(textWidth(this.title) + 2 + 2 * this.indent, columns);
	}
}

function centered(text: string, length: number, left = '|', right = '|'): string {
	const start = Math.floor(length / 2) - Math.floor(textWidth(text) / 2) - 1;
	const sofar = left.length + start + textWidth(text);
	return `${left}${spaces(start)}${text}${spaces(length - right.length - sofar)}${right}`;
}

function leftAligned(text: string, length: number, left: string, right: string): string {
	const padding = length - (textWidth(text) + 2 + left.length + right.length) >= 0 ? 2 : 0;
	const sofar = left.length + padding + textWidth(text);
	return `${left}${spaces(padding)}${text}${spaces(length - sofar - right.length)}${right}`;
}

function lineBreak(widths: number[]): string {
	return widths.map((w, i) => (i === 0 ? `+${'-'.repeat(Math.max(0, w - 2))}+` : `${'-'.repeat(Math.max(0, w - 1))}+`)).join('');
}

class TableBuilder {
	readonly sections: Section[] = [];
	private current?: Section;

	newSection(title: string, indent: number): void {
		this.current = new Section(title, indent);
		this.sections.push(this.current);
	}

	build(title: string | undefined, value: Json, indent = 0): boolean {
		if (!truthy(value)) return false;
		if (title !== undefined) this.newSection(title, indent);
		if (Array.isArray(value)) {
			if (isObject(value[0])) this.fromList(value, indent, title);
			else {
				for (const item of value) {
					if (isScalar(item)) this.current!.addRow([item]);
					else if (Array.isArray(item) && item.every(isScalar)) this.current!.addRow(item);
					else this.build(undefined, item);
				}
			}
		}
		if (isObject(value)) this.fromObject(value, indent);
		return true;
	}

	private fromObject(value: {[key: string]: Json}, indent: number): void {
		const {headers, more} = groupKeys(value);
		if (headers.length === 1) this.current!.addRow([headers[0]!, value[headers[0]!]!]);
		else if (headers.length > 0) {
			this.current!.addHeader(headers);
			this.current!.addRow(headers.map((key) => value[key]!));
		}
		for (const key of more) this.build(key, value[key]!, indent + 1);
	}

	private fromList(list: Json[], indent: number, title: string | undefined): void {
		const headerSet = new Set<string>();
		const moreSet = new Set<string>();
		for (const item of list) {
			if (!isObject(item)) continue;
			const {headers, more} = groupKeys(item);
			for (const h of headers) headerSet.add(h);
			for (const m of more) moreSet.add(m);
		}
		const headers = [...headerSet].sort(byCodePoint);
		const more = [...moreSet].sort(byCodePoint);
		this.current!.addHeader(headers);
		list.forEach((element, i) => {
			const item = isObject(element) ? element : {};
			if (i > 0 && more.length > 0) {
				this.newSection(title ?? '', indent);
				this.current!.addHeader(headers);
			}
			this.current!.addRow(headers.map((h) => (h in item ? item[h]! : '')));
			for (const key of more) if (key in item) this.build(key, item[key]!, indent + 1);
		});
	}
}

/** Python's truthiness, which decides whether a value makes a section at all. */
function truthy(value: Json): boolean {
	if (Array.isArray(value)) return value.length > 0;
	if (isObject(value)) return Object.keys(value).length > 0;
	return value !== null && value !== false && value !== 0 && value !== '';
}

function groupKeys(value: {[key: string]: Json}): {headers: string[]; more: string[]} {
	const headers: string[] = [];
	const more: string[] = [];
	for (const key of Object.keys(value)) (isScalar(value[key]) ? headers : more).push(key);
	return {headers: headers.sort(byCodePoint), more: more.sort(byCodePoint)};
}

/** Single-row sections with headers become one key | value row per column. */
function toVertical(sections: Section[]): void {
	sections.forEach((section, i) => {
		if (section.rows.length !== 1 || section.headers.length === 0) return;
		const vertical = new Section(section.title, section.indent);
		section.headers.forEach((header, j) => vertical.addRow([header, section.rows[0]![j] ?? '']));
		sections[i] = vertical;
	});
}

/**
 * The table for `value` under `title` (the AWS CLI uses the operation's name), fitted to
 * `terminalWidth` columns; '' when there is nothing to show (the AWS CLI prints nothing).
 */
export function formatTable(title: string, value: unknown, terminalWidth = 80): string {
	const builder = new TableBuilder();
	if (!builder.build(title, value as Json)) return '';
	const sections = builder.sections;
	const widest = () => Math.max(...sections.map((s) => s.totalWidth()));
	let max = widest();
	if (max > terminalWidth) {
		toVertical(sections);
		max = widest();
	}
	const out: string[] = ['-'.repeat(max)];
	for (const section of sections) {
		const edge = '|'.repeat(section.indent);
		const width = max - section.indent * 2;
		const emit = (line: string) => out.push(`${edge}${line}${edge}`);
		if (section.title) {
			emit(centered(section.title, width));
			if (section.headers.length === 0 && section.rows.length === 0) emit(`+${'-'.repeat(width - 2)}+`);
		}
		if (section.headers.length > 0) {
			const widths = section.columnWidths(4, width);
			emit(lineBreak(widths));
			emit(section.headers.map((header, i) => centered(header, widths[i]!, i === 0 ? '|' : '', '|')).join(''));
		}
		if (section.rows.length > 0) {
			const widths = section.columnWidths(4, width);
			if (widths.length === 0) continue;
			emit(lineBreak(widths));
			for (const row of section.rows) emit(widths.map((w, i) => leftAligned(row[i] ?? '', w, i === 0 ? '|' : '', '|')).join(''));
			emit(lineBreak(widths));
		}
	}
	return out.map((line) => `${line}\n`).join('');
}
