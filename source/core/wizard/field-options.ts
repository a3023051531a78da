// The questions the wizard asks and the options it offers, as plain data, so the Ink
// face and the line-mode face show the same words and the same choices. Built from the
// wizard state only (no React, no I/O).

import {fixWords} from '../checks/in-place-fix.js';
import {validateKmsKeyRef} from '../validate.js';
import {keyNamesTable, otherTableOfKey} from './entry-warnings.js';
import {formatBytes, formatUtcMinute} from './summary.js';
import {isBatch, selectionSummary, tableKey} from './table-selection.js';
import {otherProfiles} from './selection-transitions.js';
import {DEFAULT_BATCH_PREFIX} from '../batch/prefix-template.js';
import {defaultPrefix, draftChain} from './plan-from-draft.js';
import {chainDuration, chainWords} from '../incremental/chain-words.js';
import {bucketRegionOf} from './reducer.js';
import type {FieldId} from './fields.js';
import type {ChecksChoice, ExportRun, WizardState} from './state.js';

export interface ChoiceOption {
	value: string;
	label: string;
	/** Extra words after the label (Region, kind...). */
	hint?: string;
}

/** Value of the option that switches a list question to typing the answer. */
export const TYPE_IT = '\u0000type';

export type ChoiceFieldId = 'destination' | 'sse' | 'format' | 'exportType' | 'incrementalMode' | 'timeMode' | 'viewType';
export type TextFieldId = 'region' | 'bucketOwner' | 'prefix' | 'exportTime' | 'incrementalFrom' | 'incrementalTo';

export const QUESTIONS: Record<FieldId, string> = {
	profile: 'Which AWS profile?',
	region: 'Region of the table?',
	table: 'Which table do you want to export?',
	destination: 'Which account owns the destination bucket?',
	bucket: 'Which bucket should receive the export?',
	bucketOwner: 'Account id of the bucket owner (12 digits)?',
	prefix: 'Prefix for the exported objects (may be empty)?',
	sse: 'How should the exported objects be encrypted?',
	kmsKey: 'Which KMS key?',
	format: 'Export format?',
	exportType: 'Full export or incremental?',
	timeMode: 'Export the table as of when?',
	incrementalMode: 'Which changes?',
	exportTime: 'Point in time (ISO 8601 like 2026-11-27T10:00:00Z, or -2h, -1d)?',
	incrementalFrom: 'Incremental window start (inclusive)?',
	incrementalTo: 'Incremental window end (exclusive; 15 min to 24 h after the start)?',
	viewType: 'What should each changed item carry?',
	review: 'Review the export',
};

/** The question at `field`, in a batch's words where they differ. */
export function questionFor(field: FieldId, state: WizardState): string {
	const n = state.draft.tables?.length ?? 0;
	if (isBatch(state.draft)) {
		if (field === 'prefix') return `Prefix for each table's objects (a template; ${n} tables)?`;
		if (field === 'review') return `Review the batch: ${n} tables`;
	}
	return QUESTIONS[field];
}

const CHOICE_FIELDS: readonly ChoiceFieldId[] = ['destination', 'sse', 'format', 'exportType', 'incrementalMode', 'timeMode', 'viewType'];
const TEXT_FIELDS: readonly TextFieldId[] = ['region', 'bucketOwner', 'prefix', 'exportTime', 'incrementalFrom', 'incrementalTo'];

export function isChoiceField(field: FieldId): field is ChoiceFieldId {
	return (CHOICE_FIELDS as readonly string[]).includes(field);
}

export function isTextField(field: FieldId): field is TextFieldId {
	return (TEXT_FIELDS as readonly string[]).includes(field);
}

