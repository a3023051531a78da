// The inputs of the checks, each fetched at most once per run and started as soon as
// what it needs is known. Checks ask for facts; a fact that several checks need is one
// AWS call. Calls that need the bucket's Region start at once when the plan gives it.

import {parseKeyArn} from '../arn.js';
import {accountOfTable, tableNameOf, type ExportPlan} from '../plan.js';
import {
	AwsCallError,
	type AwsSession,
	type BucketSummary,
	type CallerIdentity,
	type KeyDetails,
	type ManagedPolicy,
	type OrgPolicy,
	type PitrStatus,
	type ProbeOutcome,
	type SimulationResult,
	type TableDetails,
} from '../ports.js';
import {DependencyError, dependencyOn, need, settle, type Settled} from './check-errors.js';
import {callerOf, keyPath, type Caller} from './needed-access.js';
import type {ScpDeny} from './organization-check.js';
import type {StatementRepair} from '../policy/statement-repair.js';

/** Values from an earlier run, reused by rerunChecks for checks that are not re-run. */
export interface FactSeed {
	identity?: CallerIdentity;
	table?: TableDetails;
	pitr?: PitrStatus;
	bucketRegion?: string;
	key?: KeyDetails;
	bucketPolicy?: string | null;
	keyPolicy?: string | null;
}

export interface BucketTarget {
	region: string;
	/** plan: the plan said so; location: GetBucketLocation said so; guess: neither answered. */
	source: 'plan' | 'location' | 'guess';
	/** Why GetBucketLocation did not answer, for a guess. */
	locationError?: AwsCallError;
}

export interface FactsOptions {
	plan: ExportPlan;
	session: AwsSession;
	probe: boolean;
	signal?: AbortSignal;
	now?: () => Date;
	/** Several tables judged at once (one source of a batch); absent: the plan's table alone. */
	scope?: FactsScope;
	/**
	 * Who the caller is, asked once for several runs (a batch's table checks and its shared
	 * checks share their source's GetCallerIdentity); counted by whoever made the call.
	 */
	identity?: Promise<CallerIdentity>;
}

/**
 * The tables a run's shared checks answer for when they are several (a batch's tables of
 * one source, to one destination): the permissions, organisation and bucket-policy checks
 * judge every table's requests, not only the plan's.
 */
export interface FactsScope {
	/** One plan per table (its own prefix), the run's plan among them. */
	plans: readonly ExportPlan[];
	/** Their DescribeTable answers, read once each by their own table checks (not by this run). */
	tables(): Promise<Array<Settled<TableDetails>>>;
}

export class CheckFacts {
	/** Number of AWS calls this run made. */
	calls = 0;
	readonly plan: ExportPlan;
	private readonly session: AwsSession;
	private readonly memo = new Map<string, Promise<unknown>>();
	private readonly values = new Map<string, unknown>();
	/** The IAM principal the permissions check simulated (a role for a session). */
	simulatedArn?: string;
	/** Statements of the bucket policy the bucket-policy check would narrow (for the bucket snippet). */
	bucketRepairs?: StatementRepair[];
	/** SCPs the organisation check found to deny part of the export (for the admin's exemption). */
	scpDenies?: ScpDeny[];
	/** The key the write probe uses: under the prefix, unique, and easy to recognise. */
	readonly probeKey: string;

	constructor(
		readonly options: FactsOptions,
		private readonly seed: FactSeed = {},
	) {
		this.plan = options.plan;
		this.session = options.session;
		this.probeKey = `${keyPath(options.plan.prefix)}ddb-export-probe-${randomSuffix()}`;
	}

	now(): Date {
		return this.options.now?.() ?? new Date();
	}

	get sessionRegion(): string {
		return this.session.region;
	}

	/** Memoises one promise per key; a rejection is observed here so it is never "unhandled". */
	once<T>(key: string, make: () => Promise<T>): Promise<T> {
		let promise = this.memo.get(key) as Promise<T> | undefined;
		if (!promise) {
			promise = Promise.resolve().then(make);
			promise.then(
				(value) => this.values.set(key, value),
				() => {},
			);
			this.memo.set(key, promise);
		}
		return promise;
	}

