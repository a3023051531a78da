// An Athena CREATE EXTERNAL TABLE over an export's data folder, and the query that
// counts its items. DynamoDB JSON is read with the OpenX JSON SerDe: one column Item,
// a struct of attributes, each a struct keyed by the lower-case DynamoDB type
// (struct<s:string>, struct<n:string>, …). Ion is read with the Ion Hive SerDe, whose
// values carry their own types (a string is a string, a number a decimal).

import type {ExportDescription} from '../ports.js';
import {terminalSafe} from '../terminal-text.js';
import type {ExportDataFolder} from './export-data-folder.js';
import type {Shape} from './item-shape.js';

export interface AthenaInput {
	description: ExportDescription;
	tableName: string;
	folder: ExportDataFolder;
	/** From itemShape(): key attributes first, then those of the sample. */
	shape: Map<string, Shape>;
	/** The primary key's attribute names: always columns, even with unusual names. */
	keyAttributes: string[];
}

export interface AthenaTable {
	/** The Athena table's name: lower case, letters, digits and underscores. */
	name: string;
	createTable: string;
	countQuery: string;
	/** Attributes of the sample left out, and why (Athena could not name or type them). */
	leftOut: string[];
}

/** Lower case, every other character an underscore, never starting with a digit. */
export function athenaIdentifier(text: string): string {
	const cleaned = text.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
	const named = cleaned === '' ? 'ddb' : cleaned;
	return /^[0-9]/.test(named) ? `t_${named}` : named;
}

/** `<table>_<export id>`: one Athena table per export, so two exports never share one. */
export function athenaTableName(tableName: string, exportArn: string): string {
	const id = /\/export\/([^/]+)$/.exec(exportArn)?.[1];
	return athenaIdentifier(id ? `${tableName}_${id}` : `${tableName}_export`);
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// DynamoDB JSON: each type under its lower-case name. NULL is left out: an attribute
// that is null reads as a missing field, which Athena shows as null anyway.
const JSON_TYPE_ORDER = ['S', 'N', 'B', 'BOOL', 'SS', 'NS', 'BS', 'M', 'L'] as const;
const JSON_SCALAR: Record<string, string> = {S: 'string', N: 'string', B: 'string', BOOL: 'boolean', SS: 'array<string>', NS: 'array<string>', BS: 'array<string>'};

// Ion: numbers are decimals; 38 digits is Hive's widest (unconfirmed how the SerDe
// treats a wider one: a query would show it as null, not wrong).
const ION_SCALAR: Record<string, string> = {S: 'string', N: 'decimal(38,9)', B: 'binary', BOOL: 'boolean', SS: 'array<string>', NS: 'array<decimal(38,9)>', BS: 'array<binary>'};

interface Renderer {
	/** The column type of one attribute, or a reason it cannot have one. */
	type(shape: Shape, path: string, leftOut: string[]): string | undefined;
}

function structOf(fields: Map<string, Shape>, renderer: Renderer, path: string, leftOut: string[], keys: Set<string>): string | undefined {
	const members = structMembers(fields, renderer, path, leftOut, keys);
	return members.length === 0 ? undefined : `struct<${members.join(', ')}>`;
}

/** A top-level struct, one attribute a line, so that a long one can be read and edited. */
function columnStruct(fields: Map<string, Shape>, renderer: Renderer, leftOut: string[], keys: Set<string>): string {
	const members = structMembers(fields, renderer, '', leftOut, keys);
	return members.length === 0 ? 'struct<>' : `struct<\n    ${members.join(',\n    ')}\n  >`;
}

function structMembers(fields: Map<string, Shape>, renderer: Renderer, path: string, leftOut: string[], keys: Set<string>): string[] {
	const members: string[] = [];
	const seen = new Set<string>();
	for (const [name, shape] of fields) {
		// Names come from the data files, which no boundary has cleaned: shown, never obeyed.
		const where = terminalSafe(path === '' ? name : `${path}.${name}`);
		const isKey = keys.has(name) && path === '';
		if (!PLAIN_NAME.test(name) && !isKey) {
			leftOut.push(`${where}: the name is not a plain identifier`);
			continue;
		}
		// Athena folds names to lower case: a second attribute differing only in case would clash.
		if (seen.has(name.toLowerCase())) {
			leftOut.push(`${where}: differs from another attribute only in case`);
			continue;
		}
		const type = renderer.type(shape, where, leftOut);
		if (type === undefined) continue;
		seen.add(name.toLowerCase());
		members.push(`${PLAIN_NAME.test(name) ? name.toLowerCase() : `\`${name.toLowerCase().replace(/`/g, '')}\``}:${type}`);
	}
	return members;
}

const jsonRenderer: Renderer = {
	type(shape, path, leftOut) {
		const members: string[] = [];
		for (const type of JSON_TYPE_ORDER) {
			if (!shape.types.has(type)) continue;
			if (type === 'M') {
				const inner = shape.fields ? structOf(shape.fields, jsonRenderer, path, leftOut, new Set()) : undefined;
				if (inner) members.push(`m:${inner}`);
			} else if (type === 'L') {
				const inner = shape.element ? jsonRenderer.type(shape.element, `${path}[]`, leftOut) : undefined;
				if (inner) members.push(`l:array<${inner}>`);
			} else members.push(`${type.toLowerCase()}:${JSON_SCALAR[type]}`);
		}
		if (members.length === 0) {
			if (shape.types.size > 0) leftOut.push(`${path}: only null or empty values in the sample`);
			return undefined;
		}
		return `struct<${members.join(', ')}>`;
	},
};

const ionRenderer: Renderer = {
	type(shape, path, leftOut) {
		const types = [...shape.types].filter((t) => t !== 'NULL');
		if (types.length === 0) return undefined;
		if (types.length > 1) {
			leftOut.push(`${path}: holds ${types.join(' and ')} in different items (an Ion column has one type)`);
			return undefined;
		}
		const type = types[0]!;
		if (type === 'M') return shape.fields ? structOf(shape.fields, ionRenderer, path, leftOut, new Set()) : undefined;
		if (type === 'L') {
			const inner = shape.element ? ionRenderer.type(shape.element, `${path}[]`, leftOut) : undefined;
			return inner ? `array<${inner}>` : undefined;
		}
		return ION_SCALAR[type];
	},
};

function sqlString(text: string): string {
	return `'${text.replace(/'/g, "''")}'`;
}

