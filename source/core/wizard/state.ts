// The wizard's state: a discriminated union on `phase`, plus everything entered and
// everything loaded from AWS. Views render it and dispatch WizardEvents; nothing else
// changes it (see reducer.ts).

import type {CheckReport} from '../checks/run-checks.js';
import type {InPlaceFix} from '../checks/in-place-fix.js';
import type {CheckId, CheckResult} from '../checks/types.js';
import type {ExportPlan} from '../plan.js';
import type {
	BucketSummary,
	CallerIdentity,
	ExportDescription,
	KeySummary,
	PitrStatus,
	ProfileInfo,
	TableDetails,
} from '../ports.js';
import type {ChainFacts} from '../incremental/chain-exports.js';
import type {ChainWindow} from '../incremental/chain-plan.js';
import type {ClientTokens} from './client-token.js';
import type {Draft, FieldId, StepId} from './fields.js';
import type {MfaRound} from './mfa.js';
import type {CompletionAction, CompletionEvent, CompletionState} from './completion.js';
import type {TableFacts} from './table-selection.js';
import type {BatchChecksChoice, BatchWizard} from './batch-state.js';
import type {BatchCheckReport, BatchItem, BatchPlan, BatchProgress} from '../batch/types.js';

/** An expected problem, shown without a stack: what happened, why, and what to do. */
export interface Problem {
	title: string;
	cause?: string;
	fix?: string;
	command?: string;
	/** AWS error code when it came from AWS. */
	code?: string;
}

export type Remote<T> =
	| {status: 'idle'}
	| {status: 'loading'; partial?: T}
	| {status: 'ready'; value: T}
	| {status: 'failed'; problem: Problem};

export interface Loaded {
	profiles: Remote<ProfileInfo[]>;
	identity: Remote<CallerIdentity>;
	tables: Remote<string[]>;
	/** Details of draft.table (describe + PITR), keyed by table name. */
	table: Remote<{name: string; details: TableDetails; pitr?: PitrStatus; pitrProblem?: Problem}>;
	buckets: Remote<BucketSummary[]>;
	/** Region of draft.bucket. */
	bucketRegion: Remote<{bucket: string; region: string}>;
	/** Keys of the bucket's Region. */
	keys: Remote<{region: string; keys: KeySummary[]}>;
	/** The table's exports and PITR window, for "everything since the last export" (chain-draft.ts); `key` names the table and destination. */
	chain: Remote<{key: string; facts: ChainFacts}>;
}

/** The Region of `bucket` when it has been looked up (loaded.bucketRegion is for one bucket). */
export function knownBucketRegion(loaded: Loaded, bucket: string | undefined): string | undefined {
	return loaded.bucketRegion.status === 'ready' && loaded.bucketRegion.value.bucket === bucket ? loaded.bucketRegion.value.region : undefined;
}

export type ChecksStatus = 'running' | 'done' | 'cancelled';

export interface ChecksState {
	status: ChecksStatus;
	results: CheckResult[];
	/** Set when a check run ended. */
	overall?: 'passed' | 'failed' | 'unknown';
	/** Set while an in-place fix is being made after the user said yes. */
	fixing?: InPlaceFix;
	problem?: Problem;
	/** The finished run's report: current policies and caller ARN for the policy snippets. */
	report?: CheckReport;
}

