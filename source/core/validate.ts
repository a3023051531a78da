// Validation of everything a person can type, before any AWS call. Each failure
// names the field and says the rule or the fix, because "invalid input" teaches
// nothing and AWS's own ValidationException arrives only after a round trip.

import {PARTITIONS, accountOf, isPartition, parseAliasArn, parseArn, parseS3Arn, parseTableArn, splitArn, type TableArnParts as ArnTableParts} from './arn.js';
import type {ExportFormat, ExportPlan, ExportType, ExportViewType, SseAlgorithm} from './plan.js';
import {validateExportTime, validateIncrementalWindow} from './time-input.js';
import type {PitrWindow} from './time-input.js';

export type FieldName =
	| 'table ARN'
	| 'table name'
	| 'bucket name'
	| 'bucket owner'
	| 'prefix'
	| 'KMS key'
	| 'export time'
	| 'incremental from'
	| 'incremental to'
	| 'incremental window'
	| 'export view type'
	| 'export format'
	| 'export type'
	| 'SSE algorithm'
	| 'profile'
	| 'Region'
	| 'endpoint URL'
	| 'client token'
	| 'incremental export specification'
	| 'MFA code';

export type ValidationProblem = {ok: false; field: FieldName; message: string};
export type Validation<T> = {ok: true; value: T} | ValidationProblem;

export function valid<T>(value: T): Validation<T> {
	return {ok: true, value};
}

export function invalid(field: FieldName, message: string): ValidationProblem {
	return {ok: false, field, message};
}

// ---------------------------------------------------------------- DynamoDB

export interface TableArnParts extends ArnTableParts {
	arn: string;
}

const TABLE_ARN_SHAPE = 'arn:aws:dynamodb:REGION:ACCOUNT:table/NAME';

export function validateTableArn(text: string): Validation<TableArnParts> {
	const field = 'table ARN';
	const arn = text.trim();
	if (!arn) return invalid(field, `The table ARN is empty; it looks like ${TABLE_ARN_SHAPE}.`);
	if (!arn.startsWith('arn:')) {
		if (validateTableName(arn).ok) {
			return invalid(
				field,
				`"${arn}" is a table name, not an ARN; the export API needs the ARN (${TABLE_ARN_SHAPE}). Pick the table from the list, or write its ARN.`,
			);
		}
		return invalid(field, `A table ARN starts with "arn:" and looks like ${TABLE_ARN_SHAPE}.`);
	}
	const parts = splitArn(arn);
	if (!parts) return invalid(field, `"${arn}" has too few parts; a table ARN looks like ${TABLE_ARN_SHAPE}.`);
	const [, partition, service, region, account] = parts as [string, string, string, string, string];
	const resource = parts.slice(5).join(':');
	if (!isPartition(partition)) {
		return invalid(field, `"${partition}" is not an AWS partition; a table ARN starts with arn:aws: (or another partition: ${PARTITIONS.slice(1).join(', ')}).`);
	}
	if (service !== 'dynamodb') {
		return invalid(field, `This is an ARN of the "${service}" service; a table ARN has "dynamodb" there: ${TABLE_ARN_SHAPE}.`);
	}
	const region_ = validateRegion(region);
	if (!region_.ok) return invalid(field, `The Region part "${region}" of the table ARN is not a Region (e.g. us-east-1).`);
	if (!/^\d{12}$/.test(account)) {
		return invalid(field, `The account part "${account}" of the table ARN must be exactly 12 digits.`);
	}
	const streamOrMore = /^table\/([^/]+)\/(stream|export|index|backup|import)\//.exec(resource);
	if (streamOrMore) {
		const base = parts.slice(0, 5).join(':') + `:table/${streamOrMore[1]}`;
		return invalid(field, `This is the ARN of a table's ${streamOrMore[2]}, not of the table; use ${base}.`);
	}
	if (!resource.startsWith('table/')) {
		return invalid(field, `The resource part must be "table/NAME" (got "${resource}"); a table ARN looks like ${TABLE_ARN_SHAPE}.`);
	}
	const name = resource.slice('table/'.length);
	const nameCheck = validateTableName(name);
	if (!nameCheck.ok) return invalid(field, `The table name in the ARN is not valid: ${nameCheck.message}`);
	const parsed = parseTableArn(arn);
	if (!parsed) return invalid(field, `"${arn}" is not a table ARN; it looks like ${TABLE_ARN_SHAPE}.`);
	return valid({arn, ...parsed});
}

