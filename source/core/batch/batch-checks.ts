// The checks of a batch: what every table of a source shares (credentials, bucket, bucket
// policy, key, key policy, permissions, organisation, write probe) runs once per source
// against the one destination; the table and its PITR are checked per table, a bounded
// number at a time. Both are the single-table checks (run-checks.ts) on the tables' own
// plans: the shared run is given every table of its source (FactsScope), so the simulator
// is asked about all their ARNs in one call per kind of resource, the bucket policy is
// judged for every prefix, and the organisation's SCPs for every table's requests.

import type {Settled} from '../checks/check-errors.js';
import type {FactsScope} from '../checks/check-facts.js';
import {overallOf, rerunChecks, type CheckReport} from '../checks/run-checks.js';
import {CHECK_TITLES} from '../checks/check-titles.js';
import type {CheckId, CheckResult} from '../checks/types.js';
import type {AwsSession, CallerIdentity, TableDetails} from '../ports.js';
import {concurrencyLimit} from './concurrency-limit.js';
import type {BatchCheckReport, BatchItem, BatchPlan, BatchSource} from './types.js';

/** Checks that hold for every table of a source: run once per source. */
export const SHARED_CHECKS: readonly CheckId[] = ['credentials', 'bucket', 'bucket-policy', 'kms-key', 'key-policy', 'permissions', 'organization', 'write-probe'];
/** Checks of one table: run per table (one DescribeTable and one DescribeContinuousBackups). */
export const TABLE_CHECKS: readonly CheckId[] = ['table', 'pitr'];

/**
 * Tables checked at once per source (each with its two calls in flight together). The
 * bench's budget is about one round trip per 50 tables; 25 keeps 50 calls in flight, the
 * SDK's sockets per client, far below DynamoDB's control-plane throttle (2,500 a second).
 */
export const DEFAULT_TABLE_CONCURRENCY = 25;

export interface BatchCheckContext {
	plan: BatchPlan;
	items: BatchItem[];
	sessionFor(source: BatchSource): AwsSession;
	/** Whether the write probe may run (once per source). */
	probe: boolean;
	signal?: AbortSignal;
	now?: () => Date;
	/** Tables checked at once per source; DEFAULT_TABLE_CONCURRENCY when absent. */
	concurrency?: number;
}

const ENVIRONMENT = '(environment)';

/**
 * The key of a source in BatchCheckReport.shared: its profile ('(environment)' for none);
 * with the Region added when the batch has that profile in more than one Region.
 */
export function sourceKey(source: Pick<BatchSource, 'profile' | 'region'>, sources: ReadonlyArray<Pick<BatchSource, 'profile' | 'region'>> = [source]): string {
	const name = source.profile ?? ENVIRONMENT;
	const regions = new Set(sources.filter((s) => s.profile === source.profile).map((s) => s.region));
	return regions.size > 1 ? `${name} (${source.region})` : name;
}

/**
 * The items of one source: its chosen tables, in the batch's order. A table whose ARN names
 * another Region than the source's is still its own (and checked: its table check then says
 * that the table is not found in the source's Region), never left unchecked.
 */
export function itemsOfSource(items: readonly BatchItem[], source: BatchSource): BatchItem[] {
	const chosen = new Set(source.tableArns);
	return items.filter((item) => chosen.has(item.plan.tableArn) && item.plan.profile === source.profile);
}

/**
 * Runs every check of the batch and reports each change (a new report each time). Never
 * rejects because of a check; rejects only with AbortError (or an error thrown by onUpdate).
 */
export async function runBatchChecks(ctx: BatchCheckContext, onUpdate: (report: BatchCheckReport) => void): Promise<BatchCheckReport> {
	ctx.signal?.throwIfAborted();
	const live = new LiveReport(ctx, onUpdate);
	live.flush();
	await settleRun(live, Promise.all(ctx.plan.sources.map((source) => checkSource(ctx, source, live))));
	return live.snapshot();
}

/** Waits for the run; its last state is reported at once, and nothing after a stop. */
async function settleRun(live: LiveReport, run: Promise<unknown>): Promise<void> {
	try {
		await run;
	} catch (error) {
		live.cancel();
		throw error;
	}
	live.flush();
}

