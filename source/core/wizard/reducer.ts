// The wizard's pure transition function: (state, event) → (state, effects).
// All I/O is described by the returned effects and carried out by controller.ts,
// which feeds the answers back as events. Tested without Ink or AWS.

import {changesAws, planWithFix, recheckAfter, type InPlaceFix} from '../checks/in-place-fix.js';
import type {CheckResult} from '../checks/types.js';
import type {ExportPlan} from '../plan.js';
import type {ExportDescription} from '../ports.js';
import {initialTokens, retireToken} from './client-token.js';
import {entryWarning} from './entry-warnings.js';
import {validateAccountId} from '../validate.js';
import {duplicateChosen, recentExportFound, startChosen} from './export-start.js';
import {chainForChecks, chainLoadEffect, nextWindow, startChain} from './chain-start.js';
import {applyAnswer} from './field-rules.js';
import {MFA_FORMAT, mfaCanRetry, mfaCodeTyped, mfaLoadFailed, mfaNeeded} from './mfa.js';
import {fieldsFor, nextField, previousField, STEP_OF, type Draft, type FieldId, type StepId} from './fields.js';
import {planFromDraft} from './plan-from-draft.js';
import {completionTransition, isCompletionEvent, stopCompletionWork} from './completion.js';
import {
	factsLoading,
	factsStopped,
	keepChosenProfiles,
	otherProfiles,
	otherTablesListed,
	profileToggled,
	tableFactsRead,
	tablesToggled,
	tableToggled,
} from './selection-transitions.js';
import {isBatch} from './table-selection.js';
import {makingBatch} from './batch-draft.js';
import {
	batchChecksFailed,
	batchChecksReported,
	batchChosen,
	batchInterrupted,
	batchPitrDone,
	batchProgressed,
	batchQuit,
	batchReviewed,
	batchRunFailed,
} from './batch-transitions.js';
import {
	initialLoaded,
	knownBucketRegion,
	type ChecksChoice,
	type Effect,
	type ExportRun,
	type Loaded,
	type Problem,
	type WizardEvent,
	type WizardState,
} from './state.js';

export interface WizardSettings {
	/** Delay before each DescribeExport poll; the last value repeats. */
	pollScheduleMs: number[];
}

/** 2 s, 3 s, then every 5 s: completion shows within 5 s, at most 13 calls a minute. */
export const DEFAULT_SETTINGS: WizardSettings = {pollScheduleMs: [2000, 3000, 5000]};

export interface Transition {
	state: WizardState;
	effects: Effect[];
}

/** `clientToken`: the first plan's token (--client-token's, or one the controller made). */
export function initialState(options: {defaults?: Partial<Draft>; given?: Partial<Draft>; probe?: boolean; clientToken?: string} = {}): Transition {
	const given = options.given ?? {};
	const state: WizardState = {
		phase: {kind: 'asking', field: 'profile'},
		draft: {...options.defaults, ...given},
		given,
		probe: options.probe ?? true,
		loaded: {...initialLoaded(), profiles: {status: 'loading'}},
		tokens: initialTokens(options.clientToken ?? ''),
	};
	return {state, effects: [{type: 'load-profiles'}]};
}

function pollDelay(settings: WizardSettings, polls: number): number {
	const schedule = settings.pollScheduleMs;
	return schedule[Math.min(polls, schedule.length - 1)] ?? 5000;
}

/** Loads whose answers depend on the credentials (profile + Region). */
const CREDENTIAL_BOUND: Array<keyof Loaded> = ['identity', 'tables', 'table', 'buckets', 'bucketRegion', 'keys', 'chain'];

function resetCredentialBound(loaded: Loaded): Loaded {
	const fresh = initialLoaded();
	const next = {...loaded};
	for (const key of CREDENTIAL_BOUND) (next as Record<string, unknown>)[key] = fresh[key];
	return next;
}

function isRunning(state: WizardState): boolean {
	if (state.checks?.status === 'running' || state.checks?.fixing) return true;
	if (state.phase.kind === 'export' && (state.phase.run.status === 'starting' || state.phase.run.status === 'watching')) return true;
	if (factsLoading(state)) return true;
	return Object.values(state.loaded).some((remote) => remote.status === 'loading');
}

