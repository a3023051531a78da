// AwsSession on the real SDK: routes each method to its service file, in the right
// Region, through the session's read cache. Writes clear the reads they change.

import {parseKeyArn} from '../core/arn.js';
import type {ExportRequest} from '../core/plan.js';
import {AwsCallError} from '../core/ports.js';
import type {
	AwsSession,
	BucketEncryption,
	BucketSummary,
	CallerIdentity,
	CallOptions,
	ExportDescription,
	ExportPage,
	ExportSummary,
	KeyDetails,
	KeySummary,
	ManagedPolicy,
	OrgPolicy,
	PageOptions,
	PitrStatus,
	PolicyFinding,
	ProbeOutcome,
	SimulationResult,
	SseSetting,
	TableDetails,
	ObjectStream,
	ObjectSummary,
} from '../core/ports.js';
import type {ClientPool} from './clients.js';
import * as dynamodb from './dynamodb-calls.js';
import {globalRegionFor} from './endpoints.js';
import {isAbortError} from './errors.js';
import * as iam from './iam-calls.js';
import * as kms from './kms-calls.js';
import * as organizations from './organizations-calls.js';
import {ReadCache} from './read-cache.js';
import * as s3 from './s3-calls.js';

type Principal = iam.Principal;

export class SdkSession implements AwsSession {
	private readonly cache = new ReadCache();
	/** Bucket Regions learnt from ListBuckets, so bucketRegion() need not ask again. */
	private readonly listedBucketRegions = new Map<string, string>();

	constructor(
		readonly region: string,
		readonly profile: string | undefined,
		private readonly pool: ClientPool,
	) {}

	/** Closes the session's HTTP connections. Not part of AwsSession; for tests and the CLI's exit. */
	destroy(): void {
		this.pool.destroy();
	}

	private get globalRegion(): string {
		return globalRegionFor(this.region);
	}

	forgetReads(): void {
		// Who the caller is cannot change within a session; everything else may have.
		this.cache.clear(['identity']);
		this.listedBucketRegions.clear();
	}

	identity(options?: CallOptions): Promise<CallerIdentity> {
		return this.cache.get('identity', [], options?.signal, async () => {
			const out = await this.pool.call('sts', this.region, 'GetCallerIdentity', options?.signal, (m, c, o) =>
				c.send(new m.GetCallerIdentityCommand({}), o),
			);
			// STS always sends both; without them the answer came from something else (a portal, a proxy).
			if (!out.Account || !out.Arn) {
				throw new AwsCallError('sts', 'GetCallerIdentity', 'UnreadableAnswer', 'unreadable answer from the STS endpoint: GetCallerIdentity returned no Account or Arn');
			}
			return {account: out.Account, arn: out.Arn, userId: out.UserId ?? ''};
		});
	}

	listTables(options?: PageOptions<string>): Promise<string[]> {
		return this.cachedList('listTables', [], options, () => dynamodb.listTables(this.pool, this.region, options));
	}

	describeTable(tableName: string, options?: CallOptions): Promise<TableDetails> {
		return this.cache.get('describeTable', [tableName], options?.signal, async () => {
			const details = await dynamodb.describeTable(this.pool, this.region, tableName, options?.signal);
			const keyArn = details.encryption.kmsKeyArn;
			if (details.encryption.type === 'KMS' && keyArn) {
				// Whether it is aws/dynamodb matters (its key policy cannot be changed); only
				// DescribeKey says so, and not being allowed to call it must not fail the table.
				try {
					const key = await this.describeKey(keyArn, parseKeyArn(keyArn)?.region || this.region, options);
					details.awsManagedKey = key.manager === 'AWS';
				} catch (error) {
					if (isAbortError(error)) throw error;
				}
			}
			return details;
		});
	}

	describeContinuousBackups(tableName: string, options?: CallOptions): Promise<PitrStatus> {
		return this.cache.get('describeContinuousBackups', [tableName], options?.signal, () =>
			dynamodb.describeContinuousBackups(this.pool, this.region, tableName, options?.signal),
		);
	}

	async enablePitr(tableName: string, options?: CallOptions): Promise<PitrStatus> {
		try {
			return await dynamodb.enablePitr(this.pool, this.region, tableName, options?.signal);
		} finally {
			this.cache.invalidate('describeContinuousBackups', tableName);
		}
	}

	async listBuckets(options?: PageOptions<BucketSummary>): Promise<BucketSummary[]> {
		const buckets = await this.cachedList('listBuckets', [], options, () => s3.listBuckets(this.pool, this.region, options));
		for (const b of buckets) if (b.region) this.listedBucketRegions.set(b.name, b.region);
		return buckets;
	}

	bucketRegion(bucket: string, expectedOwner?: string, options?: CallOptions): Promise<string> {
		// ListBuckets lists only the caller's own buckets, so its answer is used only when no
		// other owner is expected.
		const listed = expectedOwner ? undefined : this.listedBucketRegions.get(bucket);
		if (listed) return Promise.resolve(listed);
		return this.cache.get('bucketRegion', [bucket, expectedOwner], options?.signal, () =>
			s3.bucketRegion(this.pool, this.region, bucket, expectedOwner, options?.signal),
		);
	}