/** The fixed options of a choice question. */
export function choiceOptions(field: ChoiceFieldId, state: WizardState): ChoiceOption[] {
	switch (field) {
		case 'destination':
			return [
				{value: 'this-account', label: 'This account', hint: state.loaded.identity.status === 'ready' ? state.loaded.identity.value.account : undefined},
				{value: 'other-account', label: 'Another account', hint: 'bucket owner id becomes S3BucketOwner'},
			];
		case 'sse':
			return [
				{value: 'AES256', label: 'AES256 (SSE-S3)', hint: 'S3 managed keys, no KMS permissions needed'},
				{value: 'KMS', label: 'KMS customer managed key', hint: 'key must be in the bucket’s Region'},
			];
		case 'format':
			return [
				{value: 'DYNAMODB_JSON', label: 'DynamoDB JSON', hint: 'one item per line, gzip'},
				{value: 'ION', label: 'Amazon Ion', hint: 'text Ion, gzip'},
			];
		case 'exportType':
			return [
				{value: 'FULL_EXPORT', label: 'Full export', hint: 'the whole table at one point in time'},
				{value: 'INCREMENTAL_EXPORT', label: 'Incremental export', hint: 'changes in a window of 15 min to 24 h'},
			];
		case 'incrementalMode':
			// Each table of a batch has its own last export: a batch exports one window for all.
			if (isBatch(state.draft)) return [{value: 'window', label: 'A window I choose…', hint: 'the same for every table of the batch (15 min to 24 h)'}];
			return [
				{value: 'since-last', label: 'Everything since the last export to this destination', hint: sinceLastHint(state)},
				{value: 'window', label: 'A window I choose…', hint: '15 min to 24 h'},
			];
		case 'timeMode': {
			const pitr = state.loaded.table.status === 'ready' ? state.loaded.table.value.pitr : undefined;
			return [
				{value: 'latest', label: 'Latest restorable time', hint: 'usually about 5 minutes ago'},
				{value: 'choose', label: 'A time I choose…', hint: pitr?.enabled ? 'inside the PITR window' : undefined},
			];
		}
		case 'viewType':
			return [
				{value: 'NEW_AND_OLD_IMAGES', label: 'New and old images'},
				{value: 'NEW_IMAGE', label: 'New image only'},
			];
	}
}

/** What a text question starts with (Enter accepts it). */
export function initialText(field: TextFieldId, state: WizardState): string {
	const {draft} = state;
	switch (field) {
		case 'region':
			return draft.region ?? '';
		case 'bucketOwner':
			return draft.bucketOwner ?? '';
		case 'prefix':
			return draft.prefix ?? (isBatch(draft) ? DEFAULT_BATCH_PREFIX : defaultPrefix(draft.table));
		case 'exportTime':
			return draft.exportTime ?? '';
		case 'incrementalFrom':
			return draft.incrementalFrom ?? '-1h';
		case 'incrementalTo':
			return draft.incrementalTo ?? 'now';
	}
}

/** A line of help shown above a text question, when there is one. */
export function textHint(field: TextFieldId, state: WizardState): string | undefined {
	if (field === 'exportTime' || field === 'incrementalFrom' || field === 'incrementalTo') {
		const pitr = state.loaded.table.status === 'ready' ? state.loaded.table.value.pitr : undefined;
		if (pitr?.enabled) return `PITR window: ${formatUtcMinute(pitr.earliest)} → ${formatUtcMinute(pitr.latest)}`;
		if (pitr && !pitr.enabled) return 'PITR is off for this table: the checks will offer to turn it on.';
	}
	if (field === 'region') return 'e.g. us-east-1, eu-west-1, ap-southeast-2';
	if (field === 'prefix' && isBatch(state.draft)) return '{table} {account} {region} {date} are replaced per table; {table}/ gives each its own folder.';
	if (field === 'prefix') return 'Objects go under s3://BUCKET/PREFIX/AWSDynamoDB/<export id>/';
	return undefined;
}

export function profileOptions(state: WizardState): ChoiceOption[] {
	const profiles = state.loaded.profiles;
	if (profiles.status !== 'ready') return [];
	return profiles.value.map((p) => ({
		value: p.name,
		label: p.name,
		hint: [p.kind === 'environment' ? 'environment variables' : p.kind, p.region].filter(Boolean).join(' · '),
	}));
}

