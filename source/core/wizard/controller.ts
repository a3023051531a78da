// Owns the wizard's state outside React (one store, several faces: Ink, line mode,
// tests). dispatch() runs the pure reducer, then carries out the effects it asked
// for against the AwsGateway and feeds the answers back as events.

import {setMaxListeners} from 'node:events';
import {describeAwsError, type AwsErrorContext} from '../errors.js';
import {toExportRequest, type ExportPlan} from '../plan.js';
import type {CheckResult} from '../checks/types.js';
import type {BatchPlan, BatchSource} from '../batch/types.js';
import type {BatchIo} from './batch-runner.js';
import type {BatchFixOffer} from '../batch/batch-policies.js';
import type {MergedOffer} from './batch-policy-apply.js';
import type {ApplyTarget} from '../policy/delivery.js';
import type {Snippet, SnippetInput} from '../policy/generate.js';
import type {LiveValidations} from '../policy/live-validation.js';
import {AwsCallError, isAbortError, type AwsGateway, type AwsSession} from '../ports.js';
import {tokenFor} from './client-token.js';
import {parseTableKey} from './table-selection.js';
import {ENVIRONMENT_PROFILE, type Draft} from './fields.js';
import {DEFAULT_SETTINGS, initialState, transition, type WizardSettings} from './reducer.js';
import type {Effect, LoadKey, Problem, WizardEvent, WizardState} from './state.js';
import type {VerifyReport} from '../verify/verdict.js';

/** Chosen tables read at once (DescribeTable, then DescribeContinuousBackups). */
const TABLE_FACTS_AT_ONCE = 4;

export interface ControllerOptions {
	gateway: AwsGateway;
	/** Proposed answers (e.g. the demo scenario's plan); Enter accepts them. */
	defaults?: Partial<Draft>;
	/** Answers given as flags: not asked unless invalid. */
	given?: Partial<Draft>;
	/** Run the write probe during the checks (--no-probe turns it off). */
	probe?: boolean;
	settings?: WizardSettings;
	/** --client-token: the first plan's token. */
	clientToken?: string;
	/** Makes a token for each further plan (one per plan for the whole run: client-token.ts). */
	makeClientToken: () => string;
	/** Names a batch (its tables' ClientTokens derive from it); a random UUID when absent. */
	makeBatchToken?: () => string;
	/** --concurrency: a batch's exports in flight per account at most (AWS's limit when absent). */
	batchConcurrency?: number;
	/**
	 * Told a batch's plan as it starts (the Ink face keeps the batch's record there, so that
	 * `ddb-export watch --batch-token T` finds its tables again). Must not throw.
	 */
	onBatchStart?: (plan: BatchPlan) => void;
	now?: () => Date;
	onExit?: (code: number) => void;
}

type Listener = (state: WizardState) => void;

// The checks, the policy delivery and the live validation are loaded when first used, not
// with the controller: none is needed for the first question, and loading them up front
// cost start-up time (README, Performance).
type Delivery = typeof import('../policy/delivery.js');
const loadDelivery = (): Promise<Delivery> => import('../policy/delivery.js');

/** One controller per run; every SDK call of the run listens to its signal. */
function newAbortController(): AbortController {
	const controller = new AbortController();
	setMaxListeners(0, controller.signal);
	return controller;
}

export function isAbort(error: unknown): boolean {
	return isAbortError(error) || (error instanceof Error && /aborted/i.test(error.message) && error.name !== 'AwsCallError');
}

/** An AWS or credential failure as a Problem the views can show. */
export function problemOf(error: unknown, context: AwsErrorContext = {}): Problem {
	if (error instanceof AwsCallError) {
		const described = describeAwsError(error, context);
		return {title: described.title, cause: described.cause, fix: described.fix, command: described.command, code: error.code};
	}
	const message = error instanceof Error ? error.message : String(error);
	return {title: 'Unexpected error', cause: message, fix: 'This is a bug in ddb-export; please report it with the steps that led here.'};
}

