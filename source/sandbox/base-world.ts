// The `healthy` world every scenario starts from: account 111111111111 in us-east-1, a
// caller role session allowed exactly what an export needs, an admin user, four tables,
// two buckets, KMS keys and an organisation. Scenarios then break one thing.

import {createHash} from 'node:crypto';
import type {ProfileSecrets} from './secrets.js';
import type {SandboxPlan, SandboxProfile} from './types.js';
import {WorldState, type Bucket, type Credential, type KmsKey, type Principal, type Table} from './world.js';

export const homeAccount = '111111111111';
export const otherAccount = '222222222222';
export const homeRegion = 'us-east-1';
export const exporterRoleArn = `arn:aws:iam::${homeAccount}:role/DataExporter`;
export const keyAdminRoleArn = `arn:aws:iam::${homeAccount}:role/KeyAdmin`;
export const exporterPolicyName = 'ExportAccess';

const day = 24 * 60 * 60 * 1000;

function digest(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** A stable UUID-shaped id for a name (KMS key ids, table ids). */
export function stableUuid(name: string): string {
	const h = digest(name);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A stable id with AWS's look: prefix + 17 upper-case characters. */
function principalId(prefix: string, name: string): string {
	return prefix + Buffer.from(digest(name), 'hex').toString('base64').replace(/[^A-Z0-9]/gi, '').toUpperCase().slice(0, 17);
}

export function policy(...statements: object[]): string {
	return JSON.stringify({Version: '2012-10-17', Statement: statements}, null, 2);
}

export function addRole(world: WorldState, account: string, name: string, policies: Record<string, string>, trustPolicy?: string): Principal {
	return world.addPrincipal({
		type: 'role',
		account,
		name,
		arn: `arn:aws:iam::${account}:role/${name}`,
		id: principalId('AROA', `${account}/${name}`),
		inlinePolicies: new Map(Object.entries(policies)),
		trustPolicy,
	});
}

export function addUser(world: WorldState, account: string, name: string, policies: Record<string, string>): Principal {
	return world.addPrincipal({
		type: 'user',
		account,
		name,
		arn: `arn:aws:iam::${account}:user/${name}`,
		id: principalId('AIDA', `${account}/${name}`),
		inlinePolicies: new Map(Object.entries(policies)),
	});
}

/**
 * Keys for a profile. The access key id is a fixed name (it shows in logs); the secret
 * and session token are new random values each time a world is built (world.secrets), so
 * nobody but the process that started this sandbox (and reads its credentials file) can
 * sign a call to it: fixed, published secrets let any local user change a running demo's world.
 */
export function addStaticCredential(world: WorldState, accessKeyId: string, principal: Principal, sessionName?: string): Credential {
	return world.addCredential({
		accessKeyId,
		secretAccessKey: world.secrets.secretAccessKey(accessKeyId),
		sessionToken: sessionName ? world.secrets.sessionToken(accessKeyId) : undefined,
		principalArn: principal.arn,
		sessionName,
		forcedExpired: false,
	});
}

export function profileFor(name: string, credential: Credential, region = homeRegion): SandboxProfile {
	return {name, region, accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey, sessionToken: credential.sessionToken};
}

export function addTable(world: WorldState, name: string, itemCount: number, options: {pitr?: boolean; periodDays?: number; kmsKeyArn?: string; account?: string; region?: string} = {}): Table {
	const account = options.account ?? homeAccount;
	const region = options.region ?? homeRegion;
	const created = world.now() - 400 * day;
	return world.addTable({
		name,
		account,
		region,
		arn: `arn:aws:dynamodb:${region}:${account}:table/${name}`,
		id: stableUuid(`table/${account}/${region}/${name}`),
		createdAt: created,
		itemCount,
		sizeBytes: itemCount * 240,
		pitr: {enabled: options.pitr ?? true, since: created, periodDays: options.periodDays ?? 35},
		kmsKeyArn: options.kmsKeyArn,
	});
}

export function addBucket(world: WorldState, name: string, options: Partial<Omit<Bucket, 'name' | 'objects' | 'uploads'>> = {}): Bucket {
	return world.addBucket({
		name,
		region: options.region ?? homeRegion,
		owner: options.owner ?? homeAccount,
		createdAt: options.createdAt ?? world.now() - 300 * day,
		policy: options.policy,
		encryption: options.encryption ?? {algorithm: 'AES256'},
		ownership: options.ownership ?? 'BucketOwnerEnforced',
		requesterPays: options.requesterPays ?? false,
		objects: new Map(),
		uploads: new Map(),
	});
}

export function rootTrustKeyPolicy(account: string): string {
	return JSON.stringify(
		{
			Version: '2012-10-17',
			Id: 'key-default-1',
			Statement: [{Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${account}:root`}, Action: 'kms:*', Resource: '*'}],
		},
		null,
		2,
	);
}

export function addKey(
	world: WorldState,
	name: string,
	options: {aliases?: string[]; region?: string; account?: string; manager?: 'CUSTOMER' | 'AWS'; policy?: string; description?: string; state?: KmsKey['state']} = {},
): KmsKey {
	const account = options.account ?? homeAccount;
	const region = options.region ?? homeRegion;
	const id = stableUuid(`key/${account}/${region}/${name}`);
	return world.addKey(
		{
			id,
			arn: `arn:aws:kms:${region}:${account}:key/${id}`,
			account,
			region,
			state: options.state ?? 'Enabled',
			manager: options.manager ?? 'CUSTOMER',
			description: options.description ?? '',
			policy: options.policy ?? rootTrustKeyPolicy(account),
			createdAt: world.now() - 200 * day,
		},
		options.aliases ?? [],
	);
}

function awsManagedS3KeyPolicy(account: string, region: string): string {
	return policy(
		{
			Sid: 'Allow access through S3 for all principals in the account that are authorized to use S3',
			Effect: 'Allow',
			Principal: {AWS: '*'},
			Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
			Resource: '*',
			Condition: {StringEquals: {'kms:CallerAccount': account, 'kms:ViaService': `s3.${region}.amazonaws.com`}},
		},
		{Sid: 'Allow direct access to key metadata to the account', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${account}:root`}, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*'},
	);
}

/** The caller role's policy: what an export needs, what the wizard's checks read, nothing more. */
export function exporterPolicy(options: {withoutActions?: string[]; account?: string} = {}): string {
	const account = options.account ?? homeAccount;
	const drop = (actions: string[]) => actions.filter((a) => !options.withoutActions?.includes(a));
	return policy(
		{Sid: 'ReadTables', Effect: 'Allow', Action: ['dynamodb:List*', 'dynamodb:Describe*', 'dynamodb:UpdateContinuousBackups'], Resource: '*'},
		{Sid: 'Export', Effect: 'Allow', Action: 'dynamodb:ExportTableToPointInTime', Resource: `arn:aws:dynamodb:*:${account}:table/*`},
		{Sid: 'ExportWrites', Effect: 'Allow', Action: drop(['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload', 's3:GetObject']), Resource: 'arn:aws:s3:::*/*'},
		{Sid: 'BucketReads', Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:GetBucket*', 's3:ListBucket', 's3:GetEncryptionConfiguration'], Resource: '*'},
		{Sid: 'KeyReads', Effect: 'Allow', Action: ['kms:List*', 'kms:Describe*', 'kms:GetKeyPolicy'], Resource: '*'},
		{Sid: 'KeyUse', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: `arn:aws:kms:*:${account}:key/*`},
		{
			Sid: 'Diagnose',
			Effect: 'Allow',
			Action: drop([
				'iam:SimulatePrincipalPolicy',
				'iam:SimulateCustomPolicy',
				'iam:GetRole',
				'iam:GetPolicy',
				'iam:GetPolicyVersion',
				'iam:GetRolePolicy',
				'iam:ListRolePolicies',
				'iam:ListAttachedRolePolicies',
				'iam:PutRolePolicy',
				'access-analyzer:ValidatePolicy',
				'organizations:DescribeOrganization',
				// The healthy account is the organisation's management account, where a data
				// team's role may well read SCPs; scenarios that need "unreadable" drop these.
				'organizations:ListPoliciesForTarget',
				'organizations:ListParents',
				'organizations:DescribePolicy',
			]),
			Resource: '*',
		},
	);
}

export interface BaseWorld {
	world: WorldState;
	profiles: SandboxProfile[];
	defaultProfile: string;
	plan: SandboxPlan;
	exporter: Principal;
}

export function buildHealthyWorld(now: () => number, secrets?: ProfileSecrets): BaseWorld {
	const world = new WorldState(now, secrets);
	const exporter = addRole(
		world,
		homeAccount,
		'DataExporter',
		{[exporterPolicyName]: exporterPolicy()},
		policy({Sid: 'TrustAccount', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${homeAccount}:root`}, Action: 'sts:AssumeRole'}),
	);
	addRole(world, homeAccount, 'KeyAdmin', {KeyAdministration: policy({Effect: 'Allow', Action: 'kms:*', Resource: '*'})});
	const admin = addUser(world, homeAccount, 'admin', {AdministratorAccess: policy({Effect: 'Allow', Action: '*', Resource: '*'})});
	const session = addStaticCredential(world, 'ASIASANDBOXDEFAULT01', exporter, 'alice');
	const adminKeys = addStaticCredential(world, 'AKIASANDBOXADMIN0001', admin);

	const tableKey = addKey(world, 'payments-table', {aliases: ['alias/payments-table'], description: 'Encrypts the payments table'});
	addKey(world, 'exports', {aliases: ['alias/exports'], description: 'Encrypts DynamoDB exports'});
	addKey(world, 'aws-s3', {aliases: ['alias/aws/s3'], manager: 'AWS', policy: awsManagedS3KeyPolicy(homeAccount, homeRegion), description: 'Default key that protects my S3 objects when no other key is defined'});

	addTable(world, 'orders', 3500);
	addTable(world, 'customers', 1200, {periodDays: 7});
	addTable(world, 'audit-log', 20_000, {pitr: false});
	addTable(world, 'payments', 800, {kmsKeyArn: tableKey.arn});

	addBucket(world, 'orders-exports', {
		policy: policy({
			Sid: 'AllowAccountExports',
			Effect: 'Allow',
			Principal: {AWS: `arn:aws:iam::${homeAccount}:root`},
			Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload', 's3:GetObject', 's3:ListBucket'],
			Resource: ['arn:aws:s3:::orders-exports', 'arn:aws:s3:::orders-exports/*'],
		}),
	});
	addBucket(world, 'logs-eu', {region: 'eu-west-1'});

	world.organization = {
		id: 'o-abc123',
		rootId: 'r-ab12',
		managementAccount: homeAccount,
		accounts: [homeAccount],
		policies: [
			{
				id: 'p-FullAWSAccess',
				arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
				name: 'FullAWSAccess',
				description: 'Allows access to every operation',
				type: 'SERVICE_CONTROL_POLICY',
				awsManaged: true,
				content: policy({Effect: 'Allow', Action: '*', Resource: '*'}),
				targets: ['r-ab12'],
			},
		],
	};

	return {
		world,
		profiles: [profileFor('default', session), profileFor('admin', adminKeys)],
		defaultProfile: 'default',
		plan: {region: homeRegion, tableArn: `arn:aws:dynamodb:${homeRegion}:${homeAccount}:table/orders`, bucket: 'orders-exports', prefix: 'exports/orders/', sse: 'AES256'},
		exporter,
	};
}
