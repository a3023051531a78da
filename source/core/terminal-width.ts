// How many terminal columns a string takes: string-width 8.3 (Sindre Sorhus, MIT), with
// the same answers but built for start-up. The original creates `\p{RGI_Emoji}` (v flag)
// and an Intl.Segmenter when its module loads, and the regex's first test compiles it:
// ~12 + ~14 + ~7 ms before Ink can draw its first frame (measured on Node 20). Here the
// text a wizard shows (ASCII and common narrow symbols) is measured by a table lookup,
// and the full algorithm builds its regexes and segmenter on first need.
// scripts/build.mjs points the bundle's `string-width` imports (Ink, cli-truncate,
// widest-line, wrap-ansi) here; test/terminal-width.test.ts checks it against the original.

import stripAnsi from 'strip-ansi';
import {eastAsianWidth} from 'get-east-asian-width';

export interface WidthOptions {
	ambiguousIsNarrow?: boolean;
	countAnsiEscapeCodes?: boolean;
}

/**
 * Code points (beyond printable ASCII) that string-width counts as one column, never
 * join a neighbour in a grapheme cluster, and are not emoji: Latin, Greek, Cyrillic,
 * punctuation, arrows, box drawing, geometric shapes, dingbats, braille (spinners).
 * Made by scripts/bench/narrow-ranges.mjs; the test re-derives them from string-width.
 */
export const NARROW_RANGES: ReadonlyArray<readonly [number, number]> = [
	[0xa0, 0xac], [0xae, 0x24f], [0x370, 0x482], [0x48a, 0x4ff], [0x2010, 0x2029], [0x202f, 0x205e],
	[0x20a0, 0x20c0], [0x2100, 0x214f], [0x2190, 0x2319], [0x231c, 0x2328], [0x232b, 0x23e8],
	[0x23ed, 0x23ef], [0x23f1, 0x23f2], [0x23f4, 0x23ff], [0x2500, 0x25fc], [0x25ff, 0x2613],
	[0x2616, 0x262f], [0x2638, 0x2647], [0x2654, 0x267e], [0x2680, 0x2689], [0x2690, 0x2692],
	[0x2694, 0x26a0], [0x26a2, 0x26a9], [0x26ac, 0x26bc], [0x26bf, 0x26c3], [0x26c6, 0x26cd],
	[0x26cf, 0x26d3], [0x26d5, 0x26e9], [0x26eb, 0x26f1], [0x26f4, 0x26f4], [0x26f6, 0x26f9],
	[0x26fb, 0x26fc], [0x26fe, 0x2704], [0x2706, 0x2709], [0x270c, 0x2727], [0x2729, 0x274b],
	[0x274d, 0x274d], [0x274f, 0x2752], [0x2756, 0x2756], [0x2758, 0x2794], [0x2798, 0x27af],
	[0x27b1, 0x27be], [0x2800, 0x297f],
];

/** One bit per BMP code point up to the last range: 1 = one column, on its own. */
let narrowBits: Uint8Array | undefined;

function isNarrowAlone(code: number): boolean {
	if (!narrowBits) {
		narrowBits = new Uint8Array((NARROW_RANGES[NARROW_RANGES.length - 1]![1] >> 3) + 1);
		for (const [from, to] of NARROW_RANGES) {
			for (let c = from; c <= to; c++) narrowBits[c >> 3]! |= 1 << (c & 7);
		}
	}
	const byte = code >> 3;
	return byte < narrowBits.length && (narrowBits[byte]! & (1 << (code & 7))) !== 0;
}

/** The width when every character is printable ASCII or in NARROW_RANGES, else -1. */
function simpleWidth(text: string): number {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if ((code < 0x20 || code > 0x7e) && !isNarrowAlone(code)) return -1;
	}
	return text.length;
}

interface Slow {
	segmenter: Intl.Segmenter;
	visibleCharacter: RegExp;
	spacingMark: RegExp;
	rgiEmoji: RegExp;
	unqualifiedKeycap: RegExp;
	extendedPictographic: RegExp;
}

let slow: Slow | undefined;

