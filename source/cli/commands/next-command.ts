// `ddb-export next EXPORT_ARN`: what to do with a finished export, generated from the
// export (DescribeExport) and its table (DescribeTable): the aws dynamodb import-table
// command that loads it into a new table, and the Athena table over its data folder
// with the query that counts its items. Both printed to be copied as they are.

import {exportDataFolder} from '../../core/next-steps/export-data-folder.js';
import {nextSteps} from '../../core/next-steps/next-steps.js';
import {readSample} from '../../core/next-steps/read-sample.js';
import {nextCommand, watchCommand} from '../../core/render-aws-command.js';
import {exportArnArgument} from './export-arn-argument.js';
import {awsStep, EXIT, openSession, profileOf, type CommandContext} from './context.js';
import {CommandError} from './output.js';
import {exportJson} from './json-shapes.js';

export async function runNextCommand(ctx: CommandContext): Promise<number> {
	const target = exportArnArgument(ctx, 'next');
	const {region} = target;
	const session = openSession(ctx, region);
	const description = await awsStep(ctx, region, () => session.describeExport(target.arn, {signal: ctx.signal}));
	if (description.status !== 'COMPLETED') {
		throw new CommandError('ExportNotCompleted', `The export is ${description.status}: there is nothing to load or query until it is COMPLETED.`, {
			fix: description.status === 'IN_PROGRESS' ? 'Wait for it, then run this again:' : 'Start a new export: ddb-export',
			command: description.status === 'IN_PROGRESS' ? `${watchCommand(target.arn, profileOf(ctx), region)} && ${nextCommand(target.arn, profileOf(ctx))}` : undefined,
			exitCode: EXIT.failed,
		});
	}
	const table = await awsStep(ctx, region, () => session.describeTable(description.tableArn ?? target.tableArn, {signal: ctx.signal}));
	const profile = profileOf(ctx);
	const found = exportDataFolder(description);
	// A sample of items types the Athena columns beyond the key; without one, the key alone.
	const sample = 'problem' in found ? {problem: found.problem} : await readSample(session, description, found, ctx.signal);
	const steps = nextSteps({description, table, profile, region, sample: 'items' in sample ? sample.items : undefined});
	if (!steps.ok) throw new CommandError('NoNextSteps', steps.reason, {exitCode: EXIT.failed});
	const {importTable, athena, folder} = steps;

	const facts = [description.exportType === 'INCREMENTAL_EXPORT' ? 'incremental' : 'full', description.exportFormat ?? 'DYNAMODB_JSON'];
	if (description.itemCount !== undefined) facts.push(`${description.itemCount.toLocaleString('en-US')} items`);
	ctx.out.line(`Export of ${table.name} (${facts.join(', ')})`);
	ctx.out.line(`Data files: ${folder.url}`);
	ctx.out.line();
	if (importTable.ok) {
		ctx.out.line(`Load it into a new table, ${importTable.newTableName} (rename it as you like):`);
		ctx.out.line();
		ctx.out.copyable(importTable.command);
	} else {
		ctx.out.line(`No import-table command: ${importTable.reason}`);
	}
	ctx.out.line();
	const columns = 'items' in sample ? `from the key and ${sample.items.length} sampled items` : `from the key only: ${sample.problem.replace(/\.$/, '')}`;
	ctx.out.line(`Query it with Athena (columns ${columns}):`);
	for (const left of athena.leftOut) ctx.out.line(`  left out: ${left}`);
	ctx.out.line();
	ctx.out.copyable(athena.createTable);
	ctx.out.line();
	ctx.out.copyable(athena.countQuery);
	ctx.out.result({
		export: exportJson(description),
		dataFolder: folder.url,
		importTable: importTable.ok ? {command: importTable.command, argv: importTable.argv, newTableName: importTable.newTableName} : null,
		importTableUnavailable: importTable.ok ? undefined : importTable.reason,
		athena: {
			tableName: athena.name,
			createTable: athena.createTable,
			countQuery: athena.countQuery,
			leftOut: athena.leftOut,
			sample: 'items' in sample ? {items: sample.items.length, dataFileKey: sample.dataFileKey} : {problem: sample.problem},
		},
	});
	return EXIT.ok;
}