export function validateTableName(text: string): Validation<string> {
	const field = 'table name';
	const name = text.trim();
	if (!name) return invalid(field, 'The table name is empty; it must be 3 to 255 characters.');
	if (name.length < 3 || name.length > 255) {
		return invalid(field, `The table name must be 3 to 255 characters long (this one has ${name.length}).`);
	}
	const bad = [...name].find((c) => !/[A-Za-z0-9_.-]/.test(c));
	if (bad !== undefined) {
		return invalid(field, `The table name may contain only letters, digits, "_", "." and "-" (found ${describeChar(bad)}).`);
	}
	return valid(name);
}

// ---------------------------------------------------------------- S3

const BUCKET_BAD_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BUCKET_BAD_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** S3 general purpose bucket naming rules, each with its own message. */
export function validateBucketName(text: string): Validation<string> {
	const field = 'bucket name';
	let name = text.trim();
	// A pasted s3:// URL is fine as long as it names only the bucket.
	const url = /^s3:\/\/([^/]*)(\/(.*))?$/i.exec(name);
	if (url) {
		if (url[3]) {
			return invalid(field, `"${name}" includes a prefix; enter the bucket "${url[1]}" here and "${url[3]}" as the prefix.`);
		}
		name = url[1]!;
	}
	if (!name) return invalid(field, 'The bucket name is empty; it must be 3 to 63 characters.');
	if (name.includes('/')) {
		const [bucket, ...rest] = name.split('/');
		return invalid(field, `A bucket name cannot contain "/"; enter the bucket "${bucket}" here and "${rest.join('/')}" as the prefix.`);
	}
	if (name.length < 3 || name.length > 63) {
		return invalid(field, `A bucket name must be 3 to 63 characters long (this one has ${name.length}).`);
	}
	if (/[A-Z]/.test(name) && /^[A-Za-z0-9.-]+$/.test(name)) {
		return invalid(field, `Bucket names use lowercase letters only; did you mean "${name.toLowerCase()}"?`);
	}
	const bad = [...name].find((c) => !/[a-z0-9.-]/.test(c));
	if (bad !== undefined) {
		return invalid(field, `A bucket name may contain only lowercase letters, digits, "." and "-" (found ${describeChar(bad)}).`);
	}
	if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
		return invalid(field, 'A bucket name must begin and end with a lowercase letter or a digit.');
	}
	if (name.includes('..')) return invalid(field, 'A bucket name cannot contain two dots in a row ("..").');
	if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) {
		return invalid(field, `A bucket name cannot be shaped like an IP address ("${name}").`);
	}
	const prefix = BUCKET_BAD_PREFIXES.find((p) => name.startsWith(p));
	if (prefix) return invalid(field, `A bucket name cannot start with "${prefix}" (S3 reserves it).`);
	const suffix = BUCKET_BAD_SUFFIXES.find((s) => name.endsWith(s));
	if (suffix) {
		return invalid(field, `A bucket name cannot end with "${suffix}" (S3 reserves it for access points and other bucket types); give the general purpose bucket's own name.`);
	}
	return valid(name);
}

/**
 * A bucket as people paste it: "bucket", "bucket/prefix", "s3://bucket/prefix",
 * "arn:aws:s3:::bucket/prefix", or the console's https URL is not accepted (too many shapes).
 */
