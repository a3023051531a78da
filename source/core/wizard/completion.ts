// After an export COMPLETED, without leaving the wizard: verify its files (as this
// profile or another, typically the bucket owner's), preview five items, and the
// `aws dynamodb import-table` command that loads it into a new table. This file holds
// which action is open and what each has found, and the pure transitions between them;
// the controller reads S3 (effects), the view draws what is here.

import {accountOf, parseTableArn} from '../arn.js';
import {exportDataFolder} from '../next-steps/export-data-folder.js';
import {importTableCommand} from '../next-steps/import-table-command.js';
import type {ExportPlan} from '../plan.js';
import type {ExportDescription, ProfileInfo} from '../ports.js';
import type {VerifyProgress} from '../verify/verify-export.js';
import type {VerifyReport} from '../verify/verdict.js';
import {ENVIRONMENT_PROFILE} from './fields.js';
import type {Effect, ExportRun, Problem, WizardState} from './state.js';

export type CompletionAction = 'verify' | 'preview' | 'import-table';

/** Items the preview reads. */
export const PREVIEW_ITEMS = 5;

/** Who read the files: the plan's own profile when `reader` is undefined. */
interface ReadAs {
	reader?: string;
}

export type VerifyState = ReadAs &
	(
		| {status: 'running'; progress?: VerifyProgress}
		| {status: 'done'; report: VerifyReport}
		/** Nothing could be told: the summary was refused or could not be read. */
		| {status: 'refused'; problem: Problem}
		| {status: 'stopped'}
	);

export type PreviewState = ReadAs &
	(
		| {status: 'reading'}
		/** `items`: one line of JSON each, as `read` prints them. */
		| {status: 'done'; items: string[]}
		| {status: 'refused'; problem: Problem}
		| {status: 'stopped'}
	);

export interface CompletionState {
	/** The action shown instead of the summary; none: the summary and its menu. */
	open?: CompletionAction;
	/** Choosing the profile to read the files as, for this action. */
	picking?: 'verify' | 'preview';
	verify?: VerifyState;
	preview?: PreviewState;
	/** Accounts of profiles whose configuration does not say (GetCallerIdentity with each, asked when the question opens). */
	accounts?: Record<string, string | 'asking' | 'unknown'>;
}

export type CompletionEvent =
	/** Opens an action (starting it if it has not run as `reader`); `reader` null: the plan's own profile. */
	| {type: 'completion-open'; action: CompletionAction; reader?: string | null}
	/** Back to the summary (Esc). */
	| {type: 'completion-close'}
	/** Choose the profile to read as (o); cancelled with `completion-open` of the same action. */
	| {type: 'completion-pick'; action: 'verify' | 'preview'}
	| {type: 'completion-account'; profile: string; account?: string}
	| {type: 'verify-progress'; progress: VerifyProgress}
	| {type: 'verify-finished'; report?: VerifyReport; problem?: Problem; stopped?: boolean}
	| {type: 'preview-finished'; items?: string[]; problem?: Problem; stopped?: boolean};

export const isCompletionEvent = (event: {type: string}): event is CompletionEvent =>
	event.type.startsWith('completion-') || event.type === 'verify-progress' || event.type === 'verify-finished' || event.type === 'preview-finished';

/** The choices of the completion screen's menu, before Quit. */
export function completionChoices(run: ExportRun): Array<{value: CompletionAction; label: string; hint?: string}> {
	if (run.status !== 'completed' || !run.description?.exportManifest) return [];
	const choices: Array<{value: CompletionAction; label: string; hint?: string}> = [
		{value: 'verify', label: 'Verify the files now', hint: 'checksums and item counts'},
		{value: 'preview', label: `Preview ${PREVIEW_ITEMS} items`, hint: 'as plain JSON'},
	];
	if (run.description.exportType !== 'INCREMENTAL_EXPORT') choices.push({value: 'import-table', label: 'Load it into a new table', hint: 'aws dynamodb import-table'});
	return choices;
}

/** The exported table's name, from the plan's table ARN. */
const tableOf = (plan: ExportPlan): string => parseTableArn(plan.tableArn)?.table ?? plan.tableArn;

function completedRun(state: WizardState): ExportRun | undefined {
	return state.phase.kind === 'export' && state.phase.run.status === 'completed' && state.phase.run.description ? state.phase.run : undefined;
}

function withCompletion(state: WizardState, run: ExportRun, completion: CompletionState): WizardState {
	return {...state, phase: {kind: 'export', run: {...run, completion}}};
}

/** The profile the plan reads with, as a name (the environment's credentials have none). */
function ownProfile(plan: ExportPlan): string | undefined {
	return plan.profile === ENVIRONMENT_PROFILE ? undefined : plan.profile;
}

