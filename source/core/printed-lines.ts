// Lines printed for people on a terminal (line mode, the commands' human output) wrapped
// at word boundaries to its width, so that the terminal does not break a word at column
// 80. Only prose is wrapped, with wrapWords (the one wrapper): continuation lines start
// where the first line's text does (under "Why: …", "FAILED   …", "Export ARN  …").
// Whatever a person copies is never broken by an inserted newline: a line that is a
// command, JSON or one long word is left as it is (the terminal soft-wraps it, so a copy
// gives it whole), a command continued with " \" keeps its lines, and an ARN, a token or
// a command inside prose goes whole on a line of its own.

import {stringWidth, wrapWords} from './text-layout.js';

/** A line that is something to copy: a command, a line of JSON, a single word (ARN, s3:// URL, token). */
function isCopyable(body: string): boolean {
	return /^(?:\$ |aws |ddb-export |[{}[\]"])/.test(body) || !/\s/.test(body);
}

// A label the text hangs under: a column ("FAILED   ", "Export ARN  ") or a short "Fix: ".
const HANGING_LABEL = /^(?:\S+(?: \S+)? {2,}|[A-Za-z][A-Za-z ]{0,15}: )/;

/** One printed line as the lines it takes at `columns` (itself when it fits or must not be broken). */
function wrapLine(line: string, columns: number): string[] {
	if (stringWidth(line) <= columns) return [line];
	const lead = /^\s*/.exec(line)![0];
	const body = line.slice(lead.length);
	if (isCopyable(body)) return [line];
	let label = HANGING_LABEL.exec(body)?.[0] ?? '';
	// Keep at least half the line for the text.
	if (stringWidth(lead + label) > columns / 2) label = '';
	const pad = lead + ' '.repeat(stringWidth(label));
	const text = body.slice(label.length);
	const lines = wrapWords(text, columns, {first: lead + label, indent: pad, wholeCommands: true});
	// A first word longer than the room after the label (an ARN) goes alone on the next
	// line, indented by two as labelledLines does (not under the label: it soft-wraps anyway).
	if (label && stringWidth(lines[0]!) > columns) {
		const under = `${lead}  `;
		return [(lead + label).trimEnd(), ...wrapWords(text, columns, {first: under, indent: under, wholeCommands: true})];
	}
	return lines;
}

/**
 * `text` (one or more lines) wrapped for a terminal `columns` wide; the same text when
 * `columns` is undefined (not a terminal: pipes, files and tests get the lines unchanged).
 */
export function wrapPrintedText(text: string, columns: number | undefined): string {
	if (!columns || columns < 20) return text;
	const out: string[] = [];
	let continued = false;
	for (const line of text.split('\n')) {
		// A line of a " \" command, or the line that ends one, stays as it is.
		const partOfCommand = continued || / \\$/.test(line);
		continued = / \\$/.test(line);
		if (partOfCommand) out.push(line);
		else out.push(...wrapLine(line, columns));
	}
	return out.join('\n');
}

/** The width to wrap a stream's lines at: its columns when it is a terminal, else none. */
export function printedColumns(stream: {isTTY?: boolean; columns?: number}): number | undefined {
	return stream.isTTY && stream.columns ? stream.columns : undefined;
}
