// Ink redraws by erasing as many lines as its last frame had ("\n"-separated), then
// writing the new frame. The views print ARNs, tokens and long commands as one line
// longer than the terminal, so that the terminal soft-wraps them and a copy gives them
// whole (text-layout.ts); such a line takes two rows or more, and Ink's erase would leave
// the extra rows behind. This stream wrapper counts the rows each frame really took and
// makes the next erase climb that many rows.

import stripAnsi from 'strip-ansi';
import {rowsOfLine} from './text-layout.js';

const ESC = '\u001B[';
/** ansi-escapes' eraseLines(n), n ≥ 1: erase, (up, erase)…, then to column 1. */
const ERASE_LINES = /(?:\u001B\[2K\u001B\[1A)*\u001B\[2K\u001B\[G/;
const CLEAR_TERMINAL = /\u001B\[2J/;

/** Rows a frame takes beyond its line count when the terminal is `columns` wide. */
export function extraRows(frame: string, columns: number): number {
	const lines = frame.split('\n');
	if (lines.at(-1) === '') lines.pop();
	let extra = 0;
	for (const line of lines) extra += rowsOfLine(stripAnsi(line), columns) - 1;
	return extra;
}

/** Whether a write draws text (a frame), not only moves the cursor or sets modes. */
function drawsText(data: string): boolean {
	return /\n/.test(data) || stripAnsi(data).trim().length > 0;
}

export interface TerminalStream {
	columns?: number;
	write(chunk: string, ...rest: unknown[]): boolean;
}

/** A view of `stream` whose erases also take away the rows soft-wrapped lines used. */
export function softWrapAware<T extends TerminalStream>(stream: T): T {
	let extra = 0;
	const write = (chunk: unknown, ...rest: unknown[]): boolean => {
		if (typeof chunk !== 'string') return stream.write(chunk as string, ...rest);
		let data = chunk;
		let frameStart = 0;
		const erase = ERASE_LINES.exec(data);
		const clear = CLEAR_TERMINAL.exec(data);
		if (erase) {
			const more = `${ESC}1A${ESC}2K`.repeat(extra);
			data = `${data.slice(0, erase.index + erase[0].length - 3)}${more}${data.slice(erase.index + erase[0].length - 3)}`;
			frameStart = erase.index + erase[0].length + more.length;
			extra = 0;
		}
		if (clear) {
			frameStart = clear.index;
			extra = 0;
		}
		const frame = data.slice(frameStart);
		if (drawsText(frame)) extra = extraRows(frame, stream.columns || 80);
		return stream.write(data, ...rest);
	};
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') return write;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
