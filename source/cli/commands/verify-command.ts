// `ddb-export verify EXPORT_ARN`: DescribeExport finds the export (as --profile), then its
// manifests and data files are read (as --reader-profile, if given) and checked. Exit 0
// intact, 1 damaged or unreadable, 2 could not tell.

import {describeAwsError} from '../../core/errors.js';
import {AwsCallError, type AwsSession, type ExportDescription} from '../../core/ports.js';
import {terminalSafe} from '../../core/terminal-text.js';
import {wrapWords} from '../../ui/text-layout.js';
import {verdictExitCode, type VerifyReport} from '../../core/verify/verdict.js';
import {exportObjectsOf, SummaryUnreadable, verifyExport, type VerifyProgress} from '../../core/verify/verify-export.js';
import {validateExportArn} from '../plan-from-flags.js';
import {awsFailure, badInput, EXIT, isAbortError, openSession, profileOf, type CommandContext} from './context.js';
import {CommandError} from './output.js';

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "files 3/20 · 12.0 of 80.0 MB · about 9 s left" */
export function progressText(p: VerifyProgress, elapsedMs: number): string {
	let line = `Verifying: files ${p.filesDone}/${p.filesTotal} · ${megabytes(p.bytesDone)}`;
	if (p.bytesTotal) {
		line += ` of ${megabytes(p.bytesTotal)}`;
		if (p.bytesDone > 0 && elapsedMs > 1000) line += ` · about ${Math.ceil(((p.bytesTotal - p.bytesDone) * elapsedMs) / p.bytesDone / 1000)} s left`;
	}
	return line;
}

/** Who may read the files: across accounts, the bucket owner's profile. */
function readerHint(description: ExportDescription, exporterAccount: string): string | undefined {
	const owner = description.s3BucketOwner;
	if (!owner || owner === exporterAccount) return undefined;
	return `The bucket belongs to account ${owner}: objects written there belong to it, and the exporting account usually cannot read them back. Read them as the bucket owner: --reader-profile NAME (a profile of account ${owner}).`;
}

/** A data file's key as the export folder's relative path (data/NAME) when it lies under it. */
function shortKey(key: string, folder: string): string {
	return terminalSafe(key.startsWith(folder) ? key.slice(folder.length) : key);
}

/** The verdict for people, wrapped to `width` columns (a long s3:// path stays whole). */
/** What a reader of the export needs: GetObject on its folder, ListBucket for data/, Decrypt on its key. */
export function readerStatement(bucket: string, manifestKey: string, kmsKeyArn?: string): string {
	const folder = manifestKey.replace(/manifest-summary\.json$/, '');
	const statements: object[] = [
		{Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/${folder}*`},
		{Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}`, Condition: {StringLike: {'s3:prefix': `${folder}*`}}},
	];
	if (kmsKeyArn) statements.push({Effect: 'Allow', Action: 'kms:Decrypt', Resource: kmsKeyArn});
	return terminalSafe(JSON.stringify({Version: '2012-10-17', Statement: statements}, null, 2));
}

export function reportLines(report: VerifyReport, width = 80): string[] {
	const folder = report.manifestSummaryKey.replace(/manifest-summary\.json$/, '');
	const files = report.files.filter((f) => f.status !== 'extra');
	const bad = report.files.filter((f) => f.status !== 'intact' && f.status !== 'unknown').length;
	const headline = {
		intact: `Export intact: ${files.length} data files`,
		damaged: `Export NOT intact: ${bad} of ${report.files.length} files ${bad === 1 ? 'is' : 'are'} damaged, missing, extra or unreadable${report.problems.length ? ', and the manifests disagree' : ''}`,
		unknown: 'Could not tell whether the export is intact',
	}[report.verdict];
	const count = (n: number | null | undefined) => (n === undefined || n === null ? 'unknown' : String(n));
	const lines = [...wrapWords(headline, width), `  s3://${terminalSafe(report.bucket)}/${terminalSafe(folder)}`];
	lines.push(
		...wrapWords(
			`Items: ${count(report.countedItemCount)} counted, ${count(report.manifestItemCount)} in the manifest, ${count(report.summaryItemCount)} in the summary; ${megabytes(report.bytes)} read`,
			width,
			{first: '  ', indent: '  '},
		),
	);
	for (const problem of report.problems) lines.push(...wrapWords(terminalSafe(problem), width, {first: '  ✗ ', indent: '    '}));
	for (const file of report.files) {
		if (file.status === 'intact') continue;
		lines.push(`  ${file.status === 'unknown' ? '?' : '✗'} ${file.status} ${shortKey(file.key, folder)}`);
		for (const problem of file.problems) lines.push(...wrapWords(terminalSafe(problem), width, {first: '      ', indent: '      '}));
	}
	for (const unknown of report.unknowns) {
		if (!report.files.some((f) => f.problems.includes(unknown))) lines.push(...wrapWords(terminalSafe(unknown), width, {first: '  ? ', indent: '    '}));
	}
	return lines;
}

