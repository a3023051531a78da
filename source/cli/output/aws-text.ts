// `--output text` as the AWS CLI writes it (awscli/text.py), so that scripts written for
// `aws … --output text` read ours the same way: scalars of an object on one line,
// tab-separated, keys in sorted order; nested lists and objects on their own lines,
// prefixed with their key in capitals; a list of objects as rows over the union of
// their scalar keys. Values are written as Python's str() writes them (True, None).

type Json = null | boolean | number | string | Json[] | {[key: string]: Json};

const isObject = (value: Json | undefined): value is {[key: string]: Json} => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: Json | undefined) => !Array.isArray(value) && !isObject(value);
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A scalar as the AWS CLI (Python's str()) prints it. */
export function pythonStr(value: Json | undefined): string {
	if (value === null || value === undefined) return 'None';
	if (value === true) return 'True';
	if (value === false) return 'False';
	return String(value);
}

export function formatText(value: unknown): string {
	const lines: string[] = [];
	write(value as Json, lines);
	return lines.map((line) => `${line}\n`).join('');
}

function write(item: Json, lines: string[], identifier?: string, scalarKeys?: string[]): void {
	if (Array.isArray(item)) writeList(item, lines, identifier);
	else if (isObject(item)) writeObject(item, lines, identifier, scalarKeys);
	else lines.push(pythonStr(item));
}

function writeList(items: Json[], lines: string[], identifier?: string): void {
	if (items.length === 0) return;
	if (items.some(isObject)) {
		// Every row has the same columns: the scalar keys seen in any of the objects.
		const keys = new Set<string>();
		for (const element of items) if (isObject(element)) for (const [key, value] of Object.entries(element)) if (isScalar(value)) keys.add(key);
		const columns = [...keys].sort(byCodePoint);
		for (const element of items) write(element, lines, identifier, columns);
		return;
	}
	const scalars = items.filter(isScalar);
	const nested = items.filter((element) => !isScalar(element));
	if (nested.length > 0) {
		if (scalars.length > 0) writeScalars(scalars, lines, identifier);
		for (const element of nested) write(element, lines, identifier);
		return;
	}
	writeScalars(items, lines, identifier);
}

function writeScalars(items: Json[], lines: string[], identifier?: string): void {
	if (identifier !== undefined) for (const item of items) lines.push(`${identifier.toUpperCase()}\t${pythonStr(item)}`);
	else lines.push(items.map(pythonStr).join('\t'));
}

function writeObject(item: {[key: string]: Json}, lines: string[], identifier?: string, scalarKeys?: string[]): void {
	const scalars: string[] = [];
	const nested: [string, Json][] = [];
	if (scalarKeys === undefined) {
		for (const key of Object.keys(item).sort(byCodePoint)) {
			const value = item[key]!;
			if (isScalar(value)) scalars.push(pythonStr(value));
			else nested.push([key, value]);
		}
	} else {
		// A missing column is an empty cell, so the columns stay aligned.
		for (const key of scalarKeys) scalars.push(key in item ? pythonStr(item[key]) : '');
		for (const key of Object.keys(item).filter((k) => !scalarKeys.includes(k)).sort(byCodePoint)) nested.push([key, item[key]!]);
	}
	if (scalars.length > 0) lines.push((identifier !== undefined ? [identifier.toUpperCase(), ...scalars] : scalars).join('\t'));
	for (const [key, value] of nested) write(value, lines, key);
}

export type {Json};