	/**
	 * Settles once the write probe, if it started, is over: its cleanup (aborting the upload)
	 * runs without the signal, so it goes on after a Ctrl-C.
	 */
	probeFinished(): Promise<void> {
		const probe = this.memo.get('bucket:probe');
		return probe ? probe.then(() => {}, () => {}) : Promise.resolve();
	}

	/** The value of a fact if it has already arrived; never starts a call. */
	peek<T>(key: string): T | undefined {
		return this.values.get(key) as T | undefined;
	}

	/** What the run learnt, for the report. */
	learnt(): FactSeed {
		const target = this.peek<BucketTarget>('bucket-target');
		return {
			identity: this.peek('call:identity'),
			table: this.peek('call:table'),
			pitr: this.peek('call:pitr'),
			bucketRegion: target && target.source !== 'guess' ? target.region : undefined,
			key: this.peek('key') ?? this.peek('call:key'),
			bucketPolicy: this.peek('bucket:policy'),
			keyPolicy: this.peek('key-policy'),
		};
	}

	private call<T>(key: string, run: (options: {signal?: AbortSignal}) => Promise<T>): Promise<T> {
		return this.once(`call:${key}`, () => {
			this.options.signal?.throwIfAborted();
			this.calls++;
			return run({signal: this.options.signal});
		});
	}

	private seeded<T>(key: string, value: T | undefined, fetch: () => Promise<T>): Promise<T> {
		if (value !== undefined) return this.once(`call:${key}`, async () => value);
		return fetch();
	}

	get tableName(): string {
		return tableNameOf(this.plan);
	}

	/** Every plan the checks answer for: the scope's, or the plan alone. */
	get plans(): readonly ExportPlan[] {
		return this.options.scope?.plans ?? [this.plan];
	}

	/** DescribeTable of every table the checks answer for (the scope's come from their own checks). */
	tableReads(): Promise<Array<Settled<TableDetails>>> {
		return this.options.scope ? this.options.scope.tables() : settle(this.table()).then((read) => [read]);
	}

	/** Account the bucket should belong to: the named owner, else the caller's own (the table's). */
	get expectedBucketOwner(): string | undefined {
		return this.plan.bucketOwner ?? accountOfTable(this.plan);
	}

	identity(): Promise<CallerIdentity> {
		const shared = this.options.identity;
		if (shared && this.seed.identity === undefined) return this.once('call:identity', () => shared);
		return this.seeded('identity', this.seed.identity, () => this.call('identity', (o) => this.session.identity(o)));
	}

	caller(): Promise<Caller> {
		return this.once('caller', async () => callerOf(await this.identity()));
	}

	table(): Promise<TableDetails> {
		return this.seeded('table', this.seed.table, () => this.call('table', (o) => this.session.describeTable(this.tableName, o)));
	}

	pitr(): Promise<PitrStatus> {
		return this.seeded('pitr', this.seed.pitr, () => this.call('pitr', (o) => this.session.describeContinuousBackups(this.tableName, o)));
	}

	bucketLocation(): Promise<string> {
		return this.seeded('bucket-location', this.seed.bucketRegion, () =>
			this.call('bucket-location', (o) => this.session.bucketRegion(this.plan.bucket, this.expectedBucketOwner, o)),
		);
	}

	/** Region for every bucket call. Rejects (bucket check owns it) when the bucket is surely unusable. */
	bucketTarget(): Promise<BucketTarget> {
		return this.once('bucket-target', async () => {
			if (this.plan.bucketRegion) return {region: this.plan.bucketRegion, source: 'plan'} satisfies BucketTarget;
			try {
				return {region: await this.bucketLocation(), source: 'location'} satisfies BucketTarget;
			} catch (error) {
				// Bucket owners rarely let other accounts read the location: carry on with a guess.
				if (error instanceof AwsCallError && error.isAccessDenied) {
					return {region: this.bucketGuess, source: 'guess', locationError: error} satisfies BucketTarget;
				}
				throw dependencyOn('bucket', error);
			}
		});
	}