export async function runVerifyCommand(ctx: CommandContext): Promise<number> {
	const text = ctx.options.positionals[0];
	if (text === undefined) throw badInput('verify needs the export ARN: ddb-export verify EXPORT_ARN', [], 'ddb-export list shows the ARNs of recent exports.');
	if (ctx.options.positionals.length > 1) throw badInput(`verify takes one export ARN (got ${ctx.options.positionals.length} arguments).`);
	const parsed = validateExportArn(text);
	if (!parsed.ok) throw badInput(`EXPORT_ARN: ${parsed.message}`);
	const {region, arn, account} = parsed.value;
	const reader = ctx.options.readerProfile;
	if (reader !== undefined) {
		const known = (await ctx.gateway.listProfiles()).map((p) => p.name);
		if (!known.includes(reader)) {
			throw badInput(`--reader-profile: there is no profile "${reader}" in your AWS config or credentials file.`, known.length > 0 ? [`Profiles: ${known.join(', ')}`] : []);
		}
	}
	const session = openSession(ctx, region);
	const stopped = () => new CommandError('Interrupted', 'Stopped verifying.', {exitCode: EXIT.interrupted});
	let description: ExportDescription;
	try {
		description = await session.describeExport(arn, {signal: ctx.signal});
	} catch (error) {
		if (isAbortError(error)) throw stopped();
		if (error instanceof AwsCallError) throw Object.assign(awsFailure(error, {profile: profileOf(ctx), region}), {exitCode: EXIT.unknown});
		throw error;
	}
	if (description.status !== 'COMPLETED' || !description.s3Bucket || !description.exportManifest) {
		const failed = description.status === 'FAILED';
		throw new CommandError('NotCompleted', `The export is ${description.status}: ${failed ? 'a failed export leaves no complete data to verify' : 'verify it once it has COMPLETED'}.`, {
			fix: failed ? undefined : `Wait for it: ddb-export watch ${arn}`,
			exitCode: failed ? EXIT.failed : EXIT.unknown,
		});
	}
	const bucket = description.s3Bucket;
	const owner = description.s3BucketOwner;
	const readerSession = reader === undefined ? session : ctx.gateway.session({profile: reader, region});
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
				ctx.out.progress(`\r\u001b[2K${progressText(p, now - started)}`);
				live = true;
			},
		});
	} catch (error) {
		if (live) ctx.out.progress('\r\u001b[2K');
		if (isAbortError(error) || ctx.signal.aborted) throw stopped();
		if (error instanceof SummaryUnreadable) {
			const described = describeAwsError(error.error, {profile: reader ?? profileOf(ctx), region: bucketRegion, bucket});
			const hint = reader === undefined ? readerHint(description, account) : undefined;
			const who = reader ?? profileOf(ctx);
			// The general S3 advice is about an export's writes; a reader needs reads.
			const fix = error.error.isAccessDenied
				? `${hint ? 'Or give' : 'Give'} ${who ? `the profile ${who}` : 'the reading identity'} this policy to read the export (across accounts the bucket policy must grant it too${description.s3SseKmsKeyId ? ", and the KMS key's policy must allow kms:Decrypt" : ''}):`
				: described.fix;
			throw new CommandError(error.error.code, `Could not read manifest-summary.json, so nothing could be verified: ${described.title}`, {
				cause: [described.cause, hint].filter(Boolean).join(' '),
				fix,
				command: error.error.isAccessDenied ? readerStatement(bucket, description.exportManifest, description.s3SseKmsKeyId) : described.command,
				exitCode: EXIT.unknown,
			});
		}
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
