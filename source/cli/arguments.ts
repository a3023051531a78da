// Command-line flags. The export flags are exactly those of
// `aws dynamodb export-table-to-point-in-time`, so a command copied from the AWS CLI
// works with `aws dynamodb export-table-to-point-in-time` replaced by `ddb-export`.

import {parseArgs} from 'node:util';

export const COMMANDS = ['export', 'check', 'policies', 'watch', 'list', 'diagnose'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliOptions {
	command: CommandName;
	/** Positional arguments after the command (watch ARN, diagnose ARN or -). */
	positionals: string[];
	help: boolean;
	version: boolean;
	/** --demo [scenario]: run against the built-in sandbox. */
	demo?: string;
	profile?: string;
	region?: string;
	endpointUrl?: string;
	/** --ca-bundle FILE: the PEM bundle that verifies AWS's (or a proxy's) certificates. */
	caBundle?: string;
	/** --cli-connect-timeout / --cli-read-timeout: whole seconds, 0 for none (as in the AWS CLI). */
	cliConnectTimeout?: string;
	cliReadTimeout?: string;
	tableArn?: string;
	s3Bucket?: string;
	s3BucketOwner?: string;
	s3Prefix?: string;
	s3SseAlgorithm?: string;
	s3SseKmsKeyId?: string;
	exportFormat?: string;
	exportTime?: string;
	exportType?: string;
	incrementalExportSpecification?: string;
	clientToken?: string;
	output?: 'json' | 'text';
	yes: boolean;
	force: boolean;
	probe: boolean;
	plain: boolean;
	debug: boolean;
	write?: string;
}

const STRING_FLAGS = [
	'profile',
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
	'write',
	'demo',
] as const;

const BOOLEAN_FLAGS = ['help', 'version', 'yes', 'force', 'no-probe', 'plain', 'debug', 'json', 'no-cli-pager', 'no-paginate'] as const;

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
	const options: Record<string, {type: 'string' | 'boolean'; short?: string}> = {};
	for (const flag of STRING_FLAGS) options[flag] = {type: 'string'};
	for (const flag of BOOLEAN_FLAGS) options[flag] = {type: 'boolean'};
	options.help!.short = 'h';
	let values: Record<string, string | boolean | undefined>;
	let positionals: string[];
	try {
		({values, positionals} = parseArgs({args: normaliseDemo(argv), options, allowPositionals: true, strict: true}) as {
			values: Record<string, string | boolean | undefined>;
			positionals: string[];
		});
	} catch (error) {
		return {ok: false, message: (error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '')};
	}
	let command: CommandName = 'export';
	if (positionals[0] && (COMMANDS as readonly string[]).includes(positionals[0])) {
		command = positionals.shift() as CommandName;
	} else if (positionals[0] === 'help') {
		return {ok: true, value: {...defaults(), help: true}};
	} else if (positionals.length > 0) {
		return {ok: false, message: `unknown command "${positionals[0]}". Commands: ${COMMANDS.join(', ')}.`};
	}
	const output = values.json ? 'json' : (values.output as string | undefined);
	if (output !== undefined && output !== 'json' && output !== 'text') {
		return {ok: false, message: `--output: "${output}" is not supported; use json or text.`};
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
		probe: !values['no-probe'],
		plain: Boolean(values.plain),
		debug: Boolean(values.debug),
		output: output as CliOptions['output'],
	};
	for (const flag of STRING_FLAGS) {
		if (flag === 'output') continue;
		const value = values[flag];
		if (typeof value === 'string') (result as unknown as Record<string, unknown>)[camel(flag)] = value;
	}
	return {ok: true, value: result};
}

/** The timeouts of every AWS call in milliseconds (0: none): the flags, else 10 s to connect and 60 s to read. */
export function timeoutsOf(options: CliOptions): {connectMs: number; readMs: number} {
	const seconds = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value.trim()));
	return {connectMs: seconds(options.cliConnectTimeout, 10) * 1000, readMs: seconds(options.cliReadTimeout, 60) * 1000};
}

function defaults(): CliOptions {
	return {command: 'export', positionals: [], help: false, version: false, yes: false, force: false, probe: true, plain: false, debug: false};
}