export function parseS3Url(text: string): Validation<{bucket: string; prefix?: string}> {
	const trimmed = text.trim();
	let rest: string;
	const scheme = /^s3:\/\/(.*)$/i.exec(trimmed);
	const arn = trimmed.startsWith('arn:') ? parseS3Arn(trimmed) : undefined;
	if (scheme) rest = scheme[1]!;
	else if (arn) rest = arn.key === undefined ? arn.bucket : `${arn.bucket}/${arn.key}`;
	else if (trimmed.startsWith('arn:')) {
		return invalid('bucket name', `"${trimmed}" is not an S3 ARN; write the bucket as s3://BUCKET/PREFIX, BUCKET or arn:aws:s3:::BUCKET.`);
	} else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
		return invalid('bucket name', `Write the bucket as s3://BUCKET/PREFIX or just BUCKET, not as a ${trimmed.split(':')[0]} URL.`);
	} else rest = trimmed;
	const slash = rest.indexOf('/');
	const bucketText = slash === -1 ? rest : rest.slice(0, slash);
	const prefixText = slash === -1 ? '' : rest.slice(slash + 1);
	const bucket = validateBucketName(bucketText);
	if (!bucket.ok) return bucket;
	if (!prefixText) return valid({bucket: bucket.value});
	const prefix = validatePrefix(prefixText);
	if (!prefix.ok) return prefix;
	return valid({bucket: bucket.value, prefix: prefix.value});
}

export function validateAccountId(text: string, field: FieldName = 'bucket owner'): Validation<string> {
	const id = text.trim();
	if (!id) return invalid(field, `The ${field} is empty; an AWS account ID is exactly 12 digits.`);
	if (/^\d{12}$/.test(id)) return valid(id);
	const fromArn = accountOf(id);
	if (fromArn) return invalid(field, `The ${field} is an account ID, not an ARN; use "${fromArn}".`);
	if (id.startsWith('arn:')) return invalid(field, `The ${field} is a 12-digit account ID, not an ARN.`);
	const digits = id.replace(/[-\s]/g, '');
	if (/^\d{12}$/.test(digits)) {
		return invalid(field, `An account ID is written without dashes or spaces; use "${digits}".`);
	}
	if (/^\d+$/.test(digits)) {
		return invalid(field, `An account ID has exactly 12 digits (this has ${digits.length}); leading zeros count.`);
	}
	return invalid(field, `An account ID is exactly 12 digits (got "${id}").`);
}

/** The key prefix the export writes under; empty means the bucket's root. */
export function validatePrefix(text: string): Validation<string> {
	const field = 'prefix';
	const prefix = text;
	if (prefix === '') return valid('');
	if (/^s3:\/\//i.test(prefix)) {
		return invalid(field, 'The prefix is the path inside the bucket only, without "s3://" and without the bucket name.');
	}
	if (prefix.startsWith('/')) {
		const fixed = prefix.replace(/^\/+/, '');
		return invalid(
			field,
			`The prefix must not start with "/": S3 would create a folder with an empty name. Use "${fixed}".`,
		);
	}
	// Control characters make keys that most tools cannot show or type.
	if (/[\u0000-\u001f\u007f]/.test(prefix)) {
		return invalid(field, 'The prefix contains a control character (such as a tab or newline); remove it.');
	}
	const bytes = Buffer.byteLength(prefix, 'utf8');
	if (bytes > 1024) return invalid(field, `The prefix may be at most 1024 bytes in UTF-8 (this one has ${bytes}).`);
	return valid(prefix);
}

// ---------------------------------------------------------------- KMS

export interface KmsKeyRef {
	kind: 'key-id' | 'key-arn' | 'alias' | 'alias-arn';
	/** The reference as the API takes it (trimmed). */
	value: string;
	/** Key id (UUID or mrk-…) for key ids and key ARNs. */
	keyId?: string;
	/** Alias name with its "alias/" prefix, for aliases and alias ARNs. */
	alias?: string;
	region?: string;
	account?: string;
	partition?: string;
}

