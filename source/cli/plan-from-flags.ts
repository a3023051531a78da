// The AWS CLI's export flags → what the wizard would otherwise ask (a Partial<Draft>)
// and, for the commands that run without questions, an ExportPlan. Every flag is
// checked here, before any AWS call, and each problem names the flag and the rule.

import {PARTITIONS, isPartition, parseArn, splitArn, parseExportArn, parseTableArn, partitionOf, tableArn as formatTableArn, type ExportArnParts as ExportArn} from '../core/arn.js';
import type {ExportPlan, ExportType, ExportViewType, IncrementalSpec} from '../core/plan.js';
import type {CallerIdentity} from '../core/ports.js';
import {formatIso, parseIncrementalSpec, parseTimeInput, validateExportTime} from '../core/time-input.js';
import {
	awsManagedKeyProblem,
	validateAccountId,
	validateBucketName,
	validateClientToken,
	validateEndpointUrl,
	validateExportFormat,
	validateExportType,
	validateKmsKeyRef,
	validatePlan,
	validatePrefix,
	validateProfileName,
	validateRegion,
	validateSseAlgorithm,
	validateTableArn,
	type FieldName,
	type TableArnParts,
	type Validation,
} from '../core/validate.js';
import {ENVIRONMENT_PROFILE, type Draft} from '../core/wizard/fields.js';
import type {CliOptions} from './arguments.js';

export interface FlagProblem {
	/** The flag at fault, e.g. "--s3-bucket". */
	flag: string;
	field: FieldName;
	/** The rule, in words (without the flag). */
	message: string;
}

export interface FlagsPlan {
	/** Answers given as flags: the wizard does not ask them unless they turn out invalid. */
	given: Partial<Draft>;
	problems: FlagProblem[];
	/** --table-arn, parsed. */
	table?: TableArnParts;
	/** --region, else the table ARN's Region. */
	region?: string;
	endpointUrl?: string;
	clientToken?: string;
	exportTime?: Date;
	incremental?: IncrementalSpec;
	/** --since-last: the windows are planned from the last export to the destination (chain-plan.ts). */
	sinceLast?: boolean;
	/** With --since-last: ExportViewType from --incremental-export-specification ExportViewType=… (else NEW_AND_OLD_IMAGES). */
	viewType?: ExportViewType;
}

/** Which flag sets a field of the plan (validatePlan names fields, people type flags). */
export const FLAG_OF_FIELD: Record<FieldName, string> = {
	'table ARN': '--table-arn',
	'table name': '--table-arn',
	'bucket name': '--s3-bucket',
	'bucket owner': '--s3-bucket-owner',
	prefix: '--s3-prefix',
	'KMS key': '--s3-sse-kms-key-id',
	'export time': '--export-time',
	'incremental from': '--incremental-export-specification',
	'incremental to': '--incremental-export-specification',
	'incremental window': '--incremental-export-specification',
	'export view type': '--incremental-export-specification',
	'incremental export specification': '--incremental-export-specification',
	'export format': '--export-format',
	'export type': '--export-type',
	'SSE algorithm': '--s3-sse-algorithm',
	profile: '--profile',
	Region: '--region',
	'endpoint URL': '--endpoint-url',
	'client token': '--client-token',
	'MFA code': '--profile',
};

/** "--s3-bucket: A bucket name must be 3 to 63 characters long (this one has 2)." */
export function formatFlagProblem(problem: FlagProblem): string {
	return `${problem.flag}: ${problem.message}`;
}