/** An action's work for the controller: verify or preview, as `reader` (undefined: the plan's own profile). */
function workEffect(run: ExportRun, action: 'verify' | 'preview', reader: string | undefined): Effect {
	const description = run.description!;
	return action === 'verify'
		? {type: 'verify-export', description, plan: run.plan, reader}
		: {type: 'preview-items', description, plan: run.plan, reader, limit: PREVIEW_ITEMS};
}

export function completionTransition(state: WizardState, event: CompletionEvent): {state: WizardState; effects: Effect[]} {
	const run = completedRun(state);
	if (!run) return {state, effects: []};
	const current = run.completion ?? {};
	switch (event.type) {
		case 'completion-open': {
			const opened: CompletionState = {...current, open: event.action, picking: undefined};
			if (event.action === 'import-table') {
				// The table's key schema comes from DescribeTable, read at step 2 unless the table was given.
				const table = state.loaded.table;
				const known = table.status === 'ready' && table.value.name === tableOf(run.plan);
				return {state: withCompletion(state, run, opened), effects: known || table.status === 'loading' ? [] : [{type: 'load-table', name: tableOf(run.plan)}]};
			}
			const previous = current[event.action];
			const busy = previous?.status === 'running' || previous?.status === 'reading';
			// Opened again from the menu: what was found is shown, not read again (o and a profile read again).
			if (busy || (event.reader === undefined && previous && previous.status !== 'stopped')) return {state: withCompletion(state, run, opened), effects: []};
			// A profile chosen for the other action is the one to read with (the owner's, across accounts).
			const chosen = previous?.reader ?? current[event.action === 'verify' ? 'preview' : 'verify']?.reader;
			const reader = event.reader === undefined ? chosen : event.reader === null || event.reader === ownProfile(run.plan) ? undefined : event.reader;
			const started: CompletionState =
				event.action === 'verify' ? {...opened, verify: {status: 'running', reader}} : {...opened, preview: {status: 'reading', reader}};
			return {state: withCompletion(state, run, started), effects: [workEffect(run, event.action, reader)]};
		}
		case 'completion-close':
			return {state: withCompletion(state, run, {...current, open: undefined, picking: undefined}), effects: []};
		case 'completion-pick': {
			// Which account each profile reaches decides whose is proposed: asked once, MFA profiles left out (they would stop for a code).
			const profiles = state.loaded.profiles.status === 'ready' ? state.loaded.profiles.value : [];
			const ask = profilesToAsk(profiles, run.plan.profile ?? ENVIRONMENT_PROFILE, (name) => current.accounts?.[name] !== undefined);
			const accounts = {...current.accounts, ...Object.fromEntries(ask.map((name) => [name, 'asking' as const]))};
			return {state: withCompletion(state, run, {...current, open: event.action, picking: event.action, accounts}), effects: ask.map((profile) => ({type: 'profile-account' as const, profile}))};
		}
		case 'completion-account':
			return {state: withCompletion(state, run, {...current, accounts: {...current.accounts, [event.profile]: event.account ?? 'unknown'}}), effects: []};
		case 'verify-progress':
			if (current.verify?.status !== 'running') return {state, effects: []};
			return {state: withCompletion(state, run, {...current, verify: {...current.verify, progress: event.progress}}), effects: []};
		case 'verify-finished': {
			if (current.verify?.status !== 'running') return {state, effects: []};
			const reader = current.verify.reader;
			const verify: VerifyState = event.report
				? {status: 'done', reader, report: event.report}
				: event.stopped
					? {status: 'stopped', reader}
					: {status: 'refused', reader, problem: event.problem ?? {title: 'The export could not be verified.'}};
			return {state: withCompletion(state, run, {...current, verify}), effects: []};
		}
		case 'preview-finished': {
			if (current.preview?.status !== 'reading') return {state, effects: []};
			const reader = current.preview.reader;
			const preview: PreviewState = event.items
				? {status: 'done', reader, items: event.items}
				: event.stopped
					? {status: 'stopped', reader}
					: {status: 'refused', reader, problem: event.problem ?? {title: 'The items could not be read.'}};
			return {state: withCompletion(state, run, {...current, preview}), effects: []};
		}
	}
}

/** Ctrl-C while files are read: the reading stops (the next Ctrl-C quits). Undefined when nothing is being read. */
export function stopCompletionWork(state: WizardState): WizardState | undefined {
	const run = completedRun(state);
	const completion = run?.completion;
	if (!run || !completion) return undefined;
	const verifying = completion.verify?.status === 'running';
	const previewing = completion.preview?.status === 'reading';
	if (!verifying && !previewing) return undefined;
	return withCompletion(state, run, {
		...completion,
		verify: verifying ? {status: 'stopped', reader: completion.verify!.reader} : completion.verify,
		preview: previewing ? {status: 'stopped', reader: completion.preview!.reader} : completion.preview,
	});
}