/** Effects needed when the wizard arrives at `field`. */
function arrivalEffects(state: WizardState, field: FieldId, now = new Date()): Effect[] {
	const {loaded, draft} = state;
	const effects: Effect[] = [];
	// "Since the last export" is offered with what it would export: the exports are read when it is asked, and again at the review if the destination changed.
	// A batch's tables each have their own last export: no chain is offered for a batch (field-options.ts).
	if (!isBatch(draft) && (field === 'incrementalMode' || (field === 'review' && draft.exportType === 'INCREMENTAL_EXPORT' && draft.incrementalMode === 'since-last'))) {
		const effect = chainLoadEffect(state, now);
		if (effect) effects.push(effect);
	}
	if (field === 'table') {
		if (loaded.identity.status === 'idle') effects.push({type: 'load-identity'});
		if (loaded.tables.status === 'idle') effects.push({type: 'load-tables'});
		for (const profile of otherProfiles(draft)) if (!state.otherTables?.[profile]) effects.push({type: 'load-other-tables', profile});
	}
	if (field === 'bucket' && draft.destination !== 'other-account' && loaded.buckets.status === 'idle') {
		effects.push({type: 'load-buckets'});
	}
	// The review shows the token a start would send: a new plan's is made now, not ahead.
	if (field === 'review' && !state.tokens?.next) effects.push({type: 'make-token'});
	// A batch's review shows its command with the batch token the run will send.
	if (field === 'review' && makingBatch(state) && !state.batchToken) effects.push({type: 'make-batch-token'});
	if (field === 'kmsKey') {
		const region = bucketRegionOf(state) ?? draft.region;
		if (region && !(loaded.keys.status === 'ready' && loaded.keys.value.region === region) && loaded.keys.status !== 'loading') {
			effects.push({type: 'load-keys', region});
		}
	}
	return effects;
}

export function bucketRegionOf(state: WizardState): string | undefined {
	return knownBucketRegion(state.loaded, state.draft.bucket);
}

/** Moves to `field`, skipping fields given on the command line (unless they are invalid). */
function arrive(state: WizardState, field: FieldId, now: Date, effects: Effect[] = []): Transition {
	let current = field;
	let next: WizardState = {...state, phase: {kind: 'asking', field: current}, fieldError: undefined, fieldWarning: undefined};
	const given = state.given as Record<string, string | undefined>;
	// Given fields are answered automatically; stop at the first one that fails its rule.
	while (current !== 'review' && given[current] !== undefined && !blockedByLoad(next, current)) {
		const outcome = applyAnswer(current, given[current]!, next.draft, next.loaded, now);
		if (!outcome.ok) {
			next = {...next, fieldError: outcome.message};
			break;
		}
		const answered = answeredEffects(next, current, outcome.patch);
		next = {...answered.state, draft: {...answered.state.draft, ...outcome.patch}};
		effects.push(...answered.effects, ...arrivalEffects(next, current));
		current = nextField(next.draft, current);
		next = {...next, phase: {kind: 'asking', field: current}};
	}
	return {state: next, effects: [...effects, ...arrivalEffects(next, current)]};
}

/** A field cannot be answered while what it depends on is not known. */
function blockedByLoad(state: WizardState, field: FieldId): Problem | undefined {
	if (field === 'table' || field === 'destination') {
		const identity = state.loaded.identity;
		if (identity.status === 'failed') return identity.problem;
		if (identity.status !== 'ready' && field === 'table') return {title: 'Still checking who you are…'};
	}
	return undefined;
}

