// `ddb-export watch --batch-token T`: finds a batch's exports from its token alone (an
// export belongs to batch T when its ClientToken is the one T gives its table) in the
// accounts and Regions of the sessions given, and watches them to their end.

import {parseTableArn} from '../arn.js';
import type {ExportPlan} from '../plan.js';
import type {AwsSession, ExportDescription} from '../ports.js';
import type {BatchClock} from './batch-clock.js';
import {tableClientToken} from './batch-token.js';
import {type BatchPlace, findBatchExports} from './find-batch-exports.js';
import {startedState} from './start-queue.js';
import type {BatchItem, BatchItemState, BatchProgress} from './types.js';
import {watchBatch} from './watch-batch.js';

export interface AttachBatchOptions {
	batchToken: string;
	/** One session per account and Region the batch ran in (its profiles). */
	sessions: AwsSession[];
	statusCallsPerMinute?: number;
	describeCompleted?: boolean;
	clock?: BatchClock;
	signal?: AbortSignal;
	onProgress?(progress: BatchProgress): void;
}

/** A batch item rebuilt from its export's description (what DescribeExport says was sent). */
export function itemFromDescription(description: ExportDescription, profile: string | undefined): BatchItem | undefined {
	const tableArn = description.tableArn;
	const parts = tableArn ? parseTableArn(tableArn) : undefined;
	if (!tableArn || !parts) return undefined;
	const plan: ExportPlan = {
		profile,
		region: parts.region,
		tableArn,
		bucket: description.s3Bucket ?? '',
		prefix: description.s3Prefix ?? '',
		sse: description.s3SseAlgorithm === 'KMS' ? 'KMS' : 'AES256',
		format: description.exportFormat === 'ION' ? 'ION' : 'DYNAMODB_JSON',
		type: description.exportType === 'INCREMENTAL_EXPORT' ? 'INCREMENTAL_EXPORT' : 'FULL_EXPORT',
	};
	if (description.s3BucketOwner) plan.bucketOwner = description.s3BucketOwner;
	if (description.s3SseKmsKeyId) plan.kmsKeyId = description.s3SseKmsKeyId;
	if (description.exportTime && plan.type === 'FULL_EXPORT') plan.exportTime = description.exportTime;
	return {plan, clientToken: description.clientToken ?? '', account: parts.account, tableName: parts.table};
}

/**
 * Finds the batch's exports of the last 8 hours (AWS keeps a ClientToken that long; older
 * ones cannot be told from others) and watches those still running. Resolves with every
 * export found, none when the token started nothing there.
 */
export async function attachBatch(options: AttachBatchOptions): Promise<BatchProgress> {
	const places: BatchPlace[] = [];
	for (const session of options.sessions) {
		const {account} = await session.identity({signal: options.signal});
		if (!places.some((p) => p.account === account && p.region === session.region)) places.push({session, account, region: session.region});
	}
	const {found} = await findBatchExports({
		places,
		tokenFor: (tableArn) => tableClientToken(options.batchToken, tableArn),
		clock: options.clock,
		signal: options.signal,
	});
	const items: BatchItem[] = [];
	const states = new Map<string, BatchItemState>();
	const sessionOfTable = new Map<string, AwsSession>();
	for (const [tableArn, description] of found) {
		const place = places.find((p) => p.account === parseTableArn(tableArn)?.account && p.region === parseTableArn(tableArn)?.region);
		const item = place && itemFromDescription(description, place.session.profile);
		if (!place || !item) continue;
		items.push(item);
		states.set(tableArn, startedState(description));
		sessionOfTable.set(tableArn, place.session);
	}
	return watchBatch({
		items,
		states,
		sessionOf: (item) => sessionOfTable.get(item.plan.tableArn)!,
		statusCallsPerMinute: options.statusCallsPerMinute,
		describeCompleted: options.describeCompleted,
		clock: options.clock,
		signal: options.signal,
		onProgress: options.onProgress,
	});
}