/** The account that owns the export's files when it is not the exporting one (another account's bucket). */
export function ownerAccount(run: ExportRun): string | undefined {
	const owner = run.description?.s3BucketOwner ?? run.plan.bucketOwner;
	const exporter = accountOf(run.description?.exportArn);
	return owner && owner !== exporter ? owner : undefined;
}

/** The account a profile reaches, when its configuration says so (a role's or SSO account). */
export function profileAccount(profile: ProfileInfo): string | undefined {
	return profile.ssoAccountId ?? accountOf(profile.roleArn);
}

/**
 * The profiles whose account only GetCallerIdentity can tell, asked all at once so that the
 * owner's profile can be proposed: not those whose configuration names it, not the own one
 * (its identity is known), not MFA ones (they would stop for a code), not those `asked` already.
 * The verify picker and the apply pickers use it alike.
 */
export function profilesToAsk(profiles: ProfileInfo[], own: string, asked: (name: string) => boolean): string[] {
	return profiles.filter((p) => !profileAccount(p) && !p.mfaSerial && p.name !== own && !asked(p.name)).map((p) => p.name);
}

/** Profiles to read the files as: the plan's own first, each with what is known of its account; the owner's proposed. */
export function readerChoices(state: WizardState, run: ExportRun): {options: Array<{value: string; label: string; hint?: string}>; proposed: string} {
	const own = run.plan.profile ?? ENVIRONMENT_PROFILE;
	const profiles = state.loaded.profiles.status === 'ready' ? state.loaded.profiles.value : [];
	const ordered = [...profiles.filter((p) => p.name === own), ...profiles.filter((p) => p.name !== own)];
	if (!ordered.some((p) => p.name === own)) ordered.unshift({name: own, kind: 'unknown'});
	const owner = ownerAccount(run);
	const ownAccount = state.loaded.identity.status === 'ready' ? state.loaded.identity.value.account : undefined;
	const asked = run.completion?.accounts ?? {};
	const accountOfProfile = (p: ProfileInfo): string | undefined => {
		const answer = asked[p.name];
		return profileAccount(p) ?? (p.name === own ? ownAccount : answer !== 'asking' && answer !== 'unknown' ? answer : undefined);
	};
	const options = ordered.map((p) => {
		const account = accountOfProfile(p);
		const hints = [
			p.name === own ? 'this profile (the exporter)' : undefined,
			account ? `account ${account}${account === owner ? ' (owns the files)' : ''}` : asked[p.name] === 'asking' ? 'account: asking…' : undefined,
		];
		return {value: p.name, label: p.name, hint: hints.filter(Boolean).join(' · ') || undefined};
	});
	const proposed = (owner ? ordered.find((p) => accountOfProfile(p) === owner)?.name : undefined) ?? own;
	return {options, proposed};
}

/** Across accounts, as the exporter: why the files cannot be read, and whose profile can (said before any reading is tried again). */
export function readerAdvice(run: ExportRun, reader: string | undefined): string | undefined {
	const owner = ownerAccount(run);
	if (!owner || reader !== undefined) return undefined;
	return `Account ${owner} owns these files (the bucket is its), so this account usually cannot read them back, which is expected. Press o and choose a profile of account ${owner} to read them as the owner.`;
}

export type ImportTableText = {ok: true; command: string; table: string; note?: string} | {ok: false; reason: string} | {loading: true};

/** The import-table command for the completed export, from its description and the table's DescribeTable. */
export function importTableText(state: WizardState, run: ExportRun): ImportTableText {
	const description = run.description as ExportDescription;
	const table = state.loaded.table;
	if (table.status === 'loading' || table.status === 'idle') return {loading: true};
	if (table.status === 'failed') return {ok: false, reason: `DescribeTable ${tableOf(run.plan)} failed: ${table.problem.title}`};
	if (table.value.name !== tableOf(run.plan)) return {loading: true};
	const folder = exportDataFolder(description);
	if ('problem' in folder) return {ok: false, reason: folder.problem};
	const reader = run.completion?.verify?.reader ?? run.completion?.preview?.reader;
	const profile = reader ?? ownProfile(run.plan);
	const result = importTableCommand({description, table: table.value.details, folder, profile, region: run.plan.region});
	if (!result.ok) return {ok: false, reason: result.reason};
	const owner = ownerAccount(run);
	const note = owner
		? reader
			? `ImportTable reads the files as the caller: here as ${reader}, the profile the files were read with. The new table is made in that profile's account.`
			: `ImportTable reads the files as the caller, and account ${owner} owns them: run it with a profile of account ${owner} (the new table is made there), or have it grant this account read access first.`
		: undefined;
	return {ok: true, command: result.command, table: result.newTableName, note};
}