/** State changes and effects caused by answering `field` with `patch`. */
function answeredEffects(state: WizardState, field: FieldId, patch: Partial<Draft>): Transition {
	const effects: Effect[] = [];
	let next = state;
	const changed = (key: keyof Draft) => patch[key] !== undefined && patch[key] !== state.draft[key];
	if (field === 'profile' && changed('profile')) {
		next = {...next, loaded: resetCredentialBound(next.loaded), ...forgetChosenTables(next)};
	}
	if (field === 'profile' && state.given.region === undefined) {
		// Follow the chosen profile's Region unless the user already answered the Region.
		const profiles = next.loaded.profiles.status === 'ready' ? next.loaded.profiles.value : [];
		const region = profiles.find((p) => p.name === patch.profile)?.region;
		if (region && (changed('profile') || !next.draft.region)) next = {...next, draft: {...next.draft, region}};
	}
	if (field === 'region' && changed('region')) {
		next = {...next, loaded: resetCredentialBound(next.loaded), ...forgetChosenTables(next)};
	}
	const tableReady = next.loaded.table.status === 'ready' && next.loaded.table.value.name === patch.table;
	if (field === 'table' && !tableReady && (changed('table') || next.loaded.table.status === 'idle' || next.loaded.table.status === 'failed')) {
		next = {...next, loaded: {...next.loaded, table: {status: 'loading'}}};
		effects.push({type: 'load-table', name: patch.table!});
	}
	if (field === 'bucket' || field === 'bucketOwner') {
		const bucket = patch.bucket ?? next.draft.bucket;
		const owner = next.draft.destination === 'other-account' ? (patch.bucketOwner ?? next.draft.bucketOwner) : undefined;
		// A bucket listed with its Region needs no lookup.
		const listed =
			next.draft.destination !== 'other-account' && next.loaded.buckets.status === 'ready'
				? next.loaded.buckets.value.find((b) => b.name === bucket && b.region)
				: undefined;
		if (listed?.region) {
			next = {...next, loaded: {...next.loaded, bucketRegion: {status: 'ready', value: {bucket: bucket!, region: listed.region}}}};
		} else if (bucket && (field === 'bucketOwner' || next.draft.destination !== 'other-account')) {
			next = {...next, loaded: {...next.loaded, bucketRegion: {status: 'loading'}}};
			effects.push({type: 'load-bucket-region', bucket, owner});
		}
	}
	return {state: next, effects};
}

/** Tables chosen in another account or Region are not this one's: the choice starts again. */
function forgetChosenTables(state: WizardState): Pick<WizardState, 'draft' | 'tableFacts' | 'otherTables'> {
	return {draft: {...state.draft, tables: undefined}, tableFacts: undefined, otherTables: undefined};
}

function answer(state: WizardState, value: string, now: Date, options: {tableRead?: boolean} = {}): Transition {
	if (state.phase.kind !== 'asking') return {state, effects: []};
	const field = state.phase.field;
	const blocked = blockedByLoad(state, field);
	if (blocked) return {state: {...state, fieldError: blocked.title}, effects: []};
	// Several profiles chosen with Space: the first is the wizard's own, wherever the highlight is.
	if (field === 'profile' && state.draft.profiles?.length) value = state.draft.profiles[0]!;
	if (field === 'table') {
		const chosen = state.draft.tables ?? [];
		// Several chosen: a batch, whatever is highlighted; the tables were read when chosen.
		if (isBatch(state.draft)) {
			// A single export's prefix (no placeholder) would put every table in one folder: {table}/ is proposed instead.
			const prefix = state.draft.prefix?.includes('{') ? state.draft.prefix : undefined;
			return arrive({...state, draft: {...state.draft, prefix}, fieldError: undefined, fieldWarning: undefined}, nextField(state.draft, field), now);
		}
		// One chosen with Space: that one is the answer, wherever the highlight went.
		if (chosen.length === 1 && !options.tableRead) value = chosen[0]!;
	}
	if (field === 'review' && value === 'back') return back(state);
	if (field === 'review' && makingBatch(state)) return batchReviewed(state, now);
	if (field === 'review' && value === 'reload-chain') {
		const effect = chainLoadEffect({...state, loaded: {...state.loaded, chain: {status: 'idle'}}}, now);
		return {state: {...state, fieldError: undefined}, effects: effect ? [effect] : []};
	}
	const outcome = applyAnswer(field, value, state.draft, state.loaded, now);
	if (!outcome.ok) {
		// Keep what was typed so the user can correct it rather than retype it.
		return {state: {...state, draft: {...state.draft, [field]: value}, fieldError: outcome.message, fieldWarning: undefined}, effects: []};
	}
	if (field === 'table' && !options.tableRead) {
		const waiting = awaitTable(state, outcome.patch.table!);
		if (waiting) return waiting;
	}
	const warning = entryWarning(state, field, outcome.patch);
	if (warning && !(state.fieldWarning?.field === field && state.fieldWarning.value === value)) {
		return {state: {...state, fieldError: undefined, fieldWarning: {field, value, text: warning}}, effects: []};
	}
	const answered = answeredEffects(state, field, outcome.patch);
	const next: WizardState = {...answered.state, draft: {...answered.state.draft, ...outcome.patch}, fieldError: undefined, fieldWarning: undefined};
	// "A full export instead" (no chain to continue): the review of that full export.
	if (field === 'review' && value === 'full-instead') return arrive(next, 'review', now, answered.effects);
	if (field === 'review') {
		const plan = planFromDraft(next.draft, next.loaded, now);
		if (!plan) return {state: {...next, fieldError: 'The plan is incomplete: go back and fill in the missing fields.'}, effects: []};
		return {
			state: {...next, chain: chainForChecks(next, now), phase: {kind: 'checks', plan}, checks: {status: 'running', results: []}},
			effects: [...answered.effects, {type: 'run-checks', plan}],
		};
	}
	// Several profiles chosen: tables chosen in a profile no longer chosen are let go.
	const kept = field === 'profile' ? keepChosenProfiles(next) : next;
	return arrive(kept, nextField(kept.draft, field), now, answered.effects);
}

