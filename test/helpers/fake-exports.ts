// DynamoDB's exports as the batch engine sees them, in simulated time: StartExport with
// ClientToken idempotence and a per-account concurrent-export limit (LimitExceededException
// beyond it), throttling on demand, ListExports pages (newest first, at most 25) and
// DescribeExport. Sessions are recording fakes: every call is kept with its simulated time.

import {AwsCallError, type AwsSession, type ExportDescription, type ExportPage} from '../../source/core/ports.js';
import type {ExportRequest} from '../../source/core/plan.js';
import type {BatchClock} from '../../source/core/batch/batch-clock.js';

export interface FakeExport {
	arn: string;
	tableArn: string;
	account: string;
	clientToken: string;
	request: ExportRequest;
	startTime: number;
	endTime: number;
	fails: boolean;
}

export interface RecordedCall {
	at: number;
	account: string;
	operation: 'startExport' | 'describeExport' | 'listExportsPage';
	/** startExport: the table ARN and token; describeExport: the export ARN; listExportsPage: its arguments. */
	detail: string;
	outcome: string;
}

export interface FakeExportsOptions {
	clock: BatchClock;
	/** Exports IN_PROGRESS at once per account (AWS: about 300). */
	limit: number;
	/** How long the export of a table runs. */
	durationMs: (tableArn: string) => number;
	/** Answers ThrottlingException to this StartExport call (the n-th overall, from 0). */
	throttleStart?: (n: number) => boolean;
	/** Tables whose export fails. */
	failing?: Set<string>;
	/** Tables whose exports DescribeExport refuses (AccessDeniedException). */
	undescribable?: Set<string>;
	/** ListExports pages oldest first (AWS does not document its order; the sandbox lists newest first). */
	oldestFirst?: boolean;
}

export interface FakeExports {
	exports: FakeExport[];
	calls: RecordedCall[];
	session(account: string, region?: string, profile?: string): AwsSession;
	/** Most exports of one account ever IN_PROGRESS at one moment (checked at every start). */
	peakInProgress: Map<string, number>;
}

export function fakeExports(options: FakeExportsOptions): FakeExports {
	const {clock} = options;
	const exports: FakeExport[] = [];
	const calls: RecordedCall[] = [];
	const peakInProgress = new Map<string, number>();
	let starts = 0;
	let seq = 0;
	const statusOf = (e: FakeExport) => (clock.now() < e.endTime ? 'IN_PROGRESS' : e.fails ? 'FAILED' : 'COMPLETED');
	const describe = (e: FakeExport): ExportDescription => {
		const status = statusOf(e);
		const d: ExportDescription = {exportArn: e.arn, status, tableArn: e.tableArn, clientToken: e.clientToken, startTime: new Date(e.startTime), s3Bucket: e.request.S3Bucket, s3Prefix: e.request.S3Prefix};
		if (status === 'COMPLETED') Object.assign(d, {endTime: new Date(e.endTime), itemCount: 100, billedSizeBytes: 4096});
		if (status === 'FAILED') Object.assign(d, {failureCode: 'S3AccessDenied', failureMessage: 'Access Denied (Service: Amazon S3; Status Code: 403)'});
		return d;
	};

	const session = (account: string, region = 'us-east-1', profile?: string): AwsSession => {
		const record = (operation: RecordedCall['operation'], detail: string, outcome: string) => calls.push({at: clock.now(), account, operation, detail, outcome});
		const methods = {
			async identity() {
				return {account, arn: `arn:aws:sts::${account}:assumed-role/DataExporter/batch`, userId: 'AROAEXAMPLE:batch'};
			},
			async startExport(request: ExportRequest) {
				const token = request.ClientToken ?? '';
				const detail = `${request.TableArn} ${token}`;
				if (options.throttleStart?.(starts++)) {
					record('startExport', detail, 'ThrottlingException');
					throw new AwsCallError('dynamodb', 'ExportTableToPointInTime', 'ThrottlingException', 'Rate exceeded', 400);
				}
				const earlier = exports.find((e) => e.clientToken === token && e.account === account);
				if (earlier) {
					record('startExport', detail, 'same token');
					return describe(earlier);
				}
				const inProgress = exports.filter((e) => e.account === account && statusOf(e) === 'IN_PROGRESS').length;
				if (inProgress >= options.limit) {
					record('startExport', detail, 'LimitExceededException');
					throw new AwsCallError('dynamodb', 'ExportTableToPointInTime', 'LimitExceededException', 'Too many concurrent exports', 400);
				}
				const now = clock.now();
				const id = `${String(now).padStart(14, '0')}-${String(seq++).padStart(8, '0')}`;
				const started: FakeExport = {
					arn: `${request.TableArn}/export/${id}`,
					tableArn: request.TableArn,
					account,
					clientToken: token,
					request,
					startTime: now,
					endTime: now + options.durationMs(request.TableArn),
					fails: options.failing?.has(request.TableArn) ?? false,
				};
				exports.push(started);
				peakInProgress.set(account, Math.max(peakInProgress.get(account) ?? 0, inProgress + 1));
				record('startExport', detail, 'started');
				return describe(started);
			},
			async describeExport(exportArn: string) {
				const found = exports.find((e) => e.arn === exportArn && e.account === account);
				if (found && options.undescribable?.has(found.tableArn)) {
					record('describeExport', exportArn, 'AccessDeniedException');
					throw new AwsCallError('dynamodb', 'DescribeExport', 'AccessDeniedException', `User is not authorized to perform: dynamodb:DescribeExport on resource: ${exportArn}`, 400);
				}
				record('describeExport', exportArn, found ? statusOf(found) : 'ExportNotFoundException');
				if (!found) throw new AwsCallError('dynamodb', 'DescribeExport', 'ExportNotFoundException', `Export not found: ${exportArn}`, 400);
				return describe(found);
			},
			async listExportsPage(tableArn: string | undefined, maxResults: number, token: string | undefined): Promise<ExportPage> {
				record('listExportsPage', `${tableArn ?? '-'} ${maxResults} ${token ?? '-'}`, 'ok');
				if (maxResults < 1 || maxResults > 25) throw new AwsCallError('dynamodb', 'ListExports', 'ValidationException', 'MaxResults must be between 1 and 25', 400);
				const all = exports.filter((e) => e.account === account && (!tableArn || e.tableArn === tableArn)).sort((a, b) => (options.oldestFirst ? a.startTime - b.startTime : b.startTime - a.startTime));
				const start = token ? Number(token) : 0;
				const page = all.slice(start, start + maxResults);
				return {
					summaries: page.map((e) => ({exportArn: e.arn, status: statusOf(e), exportType: 'FULL_EXPORT'})),
					nextToken: start + maxResults < all.length ? String(start + maxResults) : undefined,
				};
			},
		};
		return new Proxy({region, profile} as AwsSession, {
			get(target, property) {
				if (property === 'region' || property === 'profile') return target[property];
				if (typeof property !== 'string' || property === 'then') return undefined;
				const method = methods[property as keyof typeof methods];
				if (method) return method;
				return async () => {
					throw new AwsCallError('test', property, 'NotInThisTest', `${property} is not expected in this test.`);
				};
			},
		});
	};
	return {exports, calls, session, peakInProgress};
}
