// Every ARN the tool reads or writes, in one place: the partitions, the general shape, and
// the kinds it knows (DynamoDB tables and exports, KMS keys and aliases, S3 buckets and
// objects, IAM and STS principals). Each parser returns undefined for text that is not
// that kind of ARN; validate.ts turns a refusal into a message that names the field.

/**
 * The AWS partitions, as the SDK's endpoint rules list them (partitions.json in
 * @aws-sdk/core; test/arn.test.ts compares the two). An ARN of any other is refused.
 */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'] as const;

export type Partition = (typeof PARTITIONS)[number];

export function isPartition(text: string): text is Partition {
	return (PARTITIONS as readonly string[]).includes(text);
}

/** arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE; the resource may hold further colons. */
export interface Arn {
	partition: Partition;
	service: string;
	region: string;
	account: string;
	resource: string;
}

/**
 * The six colon-separated fields of an ARN or ARN pattern ("arn", partition, service,
 * Region, account, resource), as written; the resource keeps any further colons. For
 * policy patterns and for messages that name the wrong field; parseArn judges them.
 */
export function splitArn(text: string): string[] | undefined {
	const parts: string[] = [];
	let rest = text;
	for (let i = 0; i < 5; i++) {
		const at = rest.indexOf(':');
		if (at < 0) return undefined;
		parts.push(rest.slice(0, at));
		rest = rest.slice(at + 1);
	}
	parts.push(rest);
	return parts;
}

/** The five fields of an ARN of a known partition, or undefined. Region and account may be empty (S3, IAM). */
export function parseArn(text: string): Arn | undefined {
	const [arn, partition, service, region, account, resource] = splitArn(text) ?? [];
	if (arn !== 'arn' || !partition || !isPartition(partition) || !/^[a-z0-9-]+$/.test(service!) || !resource) return undefined;
	return {partition, service: service!, region: region!, account: account!, resource};
}