export class WizardController {
	private state: WizardState;
	private readonly listeners = new Set<Listener>();
	private abort = newAbortController();
	private session?: {key: string; value: AwsSession};
	private readonly policySessions = new Map<string, AwsSession>();
	private mfaWaiter?: (code: string) => void;
	private pollTimer?: NodeJS.Timeout;
	/** Chosen tables waiting for their DescribeTable, and how many are being read. */
	private factsQueue: string[] = [];
	private factsInFlight = 0;
	/** Other chosen profiles whose tables are being listed (one listing each at a time). */
	private readonly otherListing = new Set<string>();
	private readonly settings: WizardSettings;
	private readonly now: () => Date;

	constructor(private readonly options: ControllerOptions) {
		this.settings = options.settings ?? DEFAULT_SETTINGS;
		this.now = options.now ?? (() => new Date());
		const start = initialState({
			defaults: options.defaults,
			given: options.given,
			probe: options.probe,
			clientToken: options.clientToken ?? options.makeClientToken(),
		});
		this.state = start.state;
		queueMicrotask(() => this.run(start.effects));
	}

	getState = (): WizardState => this.state;

	/** A failure in words, naming the profile and Region in its fix (aws sso login --profile …). */
	private problemOf(error: unknown): Problem {
		const {profile, region, table, bucket} = this.state.draft;
		return problemOf(error, {profile: profile === ENVIRONMENT_PROFILE ? undefined : profile, region, table, bucket});
	}

	subscribe = (listener: Listener): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	dispatch = (event: WizardEvent): void => {
		if (event.type === 'checks-choice' && (event.choice === 'start' || event.choice === 'start-anyway') && this.state.phase.kind === 'checks') {
			// A plan changed on the checks screen (an in-place fix) may need a token none was made for.
			if (!tokenFor(this.state.tokens, this.state.phase.plan)) event = {...event, clientToken: this.options.makeClientToken()};
		}
		const result = transition(this.state, event, this.now(), this.settings);
		if (result.state !== this.state) {
			this.state = result.state;
			for (const listener of this.listeners) listener(this.state);
		}
		this.run(result.effects);
	};

	/**
	 * The gateway's retry hook lands here, so the views say "retrying…" instead of freezing.
	 * `call` ("service Operation") lets notifyCallEnded take the notice down when that call ends.
	 */
	notifyRetry = (message: string, call?: string): void => {
		this.dispatch({type: 'retrying', message, call});
	};

	/** A call ended (answered or given up): its retry notice, if shown, is over. */
	notifyCallEnded = (call: string): void => {
		if (this.state.retryingCall === call) this.dispatch({type: 'retry-ended', call});
	};

	/** Stops timers and in-flight calls (the app is closing). */
	dispose(): void {
		this.abort.abort();
		if (this.pollTimer) clearTimeout(this.pollTimer);
	}

	/** The session for the current profile and Region, made once per pair. */
	currentSession(): AwsSession | undefined {
		const {profile, region} = this.state.draft;
		if (!region) return undefined;
		const key = `${profile ?? ''}\u0000${region}`;
		if (this.session?.key !== key) {
			this.session = {key, value: this.newSession(profile, region)};
		}
		return this.session.value;
	}

	private newSession(profile: string | undefined, region: string): AwsSession {
		return this.options.gateway.session({
			profile: profile === ENVIRONMENT_PROFILE ? undefined : profile,
			region,
			mfaCode: (serial) =>
				new Promise<string>((resolve) => {
					this.mfaWaiter = resolve;
					this.dispatch({type: 'mfa-needed', serial});
				}),
		});
	}

	/**
	 * A session for applying a policy: the caller's own, or another profile's (often the one
	 * for the account that owns the bucket or key). Kept per profile so MFA is asked once.
	 */
	private policySession(profile: string | undefined, region: string): AwsSession {
		const own = this.state.draft.profile;
		if ((profile === undefined || profile === own) && region === this.state.draft.region) {
			const session = this.currentSession();
			if (session) return session;
		}
		const name = profile ?? own;
		const key = `${name ?? ''}\u0000${region}`;
		let session = this.policySessions.get(key);
		if (!session) {
			session = this.newSession(name, region);
			this.policySessions.set(key, session);
		}
		return session;
	}

