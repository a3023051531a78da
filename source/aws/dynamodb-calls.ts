// DynamoDB operations, mapped from SDK shapes to the plain data of core/ports.ts.

import type {
	ContinuousBackupsDescription,
	ExportDescription as SdkExportDescription,
	TableDescription,
} from '@aws-sdk/client-dynamodb';
import type {ExportRequest} from '../core/plan.js';
import type {ExportDescription, ExportPage, ExportSummary, PageOptions, PitrStatus, TableDetails} from '../core/ports.js';
import type {ClientPool} from './clients.js';

export async function listTables(pool: ClientPool, region: string, options: PageOptions<string> = {}): Promise<string[]> {
	const all: string[] = [];
	let start: string | undefined;
	do {
		const page = await pool.call('dynamodb', region, 'ListTables', options.signal, (m, c, o) =>
			c.send(new m.ListTablesCommand({Limit: 100, ExclusiveStartTableName: start}), o),
		);
		const names = page.TableNames ?? [];
		all.push(...names);
		options.onPage?.(names);
		start = page.LastEvaluatedTableName;
	} while (start);
	return all;
}

export async function describeTable(pool: ClientPool, region: string, tableName: string, signal?: AbortSignal): Promise<TableDetails> {
	const out = await pool.call('dynamodb', region, 'DescribeTable', signal, (m, c, o) =>
		c.send(new m.DescribeTableCommand({TableName: tableName}), o),
	);
	return tableDetailsOf(out.Table, tableName);
}

export function tableDetailsOf(table: TableDescription | undefined, fallbackName: string): TableDetails {
	const sse = table?.SSEDescription;
	// No SSEDescription (or SSEType AES256 on old tables) means the AWS owned key.
	const kms = sse?.SSEType === 'KMS' || Boolean(sse?.KMSMasterKeyArn);
	const details: TableDetails = {
		name: table?.TableName ?? fallbackName,
		arn: table?.TableArn ?? '',
		status: table?.TableStatus ?? 'UNKNOWN',
		encryption: kms ? {type: 'KMS', ...(sse?.KMSMasterKeyArn ? {kmsKeyArn: sse.KMSMasterKeyArn} : {}), ...(sse?.Status ? {status: sse.Status} : {})} : {type: 'DEFAULT'},
	};
	if (table?.ItemCount !== undefined) details.itemCount = table.ItemCount;
	if (table?.TableSizeBytes !== undefined) details.sizeBytes = table.TableSizeBytes;
	if (table?.KeySchema) details.keySchema = table.KeySchema.map((k) => ({attributeName: k.AttributeName ?? '', keyType: k.KeyType ?? ''}));
	if (table?.AttributeDefinitions) {
		details.attributeDefinitions = table.AttributeDefinitions.map((a) => ({attributeName: a.AttributeName ?? '', attributeType: a.AttributeType ?? ''}));
	}
	// DescribeTable leaves BillingModeSummary out for tables that were always provisioned.
	if (table) details.billingMode = table.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
	const capacity = table?.ProvisionedThroughput;
	if (details.billingMode === 'PROVISIONED' && capacity?.ReadCapacityUnits && capacity.WriteCapacityUnits) {
		details.provisioned = {readCapacityUnits: capacity.ReadCapacityUnits, writeCapacityUnits: capacity.WriteCapacityUnits};
	}
	return details;
}

export async function describeContinuousBackups(pool: ClientPool, region: string, tableName: string, signal?: AbortSignal): Promise<PitrStatus> {
	const out = await pool.call('dynamodb', region, 'DescribeContinuousBackups', signal, (m, c, o) =>
		c.send(new m.DescribeContinuousBackupsCommand({TableName: tableName}), o),
	);
	return pitrOf(out.ContinuousBackupsDescription);
}

export async function enablePitr(pool: ClientPool, region: string, tableName: string, signal?: AbortSignal): Promise<PitrStatus> {
	const out = await pool.call('dynamodb', region, 'UpdateContinuousBackups', signal, (m, c, o) =>
		c.send(
			new m.UpdateContinuousBackupsCommand({
				TableName: tableName,
				PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true},
			}),
			o,
		),
	);
	return pitrOf(out.ContinuousBackupsDescription);
}

