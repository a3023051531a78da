// Command-line flags. The export flags are exactly those of
// `aws dynamodb export-table-to-point-in-time`, so a command copied from the AWS CLI
// works with `aws dynamodb export-table-to-point-in-time` replaced by `ddb-export`.

import {parseArgs} from 'node:util';
import {applyCliInputJson} from './cli-input-json.js';
import {didYouMean} from './did-you-mean.js';
import {helpText} from './help-text.js';
import {isPolicyFormat, POLICY_FORMATS, type PolicyFormat} from '../core/policy/policy-as-code.js';

export const COMMANDS = ['export', 'check', 'policies', 'watch', 'list', 'diagnose', 'next', 'verify', 'read', 'completion'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliOptions {
	command: CommandName;
	/** Positional arguments after the command (watch ARN, diagnose ARN or -). */
	positionals: string[];
	help: boolean;
	version: boolean;
	/** --demo [scenario]: run against the built-in sandbox. */
	demo?: string;
	/** --profile (the last one when repeated, as the AWS CLI keeps it; a batch reads profiles). */
	profile?: string;
	/** Every --profile, in order: two or more make a batch across accounts. */
	profiles: string[];
	/** --reader-profile (verify, read): reads the export's files as this profile, typically the bucket owner's. */
	readerProfile?: string;
	/** --limit N (read): stop after N items. */
	limit?: number;
	/** --to FILE|DIR (read): where the JSON lines go instead of stdout. */
	to?: string;
	region?: string;
	endpointUrl?: string;
	/** --ca-bundle FILE: the PEM bundle that verifies AWS's (or a proxy's) certificates. */
	caBundle?: string;
	/** --cli-connect-timeout / --cli-read-timeout: whole seconds, 0 for none (as in the AWS CLI). */
	cliConnectTimeout?: string;
	cliReadTimeout?: string;
	/** --table-arn (the last one when repeated, as the AWS CLI keeps it; a batch reads tableArns). */
	tableArn?: string;
	/** Every --table-arn, in order: two or more make a batch. */
	tableArns: string[];
	/** --tables-from FILE|-: table ARNs one a line (a batch). */
	tablesFrom?: string;
	/** --all-tables: every table of each profile's Region (a batch), narrowed by --table-filter GLOB. */
	allTables: boolean;
	tableFilter?: string;
	/** --batch-token: names a batch; each table's ClientToken is derived from it. */
	batchToken?: string;
	/** --concurrency N: at most N exports of the batch in flight per account. */
	concurrency?: number;
	s3Bucket?: string;
	s3BucketOwner?: string;
	s3Prefix?: string;
	s3SseAlgorithm?: string;
	s3SseKmsKeyId?: string;
	exportFormat?: string;
	exportTime?: string;
	exportType?: string;
	incrementalExportSpecification?: string;
	/** --since-last: an incremental chain from the last export to the same destination (issue 16). */
	sinceLast: boolean;
	clientToken?: string;
	/** --output: one document on stdout, as JSON or laid out as the AWS CLI's text or table. */
	output?: OutputFormat;
	/** --query: a JMESPath expression applied to the document first (implies --output json if none). */
	query?: string;
	/** --max-items / --starting-token (list), as in aws dynamodb list-exports. */
	maxItems?: number;
	startingToken?: string;
	/** --cli-input-json (already merged into the export flags; kept for messages). */
	cliInputJson?: string;
	generateCliSkeleton: boolean;
	/** --no-color (NO_COLOR does the same). */
	noColor: boolean;
	yes: boolean;
	force: boolean;
	probe: boolean;
	plain: boolean;
	debug: boolean;
	write?: string;
	/** --format (policies): json, terraform, cloudformation or cdk. */
	format?: PolicyFormat;
}

const STRING_FLAGS = [
	'profile',
	'reader-profile',
	'region',
	'endpoint-url',
	'ca-bundle',
	'cli-connect-timeout',
	'cli-read-timeout',
	'table-arn',
	's3-bucket',
	's3-bucket-owner',
	's3-prefix',
	's3-sse-algorithm',
	's3-sse-kms-key-id',
	'export-format',
	'export-time',
	'export-type',
	'incremental-export-specification',
	'client-token',
	'output',
	'query',
	'max-items',
	'starting-token',
	'cli-input-json',
	'write',
	'format',
	'limit',
	'to',
	'demo',
	'tables-from',
	'table-filter',
	'batch-token',
	'concurrency',
] as const;

/** String flags that may be given more than once (each adds a table or an account to a batch). */
const REPEATABLE_FLAGS = ['table-arn', 'profile'] as const;

const BOOLEAN_FLAGS = ['help', 'version', 'yes', 'force', 'since-last', 'no-probe', 'plain', 'debug', 'json', 'no-color', 'generate-cli-skeleton', 'no-cli-pager', 'no-paginate', 'all-tables'] as const;

/** Every flag as typed, for "did you mean" and the completion scripts. */
export const ALL_FLAGS: readonly string[] = [...STRING_FLAGS, ...BOOLEAN_FLAGS].map((flag) => `--${flag}`);
export {STRING_FLAGS, BOOLEAN_FLAGS};

export const OUTPUT_FORMATS = ['json', 'text', 'table'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

function camel(flag: string): string {
	return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `--demo` takes an optional scenario name: `--demo`, `--demo cross-account`, `--demo=cross-account`. */
function normaliseDemo(argv: string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--demo') {
			const next = argv[i + 1];
			if (next !== undefined && /^[a-z][a-z0-9-]*$/.test(next) && !(COMMANDS as readonly string[]).includes(next)) {
				out.push(`--demo=${next}`);
				i++;
			} else out.push('--demo=healthy');
		} else if ((STRING_FLAGS as readonly string[]).includes(arg.slice(2)) && /^-\d/.test(argv[i + 1] ?? '')) {
			// A value that starts with a minus ("--export-time -1h") is a value, not a flag.
			out.push(`${arg}=${argv[i + 1]}`);
			i++;
		} else out.push(arg);
	}
	return out;
}

export type Parsed = {ok: true; value: CliOptions} | {ok: false; message: string};

export function parseCommandLine(argv: string[]): Parsed {
	const options: Record<string, {type: 'string' | 'boolean'; short?: string; multiple?: boolean}> = {};
	for (const flag of STRING_FLAGS) options[flag] = {type: 'string'};
	for (const flag of REPEATABLE_FLAGS) options[flag]!.multiple = true;
	for (const flag of BOOLEAN_FLAGS) options[flag] = {type: 'boolean'};
	options.help!.short = 'h';
	let values: Record<string, string | boolean | string[] | undefined>;
	let positionals: string[];
	try {
		({values, positionals} = parseArgs({args: normaliseDemo(argv), options, allowPositionals: true, strict: true}) as {
			values: Record<string, string | boolean | string[] | undefined>;
			positionals: string[];
		});
	} catch (error) {
		return {ok: false, message: parseArgsMessage(error as Error & {code?: string})};
	}
	let command: CommandName = 'export';
	if (positionals[0] && (COMMANDS as readonly string[]).includes(positionals[0])) {
		command = positionals.shift() as CommandName;
	} else if (positionals[0] === 'help') {
		// `ddb-export help check` is `ddb-export check --help`.
		const topic = positionals[1];
		if (topic === undefined) return {ok: true, value: {...defaults(), help: true}};
		if (!(COMMANDS as readonly string[]).includes(topic)) return {ok: false, message: unknownCommand(topic)};
		return {ok: true, value: {...defaults(), command: topic as CommandName, help: true}};
	} else if (positionals.length > 0 && !/^(arn:|-$)/.test(positionals[0]!)) {
		return {ok: false, message: unknownCommand(positionals[0]!)};
	} else if (positionals.length > 0) {
		return {ok: false, message: `"${positionals[0]}" needs a command before it: ddb-export watch ARN, or ddb-export diagnose ARN|-.`};
	}
	if (values.json && values.output !== undefined && values.output !== 'json') {
		return {ok: false, message: `--json and --output ${values.output} disagree; give one of them.`};
	}
	// As in the AWS CLI, --query without --output prints JSON.
	const output = values.json ? 'json' : ((values.output as string | undefined) ?? (values.query !== undefined ? 'json' : undefined));
	if (output !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(output)) {
		return {ok: false, message: `--output: "${output}" is not a format; use json, text or table.${didYouMean(output, OUTPUT_FORMATS)}`};
	}
	if (typeof values['reader-profile'] === 'string' && command !== 'verify' && command !== 'read') {
		return {ok: false, message: '--reader-profile belongs to the verify and read commands: ddb-export verify EXPORT_ARN --reader-profile NAME.'};
	}
	for (const flag of ['limit', 'to'] as const) {
		if (typeof values[flag] === 'string' && command !== 'read') return {ok: false, message: `--${flag} belongs to the read command: ddb-export read EXPORT_ARN --${flag} ${flag === 'limit' ? 'N' : 'FILE'}.`};
	}
	if (command === 'read' && (output !== undefined || values.query !== undefined)) {
		return {ok: false, message: `read prints each item as a line of JSON already; ${values.query !== undefined ? '--query' : '--output'} does not apply (pipe the lines to jq to pick fields).`};
	}
	let limit: number | undefined;
	if (values.limit !== undefined) {
		limit = Number(values.limit);
		if (!/^\d+$/.test(String(values.limit)) || limit < 1) return {ok: false, message: `--limit: "${values.limit}" is not a whole number of items, 1 or more.`};
	}
	if (values.to === '') return {ok: false, message: '--to needs a file or a directory: --to items.jsonl, or --to DIR/ for one file per data file.'};
	if (typeof values.format === 'string') {
		if (command !== 'policies') return {ok: false, message: '--format belongs to the policies command: ddb-export policies --format terraform.'};
		if (!isPolicyFormat(values.format)) {
			return {ok: false, message: `--format: "${values.format}" is not a policy format; use ${POLICY_FORMATS.join(', ')}.${didYouMean(values.format, POLICY_FORMATS)}`};
		}
	}
	let maxItems: number | undefined;
	if (values['max-items'] !== undefined) {
		maxItems = Number(values['max-items']);
		if (!/^\d+$/.test(String(values['max-items'])) || maxItems < 1) {
			return {ok: false, message: `--max-items: "${values['max-items']}" is not a whole number of exports, 1 or more.`};
		}
	}
	const tableArns = (values['table-arn'] as string[] | undefined) ?? [];
	const profiles = (values.profile as string[] | undefined) ?? [];
	const batchProblem = batchFlagsProblem(command, values, tableArns, profiles);
	if (batchProblem) return {ok: false, message: batchProblem};
	let concurrency: number | undefined;
	if (values.concurrency !== undefined) {
		concurrency = Number(values.concurrency);
		if (!/^\d+$/.test(String(values.concurrency)) || concurrency < 1 || concurrency > 300) {
			return {ok: false, message: `--concurrency: "${values.concurrency}" is not a number of exports at once per account; give a whole number from 1 to 300 (AWS allows 300).`};
		}
	}
	for (const flag of ['cli-connect-timeout', 'cli-read-timeout'] as const) {
		const value = values[flag];
		if (typeof value === 'string' && !/^\d{1,6}$/.test(value.trim())) {
			return {ok: false, message: `--${flag}: "${value}" is not a number of seconds; give a whole number such as 30, or 0 for no limit.`};
		}
	}
	const result: CliOptions = {
		...defaults(),
		command,
		positionals,
		help: Boolean(values.help),
		version: Boolean(values.version),
		yes: Boolean(values.yes),
		force: Boolean(values.force),
		sinceLast: Boolean(values['since-last']),
		probe: !values['no-probe'],
		plain: Boolean(values.plain),
		debug: Boolean(values.debug),
		output: output as CliOptions['output'],
		generateCliSkeleton: Boolean(values['generate-cli-skeleton']),
		noColor: Boolean(values['no-color']),
		tableArns,
		profiles,
		allTables: Boolean(values['all-tables']),
	};
	if (maxItems !== undefined) result.maxItems = maxItems;
	if (limit !== undefined) result.limit = limit;
	if (concurrency !== undefined) result.concurrency = concurrency;
	// The last one given, as the AWS CLI's parser keeps a repeated flag; a batch reads every one.
	if (tableArns.length > 0) result.tableArn = tableArns[tableArns.length - 1];
	if (profiles.length > 0) result.profile = profiles[profiles.length - 1];
	for (const flag of STRING_FLAGS) {
		if (flag === 'output' || flag === 'max-items' || flag === 'limit' || flag === 'concurrency' || (REPEATABLE_FLAGS as readonly string[]).includes(flag)) continue;
		const value = values[flag];
		if (typeof value === 'string') (result as unknown as Record<string, unknown>)[camel(flag)] = value;
	}
	if (result.cliInputJson !== undefined) {
		const merged = applyCliInputJson(result, result.cliInputJson);
		if (!merged.ok) return merged;
		// Flags win over the input JSON, as in the AWS CLI: its TableArn is the one table only when none was given.
		if (result.tableArn !== undefined && tableArns.length === 0) result.tableArns = [result.tableArn];
	}
	return {ok: true, value: result};
}

/** The timeouts of every AWS call in milliseconds (0: none): the flags, else 10 s to connect and 60 s to read. */
export function timeoutsOf(options: CliOptions): {connectMs: number; readMs: number} {
	const seconds = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value.trim()));
	return {connectMs: seconds(options.cliConnectTimeout, 10) * 1000, readMs: seconds(options.cliReadTimeout, 60) * 1000};
}

