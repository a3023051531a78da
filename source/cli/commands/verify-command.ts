// `ddb-export verify EXPORT_ARN`: DescribeExport finds the export (as --profile), then its
// manifests and data files are read (as --reader-profile, if given) and checked. Exit 0
// intact, 1 damaged or unreadable, 2 could not tell.

import {wrapWords} from '../../ui/text-layout.js';
import {reportLines} from '../../ui/verify-report.js';
import {verdictExitCode, type VerifyReport} from '../../core/verify/verdict.js';
import {exportObjectsOf, SummaryUnreadable, verifyExport} from '../../core/verify/verify-export.js';
import {EXIT, isAbortError, type CommandContext} from './context.js';
import {openExportReading, progressText, readerHint, refusedReadError} from './export-reader.js';
import {CommandError} from './output.js';

export async function runVerifyCommand(ctx: CommandContext): Promise<number> {
	const stopped = () => new CommandError('Interrupted', 'Stopped verifying.', {exitCode: EXIT.interrupted});
	const reading = await openExportReading(ctx, 'verify', stopped);
	const {arn, region, account, reader, description, readerSession} = reading;
	const bucket = description.s3Bucket;
	const owner = description.s3BucketOwner;
	// The bucket's own Region; S3 redirects too, so a refused lookup falls back to the export's.
	const bucketRegion = await readerSession.bucketRegion(bucket, owner, {signal: ctx.signal}).catch((error: unknown) => {
		if (isAbortError(error)) throw stopped();
		return region;
	});
	const started = Date.now();
	let live = false;
	let lastDrawn = 0;
	let report: VerifyReport;
	try {
		report = await verifyExport(exportObjectsOf(readerSession, bucket, bucketRegion, owner), {
			exportArn: arn,
			bucket,
			manifestSummaryKey: description.exportManifest,
			signal: ctx.signal,
			onProgress: (p) => {
				if (!ctx.out.liveProgress) return;
				const now = Date.now();
				if (now - lastDrawn < 100 && p.filesDone < p.filesTotal) return;
				lastDrawn = now;
				ctx.out.progress(`\r\u001b[2K${progressText('Verifying', p, now - started)}`);
				live = true;
			},
		});
	} catch (error) {
		if (live) ctx.out.progress('\r\u001b[2K');
		if (isAbortError(error) || ctx.signal.aborted) throw stopped();
		if (error instanceof SummaryUnreadable) throw refusedReadError(ctx, reading, error.error, 'Could not read manifest-summary.json, so nothing could be verified', bucketRegion);
		throw error;
	}
	if (live) ctx.out.progress('\r\u001b[2K');
	for (const line of reportLines(report)) ctx.out.line(line);
	const refused = report.unknowns.some((u) => /AccessDenied|Forbidden|KMS/i.test(u));
	const hint = refused && reader === undefined ? readerHint(description, account) : undefined;
	if (hint) for (const line of wrapWords(hint, 80)) ctx.out.note(line);
	ctx.out.result({verify: report});
	return verdictExitCode(report.verdict);
}