/** Tables listed so far (the list may still be loading). */
export function tableOptions(state: WizardState): ChoiceOption[] {
	const tables = state.loaded.tables;
	const names = tables.status === 'ready' ? tables.value : tables.status === 'loading' ? (tables.partial ?? []) : [];
	return names.map((name) => ({value: name, label: name}));
}

/**
 * The wizard's own tables, then (several profiles chosen) those of the other profiles, each
 * with its account: the same name may be in several accounts.
 */
export function allTableOptions(state: WizardState): ChoiceOption[] {
	const own = tableOptions(state);
	const others = otherProfiles(state.draft);
	if (others.length === 0) return own;
	const account = state.loaded.identity.status === 'ready' ? state.loaded.identity.value.account : state.draft.profile;
	const options = own.map((o) => ({...o, hint: `${account} · ${state.draft.profile}`}));
	for (const profile of others) {
		const listed = state.otherTables?.[profile];
		if (listed?.status !== 'ready') continue;
		for (const name of listed.value.names) options.push({value: tableKey(profile, name), label: name, hint: `${listed.value.account} · ${profile}`});
	}
	return options;
}

/**
 * The tables once one is chosen with Space: each marked [x] or [ ], a chosen one with its
 * size (or that it is being read). Before that, the plain list of the single export.
 */
export function choosableTableOptions(state: WizardState): ChoiceOption[] {
	const options = allTableOptions(state);
	const chosen = new Set(state.draft.tables ?? []);
	if (chosen.size === 0) return options;
	return options.map((o) => {
		const on = chosen.has(o.value);
		const hint = on ? factsHint(state, o.value) : undefined;
		return {...o, label: `${on ? '[x]' : '[ ]'} ${o.label}`, hint: o.hint && hint ? `${o.hint} · ${hint}` : (hint ?? o.hint)};
	});
}

/** Other profiles' listings still going or failed, said under the count (several accounts). */
export function otherTablesLine(state: WizardState): string | undefined {
	const parts: string[] = [];
	for (const profile of otherProfiles(state.draft)) {
		const listed = state.otherTables?.[profile];
		if (!listed || listed.status === 'loading' || listed.status === 'idle') parts.push(`listing the tables of ${profile}…`);
		else if (listed.status === 'failed') parts.push(`${profile}: ${listed.problem.title}`);
	}
	return parts.length ? parts.join(' · ') : undefined;
}

/** The profiles, marked [x] or [ ] once one is chosen with Space (several accounts in one batch). */
export function choosableProfileOptions(state: WizardState): ChoiceOption[] {
	const options = profileOptions(state);
	const chosen = new Set(state.draft.profiles ?? []);
	if (chosen.size === 0) return options;
	return options.map((o) => ({...o, label: `${chosen.has(o.value) ? '[x]' : '[ ]'} ${o.label}`}));
}

function factsHint(state: WizardState, name: string): string {
	const facts = state.tableFacts?.[name];
	if (facts?.status === 'ready') {
		const size = facts.details.sizeBytes === undefined ? 'size unknown' : formatBytes(facts.details.sizeBytes);
		return facts.pitr && !facts.pitr.enabled ? `${size} · PITR off` : size;
	}
	return facts?.status === 'loading' ? 'size unknown (reading)' : 'size unknown';
}

/** "3 tables chosen · 1.2 GB (1 size unknown)": above the list once one is chosen. */
export function selectionLine(state: WizardState): string | undefined {
	const chosen = state.draft.tables ?? [];
	if (chosen.length === 0) return undefined;
	const {count, bytes, unknown} = selectionSummary(chosen, state.tableFacts ?? {});
	const size = unknown === count ? 'size unknown' : `${formatBytes(bytes)}${unknown ? ` + ${unknown} size${unknown === 1 ? '' : 's'} unknown` : ''}`;
	const what = count === 1 ? '1 table chosen' : `${count} tables chosen`;
	const enter = count === 1 ? 'Enter exports it' : 'Enter exports them as a batch';
	return `${what} · ${size} · ${enter}`;
}

