// `ddb-export list [--table-arn ARN] [--max-items N] [--starting-token TOKEN]`: recent
// exports (AWS keeps them 90 days), with what a person asks of each one: the table,
// status, type, export time, start and end, destination. ListExports gives only the
// ARN, status and type, so each listed export is described too (a few at a time).
// Pages as aws dynamodb list-exports does: --max-items stops after N and prints a
// NextToken that --starting-token takes. The Region is the table's, else --region /
// the profile's.

import {isAbortError, type AwsSession, type ExportDescription, type ExportSummary} from '../../core/ports.js';
import {formatUtc} from '../../core/time-input.js';
import {awsExportSummary} from '../output/aws-shapes.js';
import {awsStep, badInput, openSession, regionOf, type CommandContext} from './context.js';
import {exportJson, exportSummaryJson} from './json-shapes.js';

/** DescribeExport calls in flight at once: quick for a page of 25, gentle on the API. */
const DESCRIBE_AT_ONCE = 5;

interface Listed {
	summaries: ExportSummary[];
	nextToken?: string;
}

/** Every page, or pages until `maxItems` (asking each page for no more than is still wanted, so nothing is cut). */
async function listPages(ctx: CommandContext, session: AwsSession, region: string, tableArn: string | undefined): Promise<Listed> {
	const {maxItems, startingToken} = ctx.options;
	const summaries: ExportSummary[] = [];
	let token = startingToken;
	do {
		const wanted = maxItems === undefined ? 25 : Math.min(25, maxItems - summaries.length);
		const page = await awsStep(ctx, region, () => session.listExportsPage(tableArn, wanted, token, {signal: ctx.signal}));
		summaries.push(...page.summaries);
		token = page.nextToken;
	} while (token && (maxItems === undefined || summaries.length < maxItems));
	return token ? {summaries, nextToken: token} : {summaries};
}

/** Each export's description; one that cannot be read keeps its summary (and says why). */
async function describeAll(ctx: CommandContext, session: AwsSession, summaries: ExportSummary[]): Promise<(ExportDescription | {error: string})[]> {
	const results: (ExportDescription | {error: string})[] = new Array(summaries.length);
	let next = 0;
	const worker = async () => {
		while (next < summaries.length) {
			const i = next++;
			try {
				results[i] = await session.describeExport(summaries[i]!.exportArn, {signal: ctx.signal});
			} catch (error) {
				if (isAbortError(error)) throw error;
				results[i] = {error: (error as Error).message};
			}
		}
	};
	await Promise.all(Array.from({length: Math.min(DESCRIBE_AT_ONCE, summaries.length)}, worker));
	return results;
}

const tableOf = (arn: string) => /:table\/([^/]+)/.exec(arn)?.[1] ?? arn;
const destinationOf = (d: ExportDescription) => (d.s3Bucket ? `s3://${d.s3Bucket}/${d.s3Prefix ?? ''}` : '');

function exportLines(summary: ExportSummary, described: ExportDescription | {error: string}): string[] {
	const head = `${summary.status.padEnd(11)} ${(summary.exportType ?? '').padEnd(18)} ${tableOf(summary.exportArn)}`;
	if ('error' in described) return [head, `    details unknown: ${described.error}`, `    ${summary.exportArn}`];
	const d = described;
	const when = d.exportTime ? `as of ${formatUtc(d.exportTime)}` : '';
	const span = [d.startTime ? `started ${formatUtc(d.startTime)}` : '', d.endTime ? `ended ${formatUtc(d.endTime)}` : ''].filter(Boolean).join(', ');
	return [`${head}  ${when}`.trimEnd(), ...(span ? [`    ${span}`] : []), ...(destinationOf(d) ? [`    to ${destinationOf(d)}`] : []), `    ${summary.exportArn}`];
}

export async function runListCommand(ctx: CommandContext): Promise<number> {
	if (ctx.options.positionals.length > 0) throw badInput(`list takes no arguments (got "${ctx.options.positionals[0]}"); name a table with --table-arn.`);
	const region = await regionOf(ctx, ctx.flags.table?.region);
	const session = openSession(ctx, region);
	const listed = await listPages(ctx, session, region, ctx.flags.table?.arn);
	const described = await describeAll(ctx, session, listed.summaries);
	const where = ctx.flags.table ? `of ${ctx.flags.table.table}` : `in ${region}`;
	if (listed.summaries.length === 0) ctx.out.line(`No exports ${where} in the last 90 days.`);
	else {
		ctx.out.line(`Exports ${where} (newest first as AWS lists them):`);
		listed.summaries.forEach((summary, i) => {
			for (const line of exportLines(summary, described[i]!)) ctx.out.line(`  ${line}`);
		});
	}
	if (listed.nextToken) ctx.out.line(`More: ddb-export list --starting-token ${listed.nextToken}${ctx.options.maxItems ? ` --max-items ${ctx.options.maxItems}` : ''}`);
	ctx.out.result({
		region,
		tableArn: ctx.flags.table?.arn,
		// As aws dynamodb list-exports prints them.
		ExportSummaries: listed.summaries.map(awsExportSummary),
		NextToken: listed.nextToken,
		exports: listed.summaries.map((summary, i) => {
			const d = described[i]!;
			return 'error' in d ? {...exportSummaryJson(summary), detailsUnknown: d.error} : {...exportJson(d), ...exportSummaryJson(summary)};
		}),
	});
	return 0;
}