function slowParts(): Slow {
	// Strings, not literals: the v flag is newer than the project's TypeScript target.
	slow ??= {
		segmenter: new Intl.Segmenter(),
		visibleCharacter: new RegExp('[^\\p{Default_Ignorable_Code_Point}\\p{Control}\\p{Format}\\p{Nonspacing_Mark}\\p{Enclosing_Mark}\\p{Surrogate}]', 'v'),
		spacingMark: new RegExp('\\p{Spacing_Mark}', 'v'),
		rgiEmoji: new RegExp('^\\p{RGI_Emoji}$', 'v'),
		unqualifiedKeycap: /^[\d#*]\u20E3$/,
		extendedPictographic: /\p{Extended_Pictographic}/gu,
	};
	return slow;
}

function isDoubleWidthNonRgiEmojiSequence(segment: string, parts: Slow): boolean {
	if (segment.length > 50) return false;
	if (parts.unqualifiedKeycap.test(segment)) return true;
	if (segment.includes('\u200D')) {
		const pictographics = segment.match(parts.extendedPictographic);
		return pictographics !== null && pictographics.length >= 2;
	}
	return false;
}

function baseVisible(segment: string, parts: Slow): string | undefined {
	const index = segment.search(parts.visibleCharacter);
	return index === -1 ? undefined : segment.slice(index);
}

const isHangulLeadingJamo = (c: number | undefined) => c !== undefined && ((c >= 0x1100 && c <= 0x115f) || (c >= 0xa960 && c <= 0xa97c));
const isHangulVowelJamo = (c: number | undefined) => c !== undefined && ((c >= 0x1160 && c <= 0x11a7) || (c >= 0xd7b0 && c <= 0xd7c6));
const isHangulTrailingJamo = (c: number | undefined) => c !== undefined && ((c >= 0x11a8 && c <= 0x11ff) || (c >= 0xd7cb && c <= 0xd7fb));
const isHangulJamo = (c: number) => isHangulLeadingJamo(c) || isHangulVowelJamo(c) || isHangulTrailingJamo(c);

function hangulClusterWidth(visibleSegment: string, options: {ambiguousAsWide: boolean}, parts: Slow): number | undefined {
	const codePoints: number[] = [];
	for (const character of visibleSegment) {
		if (parts.visibleCharacter.test(character)) codePoints.push(character.codePointAt(0)!);
	}
	if (codePoints.length === 0) return undefined;
	let width = 0;
	for (let index = 0; index < codePoints.length; index++) {
		const codePoint = codePoints[index]!;
		if (!isHangulJamo(codePoint)) {
			if (width === 0) return undefined;
			for (let remaining = index; remaining < codePoints.length; remaining++) width += eastAsianWidth(codePoints[remaining]!, options);
			return width;
		}
		if (isHangulLeadingJamo(codePoint) && isHangulVowelJamo(codePoints[index + 1])) {
			width += 2;
			index += isHangulTrailingJamo(codePoints[index + 2]) ? 2 : 1;
			continue;
		}
		width += eastAsianWidth(codePoint, options);
	}
	return width;
}

function trailingWidth(visibleSegment: string, options: {ambiguousAsWide: boolean}, parts: Slow): number {
	let extra = 0;
	let first = true;
	for (const character of visibleSegment) {
		if (first) {
			first = false;
			continue;
		}
		if (parts.spacingMark.test(character) || (character >= '\uFF00' && character <= '\uFFEF')) {
			extra += eastAsianWidth(character.codePointAt(0)!, options);
		}
	}
	return extra;
}

export default function stringWidth(input: string, options: WidthOptions = {}): number {
	if (typeof input !== 'string' || input.length === 0) return 0;
	const {ambiguousIsNarrow = true, countAnsiEscapeCodes = false} = options;
	let text = input;
	if (!countAnsiEscapeCodes && (text.includes('\u001B') || text.includes('\u009B'))) text = stripAnsi(text);
	if (text.length === 0) return 0;
	// Ambiguous characters (·, …, box drawing) are in the table as narrow.
	if (ambiguousIsNarrow) {
		const simple = simpleWidth(text);
		if (simple >= 0) return simple;
	}

	const parts = slowParts();
	let width = 0;
	const eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};
	for (const {segment} of parts.segmenter.segment(text)) {
		const visibleSegment = baseVisible(segment, parts);
		if (visibleSegment === undefined) continue;
		if (parts.rgiEmoji.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment, parts)) {
			width += 2;
			continue;
		}
		const hangulWidth = hangulClusterWidth(visibleSegment, eastAsianWidthOptions, parts);
		if (hangulWidth !== undefined) {
			width += hangulWidth;
			continue;
		}
		width += eastAsianWidth(visibleSegment.codePointAt(0)!, eastAsianWidthOptions);
		width += trailingWidth(visibleSegment, eastAsianWidthOptions, parts);
	}
	return width;
}