	/** The session of a batch's source: the wizard's own when it is the chosen profile and Region. */
	private sourceSession(source: BatchSource): AwsSession {
		return this.policySession(source.profile ?? ENVIRONMENT_PROFILE, source.region);
	}

	/** What the batch runner needs of the controller, under the current AbortController. */
	private batchIo(): BatchIo {
		return {
			sessionFor: (source) => this.sourceSession(source),
			dispatch: this.dispatch,
			signal: this.abort.signal,
			probe: this.options.probe ?? true,
			now: this.now,
			problemOf: (error) => this.problemOf(error),
			isAbort,
			concurrency: this.options.batchConcurrency,
		};
	}

	private policyPlan(): ExportPlan | undefined {
		const phase = this.state.phase;
		return phase.kind === 'policies' || phase.kind === 'checks' ? phase.plan : undefined;
	}

	/** Where `snippet` goes and a session (of `profile`, default the caller's) that can reach it. */
	private policyAccess(delivery: Delivery, snippet: Snippet, profile?: string): {ok: true; target: ApplyTarget; session: AwsSession; plan: ExportPlan} | {ok: false; problem: Problem} {
		const plan = this.policyPlan();
		if (!plan) return {ok: false, problem: {title: 'There is no export plan to apply a policy for.'}};
		const target = delivery.applyTarget(snippet, plan);
		if (!target) return {ok: false, problem: {title: 'This policy cannot be applied from here.', cause: delivery.notApplicableReason(snippet)}};
		const region = target.kind === 'key' ? target.region : target.kind === 'bucket' ? (target.region ?? plan.region) : plan.region;
		return {ok: true, target, session: this.policySession(profile, region), plan};
	}

	/**
	 * The account a profile's credentials reach (GetCallerIdentity with that profile), for the
	 * apply profile picker. The session is the one an apply with it would use. Never rejects.
	 */
	async profileAccount(profile: string): Promise<{account: string} | {problem: string}> {
		const region = this.state.draft.region ?? 'us-east-1';
		try {
			const identity = await this.policySession(profile, region).identity({signal: this.abort.signal});
			return {account: identity.account};
		} catch (error) {
			return {problem: this.problemOf(error).title};
		}
	}

	/** The policy in place now (null: none), read with `profile` just before an apply. */
	async readCurrentPolicy(snippet: Snippet, profile?: string): Promise<{ok: true; text: string | null} | {ok: false; problem: Problem}> {
		const delivery = await loadDelivery();
		const access = this.policyAccess(delivery, snippet, profile);
		if (!access.ok) return access;
		const {target, session, plan} = access;
		try {
			// From AWS, not from what the checks cached minutes ago.
			session.forgetReads();
			return {ok: true, text: await delivery.readTargetPolicy(session, target, plan)};
		} catch (error) {
			return {ok: false, problem: this.problemOf(error)};
		}
	}

	/**
	 * The caller's inline policy in place (null: none), read with the session the checks used
	 * so the caller's snippet is merged into it. Never rejects: undefined when it could not be
	 * read (not a role or user, refused, no session, or the run was stopped).
	 */
	async readCallerInlinePolicy(input: Pick<SnippetInput, 'plan' | 'callerArn' | 'callerAccount'>): Promise<string | null | undefined> {
		const delivery = await loadDelivery();
		const session = this.currentSession();
		if (!session) return undefined;
		try {
			return await delivery.readCallerInlinePolicy(session, input, {signal: this.abort.signal});
		} catch {
			return undefined;
		}
	}

