// The batch flags (--table-arn repeated, --tables-from, --all-tables with --table-filter,
// --profile repeated, --batch-token, --s3-prefix as a template) checked before any AWS
// call: each problem names the flag, or the file and line, and the fix. What needs AWS
// (which tables --all-tables finds, which profile owns which table) is batch-target.ts.

import {DEFAULT_BATCH_PREFIX, prefixTemplateProblem} from '../core/batch/prefix-template.js';
import {validateProfileName, validateTableArn, type TableArnParts} from '../core/validate.js';
import type {CliOptions} from './arguments.js';
import type {FlagProblem} from './plan-from-flags.js';

/** A table named by ARN, with where it was named (said when something is wrong with it). */
export interface NamedTable {
	arn: TableArnParts;
	/** "--table-arn" or "--tables-from tables.txt, line 7". */
	from: string;
}

export interface BatchFlags {
	/** Tables named by --table-arn and --tables-from, in order, each once. */
	tables: NamedTable[];
	/** --all-tables: every table of each profile's Region, the names matching `filter` (a glob) if given. */
	allTables?: {filter?: string};
	/** Every --profile, each once; empty: the default credentials. */
	profiles: string[];
	prefixTemplate: string;
	batchToken?: string;
	concurrency?: number;
}

export type BatchFlagsResult = {ok: true; value: BatchFlags} | {ok: false; problems: FlagProblem[]};

/** Reads --tables-from: a file's text, or standard input's for "-". */
export interface TableListReader {
	/** False for watch --batch-token, which may find the tables in the batch's record. */
	tablesRequired?: boolean;
	readFile: (path: string) => string;
	readStdin: () => Promise<string>;
}

/** A batch token names the batch in ClientTokens and in the record kept of it: plain characters only. */
export function batchTokenProblem(token: string): string | undefined {
	if (token.length === 0) return 'The batch token is empty; give the token a batch printed (or leave --batch-token out for a new batch).';
	if (token.length > 64) return `The batch token may be at most 64 characters (this one has ${token.length}).`;
	if (!/^[A-Za-z0-9._-]+$/.test(token)) return 'The batch token may hold letters, digits, ".", "_" and "-" only; give the token a batch printed.';
	return undefined;
}

/**
 * The lines of a table list: one ARN a line; "#" starts a comment (a table ARN never holds
 * one); blank lines are skipped. Problems name the source and the line number.
 */
export function tablesOfList(text: string, source: string): {tables: NamedTable[]; problems: FlagProblem[]} {
	const tables: NamedTable[] = [];
	const problems: FlagProblem[] = [];
	const lines = text.split(/\r?\n/);
	lines.forEach((raw, index) => {
		const line = raw.replace(/#.*$/, '').trim();
		if (!line) return;
		const from = `--tables-from ${source}, line ${index + 1}`;
		const parsed = validateTableArn(line);
		if (parsed.ok) tables.push({arn: parsed.value, from});
		else problems.push({flag: from, field: 'table ARN', message: `${parsed.message} Correct the line, or start it with # to leave it out.`});
	});
	if (problems.length === 0 && tables.length === 0) {
		problems.push({flag: `--tables-from ${source}`, field: 'table ARN', message: 'names no table (blank lines and # comments are skipped); write one table ARN a line.'});
	}
	return {tables, problems};
}

/** The same table named twice (a batch exports each table once): said with both places. */
export function duplicateTables(tables: NamedTable[]): FlagProblem[] {
	const first = new Map<string, NamedTable>();
	const problems: FlagProblem[] = [];
	for (const table of tables) {
		const earlier = first.get(table.arn.arn);
		if (earlier) {
			problems.push({
				flag: table.from,
				field: 'table ARN',
				message: `${table.arn.table} (account ${table.arn.account}, ${table.arn.region}) is named twice, also by ${earlier.from}; name each table once.`,
			});
		} else first.set(table.arn.arn, table);
	}
	return problems;
}

export async function batchFlagsFrom(options: CliOptions, reader: TableListReader): Promise<BatchFlagsResult> {
	const problems: FlagProblem[] = [];
	const tables: NamedTable[] = [];
	for (const text of options.tableArns) {
		const parsed = validateTableArn(text);
		if (parsed.ok) tables.push({arn: parsed.value, from: '--table-arn'});
		else problems.push({flag: '--table-arn', field: 'table ARN', message: parsed.message});
	}
	if (options.tablesFrom !== undefined) {
		const source = options.tablesFrom === '-' ? 'standard input' : options.tablesFrom;
		let text: string | undefined;
		try {
			text = options.tablesFrom === '-' ? await reader.readStdin() : reader.readFile(options.tablesFrom);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
			problems.push({flag: '--tables-from', field: 'table ARN', message: `cannot read ${source} (${why}); give a file with one table ARN a line, or - for standard input.`});
		}
		if (text !== undefined) {
			const listed = tablesOfList(text, source);
			tables.push(...listed.tables);
			problems.push(...listed.problems);
		}
	}
	problems.push(...duplicateTables(tables));

	const profiles: string[] = [];
	for (const name of options.profiles) {
		const checked = validateProfileName(name);
		if (!checked.ok) problems.push({flag: '--profile', field: 'profile', message: checked.message});
		else if (profiles.includes(checked.value)) problems.push({flag: '--profile', field: 'profile', message: `"${checked.value}" is given twice; give each profile once.`});
		else profiles.push(checked.value);
	}

	const prefixTemplate = options.s3Prefix ?? DEFAULT_BATCH_PREFIX;
	const templateProblem = prefixTemplateProblem(prefixTemplate);
	// Its message names the flag itself.
	if (templateProblem) problems.push({flag: '--s3-prefix', field: 'prefix', message: templateProblem.replace(/^--s3-prefix:? /, '')});

	if (options.batchToken !== undefined) {
		const tokenProblem = batchTokenProblem(options.batchToken);
		if (tokenProblem) problems.push({flag: '--batch-token', field: 'client token', message: tokenProblem});
	}
	if (options.tableFilter !== undefined && !options.tableFilter.trim()) {
		problems.push({flag: '--table-filter', field: 'table name', message: 'The filter is empty; give a glob such as "orders-*" (* any run of characters, ? one).'});
	}
	if (reader.tablesRequired !== false && !options.allTables && tables.length === 0 && problems.length === 0) {
		problems.push({flag: '--table-arn', field: 'table ARN', message: 'A batch needs its tables: --table-arn ARN (repeated), --tables-from FILE, or --all-tables.'});
	}
	if (problems.length > 0) return {ok: false, problems};
	const value: BatchFlags = {tables, profiles, prefixTemplate};
	if (options.allTables) value.allTables = options.tableFilter === undefined ? {} : {filter: options.tableFilter.trim()};
	if (options.batchToken !== undefined) value.batchToken = options.batchToken;
	if (options.concurrency !== undefined) value.concurrency = options.concurrency;
	return {ok: true, value};
}