	headBucket(bucket: string, region: string, expectedOwner?: string, options?: CallOptions): Promise<void> {
		return this.cache.get('headBucket', [bucket, region, expectedOwner], options?.signal, () =>
			s3.headBucket(this.pool, region, bucket, expectedOwner, options?.signal),
		);
	}

	bucketPolicy(bucket: string, region: string, expectedOwner?: string, options?: CallOptions): Promise<string | null> {
		return this.cache.get('bucketPolicy', [bucket, region, expectedOwner], options?.signal, () =>
			s3.bucketPolicy(this.pool, region, bucket, expectedOwner, options?.signal),
		);
	}

	bucketEncryption(bucket: string, region: string, expectedOwner?: string, options?: CallOptions): Promise<BucketEncryption | null> {
		return this.cache.get('bucketEncryption', [bucket, region, expectedOwner], options?.signal, () =>
			s3.bucketEncryption(this.pool, region, bucket, expectedOwner, options?.signal),
		);
	}

	bucketOwnership(bucket: string, region: string, expectedOwner?: string, options?: CallOptions): Promise<string | null> {
		return this.cache.get('bucketOwnership', [bucket, region, expectedOwner], options?.signal, () =>
			s3.bucketOwnership(this.pool, region, bucket, expectedOwner, options?.signal),
		);
	}

	bucketRequestPayment(bucket: string, region: string, expectedOwner?: string, options?: CallOptions): Promise<string> {
		return this.cache.get('bucketRequestPayment', [bucket, region, expectedOwner], options?.signal, () =>
			s3.bucketRequestPayment(this.pool, region, bucket, expectedOwner, options?.signal),
		);
	}

	probeWrite(bucket: string, region: string, key: string, sse: SseSetting, expectedOwner?: string, options?: CallOptions): Promise<ProbeOutcome> {
		return s3.probeWrite(this.pool, region, bucket, key, sse, expectedOwner, options?.signal);
	}

	getObjectStream(bucket: string, region: string, key: string, expectedOwner?: string, options?: CallOptions): Promise<ObjectStream | null> {
		return s3.getObjectStream(this.pool, region, bucket, key, expectedOwner, options?.signal);
	}

	listObjects(bucket: string, region: string, prefix: string, expectedOwner?: string, options?: CallOptions): Promise<ObjectSummary[]> {
		return s3.listObjects(this.pool, region, bucket, prefix, expectedOwner, options?.signal);
	}

	getObjectText(bucket: string, region: string, key: string, expectedOwner?: string, options?: CallOptions): Promise<string | null> {
		return s3.getObjectText(this.pool, region, bucket, key, expectedOwner, options?.signal);
	}
	getObjectStart(bucket: string, region: string, key: string, maxBytes: number, expectedOwner?: string, options?: CallOptions): Promise<Uint8Array | null> {
		return s3.getObjectStart(this.pool, region, bucket, key, maxBytes, expectedOwner, options?.signal);
	}

	async putBucketRequestPayment(bucket: string, region: string, payer: 'BucketOwner' | 'Requester', expectedOwner?: string, options?: CallOptions): Promise<void> {
		try {
			await s3.putBucketRequestPayment(this.pool, region, bucket, payer, expectedOwner, options?.signal);
		} finally {
			this.cache.invalidate('bucketRequestPayment', bucket);
		}
	}

	async createBucket(bucket: string, region: string, options?: CallOptions): Promise<void> {
		try {
			await s3.createBucket(this.pool, region, bucket, options?.signal);
		} finally {
			// Every read of the bucket so far said it did not exist.
			for (const method of ['bucketRegion', 'headBucket', 'bucketPolicy', 'bucketEncryption', 'bucketOwnership', 'bucketRequestPayment']) this.cache.invalidate(method, bucket);
			this.cache.invalidate('listBuckets');
		}
	}

	async putBucketPolicy(bucket: string, region: string, policy: string, expectedOwner?: string, options?: CallOptions): Promise<void> {
		try {
			await s3.putBucketPolicy(this.pool, region, bucket, policy, expectedOwner, options?.signal);
		} finally {
			this.cache.invalidate('bucketPolicy', bucket);
		}
	}

	listKeys(region: string, options?: PageOptions<KeySummary>): Promise<KeySummary[]> {
		return this.cachedList('listKeys', [region], options, () => kms.listKeys(this.pool, region, options));
	}

	describeKey(keyId: string, region: string, options?: CallOptions): Promise<KeyDetails> {
		return this.cache.get('describeKey', [keyId, region], options?.signal, () => kms.describeKey(this.pool, region, keyId, options?.signal));
	}

	keyPolicy(keyArn: string, region: string, options?: CallOptions): Promise<string> {
		return this.cache.get('keyPolicy', [keyArn, region], options?.signal, () => kms.keyPolicy(this.pool, region, keyArn, options?.signal));
	}

