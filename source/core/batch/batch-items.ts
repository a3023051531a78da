// A batch plan becomes one item per table: the single-table ExportPlan every other part of
// the product takes (its prefix expanded), and the table's ClientToken.

import {parseTableArn} from '../arn.js';
import type {ExportPlan} from '../plan.js';
import {tableClientToken} from './batch-token.js';
import {expandPrefixTemplate} from './prefix-template.js';
import type {BatchItem, BatchPlan} from './types.js';

/** What DescribeTable and DescribeContinuousBackups said of a table, when they were read. */
export interface TableFacts {
	sizeBytes?: number;
	itemCount?: number;
	pitrEnabled?: boolean;
}

/**
 * One item per table ARN of the plan's sources, in the sources' order; a table named twice
 * is exported once (the first source's profile). Throws on a table ARN that does not parse:
 * the plan's ARNs were checked when it was made.
 */
export function batchItems(plan: BatchPlan, facts: Map<string, TableFacts> = new Map()): BatchItem[] {
	const items: BatchItem[] = [];
	const seen = new Set<string>();
	const {destination} = plan;
	for (const source of plan.sources) {
		for (const tableArn of source.tableArns) {
			if (seen.has(tableArn)) continue;
			seen.add(tableArn);
			const parts = parseTableArn(tableArn);
			if (!parts) throw new Error(`Not a table ARN: ${tableArn}`);
			const exportPlan: ExportPlan = {
				profile: source.profile,
				region: parts.region,
				tableArn,
				bucket: destination.bucket,
				prefix: expandPrefixTemplate(destination.prefixTemplate, {account: parts.account, region: parts.region, table: parts.table, date: plan.date}),
				sse: destination.sse,
				format: plan.format,
				type: plan.type,
			};
			// S3BucketOwner only where the bucket is another account's: the same request a
			// single export of that table would send.
			if (destination.bucketOwner && destination.bucketOwner !== parts.account) exportPlan.bucketOwner = destination.bucketOwner;
			if (destination.bucketRegion) exportPlan.bucketRegion = destination.bucketRegion;
			if (destination.sse === 'KMS' && destination.kmsKeyId) exportPlan.kmsKeyId = destination.kmsKeyId;
			if (plan.exportTime) exportPlan.exportTime = plan.exportTime;
			if (plan.incremental) exportPlan.incremental = plan.incremental;
			const item: BatchItem = {plan: exportPlan, clientToken: tableClientToken(plan.batchToken, tableArn), account: parts.account, tableName: parts.table};
			const known = facts.get(tableArn);
			if (known?.sizeBytes !== undefined) item.sizeBytes = known.sizeBytes;
			if (known?.itemCount !== undefined) item.itemCount = known.itemCount;
			if (known?.pitrEnabled !== undefined) item.pitrEnabled = known.pitrEnabled;
			items.push(item);
		}
	}
	return items;
}
