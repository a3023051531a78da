// `ddb-export export|check|watch` with a batch: many tables (of one or more accounts) to
// one destination. export: the plan, the checks (shared once, per table), the PITR offer,
// a failed shared check stops it with its diagnosis and the policy that fixes it, tables
// whose own checks failed are skipped (said) unless --force, a last yes, then every export
// started and watched with one line per change. check: the same up to the checks.

import {newBatchToken} from '../../core/batch/batch-token.js';
import {batchItems} from '../../core/batch/batch-items.js';
import type {BatchCheckContext} from '../../core/batch/batch-checks.js';
import {skipReasons} from '../../core/batch/batch-checks.js';
import type {BatchCheckReport, BatchItem, BatchPlan, BatchSource} from '../../core/batch/types.js';
import {batchPlanLines, batchTotalsLine} from '../../line-mode/batch-lines.js';
import type {Prompter} from '../../line-mode/line-prompts.js';
import type {BatchFlags} from '../batch-plan-from-flags.js';
import {defaultStatePlace, recordStore} from '../batch-record.js';
import {batchAsk, type BatchAsk} from './batch-ask.js';
import {itemsWithFacts, offerPitrForAll, runBatchChecksFor, sharedCheckLines, tableCheckLines} from './batch-checks-step.js';
import {batchCommandLine} from './batch-command-line.js';
import {runAndWatchBatch, runBatchWatch} from './batch-run.js';
import {offerSharedFix} from './batch-shared-fix.js';
import {resolveBatchTarget, accessKey, type BatchTarget} from './batch-target.js';
import {checkJson} from './json-shapes.js';
import {EXIT, type CommandContext} from './context.js';
import {CommandError} from './output.js';

export async function runBatchCommand(ctx: CommandContext, flags: BatchFlags, prompter: Prompter | undefined): Promise<number> {
	if (ctx.options.command === 'watch') return runBatchWatch(ctx, flags);
	const target = await resolveBatchTarget(ctx, flags, newBatchToken);
	const store = recordStore(defaultStatePlace());
	// The same batch again: {date} keeps the day it started, so every prefix (and with it
	// every request behind a ClientToken) is the one sent then.
	if (flags.batchToken !== undefined) {
		const kept = store.load(flags.batchToken);
		if (kept.ok) target.plan.date = kept.plan.date;
	}
	const ask = batchAsk(ctx.out, prompter);
	return ctx.options.command === 'check' ? runBatchCheckCommand(ctx, flags, target) : runBatchExport(ctx, flags, target, ask, store);
}

function checkContext(ctx: CommandContext, target: BatchTarget, items: BatchItem[]): BatchCheckContext {
	return {
		plan: target.plan,
		items,
		sessionFor: (source: BatchSource) => target.access.get(accessKey(source.profile, source.region))!.session,
		probe: ctx.options.probe,
		signal: ctx.signal,
		now: ctx.now,
	};
}

/** The plan, as it will run: one row per table, the totals, and the one command that runs it again. */
function printPlan(ctx: CommandContext, flags: BatchFlags, plan: BatchPlan, items: BatchItem[]): void {
	const {destination} = plan;
	ctx.out.note(`Batch ${plan.batchToken}: every table to s3://${destination.bucket}/${destination.prefixTemplate}${destination.bucketOwner ? ` (bucket of account ${destination.bucketOwner})` : ''}, ${destination.sse}${destination.kmsKeyId ? ` ${destination.kmsKeyId}` : ''}, ${plan.format}, ${plan.type}`);
	for (const line of batchPlanLines(items)) ctx.out.note(line);
	ctx.out.note(batchTotalsLine(items));
	ctx.out.note('The same batch again (nothing is started twice within 8 hours; completed tables are skipped):');
	ctx.out.note(`  ${batchCommandLine(ctx.options, flags, plan)}`);
}

async function checkAndPrint(ctx: CommandContext, flags: BatchFlags, target: BatchTarget): Promise<{checks: BatchCheckContext; report: BatchCheckReport}> {
	const checks = checkContext(ctx, target, batchItems(target.plan));
	const sources = new Set(target.plan.sources.map((s) => s.profile ?? '(environment)')).size;
	ctx.out.note(`Checking ${checks.items.length} tables of ${sources} profile${sources === 1 ? '' : 's'}: shared checks once per profile, the table and PITR per table…`);
	const report = await runBatchChecksFor(ctx, checks);
	checks.items = itemsWithFacts(checks, report);
	printPlan(ctx, flags, target.plan, checks.items);
	ctx.out.note();
	for (const line of sharedCheckLines(report)) ctx.out.note(line);
	for (const line of tableCheckLines(report, checks.items)) ctx.out.note(line);
	return {checks, report};
}