/**
 * Runs the table checks again for some tables (after PITR was turned on for them, say) and
 * keeps everything else of `previous`. Sessions cache reads: a change made elsewhere is seen
 * after AwsSession.forgetReads().
 */
export async function rerunBatchTables(
	ctx: BatchCheckContext,
	previous: BatchCheckReport,
	tableArns: readonly string[],
	onUpdate: (report: BatchCheckReport) => void,
): Promise<BatchCheckReport> {
	ctx.signal?.throwIfAborted();
	const live = new LiveReport(ctx, onUpdate, previous);
	const wanted = new Set(tableArns);
	live.markPending([...wanted]);
	live.flush();
	const runs = ctx.plan.sources.map(async (source) => {
		const key = sourceKey(source, ctx.plan.sources);
		const identity = previous.sources?.get(key)?.identity;
		const items = itemsOfSource(ctx.items, source).filter((item) => wanted.has(item.plan.tableArn));
		if (!items.length || !identity) return;
		const limit = concurrencyLimit(ctx.concurrency ?? DEFAULT_TABLE_CONCURRENCY);
		const session = ctx.sessionFor(source);
		const known = Promise.resolve(identity);
		await Promise.all(items.map((item) => limit(() => checkTable(ctx, session, item, known, live))));
	});
	await settleRun(live, Promise.all(runs));
	return live.snapshot();
}

const NOTHING_YET: CheckReport = {results: [], overall: 'unknown'};

async function checkSource(ctx: BatchCheckContext, source: BatchSource, live: LiveReport): Promise<void> {
	const items = itemsOfSource(ctx.items, source);
	if (!items.length) return;
	const session = ctx.sessionFor(source);
	// One GetCallerIdentity for the source, shared by its shared checks and every table
	// check, which all start at once (its refusal is the Credentials check's to explain).
	const identity = askIdentity(ctx, session);
	const limit = concurrencyLimit(ctx.concurrency ?? DEFAULT_TABLE_CONCURRENCY);
	const tableRuns = items.map((item) => limit(() => checkTable(ctx, session, item, identity.promise, live)));
	const tables = () => Promise.all(tableRuns.map(tableRead));
	await Promise.all([checkShared(ctx, source, items, session, identity, tables, live), ...tableRuns]);
}

/** Who the caller is, asked once; `calls` says whether it was asked here. */
interface SharedIdentity {
	promise: Promise<CallerIdentity>;
	calls(): number;
}

function askIdentity(ctx: BatchCheckContext, session: AwsSession): SharedIdentity {
	let calls = 0;
	const promise = Promise.resolve().then(() => {
		ctx.signal?.throwIfAborted();
		calls++;
		return session.identity({signal: ctx.signal});
	});
	promise.catch(() => {});
	return {promise, calls: () => calls};
}

/** The shared checks of one source, for all its tables (their DescribeTable answers from `tables`). */
async function checkShared(
	ctx: BatchCheckContext,
	source: BatchSource,
	items: BatchItem[],
	session: AwsSession,
	identity: SharedIdentity,
	tables: FactsScope['tables'],
	live: LiveReport,
): Promise<void> {
	const key = sourceKey(source, ctx.plan.sources);
	const scope: FactsScope = {plans: items.map((item) => item.plan), tables};
	const report = await rerunChecks(
		{plan: items[0]!.plan, session, probe: ctx.probe, signal: ctx.signal, now: ctx.now, scope, identity: identity.promise},
		[...SHARED_CHECKS],
		NOTHING_YET,
		(results) => live.setShared(key, results),
	);
	const calls = (report.calls ?? 0) + identity.calls();
	live.addCalls('shared', calls);
	live.setSource(key, {...report, calls});
	live.emit();
}

/**
 * Runs the shared checks again for the sources whose keys are given (every source when
 * none are), after a policy was applied, say; the table checks' results and reads are
 * kept, so no table is described again. Sessions cache reads: a change made elsewhere is
 * seen after AwsSession.forgetReads().
 */
