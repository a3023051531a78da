// --cli-input-json and --generate-cli-skeleton for the export flags, as the AWS CLI has
// them for export-table-to-point-in-time: the request's members as one JSON object (or
// file://PATH to one). Flags given on the command line as well win, as in the AWS CLI.
// Empty strings (left over from a skeleton) count as not given.

import {readFileSync} from 'node:fs';
import type {CliOptions} from './arguments.js';
import {didYouMean} from './did-you-mean.js';

/** The request's members in the API's order, with the option each one fills. */
const MEMBERS = {
	TableArn: 'tableArn',
	ExportTime: 'exportTime',
	ClientToken: 'clientToken',
	S3Bucket: 's3Bucket',
	S3BucketOwner: 's3BucketOwner',
	S3Prefix: 's3Prefix',
	S3SseAlgorithm: 's3SseAlgorithm',
	S3SseKmsKeyId: 's3SseKmsKeyId',
	ExportFormat: 'exportFormat',
	ExportType: 'exportType',
	IncrementalExportSpecification: 'incrementalExportSpecification',
} as const satisfies Record<string, keyof CliOptions>;

type Member = keyof typeof MEMBERS;

/** What `aws dynamodb export-table-to-point-in-time --generate-cli-skeleton` prints. */
export function cliSkeleton(): string {
	const skeleton = {
		TableArn: '',
		ExportTime: '1970-01-01T00:00:00',
		ClientToken: '',
		S3Bucket: '',
		S3BucketOwner: '',
		S3Prefix: '',
		S3SseAlgorithm: 'AES256',
		S3SseKmsKeyId: '',
		ExportFormat: 'DYNAMODB_JSON',
		ExportType: 'FULL_EXPORT',
		IncrementalExportSpecification: {ExportFromTime: '1970-01-01T00:00:00', ExportToTime: '1970-01-01T00:00:00', ExportViewType: 'NEW_IMAGE'},
	};
	return `${JSON.stringify(skeleton, null, 4)}\n`;
}

function readInput(text: string): {ok: true; value: string} | {ok: false; message: string} {
	if (!text.startsWith('file://')) return {ok: true, value: text};
	const path = text.slice('file://'.length);
	try {
		return {ok: true, value: readFileSync(path, 'utf8')};
	} catch (error) {
		return {ok: false, message: `--cli-input-json: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`};
	}
}

/** Fills the export flags not given from the JSON; a problem names the member and the fix. */
export function applyCliInputJson(options: CliOptions, input: string): {ok: true} | {ok: false; message: string} {
	const read = readInput(input);
	if (!read.ok) return read;
	let parsed: unknown;
	try {
		parsed = JSON.parse(read.value);
	} catch (error) {
		return {ok: false, message: `--cli-input-json: not valid JSON (${(error as Error).message}). ddb-export --generate-cli-skeleton prints the shape.`};
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return {ok: false, message: '--cli-input-json: expected one JSON object, as --generate-cli-skeleton prints.'};
	}
	const known = Object.keys(MEMBERS);
	for (const [key, value] of Object.entries(parsed)) {
		if (!(key in MEMBERS)) return {ok: false, message: `--cli-input-json: unknown member ${key}.${didYouMean(key, known)} Members: ${known.join(', ')}.`};
		const option = MEMBERS[key as Member];
		if (value === '' || value === null) continue;
		const target = options as unknown as Record<string, unknown>;
		if (target[option] !== undefined) continue;
		if (key === 'IncrementalExportSpecification') {
			if (typeof value !== 'object' || Array.isArray(value)) return {ok: false, message: `--cli-input-json: ${key} must be an object like {"ExportFromTime": …, "ExportToTime": …, "ExportViewType": …}.`};
			target[option] = JSON.stringify(value);
		} else if (key === 'ExportTime' && typeof value === 'number') {
			target[option] = String(value);
		} else if (typeof value === 'string') {
			target[option] = value;
		} else {
			return {ok: false, message: `--cli-input-json: ${key} must be a string (got ${JSON.stringify(value)}).`};
		}
	}
	return {ok: true};
}
