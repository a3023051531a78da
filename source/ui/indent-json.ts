// One line of JSON laid out two spaces per level, by its characters: the text is never
// parsed, so numbers keep every digit (DynamoDB has 38; a double keeps 16) and a string
// stays whole on its line, however long (the terminal soft-wraps it).

export function indentJson(text: string, indent = '  '): string[] {
	const lines: string[] = [];
	let line = '';
	let depth = 0;
	let inString = false;
	const newLine = () => {
		lines.push(line);
		line = indent.repeat(depth);
	};
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (inString) {
			line += ch;
			if (ch === '\\') line += text[++i] ?? '';
			else if (ch === '"') inString = false;
			continue;
		}
		if (ch === '"') {
			inString = true;
			line += ch;
		} else if (ch === '{' || ch === '[') {
			const close = ch === '{' ? '}' : ']';
			// An empty object or list stays "{}" / "[]".
			if (text[i + 1] === close) {
				line += ch + close;
				i++;
				continue;
			}
			line += ch;
			depth++;
			newLine();
		} else if (ch === '}' || ch === ']') {
			depth = Math.max(0, depth - 1);
			newLine();
			line += ch;
		} else if (ch === ',') {
			line += ch;
			newLine();
		} else if (ch === ':') line += ': ';
		else if (ch.trim() !== '') line += ch;
	}
	if (line.trim() !== '') lines.push(line);
	return lines;
}