	/**
	 * The Region bucket calls are first sent to, before GetBucketLocation answers. Most
	 * buckets live in the table's Region, so guessing it saves a whole round trip; a wrong
	 * guess only costs calls that S3 refuses with a redirect (reads, or a probe refused
	 * before it creates anything), and they are made again in the right Region.
	 */
	private get bucketGuess(): string {
		return this.plan.bucketRegion ?? this.seed.bucketRegion ?? this.session.region;
	}

	/** Runs `run` in the bucket's Region: at once in the guessed one, again if the guess was wrong. */
	private regional<T>(key: string, run: (region: string, options: {signal?: AbortSignal}) => Promise<T>): Promise<T> {
		return this.once(`regional:${key}`, async () => {
			const guess = this.bucketGuess;
			const first = this.call(`${key}@${guess}`, (o) => run(guess, o));
			const target = await need(this.bucketTarget(), 'bucket');
			if (target.region === guess) return first;
			return this.call(`${key}@${target.region}`, (o) => run(target.region, o));
		});
	}

	/** A call on the bucket. NoSuchBucket / wrong Region belong to the bucket check. */
	private bucketCall<T>(key: string, run: (region: string, options: {signal?: AbortSignal}) => Promise<T>): Promise<T> {
		return this.once(`bucket:${key}`, async () => {
			try {
				return await this.regional(key, run);
			} catch (error) {
				if (error instanceof AwsCallError && (error.code === 'NoSuchBucket' || error.code === 'PermanentRedirect')) {
					throw dependencyOn('bucket', error);
				}
				throw error;
			}
		});
	}

	/** Raw HeadBucket: the bucket check interprets its errors itself. */
	headBucket(): Promise<void> {
		return this.regional('head', (region, o) => this.session.headBucket(this.plan.bucket, region, this.expectedBucketOwner, o));
	}

	requestPayment(): Promise<string> {
		return this.bucketCall('request-payment', (region, o) => this.session.bucketRequestPayment(this.plan.bucket, region, this.expectedBucketOwner, o));
	}

	ownership(): Promise<string | null> {
		return this.bucketCall('ownership', (region, o) => this.session.bucketOwnership(this.plan.bucket, region, this.expectedBucketOwner, o));
	}

	bucketPolicyText(): Promise<string | null> {
		if (this.seed.bucketPolicy !== undefined) return this.once('bucket:policy', async () => this.seed.bucketPolicy ?? null);
		return this.bucketCall('policy', (region, o) => this.session.bucketPolicy(this.plan.bucket, region, this.expectedBucketOwner, o));
	}

	/** The caller's own buckets; asked only to tell "not yours" from "not readable". */
	ownBuckets(): Promise<BucketSummary[]> {
		return this.call('list-buckets', (o) => this.session.listBuckets(o));
	}

	/**
	 * True when the plan names no bucket owner but the bucket is not the caller's: asked as a
	 * bucket of the caller's account it is refused, and ListBuckets does not list it. Its
	 * owner is then another account that S3 will not name. Undefined when it cannot be told.
	 */
	bucketOwnerUnknown(): Promise<boolean | undefined> {
		return this.once('bucket-owner-unknown', async () => {
			if (this.plan.bucketOwner !== undefined) return false;
			try {
				await this.headBucket();
				return false;
			} catch (error) {
				if (!(error instanceof AwsCallError) || !error.isAccessDenied) return undefined;
			}
			try {
				return !(await this.ownBuckets()).some((b) => b.name === this.plan.bucket);
			} catch {
				return undefined;
			}
		});
	}

	/** The key the export encrypts with: the plan's, or the AWS managed aws/s3 key when none is named. */
	get keyRef(): string {
		return this.plan.kmsKeyId ?? 'alias/aws/s3';
	}

	/** Region of the key when the plan names it by key ARN. */
	get keyArnRegion(): string | undefined {
		return parseKeyArn(this.keyRef)?.region;
	}