const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_SHAPES = 'a key ID (1234abcd-12ab-34cd-56ef-1234567890ab), a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), an alias (alias/NAME) or an alias ARN';

export function validateKmsKeyRef(text: string): Validation<KmsKeyRef> {
	const field = 'KMS key';
	const value = text.trim();
	if (!value) return invalid(field, `The KMS key is empty; give ${KMS_SHAPES}.`);
	if (value.startsWith('arn:')) {
		const arn = parseArn(value);
		if (!arn) return invalid(field, `"${value}" is not a KMS ARN; a key ARN looks like arn:aws:kms:REGION:ACCOUNT:key/ID.`);
		const {partition, service, region, account, resource} = arn;
		if (service !== 'kms') return invalid(field, `This is an ARN of the "${service}" service; a KMS key ARN looks like arn:aws:kms:REGION:ACCOUNT:key/ID.`);
		if (!validateRegion(region).ok) return invalid(field, `The Region part "${region}" of the key ARN is not a Region (e.g. us-east-1).`);
		if (!/^\d{12}$/.test(account)) return invalid(field, `The account part "${account}" of the key ARN must be exactly 12 digits.`);
		if (resource.startsWith('key/')) {
			const keyId = resource.slice(4);
			if (!KEY_ID.test(keyId)) {
				return invalid(field, `The key ID "${keyId}" in the ARN is not a key ID; it is a UUID (lowercase hex) or "mrk-" and 32 hex digits.`);
			}
			return valid({kind: 'key-arn', value, keyId, region, account, partition});
		}
		if (resource.startsWith('alias/')) {
			const alias = checkAlias(resource);
			if (!alias.ok) return alias;
			return valid({kind: 'alias-arn', value, alias: resource, region, account, partition});
		}
		return invalid(field, `The resource part of a KMS ARN is "key/ID" or "alias/NAME" (got "${resource}").`);
	}
	if (value.startsWith('alias/')) {
		const alias = checkAlias(value);
		if (!alias.ok) return alias;
		return valid({kind: 'alias', value, alias: value});
	}
	if (KEY_ID.test(value)) return valid({kind: 'key-id', value, keyId: value});
	if (KEY_ID.test(value.toLowerCase())) {
		return invalid(field, `Key IDs are lowercase; use "${value.toLowerCase()}".`);
	}
	if (/^[a-zA-Z0-9/_-]+$/.test(value) && !/^[0-9a-f-]{20,}$/i.test(value)) {
		return invalid(field, `"${value}" looks like an alias name; write it as "alias/${value}".`);
	}
	return invalid(field, `"${value}" is not a KMS key reference; give ${KMS_SHAPES}.`);
}

function checkAlias(alias: string): Validation<string> {
	const field = 'KMS key';
	const name = alias.slice('alias/'.length);
	if (!name) return invalid(field, 'The alias has no name after "alias/".');
	if (alias.length > 256) return invalid(field, `An alias may be at most 256 characters including "alias/" (this one has ${alias.length}).`);
	const bad = [...name].find((c) => !/[a-zA-Z0-9/_-]/.test(c));
	if (bad !== undefined) {
		return invalid(field, `An alias name may contain only letters, digits, "/", "_" and "-" (found ${describeChar(bad)}).`);
	}
	return valid(alias);
}

/**
 * Why an AWS managed key (alias/aws/…) cannot encrypt this export, or undefined when it can.
 * aws/s3 works only within its own account: its key policy is written by AWS and cannot
 * be changed, so it can be neither granted to another account's bucket nor to readers there.
 */
export function awsManagedKeyProblem(ref: string | KmsKeyRef, crossAccount: boolean): string | undefined {
	const alias = typeof ref === 'string' ? aliasOf(ref) : ref.alias;
	if (!alias || !alias.startsWith('alias/aws/')) return undefined;
	const service = alias.slice('alias/aws/'.length);
	if (service !== 's3') {
		return `${alias} is the AWS managed key of ${service}; only that service can use it, so it cannot encrypt S3 objects. Choose a customer managed key (or SSE-S3).`;
	}
	if (!crossAccount) return undefined;
	return (
		'The AWS managed key aws/s3 cannot be used for a bucket in another account: its key policy is written by AWS, ' +
		'allows only principals of its own account, and cannot be changed, so the bucket owner could neither be granted ' +
		'it nor decrypt the files. Choose a customer managed key whose key policy allows both accounts, or SSE-S3 (AES256).'
	);
}

