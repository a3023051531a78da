// Times as people type them, and the rules DynamoDB puts on export times.
// Accepts what the AWS CLI accepts for timestamps (ISO 8601, epoch seconds) so a
// value copied from a CLI command works here, plus short relative forms (-15m).
// Only types come from validate.ts: it imports this file, and a value cycle
// between the two would make load order matter.

import type {ExportViewType, IncrementalSpec} from './plan.js';
import type {FieldName, Validation, ValidationProblem} from './validate.js';

export interface PitrWindow {
	/** EarliestRestorableDateTime. */
	earliest?: Date;
	/** LatestRestorableDateTime (typically about 5 minutes ago). */
	latest?: Date;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MIN_INCREMENTAL = 15 * MINUTE;
const MAX_INCREMENTAL = DAY;

function valid<T>(value: T): Validation<T> {
	return {ok: true, value};
}

function invalid(field: FieldName, message: string): ValidationProblem {
	return {ok: false, field, message};
}

/** "2026-11-27 10:00:00 UTC" — how times are shown to people. */
export function formatUtc(date: Date): string {
	return date.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '') + ' UTC';
}

/** "2026-11-27T10:00:00Z" — how times are written into commands and JSON (milliseconds only when set). */
export function formatIso(date: Date): string {
	return date.toISOString().replace(/\.000Z$/, 'Z');
}

const UNITS: Array<[RegExp, number, string]> = [
	[/^(s|sec|secs|second|seconds)$/i, 1000, 'second'],
	[/^(m|min|mins|minute|minutes)$/i, MINUTE, 'minute'],
	[/^(h|hr|hrs|hour|hours)$/i, HOUR, 'hour'],
	[/^(d|day|days)$/i, DAY, 'day'],
];

interface ParsedTime {
	date: Date | 'latest';
	/** How the text was read, for showing next to the input. */
	meaning: string;
}

function parse(text: string, now: Date, field: FieldName): Validation<ParsedTime> {
	const raw = text.trim();
	if (!raw) return invalid(field, `The ${field} is empty; write a time such as 2026-11-27T10:00:00Z, -2h, or latest.`);
	const lower = raw.toLowerCase();
	if (lower === 'latest') return valid({date: 'latest', meaning: 'the latest restorable time of the table (about 5 minutes ago)'});
	if (lower === 'now') return valid({date: new Date(now.getTime()), meaning: `now: ${formatUtc(now)}`});

	const relative = /^(?:now\s*)?-\s*(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(raw) ?? /^(\d+(?:\.\d+)?)\s*([a-z]+)\s+ago$/i.exec(raw);
	if (relative) {
		const unit = UNITS.find(([re]) => re.test(relative[2]!));
		if (!unit) return invalid(field, `"${relative[2]}" is not a unit; write relative times as -30s, -15m, -2h or -1d.`);
		const amount = Number(relative[1]);
		const date = new Date(now.getTime() - amount * unit[1]);
		return valid({date, meaning: `${amount} ${unit[2]}${amount === 1 ? '' : 's'} ago: ${formatUtc(date)}`});
	}
	if (/^\+\s*\d/.test(raw) || /^(?:now\s*)\+/i.test(raw)) {
		return invalid(field, `The ${field} must be in the past; write relative times with a minus, e.g. -15m for 15 minutes ago.`);
	}

	if (/^\d+(\.\d+)?$/.test(raw)) {
		const integerDigits = raw.split('.')[0]!.length;
		if (integerDigits >= 13) {
			const seconds = Math.floor(Number(raw) / 1000);
			return invalid(field, `"${raw}" looks like epoch milliseconds; the ${field} takes epoch seconds, i.e. ${seconds}.`);
		}
		const date = new Date(Number(raw) * 1000);
		return valid({date, meaning: `epoch seconds: ${formatUtc(date)}`});
	}

	const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i.exec(raw);
	if (iso) return fromIsoParts(iso, raw, field);

	if (/^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}/.test(raw)) {
		return invalid(field, `Write dates as YYYY-MM-DD (e.g. 2026-11-27T10:00:00Z); "${raw}" could mean two different days.`);
	}
	return invalid(
		field,
		`"${raw}" is not a time; write ISO 8601 (2026-11-27T10:00:00Z or with an offset like +02:00), epoch seconds, now, latest, or a relative time like -15m, -2h, -1d.`,
	);
}

