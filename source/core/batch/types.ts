// Batches (issue 17): many tables, of one or more source accounts, exported to one
// destination in one run. These are the shapes shared by the batch engine (plan, queue,
// watcher), the batch checks, the commands and the Ink screens; each piece lives in its
// own file next to this one. Plain data only: no React, no SDK.

import type {CheckReport} from '../checks/run-checks.js';
import type {CheckResult} from '../checks/types.js';
import type {ExportFormat, ExportPlan, ExportType, IncrementalSpec, SseAlgorithm} from '../plan.js';
import type {ExportDescription, PitrStatus, TableDetails} from '../ports.js';

/** Where the tables come from: one set of credentials (a profile) in one Region. */
export interface BatchSource {
	/** Profile name; undefined means credentials from the environment. */
	profile?: string;
	region: string;
	/** The tables chosen in this account and Region (full table ARNs). */
	tableArns: string[];
}

/** The one destination every table of the batch goes to. */
export interface BatchDestination {
	bucket: string;
	/** Account that owns the bucket, when it is not every source's own (becomes S3BucketOwner). */
	bucketOwner?: string;
	bucketRegion?: string;
	/**
	 * The prefix with placeholders {account}, {region}, {table} and {date} (UTC YYYY-MM-DD),
	 * expanded per table by prefix-template.ts. A batch's default is '{table}/'.
	 */
	prefixTemplate: string;
	sse: SseAlgorithm;
	kmsKeyId?: string;
}

export interface BatchPlan {
	sources: BatchSource[];
	destination: BatchDestination;
	format: ExportFormat;
	type: ExportType;
	/** Point in time of full exports; undefined means "latest restorable". */
	exportTime?: Date;
	incremental?: IncrementalSpec;
	/**
	 * Names the batch: every table's ClientToken is derived from it and the table ARN
	 * (batch-token.ts), so re-running the same batch within 8 hours starts nothing twice.
	 */
	batchToken: string;
	/** The UTC day {date} stands for, fixed when the plan is made (a run across midnight keeps it). */
	date: string;
	/** Start tables whose own checks failed anyway (--force). Shared failures still stop the batch. */
	force: boolean;
}

/** One table of a batch, with its own export plan (prefix expanded) and ClientToken. */
export interface BatchItem {
	/** The single-table plan: the same shape every other part of the product takes. */
	plan: ExportPlan;
	clientToken: string;
	/** Account and table name, from the table ARN. */
	account: string;
	tableName: string;
	/** From DescribeTable, when read (shown in the plan table and the selection count). */
	sizeBytes?: number;
	itemCount?: number;
	/** From DescribeContinuousBackups, when read. */
	pitrEnabled?: boolean;
}

/** Where one table of a batch is. */
export type BatchItemState =
	/** Not started, and never will be in this run: why (its check failed, PITR off…). */
	| {kind: 'skipped'; reason: string}
	/** Waiting for a free export slot (the account's concurrent-export limit) or the pace. */
	| {kind: 'queued'}
	| {kind: 'starting'}
	| {kind: 'running'; exportArn: string; startTime?: Date}
	| {kind: 'completed'; exportArn: string; description: ExportDescription}
	/** The export failed, or could not be started; `explanation` is the diagnosis shown. */
	| {kind: 'failed'; exportArn?: string; code: string; message: string; explanation?: string};

/** Check results of a batch: shared ones once per source and destination, the rest per table. */
export interface BatchCheckReport {
	/**
	 * Checks that hold for every table of one source (credentials, bucket, bucket policy, key,
	 * key policy, permissions, organisation, write probe), keyed by source profile
	 * ('(environment)' for none).
	 */
	shared: Map<string, CheckResult[]>;
	/** Table and PITR checks, keyed by table ARN. */
	perTable: Map<string, CheckResult[]>;
	/** Tables whose PITR is off (one offer turns it on for all of them). */
	pitrOff: string[];
	/** 'failed' when a shared check failed: the batch does not start. */
	overall: 'passed' | 'failed' | 'unknown';
	/** AWS calls the checks made (the bench counts shared versus per table). */
	calls?: number;
	/** Of `calls`, those made by the shared checks (all sources), and by the table checks. */
	sharedCalls?: number;
	tableCalls?: number;
	/**
	 * Per source (keys as in `shared`): its shared run's report, with the facts it read (who
	 * the caller is, the bucket and key policies, a boundary or SCP that refuses): what the
	 * batch's policy snippets are built from (batch-policies.ts).
	 */
	sources?: Map<string, CheckReport>;
	/** Per table ARN: its DescribeTable and DescribeContinuousBackups answers, when read. */
	tables?: Map<string, {table?: TableDetails; pitr?: PitrStatus}>;
}

/** The whole batch at one moment: what the watch screen, line mode and JSON render. */
export interface BatchProgress {
	items: BatchItem[];
	/** Keyed by table ARN. */
	states: Map<string, BatchItemState>;
	counts: {queued: number; starting: number; running: number; completed: number; failed: number; skipped: number};
	/** Status calls (ListExports pages and DescribeExport) made so far while watching. */
	statusCalls: number;
	/**
	 * Why statuses could not be read lately (ListExports or DescribeExport refused, the
	 * network), while the watcher keeps trying; undefined when the last calls answered.
	 */
	watchProblem?: string;
}
