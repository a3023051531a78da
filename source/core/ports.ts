// What the core asks of AWS. source/aws/ implements these with the SDK; tests may
// implement them with plain objects. No SDK types cross this line: every value here
// is plain data, every failure is an AwsCallError.

import type {ExportRequest} from './plan.js';

/** Every AWS failure the core sees. Built by source/aws/ from SDK errors. */
/** A cancelled call or wait (AbortSignal): named AbortError by Node, the SDK and us alike. */
export function isAbortError(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as {name?: unknown}).name === 'AbortError';
}

export class AwsCallError extends Error {
	override readonly name = 'AwsCallError';
	constructor(
		readonly service: string,
		readonly operation: string,
		/** AWS error code, e.g. AccessDeniedException, AccessDenied, NoSuchBucket; 'NetworkError' when no answer came. */
		readonly code: string,
		message: string,
		readonly httpStatus?: number,
		readonly requestId?: string,
	) {
		super(message);
	}

	get isAccessDenied(): boolean {
		// Credentials AWS does not accept (unknown key, bad signature, expired) are answered
		// with 403 too, but they say nothing about permissions: no policy change fixes them.
		if (this.isRefusedCredentials) return false;
		return (
			this.httpStatus === 403 ||
			/^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError|Forbidden)$/.test(this.code)
		);
	}

	get isNotFound(): boolean {
		return this.httpStatus === 404 || /NotFound|NoSuch/.test(this.code);
	}

	/** The request was refused because of the credentials themselves, not a policy. */
	get isRefusedCredentials(): boolean {
		return this.isExpiredCredentials || /^(InvalidClientTokenId|UnrecognizedClientException|InvalidAccessKeyId|SignatureDoesNotMatch|InvalidSignatureException|InvalidToken|AuthFailure)$/.test(this.code);
	}

	get isExpiredCredentials(): boolean {
		return /^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/.test(this.code);
	}
}

/** How a profile gets its credentials, as read from the shared config files. */
export type ProfileKind = 'static' | 'assume-role' | 'sso' | 'process' | 'web-identity' | 'environment' | 'unknown';

export interface ProfileInfo {
	/** Profile name; '(environment)' stands for credentials from environment variables. */
	name: string;
	kind: ProfileKind;
	region?: string;
	/** For assume-role profiles. */
	roleArn?: string;
	sourceProfile?: string;
	mfaSerial?: string;
	/** For SSO profiles. */
	ssoStartUrl?: string;
	ssoAccountId?: string;
	ssoRoleName?: string;
}

export interface CallerIdentity {
	account: string;
	arn: string;
	userId: string;
}

export interface TableDetails {
	name: string;
	arn: string;
	status: string;
	itemCount?: number;
	sizeBytes?: number;
	/** 'DEFAULT' means an AWS owned key; 'KMS' carries the key ARN. */
	encryption: {type: 'DEFAULT' | 'KMS'; kmsKeyArn?: string; status?: string};
	/** True when the table is KMS-encrypted with the AWS managed key aws/dynamodb. */
	awsManagedKey?: boolean;
	/** The primary key: the partition key (HASH) first, then the sort key (RANGE) if any. */
	keySchema?: KeySchemaElement[];
	/** Types of the key attributes (and of index keys): 'S' | 'N' | 'B'. */
	attributeDefinitions?: AttributeDefinition[];
	/** 'PAY_PER_REQUEST' | 'PROVISIONED' (tables that never said are provisioned). */
	billingMode?: string;
	/** Read and write capacity units, for a provisioned table. */
	provisioned?: {readCapacityUnits: number; writeCapacityUnits: number};
}

export interface KeySchemaElement {
	attributeName: string;
	keyType: 'HASH' | 'RANGE' | string;
}

export interface AttributeDefinition {
	attributeName: string;
	attributeType: 'S' | 'N' | 'B' | string;
}

export interface PitrStatus {
	enabled: boolean;
	earliest?: Date;
	latest?: Date;
	recoveryPeriodDays?: number;
}