	/**
	 * Changes AWS: writes the snippet's document. Only called after the person confirmed it.
	 * `basedOn` is the policy the confirmed document was built over (null: there was none);
	 * it is read again just before the write, and when someone changed it meanwhile nothing is
	 * written: `changed` carries the policy now in place, to rebuild over and confirm again.
	 */
	async applySnippet(
		snippet: Snippet,
		profile: string | undefined,
		basedOn: string | null,
	): Promise<{ok: true} | {ok: false; problem: Problem} | {ok: false; changed: {current: string | null}}> {
		const delivery = await loadDelivery();
		const access = this.policyAccess(delivery, snippet, profile);
		if (!access.ok) return access;
		const {target, session, plan} = access;
		try {
			session.forgetReads();
			const current = await delivery.readTargetPolicy(session, target, plan);
			if (!delivery.samePolicy(current, basedOn)) return {ok: false, changed: {current}};
			// No abort signal: a write cut off half-way would leave it unknown whether it happened.
			await delivery.writeTargetPolicy(session, target, plan, delivery.snippetText(snippet));
			// The checks' session cached the old policy; the next run must read it again.
			this.session?.value.forgetReads();
			return {ok: true};
		} catch (error) {
			return {ok: false, problem: this.problemOf(error)};
		}
	}

	/**
	 * AWS's own verdict on the snippets (Access Analyzer for each, the IAM simulator for the
	 * caller's policy), asked with the session the checks used. Never rejects: what could
	 * not be asked comes back as "unknown" with the reason.
	 */
	async validateSnippets(snippets: Snippet[]): Promise<LiveValidations> {
		const [{snippetInputFrom}, {unknownValidations, validateSnippetsLive}] = await Promise.all([loadDelivery(), import('../policy/live-validation.js')]);
		const plan = this.policyPlan();
		const session = this.currentSession();
		if (!plan || !session) return unknownValidations(snippets, 'there is no AWS session to ask with');
		const identity = this.state.loaded.identity.status === 'ready' ? this.state.loaded.identity.value : undefined;
		const input = snippetInputFrom(plan, this.state.checks?.report, identity);
		const signal = this.abort.signal;
		try {
			return await validateSnippetsLive(session, snippets, plan, {signal, kmsKeyArn: input?.kmsKeyArn, tableKmsKeyArn: input?.tableKmsKeyArn});
		} catch (error) {
			return unknownValidations(snippets, isAbort(error) || signal.aborted ? 'stopped before AWS answered' : this.problemOf(error).cause ?? 'it could not be asked');
		}
	}

	private run(effects: Effect[]): void {
		for (const effect of effects) {
			void this.perform(effect).catch((error: unknown) => {
				if (!isAbort(error)) this.dispatch({type: 'retrying', message: `Unexpected: ${this.problemOf(error).cause}`});
			});
		}
	}

	/** Runs `work` under the current AbortController; drops its answer if the session changed. */
	private async guarded<T>(work: (session: AwsSession, signal: AbortSignal) => Promise<T>, onValue: (value: T) => void, onError: (problem: Problem) => void) {
		const session = this.currentSession();
		if (!session) return;
		const key = this.session!.key;
		const signal = this.abort.signal;
		try {
			const value = await work(session, signal);
			if (this.session?.key === key && !signal.aborted) onValue(value);
		} catch (error) {
			if (signal.aborted || isAbort(error)) return;
			if (this.session?.key === key) onError(this.problemOf(error));
		}
	}

	/** Fills `key` of state.loaded with what `work` returns, or records why it failed. */
	private load(key: LoadKey, work: (session: AwsSession, signal: AbortSignal) => Promise<unknown>): Promise<void> {
		return this.guarded(
			work,
			(value) => this.dispatch({type: 'loaded', key, value}),
			(problem) => this.dispatch({type: 'load-failed', key, problem}),
		);
	}

