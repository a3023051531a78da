// Least-privilege policy statements for one export plan, with exact ARNs and Sids that say
// what each grant is for. What is needed comes from AWS-FACTS.md (Permissions):
// - the caller: ExportTableToPointInTime on the table, DescribeExport on TABLE/export/*,
//   ListExports, the three S3 object writes under BUCKET/PREFIX*, and GenerateDataKey +
//   Decrypt on the export key and on a customer managed table key;
// - a bucket in another account: its bucket policy must allow the caller the same S3 writes;
// - a customer managed export key: its key policy must let the caller use it, and readers in
//   the bucket's account need kms:Decrypt on it to read the output.

import {accountOf, accountRootArn, describePrincipal, exportsArnOf, parseKeyArn, partitionOf} from '../arn.js';
import {KMS_ACTIONS, S3_WRITE_ACTIONS, exportObjectArn, type ExportPlan} from '../plan.js';
import type {PolicyDocument, Statement} from './types.js';

export interface PolicyInput {
	plan: ExportPlan;
	/**
	 * The principal that calls ExportTableToPointInTime: a user or role ARN. For an
	 * assumed-role session pass the ROLE ARN (sessions come and go; the role stays).
	 */
	callerArn: string;
	callerAccount: string;
	/** Customer managed key of a KMS-encrypted table, when there is one. */
	tableKmsKeyArn?: string;
	/** The export key resolved to its key ARN (aliases cannot be granted in IAM policies). */
	kmsKeyArn?: string;
	/** Account whose readers must decrypt the output; defaults to plan.bucketOwner. */
	readerAccount?: string;
	partition?: string;
	/**
	 * Several tables in one set of statements (a batch): the statements name every table and
	 * every principal, each in one statement. Absent: the plan's table and the caller alone.
	 */
	batch?: BatchScope;
}

export interface BatchScope {
	/** Every table covered, with the prefix its objects are granted under. */
	tables: Array<{tableArn: string; prefix: string}>;
	/** Every principal that exports (one per source account); the caller's own when absent. */
	principals?: string[];
	/** Customer managed keys of the tables (the caller must use them too). */
	tableKeyArns?: string[];
	/** Why `tables` names them by a pattern rather than one by one: said in the snippets that grant them. */
	patternNote?: string;
}

export const POLICY_VERSION = '2012-10-17';


function partitionOfInput(input: PolicyInput): string {
	return input.partition ?? partitionOf(input.plan.tableArn);
}

/** Key ARN from the input, or from plan.kmsKeyId when that already is a key ARN. */
export function exportKeyArn(input: Pick<PolicyInput, 'plan' | 'kmsKeyArn'>): string | undefined {
	if (input.plan.sse !== 'KMS') return undefined;
	if (input.kmsKeyArn) return input.kmsKeyArn;
	const id = input.plan.kmsKeyId;
	return id && parseKeyArn(id) ? id : undefined;
}

/** Last path segment of a role or user ARN, as letters and digits only: for Sids. */
function principalTag(arn: string): string {
	const principal = describePrincipal(arn);
	if (principal.kind === 'root' && principal.account) return `Account${principal.account}`;
	const name = (principal.kind === 'assumed-role' ? principal.name : undefined) ?? arn.split('/').pop() ?? arn;
	const pascal = name
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean)
		.map((part) => part[0]!.toUpperCase() + part.slice(1))
		.join('');
	return pascal.slice(0, 64) || 'Caller';
}

/** One value as itself, several as a list (so a single table's statements read as before). */
function oneOrMany(values: string[]): string | string[] {
	const distinct = [...new Set(values)];
	return distinct.length === 1 ? distinct[0]! : distinct;
}

/** The tables the statements cover: the batch's, or the plan's. */
function coveredTables(input: PolicyInput): Array<{tableArn: string; prefix: string}> {
	return input.batch?.tables ?? [{tableArn: input.plan.tableArn, prefix: input.plan.prefix}];
}

/** The principals granted in resource policies: the batch's, or the caller. */
function grantees(input: PolicyInput): string[] {
	return input.batch?.principals?.length ? input.batch.principals : [input.callerArn];
}

/** Where DynamoDB writes: one object ARN per covered prefix (BUCKET/PREFIX*). */
function objectResources(input: PolicyInput): string | string[] {
	const partition = partitionOfInput(input);
	return oneOrMany(coveredTables(input).map((t) => exportObjectArn({bucket: input.plan.bucket, prefix: t.prefix}, partition)));
}

/** "DataExporter" for one principal; for several their tags joined, or their number and a digest when that is long. */
function granteesTag(arns: string[]): string {
	const sorted = [...new Set(arns)].sort();
	if (sorted.length === 1) return principalTag(sorted[0]!);
	const tags = sorted.map(principalTag);
	const distinct = new Set(tags).size === tags.length ? tags : sorted.map((arn, i) => `${tags[i]}${accountOf(arn) ?? i}`);
	const joined = distinct.join('And');
	return joined.length <= 64 ? joined : `${sorted.length}Principals${digest(sorted.join(' '))}`;
}