export function planFromFlags(options: CliOptions, now: Date = new Date()): FlagsPlan {
	const problems: FlagProblem[] = [];
	const given: Partial<Draft> = {};
	const result: FlagsPlan = {given, problems};
	const check = <T>(flag: string, validation: Validation<T>): T | undefined => {
		if (validation.ok) return validation.value;
		problems.push({flag, field: validation.field, message: validation.message});
		return undefined;
	};
	const problem = (flag: string, field: FieldName, message: string) => problems.push({flag, field, message});

	if (options.profile !== undefined) {
		const profile = check('--profile', validateProfileName(options.profile));
		if (profile) given.profile = profile;
	}
	if (options.endpointUrl !== undefined) result.endpointUrl = check('--endpoint-url', validateEndpointUrl(options.endpointUrl));
	if (options.clientToken !== undefined) result.clientToken = check('--client-token', validateClientToken(options.clientToken));

	const table = options.tableArn === undefined ? undefined : check('--table-arn', validateTableArn(options.tableArn));
	const region = options.region === undefined ? undefined : check('--region', validateRegion(options.region));
	if (table) {
		result.table = table;
		given.table = table.table;
	}
	if (region && table && region !== table.region) {
		problem('--region', 'Region', `The table is in ${table.region} (see --table-arn) but --region says ${region}; the export must be started in the table's Region. Leave --region out.`);
	}
	result.region = region ?? table?.region;
	if (result.region && (region || table)) given.region = result.region;

	if (options.s3Bucket !== undefined) {
		const bucket = check('--s3-bucket', validateBucketName(options.s3Bucket));
		if (bucket) given.bucket = bucket;
	}
	if (options.s3BucketOwner !== undefined) {
		const owner = check('--s3-bucket-owner', validateAccountId(options.s3BucketOwner, 'bucket owner'));
		if (owner) {
			given.bucketOwner = owner;
			given.destination = 'other-account';
		}
	} else if (given.bucket) {
		// As with the AWS CLI, no --s3-bucket-owner means the caller's own account.
		given.destination = 'this-account';
	}
	if (options.s3Prefix !== undefined) {
		const prefix = check('--s3-prefix', validatePrefix(options.s3Prefix));
		if (prefix !== undefined) given.prefix = prefix;
	}

	const sse = options.s3SseAlgorithm === undefined ? undefined : check('--s3-sse-algorithm', validateSseAlgorithm(options.s3SseAlgorithm));
	if (sse) given.sse = sse;
	if (options.s3SseKmsKeyId !== undefined) {
		const key = check('--s3-sse-kms-key-id', validateKmsKeyRef(options.s3SseKmsKeyId));
		if (options.s3SseAlgorithm !== undefined && sse === 'AES256') {
			problem('--s3-sse-kms-key-id', 'KMS key', 'A KMS key was given but --s3-sse-algorithm is AES256; use --s3-sse-algorithm KMS, or leave the key out.');
		} else if (key) {
			const crossAccount = Boolean(given.bucketOwner && (!table || given.bucketOwner !== table.account));
			const managed = awsManagedKeyProblem(key, crossAccount);
			if (managed) problem('--s3-sse-kms-key-id', 'KMS key', managed);
			else {
				given.kmsKey = key.value;
				// A key implies KMS encryption; the AWS CLI would need both flags, this is kinder.
				given.sse = 'KMS';
			}
		}
	}

	if (options.exportFormat !== undefined) {
		const format = check('--export-format', validateExportFormat(options.exportFormat));
		if (format) given.format = format;
	}
	const type = options.exportType === undefined ? undefined : check('--export-type', validateExportType(options.exportType));
	if (type) given.exportType = type;

	if (options.exportTime !== undefined) {
		const parsed = check('--export-time', parseTimeInput(options.exportTime, now));
		if (type === 'INCREMENTAL_EXPORT') {
			problem('--export-time', 'export time', '--export-time applies to full exports only; an incremental export takes its window from --incremental-export-specification.');
		} else if (parsed === 'latest') {
			given.timeMode = 'latest';
		} else if (parsed) {
			const inPast = check('--export-time', validateExportTime(parsed, {}, now));
			if (inPast) {
				result.exportTime = inPast;
				given.timeMode = 'choose';
				given.exportTime = formatIso(inPast);
			}
		}
	}

	if (options.sinceLast) {
		const sinceLast = sinceLastFlags(options, type);
		if (!sinceLast.ok) problem(sinceLast.flag, sinceLast.field, sinceLast.message);
		else {
			result.sinceLast = true;
			given.exportType = 'INCREMENTAL_EXPORT';
			given.incrementalMode = 'since-last';
			if (sinceLast.viewType) {
				result.viewType = sinceLast.viewType;
				given.viewType = sinceLast.viewType;
			}
		}
	} else if (options.incrementalExportSpecification !== undefined) {
		const spec = parseIncrementalSpec(options.incrementalExportSpecification, now);
		if (!spec.ok) problem('--incremental-export-specification', spec.field, spec.message);
		else if (type === 'FULL_EXPORT') {
			problem('--incremental-export-specification', 'export type', 'An incremental window was given with --export-type FULL_EXPORT; use --export-type INCREMENTAL_EXPORT, or leave the window out.');
		} else {
			result.incremental = spec.value;
			given.exportType = 'INCREMENTAL_EXPORT';
			given.incrementalFrom = formatIso(spec.value.from);
			given.incrementalTo = formatIso(spec.value.to);
			given.viewType = spec.value.viewType;
		}
	}
	return result;
}