/**
 * A table is taken once DescribeTable has answered for it, so that a name that does not
 * exist (or a table with PITR off) is said at the Table step. Undefined when it has answered.
 */
function awaitTable(state: WizardState, name: string): Transition | undefined {
	const remote = state.loaded.table;
	if (remote.status === 'ready' && remote.value.name === name) return undefined;
	if (remote.status === 'loading' && state.pendingAnswer?.value === name) return {state, effects: []};
	return {
		state: {...state, pendingAnswer: {field: 'table', value: name}, fieldError: undefined, fieldWarning: undefined, loaded: {...state.loaded, table: {status: 'loading'}}},
		effects: [{type: 'load-table', name}],
	};
}

/** DescribeTable answered for a table waiting at its step: take it, or say why not. */
function tableAnswered(state: WizardState, failure: Problem | undefined, now: Date): Transition {
	const pending = state.pendingAnswer!;
	const next = {...state, pendingAnswer: undefined};
	if (next.phase.kind !== 'asking' || next.phase.field !== 'table') return {state: next, effects: []};
	if (failure && /^(TableNotFoundException|ResourceNotFoundException)$/.test(failure.code ?? '')) {
		const account = next.loaded.identity.status === 'ready' ? ` of account ${next.loaded.identity.value.account}` : '';
		const error = `Table: there is no table named ${pending.value} in ${next.draft.region}${account}. Check the name, or go back (Esc) to change the Region or the profile.`;
		return {state: {...next, fieldError: error}, effects: []};
	}
	// Other failures (DescribeTable refused…) do not stop the wizard: the checks say what they mean.
	return answer(next, pending.value, now, {tableRead: true});
}

function back(state: WizardState): Transition {
	const phase = state.phase;
	if (phase.kind === 'asking') {
		let field: FieldId | undefined = previousField(state.draft, phase.field);
		const given = state.given as Record<string, unknown>;
		while (field && given[field] !== undefined) field = previousField(state.draft, field);
		if (!field) return {state: {...state, fieldError: undefined}, effects: []};
		return {state: {...state, phase: {kind: 'asking', field}, fieldError: undefined, fieldWarning: undefined, pendingAnswer: undefined}, effects: arrivalEffects(state, field)};
	}
	if (phase.kind === 'checks' && state.checks?.status !== 'running') {
		return {state: {...state, phase: {kind: 'asking', field: 'review'}}, effects: []};
	}
	if (phase.kind === 'policies') {
		return {state: {...state, phase: {kind: 'checks', plan: phase.plan}}, effects: []};
	}
	if (phase.kind === 'batch-checks' && state.batch?.checks.status !== 'running') {
		return {state: {...state, phase: {kind: 'asking', field: 'review'}}, effects: []};
	}
	return {state, effects: []};
}

/** From the review, straight to the first question of `step` that was not given as a flag. */
function edit(state: WizardState, step: StepId): Transition {
	if (state.phase.kind !== 'asking' || state.phase.field !== 'review') return {state, effects: []};
	const given = state.given as Record<string, unknown>;
	const field = fieldsFor(state.draft).find((f) => STEP_OF[f] === step && given[f] === undefined);
	if (!field) return {state, effects: []};
	return {state: {...state, phase: {kind: 'asking', field}, fieldError: undefined}, effects: arrivalEffects(state, field)};
}

/** After Ctrl-C while watching: the export keeps running; a chain's later windows were not started. */
function stoppedWatchingNotice(run: ExportRun): string {
	const chain = run.chain;
	const rest = chain ? chain.windows.length - chain.index - 1 : 0;
	if (!chain || rest === 0) return 'Stopped watching. The export keeps running on AWS.';
	return `Stopped watching. Window ${chain.index + 1} keeps running on AWS; the ${rest === 1 ? 'window' : `${rest} windows`} after it ${rest === 1 ? 'was' : 'were'} not started: "Everything since the last export" again continues the chain.`;
}