	private async perform(effect: Effect): Promise<void> {
		const {gateway} = this.options;
		switch (effect.type) {
			case 'load-profiles': {
				try {
					// The Region each profile would use (AWS_REGION first, as the CLI does).
					const profiles = await Promise.all(
						(await gateway.listProfiles()).map(async (profile) => ({
							...profile,
							region: (await gateway.defaultRegion(profile.name === ENVIRONMENT_PROFILE ? undefined : profile.name)) ?? profile.region,
						})),
					);
					this.dispatch({type: 'loaded', key: 'profiles', value: profiles});
				} catch (error) {
					this.dispatch({type: 'load-failed', key: 'profiles', problem: this.problemOf(error)});
				}
				return;
			}
			case 'load-identity':
				this.dispatch({type: 'loading', key: 'identity'});
				return this.load('identity', (session, signal) => session.identity({signal}));
			case 'load-tables':
				this.dispatch({type: 'loading', key: 'tables'});
				return this.load('tables', (session, signal) => session.listTables({signal, onPage: (items) => this.dispatch({type: 'page', key: 'tables', items})}));
			case 'load-table':
				return this.load('table', async (session, signal) => {
					const details = await session.describeTable(effect.name, {signal});
					try {
						const pitr = await session.describeContinuousBackups(effect.name, {signal});
						return {name: effect.name, details, pitr};
					} catch (error) {
						if (isAbort(error)) throw error;
						return {name: effect.name, details, pitrProblem: this.problemOf(error)};
					}
				});
			case 'load-other-tables': {
				const region = this.state.draft.region;
				if (!region || this.otherListing.has(effect.profile)) return;
				this.otherListing.add(effect.profile);
				const session = this.policySession(effect.profile, region);
				const signal = this.abort.signal;
				try {
					const [identity, names] = await Promise.all([session.identity({signal}), session.listTables({signal})]);
					if (!signal.aborted) this.dispatch({type: 'other-tables', profile: effect.profile, value: {account: identity.account, names}});
				} catch (error) {
					if (!signal.aborted && !isAbort(error)) this.dispatch({type: 'other-tables', profile: effect.profile, problem: this.problemOf(error)});
				} finally {
					this.otherListing.delete(effect.profile);
				}
				return;
			}
			case 'load-table-facts':
				this.factsQueue.push(...effect.names);
				this.readTableFacts();
				return;
			case 'load-buckets':
				this.dispatch({type: 'loading', key: 'buckets'});
				return this.load('buckets', (session, signal) => session.listBuckets({signal, onPage: (items) => this.dispatch({type: 'page', key: 'buckets', items})}));
			case 'load-bucket-region':
				return this.load('bucketRegion', async (session, signal) => ({bucket: effect.bucket, region: await session.bucketRegion(effect.bucket, effect.owner, {signal})}));
			case 'load-keys':
				this.dispatch({type: 'loading', key: 'keys'});
				return this.load('keys', async (session, signal) => ({region: effect.region, keys: await session.listKeys(effect.region, {signal})}));
			case 'load-chain': {
				this.dispatch({type: 'loading', key: 'chain'});
				const {readChainFacts} = await import('../incremental/chain-exports.js');
				return this.load('chain', async (session, signal) => ({key: effect.key, facts: await readChainFacts(session, effect.plan, effect.table, {signal})}));
			}
			case 'run-checks':
				return this.guarded(
					async (session, signal) => {
						// A re-run is after a fix (here or in the console): read AWS again.
						if (effect.fresh) session.forgetReads();
						const {rerunChecks, runChecks} = await import('../checks/run-checks.js');
						const ctx = {plan: effect.plan, session, probe: this.options.probe ?? true, signal, now: this.now};
						const onUpdate = (results: CheckResult[]) => this.dispatch({type: 'checks-update', results});
						// After an in-place fix only the checks it affects run again.
						return effect.only && effect.previous ? rerunChecks(ctx, effect.only, effect.previous, onUpdate) : runChecks(ctx, onUpdate);
					},
					(report) => this.dispatch({type: 'checks-done', results: report.results, overall: report.overall, report}),
					(problem) => this.dispatch({type: 'checks-failed', problem}),
				);
			case 'apply-fix': {
				const {applyFix} = await import('../checks/in-place-fix.js');
				return this.guarded(
					(session, signal) => applyFix(session, effect.fix, effect.plan, {signal}),
					() => this.dispatch({type: 'fix-applied', fix: effect.fix}),
					(problem) => this.dispatch({type: 'fix-failed', problem}),
				);
			}
			case 'make-token':
				this.dispatch({type: 'next-token', token: this.options.makeClientToken()});
				return;
			case 'find-recent-export': {
				const {findRecentExport} = await import('../recent-export.js');
				// A look that fails (ListExports refused...) does not stop the start: the token still
				// makes the start itself safe to repeat.
				return this.guarded(
					(session, signal) => findRecentExport(session, effect.plan, this.now(), {signal}),
					(found) => this.dispatch({type: 'recent-export', found}),
					() => this.dispatch({type: 'recent-export'}),
				);
			}
			case 'start-export':
				// The request carries the ClientToken made when the user confirmed; the SDK's
				// retries resend it, so a lost response cannot start a second export.
				return this.guarded(
					(session, signal) => session.startExport(toExportRequest(effect.run.plan, effect.run.clientToken), {signal}),
					(description) => this.dispatch({type: 'export-started', description}),
					(problem) => this.dispatch({type: 'export-start-failed', problem}),
				);
			case 'poll-export':
				if (this.pollTimer) clearTimeout(this.pollTimer);
				this.pollTimer = setTimeout(() => void this.poll(effect.exportArn, effect.delayMs), effect.delayMs);
				return;
			case 'read-manifest': {
				const {description} = effect;
				const key = description.exportManifest;
				if (!key || !description.s3Bucket) return;
				const region = this.state.phase.kind === 'export' ? this.state.phase.run.plan.bucketRegion ?? this.state.draft.region! : this.state.draft.region!;
				return this.guarded(
					(session, signal) => session.getObjectText(description.s3Bucket!, region, key, description.s3BucketOwner, {signal}),
					(text) => this.dispatch({type: 'manifest', text: text ?? undefined, problem: text === null ? 'manifest-summary.json was not found' : undefined}),
					(problem) => this.dispatch({type: 'manifest', problem: `${problem.title}${problem.cause ? ` ${problem.cause}` : ''}`}),
				);
			}
			case 'reread-after-failure':
				return this.guarded(
					async (session, signal) => {
						const {rereadAfterFailure} = await import('../diagnosis/reread-after-failure.js');
						return rereadAfterFailure(session, effect.plan, signal, this.now);
					},
					(results) => this.dispatch({type: 'failure-reread', results}),
					(problem) => this.dispatch({type: 'failure-reread', problem}),
				);
			case 'profile-account': {
				const answer = await this.profileAccount(effect.profile);
				this.dispatch({type: 'completion-account', profile: effect.profile, account: 'account' in answer ? answer.account : undefined});
				return;
			}
			case 'verify-export':
			case 'preview-items':
				return this.readExport(effect);
			case 'resolve-mfa': {
				const waiter = this.mfaWaiter;
				this.mfaWaiter = undefined;
				waiter?.(effect.code);
				return;
			}
			case 'make-batch-token': {
				const token = this.options.makeBatchToken?.() ?? (await import('../batch/batch-token.js')).newBatchToken();
				this.dispatch({type: 'batch-token', token});
				return;
			}
			case 'run-batch-checks': {
				const runner = await import('./batch-runner.js');
				if (effect.fresh) for (const source of effect.plan.sources) this.sourceSession(source).forgetReads();
				return runner.checkBatch(this.batchIo(), effect.plan, effect.items);
			}
			case 'enable-pitr-all': {
				const runner = await import('./batch-runner.js');
				return runner.enablePitr(this.batchIo(), effect.plan, effect.items, effect.report);
			}
			case 'start-batch': {
				this.options.onBatchStart?.(effect.plan);
				const runner = await import('./batch-runner.js');
				return runner.startBatch(this.batchIo(), effect.plan, effect.items, effect.report);
			}
			case 'cancel':
				this.factsQueue = [];
				this.abort.abort();
				this.abort = newAbortController();
				if (this.pollTimer) clearTimeout(this.pollTimer);
				return;
			case 'exit':
				this.dispose();
				this.options.onExit?.(effect.code);
				return;
		}
	}