/** 8 hex digits of FNV-1a: a stable, short name for a set of principals. */
function digest(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
	return hash.toString(16).padStart(8, '0');
}

export function callerIdentityStatements(input: PolicyInput): Statement[] {
	const tables = coveredTables(input);
	const statements: Statement[] = [
		{Sid: 'DdbExportStartExport', Effect: 'Allow', Action: 'dynamodb:ExportTableToPointInTime', Resource: oneOrMany(tables.map((t) => t.tableArn))},
		{Sid: 'DdbExportDescribeExports', Effect: 'Allow', Action: 'dynamodb:DescribeExport', Resource: oneOrMany(tables.map((t) => exportsArnOf(t.tableArn)))},
		// ListExports: AWS-FACTS allows "*" or the table. As we read the Service Authorization
		// Reference, ListExports (an account-wide "List" action whose TableArn is only a request
		// filter) has no resource type, and such actions only match Resource "*" — a grant on
		// the table ARN would then silently not work. *Unconfirmed* (the reference page could
		// not be fetched here), so we take "*", which works either way. It only lists export
		// summaries; the wizard uses it to find an export already running.
		{Sid: 'DdbExportListExports', Effect: 'Allow', Action: 'dynamodb:ListExports', Resource: '*'},
		// DynamoDB writes the files on the caller's behalf, so S3 authorises the caller.
		{Sid: 'DdbExportWriteObjects', Effect: 'Allow', Action: [...S3_WRITE_ACTIONS], Resource: objectResources(input)},
	];
	const keyArn = exportKeyArn(input);
	if (keyArn) {
		statements.push({Sid: 'DdbExportUseExportKey', Effect: 'Allow', Action: [...KMS_ACTIONS], Resource: keyArn});
	}
	const tableKeys = [...(input.tableKmsKeyArn ? [input.tableKmsKeyArn] : []), ...(input.batch?.tableKeyArns ?? [])].filter((arn) => arn !== keyArn);
	if (tableKeys.length) {
		statements.push({Sid: 'DdbExportUseTableKey', Effect: 'Allow', Action: [...KMS_ACTIONS], Resource: oneOrMany(tableKeys)});
	}
	return statements;
}

export function callerIdentityPolicy(input: PolicyInput): PolicyDocument {
	return {Version: POLICY_VERSION, Statement: callerIdentityStatements(input)};
}

/** For the bucket owner's bucket policy when the bucket is in another account. */
export function bucketPolicyStatement(input: PolicyInput): Statement {
	const principals = grantees(input);
	return {
		Sid: `DdbExportWriteFrom${granteesTag(principals)}`,
		Effect: 'Allow',
		Principal: {AWS: oneOrMany(principals)},
		Action: [...S3_WRITE_ACTIONS],
		Resource: objectResources(input),
	};
}

/** For the export key's key policy: lets the caller use it. In a key policy "*" means this key. */
export function keyPolicyCallerStatement(input: PolicyInput): Statement {
	const principals = grantees(input);
	return {
		Sid: `DdbExportKeyUseBy${granteesTag(principals)}`,
		Effect: 'Allow',
		Principal: {AWS: oneOrMany(principals)},
		Action: [...KMS_ACTIONS],
		Resource: '*',
	};
}

function s3ServiceHost(region: string, partition: string): string {
	return partition === 'aws-cn' ? `s3.${region}.amazonaws.com.cn` : `s3.${region}.amazonaws.com`;
}

/**
 * For the export key's key policy: lets readers in the bucket's account decrypt the output.
 * Only kms:Decrypt, never kms:* — reading needs nothing else. The account root delegates to
 * that account's IAM policies (its administrators choose which readers), and kms:ViaService
 * limits the use to S3 in the key's (= the bucket's) Region, so the grant cannot be used to
 * decrypt anything outside S3 reads.
 */
export function keyPolicyReaderStatement(input: PolicyInput): Statement {
	const readerAccount = input.readerAccount ?? input.plan.bucketOwner ?? input.callerAccount;
	const keyArn = exportKeyArn(input);
	const key = keyArn ? parseKeyArn(keyArn) : undefined;
	const region = key?.region ?? input.plan.bucketRegion ?? input.plan.region;
	const partition = key?.partition ?? partitionOfInput(input);
	return {
		Sid: `DdbExportReadersDecrypt${readerAccount}`,
		Effect: 'Allow',
		Principal: {AWS: accountRootArn(partition, readerAccount)},
		Action: 'kms:Decrypt',
		Resource: '*',
		Condition: {StringEquals: {'kms:ViaService': s3ServiceHost(region, partition)}},
	};
}