function interrupt(state: WizardState): Transition {
	const batch = batchInterrupted(state);
	if (batch) return batch;
	const phase = state.phase;
	if (phase.kind === 'export' && phase.run.status === 'watching') {
		const arn = phase.run.description?.exportArn;
		return {
			state: {
				...state,
				phase: {kind: 'export', run: {...phase.run, status: 'detached', retrying: undefined}},
				notice: arn ? stoppedWatchingNotice(phase.run) : undefined,
				quitArmed: true,
			},
			effects: [{type: 'cancel'}],
		};
	}
	if (phase.kind === 'export' && phase.run.status === 'looking') {
		return {
			state: {
				...state,
				phase: {
					kind: 'export',
					run: {...phase.run, status: 'start-failed', problem: {title: 'Stopped before the export was started: nothing was started.'}},
				},
				quitArmed: true,
			},
			effects: [{type: 'cancel'}],
		};
	}
	if (phase.kind === 'export' && phase.run.status === 'starting') {
		return {
			state: {
				...state,
				phase: {
					kind: 'export',
					run: {
						...phase.run,
						status: 'start-failed',
						problem: {
							title: 'Stopped while starting the export.',
							cause: 'The request may have reached AWS before it was cancelled, so the export may be running.',
							fix: `Look with \`ddb-export list\`; starting again with --client-token ${phase.run.clientToken} cannot start a second export.`,
						},
					},
				},
				quitArmed: true,
			},
			effects: [{type: 'cancel'}],
		};
	}
	const stopped = stopCompletionWork(state);
	if (stopped) return {state: {...stopped, notice: 'Stopped reading the files. Press Ctrl-C again to quit.', quitArmed: true}, effects: [{type: 'cancel'}]};
	if (isRunning(state)) {
		const loaded = {...state.loaded};
		for (const [key, remote] of Object.entries(loaded)) {
			if (remote.status === 'loading') {
				(loaded as Record<string, unknown>)[key] = {
					status: 'failed',
					problem: {title: 'Stopped (Ctrl-C).', fix: 'Press r to try again, or Esc to go back.'},
				};
			}
		}
		const tableFacts = factsStopped(state);
		const checks = state.checks?.status === 'running' || state.checks?.fixing
			? {...state.checks, status: 'cancelled' as const, fixing: undefined, results: state.checks.results.map(stoppedResult)}
			: state.checks;
		return {state: {...state, loaded, tableFacts, checks, notice: 'Stopped. Press Ctrl-C again to quit.', quitArmed: true}, effects: [{type: 'cancel'}]};
	}
	if (state.quitArmed) return exit(state, 130);
	return {state: {...state, quitArmed: true, notice: 'Press Ctrl-C again to quit.'}, effects: []};
}

/** A check that was waiting or running when Ctrl-C stopped the run: not known (no spinner left spinning). */
export function stoppedResult(result: CheckResult): CheckResult {
	if (result.status !== 'running' && result.status !== 'pending') return result;
	return {...result, status: 'unknown', summary: 'Stopped (Ctrl-C) before it finished.', cause: undefined};
}

function exit(state: WizardState, code: number): Transition {
	return {state: {...state, phase: {kind: 'exit', code}}, effects: [{type: 'cancel'}, {type: 'exit', code}]};
}

function exitCodeOf(run: ExportRun): number {
	if (run.status === 'completed' || run.status === 'detached') return 0;
	return 1;
}

function exportPolled(state: WizardState, description: ExportDescription, at: number, settings: WizardSettings): Transition {
	const phase = state.phase;
	if (phase.kind !== 'export' || (phase.run.status !== 'watching' && phase.run.status !== 'starting')) return {state, effects: []};
	const run: ExportRun = {...phase.run, description, lastPollAt: at, polls: phase.run.polls + 1, retrying: undefined};
	if (description.status === 'COMPLETED') {
		const next = nextWindow(state, run, description, new Date(at));
		if (next) return next;
		return {state: {...state, phase: {kind: 'export', run: {...run, status: 'completed'}}}, effects: [{type: 'read-manifest', description}]};
	}
	if (description.status === 'FAILED') {
		return {
			state: {...state, tokens: retireToken(state.tokens, run.plan), phase: {kind: 'export', run: {...run, status: 'failed', reread: {status: 'reading'}}}},
			effects: [{type: 'reread-after-failure', plan: run.plan}],
		};
	}
	return {
		state: {...state, phase: {kind: 'export', run: {...run, status: 'watching'}}},
		effects: [{type: 'poll-export', exportArn: description.exportArn, delayMs: pollDelay(settings, run.polls)}],
	};
}

