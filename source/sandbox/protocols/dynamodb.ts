// DynamoDB control plane over awsJson1_0 (X-Amz-Target: DynamoDB_20120810.Op): tables,
// point-in-time recovery and exports.

import type {ExportParameters, ExportRecord} from '../export-record.js';
import {pitrEarliest} from '../exports.js';
import {epochSeconds, requiredString, ServiceError, stringParam, type HandlerRequest} from '../wire.js';
import {sandboxTableKey} from '../table-keys.js';
import type {Table} from '../world.js';
import {checkPermission, jsonProtocol, type JsonOperation} from './json.js';
import type {Protocol, SandboxContext} from './protocol.js';

const contentType = 'application/x-amz-json-1.0';
const fiveMinutesMs = 5 * 60 * 1000;

function errorType(code: string): string {
	if (/^(AccessDeniedException|UnrecognizedClientException|ExpiredTokenException|InvalidSignatureException|MissingAuthenticationTokenException|ValidationException|SerializationException|UnknownOperationException)$/.test(code)) {
		return `com.amazon.coral.service#${code}`;
	}
	if (code === 'ThrottlingException') return `com.amazon.coral.availability#${code}`;
	return `com.amazonaws.dynamodb.v20120810#${code}`;
}

type TableRef = {account: string; name: string; arn: string};

/** TableName may be a name or a table ARN. */
function tableRef(request: HandlerRequest, name: string): TableRef {
	const m = /^arn:aws:dynamodb:([a-z0-9-]+):(\d{12}):table\/(.+)$/.exec(name);
	if (m) return {account: m[2]!, name: m[3]!, arn: name};
	const account = request.caller.account;
	return {account, name, arn: `arn:aws:dynamodb:${request.region}:${account}:table/${name}`};
}

function describeTable(table: Table): Record<string, unknown> {
	const description: Record<string, unknown> = {
		TableName: table.name,
		TableArn: table.arn,
		TableId: table.id,
		TableStatus: 'ACTIVE',
		CreationDateTime: epochSeconds(table.createdAt),
		ItemCount: table.itemCount,
		TableSizeBytes: table.sizeBytes,
		KeySchema: sandboxTableKey(table.name).map((k) => ({AttributeName: k.attributeName, KeyType: k.keyType})),
		AttributeDefinitions: sandboxTableKey(table.name).map((k) => ({AttributeName: k.attributeName, AttributeType: k.attributeType})),
		BillingModeSummary: {BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: epochSeconds(table.createdAt)},
		ProvisionedThroughput: {NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0},
		DeletionProtectionEnabled: false,
		TableClassSummary: {TableClass: 'STANDARD'},
	};
	if (table.kmsKeyArn) description.SSEDescription = {Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: table.kmsKeyArn};
	return description;
}

function continuousBackups(table: Table, now: number): Record<string, unknown> {
	const pitr: Record<string, unknown> = {PointInTimeRecoveryStatus: table.pitr.enabled ? 'ENABLED' : 'DISABLED'};
	if (table.pitr.enabled) {
		const earliest = pitrEarliest(table.pitr, now);
		pitr.EarliestRestorableDateTime = epochSeconds(earliest);
		pitr.LatestRestorableDateTime = epochSeconds(Math.max(earliest, now - fiveMinutesMs));
		pitr.RecoveryPeriodInDays = table.pitr.periodDays;
	}
	return {ContinuousBackupsDescription: {ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: pitr}};
}

function exportDescription(record: ExportRecord): Record<string, unknown> {
	const p = record.params;
	return {
		ExportArn: record.arn,
		ExportStatus: record.status,
		StartTime: epochSeconds(record.startTime),
		EndTime: record.endTime === undefined ? undefined : epochSeconds(record.endTime),
		ExportManifest: record.exportManifest,
		TableArn: p.tableArn,
		TableId: record.tableId,
		ExportTime: epochSeconds(record.exportTime),
		ClientToken: record.clientToken,
		S3Bucket: p.s3Bucket,
		S3BucketOwner: p.s3BucketOwner,
		S3Prefix: p.s3Prefix,
		S3SseAlgorithm: p.s3SseAlgorithm,
		S3SseKmsKeyId: p.s3SseKmsKeyId,
		FailureCode: record.failureCode,
		FailureMessage: record.failureMessage,
		ExportFormat: p.exportFormat,
		BilledSizeBytes: record.billedSizeBytes,
		ItemCount: record.itemCount,
		ExportType: p.exportType,
		IncrementalExportSpecification: p.incremental
			? {ExportFromTime: epochSeconds(p.incremental.from), ExportToTime: epochSeconds(p.incremental.to), ExportViewType: p.incremental.viewType}
			: undefined,
	};
}

