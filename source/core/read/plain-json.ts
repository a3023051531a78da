// A record's values as one line of plain JSON: numbers printed from their digits, binary
// as base64, sets as arrays, maps as objects, NULL as null. C1 control characters are
// written as \u escapes (same value), so a line shown in a terminal cannot drive it.

import {escapeC1InJson} from '../terminal-text.js';
import {ExactNumber, jsonNumberText} from './exact-number.js';

/** What an item's attribute is once unmarshalled (by @aws-sdk/util-dynamodb or from Ion). */
export type PlainValue = null | boolean | string | number | bigint | ExactNumber | Uint8Array | Set<PlainValue> | PlainValue[] | {[name: string]: PlainValue};

function write(value: PlainValue | undefined, out: string[]): void {
	if (value === null || value === undefined) {
		out.push('null');
		return;
	}
	switch (typeof value) {
		case 'string':
			out.push(JSON.stringify(value));
			return;
		case 'boolean':
			out.push(value ? 'true' : 'false');
			return;
		case 'bigint':
			out.push(value.toString());
			return;
		case 'number':
			// Only values that never were DynamoDB numbers arrive as doubles (counts, times).
			out.push(Number.isFinite(value) ? String(value) : 'null');
			return;
	}
	if (value instanceof ExactNumber) {
		const text = jsonNumberText(value.text);
		// Not a number at all: kept as its text rather than dropped.
		out.push(text ?? JSON.stringify(value.text));
		return;
	}
	if (value instanceof Uint8Array) {
		out.push(JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')));
		return;
	}
	if (Array.isArray(value) || value instanceof Set) {
		out.push('[');
		let first = true;
		for (const member of value) {
			if (!first) out.push(',');
			first = false;
			write(member, out);
		}
		out.push(']');
		return;
	}
	out.push('{');
	let first = true;
	for (const [name, member] of Object.entries(value)) {
		if (member === undefined) continue;
		if (!first) out.push(',');
		first = false;
		out.push(JSON.stringify(name), ':');
		write(member, out);
	}
	out.push('}');
}

/** One value as compact JSON text. */
export function plainJson(value: PlainValue): string {
	const out: string[] = [];
	write(value, out);
	return escapeC1InJson(out.join(''));
}