/** Buckets of this account, then "Type a bucket name…". */
export function bucketOptions(state: WizardState): ChoiceOption[] {
	const buckets = state.loaded.buckets;
	const list = buckets.status === 'ready' ? buckets.value : buckets.status === 'loading' ? (buckets.partial ?? []) : [];
	const options = list.map((b) => ({value: b.name, label: b.name, hint: b.region}));
	// A bucket the plan names that is not among yours stays proposed: Enter must not fall to the first listed one.
	const planned = state.draft.bucket;
	if (buckets.status === 'ready' && planned && !list.some((b) => b.name === planned)) options.unshift({value: planned, label: planned, hint: 'from the plan; not among your buckets'});
	return [...options, {value: TYPE_IT, label: 'Type a bucket name…'}];
}

export interface KeyChoices {
	/** Which Region the keys are from, and why. */
	note: string;
	options: ChoiceOption[];
	/** The option proposed first: the current answer, else the first customer managed key. */
	defaultValue?: string;
}

export function keyOptions(state: WizardState): KeyChoices {
	const region = bucketRegionOf(state) ?? state.draft.region;
	const note = bucketRegionOf(state)
		? `Keys in ${region}, the bucket’s Region (a key must be in the bucket’s Region).`
		: `The bucket’s Region is not known; showing keys in ${region}. The key must be in the bucket’s Region.`;
	const keys = state.loaded.keys.status === 'ready' ? state.loaded.keys.value.keys : [];
	const crossAccount = state.draft.destination === 'other-account';
	const options: ChoiceOption[] = keys.map((k) => ({
		value: k.aliases[0] ?? k.arn,
		label: k.aliases[0] ?? k.keyId,
		hint: k.manager === 'AWS' ? (crossAccount ? 'AWS managed: cannot be granted to another account' : 'AWS managed') : k.keyId,
	}));
	// A key the plan names that is not listed (an ARN given as a flag, a key of another Region) stays proposed, first.
	const planned = state.draft.kmsKey;
	if (planned && !options.some((o) => o.value === planned) && !keys.some((k) => k.arn === planned || k.keyId === planned)) {
		const ref = validateKmsKeyRef(planned);
		// The key id whole (issue 12: ids are never cut), with the Region that keeps it off the list.
		const label = ref.ok && ref.value.keyId && ref.value.region ? `key ${ref.value.keyId} (${ref.value.region})` : planned;
		options.unshift({value: planned, label, hint: 'from the plan; not listed here'});
	}
	options.push({value: TYPE_IT, label: 'Paste a key ARN or alias…'});
	// Enter alone must not take another table's key: a key named for this table first, then
	// one named for no listed table, else typing one.
	const tables = tableOptions(state).map((o) => o.value);
	const customer = keys.filter((k) => k.manager !== 'AWS');
	const table = state.draft.table;
	const own = table ? customer.find((k) => keyNamesTable(k.aliases, table)) : undefined;
	const neutral = customer.find((k) => !otherTableOfKey(k.aliases, state.draft.table, tables));
	const proposed = own ?? neutral;
	const fallback = proposed ? (proposed.aliases[0] ?? proposed.arn) : customer.length > 0 ? TYPE_IT : undefined;
	return {note, options, defaultValue: state.draft.kmsKey ?? fallback};
}