function setLoaded(state: WizardState, key: keyof Loaded, remote: Loaded[keyof Loaded]): WizardState {
	return {...state, loaded: {...state.loaded, [key]: remote}, retrying: undefined} as WizardState;
}

export function transition(state: WizardState, event: WizardEvent, now = new Date(), settings = DEFAULT_SETTINGS): Transition {
	const quiet = {...state, quitArmed: false, notice: undefined};
	switch (event.type) {
		case 'answer':
			return answer(quiet, event.value, now);
		case 'back':
			return back(quiet);
		case 'edit':
			return edit(quiet, event.step);
		case 'interrupt':
			return interrupt(state);
		case 'retry': {
			const effect = retryEffect(state, event.key);
			if (!effect) return {state, effects: []};
			return {state: setLoaded(quiet, event.key, {status: 'loading'}), effects: [effect]};
		}
		case 'loading':
			return {state: setLoaded(state, event.key, {status: 'loading'}), effects: []};
		case 'page': {
			const current = state.loaded[event.key];
			const partial = current.status === 'loading' && current.partial ? current.partial : [];
			return {
				state: setLoaded(state, event.key, {status: 'loading', partial: [...partial, ...event.items]} as Loaded[typeof event.key]),
				effects: [],
			};
		}
		case 'loaded': {
			let next = setLoaded(state, event.key, {status: 'ready', value: event.value} as Loaded[typeof event.key]);
			// Credentials worked: the codes are done with.
			if (event.key === 'identity') next = {...next, mfaRound: undefined};
			if (event.key === 'table' && state.pendingAnswer && (event.value as {name?: string}).name === state.pendingAnswer.value) {
				return tableAnswered(next, undefined, now);
			}
			if (event.key === 'profiles') {
				next = withDefaultProfile(next);
				// A profile given as a flag is applied (and checked against the list) at once.
				if (next.phase.kind === 'asking' && next.phase.field === 'profile' && next.given.profile !== undefined) return arrive(next, 'profile', now);
			}
			// Identity arriving unblocks a waiting field; a given (flag) answer waiting for it is applied now.
			if (event.key === 'identity' && next.phase.kind === 'asking') {
				const field = next.phase.field;
				if ((next.given as Record<string, unknown>)[field] !== undefined) return arrive({...next, fieldError: undefined}, field, now);
				return {state: {...next, fieldError: undefined}, effects: []};
			}
			return {state: next, effects: []};
		}
		case 'load-failed': {
			if (mfaCanRetry(state, event.key, event.problem)) {
				const failed = mfaLoadFailed(state, event.key);
				const effect = failed.retryNow ? retryEffect(failed.state, event.key) : undefined;
				return {state: failed.state, effects: effect ? [effect] : []};
			}
			const next = setLoaded(state, event.key, {status: 'failed', problem: event.problem});
			if (event.key === 'table' && state.pendingAnswer) return tableAnswered(next, event.problem, now);
			return {state: next, effects: []};
		}
		case 'retrying':
			return {state: {...state, retrying: event.message, retryingCall: event.call}, effects: []};
		case 'retry-ended':
			if (state.retryingCall !== event.call) return {state, effects: []};
			return {state: {...state, retrying: undefined, retryingCall: undefined}, effects: []};
		case 'toggle-profile':
			return profileToggled(quiet, event.name);
		case 'other-tables':
			return otherTablesListed(state, event.profile, event.value, event.problem);
		case 'toggle-table':
			return tableToggled(quiet, event.name);
		case 'toggle-tables':
			return tablesToggled(quiet, event.names);
		case 'table-facts':
			return tableFactsRead(state, event.name, event.facts);
		case 'batch-token':
			return {state: {...state, batchToken: event.token}, effects: []};
		case 'batch-checks-update':
			return batchChecksReported(state, event.report, false);
		case 'batch-checks-done':
			return batchChecksReported(state, event.report, true);
		case 'batch-checks-failed':
			return batchChecksFailed(state, event.problem);
		case 'batch-choice':
			return batchChosen(quiet, event.choice);
		case 'batch-pitr-done':
			return batchPitrDone(state, event.problem);
		case 'batch-progress':
			return batchProgressed(state, event.progress);
		case 'batch-run-failed':
			return batchRunFailed(state, event.problem);
		case 'batch-quit':
			return batchQuit(quiet);
		case 'mfa-needed':
			return {state: mfaNeeded(state, event.serial), effects: []};
		case 'mfa-code': {
			if (!/^\d{6}$/.test(event.code.trim())) {
				return {state: {...state, mfa: state.mfa && {...state.mfa, error: MFA_FORMAT}}, effects: []};
			}
			// The code first, then the loads that waited for it (they share its assume-role call).
			const typed = mfaCodeTyped(state);
			const retries = typed.retry.flatMap((key) => retryEffect(typed.state, key) ?? []);
			return {state: typed.state, effects: [{type: 'resolve-mfa', code: event.code.trim()}, ...retries]};
		}
		case 'checks-update':
			return {state: {...state, checks: {...state.checks, status: 'running', results: event.results}, retrying: undefined}, effects: []};
		case 'checks-done':
			return {
				state: {...state, checks: {status: 'done', results: event.results, overall: event.overall, report: event.report}, retrying: undefined},
				effects: [],
			};
		case 'checks-failed':
			return {state: {...state, checks: {status: 'done', results: state.checks?.results ?? [], overall: 'unknown', problem: event.problem}}, effects: []};
		case 'checks-choice':
			return checksChoice(quiet, event.choice, now, event.owner, event.clientToken);
		case 'next-token':
			return {state: {...state, tokens: {plans: [], ...state.tokens, next: event.token}}, effects: []};
		case 'recent-export':
			return recentExportFound(state, event.found);
		case 'duplicate-choice':
			return duplicateChosen(quiet, event.choice);
		case 'fix-applied': {
			if (state.phase.kind !== 'checks') return {state, effects: []};
			return recheckAfterFix(state, state.phase.plan, event.fix);
		}
		case 'fix-failed':
			return {state: {...state, checks: {...state.checks!, fixing: undefined, problem: event.problem}}, effects: []};
		case 'policies-done':
			return back(quiet);
		case 'export-started':
			return exportPolled(state, event.description, now.getTime(), settings);
		case 'export-start-failed': {
			if (state.phase.kind !== 'export') return {state, effects: []};
			return {state: {...state, phase: {kind: 'export', run: {...state.phase.run, status: 'start-failed', problem: event.problem}}}, effects: []};
		}
		case 'export-polled':
			return exportPolled({...state, retrying: undefined}, event.description, event.at, settings);
		case 'manifest': {
			if (state.phase.kind !== 'export') return {state, effects: []};
			return {
				state: {...state, phase: {kind: 'export', run: {...state.phase.run, manifestSummary: event.text, manifestProblem: event.problem}}},
				effects: [],
			};
		}
		case 'failure-reread': {
			if (state.phase.kind !== 'export' || state.phase.run.status !== 'failed') return {state, effects: []};
			const reread: ExportRun['reread'] = event.results ? {status: 'done', results: event.results} : {status: 'failed', problem: event.problem ?? {title: 'The policies could not be read again.'}};
			return {state: {...state, phase: {kind: 'export', run: {...state.phase.run, reread}}}, effects: []};
		}
		case 'finished-choice': {
			if (state.phase.kind !== 'export') return {state, effects: []};
			if (event.choice !== 'recheck' && event.choice !== 'quit') return completionTransition(quiet, {type: 'completion-open', action: event.choice});
			if (event.choice === 'recheck' && state.phase.run.chain) {
				// A window of a chain failed: the chain is planned again from the review (from the failed window, which gets a new token).
				return arrive({...quiet, chain: undefined, loaded: {...quiet.loaded, chain: {status: 'idle'}}}, 'review', now);
			}
			if (event.choice === 'recheck') {
				const plan = state.phase.run.plan;
				return {state: {...quiet, phase: {kind: 'checks', plan}, checks: {status: 'running', results: []}}, effects: [{type: 'run-checks', plan, fresh: true}]};
			}
			return exit(quiet, exitCodeOf(state.phase.run));
		}
		default:
			return isCompletionEvent(event) ? completionTransition(event.type === 'completion-open' ? quiet : state, event) : {state, effects: []};
	}
}

