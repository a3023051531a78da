// Pre-wrapped lines, drawn as they are. Ink would hard-break a line longer than the
// terminal with inserted newlines, cutting an ARN or a command in two for whoever copies
// it; here such a line is given the width it needs and the terminal soft-wraps it
// (text-layout.ts, soft-wrap-stdout.ts).

import {Box, Text} from 'ink';
import {useRoom} from './screen-size.js';
import {stringWidth} from './text-layout.js';

export interface LinesProps {
	lines: readonly string[];
	color?: string;
	dim?: boolean;
	bold?: boolean;
}

export function Lines({lines, color, dim, bold}: LinesProps) {
	const {columns} = useRoom();
	if (lines.length === 0) return null;
	const widest = Math.max(0, ...lines.map((line) => stringWidth(line)));
	return (
		<Box width={Math.max(columns, widest)} flexShrink={0}>
			<Text color={color} dimColor={dim} bold={bold}>
				{lines.join('\n')}
			</Text>
		</Box>
	);
}
