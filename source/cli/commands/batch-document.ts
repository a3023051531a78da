// What a batch command ends with: its exit code, and the one document of --output json:
// every export's description under AWS's names (as describe-export prints them, so
// --query ExportDescriptions[].ExportArn works as it would on AWS's answers) and a summary.

import type {BatchItemState, BatchProgress} from '../../core/batch/types.js';
import type {ExportDescription} from '../../core/ports.js';
import {awsExportDescription} from '../output/aws-shapes.js';
import {EXIT} from './context.js';

/**
 * 0 when every table completed; 1 when one failed or was skipped; 2 when some did not reach
 * an end that could be seen (still running or queued when the watch had to stop).
 */
export function batchExitCode(progress: Pick<BatchProgress, 'counts'>): number {
	const c = progress.counts;
	if (c.failed > 0 || c.skipped > 0) return EXIT.failed;
	if (c.queued + c.starting + c.running > 0) return EXIT.unknown;
	return EXIT.ok;
}

function tableSummary(state: BatchItemState | undefined): Record<string, unknown> {
	if (!state) return {Status: 'UNKNOWN'};
	switch (state.kind) {
		case 'skipped':
			return {Status: 'SKIPPED', Reason: state.reason};
		case 'queued':
		case 'starting':
			return {Status: 'NOT_STARTED'};
		case 'running':
			return {Status: 'IN_PROGRESS', ExportArn: state.exportArn};
		case 'completed':
			return {Status: 'COMPLETED', ExportArn: state.exportArn};
		case 'failed':
			return {Status: 'FAILED', ExportArn: state.exportArn, FailureCode: state.code, FailureMessage: state.message, Explanation: state.explanation};
	}
}

/** {"ExportDescriptions": [...], "Summary": {...}}: one per export started or found. */
export function batchDocument(progress: BatchProgress, batchToken: string, descriptions: Map<string, ExportDescription> = new Map()) {
	const c = progress.counts;
	return {
		ExportDescriptions: progress.items.flatMap((item) => {
			const state = progress.states.get(item.plan.tableArn);
			const description = state?.kind === 'completed' ? state.description : descriptions.get(item.plan.tableArn);
			return description ? [awsExportDescription(description)] : [];
		}),
		Summary: {
			BatchToken: batchToken,
			Tables: progress.items.length,
			Completed: c.completed,
			Failed: c.failed,
			Skipped: c.skipped,
			NotFinished: c.queued + c.starting + c.running,
			StatusCalls: progress.statusCalls,
			Items: progress.items.map((item) => ({
				TableArn: item.plan.tableArn,
				Account: item.account,
				TableName: item.tableName,
				S3Prefix: item.plan.prefix,
				ClientToken: item.clientToken,
				...tableSummary(progress.states.get(item.plan.tableArn)),
			})),
		},
	};
}