function timeParam(value: unknown): number | undefined {
	return typeof value === 'number' ? Math.round(value * 1000) : undefined;
}

function exportParameters(input: Record<string, unknown>): ExportParameters {
	const algorithm = stringParam(input, 'S3SseAlgorithm') ?? 'AES256';
	if (algorithm !== 'AES256' && algorithm !== 'KMS') {
		throw new ServiceError(400, 'ValidationException', `1 validation error detected: Value '${algorithm}' at 's3SseAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [KMS, AES256]`);
	}
	const format = stringParam(input, 'ExportFormat') ?? 'DYNAMODB_JSON';
	const type = stringParam(input, 'ExportType') ?? 'FULL_EXPORT';
	if ((format !== 'DYNAMODB_JSON' && format !== 'ION') || (type !== 'FULL_EXPORT' && type !== 'INCREMENTAL_EXPORT')) {
		throw new ServiceError(400, 'ValidationException', 'ExportFormat must be DYNAMODB_JSON or ION and ExportType FULL_EXPORT or INCREMENTAL_EXPORT');
	}
	const spec = input.IncrementalExportSpecification as Record<string, unknown> | undefined;
	const bucket = requiredString(input, 'S3Bucket');
	const params: ExportParameters = {
		tableArn: requiredString(input, 'TableArn'),
		s3Bucket: bucket,
		s3BucketOwner: stringParam(input, 'S3BucketOwner'),
		s3Prefix: stringParam(input, 'S3Prefix'),
		s3SseAlgorithm: algorithm,
		s3SseKmsKeyId: stringParam(input, 'S3SseKmsKeyId'),
		exportFormat: format,
		exportType: type,
		exportTime: type === 'FULL_EXPORT' ? timeParam(input.ExportTime) : undefined,
	};
	if (type === 'INCREMENTAL_EXPORT' && spec) {
		const from = timeParam(spec.ExportFromTime);
		const to = timeParam(spec.ExportToTime);
		if (from === undefined || to === undefined) {
			throw new ServiceError(400, 'ValidationException', 'ExportFromTime and ExportToTime are required for an incremental export');
		}
		const view = spec.ExportViewType === 'NEW_IMAGE' ? 'NEW_IMAGE' : 'NEW_AND_OLD_IMAGES';
		params.incremental = {from, to, viewType: view};
	}
	return params;
}

function pageToken(value: string | undefined): number {
	const n = value === undefined ? 0 : Number.parseInt(value, 10);
	if (!Number.isFinite(n) || n < 0) throw new ServiceError(400, 'ValidationException', 'Invalid NextToken');
	return n;
}

function findTable(context: SandboxContext, request: HandlerRequest, ref: TableRef, code: string, message: (n: string) => string): Table {
	const table = context.world.table(ref.account, request.region, ref.name);
	if (!table) throw new ServiceError(400, code, message(ref.name));
	return table;
}