export function HELP_TEXT(command: CommandName = 'export'): string {
	const common = `
Where AWS is: --profile NAME, --region REGION (default: the table ARN's Region, else the
  profile's or AWS_REGION), --endpoint-url URL (also AWS_ENDPOINT_URL),
  --ca-bundle FILE (also AWS_CA_BUNDLE, the profile's ca_bundle),
  --cli-connect-timeout SECONDS (default 10), --cli-read-timeout SECONDS (default 60; a
  read that gets no answer in time is tried once more; 0 waits for ever),
  or --demo [SCENARIO] for the built-in sandbox (no AWS needed; missing flags take the
  scenario's plan). Its pace: DDB_EXPORT_DEMO_LATENCY_MS=300 makes every sandbox answer
  wait 300 ms (real AWS: 20-300 ms; default 0), DDB_EXPORT_DEMO_EXPORT_MS=N makes an
  export take N ms (default 6000).
Output: --output json (or --json) prints exactly one JSON document on stdout (errors as
  {"error": {"code", "message", "fix"}}); words go to stderr. --debug logs every AWS call
  to stderr with credentials redacted (in the wizard, when stderr is redirected: 2>debug.log).
`;
	const exportFlags = `
Export flags (the same names and values as aws dynamodb export-table-to-point-in-time):
  --table-arn ARN                    arn:aws:dynamodb:REGION:ACCOUNT:table/NAME
  --s3-bucket BUCKET                 --s3-bucket-owner ACCOUNT_ID   --s3-prefix PREFIX
  --s3-sse-algorithm AES256|KMS      --s3-sse-kms-key-id KEY_ID|KEY_ARN|alias/NAME
  --export-format DYNAMODB_JSON|ION  --export-type FULL_EXPORT|INCREMENTAL_EXPORT
  --export-time TIME                 ISO 8601 (2026-11-27T10:00:00Z) or epoch seconds
  --incremental-export-specification ExportFromTime=T,ExportToTime=T,ExportViewType=NEW_AND_OLD_IMAGES
                                     (or the same as JSON: '{"ExportFromTime": …}')
  --client-token TOKEN               idempotency: the same token within 8 hours, the same export
`;
	switch (command) {
		case 'check':
			return `Usage: ddb-export check [export flags]

Checks every prerequisite of the export live and prints passed / failed / unknown,
with the cause and the fix of each problem. Reads only; nothing is changed.
Without --demo, --table-arn and --s3-bucket are required.
  --no-probe   skip the write probe (a multipart upload under the prefix, aborted)

Exit codes: 0 all passed, 1 a check failed, 2 none failed but some unknown,
  3 bad input (nothing sent to AWS), 130 interrupted.

Examples:
  ddb-export check --table-arn arn:aws:dynamodb:us-east-1:111111111111:table/orders --s3-bucket orders-exports
  ddb-export check --demo pitr-off
  ddb-export check --demo healthy --json | jq .overall
${exportFlags}${common}`;
		case 'policies':
			return `Usage: ddb-export policies [export flags] [--write DIR]

Prints the IAM, bucket and key policy snippets this export needs (merged with the
current policies when they can be read): where each goes, who applies it, the JSON,
and the command that applies it. --write DIR writes them as files into DIR (created
if needed); an existing file is never overwritten.
Without --demo, --table-arn and --s3-bucket are required.

Exit codes: 0 printed or written, 1 the identity could not be read,
  3 bad input or a file already exists.

Examples:
  ddb-export policies --table-arn arn:aws:dynamodb:us-east-1:111111111111:table/orders \\
    --s3-bucket analytics-landing --s3-bucket-owner 222222222222
  ddb-export policies --demo cross-account --write ./policies
${exportFlags}${common}`;
		case 'watch':
			return `Usage: ddb-export watch EXPORT_ARN

Watches a running or finished export until it completes or fails (DescribeExport after
2 s, 3 s, then every 5 s). The Region comes from the ARN. Ctrl-C stops watching; the
export keeps running on AWS.

Exit codes: 0 completed, 1 failed (with the explanation), 3 bad ARN, 130 interrupted.

Example:
  ddb-export watch arn:aws:dynamodb:us-east-1:111111111111:table/orders/export/01764316800000-a1b2c3d4
${common}`;
		case 'list':
			return `Usage: ddb-export list [--table-arn ARN]

Lists recent exports (AWS keeps them 90 days): ARN, status, type. With --table-arn,
only that table's, in its Region.

Exit codes: 0 listed, 1 AWS refused, 3 bad input.

Example:
  ddb-export list --table-arn arn:aws:dynamodb:us-east-1:111111111111:table/orders --json
${common}`;
		case 'diagnose':
			return `Usage: ddb-export diagnose EXPORT_ARN | -

Explains a failed export (its FailureCode and FailureMessage), or, with -, an
AccessDenied message read from standard input: who was denied what, by which kind
of policy, and what to change.

Exit codes: 0 explained, 1 the input is not an AccessDenied message (or AWS refused),
  3 bad input.

Examples:
  ddb-export diagnose arn:aws:dynamodb:us-east-1:111111111111:table/orders/export/01764316800000-a1b2c3d4
  pbpaste | ddb-export diagnose -
${common}`;
		default:
			return `Usage: ddb-export [command] [flags]

With no command, a step-by-step wizard: profile, table, destination, encryption,
options, review, live prerequisite checks, then the export, watched until it ends.
In a terminal it is full-screen; with --plain, or when stdin or stdout is not a
terminal, the same questions come one line at a time (answers may be piped in).
With CI set, or stdin closed, nothing is asked.

Commands:
  check       run the prerequisite checks only
  policies    print or write the policy snippets that make the export work
  watch ARN   watch an export
  list        list recent exports
  diagnose    explain a failed export or an AccessDenied message
Run ddb-export COMMAND --help for each one's flags, examples and exit codes.

Flags given to the wizard are not asked again (unless invalid).
  --yes      run without questions when --table-arn and --s3-bucket are given: checks,
             then the export (one ClientToken, --client-token or a new one), watched
  --force    with --yes, start even when a check failed
  --no-probe skip the write probe of the checks
  --plain    line-by-line questions instead of the full-screen wizard
${exportFlags}${common}
Exit codes: 0 success, 1 export or check failed, 2 checks unknown (check), 3 bad input,
  130 interrupted (Ctrl-C), 143 terminated.

Examples (an aws dynamodb export-table-to-point-in-time command works as it is):
  ddb-export --table-arn arn:aws:dynamodb:us-east-1:111111111111:table/orders --s3-bucket orders-exports
  ddb-export --yes --table-arn arn:aws:dynamodb:us-east-1:111111111111:table/orders \\
    --s3-bucket orders-exports --export-time 1764316800 --export-format ION
  ddb-export --demo --yes --output json
`;
	}
}
