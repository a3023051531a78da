// The ddb-export command that runs the same batch without questions: every table ARN, the
// destination with the prefix template as typed, and the batch token, so running it again
// within 8 hours starts nothing twice (each table's ClientToken comes from the token).

import type {BatchPlan} from './batch/types.js';
import {exportCommandArgv, renderShellCommand} from './render-aws-command.js';

export function batchCommandArgv(plan: BatchPlan): string[] {
	const {destination} = plan;
	// The destination and options flags are the single export's (the ones the aws CLI takes).
	const shared = exportCommandArgv(
		{
			region: '',
			tableArn: '',
			bucket: destination.bucket,
			bucketOwner: destination.bucketOwner,
			prefix: destination.prefixTemplate,
			sse: destination.sse,
			kmsKeyId: destination.kmsKeyId,
			format: plan.format,
			type: plan.type,
			exportTime: plan.exportTime,
			incremental: plan.incremental,
		},
		{profile: '', region: ''},
	).slice(3);
	const withoutTable = shared.filter((arg, i) => arg !== '--table-arn' && shared[i - 1] !== '--table-arn');
	const argv = ['ddb-export', '--yes'];
	for (const source of plan.sources) for (const arn of source.tableArns) argv.push('--table-arn', arn);
	argv.push(...withoutTable, '--batch-token', plan.batchToken);
	if (plan.force) argv.push('--force');
	for (const source of plan.sources) if (source.profile) argv.push('--profile', source.profile);
	const region = plan.sources[0]?.region;
	if (region) argv.push('--region', region);
	return argv;
}

/** The batch command, one flag a line (" \" continuations), ready to paste. */
export function renderBatchCommand(plan: BatchPlan): string {
	return renderShellCommand(batchCommandArgv(plan), {multiline: true});
}

/** Watching the batch again after Ctrl-C, or from another terminal. */
export function batchWatchCommand(plan: Pick<BatchPlan, 'batchToken' | 'sources'>): string {
	const argv = ['ddb-export', 'watch', '--batch-token', plan.batchToken];
	for (const source of plan.sources) if (source.profile) argv.push('--profile', source.profile);
	const region = plan.sources[0]?.region;
	if (region) argv.push('--region', region);
	return renderShellCommand(argv);
}