/**
 * --since-last plans the windows itself: it takes no times, and only an incremental export.
 * --incremental-export-specification may still carry the view type alone (ExportViewType=NEW_IMAGE).
 */
function sinceLastFlags(options: CliOptions, type: ExportType | undefined): {ok: true; viewType?: ExportViewType} | {ok: false; flag: string; field: FieldName; message: string} {
	if (type === 'FULL_EXPORT') {
		return {ok: false, flag: '--since-last', field: 'export type', message: '--since-last continues a chain of incremental exports, but --export-type says FULL_EXPORT; use --export-type INCREMENTAL_EXPORT, or leave --since-last out.'};
	}
	if (options.exportTime !== undefined && type === undefined) {
		return {ok: false, flag: '--export-time', field: 'export time', message: '--export-time applies to full exports only; --since-last plans incremental windows from the last export to this destination. Leave --export-time out.'};
	}
	const spec = options.incrementalExportSpecification;
	if (spec === undefined) return {ok: true};
	const viewOnly = /^\s*(?:\{\s*"ExportViewType"\s*:\s*"([A-Za-z_]+)"\s*\}|ExportViewType=([A-Za-z_]+))\s*$/i.exec(spec);
	if (!viewOnly) {
		return {
			ok: false,
			flag: '--since-last',
			field: 'incremental export specification',
			message: '--since-last and --incremental-export-specification both set the window: --since-last plans it from the last export to this destination. Give one of them (--incremental-export-specification ExportViewType=NEW_IMAGE alone is fine with --since-last).',
		};
	}
	const view = (viewOnly[1] ?? viewOnly[2])!.toUpperCase();
	if (view !== 'NEW_IMAGE' && view !== 'NEW_AND_OLD_IMAGES') {
		return {ok: false, flag: '--incremental-export-specification', field: 'export view type', message: `ExportViewType must be NEW_IMAGE or NEW_AND_OLD_IMAGES (got "${viewOnly[1] ?? viewOnly[2]}").`};
	}
	return {ok: true, viewType: view};
}

/** The demo's proposed plan under the flags: a flag replaces the whole group it belongs to. */
export function mergeDefaults(defaults: Partial<Draft>, given: Partial<Draft>): Partial<Draft> {
	const base: Partial<Draft> = {...defaults};
	if (given.bucket !== undefined || given.bucketOwner !== undefined) {
		delete base.destination;
		delete base.bucketOwner;
		delete base.prefix;
	}
	if (given.sse !== undefined || given.kmsKey !== undefined) {
		delete base.sse;
		delete base.kmsKey;
	}
	if (given.table !== undefined) delete base.region;
	const draft = {...base, ...given};
	if (draft.bucket && !draft.destination) draft.destination = draft.bucketOwner ? 'other-account' : 'this-account';
	return draft;
}

/** Flags a command that asks nothing still needs, given what the demo proposes. */
export function missingFlags(flags: FlagsPlan, draft: Partial<Draft>): string[] {
	const missing: string[] = [];
	if (!flags.table && !draft.table) missing.push('--table-arn');
	if (!draft.bucket) missing.push('--s3-bucket');
	if (draft.exportType === 'INCREMENTAL_EXPORT' && draft.incrementalMode !== 'since-last' && !(draft.incrementalFrom && draft.incrementalTo)) missing.push('--incremental-export-specification');
	return missing;
}

/**
 * The plan a command without questions runs. The table ARN comes from --table-arn, or
 * (demo) from the proposed table name in the caller's account.
 */