export interface BucketSummary {
	name: string;
	/** Region when ListBuckets reports it (it does for recent API versions). */
	region?: string;
	createdAt?: Date;
}

export interface KeySummary {
	keyId: string;
	arn: string;
	/** Alias names pointing at the key, e.g. ['alias/exports']. */
	aliases: string[];
	/** 'CUSTOMER' | 'AWS' when known (known from aliases: alias/aws/* are AWS managed). */
	manager?: 'CUSTOMER' | 'AWS';
}

export interface KeyDetails {
	keyId: string;
	arn: string;
	region: string;
	account: string;
	state: string;
	enabled: boolean;
	manager: 'CUSTOMER' | 'AWS';
	keySpec: string;
	keyUsage: string;
	description?: string;
}

/** What a passed write probe left: nothing, or an upload it could not find to abort. */
export interface ProbeOutcome {
	/**
	 * Set when CreateMultipartUpload was retried by the SDK (an answer lost on the way), so
	 * that S3 may hold a second upload whose id never arrived, and listing the uploads to
	 * abort it was not possible: what remains and how to remove it.
	 */
	leftover?: string;
}

export type SseSetting = {algorithm: 'AES256'} | {algorithm: 'KMS'; kmsKeyId?: string};

export interface BucketEncryption {
	algorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse' | string;
	kmsKeyId?: string;
	bucketKeyEnabled?: boolean;
}

export interface ExportDescription {
	exportArn: string;
	status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | string;
	tableArn?: string;
	startTime?: Date;
	endTime?: Date;
	exportTime?: Date;
	itemCount?: number;
	billedSizeBytes?: number;
	exportManifest?: string;
	failureCode?: string;
	failureMessage?: string;
	s3Bucket?: string;
	s3BucketOwner?: string;
	s3Prefix?: string;
	s3SseAlgorithm?: string;
	s3SseKmsKeyId?: string;
	exportFormat?: string;
	exportType?: string;
	/** An incremental export's window (IncrementalExportSpecification): from inclusive, to exclusive. */
	incremental?: {from?: Date; to?: Date; viewType?: string};
	clientToken?: string;
	/**
	 * Every member AWS returned, under AWS's names (ExportArn, IncrementalExportSpecification…;
	 * timestamps as Date), for output that must read exactly as the AWS CLI's. Absent when
	 * the description did not come from AWS (test doubles).
	 */
	aws?: Record<string, unknown>;
}

export interface ObjectStream {
	body: AsyncIterable<Uint8Array>;
	/** Content-Length, when S3 gave one. */
	size?: number;
}

export interface ObjectSummary {
	key: string;
	size: number;
}

export interface ExportSummary {
	exportArn: string;
	status: string;
	exportType?: string;
}

/** One page of ListExports, for --max-items / --starting-token. */
export interface ExportPage {
	summaries: ExportSummary[];
	/** Where the next page starts (ListExports' NextToken); undefined on the last page. */
	nextToken?: string;
}

export type SimulationDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface SimulationResult {
	action: string;
	resource: string;
	decision: SimulationDecision;
	/** False when an organisation policy (SCP) denied it; undefined when not reported. */
	allowedByOrganizations?: boolean;
	/** False when a permissions boundary denied it; undefined when not reported. */
	allowedByPermissionsBoundary?: boolean;
	matchedStatementIds: string[];
	missingContextKeys: string[];
}

/** Where in the organisation a policy is attached: the account itself, an OU above it, or the root. */
export interface OrgTarget {
	id: string;
	type: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT' | 'ROOT' | string;
}

export interface OrgPolicy {
	id: string;
	arn: string;
	name: string;
	type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' | string;
	content: string;
	/** The targets on the account's path (account, OUs, root) it is attached to, nearest first. */
	attachedTo?: OrgTarget[];
}

/** A customer or AWS managed policy's default version (a permissions boundary, say). */
export interface ManagedPolicy {
	arn: string;
	versionId: string;
	document: string;
}