	/**
	 * The chosen tables' size and PITR, TABLE_FACTS_AT_ONCE tables at a time: choosing all
	 * of 300 tables must not send 600 calls at once (throttling, and the first ones shown late).
	 */
	private readTableFacts(): void {
		while (this.factsInFlight < TABLE_FACTS_AT_ONCE && this.factsQueue.length > 0) {
			const key = this.factsQueue.shift()!;
			// Un-chosen meanwhile, or read already: nothing to ask.
			if (this.state.tableFacts?.[key]?.status !== 'loading') continue;
			this.factsInFlight++;
			// Another chosen profile's table is read with that profile's credentials.
			const {profile, name} = parseTableKey(key);
			const region = this.state.draft.region;
			void this.guarded(
				async (own, signal) => {
					const session = profile && region ? this.policySession(profile, region) : own;
					const details = await session.describeTable(name, {signal});
					try {
						return {details, pitr: await session.describeContinuousBackups(name, {signal})};
					} catch (error) {
						if (isAbort(error)) throw error;
						// Refused PITR reads leave PITR unknown; the checks say why.
						return {details};
					}
				},
				(read) => this.dispatch({type: 'table-facts', name: key, facts: {status: 'ready', ...read}}),
				(problem) => this.dispatch({type: 'table-facts', name: key, facts: {status: 'failed', problem}}),
			).finally(() => {
				this.factsInFlight--;
				this.readTableFacts();
			});
		}
	}

