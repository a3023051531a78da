import {Box, Text} from 'ink';
import {useRoom} from './screen-size.js';
import {symbols} from './theme.js';
import {rowsOfLine, stringWidth} from './text-layout.js';

export interface ShownLine {
	text: string;
	color?: string;
	dim?: boolean;
}

/** Diff lines coloured by their first character. */
export function diffLines(lines: string[]): ShownLine[] {
	return lines.map((text) => {
		if (text.startsWith('+')) return {text, color: 'green'};
		if (text.startsWith('-')) return {text, color: 'red'};
		if (text.startsWith('@@')) return {text, color: 'cyan'};
		return {text, dim: true};
	});
}

/** How many lines from `start` fit in `rows` terminal rows (at least one). */
function fitting(lines: readonly ShownLine[], start: number, rows: number, columns: number): number {
	let used = 0;
	let count = 0;
	for (let i = start; i < lines.length; i++) {
		used += rowsOfLine(lines[i]!.text, columns);
		if (used > rows && count > 0) break;
		count++;
	}
	return count;
}

/** The last scroll position: the one that shows the last line at the bottom. */
export function maxScroll(lines: readonly ShownLine[], rows: number, columns: number): number {
	let used = 0;
	for (let i = lines.length - 1; i >= 0; i--) {
		used += rowsOfLine(lines[i]!.text, columns);
		if (used > rows) return i + 1;
	}
	return 0;
}

/**
 * A fixed-height view of pre-wrapped lines: `rows` terminal rows plus one line saying how
 * much is above and below, so the screen does not jump while scrolling. A line longer
 * than the terminal (a JSON string, an ARN) is kept whole and counted in the rows it takes.
 */
export function ScrollWindow({lines, scroll, rows}: {lines: readonly ShownLine[]; scroll: number; rows: number}) {
	const {columns} = useRoom();
	const start = Math.max(0, Math.min(scroll, maxScroll(lines, rows, columns)));
	const count = fitting(lines, start, rows, columns);
	const shown = lines.slice(start, start + count);
	let used = 0;
	for (const line of shown) used += rowsOfLine(line.text, columns);
	const above = start;
	const below = Math.max(0, lines.length - start - count);
	const widest = Math.max(columns, ...shown.map((line) => stringWidth(line.text)));
	return (
		<Box flexDirection="column">
			<Box flexDirection="column" width={widest} flexShrink={0}>
				{shown.map((line, i) => (
					<Text key={start + i} color={line.color} dimColor={line.dim}>
						{line.text || ' '}
					</Text>
				))}
			</Box>
			{Array.from({length: Math.max(0, rows - used)}, (_, i) => (
				<Text key={`pad-${i}`}> </Text>
			))}
			<Text dimColor>
				{above > 0 ? `${symbols.up} ${above} more line${above === 1 ? '' : 's'}` : ''}
				{above > 0 && below > 0 ? '   ' : ''}
				{below > 0 ? `${symbols.down} ${below} more line${below === 1 ? '' : 's'}` : ''}
				{above === 0 && below === 0 ? ' ' : ''}
			</Text>
		</Box>
	);
}