const operations: Record<string, JsonOperation> = {
	ListTables(request, context, input) {
		checkPermission(request, context, 'dynamodb:ListTables', `arn:aws:dynamodb:${request.region}:${request.caller.account}:table/*`);
		const limit = typeof input.Limit === 'number' ? input.Limit : 100;
		if (limit < 1 || limit > 100) {
			throw new ServiceError(400, 'ValidationException', `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100`);
		}
		const names = context.world.tableNames(request.caller.account, request.region);
		const after = stringParam(input, 'ExclusiveStartTableName');
		let start = 0;
		if (after !== undefined) {
			// Binary search: the first name greater than the one given.
			let lo = 0;
			let hi = names.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (names[mid]! <= after) lo = mid + 1;
				else hi = mid;
			}
			start = lo;
		}
		const page = names.slice(start, start + limit);
		const more = start + limit < names.length;
		return {TableNames: page, LastEvaluatedTableName: more ? page[page.length - 1] : undefined};
	},
	DescribeTable(request, context, input) {
		const ref = tableRef(request, requiredString(input, 'TableName'));
		checkPermission(request, context, 'dynamodb:DescribeTable', ref.arn);
		const table = findTable(context, request, ref, 'ResourceNotFoundException', (n) => `Requested resource not found: Table: ${n} not found`);
		return {Table: describeTable(table)};
	},
	DescribeContinuousBackups(request, context, input) {
		const ref = tableRef(request, requiredString(input, 'TableName'));
		checkPermission(request, context, 'dynamodb:DescribeContinuousBackups', ref.arn);
		const table = findTable(context, request, ref, 'TableNotFoundException', (n) => `Table not found: ${n}`);
		return continuousBackups(table, context.world.now());
	},
	UpdateContinuousBackups(request, context, input) {
		const ref = tableRef(request, requiredString(input, 'TableName'));
		checkPermission(request, context, 'dynamodb:UpdateContinuousBackups', ref.arn);
		const table = findTable(context, request, ref, 'TableNotFoundException', (n) => `Table not found: ${n}`);
		const spec = input.PointInTimeRecoverySpecification as Record<string, unknown> | undefined;
		if (!spec || typeof spec.PointInTimeRecoveryEnabled !== 'boolean') {
			throw new ServiceError(400, 'ValidationException', "1 validation error detected: Value null at 'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint: Member must not be null");
		}
		const days = typeof spec.RecoveryPeriodInDays === 'number' ? spec.RecoveryPeriodInDays : 35;
		if (days < 1 || days > 35) throw new ServiceError(400, 'ValidationException', 'RecoveryPeriodInDays must be between 1 and 35');
		const now = context.world.now();
		// Turning PITR on starts the window now: nothing older can be exported.
		if (spec.PointInTimeRecoveryEnabled && !table.pitr.enabled) table.pitr = {enabled: true, since: now, periodDays: days};
		else if (spec.PointInTimeRecoveryEnabled) table.pitr.periodDays = days;
		else table.pitr = {...table.pitr, enabled: false};
		return continuousBackups(table, now);
	},
	ExportTableToPointInTime(request, context, input) {
		const params = exportParameters(input);
		checkPermission(request, context, 'dynamodb:ExportTableToPointInTime', params.tableArn);
		const token = stringParam(input, 'ClientToken') ?? request.requestId;
		const record = context.exports.start(request.caller, request.region, params, token);
		return {ExportDescription: exportDescription(record)};
	},
	DescribeExport(request, context, input) {
		const arn = requiredString(input, 'ExportArn');
		checkPermission(request, context, 'dynamodb:DescribeExport', arn);
		const record = context.exports.find(arn);
		if (!record || record.account !== request.caller.account) {
			throw new ServiceError(400, 'ExportNotFoundException', `Export not found: ${arn}`);
		}
		return {ExportDescription: exportDescription(record)};
	},
	ListExports(request, context, input) {
		const tableArn = stringParam(input, 'TableArn');
		checkPermission(request, context, 'dynamodb:ListExports', tableArn ?? '*');
		const max = typeof input.MaxResults === 'number' ? input.MaxResults : 25;
		if (max < 1 || max > 25) throw new ServiceError(400, 'ValidationException', 'MaxResults must be between 1 and 25');
		const all = context.exports.list(request.caller.account, request.region, tableArn);
		const start = pageToken(stringParam(input, 'NextToken'));
		const page = all.slice(start, start + max);
		return {
			ExportSummaries: page.map((e) => ({ExportArn: e.arn, ExportStatus: e.status, ExportType: e.params.exportType})),
			NextToken: start + max < all.length ? String(start + max) : undefined,
		};
	},
};

export const dynamodb: Protocol = jsonProtocol({
	service: 'dynamodb',
	targetPrefix: 'DynamoDB_20120810',
	contentType,
	operations,
	throttle: [400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.'],
	serverError: [500, 'InternalServerError', 'Internal server error'],
	errorType,
});