	/**
	 * After COMPLETED: verify the export's files, or read its first items, as `reader` (a
	 * profile; the plan's own when undefined). Never rejects: a refusal is an answer.
	 */
	private async readExport(effect: Extract<Effect, {type: 'verify-export' | 'preview-items'}>): Promise<void> {
		const {description, plan, reader} = effect;
		const session = reader === undefined ? this.currentSession() : this.policySession(reader, plan.region);
		const signal = this.abort.signal;
		const who = reader ?? (plan.profile && plan.profile !== ENVIRONMENT_PROFILE ? plan.profile : 'this profile');
		const finished = (answer: {problem?: Problem; stopped?: boolean; report?: VerifyReport; items?: string[]}) =>
			this.dispatch(effect.type === 'verify-export' ? {type: 'verify-finished', ...answer} : {type: 'preview-finished', ...answer});
		const refusal = (error: unknown): Problem => {
			const {SummaryUnreadable} = verifyModule!;
			const aws = error instanceof SummaryUnreadable ? error.error : error instanceof AwsCallError ? error : (error as {awsError?: AwsCallError}).awsError;
			if (aws) {
				const problem = problemOf(aws, {profile: reader ?? plan.profile, region: plan.bucketRegion ?? plan.region, bucket: description.s3Bucket});
				const what = error instanceof SummaryUnreadable ? 'manifest-summary.json' : ((error as {file?: string}).file ?? 'the files');
				return {...problem, title: `Could not read ${what} as ${who}: ${problem.title}`};
			}
			return {title: `Could not read the export as ${who}.`, cause: error instanceof Error ? error.message : String(error)};
		};
		let verifyModule: typeof import('../verify/verify-export.js') | undefined;
		try {
			verifyModule = await import('../verify/verify-export.js');
			if (!session) throw new Error('There is no AWS session to read with.');
			if (effect.type === 'preview-items') {
				const [{readExportItems}, unmarshal] = await Promise.all([import('../read/read-export.js'), this.options.gateway.itemUnmarshal?.()]);
				if (!unmarshal) throw new Error('This build cannot read items (no unmarshaller).');
				const items: string[] = [];
				for await (const item of readExportItems(session, description, {unmarshal, limit: effect.limit, signal})) items.push(item.json);
				if (!signal.aborted) finished({items});
				return;
			}
			const bucket = description.s3Bucket!;
			const region = await session.bucketRegion(bucket, description.s3BucketOwner, {signal}).catch((error: unknown) => {
				if (isAbort(error)) throw error;
				return plan.bucketRegion ?? plan.region;
			});
			let drawn = 0;
			const report = await verifyModule.verifyExport(verifyModule.exportObjectsOf(session, bucket, region, description.s3BucketOwner), {
				exportArn: description.exportArn,
				bucket,
				manifestSummaryKey: description.exportManifest!,
				signal,
				onProgress: (progress) => {
					// A frame every 100 ms is enough to see it move.
					const now = Date.now();
					if (now - drawn < 100 && progress.filesDone < progress.filesTotal) return;
					drawn = now;
					this.dispatch({type: 'verify-progress', progress});
				},
			});
			if (!signal.aborted) finished({report});
		} catch (error) {
			if (signal.aborted || isAbort(error)) return;
			finished({problem: refusal(error)});
		}
	}