export interface PolicyFinding {
	findingType: 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION' | string;
	issueCode: string;
	details: string;
}

export interface CallOptions {
	signal?: AbortSignal;
}

export interface PageOptions<T> extends CallOptions {
	/** Called with each page as it arrives, so a list can be shown before it is complete. */
	onPage?: (items: T[]) => void;
}

/**
 * One set of credentials in one home Region. Methods that act in another Region
 * (bucket or key Regions) take it explicitly. Every method rejects with AwsCallError.
 * The implementation caches identical read calls within a session (one DescribeTable
 * per table, one GetCallerIdentity).
 */
export interface AwsSession {
	readonly region: string;
	readonly profile?: string;

	/**
	 * Forgets the reads cached so far (policies, simulations, key and bucket facts), so a
	 * re-run of the checks after a fix sees AWS as it is now. Who the caller is stays.
	 */
	forgetReads(): void;

	identity(options?: CallOptions): Promise<CallerIdentity>;

	listTables(options?: PageOptions<string>): Promise<string[]>;
	describeTable(tableName: string, options?: CallOptions): Promise<TableDetails>;
	describeContinuousBackups(tableName: string, options?: CallOptions): Promise<PitrStatus>;
	/** Changes AWS: only after the user said yes. */
	enablePitr(tableName: string, options?: CallOptions): Promise<PitrStatus>;

	listBuckets(options?: PageOptions<BucketSummary>): Promise<BucketSummary[]>;
	/** Region of the bucket ('us-east-1' for the empty LocationConstraint). */
	bucketRegion(bucket: string, expectedOwner?: string, options?: CallOptions): Promise<string>;
	headBucket(bucket: string, region: string, expectedOwner?: string, options?: CallOptions): Promise<void>;
	/** The policy document text, or null when the bucket has none. */
	bucketPolicy(bucket: string, region: string, expectedOwner?: string, options?: CallOptions): Promise<string | null>;
	bucketEncryption(bucket: string, region: string, expectedOwner?: string, options?: CallOptions): Promise<BucketEncryption | null>;
	/** 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter', or null when unset. */
	bucketOwnership(bucket: string, region: string, expectedOwner?: string, options?: CallOptions): Promise<string | null>;
	/** 'Requester' | 'BucketOwner'. */
	bucketRequestPayment(bucket: string, region: string, expectedOwner?: string, options?: CallOptions): Promise<string>;
	/**
	 * Write probe: CreateMultipartUpload under `key` with the given encryption, UploadPart
	 * of a few bytes, AbortMultipartUpload. Leaves nothing behind, or says what may remain.
	 * Rejects with the first failing call's AwsCallError (its operation says which step failed).
	 */
	probeWrite(bucket: string, region: string, key: string, sse: SseSetting, expectedOwner?: string, options?: CallOptions): Promise<ProbeOutcome>;
	/**
	 * An object's bytes as a stream (never held whole: data files may be gigabytes), or null
	 * when it does not exist. A failure while reading rejects the iteration.
	 */
	getObjectStream(bucket: string, region: string, key: string, expectedOwner?: string, options?: CallOptions): Promise<ObjectStream | null>;
	/** Every object under `prefix` (all pages of ListObjectsV2). */
	listObjects(bucket: string, region: string, prefix: string, expectedOwner?: string, options?: CallOptions): Promise<ObjectSummary[]>;
	/** Object text, or null when it does not exist. */
	getObjectText(bucket: string, region: string, key: string, expectedOwner?: string, options?: CallOptions): Promise<string | null>;
	/** The first `maxBytes` bytes of an object (a Range request), or null when it does not exist. */
	getObjectStart(bucket: string, region: string, key: string, maxBytes: number, expectedOwner?: string, options?: CallOptions): Promise<Uint8Array | null>;
	/** Changes AWS: only after the user said yes. */
	putBucketRequestPayment(bucket: string, region: string, payer: 'BucketOwner' | 'Requester', expectedOwner?: string, options?: CallOptions): Promise<void>;
	/** Changes AWS: only after the user said yes. Creates the bucket in `region` (S3's defaults). */
	createBucket(bucket: string, region: string, options?: CallOptions): Promise<void>;
	/** Changes AWS: only after the user said yes. */
	putBucketPolicy(bucket: string, region: string, policy: string, expectedOwner?: string, options?: CallOptions): Promise<void>;

