// The one ddb-export command that runs a batch again: its table flags as given (a list
// stays a list, --all-tables stays --all-tables), its destination and options, and its
// batch token, so a re-run starts nothing twice and skips what completed.

import type {BatchPlan} from '../../core/batch/types.js';
import {renderShellCommand} from '../../core/render-aws-command.js';
import {formatIso} from '../../core/time-input.js';
import type {CliOptions} from '../arguments.js';
import type {BatchFlags} from '../batch-plan-from-flags.js';

/** Named tables beyond this many are said as the file they came from, or --tables-from -. */
const TABLE_FLAGS_SHOWN = 4;

export function batchCommandArgv(options: CliOptions, flags: BatchFlags, plan: BatchPlan, command: 'export' | 'watch' = 'export'): string[] {
	const argv = ['ddb-export'];
	if (command === 'watch') argv.push('watch');
	for (const profile of flags.profiles) argv.push('--profile', profile);
	if (options.region !== undefined) argv.push('--region', options.region);
	if (flags.allTables) {
		argv.push('--all-tables');
		if (flags.allTables.filter !== undefined) argv.push('--table-filter', flags.allTables.filter);
	} else if (options.tablesFrom !== undefined && options.tablesFrom !== '-') {
		for (const arn of options.tableArns) argv.push('--table-arn', arn);
		argv.push('--tables-from', options.tablesFrom);
	} else if (flags.tables.length <= TABLE_FLAGS_SHOWN) {
		for (const table of flags.tables) argv.push('--table-arn', table.arn.arn);
	} else {
		argv.push('--tables-from', 'TABLES_FILE');
	}
	if (command === 'export') {
		const {destination} = plan;
		argv.push('--s3-bucket', destination.bucket);
		if (destination.bucketOwner) argv.push('--s3-bucket-owner', destination.bucketOwner);
		argv.push('--s3-prefix', destination.prefixTemplate);
		if (destination.sse === 'KMS') {
			argv.push('--s3-sse-algorithm', 'KMS');
			if (destination.kmsKeyId) argv.push('--s3-sse-kms-key-id', destination.kmsKeyId);
		}
		if (plan.format !== 'DYNAMODB_JSON') argv.push('--export-format', plan.format);
		if (plan.type === 'INCREMENTAL_EXPORT' && plan.incremental) {
			const spec = plan.incremental;
			argv.push('--export-type', 'INCREMENTAL_EXPORT', '--incremental-export-specification', `ExportFromTime=${formatIso(spec.from)},ExportToTime=${formatIso(spec.to)},ExportViewType=${spec.viewType}`);
		} else if (plan.exportTime) argv.push('--export-time', formatIso(plan.exportTime));
		if (plan.force) argv.push('--force');
		if (!options.probe) argv.push('--no-probe');
	}
	if (options.endpointUrl !== undefined) argv.push('--endpoint-url', options.endpointUrl);
	argv.push('--batch-token', plan.batchToken);
	if (options.demo) argv.push(`--demo=${options.demo}`);
	return argv;
}

export function batchCommandLine(options: CliOptions, flags: BatchFlags, plan: BatchPlan, command: 'export' | 'watch' = 'export'): string {
	return renderShellCommand(batchCommandArgv(options, flags, plan, command));
}
