// "Did you mean --table-arn?": the closest known word to a mistyped one, for flags,
// commands and demo scenarios. Close means a few edits (a swapped pair of letters
// counts as one) or a beginning of the word; nothing is suggested when nothing is close.

/** Edits between a and b: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
	const rows = a.length + 1;
	const cols = b.length + 1;
	const d: number[][] = Array.from({length: rows}, (_, i) => Array.from({length: cols}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i < rows; i++) {
		for (let j = 1; j < cols; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
		}
	}
	return d[a.length]![b.length]!;
}

/** The candidate closest to `word`, if any is close enough to be what was meant. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
	const lower = word.toLowerCase();
	let best: {candidate: string; distance: number} | undefined;
	for (const candidate of candidates) {
		const distance = editDistance(lower, candidate.toLowerCase());
		if (!best || distance < best.distance) best = {candidate, distance};
	}
	const allowed = Math.max(1, Math.floor(lower.replace(/^-+/, '').length / 3));
	if (best && best.distance <= allowed) return best.candidate;
	const prefixed = candidates.filter((candidate) => lower.replace(/^-+/, '').length >= 3 && candidate.toLowerCase().startsWith(lower));
	return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** " Did you mean X?" or ''. */
export function didYouMean(word: string, candidates: readonly string[]): string {
	const match = closest(word, candidates);
	return match ? ` Did you mean ${match}?` : '';
}
