// `ddb-export --yes --export-type INCREMENTAL_EXPORT --since-last …`: everything since the
// last export to the destination, as a chain of incremental windows (chain-plan.ts). The
// plan of windows and the equivalent aws commands are shown first, then the checks (of the
// first window: every window makes the same calls on the same resources), then the windows
// are started ONE AFTER THE OTHER, each once the one before is COMPLETED:
// - a chain is continued from its newest COMPLETED export; windows started at once with one
//   failing in the middle would leave a later one COMPLETED, and the next run would continue
//   after it, over a hole nobody sees. In order, a failure stops the chain where it is
//   whole, and the next run starts again at the failed window (with a new token);
// - the account runs at most about 300 exports at once (LimitExceededException), shared
//   with everything else, and a gap of 35 days is 35 windows.
// Exit 0 when every window COMPLETED (or nothing was due yet), 1 when one failed or no
// chain could be continued (no previous export, PITR does not reach it).

import {planChain, windowPlan, type ChainPlan, type ChainWindow} from '../../core/incremental/chain-plan.js';
import {readChainFacts} from '../../core/incremental/chain-exports.js';
import {chainJson, chainWords, windowLine} from '../../core/incremental/chain-words.js';
import {tableNameOf, type ExportPlan} from '../../core/plan.js';
import type {ExportDescription} from '../../core/ports.js';
import {renderAwsCommand, renderShellCommand} from '../../core/render-aws-command.js';
import {formatIso} from '../../core/time-input.js';
import {explainFailedExport} from '../../core/wizard/export-outcome.js';
import {rereadIfFailed} from '../../core/diagnosis/reread-after-failure.js';
import {exportOutcomeLines} from '../../line-mode/format-lines.js';
import {awsExportDescription} from '../output/aws-shapes.js';
import {awsStep, EXIT, resolveTarget, type CommandContext} from './context.js';
import {checksBeforeStart, startExportOnce} from './export-command.js';
import {exportJson, explanationJson} from './json-shapes.js';
import {watchPrinting} from './watch-command.js';

/** The command that starts a new chain with a full export to the same destination. */
export function fullExportCommand(plan: ExportPlan): string {
	const argv = ['ddb-export', '--yes', '--table-arn', plan.tableArn, '--s3-bucket', plan.bucket];
	if (plan.bucketOwner) argv.push('--s3-bucket-owner', plan.bucketOwner);
	if (plan.prefix) argv.push('--s3-prefix', plan.prefix);
	if (plan.sse === 'KMS') argv.push('--s3-sse-algorithm', 'KMS', ...(plan.kmsKeyId ? ['--s3-sse-kms-key-id', plan.kmsKeyId] : []));
	if (plan.format !== 'DYNAMODB_JSON') argv.push('--export-format', plan.format);
	argv.push('--export-type', 'FULL_EXPORT');
	return renderShellCommand(argv);
}

