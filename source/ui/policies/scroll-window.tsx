
import {Box, Text} from 'ink';
import {symbols} from '../theme.js';

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

export function maxScroll(total: number, rows: number): number {
	return Math.max(0, total - rows);
}

/**
 * A fixed-height view of pre-wrapped lines: always `rows` lines plus one line saying how
 * much is above and below, so the screen does not jump while scrolling.
 */
export function ScrollWindow({lines, scroll, rows}: {lines: ShownLine[]; scroll: number; rows: number}) {
	const start = Math.min(scroll, maxScroll(lines.length, rows));
	const shown = lines.slice(start, start + rows);
	const above = start;
	const below = Math.max(0, lines.length - start - rows);
	const padding = Array.from({length: rows - shown.length}, (_, i) => i);
	return (
		<Box flexDirection="column">
			{shown.map((line, i) => (
				<Text key={start + i} color={line.color} dimColor={line.dim} wrap="truncate-end">
					{line.text || ' '}
				</Text>
			))}
			{padding.map((i) => (
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