export interface ExportRun {
	/** The plan's token (client-token.ts): every start of this plan sends it, so AWS starts one export. */
	clientToken: string;
	plan: ExportPlan;
	/**
	 * looking: asking AWS whether the same export started lately (first start of a token);
	 * duplicate: it did (`duplicate`), the person chooses; starting: the start call is in
	 * flight; watching: polling; detached: the person stopped watching.
	 */
	status: 'looking' | 'duplicate' | 'starting' | 'watching' | 'detached' | 'completed' | 'failed' | 'start-failed';
	/** The same table's export to the same place, started in the last 15 minutes. */
	duplicate?: ExportDescription;
	startedAt: number;
	description?: ExportDescription;
	lastPollAt?: number;
	polls: number;
	/** Set while the SDK retries or the network is down; cleared by the next answer. */
	retrying?: string;
	problem?: Problem;
	/** FAILED only: the checks run again (no probe) to name the statement that refused. */
	reread?: {status: 'reading'} | {status: 'done'; results: CheckResult[]} | {status: 'failed'; problem: Problem};
	/** Part of a chain of incremental windows (started one after the other): which window this run is. */
	chain?: ChainRun;
	/** Text of manifest-summary.json once read (COMPLETED only). */
	manifestSummary?: string;
	manifestProblem?: string;
	/** COMPLETED only: verify, preview, import-table (completion.ts). */
	completion?: CompletionState;
}

/** A chain of incremental windows being started and watched, one after the other. */
export interface ChainRun {
	/** The plan of every window, without its times. */
	base: ExportPlan;
	viewType: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
	windows: ChainWindow[];
	/** 0-based index of the window of this run. */
	index: number;
	/** The windows before it, COMPLETED. */
	done: ExportDescription[];
}

export type Phase =
	/** Answering the questions; `field` says which. */
	| {kind: 'asking'; field: FieldId}
	/** Prerequisite checks for the plan. */
	| {kind: 'checks'; plan: ExportPlan}
	/** The policy snippets that fix what failed. */
	| {kind: 'policies'; plan: ExportPlan}
	/** The export: starting, watching, finished. */
	| {kind: 'export'; run: ExportRun}
	/** A batch's checks (state.batch holds the plan and the report). */
	| {kind: 'batch-checks'}
	/** A batch's exports: starting, queued, watched (state.batch.progress). */
	| {kind: 'batch-watch'}
	/** The wizard is over; the app exits with `code`. */
	| {kind: 'exit'; code: number; message?: string};

export interface WizardState {
	phase: Phase;
	draft: Draft;
	/** Fields given on the command line: asked only when invalid. */
	given: Partial<Draft>;
	/** The checks end with a write probe (an upload under the prefix, aborted); --no-probe turns it off. */
	probe: boolean;
	/** Validation message for the field being asked, naming the field and the rule. */
	fieldError?: string;
	/** A valid answer that is probably not meant, said at its step (entry-warnings.ts); the same answer again goes on. */
	fieldWarning?: {field: FieldId; value: string; text: string};
	/** An answer waiting for what decides whether it can be taken (the chosen table's details). */
	pendingAnswer?: {field: 'table'; value: string};
	loaded: Loaded;
	/** The batch past its review (several tables chosen). */
	batch?: BatchWizard;
	/** The batch token the review shows and the run sends; made when a batch first reaches the review. */
	batchToken?: string;
	/** The tables of the other profiles chosen at the Profile step (several accounts), keyed by profile. */
	otherTables?: Record<string, Remote<{account: string; names: string[]}>>;
	/** Size and PITR of each table chosen at the Table step, keyed by name (read when chosen). */
	tableFacts?: Record<string, TableFacts>;
	checks?: ChecksState;
	/** An MFA code is needed to assume a role. */
	mfa?: {serial: string; error?: string};
	/** Since the last MFA code was typed (mfa.ts); cleared once credentials worked. */
	mfaRound?: MfaRound;
	/** Shown after a first Ctrl-C with nothing to cancel: the next one quits. */
	quitArmed?: boolean;
	/** A line about what the last Ctrl-C did ("Stopped loading tables."). */
	notice?: string;
	/** Set while the SDK retries a call; shown instead of freezing. */
	retrying?: string;
	/** Which call ("service Operation") `retrying` is about, when known: its end clears the notice. */
	retryingCall?: string;
	/** Set when the review sent a chain to the checks: the windows Start will start, in order. */
	chain?: Omit<ChainRun, 'index' | 'done'>;
	/** One ClientToken per plan for the whole run (client-token.ts); the controller always sets it. */
	tokens?: ClientTokens;
}

