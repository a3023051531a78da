// The sandbox's AWS: accounts, principals, credentials and resources, plus the lookups
// every protocol handler needs. Plain data; the handlers decide what a request may do.

import type {ExportRecord} from './export-record.js';
import {profileSecrets, type ProfileSecrets} from './secrets.js';

export interface Principal {
	type: 'user' | 'role';
	account: string;
	name: string;
	/** arn:aws:iam::ACCOUNT:user/NAME or arn:aws:iam::ACCOUNT:role/NAME */
	arn: string;
	/** AIDA… for users, AROA… for roles. */
	id: string;
	/** Inline identity policies: name → JSON text. */
	inlinePolicies: Map<string, string>;
	/** Permissions boundary document, when one is set. */
	boundary?: {arn: string; document: string};
	/** Roles: who may assume them. */
	trustPolicy?: string;
	/** Users: the serial number of their virtual MFA device. */
	mfaSerial?: string;
}

export interface Credential {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	/** The user or role the keys belong to. */
	principalArn: string;
	/** Role sessions only. */
	sessionName?: string;
	/** Epoch ms after which AWS answers ExpiredToken. */
	expiresAt?: number;
	/** Set by Sandbox.expireCredentials(). */
	forcedExpired: boolean;
	/** The session was created with a valid MFA code. */
	mfaAuthenticated?: boolean;
}

export interface Caller {
	principal: Principal;
	credential: Credential;
	/** The ARN AWS reports: the session ARN for a role session. */
	arn: string;
	userId: string;
	account: string;
}

export interface Table {
	name: string;
	account: string;
	region: string;
	arn: string;
	id: string;
	createdAt: number;
	itemCount: number;
	sizeBytes: number;
	pitr: {enabled: boolean; since: number; periodDays: number};
	/** Customer managed (or aws/dynamodb) key ARN when the table is KMS-encrypted. */
	kmsKeyArn?: string;
	/** An export writes every item up to this many (the bench's large export); otherwise at most 20,000. */
	exportedItemCap?: number;
}

export interface StoredObject {
	key: string;
	body: Buffer;
	etag: string;
	lastModified: number;
	contentType?: string;
	sse?: {algorithm: string; kmsKeyArn?: string};
}

export interface MultipartUpload {
	id: string;
	key: string;
	parts: Map<number, Buffer>;
	sse?: {algorithm: string; kmsKeyArn?: string};
}

export interface Bucket {
	name: string;
	region: string;
	owner: string;
	createdAt: number;
	policy?: string;
	encryption: {algorithm: 'AES256' | 'aws:kms'; kmsKeyId?: string; bucketKeyEnabled?: boolean};
	ownership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
	requesterPays: boolean;
	objects: Map<string, StoredObject>;
	uploads: Map<string, MultipartUpload>;
}

export interface KmsKey {
	id: string;
	arn: string;
	account: string;
	region: string;
	state: 'Enabled' | 'Disabled' | 'PendingDeletion';
	manager: 'CUSTOMER' | 'AWS';
	description: string;
	policy: string;
	createdAt: number;
}

export interface KmsAlias {
	name: string;
	account: string;
	region: string;
	targetKeyId: string;
	createdAt: number;
}

export interface OrgPolicy {
	id: string;
	arn: string;
	name: string;
	description: string;
	type: 'SERVICE_CONTROL_POLICY';
	awsManaged: boolean;
	content: string;
	/** Account ids (or the root id) the policy is attached to. */
	targets: string[];
}

export interface Organization {
	id: string;
	rootId: string;
	managementAccount: string;
	accounts: string[];
	policies: OrgPolicy[];
}

export class WorldState {
	readonly principals = new Map<string, Principal>();
	readonly credentials = new Map<string, Credential>();
	/** account/region → table name → table */
	private readonly tablesByPlace = new Map<string, Map<string, Table>>();
	private readonly sortedNames = new Map<string, string[]>();
	readonly buckets = new Map<string, Bucket>();
	readonly keys = new Map<string, KmsKey>();
	readonly aliases: KmsAlias[] = [];
	organization?: Organization;
	readonly exports: ExportRecord[] = [];

	constructor(
		readonly now: () => number,
		/** Where the profiles' secrets come from (secrets.ts). */
		readonly secrets: ProfileSecrets = profileSecrets(),
	) {}

	addPrincipal(principal: Principal): Principal {
		this.principals.set(principal.arn, principal);
		return principal;
	}

	addCredential(credential: Credential): Credential {
		this.credentials.set(credential.accessKeyId, credential);
		return credential;
	}

	addTable(table: Table): Table {
		const place = `${table.account}/${table.region}`;
		let tables = this.tablesByPlace.get(place);
		if (!tables) this.tablesByPlace.set(place, (tables = new Map()));
		tables.set(table.name, table);
		this.sortedNames.delete(place);
		return table;
	}

	/** Removes a table (a scenario that wants an account without the healthy world's tables). */
	deleteTable(account: string, region: string, name: string): void {
		const place = `${account}/${region}`;
		this.tablesByPlace.get(place)?.delete(name);
		this.sortedNames.delete(place);
	}

	table(account: string, region: string, name: string): Table | undefined {
		return this.tablesByPlace.get(`${account}/${region}`)?.get(name);
	}

	/** Table names of an account in a Region, sorted as ListTables returns them. */
	tableNames(account: string, region: string): string[] {
		const place = `${account}/${region}`;
		let names = this.sortedNames.get(place);
		if (!names) {
			names = [...(this.tablesByPlace.get(place)?.keys() ?? [])].sort();
			this.sortedNames.set(place, names);
		}
		return names;
	}

	addBucket(bucket: Bucket): Bucket {
		this.buckets.set(bucket.name, bucket);
		return bucket;
	}

	addKey(key: KmsKey, aliasNames: string[] = []): KmsKey {
		this.keys.set(key.arn, key);
		for (const name of aliasNames) {
			this.aliases.push({name, account: key.account, region: key.region, targetKeyId: key.id, createdAt: key.createdAt});
		}
		return key;
	}

	/**
	 * A key as KMS resolves a KeyId parameter: key id, key ARN, alias name or alias ARN,
	 * seen from `account` in `region`. Keys of other Regions are invisible.
	 */
	resolveKey(reference: string, account: string, region: string): KmsKey | undefined {
		const arnMatch = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/.exec(reference);
		if (arnMatch) {
			const [, keyRegion, keyAccount, kind, rest] = arnMatch;
			if (keyRegion !== region) return undefined;
			if (kind === 'key') return this.keys.get(reference);
			return this.keyOfAlias(`alias/${rest}`, keyAccount!, keyRegion);
		}
		if (reference.startsWith('alias/')) return this.keyOfAlias(reference, account, region);
		return this.keys.get(`arn:aws:kms:${region}:${account}:key/${reference}`);
	}

	private keyOfAlias(name: string, account: string, region: string): KmsKey | undefined {
		const alias = this.aliases.find((a) => a.name === name && a.account === account && a.region === region);
		return alias ? this.keys.get(`arn:aws:kms:${region}:${account}:key/${alias.targetKeyId}`) : undefined;
	}

	/** SCPs that apply to an account (the organisation's policies attached to it or to the root). */
	scpsFor(account: string): OrgPolicy[] {
		const org = this.organization;
		if (!org || !org.accounts.includes(account)) return [];
		return org.policies.filter((p) => p.targets.includes(account) || p.targets.includes(org.rootId));
	}
}
