// `aws dynamodb import-table` that loads a finished full export into a new table:
// this export's format, GZIP (exports are always compressed), its data folder, and the
// source table's primary key and billing mode. AWS-FACTS: ImportTable reads full
// exports only, never incremental records.

import type {AttributeDefinition, ExportDescription, KeySchemaElement, TableDetails} from '../ports.js';
import {renderShellCommand} from '../render-aws-command.js';
import type {ExportDataFolder} from './export-data-folder.js';

export interface ImportTableInput {
	description: ExportDescription;
	table: Pick<TableDetails, 'name' | 'keySchema' | 'attributeDefinitions' | 'billingMode' | 'provisioned'>;
	folder: ExportDataFolder;
	/** The new table's name; `<table>-restored` when not given. */
	newTableName?: string;
	profile?: string;
	region?: string;
}

export type ImportTableResult = {ok: true; argv: string[]; command: string; newTableName: string} | {ok: false; reason: string};

const TABLE_NAME_MAX = 255;

/** `<table>-restored`, cut so that it stays a valid table name (3–255 characters). */
export function restoredTableName(table: string): string {
	const suffix = '-restored';
	return `${table.slice(0, TABLE_NAME_MAX - suffix.length)}${suffix}`;
}

// The CLI's shorthand syntax splits on "," and "=" and treats quotes, brackets and
// spaces specially: a value holding any of them goes as JSON instead.
const SHORTHAND_SAFE = /^[A-Za-z0-9_@%+:./!*'()-]*$/;

function bucketSourceArgument(folder: ExportDataFolder): string {
	const members: [string, string][] = [['S3Bucket', folder.bucket]];
	if (folder.bucketOwner) members.push(['S3BucketOwner', folder.bucketOwner]);
	members.push(['S3KeyPrefix', folder.keyPrefix]);
	if (members.every(([, value]) => SHORTHAND_SAFE.test(value) && !value.includes("'"))) {
		return members.map(([name, value]) => `${name}=${value}`).join(',');
	}
	return JSON.stringify(Object.fromEntries(members));
}

function keyParts(table: ImportTableInput['table']): {keySchema: KeySchemaElement[]; definitions: AttributeDefinition[]} | string {
	const keySchema = table.keySchema ?? [];
	if (!keySchema.some((k) => k.keyType === 'HASH')) return `DescribeTable gave no partition key for ${table.name}.`;
	const definitions: AttributeDefinition[] = [];
	for (const key of keySchema) {
		const definition = table.attributeDefinitions?.find((a) => a.attributeName === key.attributeName);
		if (!definition) return `DescribeTable gave no type for the key attribute ${key.attributeName} of ${table.name}.`;
		definitions.push(definition);
	}
	// HASH first, as CreateTable expects it.
	const ordered = [...keySchema].sort((a, b) => (a.keyType === 'HASH' ? 0 : 1) - (b.keyType === 'HASH' ? 0 : 1));
	return {keySchema: ordered, definitions: ordered.map((k) => definitions.find((d) => d.attributeName === k.attributeName)!)};
}

/**
 * Why an incremental export gets no import-table command, and what loads it instead: a command
 * that ImportTable refuses would only waste the reader's time (AWS-FACTS: full exports only).
 */
export const INCREMENTAL_IMPORT_ADVICE =
	'import-table takes full exports only, and this export is incremental: its records are changes, not items. ' +
	'To load it, import the full export it continues from (ddb-export next FULL_EXPORT_ARN), then apply these changes to that table in order: ' +
	'write each NewImage, delete the Keys of a record without one.';

export function importTableCommand(input: ImportTableInput): ImportTableResult {
	const {description, table, folder} = input;
	if (description.exportType === 'INCREMENTAL_EXPORT') return {ok: false, reason: INCREMENTAL_IMPORT_ADVICE};
	const keys = keyParts(table);
	if (typeof keys === 'string') return {ok: false, reason: keys};
	const newTableName = input.newTableName ?? restoredTableName(table.name);
	const billingMode = table.billingMode === 'PROVISIONED' && table.provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST';
	const parameters: Record<string, unknown> = {
		TableName: newTableName,
		KeySchema: keys.keySchema.map((k) => ({AttributeName: k.attributeName, KeyType: k.keyType})),
		AttributeDefinitions: keys.definitions.map((a) => ({AttributeName: a.attributeName, AttributeType: a.attributeType})),
		BillingMode: billingMode,
	};
	if (billingMode === 'PROVISIONED') {
		parameters.ProvisionedThroughput = {
			ReadCapacityUnits: table.provisioned!.readCapacityUnits,
			WriteCapacityUnits: table.provisioned!.writeCapacityUnits,
		};
	}
	const argv = [
		'aws',
		'dynamodb',
		'import-table',
		'--input-format',
		description.exportFormat === 'ION' ? 'ION' : 'DYNAMODB_JSON',
		'--input-compression-type',
		'GZIP',
		'--s3-bucket-source',
		bucketSourceArgument(folder),
		'--table-creation-parameters',
		JSON.stringify(parameters),
	];
	if (input.profile) argv.push('--profile', input.profile);
	if (input.region) argv.push('--region', input.region);
	return {ok: true, argv, command: renderShellCommand(argv, {multiline: true}), newTableName};
}
