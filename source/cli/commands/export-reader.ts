// What `verify` and `read` share: the export ARN, the profile that reads the files
// (--reader-profile, across accounts the bucket owner's), DescribeExport as --profile with
// the "not completed" answer, a progress line, and a refused manifest explained with the
// reader's policy rather than the export's write advice.

import {describeAwsError} from '../../core/errors.js';
import {AwsCallError, type AwsSession, type ExportDescription} from '../../core/ports.js';
import {terminalSafe} from '../../core/terminal-text.js';
import {validateExportArn} from '../plan-from-flags.js';
import {awsFailure, badInput, EXIT, isAbortError, openSession, profileOf, type CommandContext} from './context.js';
import {CommandError} from './output.js';

export interface ExportReading {
	arn: string;
	/** The export's Region (from its ARN). */
	region: string;
	/** The exporting account (from its ARN). */
	account: string;
	/** --reader-profile, checked to exist. */
	reader?: string;
	description: ExportDescription & {s3Bucket: string; exportManifest: string};
	/** The session that reads the files: the reader's, else --profile's. */
	readerSession: AwsSession;
}

/** Checks the ARN and --reader-profile (before any AWS call), then finds the completed export. */
export async function openExportReading(ctx: CommandContext, command: 'verify' | 'read', stopped: () => CommandError): Promise<ExportReading> {
	const text = ctx.options.positionals[0];
	if (text === undefined) throw badInput(`${command} needs the export ARN: ddb-export ${command} EXPORT_ARN`, [], 'ddb-export list shows the ARNs of recent exports.');
	if (ctx.options.positionals.length > 1) throw badInput(`${command} takes one export ARN (got ${ctx.options.positionals.length} arguments).`);
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
		const why = command === 'verify' ? 'a failed export leaves no complete data to verify' : 'a failed export leaves no complete data to read';
		throw new CommandError('NotCompleted', `The export is ${description.status}: ${failed ? why : `${command} it once it has COMPLETED`}.`, {
			fix: failed ? undefined : `Wait for it: ddb-export watch ${arn}`,
			exitCode: failed ? EXIT.failed : EXIT.unknown,
		});
	}
	const readerSession = reader === undefined ? session : ctx.gateway.session({profile: reader, region});
	const reading: ExportReading = {arn, region, account, description: description as ExportReading['description'], readerSession};
	if (reader !== undefined) reading.reader = reader;
	return reading;
}

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "Verifying: files 3/20 · 12.0 of 80.0 MB · about 9 s left" */
export function progressText(label: string, p: {filesDone: number; filesTotal: number; bytesDone: number; bytesTotal?: number}, elapsedMs: number, extra = ''): string {
	let line = `${label}: files ${p.filesDone}/${p.filesTotal} · ${megabytes(p.bytesDone)}`;
	if (p.bytesTotal) {
		line += ` of ${megabytes(p.bytesTotal)}`;
		if (extra) line += ` · ${extra}`;
		if (p.bytesDone > 0 && elapsedMs > 1000) line += ` · about ${Math.ceil(((p.bytesTotal - p.bytesDone) * elapsedMs) / p.bytesDone / 1000)} s left`;
	} else if (extra) line += ` · ${extra}`;
	return line;
}

/** Who may read the files: across accounts, the bucket owner's profile. */
export function readerHint(description: ExportDescription, exporterAccount: string): string | undefined {
	const owner = description.s3BucketOwner;
	if (!owner || owner === exporterAccount) return undefined;
	return `The bucket belongs to account ${owner}: objects written there belong to it, and the exporting account usually cannot read them back. Read them as the bucket owner: --reader-profile NAME (a profile of account ${owner}).`;
}

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

/**
 * A refused (or failed) read of the export's files, explained for its reader: the cause,
 * across accounts the hint to read as the bucket owner, and the reader's policy. `what`
 * ends the headline: "Could not read manifest-summary.json, so nothing could be verified".
 */
export function refusedReadError(ctx: CommandContext, reading: ExportReading, error: AwsCallError, headline: string, bucketRegion: string): CommandError {
	const {description, reader, account} = reading;
	const bucket = description.s3Bucket;
	const described = describeAwsError(error, {profile: reader ?? profileOf(ctx), region: bucketRegion, bucket});
	const hint = reader === undefined ? readerHint(description, account) : undefined;
	const who = reader ?? profileOf(ctx);
	// The general S3 advice is about an export's writes; a reader needs reads.
	const fix = error.isAccessDenied
		? `${hint ? 'Or give' : 'Give'} ${who ? `the profile ${who}` : 'the reading identity'} this policy to read the export (across accounts the bucket policy must grant it too${description.s3SseKmsKeyId ? ", and the KMS key's policy must allow kms:Decrypt" : ''}):`
		: described.fix;
	return new CommandError(error.code, `${headline}: ${described.title}`, {
		cause: [described.cause, hint].filter(Boolean).join(' '),
		fix,
		command: error.isAccessDenied ? readerStatement(bucket, description.exportManifest, description.s3SseKmsKeyId) : described.command,
		exitCode: EXIT.unknown,
	});
}