function fromIsoParts(m: RegExpExecArray, raw: string, field: FieldName): Validation<ParsedTime> {
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (month < 1 || month > 12) return invalid(field, `"${raw}" has month ${m[2]}; months are 01 to 12 (the format is YYYY-MM-DD).`);
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (day < 1 || day > daysInMonth) return invalid(field, `"${raw}" has day ${m[3]}, but ${m[1]}-${m[2]} has ${daysInMonth} days.`);
	const dateOnly = m[4] === undefined;
	const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
	if (hour > 23 || minute > 59 || second > 59) return invalid(field, `"${raw}" has an impossible time of day; hours are 00–23, minutes and seconds 00–59.`);
	const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
	let offsetMinutes = 0;
	const zone = m[8];
	if (zone && /^[+-]/.test(zone)) {
		const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
		const [oh, om] = [Number(zm[2]), Number(zm[3] ?? 0)];
		if (oh > 14 || om > 59) return invalid(field, `"${zone}" is not a UTC offset; offsets run from -12:00 to +14:00.`);
		offsetMinutes = (zm[1] === '-' ? -1 : 1) * (oh * 60 + om);
	}
	const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * MINUTE);
	let meaning: string;
	if (dateOnly) meaning = `${formatUtc(date)} (a date alone means midnight UTC at the start of that day)`;
	else if (!zone) meaning = `${formatUtc(date)} (no offset given: read as UTC, as the AWS CLI does)`;
	else meaning = formatUtc(date);
	return valid({date, meaning});
}

/**
 * A typed time. 'latest' stands for the table's latest restorable time, which the
 * caller knows from DescribeContinuousBackups (a full export leaves ExportTime out for it).
 */
export function parseTimeInput(text: string, now: Date, field: FieldName = 'export time'): Validation<Date | 'latest'> {
	const parsed = parse(text, now, field);
	return parsed.ok ? valid(parsed.value.date) : parsed;
}

/** How a time input was read ("… (a date alone means midnight UTC …)"), or undefined when it cannot be read. */
export function timeInputMeaning(text: string, now: Date): string | undefined {
	const parsed = parse(text, now, 'export time');
	return parsed.ok ? parsed.value.meaning : undefined;
}

function windowText(window: PitrWindow): string {
	const from = window.earliest ? formatUtc(window.earliest) : 'its start';
	const to = window.latest ? formatUtc(window.latest) : 'about 5 minutes ago';
	return `${from} to ${to}`;
}

/** A full export's ExportTime: in the past and, when the window is known, inside it. */
export function validateExportTime(date: Date, window: PitrWindow, now: Date, field: FieldName = 'export time'): Validation<Date> {
	if (Number.isNaN(date.getTime())) return invalid(field, `The ${field} is not a valid time.`);
	if (date.getTime() > now.getTime()) {
		return invalid(field, `The ${field} ${formatUtc(date)} is in the future; an export copies the table as it was at a past moment (now is ${formatUtc(now)}).`);
	}
	if (window.earliest && date.getTime() < window.earliest.getTime()) {
		return invalid(
			field,
			`The ${field} ${formatUtc(date)} is before the table's point-in-time recovery window (${windowText(window)}); pick a time inside it.`,
		);
	}
	if (window.latest && date.getTime() > window.latest.getTime()) {
		return invalid(
			field,
			`The ${field} ${formatUtc(date)} is after the latest restorable time; the point-in-time recovery window is ${windowText(window)}. Pick a time inside it, or "latest".`,
		);
	}
	return valid(date);
}

function durationText(ms: number): string {
	const minutes = Math.round(ms / MINUTE);
	if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
	const hours = ms / HOUR;
	return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} hours`;
}

/**
 * An incremental export's window: ExportFromTime (inclusive) before ExportToTime
 * (exclusive), 15 minutes to 24 hours apart, inside the PITR window when known.
 */
export function validateIncrementalWindow(from: Date, to: Date, window?: PitrWindow, now: Date = new Date()): Validation<{from: Date; to: Date}> {
	if (Number.isNaN(from.getTime())) return invalid('incremental from', 'The incremental from time is not a valid time.');
	if (Number.isNaN(to.getTime())) return invalid('incremental to', 'The incremental to time is not a valid time.');
	if (from.getTime() >= to.getTime()) {
		return invalid('incremental window', `The from time (${formatUtc(from)}) must be before the to time (${formatUtc(to)}).`);
	}
	const span = to.getTime() - from.getTime();
	if (span < MIN_INCREMENTAL) {
		return invalid('incremental window', `An incremental export covers at least 15 minutes; this window is ${durationText(span)}. Move the from time earlier or the to time later.`);
	}
	if (span > MAX_INCREMENTAL) {
		return invalid('incremental window', `An incremental export covers at most 24 hours; this window is ${durationText(span)}. Split it into several exports of up to 24 hours.`);
	}
	if (to.getTime() > now.getTime()) {
		return invalid('incremental to', `The to time ${formatUtc(to)} is in the future (now is ${formatUtc(now)}); it must not be after the latest restorable time.`);
	}
	if (window?.earliest && from.getTime() < window.earliest.getTime()) {
		return invalid('incremental from', `The from time ${formatUtc(from)} is before the table's point-in-time recovery window (${windowText(window)}).`);
	}
	if (window?.latest && to.getTime() > window.latest.getTime()) {
		return invalid('incremental to', `The to time ${formatUtc(to)} is after the latest restorable time; the point-in-time recovery window is ${windowText(window)}.`);
	}
	return valid({from, to});
}

