// `ddb-export watch EXPORT_ARN`: polls a running or finished export to its end. The
// Region comes from the ARN. Ctrl-C stops watching (the export goes on), exit 130.

import {AwsCallError, type AwsSession, type ExportDescription} from '../../core/ports.js';
import {watchCommand} from '../../core/render-aws-command.js';
import {explainFailedExport} from '../../core/wizard/export-outcome.js';
import {planOfExport, rereadIfFailed} from '../../core/diagnosis/reread-after-failure.js';
import {exportOutcomeLines} from '../../line-mode/format-lines.js';
import {exportArnArgument} from './export-arn-argument.js';
import {awsFailure, EXIT, isAbortError, openSession, profileOf, type CommandContext} from './context.js';
import {CommandError} from './output.js';
import {awsExportDescription} from '../output/aws-shapes.js';
import {explanationJson, exportJson} from './json-shapes.js';
import {ProgressPrinter, watchExport} from './watch-export.js';

/** Ctrl-C while watching: the export goes on; say how to find it again. */
export function stoppedWatching(exportArn: string, profile: string | undefined, region: string): CommandError {
	return new CommandError('Interrupted', 'Stopped watching. The export keeps running on AWS.', {
		fix: 'Watch it again with:',
		command: watchCommand(exportArn, profile, region),
		exitCode: EXIT.interrupted,
	});
}

/** Watches to the end, printing progress; Ctrl-C and AWS failures become CommandErrors. */
export async function watchPrinting(
	ctx: CommandContext,
	session: AwsSession,
	first: ExportDescription,
	region: string,
): Promise<{last: ExportDescription; printer: ProgressPrinter}> {
	const printer = new ProgressPrinter(ctx.out);
	let last = first;
	try {
		last = await watchExport(session, first, {
			signal: ctx.signal,
			onUpdate: (d) => {
				last = d;
				printer.update(d);
			},
			onRetry: (message) => printer.retry(message),
		});
	} catch (error) {
		printer.end();
		if (isAbortError(error)) throw stoppedWatching(last.exportArn, profileOf(ctx), region);
		if (error instanceof AwsCallError) throw awsFailure(error, {profile: profileOf(ctx), region});
		throw error;
	}
	printer.end();
	return {last, printer};
}

export async function runWatchCommand(ctx: CommandContext): Promise<number> {
	const target = exportArnArgument(ctx, 'watch');
	const {region} = target;
	const session = openSession(ctx, region);
	let first;
	try {
		first = await session.describeExport(target.arn, {signal: ctx.signal});
	} catch (error) {
		if (isAbortError(error)) throw stoppedWatching(target.arn, profileOf(ctx), region);
		if (error instanceof AwsCallError) throw awsFailure(error, {profile: profileOf(ctx), region});
		throw error;
	}
	const {last, printer} = await watchPrinting(ctx, session, first, region);
	// A failure is explained from the policies that apply to it, read again now.
	const reread = await rereadIfFailed(session, last, planOfExport(last, region), ctx.signal);
	for (const line of exportOutcomeLines(last, printer.elapsed(last), undefined, reread)) ctx.out.line(line);
	const failed = last.status !== 'COMPLETED';
	ctx.out.result({
		export: exportJson(last),
		explanation: failed ? explanationJson(explainFailedExport(last, undefined, undefined, reread)) : undefined,
		// As DescribeExport returns it, for queries written for aws dynamodb describe-export.
		ExportDescription: awsExportDescription(last),
	});
	return failed ? EXIT.failed : EXIT.ok;
}
