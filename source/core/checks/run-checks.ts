// Runs the prerequisite checks concurrently, each as soon as its inputs are known,
// and reports every change of state to the caller (the Ink view, line mode, JSON).

import type {ExportPlan} from '../plan.js';
import {isAbortError, type AwsSession, type CallerIdentity} from '../ports.js';
import {CheckFacts, type FactSeed, type FactsScope} from './check-facts.js';
import {CHECK_ORDER, CHECK_TITLES} from './check-titles.js';
import {DependencyError, unexpectedVerdict, type CheckVerdict} from './check-errors.js';
import {checkBucket} from './bucket-check.js';
import {checkBucketPolicy} from './bucket-policy-check.js';
import {checkCredentials} from './credentials-check.js';
import {checkKeyPolicy, checkKmsKey} from './kms-checks.js';
import type {Caller} from './needed-access.js';
import {checkOrganization, type ScpDeny} from './organization-check.js';
import type {BoundaryFinding} from './permissions-boundary.js';
import type {StatementRepair} from '../policy/statement-repair.js';
import {checkPermissions} from './permissions-check.js';
import {checkPitr, checkTable} from './table-checks.js';
import type {CheckId, CheckResult} from './types.js';
import {checkWriteProbe} from './write-probe-check.js';

export {CHECK_ORDER, CHECK_TITLES};

export interface CheckContext {
	plan: ExportPlan;
	session: AwsSession;
	/** Whether the write probe may run (--no-probe makes it false). */
	probe: boolean;
	signal?: AbortSignal;
	now?: () => Date;
	/** Several tables whose shared checks run once (one source of a batch, see check-facts.ts). */
	scope?: FactsScope;
	/** Who the caller is, when another run asks too (see check-facts.ts). */
	identity?: Promise<CallerIdentity>;
}

/** The facts read (bucket policy: null when the bucket has none, undefined when not read). */
export interface CheckReport extends FactSeed {
	results: CheckResult[];
	/** Role/user ARN used for simulation and policy snippets. */
	callerPolicyArn?: string;
	overall: 'passed' | 'failed' | 'unknown';
	/** AWS calls made by this run. */
	calls?: number;
	/** The permissions boundary that refuses part of the export (permissions check). */
	boundary?: BoundaryFinding;
	/** SCPs that surely deny part of the export (organisation check). */
	scpDenies?: ScpDeny[];
	/** Bucket-policy statements to narrow so that they stop refusing the export (bucket-policy check). */
	bucketRepairs?: StatementRepair[];
	/** No bucket owner in the plan, and the bucket is another account's (bucket check). */
	bucketOwnerUnknown?: boolean;
}

const CHECKS: Record<CheckId, (facts: CheckFacts) => Promise<CheckVerdict>> = {
	credentials: checkCredentials,
	table: checkTable,
	pitr: checkPitr,
	bucket: checkBucket,
	'bucket-policy': checkBucketPolicy,
	'kms-key': checkKmsKey,
	'key-policy': checkKeyPolicy,
	permissions: checkPermissions,
	organization: checkOrganization,
	'write-probe': checkWriteProbe,
};

/** Never rejects because of a check; rejects only with AbortError (or an error thrown by onUpdate). */
export function runChecks(ctx: CheckContext, onUpdate: (results: CheckResult[]) => void): Promise<CheckReport> {
	return execute(ctx, CHECK_ORDER, undefined, onUpdate);
}

/**
 * Re-runs some checks (after a fix) and keeps the other results. Checks that could not
 * run because of a re-run check go again too; facts owned by re-run checks are read afresh.
 */
export function rerunChecks(
	ctx: CheckContext,
	ids: CheckId[],
	previous: CheckReport,
	onUpdate: (results: CheckResult[]) => void,
): Promise<CheckReport> {
	const wanted = new Set(ids);
	for (let grew = true; grew; ) {
		grew = false;
		for (const r of previous.results) {
			if (r.blockedBy && wanted.has(r.blockedBy) && !wanted.has(r.id)) {
				wanted.add(r.id);
				grew = true;
			}
		}
	}
	return execute(ctx, CHECK_ORDER.filter((id) => wanted.has(id)), previous, onUpdate);
}

/** 0 all passed (warnings allowed), 1 any failed, 2 none failed but some unknown. */
export function checkExitCode(report: Pick<CheckReport, 'results'>): 0 | 1 | 2 {
	const overall = overallOf(report.results);
	return overall === 'failed' ? 1 : overall === 'unknown' ? 2 : 0;
}

export function overallOf(results: CheckResult[]): CheckReport['overall'] {
	if (results.some((r) => r.status === 'failed')) return 'failed';
	if (results.some((r) => r.status === 'unknown' || r.status === 'pending' || r.status === 'running')) return 'unknown';
	return 'passed';
}

/**
 * The result of a check that could not run because an input owned by check `owner` failed
 * (`ownerStatus` is how that check ended; `original` the input's error, when it passed).
 */
export function notCheckedResult(id: CheckId, owner: CheckId, ownerStatus: CheckResult['status'] | undefined, original?: unknown): CheckResult {
	const how = ownerStatus === 'failed' ? 'failed' : ownerStatus === 'unknown' ? 'could not tell' : ownerStatus === 'skipped' ? 'was skipped' : undefined;
	// The owner may have passed and the input failed later (credentials expiring mid-run).
	const reason = how
		? `could not run because the "${CHECK_TITLES[owner]}" check ${how}`
		: `could not run: ${original instanceof Error ? original.message : `an input of the "${CHECK_TITLES[owner]}" check failed`}`;
	return {id, title: CHECK_TITLES[id], status: 'unknown', summary: `Not checked: ${reason}.`, cause: `This check ${reason}.`, blockedBy: owner};
}

