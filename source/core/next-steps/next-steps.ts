// What to do with a finished export, generated from the export and its table: the
// import-table command and the Athena table, together, as `ddb-export next` prints them.

import type {ExportDescription, TableDetails} from '../ports.js';
import {athenaTable, type AthenaTable} from './athena-table.js';
import {exportDataFolder, type ExportDataFolder} from './export-data-folder.js';
import {importTableCommand, type ImportTableResult} from './import-table-command.js';
import {itemShape} from './item-shape.js';

export interface NextStepsInput {
	description: ExportDescription;
	table: TableDetails;
	/** Items of the export in DynamoDB JSON, to type the Athena columns beyond the key. */
	sample?: Record<string, unknown>[];
	profile?: string;
	region?: string;
}

export type NextSteps =
	| {ok: true; folder: ExportDataFolder; importTable: ImportTableResult; athena: AthenaTable}
	| {ok: false; reason: string};

export function nextSteps(input: NextStepsInput): NextSteps {
	const {description, table} = input;
	if (description.status !== 'COMPLETED') {
		return {ok: false, reason: `The export is ${description.status}: its data is ready to use only once it is COMPLETED.`};
	}
	const folder = exportDataFolder(description);
	if ('problem' in folder) return {ok: false, reason: folder.problem};
	const keySchema = table.keySchema ?? [];
	const importTable = importTableCommand({description, table, folder, profile: input.profile, region: input.region});
	const shape = itemShape(keySchema, table.attributeDefinitions ?? [], input.sample);
	const athena = athenaTable({description, tableName: table.name, folder, shape, keyAttributes: keySchema.map((k) => k.attributeName)});
	return {ok: true, folder, importTable, athena};
}