	/**
	 * A batch's fix snippet merged into the policy in place, read as `profile` (the owner's).
	 * Never rejects: a refusal or failure comes back as a Problem.
	 */
	async readBatchOffer(offer: BatchFixOffer, profile: string): Promise<{ok: true; merged: MergedOffer} | {ok: false; problem: Problem}> {
		const {offerTarget, readAndMerge} = await import('./batch-policy-apply.js');
		const place = offerTarget(offer);
		if (!place) return {ok: false, problem: {title: 'This policy cannot be applied from here: its administrator adds it.'}};
		try {
			const merged = await readAndMerge(this.policySession(profile, place.region), offer, this.abort.signal);
			return merged ? {ok: true, merged} : {ok: false, problem: {title: 'The policy could not be rebuilt over the one in place.'}};
		} catch (error) {
			return {ok: false, problem: this.problemOf(error)};
		}
	}

	/** Changes AWS (after the yes): writes the merged document as `profile`, then the checks run again. */
	async applyBatchOffer(offer: BatchFixOffer, profile: string, merged: MergedOffer): Promise<{ok: true} | {ok: false; changed?: boolean; problem?: Problem}> {
		const {offerTarget, writeMerged} = await import('./batch-policy-apply.js');
		const place = offerTarget(offer);
		if (!place) return {ok: false, problem: {title: 'This policy cannot be applied from here.'}};
		try {
			const outcome = await writeMerged(this.policySession(profile, place.region), offer, merged);
			if (outcome === 'changed') return {ok: false, changed: true};
			// The checks' sessions cached the old policy.
			for (const source of this.state.batch?.plan.sources ?? []) this.sourceSession(source).forgetReads();
			this.dispatch({type: 'batch-choice', choice: 'recheck'});
			return {ok: true};
		} catch (error) {
			return {ok: false, problem: this.problemOf(error)};
		}
	}

	/** One DescribeExport; on a failure keeps watching with a growing pause (network blips, throttling). */
	private async poll(exportArn: string, lastDelay: number): Promise<void> {
		const session = this.currentSession();
		if (!session || this.state.phase.kind !== 'export' || this.state.phase.run.status !== 'watching') return;
		const signal = this.abort.signal;
		try {
			const description = await session.describeExport(exportArn, {signal});
			if (!signal.aborted) this.dispatch({type: 'export-polled', description, at: this.now().getTime()});
		} catch (error) {
			if (signal.aborted || isAbort(error)) return;
			const delay = Math.min(Math.max(lastDelay * 2, 2000), 30_000);
			const problem = this.problemOf(error);
			this.dispatch({type: 'retrying', message: `${problem.title} Trying again in ${Math.round(delay / 1000)} s.`});
			this.pollTimer = setTimeout(() => void this.poll(exportArn, delay), delay);
		}
	}
}