export function formatArn(arn: Arn): string {
	return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/** The partition an ARN names (aws, aws-cn, aws-us-gov, …); 'aws' when there is no ARN of a known partition. */
export function partitionOf(arn: string | undefined): Partition {
	return (arn && parseArn(arn)?.partition) || 'aws';
}

export const ACCOUNT_ID = /^\d{12}$/;

/** The 12-digit account of an ARN, or undefined (S3 ARNs carry none). */
export function accountOf(arn: string | undefined): string | undefined {
	const account = arn ? parseArn(arn)?.account : undefined;
	return account && ACCOUNT_ID.test(account) ? account : undefined;
}

// Loose on purpose: new Regions appear; validate.ts's validateRegion says what is wrong with one.
const REGION = /^[a-z0-9-]+$/;

// ---------------------------------------------------------------- DynamoDB

export const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

export interface TableArnParts {
	partition: Partition;
	region: string;
	account: string;
	table: string;
}

/** "arn:aws:dynamodb:us-east-1:111111111111:table/orders" → parts, or undefined. */
export function parseTableArn(arn: string): TableArnParts | undefined {
	const a = parseArn(arn);
	if (!a || a.service !== 'dynamodb' || !REGION.test(a.region) || !ACCOUNT_ID.test(a.account) || !a.resource.startsWith('table/')) return undefined;
	const table = a.resource.slice('table/'.length);
	return TABLE_NAME.test(table) ? {partition: a.partition, region: a.region, account: a.account, table} : undefined;
}

export function tableArn(parts: TableArnParts): string {
	return formatArn({partition: parts.partition, service: 'dynamodb', region: parts.region, account: parts.account, resource: `table/${parts.table}`});
}

export interface ExportArnParts extends TableArnParts {
	tableArn: string;
	exportId: string;
}

/** "arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/export/ID" → parts, or undefined. */
export function parseExportArn(arn: string): ExportArnParts | undefined {
	const a = parseArn(arn);
	const m = a?.service === 'dynamodb' ? /^table\/([^/]+)\/export\/([^/]+)$/.exec(a.resource) : null;
	if (!a || !m) return undefined;
	const table = parseTableArn(formatArn({...a, resource: `table/${m[1]}`}));
	return table ? {...table, tableArn: tableArn(table), exportId: m[2]!} : undefined;
}

/** The ARN pattern of every export of a table: what dynamodb:DescribeExport is granted on. */
export function exportsArnOf(tableArn: string): string {
	return `${tableArn}/export/*`;
}

// ---------------------------------------------------------------- KMS

export interface KmsArnParts {
	partition: Partition;
	region: string;
	account: string;
}

/** arn:PARTITION:kms:REGION:ACCOUNT:key/ID (ID may be a pattern, `*`). */
export function kmsKeyArn(partition: string, region: string, account: string, keyId: string): string {
	return `arn:${partition}:kms:${region}:${account}:key/${keyId}`;
}

/** "arn:aws:kms:REGION:ACCOUNT:key/ID" → parts, or undefined. */
export function parseKeyArn(arn: string): (KmsArnParts & {keyId: string}) | undefined {
	const a = parseArn(arn);
	if (!a || a.service !== 'kms' || !REGION.test(a.region) || !ACCOUNT_ID.test(a.account) || !/^key\/./.test(a.resource)) return undefined;
	return {partition: a.partition, region: a.region, account: a.account, keyId: a.resource.slice('key/'.length)};
}

/** "arn:aws:kms:REGION:ACCOUNT:alias/NAME" → parts with alias "alias/NAME", or undefined. */
export function parseAliasArn(arn: string): (KmsArnParts & {alias: string}) | undefined {
	const a = parseArn(arn);
	if (!a || a.service !== 'kms' || !REGION.test(a.region) || !ACCOUNT_ID.test(a.account) || !/^alias\/./.test(a.resource)) return undefined;
	return {partition: a.partition, region: a.region, account: a.account, alias: a.resource};
}

// ---------------------------------------------------------------- S3

/** arn:PARTITION:s3:::BUCKET, or with a key (a pattern, for policies): arn:PARTITION:s3:::BUCKET/KEY */
export function s3Arn(partition: string, bucket: string, key?: string): string {
	return `arn:${partition}:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
}

/** "arn:aws:s3:::bucket/key" → {partition, bucket, key}; key is undefined for a bucket ARN. */
export function parseS3Arn(arn: string): {partition: Partition; bucket: string; key?: string} | undefined {
	const a = parseArn(arn);
	if (!a || a.service !== 's3' || a.region !== '' || a.account !== '') return undefined;
	const slash = a.resource.indexOf('/');
	if (slash === -1) return {partition: a.partition, bucket: a.resource};
	if (slash === 0) return undefined;
	return {partition: a.partition, bucket: a.resource.slice(0, slash), key: a.resource.slice(slash + 1)};
}

// ---------------------------------------------------------------- IAM policies

/** arn:PARTITION:iam::ACCOUNT:policy/NAME: a managed policy (ACCOUNT "aws" for AWS's own; NAME may be a pattern, `*`). */
export function iamPolicyArn(partition: string, account: string, pathAndName: string): string {
	return `arn:${partition}:iam::${account}:policy/${pathAndName}`;
}

/** "arn:aws:iam::ACCOUNT:policy/PATH/NAME" (a managed policy; ACCOUNT is "aws" for AWS's own) → parts, or undefined. */
export function parsePolicyArn(arn: string): {partition: Partition; account: string; path: string; name: string} | undefined {
	const a = parseArn(arn);
	const m = a?.service === 'iam' && a.region === '' && (ACCOUNT_ID.test(a.account) || a.account === 'aws') ? /^policy(\/(?:[^/]+\/)*)([^/]+)$/.exec(a.resource) : null;
	return a && m ? {partition: a.partition, account: a.account, path: m[1]!, name: m[2]!} : undefined;
}

// ---------------------------------------------------------------- IAM and STS principals

export interface PrincipalInfo {
	kind: 'user' | 'role' | 'assumed-role' | 'root' | 'federated' | 'service' | 'unknown';
	account?: string;
	partition?: Partition;
	name?: string;
	/** A role's or user's path, "/" when it has none ("/aws-reserved/sso.amazonaws.com/" for Identity Center roles). */
	path?: string;
	session?: string;
	/**
	 * The IAM role ARN behind a role or an assumed-role session. A session ARN does not
	 * carry the role's path, so arn:aws:iam::A:role/R is right only for roles without one.
	 */
	roleArn?: string;
}

/** What kind of principal an ARN (or a bare account ID, or a service name) names. */
export function describePrincipal(arn: string): PrincipalInfo {
	const text = arn.trim();
	if (ACCOUNT_ID.test(text)) return {kind: 'root', account: text};
	if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(text)) return {kind: 'service', name: text};
	const a = parseArn(text);
	if (!a || (a.service !== 'iam' && a.service !== 'sts') || a.region !== '' || !ACCOUNT_ID.test(a.account)) return {kind: 'unknown'};
	const {partition, service, account, resource} = a;
	if (service === 'iam' && resource === 'root') return {kind: 'root', account, partition};
	const segments = resource.split('/');
	const type = segments[0];
	if (service === 'sts' && type === 'assumed-role' && segments.length >= 3 && segments[1] && segments[2]) {
		const name = segments[1];
		return {kind: 'assumed-role', account, partition, name, session: segments.slice(2).join('/'), roleArn: roleArn(partition, account, name)};
	}
	if (service === 'sts' && type === 'federated-user' && segments.length >= 2) {
		return {kind: 'federated', account, partition, name: segments.slice(1).join('/')};
	}
	if (service === 'iam' && (type === 'role' || type === 'user') && segments.length >= 2 && segments[segments.length - 1]) {
		const name = segments[segments.length - 1]!;
		const path = `/${segments.slice(1, -1).map((s) => `${s}/`).join('')}`;
		return type === 'role' ? {kind: 'role', account, partition, name, path, roleArn: text} : {kind: 'user', account, partition, name, path};
	}
	return {kind: 'unknown', account, partition};
}

/** arn:PARTITION:iam::ACCOUNT:role/PATH/NAME (path "/" or "/a/b/"). */
export function roleArn(partition: string, account: string, name: string, path = '/'): string {
	return `arn:${partition}:iam::${account}:role${path}${name}`;
}

/** arn:PARTITION:iam::ACCOUNT:root: the account, as a policy principal. */
export function accountRootArn(partition: string, account: string): string {
	return `arn:${partition}:iam::${account}:root`;
}

// The characters IAM allows in user, role and session names and in paths.
const IAM_NAME = /^[\w+=,.@-]+$/;

/**
 * Whether a policy's AWS principal names something IAM accepts there: an account root, a
 * user, a role, an assumed-role session or a federated user (groups are not principals).
 */
export function isPrincipalArn(text: string): boolean {
	const p = describePrincipal(text);
	if (!text.startsWith('arn:') || p.kind === 'unknown' || p.kind === 'service') return false;
	if (p.kind === 'root') return true;
	const names = p.kind === 'assumed-role' ? [p.name!, p.session!] : [p.name!, ...(p.path ?? '/').split('/').filter(Boolean)];
	return p.kind === 'assumed-role' && p.session!.includes('/') ? false : names.every((n) => IAM_NAME.test(n));
}

/** Whether an ARN names an IAM group (which a policy cannot name as a principal). */
export function isGroupArn(text: string): boolean {
	const a = parseArn(text);
	return a?.service === 'iam' && ACCOUNT_ID.test(a.account) && a.resource.startsWith('group/');
}