export async function rerunBatchShared(
	ctx: BatchCheckContext,
	previous: BatchCheckReport,
	keys: readonly string[] | undefined,
	onUpdate: (report: BatchCheckReport) => void,
): Promise<BatchCheckReport> {
	ctx.signal?.throwIfAborted();
	const live = new LiveReport(ctx, onUpdate, previous);
	const chosen = ctx.plan.sources.filter((source) => (!keys || keys.includes(sourceKey(source, ctx.plan.sources))) && itemsOfSource(ctx.items, source).length > 0);
	for (const source of chosen) live.setShared(sourceKey(source, ctx.plan.sources), SHARED_CHECKS.map(pending));
	live.flush();
	const runs = chosen.map((source) => {
		const items = itemsOfSource(ctx.items, source);
		const session = ctx.sessionFor(source);
		const known = previous.sources?.get(sourceKey(source, ctx.plan.sources))?.identity;
		const identity: SharedIdentity = known ? {promise: Promise.resolve(known), calls: () => 0} : askIdentity(ctx, session);
		const tables = async () =>
			items.map((item): Settled<TableDetails> => {
				const table = previous.tables?.get(item.plan.tableArn)?.table;
				return table ? {ok: true, value: table} : {ok: false, error: new Error('DescribeTable did not answer')};
			});
		return checkShared(ctx, source, items, session, identity, tables, live);
	});
	await settleRun(live, Promise.all(runs));
	return live.snapshot();
}

/** One table's checks, with its source's caller. */
async function checkTable(ctx: BatchCheckContext, session: AwsSession, item: BatchItem, identity: Promise<CallerIdentity>, live: LiveReport): Promise<CheckReport> {
	const arn = item.plan.tableArn;
	const report = await rerunChecks(
		{plan: item.plan, session, probe: false, signal: ctx.signal, now: ctx.now, identity},
		[...TABLE_CHECKS],
		NOTHING_YET,
		(results) => live.setTable(arn, results),
	);
	live.addCalls('table', report.calls);
	live.setTableFacts(arn, report);
	live.emit();
	return report;
}

/** A table run's DescribeTable answer, for the shared checks (never rejects). */
function tableRead(run: Promise<CheckReport>): Promise<Settled<TableDetails>> {
	return run.then(
		(report): Settled<TableDetails> => (report.table ? {ok: true, value: report.table} : {ok: false, error: new Error('DescribeTable did not answer')}),
		(error: unknown): Settled<TableDetails> => ({ok: false, error}),
	);
}

/** The report while it is being made: changed in place, handed out as copies. */
class LiveReport {
	private readonly shared = new Map<string, CheckResult[]>();
	private readonly perTable = new Map<string, CheckResult[]>();
	private readonly sources = new Map<string, CheckReport>();
	private readonly tables = new Map<string, {table?: TableDetails; pitr?: CheckReport['pitr']}>();
	private sharedCalls = 0;
	private tableCalls = 0;

	constructor(
		private readonly ctx: BatchCheckContext,
		private readonly onUpdate: (report: BatchCheckReport) => void,
		previous?: BatchCheckReport,
	) {
		if (previous) {
			for (const [key, results] of previous.shared) this.shared.set(key, results);
			for (const [arn, results] of previous.perTable) this.perTable.set(arn, results);
			for (const [key, report] of previous.sources ?? []) this.sources.set(key, report);
			for (const [arn, facts] of previous.tables ?? []) this.tables.set(arn, facts);
			this.sharedCalls = previous.sharedCalls ?? 0;
			this.tableCalls = previous.tableCalls ?? 0;
			return;
		}
		for (const source of ctx.plan.sources) {
			const items = itemsOfSource(ctx.items, source);
			if (!items.length) continue;
			this.shared.set(sourceKey(source, ctx.plan.sources), SHARED_CHECKS.map(pending));
			for (const item of items) this.perTable.set(item.plan.tableArn, TABLE_CHECKS.map(pending));
		}
	}

	setShared(key: string, results: CheckResult[]): void {
		this.shared.set(key, results);
		this.emit();
	}

	setTable(tableArn: string, results: CheckResult[]): void {
		this.perTable.set(tableArn, results);
		this.emit();
	}