	listKeys(region: string, options?: PageOptions<KeySummary>): Promise<KeySummary[]>;
	describeKey(keyId: string, region: string, options?: CallOptions): Promise<KeyDetails>;
	keyPolicy(keyArn: string, region: string, options?: CallOptions): Promise<string>;
	/** Changes AWS: only after the user said yes. */
	enableKey(keyArn: string, region: string, options?: CallOptions): Promise<void>;
	/** Changes AWS: only after the user said yes. */
	putKeyPolicy(keyArn: string, region: string, policy: string, options?: CallOptions): Promise<void>;

	simulatePrincipalPolicy(
		principalArn: string,
		actions: string[],
		resources: string[],
		options?: CallOptions,
	): Promise<SimulationResult[]>;
	simulateCustomPolicy(policies: string[], actions: string[], resources: string[], options?: CallOptions): Promise<SimulationResult[]>;
	/** Inline policy names of a role or user. */
	listInlinePolicies(principal: {type: 'role' | 'user'; name: string}, options?: CallOptions): Promise<string[]>;
	getInlinePolicy(principal: {type: 'role' | 'user'; name: string}, policyName: string, options?: CallOptions): Promise<string | null>;
	/** ARN of the permissions boundary of a role or user, or null when it has none. */
	permissionsBoundary(principal: {type: 'role' | 'user'; name: string}, options?: CallOptions): Promise<string | null>;
	/** The default version of a managed policy (GetPolicy, then GetPolicyVersion). */
	managedPolicy(policyArn: string, options?: CallOptions): Promise<ManagedPolicy>;
	/** Changes AWS: only after the user said yes. */
	putInlinePolicy(principal: {type: 'role' | 'user'; name: string}, policyName: string, document: string, options?: CallOptions): Promise<void>;

	/** Organisation policies of the given type that apply to the account (SCPs by default). */
	organizationPolicies(account: string, type?: string, options?: CallOptions): Promise<OrgPolicy[]>;
	validatePolicy(
		document: string,
		policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY',
		resourceType?: 'AWS::S3::Bucket',
		options?: CallOptions,
	): Promise<PolicyFinding[]>;

	/** Starts the export. The request carries the ClientToken; retries reuse it. */
	startExport(request: ExportRequest, options?: CallOptions): Promise<ExportDescription>;
	describeExport(exportArn: string, options?: CallOptions): Promise<ExportDescription>;
	listExports(tableArn?: string, options?: PageOptions<ExportSummary>): Promise<ExportSummary[]>;
	/** One ListExports page of at most maxResults (1–25) from `token`. */
	listExportsPage(tableArn: string | undefined, maxResults: number, token: string | undefined, options?: CallOptions): Promise<ExportPage>;
}

export interface SessionRequest {
	/** undefined: credentials from the environment / default chain. */
	profile?: string;
	region: string;
	/** Asked when an assume-role profile needs an MFA code. */
	mfaCode?: (mfaSerial: string) => Promise<string>;
}

/** Entry point of source/aws/: everything the rest of the product gets from AWS. */
export interface AwsGateway {
	listProfiles(): Promise<ProfileInfo[]>;
	/** Region configured for a profile (or the environment), if any. */
	defaultRegion(profile?: string): Promise<string | undefined>;
	session(request: SessionRequest): AwsSession;
	/**
	 * The SDK's unmarshall for reading an export's items (numbers kept as their digits),
	 * loaded when first asked for. Optional: a gateway without it cannot preview items.
	 */
	itemUnmarshal?(): Promise<import('./read/export-record.js').Unmarshal>;
}
