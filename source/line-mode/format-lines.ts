// Plain lines for the things the Ink views draw: check results, problems, the plan,
// an export's progress and outcome. Words first (a screen reader reads "failed", not
// a red cross), no colours, no cursor movement. Shared by line mode and the commands.

import type {CheckResult} from '../core/checks/types.js';
import type {ExportFailureExplanation} from '../core/diagnosis/explain-export-failure.js';
import type {ExportPlan} from '../core/plan.js';
import type {ExportDescription} from '../core/ports.js';
import {explainFailedExport, exportLocation, failureText, manifestLocation} from '../core/wizard/export-outcome.js';
import {formatBytes, formatCount, formatElapsed, planRows} from '../core/wizard/summary.js';
import type {Problem} from '../core/wizard/state.js';

const STATUS_WORDS: Record<CheckResult['status'], string> = {
	pending: 'waiting',
	running: 'running',
	passed: 'passed',
	warning: 'risk',
	failed: 'FAILED',
	unknown: 'unknown',
	skipped: 'skipped',
};

/** "  passed   Credentials: role DataExporter in 111111111111" */
export function checkLine(result: CheckResult): string {
	return `  ${STATUS_WORDS[result.status].padEnd(8)} ${result.title}: ${result.summary}`;
}

/** The why and the fix of a check that did not pass. */
export function checkDetailLines(result: CheckResult): string[] {
	if (result.status === 'passed' || result.status === 'skipped' || result.status === 'pending' || result.status === 'running') return [];
	const lines: string[] = [];
	// A check blocked by another says so in its summary; the failing one carries the detail.
	if (result.blockedBy) return lines;
	if (result.cause) lines.push(`           ${result.status === 'unknown' ? 'Why unknown: ' : 'Why: '}${result.cause}`);
	for (const fact of result.evidence ?? []) lines.push(`           Seen: ${fact}`);
	if (result.fix) lines.push(`           Fix: ${result.fix.text}`);
	if (result.fix?.command) lines.push(`             ${result.fix.command}`);
	return lines;
}

export function checksSummaryLine(results: CheckResult[], cancelled = false): string {
	const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
	const parts = [`${count('passed')} passed`];
	if (count('failed')) parts.push(`${count('failed')} failed`);
	if (count('warning')) parts.push(`${count('warning')} with a risk`);
	if (count('unknown')) parts.push(`${count('unknown')} unknown`);
	return `${cancelled ? 'Checks stopped. ' : ''}Checks: ${parts.join(', ')}.`;
}

/** Every result with its details, then the summary line. */
export function checkReportLines(results: CheckResult[]): string[] {
	const lines: string[] = [];
	for (const result of results) lines.push(checkLine(result), ...checkDetailLines(result));
	lines.push(checksSummaryLine(results));
	return lines;
}

export function problemLines(problem: Problem): string[] {
	const lines = [`Problem: ${problem.title}`];
	if (problem.cause) lines.push(`  ${problem.cause}`);
	if (problem.fix) lines.push(`  Fix: ${problem.fix}`);
	if (problem.command) lines.push(`    ${problem.command}`);
	return lines;
}

export function planLines(plan: ExportPlan): string[] {
	const rows = planRows(plan);
	const width = Math.max(...rows.map(([label]) => label.length));
	return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
}

/** "IN_PROGRESS · 0:35 elapsed" */
export function progressLine(description: ExportDescription | undefined, elapsedMs: number): string {
	return `${description?.status ?? 'STARTING'} · ${formatElapsed(elapsedMs)} elapsed`;
}

export function explanationLines(explained: ExportFailureExplanation): string[] {
	const lines = [explained.headline, ...explained.details.map((line) => `  ${line}`)];
	if (explained.likelyChecks.length > 0) lines.push(`The checks that look at this: ${explained.likelyChecks.join(', ')} (ddb-export check runs them).`);
	return lines;
}

/** The outcome of a finished (or stopped) export, as lines. */
export function exportOutcomeLines(description: ExportDescription, elapsedMs: number, caller?: {arn?: string; account?: string}, reread?: CheckResult[]): string[] {
	const lines: string[] = [];
	const elapsed = formatElapsed(elapsedMs);
	if (description.status === 'COMPLETED') lines.push(`Export completed in ${elapsed}.`);
	else if (description.status === 'FAILED') lines.push(`Export FAILED after ${elapsed}.`);
	else lines.push(`Export ${description.status} after ${elapsed}.`);
	lines.push(`  Export ARN  ${description.exportArn}`);
	const location = exportLocation(description);
	if (location) lines.push(`  Files       ${location}`);
	const manifest = manifestLocation(description);
	if (manifest) lines.push(`  Manifest    ${manifest}`);
	if (description.itemCount !== undefined) lines.push(`  Items       ${formatCount(description.itemCount)} · billed size ${formatBytes(description.billedSizeBytes)}`);
	if (description.status === 'FAILED') {
		const failure = failureText(description);
		if (failure) lines.push(`  Failure     ${failure}`);
		lines.push(...explanationLines(explainFailedExport(description, caller, undefined, reread)));
	}
	return lines;
}