export const initialLoaded = (): Loaded => ({
	profiles: {status: 'idle'},
	identity: {status: 'idle'},
	tables: {status: 'idle'},
	table: {status: 'idle'},
	buckets: {status: 'idle'},
	bucketRegion: {status: 'idle'},
	keys: {status: 'idle'},
	chain: {status: 'idle'},
});

export type LoadKey = keyof Loaded;

export type WizardEvent =
	/** The user answered the current field (a choice's value or typed text). */
	| {type: 'answer'; value: string}
	/** Esc / Shift+Tab. */
	| {type: 'back'}
	/** From the review: go back to a step's first question (its answers kept). */
	| {type: 'edit'; step: StepId}
	/** Ctrl-C. */
	| {type: 'interrupt'}
	/** Try a failed load again (r). */
	| {type: 'retry'; key: LoadKey}
	/** The SDK is retrying a call (throttling, network); cleared by the next answer. */
	| {type: 'retrying'; message: string; call?: string}
	/** The call a retry notice was about has ended. */
	| {type: 'retry-ended'; call: string}
	| {type: 'loading'; key: LoadKey}
	| {type: 'loaded'; key: LoadKey; value: unknown}
	| {type: 'page'; key: 'tables' | 'buckets'; items: unknown[]}
	| {type: 'load-failed'; key: LoadKey; problem: Problem}
	/** Space at the Profile step: the highlighted profile chosen, or no longer (several accounts). */
	| {type: 'toggle-profile'; name: string}
	/** Who another chosen profile is, and its tables (or why they could not be listed). */
	| {type: 'other-tables'; profile: string; value?: {account: string; names: string[]}; problem?: Problem}
	/** Space at the Table step: the highlighted table chosen, or no longer. */
	| {type: 'toggle-table'; name: string}
	/** Ctrl-A at the Table step: every table the filter shows chosen (all chosen already: none of them). */
	| {type: 'toggle-tables'; names: string[]}
	/** What DescribeTable and DescribeContinuousBackups said of a chosen table. */
	| {type: 'table-facts'; name: string; facts: TableFacts}
	| {type: 'batch-token'; token: string}
	| {type: 'batch-checks-update'; report: BatchCheckReport}
	| {type: 'batch-checks-done'; report: BatchCheckReport}
	| {type: 'batch-checks-failed'; problem: Problem}
	| {type: 'batch-choice'; choice: BatchChecksChoice}
	| {type: 'batch-pitr-done'; problem?: Problem}
	| {type: 'batch-progress'; progress: BatchProgress}
	| {type: 'batch-run-failed'; problem: Problem}
	/** Enter on the ended batch's screen. */
	| {type: 'batch-quit'}
	| {type: 'mfa-needed'; serial: string}
	| {type: 'mfa-code'; code: string}
	| {type: 'checks-update'; results: CheckResult[]}
	| {type: 'checks-done'; results: CheckResult[]; overall: 'passed' | 'failed' | 'unknown'; report?: CheckReport}
	| {type: 'checks-failed'; problem: Problem}
	/** From the checks screen. */
	/** `owner`: for a "set the bucket owner" fix whose owner the tool does not know, the one typed. */
	/** clientToken: made by the controller when the plan to start has no token and none is ready. */
	| {type: 'checks-choice'; choice: ChecksChoice; owner?: string; clientToken?: string}
	/** The token the next new plan gets (made by the controller when a review needs one to show). */
	| {type: 'next-token'; token: string}
	/** What the look for the same export found (nothing, or the look failed: undefined). */
	| {type: 'recent-export'; found?: ExportDescription}
	/** The same export is running: watch it, start another anyway, or go back to the checks. */
	| {type: 'duplicate-choice'; choice: DuplicateChoice}
	| {type: 'fix-applied'; fix: InPlaceFix}
	| {type: 'fix-failed'; problem: Problem}
	| {type: 'policies-done'}
	| {type: 'export-started'; description: ExportDescription}
	| {type: 'export-start-failed'; problem: Problem}
	| {type: 'export-polled'; description: ExportDescription; at: number}
	| {type: 'export-retrying'; message: string}
	| {type: 'manifest'; text?: string; problem?: string}
	/** The checks run again after the export failed. */
	| {type: 'failure-reread'; results?: CheckResult[]; problem?: Problem}
	/** From the finished-export screen. */
	| {type: 'finished-choice'; choice: FinishedChoice}
	| CompletionEvent;

