// A batch running, or watched again: one line per change of a table's state, then the
// summary (or the --output json document) and the exit code. Ctrl-C detaches: the exports
// go on in AWS, and the command that watches them again is printed (exit 130).

import type {BatchCheckContext} from '../../core/batch/batch-checks.js';
import {attachBatch} from '../../core/batch/attach-batch.js';
import {batchItems} from '../../core/batch/batch-items.js';
import {findBatchExports, type BatchPlace} from '../../core/batch/find-batch-exports.js';
import {runBatch, sessionsByItem} from '../../core/batch/run-batch.js';
import {placeOf} from '../../core/batch/batch-tracker.js';
import {startedState} from '../../core/batch/start-queue.js';
import type {BatchItem, BatchItemState, BatchPlan, BatchProgress, BatchSource} from '../../core/batch/types.js';
import {STATUS_CALLS_PER_MINUTE, watchBatch} from '../../core/batch/watch-batch.js';
import {AwsCallError} from '../../core/ports.js';
import {explainFailedExport} from '../../core/wizard/export-outcome.js';
import {BatchChangeLines, batchSummaryLines, countsWords} from '../../line-mode/batch-lines.js';
import type {BatchFlags} from '../batch-plan-from-flags.js';
import {defaultStatePlace, recordStore} from '../batch-record.js';
import {batchCommandLine} from './batch-command-line.js';
import {batchDocument, batchExitCode} from './batch-document.js';
import {accessOfPlan, resolveBatchSources, accessKey, type SourceAccess} from './batch-target.js';
import {awsFailure, badInput, EXIT, isAbortError, openSession, profileOf, regionOf, type CommandContext} from './context.js';
import {CommandError} from './output.js';

const STATUS_BUDGET_VARIABLE = 'DDB_EXPORT_STATUS_CALLS_PER_MINUTE';

/**
 * The watcher's budget of status calls a minute: DDB_EXPORT_STATUS_CALLS_PER_MINUTE, else
 * the engine's 15. Finished exports are described one by one within it, so a local sandbox
 * (tests, the bench) may want more; a bad value is bad input.
 */
export function statusBudget(env: NodeJS.ProcessEnv): number | undefined {
	const text = env[STATUS_BUDGET_VARIABLE]?.trim();
	if (!text) return undefined;
	if (!/^\d{1,5}$/.test(text) || Number(text) < 1) throw badInput(`${STATUS_BUDGET_VARIABLE}="${text}" is not a number of calls a minute; give a whole number such as 15 (the default).`);
	return Number(text);
}

/**
 * How statuses are read. Words end when the last export does; the JSON document carries
 * every export's description, read one by one within the budget after it completed.
 */
function describeNote(ctx: CommandContext, statusCallsPerMinute: number | undefined): string {
	const budget = statusCallsPerMinute ?? STATUS_CALLS_PER_MINUTE;
	return ctx.out.json
		? `Statuses from ListExports pages; each completed export is then described for the document (DescribeExport), at most ${budget} calls a minute in all.`
		: `Statuses from ListExports pages, at most ${budget} calls a minute (--output json adds each export's items and size).`;
}

/**
 * Prints each change, and says once when statuses cannot be read (the watcher keeps
 * trying). On a terminal the counts stay on one line below, rewritten in place.
 */
function progressPrinter(ctx: CommandContext): ((progress: BatchProgress) => void) & {end: () => void} {
	const live = ctx.out.liveProgress;
	let counts = '';
	const say = (line: string) => {
		if (live && counts) ctx.out.progress('\r\u001b[2K');
		ctx.out.note(line);
		if (live && counts) ctx.out.progress(counts);
	};
	const lines = new BatchChangeLines(say);
	let problem: string | undefined;
	const print = (progress: BatchProgress) => {
		lines.update(progress);
		if (progress.watchProblem !== problem) {
			problem = progress.watchProblem;
			if (problem) say(`(Statuses could not be read: ${problem}. Still trying.)`);
		}
		if (live) {
			counts = countsWords(progress);
			ctx.out.progress(`\r\u001b[2K${counts}`);
		}
	};
	return Object.assign(print, {
		end: () => {
			if (live && counts) ctx.out.progress('\r\u001b[2K');
			counts = '';
		},
	});
}