	/** DescribeKey in the bucket's Region, where the export needs the key. */
	key(): Promise<KeyDetails> {
		return this.seeded('key', this.seed.key, () =>
			this.once('key', async () => {
				const arnRegion = this.keyArnRegion;
				if (!arnRegion) {
					// Aliases and key ids: as for bucket calls, ask in the guessed Region at once.
					const guess = this.bucketGuess;
					const first = this.describeKeyIn(guess);
					const target = await need(this.bucketTarget(), 'bucket');
					return target.region === guess ? first : this.describeKeyIn(target.region);
				}
				return this.inKeyArnRegion(arnRegion, () => this.describeKeyIn(arnRegion));
			}),
		);
	}

	/** A key ARN names its Region; it can serve the bucket only if that is the bucket's. */
	private async inKeyArnRegion<T>(arnRegion: string, start: () => Promise<T>): Promise<T> {
		if (this.plan.bucketRegion && this.plan.bucketRegion !== arnRegion) throw new DependencyError('kms-key');
		const started = start();
		const target = await need(this.bucketTarget(), 'bucket');
		if (target.region !== arnRegion) throw new DependencyError('kms-key');
		return started;
	}

	/** DescribeKey of the plan's key in any Region (to say where a key is when it is not in the bucket's). */
	describeKeyIn(region: string): Promise<KeyDetails> {
		return this.call(`key@${region}`, (o) => this.session.describeKey(this.keyRef, region, o));
	}

	/** Known at once for a key ARN; otherwise DescribeKey resolves it (aliases, key ids). */
	keyArn(): Promise<string> {
		if (parseKeyArn(this.keyRef)) return Promise.resolve(this.keyRef);
		return need(this.key(), 'kms-key').then((key) => key.arn);
	}

	keyPolicyText(): Promise<string> {
		if (this.seed.keyPolicy !== undefined && this.seed.keyPolicy !== null) {
			const text = this.seed.keyPolicy;
			return this.once('key-policy', async () => text);
		}
		return this.once('key-policy', async () => {
			const arnRegion = this.keyArnRegion;
			if (arnRegion) {
				return this.inKeyArnRegion(arnRegion, () => this.call(`key-policy@${this.keyRef}`, (o) => this.session.keyPolicy(this.keyRef, arnRegion, o)));
			}
			const key = await need(this.key(), 'kms-key');
			const region = key.region || (await need(this.bucketTarget(), 'bucket')).region;
			return this.call(`key-policy@${key.arn}`, (o) => this.session.keyPolicy(key.arn, region, o));
		});
	}

	/** One SimulatePrincipalPolicy for every resource given (a batch's tables in one call). */
	simulate(principalArn: string, resources: string | readonly string[], actions: readonly string[]): Promise<SimulationResult[]> {
		const list = typeof resources === 'string' ? [resources] : [...resources];
		return this.call(`simulate:${principalArn}:${list.join(' ')}:${actions.join(',')}`, (o) =>
			this.session.simulatePrincipalPolicy(principalArn, [...actions], list, o),
		);
	}

	/** The permissions boundary ARN of a role or user (null: none). */
	boundaryArn(principal: {type: 'role' | 'user'; name: string}): Promise<string | null> {
		return this.call(`boundary:${principal.type}/${principal.name}`, (o) => this.session.permissionsBoundary(principal, o));
	}

	managedPolicy(arn: string): Promise<ManagedPolicy> {
		return this.call(`managed-policy:${arn}`, (o) => this.session.managedPolicy(arn, o));
	}

	orgPolicies(account: string): Promise<OrgPolicy[]> {
		return this.call(`org:${account}`, (o) => this.session.organizationPolicies(account, 'SERVICE_CONTROL_POLICY', o));
	}

	probe(): Promise<ProbeOutcome> {
		const sse = this.plan.sse === 'KMS' ? ({algorithm: 'KMS', kmsKeyId: this.plan.kmsKeyId} as const) : ({algorithm: 'AES256'} as const);
		// Same owner check as the export itself will make (S3BucketOwner or none).
		return this.bucketCall('probe', (region, o) => this.session.probeWrite(this.plan.bucket, region, this.probeKey, sse, this.plan.bucketOwner, o));
	}
}

function randomSuffix(): string {
	return globalThis.crypto.randomUUID().slice(0, 8);
}
