// A verification's progress and verdict as lines for people: the same words for
// `ddb-export verify` and the wizard's "Verify the files now" after an export.

import {terminalSafe} from '../core/terminal-text.js';
import type {VerifyProgress} from '../core/verify/verify-export.js';
import type {VerifyReport} from '../core/verify/verdict.js';
import {formatCount} from '../core/wizard/summary.js';
import {wrapWords} from './text-layout.js';

export function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "files 3/20 · 12.0 of 80.0 MB": what the wizard shows while it verifies. */
export function progressText(p: VerifyProgress): string {
	return `Verifying: files ${p.filesDone}/${p.filesTotal} · ${megabytes(p.bytesDone)}${p.bytesTotal ? ` of ${megabytes(p.bytesTotal)}` : ''}`;
}

/** A data file's key as the export folder's relative path (data/NAME) when it lies under it. */
function shortKey(key: string, folder: string): string {
	return terminalSafe(key.startsWith(folder) ? key.slice(folder.length) : key);
}

/** The verdict for people, wrapped to `width` columns (a long s3:// path stays whole). */
export function reportLines(report: VerifyReport, width = 80): string[] {
	const folder = report.manifestSummaryKey.replace(/manifest-summary\.json$/, '');
	const files = report.files.filter((f) => f.status !== 'extra');
	const bad = report.files.filter((f) => f.status !== 'intact' && f.status !== 'unknown').length;
	const headline = {
		intact: `Export intact: ${files.length} data files`,
		damaged: `Export NOT intact: ${bad} of ${report.files.length} files ${bad === 1 ? 'is' : 'are'} damaged, missing, extra or unreadable${report.problems.length ? ', and the manifests disagree' : ''}`,
		unknown: 'Could not tell whether the export is intact',
	}[report.verdict];
	// Grouped as every other count is ("3,500 items").
	const count = (n: number | null | undefined) => (n === undefined || n === null ? 'unknown' : formatCount(n));
	const lines = [...wrapWords(headline, width), `  s3://${terminalSafe(report.bucket)}/${terminalSafe(folder)}`];
	lines.push(
		...wrapWords(
			`Items: ${count(report.countedItemCount)} counted, ${count(report.manifestItemCount)} in the manifest, ${count(report.summaryItemCount)} in the summary; ${megabytes(report.bytes)} read`,
			width,
			{first: '  ', indent: '  '},
		),
	);
	for (const problem of report.problems) lines.push(...wrapWords(terminalSafe(problem), width, {first: '  ✗ ', indent: '    '}));
	for (const file of report.files) {
		if (file.status === 'intact') continue;
		lines.push(`  ${file.status === 'unknown' ? '?' : '✗'} ${file.status} ${shortKey(file.key, folder)}`);
		for (const problem of file.problems) lines.push(...wrapWords(terminalSafe(problem), width, {first: '      ', indent: '      '}));
	}
	for (const unknown of report.unknowns) {
		if (!report.files.some((f) => f.problems.includes(unknown))) lines.push(...wrapWords(terminalSafe(unknown), width, {first: '  ? ', indent: '    '}));
	}
	return lines;
}

