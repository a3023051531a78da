// A small line diff (longest common subsequence) for showing what a policy change does.
// Policies are a few hundred lines at most; the common head and tail are trimmed first so
// the quadratic table only covers the changed middle.

export interface DiffLine {
	kind: ' ' | '+' | '-';
	text: string;
}

export function diffLines(before: string[], after: string[]): DiffLine[] {
	let head = 0;
	while (head < before.length && head < after.length && before[head] === after[head]) head++;
	let tail = 0;
	while (
		tail < before.length - head &&
		tail < after.length - head &&
		before[before.length - 1 - tail] === after[after.length - 1 - tail]
	) tail++;

	const a = before.slice(head, before.length - tail);
	const b = after.slice(head, after.length - tail);
	const n = a.length;
	const m = b.length;
	// lcs[i][j] = length of the LCS of a[i..] and b[j..]
	const lcs: Uint32Array[] = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
		}
	}

	const out: DiffLine[] = before.slice(0, head).map((text) => ({kind: ' ', text}));
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (a[i] === b[j]) {
			out.push({kind: ' ', text: a[i]!});
			i++;
			j++;
		} else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
			out.push({kind: '-', text: a[i]!});
			i++;
		} else {
			out.push({kind: '+', text: b[j]!});
			j++;
		}
	}
	while (i < n) out.push({kind: '-', text: a[i++]!});
	while (j < m) out.push({kind: '+', text: b[j++]!});
	for (const text of before.slice(before.length - tail)) out.push({kind: ' ', text});
	return out;
}

/**
 * Unified-style text: `@@ -l,n +l,n @@` headers, then lines prefixed with ' ', '+' or '-';
 * only changed regions with `context` lines around them. Empty string when nothing changed.
 */
export function formatDiff(lines: DiffLine[], context = 3): string {
	const changed = lines.map((line, index) => (line.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
	if (changed.length === 0) return '';

	// Group changes whose context windows touch into one hunk.
	const hunks: Array<[number, number]> = [];
	for (const index of changed) {
		const start = Math.max(0, index - context);
		const end = Math.min(lines.length - 1, index + context);
		const last = hunks[hunks.length - 1];
		if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
		else hunks.push([start, end]);
	}

	// Line numbers in the old and new text at the start of each position.
	const oldAt: number[] = [];
	const newAt: number[] = [];
	let oldLine = 1;
	let newLine = 1;
	for (const line of lines) {
		oldAt.push(oldLine);
		newAt.push(newLine);
		if (line.kind !== '+') oldLine++;
		if (line.kind !== '-') newLine++;
	}

	const out: string[] = [];
	for (const [start, end] of hunks) {
		const slice = lines.slice(start, end + 1);
		const oldCount = slice.filter((l) => l.kind !== '+').length;
		const newCount = slice.filter((l) => l.kind !== '-').length;
		const oldStart = oldCount === 0 ? oldAt[start]! - 1 : oldAt[start]!;
		const newStart = newCount === 0 ? newAt[start]! - 1 : newAt[start]!;
		out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
		for (const line of slice) out.push(`${line.kind}${line.text}`);
	}
	return out.join('\n');
}
