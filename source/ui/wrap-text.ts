// Word wrap for views that must know their height before drawing (fixed windows).

export function wrapText(text: string, width: number, indent = ''): string[] {
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(/\s+/).filter(Boolean)) {
			const candidate = line ? `${line} ${word}` : `${indent}${word}`;
			if (candidate.length > width && line) {
				lines.push(line);
				line = `${indent}${word}`;
			} else line = candidate;
		}
		lines.push(line);
	}
	return lines;
}