/** A failed table's explanation, from its failure code and message and the table's plan. */
function withExplanations(progress: BatchProgress): BatchProgress {
	const states = new Map(progress.states);
	for (const item of progress.items) {
		const state = states.get(item.plan.tableArn);
		if (state?.kind !== 'failed' || state.explanation) continue;
		const explained = explainFailedExport({failureCode: state.code, failureMessage: state.message}, undefined, item.plan);
		states.set(item.plan.tableArn, {...state, explanation: explained.headline});
	}
	return {...progress, states};
}

function finish(ctx: CommandContext, finished: BatchProgress, batchToken: string): number {
	const progress = withExplanations(finished);
	ctx.out.note();
	for (const line of batchSummaryLines(progress, batchToken)) ctx.out.line(line);
	ctx.out.result(batchDocument(progress, batchToken));
	return batchExitCode(progress);
}

/** The command that watches the batch again: its token alone where its record is kept. */
function watchAgain(ctx: CommandContext, flags: BatchFlags | undefined, plan: BatchPlan, recorded: boolean): string {
	if (recorded || !flags) return batchCommandLine({...ctx.options, tableArns: [], tablesFrom: undefined}, {tables: [], profiles: [], prefixTemplate: ''}, plan, 'watch');
	return batchCommandLine(ctx.options, flags, plan, 'watch');
}

function detached(ctx: CommandContext, plan: BatchPlan, again: string, queued: number): CommandError {
	const notStarted = queued > 0 ? ` ${queued} table${queued === 1 ? ' was' : 's were'} not started yet: running the same command again with --batch-token ${plan.batchToken} starts ${queued === 1 ? 'it' : 'them'} (and nothing twice).` : '';
	return new CommandError('Interrupted', 'Stopped watching the batch. Its exports keep running on AWS.', {
		cause: `${notStarted.trim()}${ctx.demo ? ' (In the demo the sandbox stops with this command, and its exports with it.)' : ''}`.trim() || undefined,
		fix: 'Watch them again with:',
		command: again,
		exitCode: EXIT.interrupted,
	});
}

function sessionFinder(access: Map<string, SourceAccess>): (source: BatchSource) => SourceAccess['session'] {
	return (source) => access.get(accessKey(source.profile, source.region))!.session;
}

/** Starts what is not skipped and watches everything to its end. */
export async function runAndWatchBatch(ctx: CommandContext, flags: BatchFlags, checks: BatchCheckContext, skip: Map<string, string>, recorded: boolean): Promise<number> {
	const {plan} = checks;
	let last: BatchProgress | undefined;
	const print = progressPrinter(ctx);
	const statusCallsPerMinute = statusBudget(process.env);
	const starting = checks.items.length - skip.size;
	ctx.out.note(`Starting ${starting} export${starting === 1 ? '' : 's'}${ctx.options.concurrency ? `, at most ${ctx.options.concurrency} at once per account` : ''}. Ctrl-C stops watching; the exports go on.`);
	ctx.out.note(describeNote(ctx, statusCallsPerMinute));
	try {
		const progress = await runBatch({
			statusCallsPerMinute,
			describeCompleted: ctx.out.json,
			plan,
			items: checks.items,
			sessionFor: checks.sessionFor,
			skip,
			concurrencyLimit: ctx.options.concurrency,
			signal: ctx.signal,
			onProgress: (p) => {
				last = p;
				print(p);
			},
		});
		print.end();
		return finish(ctx, progress, plan.batchToken);
	} catch (error) {
		print.end();
		if (isAbortError(error)) throw detached(ctx, plan, watchAgain(ctx, flags, plan, recorded), last?.counts.queued ?? 0);
		if (error instanceof AwsCallError) throw awsFailure(error, {profile: profileOf(ctx)});
		throw error;
	}
}

/**
 * No record and no table flags: the batch's exports are found by their ClientTokens in the
 * accounts of the --profile flags (or the profile in use), in --region or each profile's own.
 */