function aliasOf(text: string): string | undefined {
	const t = text.trim();
	if (t.startsWith('alias/')) return t;
	return parseAliasArn(t)?.alias;
}

// ---------------------------------------------------------------- session settings

const REGION_AREAS = ['us', 'eu', 'ap', 'sa', 'ca', 'me', 'af', 'il', 'mx', 'cn', 'us-gov', 'us-iso', 'us-isob', 'us-isof', 'eu-isoe', 'eusc-de'];
const REGION_DIRECTIONS = ['north', 'south', 'east', 'west', 'central', 'northeast', 'northwest', 'southeast', 'southwest'];
const REGION_SHAPE = new RegExp(`^(${REGION_AREAS.join('|')})-(${REGION_DIRECTIONS.join('|')})-\\d{1,2}$`);

export function validateRegion(text: string): Validation<string> {
	const field = 'Region';
	const region = text.trim();
	if (!region) return invalid(field, 'The Region is empty; Regions look like us-east-1 or eu-central-2.');
	if (REGION_SHAPE.test(region)) return valid(region);
	const lower = region.toLowerCase().replace(/[\s_]+/g, '-');
	if (lower !== region && REGION_SHAPE.test(lower)) return invalid(field, `Regions are written in lowercase with dashes; use "${lower}".`);
	const az = /^(.*-\d{1,2})[a-z]$/.exec(region);
	if (az && REGION_SHAPE.test(az[1]!)) {
		return invalid(field, `"${region}" is an Availability Zone; its Region is "${az[1]}".`);
	}
	if (region === 'global' || region === 'aws-global') {
		return invalid(field, 'DynamoDB has no global Region; pick the Region the table is in, e.g. us-east-1.');
	}
	if (/\s/.test(region) || /[A-Z]/.test(region)) {
		return invalid(field, `Give the Region code, not its display name: e.g. "US East (N. Virginia)" is us-east-1, "Europe (Frankfurt)" is eu-central-1.`);
	}
	return invalid(field, `"${region}" is not a Region code; Regions look like us-east-1, eu-central-2, ap-southeast-4 or us-gov-west-1.`);
}

export function validateProfileName(text: string): Validation<string> {
	const field = 'profile';
	const name = text.trim();
	if (!name) return invalid(field, 'The profile name is empty; give a profile from ~/.aws/config, or none to use the environment.');
	const section = /^\[(?:profile\s+)?([^\]]*)\]$/.exec(name);
	if (section) return invalid(field, `Give the profile name without the brackets of its config section: "${section[1]!.trim()}".`);
	const prefixed = /^profile\s+(\S+)$/.exec(name);
	if (prefixed) return invalid(field, `Give the profile name without "profile ": "${prefixed[1]}".`);
	if (/\s/.test(name)) return invalid(field, 'A profile name cannot contain spaces or other whitespace.');
	if (/[[\]]/.test(name)) return invalid(field, 'A profile name cannot contain "[" or "]".');
	return valid(name);
}

