// A batch as the engine would hand it to the screens: 50 tables of one account (one with
// PITR off), a central bucket in another account, and a moment of its run (5 running under
// the account's limit, the rest queued, some done, one failed, one skipped).

import type {BatchItem, BatchItemState, BatchPlan, BatchProgress} from '../../source/core/batch/types.js';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
export const BATCH_TOKEN = 'b7e1c2d4-5f60-4a7b-8c9d-0e1f2a3b4c5d';

export function batchPlan(tables = 50): BatchPlan {
	return {
		sources: [{profile: 'default', region: REGION, tableArns: tableNames(tables).map(arnOf)}],
		destination: {bucket: 'lake-exports', bucketOwner: '222222222222', bucketRegion: REGION, prefixTemplate: '{table}/', sse: 'AES256'},
		format: 'DYNAMODB_JSON',
		type: 'FULL_EXPORT',
		batchToken: BATCH_TOKEN,
		date: '2026-12-06',
		force: false,
	};
}

export const tableNames = (n: number) => Array.from({length: n}, (_, i) => `orders-${String(i).padStart(3, '0')}`);
export const arnOf = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;

export function batchItems(plan: BatchPlan): BatchItem[] {
	return plan.sources[0]!.tableArns.map((tableArn, i) => {
		const tableName = tableArn.split('/').pop()!;
		return {
			plan: {profile: 'default', region: REGION, tableArn, bucket: 'lake-exports', bucketOwner: '222222222222', bucketRegion: REGION, prefix: `${tableName}/`, sse: 'AES256', format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'},
			clientToken: `token-${i}`,
			account: ACCOUNT,
			tableName,
			sizeBytes: i === 3 ? undefined : 1_000_000 + i * 12_345,
			itemCount: 3500 + i,
			pitrEnabled: i !== 7,
		};
	});
}

const exportArn = (item: BatchItem, n: number) => `${item.plan.tableArn}/export/0179658${String(n).padStart(6, '0')}-d8ab7b29`;

/** 12 completed, 5 running, 1 failed (Access Denied), orders-007 skipped (PITR off), the rest queued. */
export function batchProgress(plan = batchPlan(), now = Date.parse('2026-12-06T22:30:00Z')): BatchProgress {
	const items = batchItems(plan);
	const states = new Map<string, BatchItemState>();
	const counts = {queued: 0, starting: 0, running: 0, completed: 0, failed: 0, skipped: 0};
	items.forEach((item, i) => {
		let state: BatchItemState;
		if (i === 7) state = {kind: 'skipped', reason: 'PITR is off for orders-007 (the check failed); turn it on and run the batch again.'};
		else if (i === 9) {
			state = {
				kind: 'failed',
				exportArn: exportArn(item, i),
				code: 'S3AccessDenied',
				message: 'Access Denied (Service: Amazon S3; Status Code: 403)',
				explanation: 'The bucket policy of lake-exports (account 222222222222) does not let account 111111111111 write under orders-009/: add the statement the checks offered, then run the batch again.',
			};
		} else if (i < 13) {
			const start = new Date(now - 120_000 + i * 1000);
			state = {kind: 'completed', exportArn: exportArn(item, i), description: {exportArn: exportArn(item, i), status: 'COMPLETED', startTime: start, endTime: new Date(start.getTime() + 65_000), itemCount: item.itemCount, billedSizeBytes: item.sizeBytes}};
		} else if (i < 18) state = {kind: 'running', exportArn: exportArn(item, i), startTime: new Date(now - 20_000 - i * 1000)};
		else state = {kind: 'queued'};
		counts[state.kind]++;
		states.set(item.plan.tableArn, state);
	});
	return {items, states, counts, statusCalls: 4};
}
