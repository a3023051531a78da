// Prints NARROW_RANGES for source/core/terminal-width.ts: the code points, in blocks a
// wizard's text uses, that string-width counts as one column and that never join a
// neighbour in a grapheme cluster (so a string of them is as wide as it is long).
//   node scripts/bench/narrow-ranges.mjs
import stringWidth from 'string-width';

const BLOCKS = [[0xa0, 0x24f], [0x370, 0x3ff], [0x400, 0x4ff], [0x2010, 0x205e], [0x20a0, 0x20c0], [0x2100, 0x214f], [0x2190, 0x23ff], [0x2500, 0x27bf], [0x2800, 0x297f]];
const segmenter = new Intl.Segmenter();

export function narrowRanges(width = stringWidth) {
	const alone = (code) => {
		const char = String.fromCodePoint(code);
		if (width(char) !== 1) return false;
		return ['a' + char, char + 'a', char + char].every((probe) => [...segmenter.segment(probe)].length === 2);
	};
	const ranges = [];
	for (const [from, to] of BLOCKS) {
		for (let code = from; code <= to; code++) {
			if (!alone(code)) continue;
			const last = ranges.at(-1);
			if (last && last[1] === code - 1) last[1] = code;
			else ranges.push([code, code]);
		}
	}
	return ranges;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const hex = (n) => `0x${n.toString(16)}`;
	console.log(narrowRanges().map(([a, b]) => `[${hex(a)}, ${hex(b)}]`).join(', '));
}