/** A custom endpoint (LocalStack, a VPC endpoint, the sandbox): scheme and host, nothing else. */
export function validateEndpointUrl(text: string): Validation<string> {
	const field = 'endpoint URL';
	const raw = text.trim();
	if (!raw) return invalid(field, 'The endpoint URL is empty; it looks like https://dynamodb.us-east-1.amazonaws.com or http://localhost:4566.');
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
		return invalid(field, `The endpoint URL needs a scheme; did you mean "https://${raw}"?`);
	}
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return invalid(field, `"${raw}" is not a URL; it looks like https://HOST[:PORT].`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return invalid(field, `The endpoint URL must start with http:// or https:// (got "${url.protocol}//").`);
	}
	if (url.username || url.password) {
		return invalid(field, 'The endpoint URL must not carry a user name or password; credentials come from the profile.');
	}
	if (!url.hostname) return invalid(field, 'The endpoint URL has no host name.');
	if (url.pathname !== '/' && url.pathname !== '') {
		return invalid(field, `The endpoint URL must not have a path ("${url.pathname}"); use "${url.origin}".`);
	}
	if (url.search || url.hash) return invalid(field, `The endpoint URL must not have a query or fragment; use "${url.origin}".`);
	return valid(url.origin);
}

export function validateClientToken(text: string): Validation<string> {
	const field = 'client token';
	const token = text;
	if (token.length < 1) return invalid(field, 'The client token is empty; it must be 1 to 64 characters.');
	if (token.length > 64) return invalid(field, `The client token may be at most 64 characters (this one has ${token.length}).`);
	if (token.includes('$')) return invalid(field, 'The client token cannot contain "$" (the API pattern is ^[^$]+$).');
	return valid(token);
}

export function validateMfaCode(text: string): Validation<string> {
	const field = 'MFA code';
	const code = text.replace(/\s+/g, '');
	if (!code) return invalid(field, 'The MFA code is empty; type the 6 digits your authenticator shows.');
	if (!/^\d+$/.test(code)) return invalid(field, 'The MFA code is digits only: the 6 digits your authenticator shows.');
	if (code.length !== 6) return invalid(field, `The MFA code has exactly 6 digits (this has ${code.length}).`);
	return valid(code);
}

// ---------------------------------------------------------------- enumerations

function enumValidator<T extends string>(
	field: FieldName,
	values: readonly T[],
	aliases: Record<string, T>,
): (text: string) => Validation<T> {
	return (text) => {
		const raw = text.trim();
		if ((values as readonly string[]).includes(raw)) return valid(raw as T);
		const key = raw.toLowerCase().replace(/[\s_]+/g, '-');
		const upper = raw.toUpperCase().replace(/[\s-]+/g, '_');
		if ((values as readonly string[]).includes(upper)) return valid(upper as T);
		if (key in aliases) return valid(aliases[key]!);
		const list = values.join(' or ');
		return invalid(field, raw ? `The ${field} must be ${list} (got "${raw}").` : `The ${field} is empty; it must be ${list}.`);
	};
}

export const validateExportFormat: (text: string) => Validation<ExportFormat> = enumValidator('export format', ['DYNAMODB_JSON', 'ION'], {
	'dynamodb-json': 'DYNAMODB_JSON',
	'amazon-ion': 'ION',
});

export const validateExportType: (text: string) => Validation<ExportType> = enumValidator('export type', ['FULL_EXPORT', 'INCREMENTAL_EXPORT'], {
	full: 'FULL_EXPORT',
	incremental: 'INCREMENTAL_EXPORT',
});

export const validateSseAlgorithm: (text: string) => Validation<SseAlgorithm> = enumValidator('SSE algorithm', ['AES256', 'KMS'], {
	'sse-s3': 'AES256',
	'sse-kms': 'KMS',
	'aws:kms': 'KMS',
	'aes-256': 'AES256',
});

export const validateViewType: (text: string) => Validation<ExportViewType> = enumValidator('export view type', ['NEW_IMAGE', 'NEW_AND_OLD_IMAGES'], {
	new: 'NEW_IMAGE',
	'new-and-old': 'NEW_AND_OLD_IMAGES',
});

// ---------------------------------------------------------------- whole plan

export interface PlanContext {
	now?: Date;
	/** PITR window of the table, when it has been read. */
	window?: PitrWindow;
}

/**
 * Every problem of a plan at once (not just the first), for `--yes` runs that
 * cannot ask again. An empty list means the plan can be sent.
 */
