// What a chain plan says, in the same words for the command, line mode, the wizard's
// review and JSON: the headline, one row per window, and the way out when there is no
// chain to continue (a full export).

import type {ExportPlan} from '../plan.js';
import {tableNameOf} from '../plan.js';
import {formatIso} from '../time-input.js';
import type {ChainPlan, ChainStart, ChainWindow} from './chain-plan.js';

/** "2026-12-05 14:03:12 UTC" without the seconds when they are 0. */
export function chainTime(date: Date): string {
	const text = date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
	return `${text.endsWith(':00') ? text.slice(0, -3) : text} UTC`;
}

/** "HH:MM UTC" on the same day as `now`, else with the date. */
function clockTime(date: Date, now: Date): string {
	const iso = date.toISOString();
	return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? `${iso.slice(11, 16)} UTC` : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** "24 h", "2 h 5 min", "15 min", "1 min 30 s" */
export function chainDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = seconds % 60;
	const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s && !h ? `${s} s` : ''].filter(Boolean);
	return parts.length > 0 ? parts.join(' ') : '0 s';
}

export function destinationText(plan: Pick<ExportPlan, 'bucket' | 'prefix'>): string {
	return `s3://${plan.bucket}/${plan.prefix}`;
}

function capitalised(text: string): string {
	return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

function previousText(previous: ChainStart): string {
	return previous.type === 'INCREMENTAL_EXPORT'
		? `the last export to this destination (incremental) ended at ${chainTime(previous.reaches)}`
		: `the last export to this destination (full) was as of ${chainTime(previous.reaches)}`;
}

export interface ChainWords {
	/** One sentence: what will be exported, or why nothing can be. */
	headline: string;
	/** More sentences (the leftover, the way out). */
	notes: string[];
	/** Whether a full export is the way out (no previous export, or PITR no longer reaches it). */
	offerFull: boolean;
}

export function chainWords(chain: ChainPlan, plan: ExportPlan, now: Date): ChainWords {
	const table = tableNameOf(plan);
	const where = destinationText(plan);
	switch (chain.kind) {
		case 'pitr-off':
			return {
				headline: `Point-in-time recovery is off for ${table}: incremental exports read the changes from it, so there is nothing to continue.`,
				notes: [`Turn it on (aws dynamodb update-continuous-backups --table-name ${table} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true); changes are kept from then on.`],
				offerFull: false,
			};
		case 'no-previous':
			return {
				headline: `There is no completed export of ${table} to ${where}, so there is nothing to continue from.`,
				notes: ['A full export to this destination starts the chain; the next incremental run continues from it.'],
				offerFull: true,
			};
		case 'beyond-pitr':
			return {
				headline: `The last export to this destination ended at ${chainTime(chain.previous.reaches)}; point-in-time recovery only reaches back to ${chainTime(chain.earliest)}: the changes between are gone from PITR.`,
				notes: ['A new full export to this destination starts a new chain from now on.'],
				offerFull: true,
			};
		case 'nothing-yet':
			return {
				headline: `Nothing to export yet: ${previousText(chain.previous)}, and the latest restorable time is ${chainTime(chain.latest)}.`,
				notes: [`The earliest a 15-minute window can be exported is at ${clockTime(chain.exportableAt, now)}.`],
				offerFull: false,
			};
		case 'running': {
			const r = chain.running;
			const what = r.incremental?.from && r.incremental.to ? `${chainTime(r.incremental.from)} → ${chainTime(r.incremental.to)}` : r.exportTime ? `as of ${chainTime(r.exportTime)}` : 'started lately';
			return {
				headline: `An export of ${table} to ${where} is still running (${what}), and it does not continue the chain where it ends.`,
				notes: [`Wait for it to end (ddb-export watch ${r.exportArn}), then run this again.`],
				offerFull: false,
			};
		}
		case 'chain': {
			const {windows} = chain;
			const first = windows[0]!;
			const last = windows[windows.length - 1]!;
			const count = windows.length === 1 ? 'one incremental export' : `${windows.length} incremental exports, one after the other`;
			const notes: string[] = [];
			const running = windows.filter((w) => w.runningArn).length;
			if (running > 0) notes.push(`${running === 1 ? 'The first window is' : `The first ${running} windows are`} already running (an earlier run started ${running === 1 ? 'it' : 'them'}): watched, not started again.`);
			if (chain.leftover) {
				notes.push(
					`The last ${chainDuration(chain.leftover.to.getTime() - chain.leftover.from.getTime())} (from ${chainTime(chain.leftover.from)}) are too short for a window of 15 minutes: the chain ends before them; the next run can export them from ${clockTime(chain.leftover.exportableAt, now)}.`,
				);
			}
			return {
				headline: `${capitalised(previousText(chain.previous))}: ${chainDuration(last.to.getTime() - first.from.getTime())} of changes since, as ${count}.`,
				notes,
				offerFull: false,
			};
		}
	}
}

/** "1  2026-12-04 20:10 UTC → 2026-12-05 20:10 UTC  24 h" */
export function windowLine(window: ChainWindow, total: number): string {
	const number = String(window.index).padStart(String(total).length);
	return `${number}  ${chainTime(window.from)} → ${chainTime(window.to)}  ${chainDuration(window.to.getTime() - window.from.getTime())}`;
}

/** The window as JSON: times as the AWS CLI writes them. */
export function windowJson(window: ChainWindow): Record<string, unknown> {
	return {
		index: window.index,
		ExportFromTime: formatIso(window.from),
		ExportToTime: formatIso(window.to),
		durationSeconds: Math.round((window.to.getTime() - window.from.getTime()) / 1000),
		ClientToken: window.clientToken,
		runningExportArn: window.runningArn,
	};
}

/** The plan as JSON (--output json), whatever its kind. */
export function chainJson(chain: ChainPlan, plan: ExportPlan, now: Date): Record<string, unknown> {
	const words = chainWords(chain, plan, now);
	const json: Record<string, unknown> = {status: chain.kind, message: words.headline, notes: words.notes};
	if ('previous' in chain) json.previous = {ExportArn: chain.previous.exportArn, ExportType: chain.previous.type, reaches: formatIso(chain.previous.reaches)};
	if (chain.kind === 'chain') {
		json.windows = chain.windows.map(windowJson);
		if (chain.leftover) json.leftover = {from: formatIso(chain.leftover.from), to: formatIso(chain.leftover.to), exportableAt: formatIso(chain.leftover.exportableAt)};
	}
	if (chain.kind === 'nothing-yet') json.exportableAt = formatIso(chain.exportableAt);
	if (chain.kind === 'beyond-pitr') json.earliestRestorable = formatIso(chain.earliest);
	if (chain.kind === 'running') json.runningExportArn = chain.running.exportArn;
	return json;
}

/** "Window 2 of 3: 2026-12-05 20:09 UTC → 2026-12-06 20:09 UTC (1 COMPLETED)", above a chain's export. */
export function chainProgressText(chain: {windows: ChainWindow[]; index: number}, lastCompleted = false): string {
	const window = chain.windows[chain.index]!;
	if (lastCompleted && chain.index === chain.windows.length - 1) {
		return `All ${chain.windows.length === 1 ? 'the window' : `${chain.windows.length} windows`} COMPLETED: ${chainTime(chain.windows[0]!.from)} → ${chainTime(window.to)}`;
	}
	const done = chain.index > 0 ? ` (${chain.index} COMPLETED)` : '';
	return `Window ${chain.index + 1} of ${chain.windows.length}: ${chainTime(window.from)} → ${chainTime(window.to)}${done}`;
}