	markPending(tableArns: string[]): void {
		for (const arn of tableArns) if (this.perTable.has(arn)) this.perTable.set(arn, TABLE_CHECKS.map(pending));
	}

	setSource(key: string, report: CheckReport): void {
		this.sources.set(key, report);
	}

	setTableFacts(tableArn: string, report: CheckReport): void {
		const known = this.tables.get(tableArn);
		this.tables.set(tableArn, {table: report.table ?? known?.table, pitr: report.pitr ?? known?.pitr});
	}

	addCalls(kind: 'shared' | 'table', calls: number | undefined): void {
		if (kind === 'shared') this.sharedCalls += calls ?? 0;
		else this.tableCalls += calls ?? 0;
	}

	private scheduled: ReturnType<typeof setImmediate> | undefined;

	/**
	 * Reports the change, once per turn of the event loop however many tables changed in it
	 * (hundreds of table checks change state in bursts; each report is a copy of all of them).
	 */
	emit(): void {
		this.scheduled ??= setImmediate(() => this.flush());
	}

	/** Reports now what is pending (the last report of a run is never left to a later turn). */
	flush(): void {
		if (this.scheduled) clearImmediate(this.scheduled);
		this.scheduled = undefined;
		this.onUpdate(this.snapshot());
	}

	/** Drops a pending report (the run was stopped). */
	cancel(): void {
		if (this.scheduled) clearImmediate(this.scheduled);
		this.scheduled = undefined;
	}

	snapshot(): BatchCheckReport {
		const perTable = new Map(this.perTable);
		return {
			shared: new Map(this.shared),
			perTable,
			pitrOff: [...perTable].filter(([, results]) => results.some(isPitrOff)).map(([arn]) => arn),
			overall: batchOverall(this.shared, perTable, this.ctx.plan.force),
			calls: this.sharedCalls + this.tableCalls,
			sharedCalls: this.sharedCalls,
			tableCalls: this.tableCalls,
			sources: new Map(this.sources),
			tables: new Map(this.tables),
		};
	}
}

function pending(id: CheckId): CheckResult {
	return {id, title: CHECK_TITLES[id], status: 'pending', summary: 'Waiting.'};
}

/** The PITR check failed because recovery is off (not because the time is outside its window). */
export function isPitrOff(result: CheckResult): boolean {
	return result.id === 'pitr' && result.status === 'failed' && result.fix?.action?.kind === 'enable-pitr';
}

/**
 * 'failed' when a shared check failed (nothing starts), or when every table failed its
 * own checks and force is off (nothing would start); 'unknown' while a check runs or when
 * one could not tell; else 'passed' (tables whose own checks failed are skipped).
 */
function batchOverall(shared: ReadonlyMap<string, CheckResult[]>, perTable: ReadonlyMap<string, CheckResult[]>, force: boolean): BatchCheckReport['overall'] {
	const sharedOverall = overallOf([...shared.values()].flat());
	if (sharedOverall === 'failed') return 'failed';
	const tables = [...perTable.values()];
	if (!force && tables.length > 0 && tables.every((results) => results.some((r) => r.status === 'failed'))) return 'failed';
	if (sharedOverall === 'unknown') return 'unknown';
	const tableOverall = overallOf(tables.flat().filter((r) => r.status !== 'failed'));
	return tableOverall === 'unknown' ? 'unknown' : 'passed';
}

/**
 * Tables not to start, with the reason said for each (runBatch's skip map): those whose own
 * checks failed, unless the plan says force. Shared failures are not here: they stop the
 * whole batch (overall 'failed').
 */
export function skipReasons(report: Pick<BatchCheckReport, 'perTable'>, plan: Pick<BatchPlan, 'force'>): Map<string, string> {
	const reasons = new Map<string, string>();
	if (plan.force) return reasons;
	for (const [tableArn, results] of report.perTable) {
		const failed = results.filter((r) => r.status === 'failed');
		if (failed.length) reasons.set(tableArn, failed.map((r) => `${r.title}: ${r.summary}`).join(' '));
	}
	return reasons;
}
