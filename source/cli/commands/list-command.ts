// `ddb-export list [--table-arn ARN]`: recent exports (AWS keeps them 90 days) with
// their status and type. The Region is the table's, else --region / the profile's.

import {awsStep, badInput, openSession, regionOf, type CommandContext} from './context.js';
import {exportSummaryJson} from './json-shapes.js';

export async function runListCommand(ctx: CommandContext): Promise<number> {
	if (ctx.options.positionals.length > 0) throw badInput(`list takes no arguments (got "${ctx.options.positionals[0]}"); name a table with --table-arn.`);
	const region = await regionOf(ctx, ctx.flags.table?.region);
	const session = openSession(ctx, region);
	const exports = await awsStep(ctx, region, () => session.listExports(ctx.flags.table?.arn, {signal: ctx.signal}));
	const where = ctx.flags.table ? `of ${ctx.flags.table.table}` : `in ${region}`;
	if (exports.length === 0) ctx.out.line(`No exports ${where} in the last 90 days.`);
	else {
		ctx.out.line(`Exports ${where} (newest first as AWS lists them):`);
		const width = Math.max(...exports.map((e) => e.status.length));
		for (const e of exports) ctx.out.line(`  ${e.status.padEnd(width)}  ${(e.exportType ?? '').padEnd(18)}  ${e.exportArn}`);
	}
	ctx.out.result({region, tableArn: ctx.flags.table?.arn, exports: exports.map(exportSummaryJson)});
	return 0;
}
