// What is wrong with a frame the Ink face drew, read the way the terminal shows it
// (issue 12's rules): taller than the terminal, a first line that is not the title, prose
// wider than the terminal, or text cut with "…" next to what a person must read or copy.

import {rowsOf, stringWidth} from '../../source/ui/text-layout.js';
import {copyable} from './copyable.js';

/** What is wrong with a frame drawn in a terminal of `size`; empty when nothing is. */
export function frameProblems(frame: string, size: {columns: number; rows: number}): string[] {
	const problems: string[] = [];
	const lines = frame.split('\n');
	// Ink leaves the cursor on the row after the frame: the frame gets rows - 1.
	const height = rowsOf(lines, size.columns);
	if (height > size.rows - 1) problems.push(`${height} rows in a terminal of ${size.rows}`);
	if (!lines[0]?.startsWith('ddb-export')) problems.push(`line 1 is not the title: ${JSON.stringify(lines[0])}`);
	for (const line of lines) {
		const width = stringWidth(line);
		if (width > size.columns && !copyable(line)) problems.push(`${width} columns (prose must wrap at words): ${line}`);
		// Cut text: "…" inside a word or after a digit, or ending a line cut at the edge.
		if (/[\w/:]…[\w/:]|\d…/.test(line)) problems.push(`cut: ${line}`);
		if (line.endsWith('…') && width >= size.columns - 1) problems.push(`cut at the edge: ${line}`);
	}
	return problems;
}