/** Facts that a check owns: when it is re-run, they are read again instead of reused. */
function seedFrom(previous: CheckReport, rerun: ReadonlySet<CheckId>): FactSeed {
	const keep = (id: CheckId) => !rerun.has(id);
	return {
		identity: keep('credentials') ? previous.identity : undefined,
		table: keep('table') ? previous.table : undefined,
		pitr: keep('pitr') ? previous.pitr : undefined,
		bucketRegion: keep('bucket') ? previous.bucketRegion : undefined,
		key: keep('kms-key') ? previous.key : undefined,
		bucketPolicy: keep('bucket-policy') ? previous.bucketPolicy : undefined,
		keyPolicy: keep('key-policy') ? previous.keyPolicy : undefined,
	};
}

/** How long a stopped run waits for the write probe's cleanup. */
const PROBE_CLEANUP_WAIT_MS = 3000;

function abortErrorOf(signal: AbortSignal | undefined): Error {
	const reason: unknown = signal?.reason;
	if (reason instanceof Error && reason.name === 'AbortError') return reason;
	return new DOMException('The checks were cancelled.', 'AbortError');
}

async function execute(
	ctx: CheckContext,
	ids: readonly CheckId[],
	previous: CheckReport | undefined,
	onUpdate: (results: CheckResult[]) => void,
): Promise<CheckReport> {
	const {signal} = ctx;
	if (signal?.aborted) throw abortErrorOf(signal);
	const facts = new CheckFacts(ctx, previous ? seedFrom(previous, new Set(ids)) : {});
	const results = new Map<CheckId, CheckResult>();
	for (const id of CHECK_ORDER) {
		const prior = previous?.results.find((r) => r.id === id);
		if (ids.includes(id)) results.set(id, {id, title: CHECK_TITLES[id], status: 'pending', summary: 'Waiting.'});
		else if (prior) results.set(id, prior);
	}
	const current = () => CHECK_ORDER.flatMap((id) => (results.has(id) ? [{...results.get(id)!}] : []));

	let live = true;
	let updateError: unknown;
	const emit = () => {
		if (!live) return;
		try {
			onUpdate(current());
		} catch (error) {
			updateError ??= error;
		}
	};
	emit();

	const runs = new Map<CheckId, Promise<void>>();
	const blocked = async (error: DependencyError, id: CheckId): Promise<CheckResult> => {
		const owner = error.check;
		// Owners come earlier in CHECK_ORDER, so waiting on them cannot deadlock.
		if (CHECK_ORDER.indexOf(owner) < CHECK_ORDER.indexOf(id)) await runs.get(owner);
		return notCheckedResult(id, owner, results.get(owner)?.status, error.original);
	};
	const runOne = async (id: CheckId): Promise<void> => {
		const started = performance.now();
		results.set(id, {id, title: CHECK_TITLES[id], status: 'running', summary: 'Checking…'});
		emit();
		let result: CheckResult;
		try {
			result = {id, title: CHECK_TITLES[id], ...(await CHECKS[id](facts))};
		} catch (error) {
			if (isAbortError(error) || signal?.aborted) return;
			result = error instanceof DependencyError ? await blocked(error, id) : {id, title: CHECK_TITLES[id], ...unexpectedVerdict(error)};
		}
		if (!live || signal?.aborted) return;
		results.set(id, {...result, durationMs: Math.round(performance.now() - started)});
		emit();
	};
	for (const id of ids) runs.set(id, runOne(id));

	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(abortErrorOf(signal));
		signal?.addEventListener('abort', onAbort, {once: true});
	});
	try {
		await Promise.race([Promise.all(runs.values()), aborted]);
	} catch (error) {
		// Stopped: the probe's upload is being aborted; let that finish (briefly) so that a
		// command exiting at once, or the demo's sandbox stopping, does not cut it off.
		await Promise.race([facts.probeFinished(), new Promise((resolve) => setTimeout(resolve, PROBE_CLEANUP_WAIT_MS).unref())]);
		throw error;
	} finally {
		live = false;
		if (onAbort) signal?.removeEventListener('abort', onAbort);
	}
	if (updateError) throw updateError;

	const learnt = facts.learnt();
	const caller = facts.peek<Caller>('caller');
	const list = current();
	const pick = <T>(fresh: T | undefined, old: T | undefined): T | undefined => (fresh !== undefined ? fresh : old);
	return {
		results: list,
		identity: pick(learnt.identity, previous?.identity),
		table: pick(learnt.table, previous?.table),
		pitr: pick(learnt.pitr, previous?.pitr),
		bucketRegion: pick(learnt.bucketRegion, previous?.bucketRegion),
		key: pick(learnt.key, previous?.key),
		bucketPolicy: pick(learnt.bucketPolicy, previous?.bucketPolicy),
		keyPolicy: pick(learnt.keyPolicy, previous?.keyPolicy),
		callerPolicyArn: facts.simulatedArn ?? caller?.policyArn ?? previous?.callerPolicyArn,
		// Owned by one check each: a re-run of that check replaces them, even with nothing.
		boundary: ids.includes('permissions') ? facts.peek<BoundaryFinding>('analysis:boundary') : previous?.boundary,
		scpDenies: ids.includes('organization') ? facts.scpDenies : previous?.scpDenies,
		bucketRepairs: ids.includes('bucket-policy') ? facts.bucketRepairs : previous?.bucketRepairs,
		bucketOwnerUnknown: ids.includes('bucket') ? facts.peek<boolean | undefined>('bucket-owner-unknown') : previous?.bucketOwnerUnknown,
		overall: overallOf(list),
		calls: facts.calls,
	};
}