/** Proposes AWS_PROFILE / default (listed first by the gateway) and its Region. */
function withDefaultProfile(state: WizardState): WizardState {
	if (state.loaded.profiles.status !== 'ready') return state;
	const profiles = state.loaded.profiles.value;
	const profile = state.draft.profile && profiles.some((p) => p.name === state.draft.profile) ? state.draft.profile : profiles[0]?.name;
	const region = state.draft.region ?? profiles.find((p) => p.name === profile)?.region;
	return {...state, draft: {...state.draft, profile: state.draft.profile ?? profile, region}};
}

function retryEffect(state: WizardState, key: keyof Loaded): Effect | undefined {
	const {draft} = state;
	switch (key) {
		case 'profiles':
			return {type: 'load-profiles'};
		case 'identity':
			return {type: 'load-identity'};
		case 'tables':
			return {type: 'load-tables'};
		case 'table':
			return draft.table ? {type: 'load-table', name: draft.table} : undefined;
		case 'buckets':
			return {type: 'load-buckets'};
		case 'bucketRegion':
			return draft.bucket ? {type: 'load-bucket-region', bucket: draft.bucket, owner: draft.destination === 'other-account' ? draft.bucketOwner : undefined} : undefined;
		case 'keys': {
			const region = bucketRegionOf(state) ?? draft.region;
			return region ? {type: 'load-keys', region} : undefined;
		}
		case 'chain':
			return chainLoadEffect({...state, loaded: {...state.loaded, chain: {status: 'idle'}}}, new Date());
	}
}