function defaults(): CliOptions {
	return {
		command: 'export',
		positionals: [],
		help: false,
		version: false,
		yes: false,
		force: false,
		sinceLast: false,
		probe: true,
		plain: false,
		debug: false,
		generateCliSkeleton: false,
		noColor: false,
		tableArns: [],
		profiles: [],
		allTables: false,
	};
}

/** Commands that take a batch (many tables, many accounts). */
const BATCH_COMMANDS: readonly CommandName[] = ['export', 'check'];

/** Whether the flags name a batch rather than one table: two or more tables or profiles, a list, every table, a batch token. */
export function isBatch(options: Pick<CliOptions, 'tableArns' | 'profiles' | 'tablesFrom' | 'allTables' | 'batchToken'>): boolean {
	return options.tableArns.length > 1 || options.profiles.length > 1 || options.tablesFrom !== undefined || options.allTables || options.batchToken !== undefined;
}

/** The batch flags that do not go together, or with the command, said with the fix. */
function batchFlagsProblem(command: CommandName, values: Record<string, unknown>, tableArns: string[], profiles: string[]): string | undefined {
	const given = (flag: string) => values[flag] !== undefined && values[flag] !== false;
	// watch --batch-token may name the batch's tables again (when no record of it is kept here).
	const batchCommand = BATCH_COMMANDS.includes(command) || (command === 'watch' && given('batch-token'));
	if (tableArns.length > 1 && !batchCommand) {
		return `--table-arn is given ${tableArns.length} times; ${command} takes one table (a batch of tables is for export, check and watch --batch-token).`;
	}
	if (profiles.length > 1 && !batchCommand) {
		return `--profile is given ${profiles.length} times; ${command} runs as one profile (several are for a batch: export, check, watch --batch-token).`;
	}
	for (const flag of ['tables-from', 'all-tables', 'table-filter']) {
		if (given(flag) && !batchCommand) return `--${flag} makes a batch, which ${command} does not take; use it with export or check.`;
	}
	if (given('concurrency') && command !== 'export') return '--concurrency paces the exports of a batch; it belongs to export.';
	if (given('batch-token') && !batchCommand) {
		return `--batch-token names a batch, which ${command} does not take; use it with export, check or watch.`;
	}
	if (given('table-filter') && !given('all-tables')) return '--table-filter narrows --all-tables; add --all-tables (every table of each profile, then the filter).';
	if (given('all-tables') && (tableArns.length > 0 || given('tables-from'))) {
		return `--all-tables takes every table of each profile; leave out ${tableArns.length > 0 ? '--table-arn' : '--tables-from'}, or leave out --all-tables and name the tables.`;
	}
	const batch = tableArns.length > 1 || profiles.length > 1 || given('tables-from') || given('all-tables') || given('batch-token');
	if (batch && given('since-last')) return '--since-last continues the chain of exports of one table; a batch does not take it (give one --table-arn).';
	if (batch && given('client-token')) {
		return '--client-token names one export; a batch derives each table\'s token from --batch-token (give that instead, or a single --table-arn).';
	}
	return undefined;
}

function unknownCommand(word: string): string {
	return `unknown command "${word}".${didYouMean(word, [...COMMANDS, 'help'])} Commands: ${COMMANDS.join(', ')}, help.`;
}

/** Node's parseArgs messages, said for a person, with the flag they probably meant. */
function parseArgsMessage(error: Error & {code?: string}): string {
	const message = error.message.replace(/^TypeError \[[A-Z_]+\]: /, '');
	if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
		const flag = /'(-[^']*)'/.exec(message)?.[1] ?? message;
		return `unknown flag ${flag}.${didYouMean(flag, ALL_FLAGS)}`;
	}
	if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
		const flag = /'(--?[a-z0-9-]+)/.exec(message)?.[1];
		if (flag && /argument missing/.test(message)) return `${flag} needs a value: ${flag} VALUE.`;
		if (flag && /does not take an argument/.test(message)) return `${flag} takes no value.`;
	}
	return message;
}

export function HELP_TEXT(command: CommandName = 'export'): string {
	return helpText(command);
}