export async function runChainCommand(ctx: CommandContext): Promise<number> {
	const {out} = ctx;
	const {session, plan} = await resolveTarget(ctx, '--since-last needs the table and the destination (bucket and prefix) to find the last export to it.');
	const viewType = ctx.flags.viewType ?? 'NEW_AND_OLD_IMAGES';
	out.note(`Looking for the last export of ${tableNameOf(plan)} to s3://${plan.bucket}/${plan.prefix}…`);
	const facts = await awsStep(ctx, plan.region, () => readChainFacts(session, plan, tableNameOf(plan), {signal: ctx.signal}));
	const now = ctx.now();
	const chain = planChain({plan, viewType, pitr: facts.pitr, exports: facts.exports, now});
	const words = chainWords(chain, plan, now);
	if (chain.kind !== 'chain') {
		// Nothing to start: the answer itself (stdout), once.
		out.line(words.headline);
		for (const note of words.notes) out.line(note);
		if (facts.truncated && chain.kind === 'no-previous') out.line('(Only the 64 newest exports of the table were looked at.)');
		if (words.offerFull) out.line(`A full export to this destination instead:\n  ${fullExportCommand(plan)}`);
		out.result({chain: chainJson(chain, plan, now)});
		return chain.kind === 'nothing-yet' ? EXIT.ok : EXIT.failed;
	}
	out.note(words.headline);
	for (const note of words.notes) out.note(note);

	printWindows(ctx, chain, plan, viewType);
	const first = windowPlan(plan, chain.windows[0]!, viewType);
	const {report, checks, caller} = await checksBeforeStart(ctx, first, session, 'no window was started');

	const results: ExportDescription[] = [];
	let failed: {window: ChainWindow; last: ExportDescription; plan: ExportPlan; elapsed: number} | undefined;
	for (const window of chain.windows) {
		const planned = windowPlan(plan, window, viewType);
		const label = `Window ${window.index} of ${chain.windows.length} (${formatIso(window.from)} → ${formatIso(window.to)})`;
		let description: ExportDescription;
		if (window.runningArn) {
			out.note(`${label}: already running, watching it…`);
			description = await awsStep(ctx, plan.region, () => session.describeExport(window.runningArn!, {signal: ctx.signal}));
		} else {
			out.note(`${label}: starting (client token ${window.clientToken})…`);
			description = await startExportOnce(ctx, session, planned, window.clientToken, 'running the same command again plans the same window with the same client token, which cannot start it twice');
		}
		const {last, printer} = await watchPrinting(ctx, session, description, plan.region);
		results.push(last);
		if (last.status !== 'COMPLETED') {
			failed = {window, last, plan: planned, elapsed: printer.elapsed(last)};
			break;
		}
		out.line(`${label}: COMPLETED · ${last.itemCount ?? '?'} changed items · ${last.exportArn}`);
	}

	let explanation: ReturnType<typeof explanationJson> | undefined;
	if (failed) {
		const reread = await rereadIfFailed(session, failed.last, failed.plan, ctx.signal);
		for (const line of exportOutcomeLines(failed.last, failed.elapsed, caller, reread)) out.line(line);
		const rest = chain.windows.length - failed.window.index;
		out.line(
			`The chain now reaches ${formatIso(failed.window.from)}${rest > 0 ? `; the ${rest === 1 ? 'window' : `${rest} windows`} after it ${rest === 1 ? 'was' : 'were'} not started` : ''}. Run the same command again to continue from there (the failed window gets a new client token).`,
		);
		explanation = explanationJson(explainFailedExport(failed.last, caller, failed.plan, reread));
	} else {
		out.line(`All ${chain.windows.length} ${chain.windows.length === 1 ? 'window' : 'windows'} COMPLETED: s3://${plan.bucket}/${plan.prefix} now has the changes up to ${formatIso(chain.windows[chain.windows.length - 1]!.to)}.`);
	}
	out.result({
		chain: chainJson(chain, plan, now),
		checks,
		overall: report.overall,
		exports: results.map(exportJson),
		explanation,
		// As AWS returns them, one per window started or watched.
		ExportDescriptions: results.map(awsExportDescription),
	});
	return failed ? EXIT.failed : EXIT.ok;
}

/** The windows and, for each, the aws command that would start it. */
function printWindows(ctx: CommandContext, chain: Extract<ChainPlan, {kind: 'chain'}>, plan: ExportPlan, viewType: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES'): void {
	const {out} = ctx;
	const total = chain.windows.length;
	out.note();
	out.note(`${total === 1 ? 'One window' : `${total} windows`}, each its own incremental export with its own client token${total > 1 ? ', started one after the other (each once the one before has COMPLETED)' : ''}:`);
	for (const window of chain.windows) {
		out.note(`  ${windowLine(window, total)}${window.runningArn ? '  (already running)' : ''}`);
		out.note(`  ${' '.repeat(String(total).length)}  client token ${window.clientToken}`);
	}
	out.note();
	out.note(`The same with the AWS CLI${total > 1 ? ' (each command once the one before has COMPLETED: aws dynamodb describe-export)' : ''}:`);
	for (const window of chain.windows) out.note(`  ${renderAwsCommand(windowPlan(plan, window, viewType), {clientToken: window.clientToken})}`);
	out.note();
}