function checksChoice(state: WizardState, choice: ChecksChoice, now: Date, owner?: string, clientToken?: string): Transition {
	const phase = state.phase;
	if (phase.kind !== 'checks' || state.checks?.status === 'running') return {state, effects: []};
	const overall = state.checks?.overall;
	switch (choice) {
		case 'start':
		case 'start-anyway': {
			// Past a failed check only when the user explicitly chose "start anyway".
			if (overall === 'failed' && choice !== 'start-anyway') return {state, effects: []};
			return startChain(state, phase.plan, now) ?? startChosen(state, phase.plan, now, clientToken);
		}
		case 'policies':
			return {state: {...state, phase: {kind: 'policies', plan: phase.plan}}, effects: []};
		case 'recheck':
			return {state: {...state, checks: {status: 'running', results: state.checks?.results ?? []}}, effects: [{type: 'run-checks', plan: phase.plan, fresh: true}]};
		case 'back':
			return {state: {...state, phase: {kind: 'asking', field: 'review'}}, effects: []};
		default:
			return fixChoice(state, phase.plan, choice.slice('fix:'.length), owner);
	}
}

/** The in-place fix of the check `id`: an AWS change is made first; a plan change at once. */
function fixChoice(state: WizardState, plan: ExportPlan, id: string, owner?: string): Transition {
	let fix = state.checks?.results.find((r) => r.id === id)?.fix?.action;
	if (!fix) return {state, effects: []};
	if (fix.kind === 'set-bucket-owner' && !fix.owner) {
		// The owner the tool could not know, as typed: a valid account id or nothing changes.
		const typed = validateAccountId(owner ?? '', 'bucket owner');
		if (!typed.ok) return {state, effects: []};
		fix = {kind: 'set-bucket-owner', owner: typed.value};
	}
	if (changesAws(fix)) {
		return {state: {...state, checks: {...state.checks!, fixing: fix, problem: undefined}}, effects: [{type: 'apply-fix', fix, plan}]};
	}
	return recheckAfterFix(state, plan, fix);
}

/** The plan as the fix left it (the draft follows, so the review shows it), then the checks it affects. */
function recheckAfterFix(state: WizardState, plan: ExportPlan, fix: InPlaceFix): Transition {
	const next = planWithFix(plan, fix);
	let draft = state.draft;
	let loaded = state.loaded;
	if (fix.kind === 'use-encryption') draft = {...draft, sse: fix.sse, kmsKey: fix.kmsKeyId};
	if (fix.kind === 'set-bucket-owner') draft = {...draft, destination: 'other-account', bucketOwner: fix.owner};
	if (fix.kind === 'create-bucket') loaded = {...loaded, bucketRegion: {status: 'ready', value: {bucket: fix.bucket, region: fix.region}}};
	const previous = state.checks?.report;
	return {
		state: {...state, draft, loaded, phase: {kind: 'checks', plan: next}, checks: {status: 'running', results: state.checks?.results ?? []}},
		effects: [{type: 'run-checks', plan: next, only: recheckAfter(fix), previous, fresh: true}],
	};
}