export function pitrOf(description: ContinuousBackupsDescription | undefined): PitrStatus {
	const pitr = description?.PointInTimeRecoveryDescription;
	const status: PitrStatus = {enabled: pitr?.PointInTimeRecoveryStatus === 'ENABLED'};
	if (pitr?.EarliestRestorableDateTime) status.earliest = pitr.EarliestRestorableDateTime;
	if (pitr?.LatestRestorableDateTime) status.latest = pitr.LatestRestorableDateTime;
	if (pitr?.RecoveryPeriodInDays !== undefined) status.recoveryPeriodDays = pitr.RecoveryPeriodInDays;
	return status;
}

/** The request is sent as given: its ClientToken makes the SDK's retries idempotent. */
export async function startExport(pool: ClientPool, region: string, request: ExportRequest, signal?: AbortSignal): Promise<ExportDescription> {
	const out = await pool.call('dynamodb', region, 'ExportTableToPointInTime', signal, (m, c, o) =>
		c.send(new m.ExportTableToPointInTimeCommand({...request}), o),
	);
	return exportDescriptionOf(out.ExportDescription);
}

export async function describeExport(pool: ClientPool, region: string, exportArn: string, signal?: AbortSignal): Promise<ExportDescription> {
	const out = await pool.call('dynamodb', region, 'DescribeExport', signal, (m, c, o) =>
		c.send(new m.DescribeExportCommand({ExportArn: exportArn}), o),
	);
	return exportDescriptionOf(out.ExportDescription);
}

export async function listExports(
	pool: ClientPool,
	region: string,
	tableArn: string | undefined,
	options: PageOptions<ExportSummary> = {},
): Promise<ExportSummary[]> {
	const all: ExportSummary[] = [];
	let token: string | undefined;
	do {
		const page = await listExportsPage(pool, region, tableArn, 25, token, options.signal);
		all.push(...page.summaries);
		options.onPage?.(page.summaries);
		token = page.nextToken;
	} while (token);
	return all;
}

export async function listExportsPage(
	pool: ClientPool,
	region: string,
	tableArn: string | undefined,
	maxResults: number,
	token: string | undefined,
	signal?: AbortSignal,
): Promise<ExportPage> {
	const page = await pool.call('dynamodb', region, 'ListExports', signal, (m, c, o) =>
		c.send(new m.ListExportsCommand({TableArn: tableArn, MaxResults: maxResults, NextToken: token}), o),
	);
	const summaries = (page.ExportSummaries ?? []).map((s): ExportSummary => {
		const summary: ExportSummary = {exportArn: s.ExportArn ?? '', status: s.ExportStatus ?? 'UNKNOWN'};
		if (s.ExportType) summary.exportType = s.ExportType;
		return summary;
	});
	return page.NextToken ? {summaries, nextToken: page.NextToken} : {summaries};
}

export function exportDescriptionOf(d: SdkExportDescription | undefined): ExportDescription {
	const out: ExportDescription = {exportArn: d?.ExportArn ?? '', status: d?.ExportStatus ?? 'UNKNOWN'};
	const copy = <K extends keyof ExportDescription>(key: K, value: ExportDescription[K] | undefined) => {
		if (value !== undefined && value !== null) out[key] = value;
	};
	copy('tableArn', d?.TableArn);
	copy('startTime', d?.StartTime);
	copy('endTime', d?.EndTime);
	copy('exportTime', d?.ExportTime);
	copy('itemCount', d?.ItemCount);
	copy('billedSizeBytes', d?.BilledSizeBytes);
	copy('exportManifest', d?.ExportManifest);
	copy('failureCode', d?.FailureCode);
	copy('failureMessage', d?.FailureMessage);
	copy('s3Bucket', d?.S3Bucket);
	copy('s3BucketOwner', d?.S3BucketOwner);
	copy('s3Prefix', d?.S3Prefix);
	copy('s3SseAlgorithm', d?.S3SseAlgorithm);
	copy('s3SseKmsKeyId', d?.S3SseKmsKeyId);
	copy('exportFormat', d?.ExportFormat);
	copy('exportType', d?.ExportType);
	copy('clientToken', d?.ClientToken);
	const spec = d?.IncrementalExportSpecification;
	if (spec) {
		const incremental: NonNullable<ExportDescription['incremental']> = {};
		if (spec.ExportFromTime) incremental.from = spec.ExportFromTime;
		if (spec.ExportToTime) incremental.to = spec.ExportToTime;
		if (spec.ExportViewType) incremental.viewType = spec.ExportViewType;
		out.incremental = incremental;
	}
	if (d) out.aws = {...d};
	return out;
}