export function validatePlan(plan: Partial<ExportPlan>, context: PlanContext = {}): ValidationProblem[] {
	const problems: ValidationProblem[] = [];
	const add = <T>(v: Validation<T>): T | undefined => {
		if (v.ok) return v.value;
		problems.push(v);
		return undefined;
	};
	const now = context.now ?? new Date();

	if (plan.profile !== undefined) add(validateProfileName(plan.profile));
	const region = add<string>(
		plan.region === undefined ? invalid('Region', "No Region was given; name the table's Region (e.g. --region us-east-1).") : validateRegion(plan.region),
	);
	const table = add<TableArnParts>(
		plan.tableArn === undefined ? invalid('table ARN', `No table was given; give its ARN (${TABLE_ARN_SHAPE}).`) : validateTableArn(plan.tableArn),
	);
	if (table && region && table.region !== region) {
		problems.push(invalid('Region', `The table is in ${table.region} but the call would go to ${region}; the export must be started in the table's Region.`));
	}

	if (plan.bucket === undefined) add(invalid('bucket name', 'No bucket was given; name the S3 bucket the export writes to.'));
	else add(validateBucketName(plan.bucket));
	if (plan.bucketOwner !== undefined && plan.bucketOwner !== '') add(validateAccountId(plan.bucketOwner, 'bucket owner'));
	if (plan.bucketRegion !== undefined) {
		const bucketRegion = validateRegion(plan.bucketRegion);
		if (!bucketRegion.ok) problems.push(invalid('Region', `The bucket's Region is not valid: ${bucketRegion.message}`));
	}
	if (plan.prefix !== undefined) add(validatePrefix(plan.prefix));

	const sse = plan.sse === undefined ? undefined : add(validateSseAlgorithm(plan.sse));
	if (plan.kmsKeyId !== undefined && plan.kmsKeyId !== '') {
		if (sse === 'AES256') {
			problems.push(invalid('KMS key', 'A KMS key was given but the SSE algorithm is AES256; choose KMS, or drop the key.'));
		} else {
			const key = add(validateKmsKeyRef(plan.kmsKeyId));
			const crossAccount = Boolean(table && plan.bucketOwner && plan.bucketOwner !== table.account);
			if (key) {
				const managed = awsManagedKeyProblem(key, crossAccount);
				if (managed) problems.push(invalid('KMS key', managed));
				if (key.region && plan.bucketRegion && key.region !== plan.bucketRegion) {
					problems.push(invalid('KMS key', `The key is in ${key.region} but the bucket is in ${plan.bucketRegion}; the export's KMS key must be in the bucket's Region.`));
				}
			}
		}
	}
	if (plan.format !== undefined) add(validateExportFormat(plan.format));
	const type = plan.type === undefined ? 'FULL_EXPORT' : add(validateExportType(plan.type));

	if (type === 'FULL_EXPORT') {
		if (plan.incremental) {
			problems.push(invalid('export type', 'An incremental window was given for a full export; choose INCREMENTAL_EXPORT, or drop the window.'));
		}
		if (plan.exportTime) add(validateExportTime(plan.exportTime, context.window ?? {}, now));
	} else if (type === 'INCREMENTAL_EXPORT') {
		if (plan.exportTime) {
			problems.push(invalid('export time', 'An export time applies to full exports only; an incremental export uses its from and to times.'));
		}
		if (!plan.incremental) {
			problems.push(invalid('incremental window', 'An incremental export needs a from time and a to time (15 minutes to 24 hours apart).'));
		} else {
			add(validateIncrementalWindow(plan.incremental.from, plan.incremental.to, context.window, now));
			add(validateViewType(plan.incremental.viewType));
		}
	}
	return problems;
}

// ---------------------------------------------------------------- shared

function describeChar(c: string): string {
	if (c === ' ') return 'a space';
	if (/\s/.test(c)) return 'whitespace';
	const code = c.codePointAt(0) ?? 0;
	if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
	return `"${c}"`;
}
