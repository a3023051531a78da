// The one word-wrapper of the project (the Ink face, line mode, the commands' human
// output), and the row arithmetic that goes with it.
//
// Text is broken only at spaces (wrap-ansi without `hard`, widths by string-width rules:
// East Asian wide characters and emoji take two columns). A word longer than the line
// (an ARN, a token, an s3:// path) is never cut or split by an inserted newline: it
// goes alone on its line and the terminal's own soft wrap continues it, so a copy from
// the terminal gives it whole. Such a line takes more than one row, and every height
// here is counted in rows (`rowsOf`), not in lines.

import wrapAnsi from 'wrap-ansi';
import stringWidth from './terminal-width.js';

export {stringWidth};

/**
 * `text` wrapped at spaces to `width` columns; `indent` starts every line but the first
 * (`first` the first one). Paragraphs ("\n") are kept; an empty text gives one empty line.
 */
export function wrapWords(text: string, width: number, options: {indent?: string; first?: string; wholeCommands?: boolean} = {}): string[] {
	const indent = options.indent ?? '';
	const first = options.first ?? '';
	const room = Math.max(1, width - Math.max(stringWidth(indent), stringWidth(first)));
	const lines = wrapAnsi(keepCommandsTogether(text, options.wholeCommands ? Infinity : room), room, {hard: false, trim: true}).split('\n');
	return lines.map((line, i) => (i === 0 ? first : indent).concat(line.replaceAll(GLUE, ' ')));
}

// A space that wrap-ansi does not break at (it splits words at ' ' only); put back after.
const GLUE = '\u00a0';
// An `aws …` or `ddb-export …` command inside a sentence ("(aws sts get-caller-identity)",
// "run aws sso login --profile dev; …"): it ends before a closing bracket, a semicolon, a comma and
// space, a full stop that ends the sentence, or the prose after it (" and …", " then …").
// Room for what sticks to a command's ends: "(" before it, ")," or ")." after it.
const PUNCTUATION_AROUND = 3;
const EMBEDDED_COMMAND = /\b(?:aws|ddb-export) [a-z0-9][a-z0-9-]*(?: (?!(?:and|or|then) )(?:[^\s();,.]|[.,](?=\S))+)*/g;

/**
 * Spaces inside each embedded command that fits on one line become unbreakable, so the
 * command moves whole to the next line instead of being split across two (a copy of
 * half a command runs the wrong thing). A command longer than the line wraps as prose
 * (the views show it again on its own lines); with `room` Infinity (printed lines, which
 * have no other copy) it goes whole on a line of its own and the terminal soft-wraps it.
 */
export function keepCommandsTogether(text: string, room: number): string {
	if (!text.includes('aws ') && !text.includes('ddb-export ')) return text;
	return text.replace(EMBEDDED_COMMAND, (command) => (stringWidth(command) + PUNCTUATION_AROUND <= room ? command.replaceAll(' ', GLUE) : command));
}

/** Rows a line takes in a terminal `columns` wide (a longer line wraps onto the next rows). */
export function rowsOfLine(line: string, columns: number): number {
	return Math.max(1, Math.ceil(stringWidth(line) / Math.max(1, columns)));
}

/** Rows the lines take in a terminal `columns` wide. */
export function rowsOf(lines: readonly string[], columns: number): number {
	let rows = 0;
	for (const line of lines) rows += rowsOfLine(line, columns);
	return rows;
}

/** Shell words of a one-line command: spaces inside quotes do not split. */
function shellWords(command: string): string[] {
	return command.match(/(?:[^\s'"]+|'[^']*'|"(?:[^"\\]|\\.)*")+/g) ?? [];
}

/**
 * A one-line shell command laid out to paste as it is: one line when it fits, else
 * ` \` continuations between arguments, each `--flag value` kept together, continuation
 * lines indented. A single argument longer than the line stays whole (soft wrap).
 */
export function commandLines(command: string, width: number): string[] {
	if (command.includes('\n') || stringWidth(command) <= width) return command.split('\n');
	const words = shellWords(command);
	// A flag and its value go together.
	const groups: string[] = [];
	for (let i = 0; i < words.length; i++) {
		const word = words[i]!;
		const next = words[i + 1];
		if (word.startsWith('--') && next !== undefined && !next.startsWith('--')) {
			groups.push(`${word} ${next}`);
			i++;
		} else groups.push(word);
	}
	const lines: string[] = [];
	let line = '';
	for (const group of groups) {
		const candidate = line ? `${line} ${group}` : group;
		// Room for the " \" at the end of a continued line.
		if (line && stringWidth(candidate) + 2 > width) {
			lines.push(`${line} \\`);
			line = `  ${group}`;
		} else line = candidate;
	}
	lines.push(line);
	return lines;
}

/**
 * "Label   value" with the value wrapped under itself at `labelWidth`; a value whose first
 * word does not fit after the label (an ARN) goes whole on the next line instead.
 */
export function labelledLines(label: string, value: string, columns: number, labelWidth: number): string[] {
	const pad = ' '.repeat(labelWidth + 1);
	const lines = wrapWords(value, columns, {first: pad, indent: pad});
	if (stringWidth(lines[0]!) > columns) return [label, ...wrapWords(value, columns, {first: '  ', indent: '  '})];
	return [`${label.padEnd(labelWidth)} ${lines[0]!.slice(pad.length)}`, ...lines.slice(1)];
}