function checksDocument(report: BatchCheckReport) {
	return {
		shared: Object.fromEntries([...report.shared].map(([source, results]) => [source, results.map(checkJson)])),
		perTable: Object.fromEntries([...report.perTable].map(([arn, results]) => [arn, results.map(checkJson)])),
		pitrOff: report.pitrOff,
		overall: report.overall,
		calls: report.calls,
	};
}

/** `check` with a batch: exit 0 all passed, 1 a check failed, 2 none failed but some could not tell. */
async function runBatchCheckCommand(ctx: CommandContext, flags: BatchFlags, target: BatchTarget): Promise<number> {
	const {checks, report} = await checkAndPrint(ctx, flags, target);
	const all = [...[...report.shared.values()].flat(), ...[...report.perTable.values()].flat()];
	ctx.out.result({batchToken: target.plan.batchToken, tables: checks.items.map((i) => ({tableArn: i.plan.tableArn, prefix: i.plan.prefix, clientToken: i.clientToken})), checks: checksDocument(report)});
	if (all.some((r) => r.status === 'failed')) return EXIT.failed;
	return all.some((r) => r.status === 'unknown') ? EXIT.unknown : EXIT.ok;
}

async function runBatchExport(ctx: CommandContext, flags: BatchFlags, target: BatchTarget, ask: BatchAsk, store: ReturnType<typeof recordStore>): Promise<number> {
	let {checks, report} = await checkAndPrint(ctx, flags, target);
	// A failed shared check stops the batch; the fix is offered where it can be made from here.
	while (report.overall === 'failed' && [...report.shared.values()].flat().some((r) => r.status === 'failed')) {
		const fixed = await offerSharedFix(ctx, checks, report, ask);
		if (!fixed) {
			throw new CommandError('CheckFailed', 'A check shared by the tables failed, so no export was started.', {
				fix: 'Fix what the failed check says (the policy above), then run the same command again.',
				exitCode: EXIT.failed,
				details: [...report.shared].flatMap(([source, results]) => results.filter((r) => r.status === 'failed').map((r) => `${source}: ${r.title}: ${r.summary}`)),
			});
		}
		report = await runBatchChecksFor(ctx, checks);
		ctx.out.note();
		for (const line of sharedCheckLines(report)) ctx.out.note(line);
	}
	report = await offerPitrForAll(ctx, checks, report, ask);
	const skip = skipReasons(report, target.plan);
	if (skip.size > 0) {
		ctx.out.note();
		ctx.out.note(`${skip.size} table${skip.size === 1 ? ' is' : 's are'} skipped, as ${skip.size === 1 ? 'its' : 'their'} own checks failed (--force starts them anyway):`);
		for (const item of checks.items) {
			const reason = skip.get(item.plan.tableArn);
			if (reason) ctx.out.note(`  ${item.account} ${item.tableName}: ${reason}`);
		}
	} else if (target.plan.force && [...report.perTable.values()].flat().some((r) => r.status === 'failed')) {
		ctx.out.note('Starting every table, also those whose own checks failed (--force).');
	}
	const starting = checks.items.length - skip.size;
	if (starting === 0) {
		throw new CommandError('CheckFailed', 'Every table failed its own checks, so no export was started.', {fix: 'Fix what the checks say, or add --force to start them anyway.', exitCode: EXIT.failed});
	}
	ctx.out.note();
	if (!(await ask.yesNo(`Start the export of ${starting} table${starting === 1 ? '' : 's'}${skip.size ? ` (${skip.size} skipped)` : ''}?`))) {
		ctx.out.note('Nothing was started.');
		return EXIT.failed;
	}
	// The demo's sandbox ends with this command: a record of its batch would name nothing.
	const saved = ctx.demo ? undefined : store.save(target.plan, ctx.now());
	if (saved && !saved.ok) ctx.out.note(`(No record of the batch was kept (${saved.why}): to watch it again, give its table flags with --batch-token ${target.plan.batchToken}.)`);
	return runAndWatchBatch(ctx, flags, checks, skip, saved?.ok === true);
}