const SPEC_KEYS = ['ExportFromTime', 'ExportToTime', 'ExportViewType'] as const;
type SpecKey = (typeof SPEC_KEYS)[number];
const VIEW_TYPES: ExportViewType[] = ['NEW_IMAGE', 'NEW_AND_OLD_IMAGES'];

/**
 * --incremental-export-specification as the AWS CLI takes it: shorthand
 * (ExportFromTime=…,ExportToTime=…,ExportViewType=…) or JSON. Times are ISO strings
 * or epoch seconds. ExportViewType defaults to NEW_AND_OLD_IMAGES, as in the API.
 */
export function parseIncrementalSpec(text: string, now: Date = new Date()): Validation<IncrementalSpec> {
	const field: FieldName = 'incremental export specification';
	const raw = text.trim();
	if (!raw) {
		return invalid(field, 'The incremental export specification is empty; write ExportFromTime=…,ExportToTime=…,ExportViewType=NEW_IMAGE (or the same as JSON).');
	}
	const values: Partial<Record<SpecKey, string | number>> = {};
	const keyOf = (key: string): SpecKey | undefined => SPEC_KEYS.find((k) => k.toLowerCase() === key.trim().toLowerCase());
	const unknownKey = (key: string) =>
		invalid(field, `"${key}" is not a field of the incremental export specification; the fields are ${SPEC_KEYS.join(', ')}.`);

	if (raw.startsWith('{')) {
		let json: unknown;
		try {
			json = JSON.parse(raw);
		} catch (error) {
			return invalid(field, `The incremental export specification is not valid JSON (${(error as Error).message}).`);
		}
		if (!json || typeof json !== 'object' || Array.isArray(json)) {
			return invalid(field, 'The incremental export specification must be a JSON object.');
		}
		for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
			const k = keyOf(key);
			if (!k) return unknownKey(key);
			if (typeof value !== 'string' && typeof value !== 'number') {
				return invalid(field, `${k} must be a string${k === 'ExportViewType' ? '' : ' or a number of epoch seconds'}.`);
			}
			values[k] = value;
		}
	} else {
		for (const part of raw.split(',')) {
			if (!part.trim()) continue;
			const eq = part.indexOf('=');
			if (eq === -1) return invalid(field, `"${part.trim()}" has no "="; the shorthand is ExportFromTime=…,ExportToTime=…,ExportViewType=….`);
			const key = part.slice(0, eq).trim();
			const k = keyOf(key);
			if (!k) return unknownKey(key);
			if (k in values) return invalid(field, `${k} is given twice.`);
			values[k] = part.slice(eq + 1).trim().replace(/^(["'])(.*)\1$/, '$2');
		}
	}

	const time = (key: 'ExportFromTime' | 'ExportToTime'): Validation<Date> => {
		const timeField: FieldName = key === 'ExportFromTime' ? 'incremental from' : 'incremental to';
		const value = values[key];
		if (value === undefined || value === '') return invalid(field, `${key} is missing; the incremental export specification needs both ExportFromTime and ExportToTime.`);
		const parsed = parse(String(value), now, timeField);
		if (!parsed.ok) return invalid(timeField, `${key}: ${parsed.message}`);
		if (parsed.value.date === 'latest') return invalid(timeField, `${key} must be an actual time, not "latest".`);
		return valid(parsed.value.date);
	};
	const from = time('ExportFromTime');
	if (!from.ok) return from;
	const to = time('ExportToTime');
	if (!to.ok) return to;

	let viewType: ExportViewType = 'NEW_AND_OLD_IMAGES';
	if (values.ExportViewType !== undefined) {
		const v = String(values.ExportViewType).trim().toUpperCase();
		if (!VIEW_TYPES.includes(v as ExportViewType)) {
			return invalid('export view type', `ExportViewType must be NEW_IMAGE or NEW_AND_OLD_IMAGES (got "${values.ExportViewType}").`);
		}
		viewType = v as ExportViewType;
	}
	const span = validateIncrementalWindow(from.value, to.value, undefined, now);
	if (!span.ok) return span;
	return valid({from: from.value, to: to.value, viewType});
}
