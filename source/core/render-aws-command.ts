// The `aws` commands the product prints: the export itself (so a person can see,
// keep or script exactly what the wizard will do) and the follow-up commands it
// suggests. Flag names and value formats are the AWS CLI v2's; quoting is POSIX sh.

import {parseExportArn, parseTableArn} from './arn.js';
import {toExportRequest} from './plan.js';
import type {ExportPlan} from './plan.js';
import {formatIso} from './time-input.js';

export interface RenderOptions {
	clientToken?: string;
	/** Overrides plan.profile; '' leaves --profile out. */
	profile?: string;
	/** Overrides plan.region; '' leaves --region out. */
	region?: string;
	endpointUrl?: string;
	/** One flag per line, joined with " \" and a newline. */
	multiline?: boolean;
}

// Characters that mean nothing to a POSIX shell in an argument: no quoting needed.
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument, quoted for sh/bash/zsh only when it needs it. */
export function shellQuote(arg: string): string {
	if (arg === '') return "''";
	if (SHELL_SAFE.test(arg)) return arg;
	return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * argv → one command line. Multiline puts each `--flag [value]` on its own line
 * (" \" + newline + two spaces), the way the AWS docs print long commands.
 */
export function renderShellCommand(argv: string[], options: {multiline?: boolean} = {}): string {
	const quoted = argv.map(shellQuote);
	if (!options.multiline) return quoted.join(' ');
	const lines: string[][] = [[]];
	argv.forEach((arg, i) => {
		if (arg.startsWith('--') && lines[lines.length - 1]!.length > 0) lines.push([]);
		lines[lines.length - 1]!.push(quoted[i]!);
	});
	return lines.map((line) => line.join(' ')).join(' \\\n  ');
}

/**
 * `--flag value`, or `--flag=value` when the value starts with "-": the CLI's
 * argument parser would otherwise take such a value for another flag.
 */
function flag(name: string, value: string): string[] {
	return value.startsWith('-') ? [`${name}=${value}`] : [name, value];
}

function commonFlags(profile?: string, region?: string, endpointUrl?: string): string[] {
	const argv: string[] = [];
	if (profile) argv.push(...flag('--profile', profile));
	if (region) argv.push(...flag('--region', region));
	if (endpointUrl) argv.push(...flag('--endpoint-url', endpointUrl));
	return argv;
}

/** The export as an argv (for tests and for running it), in the order the AWS docs use. */
export function exportCommandArgv(plan: ExportPlan, options: RenderOptions = {}): string[] {
	const request = toExportRequest(plan, options.clientToken);
	const argv = ['aws', 'dynamodb', 'export-table-to-point-in-time'];
	argv.push(...flag('--table-arn', request.TableArn));
	argv.push(...flag('--s3-bucket', request.S3Bucket));
	if (request.S3BucketOwner) argv.push(...flag('--s3-bucket-owner', request.S3BucketOwner));
	if (request.S3Prefix) argv.push(...flag('--s3-prefix', request.S3Prefix));
	argv.push('--s3-sse-algorithm', request.S3SseAlgorithm);
	if (request.S3SseKmsKeyId) argv.push(...flag('--s3-sse-kms-key-id', request.S3SseKmsKeyId));
	argv.push('--export-format', request.ExportFormat);
	if (request.ExportTime) argv.push('--export-time', formatIso(request.ExportTime));
	if (request.ExportType === 'INCREMENTAL_EXPORT') {
		argv.push('--export-type', 'INCREMENTAL_EXPORT');
		const spec = request.IncrementalExportSpecification;
		if (spec) {
			argv.push(
				'--incremental-export-specification',
				`ExportFromTime=${formatIso(spec.ExportFromTime)},ExportToTime=${formatIso(spec.ExportToTime)},ExportViewType=${spec.ExportViewType}`,
			);
		}
	}
	if (request.ClientToken) argv.push(...flag('--client-token', request.ClientToken));
	argv.push(...commonFlags(options.profile ?? plan.profile, options.region ?? plan.region, options.endpointUrl));
	return argv;
}

/** `aws dynamodb export-table-to-point-in-time …` exactly as the wizard will call it. */
export function renderAwsCommand(plan: ExportPlan, options: RenderOptions = {}): string {
	return renderShellCommand(exportCommandArgv(plan, options), {multiline: options.multiline});
}

/** Table name and Region from a name or a table ARN (the ARN's Region wins when none is given). */
function tableTarget(table: string, region?: string): {name: string; region?: string} {
	const parsed = parseTableArn(table);
	return parsed ? {name: parsed.table, region: region ?? parsed.region} : {name: table, region};
}

/** The command that turns on point-in-time recovery, which every export needs. */
export function pitrEnableCommand(table: string, profile?: string, region?: string, endpointUrl?: string): string {
	const target = tableTarget(table, region);
	return renderShellCommand([
		'aws',
		'dynamodb',
		'update-continuous-backups',
		...flag('--table-name', target.name),
		'--point-in-time-recovery-specification',
		'PointInTimeRecoveryEnabled=true',
		...commonFlags(profile, target.region, endpointUrl),
	]);
}

/** Watching an export from the CLI; the Region comes from the export ARN when not given. */
export function describeExportCommand(exportArn: string, profile?: string, region?: string, endpointUrl?: string): string {
	const arnRegion = parseExportArn(exportArn)?.region;
	return renderShellCommand([
		'aws',
		'dynamodb',
		'describe-export',
		...flag('--export-arn', exportArn),
		...commonFlags(profile, region ?? arnRegion, endpointUrl),
	]);
}

/** This tool's own command to watch an export again, after Ctrl-C or from another terminal. */
export function watchCommand(exportArn: string, profile: string | undefined, region: string): string {
	return renderShellCommand(['ddb-export', 'watch', exportArn, ...commonFlags(profile, region)]);
}

/** This tool's command that prints what to do with a completed export (the Region is the ARN's). */
export function nextCommand(exportArn: string, profile?: string): string {
	return renderShellCommand(['ddb-export', 'next', exportArn, ...commonFlags(profile)]);
}

/** Lists a folder of a bucket (the export's data files): `aws s3 ls s3://bucket/prefix/`. */
export function s3ListCommand(s3Url: string, profile?: string, region?: string): string {
	return renderShellCommand(['aws', 's3', 'ls', s3Url, ...commonFlags(profile, region)]);
}

export function ssoLoginCommand(profile: string): string {
	return renderShellCommand(['aws', 'sso', 'login', ...flag('--profile', profile)]);
}