async function attachByToken(ctx: CommandContext, flags: BatchFlags, batchToken: string, noRecord: string): Promise<number> {
	const profiles = flags.profiles.length > 0 ? flags.profiles : [profileOf(ctx)];
	const sessions = await Promise.all(profiles.map(async (profile) => openSession(ctx, await regionOf(ctx, ctx.options.region, profile), profile)));
	const where = profiles.map((p) => p ?? 'the default credentials').join(', ');
	ctx.out.note(`No record of batch ${batchToken} here (${noRecord}): looking for its exports as ${where}…`);
	const plan: BatchPlan = {sources: [], destination: {bucket: '', prefixTemplate: '', sse: 'AES256'}, format: 'DYNAMODB_JSON', type: 'FULL_EXPORT', batchToken, date: '', force: false};
	const again = batchCommandLine({...ctx.options, tableArns: [], tablesFrom: undefined}, {...flags, tables: [], allTables: undefined}, plan, 'watch');
	let progress: BatchProgress;
	const print = progressPrinter(ctx);
	try {
		const statusCallsPerMinute = statusBudget(process.env);
		ctx.out.note(describeNote(ctx, statusCallsPerMinute));
		progress = await attachBatch({batchToken, sessions, statusCallsPerMinute, describeCompleted: ctx.out.json, signal: ctx.signal, onProgress: print});
	} catch (error) {
		if (isAbortError(error)) throw detached(ctx, plan, again, 0);
		if (error instanceof AwsCallError) throw awsFailure(error, {profile: profileOf(ctx)});
		throw error;
	} finally {
		print.end();
	}
	if (progress.items.length === 0) {
		throw new CommandError('BatchNotFound', `No export of batch ${batchToken} was found as ${where} (AWS keeps a client token 8 hours).`, {
			fix: "Check the token; give the batch's --profile flags (each of its accounts), or its table flags, or watch where the batch was started.",
			exitCode: EXIT.unknown,
		});
	}
	return finish(ctx, progress, batchToken);
}

const NOT_FOUND = 'no export of this batch was found for it (not started by this batch, or more than 8 hours ago)';

/**
 * `watch --batch-token T`: the batch's tables from its record (or the table flags given
 * again), the exports its token started found in ListExports pages, watched to their end.
 */
export async function runBatchWatch(ctx: CommandContext, flags: BatchFlags): Promise<number> {
	const batchToken = ctx.options.batchToken!;
	let plan: BatchPlan;
	let access: Map<string, SourceAccess>;
	const fromFlags = flags.tables.length > 0 || flags.allTables !== undefined;
	if (fromFlags) {
		const resolved = await resolveBatchSources(ctx, flags);
		access = resolved.access;
		// Only the tables and the token matter to find the exports (their ClientTokens).
		plan = {sources: resolved.sources, destination: {bucket: '', prefixTemplate: flags.prefixTemplate, sse: 'AES256'}, format: 'DYNAMODB_JSON', type: 'FULL_EXPORT', batchToken, date: '', force: false};
	} else {
		const kept = recordStore(defaultStatePlace()).load(batchToken);
		if (!kept.ok) return attachByToken(ctx, flags, batchToken, kept.why);
		plan = kept.plan;
		access = await accessOfPlan(ctx, plan);
	}
	const items = batchItems(plan);
	const sessionOf = sessionsByItem(plan, sessionFinder(access));
	ctx.out.note(`Looking for the exports of batch ${batchToken} (${items.length} table${items.length === 1 ? '' : 's'})…`);
	const places = new Map<string, BatchPlace>();
	for (const item of items) if (!places.has(placeOf(item))) places.set(placeOf(item), {session: sessionOf(item), account: item.account, region: item.plan.region});
	const print = progressPrinter(ctx);
	const tokens = new Map(items.map((item: BatchItem) => [item.plan.tableArn, item.clientToken]));
	try {
		const {found} = await findBatchExports({places: [...places.values()], tokenFor: (arn) => tokens.get(arn), signal: ctx.signal});
		const states = new Map<string, BatchItemState>();
		for (const item of items) {
			const description = found.get(item.plan.tableArn);
			states.set(item.plan.tableArn, description ? startedState(description) : {kind: 'skipped', reason: NOT_FOUND});
		}
		const statusCallsPerMinute = statusBudget(process.env);
		ctx.out.note(describeNote(ctx, statusCallsPerMinute));
		const progress = await watchBatch({items, states, sessionOf, signal: ctx.signal, onProgress: print, statusCallsPerMinute, describeCompleted: ctx.out.json});
		print.end();
		return finish(ctx, progress, batchToken);
	} catch (error) {
		print.end();
		if (isAbortError(error)) throw detached(ctx, plan, watchAgain(ctx, flags, plan, !fromFlags), 0);
		if (error instanceof AwsCallError) throw awsFailure(error, {profile: profileOf(ctx)});
		throw error;
	}
}