export function athenaTable(input: AthenaInput): AthenaTable {
	const ion = input.description.exportFormat === 'ION';
	const incremental = input.description.exportType === 'INCREMENTAL_EXPORT';
	const name = athenaTableName(input.tableName, input.description.exportArn);
	const leftOut: string[] = [];
	const renderer = ion ? ionRenderer : jsonRenderer;
	const keyNames = new Set(input.keyAttributes);
	const item = columnStruct(input.shape, renderer, leftOut, keyNames);
	let columns: string[];
	if (incremental) {
		// A change record: the keys, the item after (absent for a deletion) and before.
		const keyShape = new Map([...input.shape].filter(([attribute]) => keyNames.has(attribute)));
		const keys = columnStruct(keyShape, renderer, [], keyNames);
		const stamp = ion ? 'struct<writetimestampmicros:decimal(38,0)>' : 'struct<writetimestampmicros:struct<n:string>>';
		// Quoted: KEYS is a word of Athena's DDL.
		columns = [`\`Metadata\` ${stamp}`, `\`Keys\` ${keys}`, `\`NewImage\` ${item}`, `\`OldImage\` ${item}`];
	} else columns = [`Item ${item}`];
	const format = ion
		? [
				"ROW FORMAT SERDE 'com.amazon.ionhiveserde.IonHiveSerDe'",
				"STORED AS INPUTFORMAT 'com.amazon.ionhiveserde.formats.IonInputFormat'",
				"OUTPUTFORMAT 'com.amazon.ionhiveserde.formats.IonOutputFormat'",
			]
		: ["ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'"];
	const createTable = [
		`CREATE EXTERNAL TABLE IF NOT EXISTS ${name} (`,
		...columns.map((column, i) => `  ${column}${i < columns.length - 1 ? ',' : ''}`),
		')',
		...format,
		`LOCATION ${sqlString(input.folder.url)};`,
	].join('\n');
	return {name, createTable, countQuery: `SELECT COUNT(*) AS ${incremental ? 'changes' : 'items'} FROM ${name};`, leftOut};
}