/** What the finished-export screen's menu offers. */
export type FinishedChoice = 'recheck' | 'quit' | CompletionAction;

/** `fix:<check id>`: make that check's in-place fix (after a yes). */
export type DuplicateChoice = 'watch' | 'start' | 'back';

export type ChecksChoice = 'start' | 'start-anyway' | 'policies' | 'recheck' | 'back' | `fix:${CheckId}`;

/** Things the controller does for the reducer (I/O). */
export type Effect =
	| {type: 'load-profiles'}
	| {type: 'load-identity'}
	| {type: 'load-tables'}
	| {type: 'load-table'; name: string}
	/** Who another chosen profile is and its tables (ListTables with its credentials). */
	| {type: 'load-other-tables'; profile: string}
	/** Size and PITR of chosen tables (the controller reads a few at a time). */
	| {type: 'load-table-facts'; names: string[]}
	| {type: 'load-buckets'}
	| {type: 'load-bucket-region'; bucket: string; owner?: string}
	| {type: 'load-keys'; region: string}
	/** The table's exports and PITR window, for a chain from the last export to `plan`'s destination. */
	| {type: 'load-chain'; plan: ExportPlan; table: string; key: string}
	/**
	 * fresh: read AWS again (a re-run after a fix), not the answers of the last run.
	 * only + previous: run just these checks (and those they blocked), keeping the other results.
	 */
	| {type: 'run-checks'; plan: ExportPlan; only?: CheckId[]; previous?: CheckReport; fresh?: boolean}
	/** Changes AWS: only after the user said yes to the fix's command. */
	| {type: 'apply-fix'; fix: InPlaceFix; plan: ExportPlan}
	| {type: 'find-recent-export'; plan: ExportPlan}
	| {type: 'make-token'}
	| {type: 'start-export'; run: ExportRun}
	| {type: 'poll-export'; exportArn: string; delayMs: number}
	| {type: 'read-manifest'; description: ExportDescription}
	/** After a FAILED export: read the policies that apply again (the checks without the probe). */
	| {type: 'reread-after-failure'; plan: ExportPlan}
	| {type: 'make-batch-token'}
	/** fresh: read AWS again (after a change made elsewhere). */
	| {type: 'run-batch-checks'; plan: BatchPlan; items: BatchItem[]; fresh?: boolean}
	/** Changes AWS: only after the person said yes to the calls shown. */
	| {type: 'enable-pitr-all'; plan: BatchPlan; items: BatchItem[]; report: BatchCheckReport}
	| {type: 'start-batch'; plan: BatchPlan; items: BatchItem[]; report: BatchCheckReport}
	/** After COMPLETED: the files checked as `reader` (a profile; undefined: the plan's own). */
	| {type: 'verify-export'; description: ExportDescription; plan: ExportPlan; reader?: string}
	/** The account `profile` reaches (GetCallerIdentity with it), for the reader question. */
	| {type: 'profile-account'; profile: string}
	/** After COMPLETED: the first `limit` items read as `reader`. */
	| {type: 'preview-items'; description: ExportDescription; plan: ExportPlan; reader?: string; limit: number}
	| {type: 'resolve-mfa'; code: string}
	| {type: 'cancel'}
	| {type: 'exit'; code: number};
