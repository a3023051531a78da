// `ddb-export --yes …`: the export without questions. Checks first (a failed check
// stops it unless --force), then one ExportTableToPointInTime with one ClientToken,
// watched to the end. Exit 0 COMPLETED, 1 FAILED or a failed check.

import {randomUUID} from 'node:crypto';
import {toExportRequest, type ExportPlan} from '../../core/plan.js';
import {AwsCallError, type AwsSession, type ExportDescription} from '../../core/ports.js';
import {renderAwsCommand} from '../../core/render-aws-command.js';
import {explainFailedExport} from '../../core/wizard/export-outcome.js';
import {rereadIfFailed} from '../../core/diagnosis/reread-after-failure.js';
import {checkReportLines, exportOutcomeLines, planLines} from '../../line-mode/format-lines.js';
import {runChecksFor} from './check-command.js';
import {awsFailure, EXIT, isAbortError, profileOf, resolveTarget, type CommandContext} from './context.js';
import {awsExportDescription} from '../output/aws-shapes.js';
import {checkJson, explanationJson, exportJson, planJson} from './json-shapes.js';
import {CommandError} from './output.js';
import {watchPrinting} from './watch-command.js';

/** The checks before anything starts: printed; a failed one stops the command unless --force. */
export async function checksBeforeStart(ctx: CommandContext, plan: ExportPlan, session: AwsSession, notStarted: string) {
	const {out} = ctx;
	const report = await runChecksFor(ctx, plan, session, ctx.options.probe);
	for (const line of checkReportLines(report.results)) out.note(line);
	const checks = report.results.map(checkJson);
	const caller = report.identity ? {arn: report.identity.arn, account: report.identity.account} : undefined;
	if (report.overall === 'failed' && !ctx.options.force) {
		throw new CommandError('CheckFailed', `A prerequisite check failed, so ${notStarted}.`, {
			fix: 'Fix what the failed check says (ddb-export policies prints the policies), or add --force to start it anyway.',
			exitCode: EXIT.failed,
			details: report.results.filter((r) => r.status === 'failed').map((r) => `${r.title}: ${r.summary}`),
		});
	}
	if (report.overall !== 'passed') out.note(report.overall === 'failed' ? 'Starting anyway (--force).' : 'Some checks could not tell; starting anyway.');
	return {report, checks, caller};
}

/** ExportTableToPointInTime with the token; Ctrl-C while it is in flight says what may have happened. */
export async function startExportOnce(ctx: CommandContext, session: AwsSession, plan: ExportPlan, clientToken: string, rerun: string): Promise<ExportDescription> {
	try {
		return await session.startExport(toExportRequest(plan, clientToken), {signal: ctx.signal});
	} catch (error) {
		if (isAbortError(error)) {
			throw new CommandError('Interrupted', 'Stopped while starting the export.', {
				cause: 'The request may have reached AWS before it was cancelled, so the export may be running.',
				fix: `Look with ddb-export list; ${rerun}.`,
				exitCode: EXIT.interrupted,
			});
		}
		if (error instanceof AwsCallError) throw awsFailure(error, {profile: profileOf(ctx), region: plan.region});
		throw error;
	}
}

export async function runExportCommand(ctx: CommandContext): Promise<number> {
	if (ctx.flags.sinceLast) return (await import('./chain-command.js')).runChainCommand(ctx);
	const {out} = ctx;
	const {session, plan} = await resolveTarget(ctx, '--yes runs without questions, so the table and the bucket must be given.');
	const clientToken = ctx.flags.clientToken ?? randomUUID();
	out.note('Export:');
	for (const line of planLines(plan)) out.note(line);
	out.note(`The same with the AWS CLI:\n  ${renderAwsCommand(plan, {clientToken})}`);
	out.note();

	const {report, checks, caller} = await checksBeforeStart(ctx, plan, session, 'the export was not started');

	out.note(`Starting the export (client token ${clientToken})…`);
	const description = await startExportOnce(ctx, session, plan, clientToken, `running the same command again with --client-token ${clientToken} cannot start a second export`);

	const {last, printer} = await watchPrinting(ctx, session, description, plan.region);
	const failed = last.status !== 'COMPLETED';
	// A failure is explained from the policies as they are now, read again.
	const reread = await rereadIfFailed(session, last, plan, ctx.signal);
	for (const line of exportOutcomeLines(last, printer.elapsed(last), caller, reread)) out.line(line);
	out.result({
		plan: planJson(plan, clientToken),
		clientToken,
		checks,
		overall: report.overall,
		export: exportJson(last),
		explanation: failed ? explanationJson(explainFailedExport(last, caller, plan, reread)) : undefined,
		// As AWS returns it: --query ExportDescription.ExportArn --output text prints what the AWS CLI prints.
		ExportDescription: awsExportDescription(last),
	});
	return failed ? EXIT.failed : EXIT.ok;
}