export function headlessPlan(flags: FlagsPlan, draft: Partial<Draft>, region: string, identity?: CallerIdentity, now: Date = new Date()): ExportPlan {
	const tableArn = flags.table?.arn ?? formatTableArn({partition: partitionOf(identity?.arn), region, account: identity?.account ?? '000000000000', table: draft.table!});
	const plan: ExportPlan = {
		region,
		tableArn,
		bucket: draft.bucket!,
		prefix: draft.prefix ?? '',
		sse: draft.sse ?? 'AES256',
		format: draft.format ?? 'DYNAMODB_JSON',
		type: draft.exportType ?? 'FULL_EXPORT',
	};
	if (draft.profile && draft.profile !== ENVIRONMENT_PROFILE) plan.profile = draft.profile;
	if (draft.destination === 'other-account' && draft.bucketOwner) plan.bucketOwner = draft.bucketOwner;
	if (plan.sse === 'KMS' && draft.kmsKey) plan.kmsKeyId = draft.kmsKey;
	if (plan.type === 'FULL_EXPORT' && draft.timeMode === 'choose' && draft.exportTime) {
		const parsed = parseTimeInput(draft.exportTime, now);
		if (parsed.ok && parsed.value !== 'latest') plan.exportTime = parsed.value;
	}
	if (plan.type === 'INCREMENTAL_EXPORT' && draft.incrementalFrom && draft.incrementalTo) {
		const from = parseTimeInput(draft.incrementalFrom, now);
		const to = parseTimeInput(draft.incrementalTo, now);
		if (from.ok && to.ok && from.value !== 'latest' && to.value !== 'latest') {
			plan.incremental = {from: from.value, to: to.value, viewType: draft.viewType ?? 'NEW_AND_OLD_IMAGES'};
		}
	}
	return plan;
}

/** Every remaining problem of a finished plan, named by flag. */
export function planProblems(plan: ExportPlan, now: Date = new Date()): FlagProblem[] {
	return validatePlan(plan, {now}).map((p) => ({flag: FLAG_OF_FIELD[p.field] ?? p.field, field: p.field, message: p.message}));
}

export interface ExportArnParts extends ExportArn {
	arn: string;
}

const EXPORT_ARN_SHAPE = 'arn:aws:dynamodb:REGION:ACCOUNT:table/TABLE/export/ID';

/** An export ARN as DescribeExport takes it; the Region of the call comes from it. */
export function validateExportArn(text: string): {ok: true; value: ExportArnParts} | {ok: false; message: string} {
	const arn = text.trim();
	if (!arn) return {ok: false, message: `The export ARN is empty; it looks like ${EXPORT_ARN_SHAPE}.`};
	const partition = splitArn(arn)?.[1];
	if (partition !== undefined && !isPartition(partition)) {
		return {ok: false, message: `"${partition}" is not an AWS partition; an export ARN looks like ${EXPORT_ARN_SHAPE} (or another partition: ${PARTITIONS.slice(1).join(', ')}).`};
	}
	const a = parseArn(arn);
	const m = a?.service === 'dynamodb' ? /^table\/([^/]+)\/export\/([^/]+)$/.exec(a.resource) : null;
	if (!a || !m) {
		if (parseTableArn(arn)) return {ok: false, message: `"${arn}" is a table ARN; an export ARN continues with /export/ID (${EXPORT_ARN_SHAPE}). ddb-export list shows them.`};
		return {ok: false, message: `"${arn}" is not an export ARN; it looks like ${EXPORT_ARN_SHAPE} (ddb-export list shows them).`};
	}
	const {region, account} = a;
	const regionCheck = validateRegion(region);
	if (!regionCheck.ok) return {ok: false, message: `The Region part "${region}" of the export ARN is not a Region (e.g. us-east-1).`};
	if (!/^\d{12}$/.test(account)) return {ok: false, message: `The account part "${account}" of the export ARN must be exactly 12 digits.`};
	const parsed = parseExportArn(arn);
	if (!parsed) return {ok: false, message: `The table name "${m[1]}" in the export ARN is not a table name.`};
	return {ok: true, value: {arn, ...parsed}};
}