	async enableKey(keyArn: string, region: string, options?: CallOptions): Promise<void> {
		try {
			await kms.enableKey(this.pool, region, keyArn, options?.signal);
		} finally {
			this.cache.invalidate('describeKey');
		}
	}

	async putKeyPolicy(keyArn: string, region: string, policy: string, options?: CallOptions): Promise<void> {
		try {
			await kms.putKeyPolicy(this.pool, region, keyArn, policy, options?.signal);
		} finally {
			this.cache.invalidate('keyPolicy', keyArn);
		}
	}

	simulatePrincipalPolicy(principalArn: string, actions: string[], resources: string[], options?: CallOptions): Promise<SimulationResult[]> {
		return this.cache.get('simulatePrincipalPolicy', [principalArn, actions, resources], options?.signal, () =>
			iam.simulatePrincipalPolicy(this.pool, this.globalRegion, principalArn, actions, resources, options?.signal),
		);
	}

	simulateCustomPolicy(policies: string[], actions: string[], resources: string[], options?: CallOptions): Promise<SimulationResult[]> {
		return this.cache.get('simulateCustomPolicy', [policies, actions, resources], options?.signal, () =>
			iam.simulateCustomPolicy(this.pool, this.globalRegion, policies, actions, resources, options?.signal),
		);
	}

	listInlinePolicies(principal: Principal, options?: CallOptions): Promise<string[]> {
		return this.cache.get('listInlinePolicies', [principal.type, principal.name], options?.signal, () =>
			iam.listInlinePolicies(this.pool, this.globalRegion, principal, options?.signal),
		);
	}

	getInlinePolicy(principal: Principal, policyName: string, options?: CallOptions): Promise<string | null> {
		return this.cache.get('getInlinePolicy', [principal.type, principal.name, policyName], options?.signal, () =>
			iam.getInlinePolicy(this.pool, this.globalRegion, principal, policyName, options?.signal),
		);
	}

	permissionsBoundary(principal: Principal, options?: CallOptions): Promise<string | null> {
		return this.cache.get('permissionsBoundary', [principal.type, principal.name], options?.signal, () =>
			iam.permissionsBoundary(this.pool, this.globalRegion, principal, options?.signal),
		);
	}

	managedPolicy(policyArn: string, options?: CallOptions): Promise<ManagedPolicy> {
		return this.cache.get('managedPolicy', [policyArn], options?.signal, () => iam.managedPolicy(this.pool, this.globalRegion, policyArn, options?.signal));
	}

	async putInlinePolicy(principal: Principal, policyName: string, document: string, options?: CallOptions): Promise<void> {
		try {
			await iam.putInlinePolicy(this.pool, this.globalRegion, principal, policyName, document, options?.signal);
		} finally {
			this.cache.invalidate('getInlinePolicy', principal.type, principal.name, policyName);
			this.cache.invalidate('listInlinePolicies', principal.type, principal.name);
			// The principal's effective permissions changed with it.
			this.cache.invalidate('simulatePrincipalPolicy');
		}
	}

	organizationPolicies(account: string, type?: string, options?: CallOptions): Promise<OrgPolicy[]> {
		const policyType = type ?? 'SERVICE_CONTROL_POLICY';
		return this.cache.get('organizationPolicies', [account, policyType], options?.signal, () =>
			organizations.organizationPolicies(this.pool, this.globalRegion, account, policyType, options?.signal),
		);
	}

	validatePolicy(
		document: string,
		policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY',
		resourceType?: 'AWS::S3::Bucket',
		options?: CallOptions,
	): Promise<PolicyFinding[]> {
		return this.cache.get('validatePolicy', [document, policyType, resourceType], options?.signal, () =>
			iam.validatePolicy(this.pool, this.region, document, policyType, resourceType, options?.signal),
		);
	}

	startExport(request: ExportRequest, options?: CallOptions): Promise<ExportDescription> {
		return dynamodb.startExport(this.pool, this.region, request, options?.signal);
	}

	describeExport(exportArn: string, options?: CallOptions): Promise<ExportDescription> {
		return dynamodb.describeExport(this.pool, this.region, exportArn, options?.signal);
	}

	listExports(tableArn?: string, options?: PageOptions<ExportSummary>): Promise<ExportSummary[]> {
		return dynamodb.listExports(this.pool, this.region, tableArn, options);
	}

	listExportsPage(tableArn: string | undefined, maxResults: number, token: string | undefined, options?: CallOptions): Promise<ExportPage> {
		return dynamodb.listExportsPage(this.pool, this.region, tableArn, maxResults, token, options?.signal);
	}

	/**
	 * A cached list still feeds onPage: a caller that did not fetch it gets the whole list as
	 * one page. Each caller gets its own array, free to sort.
	 */
	private async cachedList<T>(method: string, args: unknown[], options: PageOptions<T> | undefined, load: () => Promise<T[]>): Promise<T[]> {
		let fetched = false;
		const list = await this.cache.get(method, args, options?.signal, () => {
			fetched = true;
			return load();
		});
		if (!fetched) options?.onPage?.([...list]);
		return [...list];
	}
}