/** What "since the last export" would export, in a few words, once the exports are read. */
function sinceLastHint(state: WizardState): string | undefined {
	const chain = draftChain(state.draft, state.loaded);
	if (!chain) return undefined;
	if (chain.status === 'loading') return 'looking…';
	if (chain.status === 'failed') return 'the exports could not be read';
	const plan = chain.chain;
	switch (plan.kind) {
		case 'chain': {
			const span = plan.windows[plan.windows.length - 1]!.to.getTime() - plan.windows[0]!.from.getTime();
			return `${chainDuration(span)}, ${plan.windows.length === 1 ? 'one export' : `${plan.windows.length} exports`}`;
		}
		case 'nothing-yet':
			return 'nothing new yet';
		case 'no-previous':
			return 'none found';
		case 'beyond-pitr':
			return 'the last one is older than PITR';
		case 'running':
			return 'one is still running';
		case 'pitr-off':
			return 'PITR is off';
	}
}

export function reviewOptions(state: WizardState): ChoiceOption[] {
	const chain = state.draft.exportType === 'INCREMENTAL_EXPORT' && state.draft.incrementalMode === 'since-last' ? draftChain(state.draft, state.loaded) : undefined;
	if (chain && !(chain.status === 'ready' && chain.chain.kind === 'chain')) {
		// Nothing to start: the way out, when there is one, and back.
		const offerFull = chain.status === 'ready' && chainWords(chain.chain, chain.base, new Date()).offerFull;
		return [
			...(offerFull ? [{value: 'full-instead', label: 'A full export to this destination instead', hint: 'it starts a new chain'}] : []),
			{value: 'back', label: 'Back'},
		];
	}
	return [
		{value: 'run-checks', label: 'Check the prerequisites, then export', hint: state.probe ? 'plus a test upload, aborted at once' : 'reads only; nothing is changed'},
		{value: 'back', label: 'Back'},
	];
}

/** What the checks will do that is more than reading, said before they run. */
export function probeNotice(state: WizardState, bucket: string, prefix: string): string | undefined {
	if (!state.probe) return undefined;
	return `The checks also start a test upload under s3://${bucket}/${prefix} and abort it at once, so nothing is left behind (--no-probe skips it).`;
}

/** What can be done once the checks have run. */
export function checksChoices(state: WizardState): Array<ChoiceOption & {value: ChecksChoice}> {
	const checks = state.checks;
	const choices: Array<ChoiceOption & {value: ChecksChoice}> = [];
	// Checks stopped by Ctrl-C did not finish: running them again comes first (Enter), not the export.
	const stopped = checks?.status === 'cancelled';
	if (stopped) choices.push({value: 'recheck', label: 'Run the checks again', hint: 'they were stopped before they finished'});
	if (checks?.overall !== 'failed') {
		const hint = stopped ? 'without the checks that did not finish' : checks?.overall === 'unknown' ? 'some checks could not tell' : undefined;
		const windows = state.chain?.windows.length ?? 1;
		choices.push({value: 'start', label: windows > 1 ? `Start the ${windows} exports, one after the other` : 'Start the export', hint});
	}
	for (const result of checks?.results ?? []) {
		if (result.status === 'passed' || !result.fix?.action) continue;
		const words = fixWords(result.fix.action);
		choices.push({value: `fix:${result.id}`, label: words.label, hint: words.hint});
	}
	if (checks?.results.some((r) => r.fix?.snippet)) {
		choices.push({value: 'policies', label: 'Show the policies that fix this', hint: 'ready to copy, save or apply'});
	}
	if (!stopped) choices.push({value: 'recheck', label: 'Run the checks again'});
	if (checks?.overall === 'failed') {
		choices.push({value: 'start-anyway', label: 'Start anyway: I understand it will probably fail'});
	}
	choices.push({value: 'back', label: 'Back to the review'});
	return choices;
}

/** What can be done when the export has ended (or could not start). */
export function finishedChoices(run: ExportRun): Array<ChoiceOption & {value: 'recheck' | 'quit'}> {
	return [
		...(run.status === 'failed' || run.status === 'start-failed'
			? [
					run.chain
						? {value: 'recheck' as const, label: 'Plan the rest of the chain again', hint: 'from this window, with a new client token'}
						: {value: 'recheck' as const, label: 'Run the checks again'},
				]
			: []),
		{value: 'quit', label: 'Quit'},
	];
}
