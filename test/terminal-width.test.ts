// source/core/terminal-width.ts stands in for string-width in the bundle (it avoids ~30 ms of
// start-up); it must give exactly the same widths, or Ink would misdraw frames.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import stringWidth from 'string-width';
import terminalWidth, {NARROW_RANGES} from '../source/core/terminal-width.js';
// @ts-expect-error: a plain .mjs script without types
import {narrowRanges} from '../scripts/bench/narrow-ranges.mjs';

test('the table of narrow code points is what string-width says today', () => {
	assert.deepEqual(narrowRanges(), NARROW_RANGES.map(([from, to]) => [from, to]));
});

test('same widths as string-width on text a terminal shows', () => {
	const samples = [
		'',
		'plain ascii',
		'❯ default  static · us-east-1',
		'↑↓ choose · Enter accept · Esc back · Ctrl-C quit',
		'✔ Profile     default · us-east-1 · 111111111111',
		'⠋ Reading your AWS profiles…',
		'▲ 12 more ▼ 9992 more ─│┌┐',
		'Crème brûlée, naïve, Ελληνικά, кириллица',
		'日本語のテーブル 表',
		'한국어 각 ᄀ가',
		'emoji 👍 👍🏽 👨‍👩‍👧 🇫🇷 1️⃣ #⃣ ✔️ ❤ ❤️',
		'e\u0301 combining, zero\u200Bwidth, soft\u00ADhyphen',
		'\u001B[1m\u001B[36mbold cyan\u001B[39m\u001B[22m and \u001B]8;;https://example.com\u0007a link\u001B]8;;\u0007',
		'tab\there, control\u0007bell',
		'ｶﾀｶﾅ ﾞﾟ ｰ halfwidth, ＦＵＬＬ fullwidth',
		'« quotes » “curly” ‘single’ — dash – en',
	];
	for (const text of samples) {
		assert.equal(terminalWidth(text), stringWidth(text), JSON.stringify(text));
		assert.equal(terminalWidth(text, {ambiguousIsNarrow: false}), stringWidth(text, {ambiguousIsNarrow: false}), `wide ambiguous: ${JSON.stringify(text)}`);
		assert.equal(terminalWidth(text, {countAnsiEscapeCodes: true}), stringWidth(text, {countAnsiEscapeCodes: true}), `counting ANSI: ${JSON.stringify(text)}`);
	}
});

test('same widths as string-width on any string', () => {
	const narrow = fc.integer({min: 0, max: NARROW_RANGES.length - 1}).chain((i) => fc.integer({min: NARROW_RANGES[i]![0], max: NARROW_RANGES[i]![1]}));
	const piece = fc.oneof(
		fc.string({unit: 'binary', maxLength: 6}),
		fc.string({unit: 'grapheme', maxLength: 6}),
		narrow.map((code) => String.fromCodePoint(code)),
		fc.constantFrom('\u0301', '\u200D', '\uFE0F', '\u001B[31m', '👍', '🏽', '\u1100', '\u1161', '\u11A8', '\t'),
	);
	fc.assert(
		fc.property(fc.array(piece, {maxLength: 12}), fc.boolean(), (pieces, ambiguousIsNarrow) => {
			const text = pieces.join('');
			assert.equal(terminalWidth(text, {ambiguousIsNarrow}), stringWidth(text, {ambiguousIsNarrow}), JSON.stringify(text));
		}),
		{numRuns: 3000},
	);
});
