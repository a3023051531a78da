// `ddb-export --help`, `ddb-export COMMAND --help` and `ddb-export help COMMAND`. Every
// line fits 80 columns (a test holds it to that), so long ARNs never appear in examples.

import type {CommandName} from './arguments.js';

const WHERE = `
Where AWS is: --profile NAME, --region REGION (default: the table ARN's
  Region, else the profile's or AWS_REGION), --endpoint-url URL (also
  AWS_ENDPOINT_URL), --ca-bundle FILE (also AWS_CA_BUNDLE, the profile's
  ca_bundle). HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured;
  AWS_MAX_ATTEMPTS, AWS_RETRY_MODE and the profile's max_attempts and
  retry_mode too (default 5 attempts, standard mode). --cli-connect-timeout
  SECONDS (default 10), --cli-read-timeout SECONDS (default 60; a read that
  gets no answer in time is tried once more; 0 waits for ever).
  Or --demo [SCENARIO] for the built-in sandbox (no AWS needed; missing flags
  take the scenario's plan; --demo scenarios lists them). Its pace:
  DDB_EXPORT_DEMO_LATENCY_MS=300 makes every sandbox answer wait 300 ms (real
  AWS: 20-300 ms; default 0), DDB_EXPORT_DEMO_EXPORT_MS=N makes an export take
  N ms (default 6000).
`;

const OUTPUT = `
Output: --output json|text|table prints one document on stdout (json errors
  as {"error": {"code", "message", "fix"}}; text and table are laid out as the
  AWS CLI lays them out); words go to stderr. --query EXPR filters it with
  JMESPath first, as in the AWS CLI: --query ExportDescription.ExportArn
  --output text prints the ARN alone. --json is --output json. --no-color (or
  NO_COLOR) drops colours; TERM=dumb gets the line-by-line wizard. --debug logs
  every AWS call to stderr with credentials redacted (in the wizard, when
  stderr is redirected: 2>debug.log).
`;

const EXIT_CODES_VS_AWS = `
  The AWS CLI exits 252 (bad input), 253 (bad configuration), 254 (AWS refused)
  or 255 (anything else). ddb-export's codes say what was found instead: 1 and
  2 are verdicts on the export (it failed, the checks could not tell) that
  scripts branch on, and the AWS CLI has no codes for them.
`;

const EXPORT_FLAGS = `
Export flags (the same names and values as aws dynamodb
export-table-to-point-in-time):
  --table-arn ARN           arn:aws:dynamodb:REGION:ACCOUNT:table/NAME
  --s3-bucket BUCKET        --s3-bucket-owner ACCOUNT_ID  --s3-prefix PREFIX
  --s3-sse-algorithm AES256|KMS
  --s3-sse-kms-key-id KEY_ID|KEY_ARN|alias/NAME
  --export-format DYNAMODB_JSON|ION
  --export-type FULL_EXPORT|INCREMENTAL_EXPORT
  --export-time TIME        ISO 8601 (2026-11-27T10:00:00Z) or epoch seconds
  --incremental-export-specification
      ExportFromTime=T,ExportToTime=T,ExportViewType=NEW_AND_OLD_IMAGES
      (or the same as JSON: '{"ExportFromTime": …}')
  --client-token TOKEN      the same token within 8 hours: the same export
  --cli-input-json JSON     the flags above as the AWS CLI's input JSON (or
                            file://PATH); flags given as well win
  --generate-cli-skeleton   prints that JSON with every field, to fill in
`;

const BATCH_FLAGS = `
A batch (many tables, one destination, each table's own prefix):
  --table-arn ARN           repeated: one table each
  --tables-from FILE        one table ARN a line (# comments and blank lines
                            are skipped); - reads standard input
  --all-tables              every table of each profile's Region
  --table-filter GLOB       with --all-tables: the names matching ('orders-*')
  --profile NAME            repeated: one source account each (with
                            --all-tables, each profile's tables)
  --s3-prefix TEMPLATE      {account}, {region}, {table}, {date} (UTC
                            YYYY-MM-DD) filled in per table; default {table}/
  --batch-token TOKEN       run the same batch again: nothing is started
                            twice (within 8 hours); completed tables skipped
  --concurrency N           at most N exports at once per account
  --force                   start tables whose own checks failed (a failed
                            shared check still stops the batch)
  Exit codes: 0 every table completed, 1 a table failed or was skipped, 2
  could not tell, 3 bad input, 130 Ctrl-C (the exports go on; watch them
  with ddb-export watch --batch-token TOKEN).
`;

const ARN_EXAMPLE = `  ARN=$(ddb-export list --max-items 1 --output text \\
    --query 'ExportSummaries[0].ExportArn')`;

const TABLE = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';

export function helpText(command: CommandName = 'export'): string {
	switch (command) {
		case 'check':
			return `Usage: ddb-export check [export flags]

Checks every prerequisite of the export live and prints passed / failed /
unknown, with the cause and the fix of each problem. Reads only; nothing is
changed. Without --demo, --table-arn and --s3-bucket are required.
  --no-probe   skip the write probe (a multipart upload under the prefix,
               aborted at once)

Exit codes: 0 all passed, 1 a check failed, 2 none failed but some unknown,
  3 bad input (nothing sent to AWS), 130 interrupted.

Examples:
  ddb-export check --s3-bucket orders-exports \\
    --table-arn ${TABLE}
  ddb-export check --demo pitr-off
  ddb-export check --demo --output text --query 'checks[?status!=\`passed\`].id'
  ddb-export check --all-tables --profile orders --profile billing \\
    --s3-bucket lake-exports --s3-bucket-owner 222222222222
${EXPORT_FLAGS}${BATCH_FLAGS}${WHERE}${OUTPUT}`;
		case 'policies':
			return `Usage: ddb-export policies [export flags] [--format F] [--write DIR]

Prints the IAM, bucket and key policy snippets this export needs (merged with
the current policies when they can be read): where each goes, who applies it,
the JSON, and the command that applies it. --write DIR writes them as files
into DIR (created if needed); an existing file is never overwritten.
  --format F   json (default), terraform (.tf), cloudformation (.yaml) or
               cdk (.ts): the same statements as code for the tool that
               manages the policy
Without --demo, --table-arn and --s3-bucket are required.

Exit codes: 0 printed or written, 1 the identity could not be read,
  3 bad input or a file already exists.

Examples:
  ddb-export policies --s3-bucket analytics-landing \\
    --s3-bucket-owner 222222222222 \\
    --table-arn ${TABLE}
  ddb-export policies --demo cross-account --write ./policies
  ddb-export policies --demo kms-key-policy --format terraform --write ./tf
${EXPORT_FLAGS}${WHERE}${OUTPUT}`;
		case 'watch':
			return `Usage: ddb-export watch EXPORT_ARN
       ddb-export watch --batch-token TOKEN [--profile NAME]...

Watches a running or finished export until it completes or fails
(DescribeExport after 2 s, 3 s, then every 5 s). The Region comes from the
ARN. Ctrl-C stops watching; the export keeps running on AWS. The document
(--output) carries ExportDescription as DescribeExport returns it.

With --batch-token, watches every table of a batch (ListExports pages, not
one call per export) to the end, then prints the summary. The batch's tables
come from the record kept when it started (in your state folder:
~/.local/state/ddb-export, or $XDG_STATE_HOME); elsewhere its exports are
found by their client tokens in the accounts of the --profile flags given
(or give its table flags again: --table-arn, --tables-from, --all-tables).
The document (--output json) carries ExportDescriptions and a Summary.

Exit codes: 0 completed (every table of a batch), 1 failed (with the
  explanation) or a table skipped, 2 could not tell, 3 bad ARN or token,
  130 interrupted.

Examples:
${ARN_EXAMPLE}
  ddb-export watch "$ARN" --query ExportDescription.ExportStatus --output text
  ddb-export watch --batch-token nightly-2026-12-06
${WHERE}${OUTPUT}`;
		case 'verify':
			return `Usage: ddb-export verify EXPORT_ARN [--reader-profile NAME]

Checks a completed export as it lies in S3: manifest-summary.json and
manifest-files.json against their checksum files, then every data file
streamed (4 at a time): its MD5 against the manifest's, its items counted
(gzip, DynamoDB JSON or Ion text) against the manifest's counts and the
summary's total. Files missing, extra in data/, or unreadable are named.
DescribeExport finds the export (as --profile); the files are read as
--reader-profile NAME if given: across accounts the bucket owner's profile
reads them, as the exporting account usually cannot. The document
(--output json) carries every file's result.

Exit codes: 0 intact, 1 damaged or unreadable, 2 could not tell (a refusal,
  the network), 3 bad ARN, 130 interrupted.

Example:
${ARN_EXAMPLE}
  ddb-export verify "$ARN" --reader-profile analytics-admin --output json
${WHERE}${OUTPUT}`;
		case 'read':
			return `Usage: ddb-export read EXPORT_ARN [--limit N] [--to FILE|DIR]
                       [--reader-profile NAME]

Prints a completed export's items as plain JSON, one item a line, streamed
(memory stays flat however big the export; a slow reader slows the download).
DynamoDB JSON is unmarshalled as the AWS SDK does, Ion read with ion-js:
numbers keep every digit (printed as JSON numbers, never rounded), sets
become arrays, binary base64, NULL null. An incremental export prints one
line per change: {"Keys":{…},"NewImage":{…},"OldImage":{…},
"WriteTime":"…Z","WriteTimestampMicros":N} (a deletion has no NewImage;
OldImage only with NEW_AND_OLD_IMAGES).
  --limit N   stop after N items (a preview)
  --to FILE   write the lines to a new FILE instead of stdout (never
              overwritten; it appears only once complete), with progress
  --to DIR/   one DIR/<data file>.jsonl per data file with items, as the
              export is split, so each can be loaded or redone on its own
DescribeExport finds the export (as --profile); the files are read as
--reader-profile NAME if given: across accounts, the bucket owner's profile.

Exit codes: 0 read, 1 damaged (a data file missing, cut or altered), 2 could
  not tell (a refusal, the network), 3 bad input, 130 interrupted.

Examples:
${ARN_EXAMPLE}
  ddb-export read "$ARN" --limit 5
  ddb-export read "$ARN" | jq -c 'select(.status == "SHIPPED")'
  ddb-export read "$ARN" --reader-profile analytics-admin --to items/
${WHERE}`;
		case 'list':
			return `Usage: ddb-export list [--table-arn ARN] [--max-items N]
                       [--starting-token TOKEN]

Lists recent exports (AWS keeps them 90 days), newest first: table, status,
type, export time, start and end, destination. With --table-arn, only that
table's, in its Region. --max-items N stops after N exports and prints a
NextToken; --starting-token TOKEN goes on from there, as in aws dynamodb
list-exports. The document (--output) carries ExportSummaries as list-exports
prints them, and each export's details under exports.

Exit codes: 0 listed, 1 AWS refused, 3 bad input.

Examples:
  ddb-export list --max-items 10 \\
    --table-arn ${TABLE}
  ddb-export list --output table \\
    --query 'ExportSummaries[?ExportStatus==\`FAILED\`]'
${WHERE}${OUTPUT}`;
		case 'diagnose':
			return `Usage: ddb-export diagnose EXPORT_ARN | -

Explains a failed export (its FailureCode and FailureMessage), or, with -, an
AccessDenied message read from standard input: who was denied what, by which
kind of policy, and what to change.

Exit codes: 0 explained, 1 the input is not an AccessDenied message (or AWS
  refused), 3 bad input.

Examples:
${ARN_EXAMPLE}
  ddb-export diagnose "$ARN"
  pbpaste | ddb-export diagnose -
${WHERE}${OUTPUT}`;
		case 'next':
			return `Usage: ddb-export next EXPORT_ARN

What to do with a completed export, from the export and its table: the aws
dynamodb import-table command that loads it into a new table (full exports
only: import-table does not read incremental ones), and an Athena CREATE
EXTERNAL TABLE over its data folder with the query that counts its items.
The document (--output) carries both as fields.

Exit codes: 0 printed, 1 not completed (or AWS refused), 3 bad ARN.

Example:
${ARN_EXAMPLE}
  ddb-export next "$ARN" --query importTable.command --output text
${WHERE}${OUTPUT}`;
		case 'completion':
			return `Usage: ddb-export completion bash|zsh|fish

Prints a shell completion script: commands, flags and their values, --demo
scenarios, the profile names of your AWS config files (read from the files on
each Tab), and after --table-arn and --s3-bucket the table ARNs and bucket
names of the --profile and --region typed so far: one page of ListTables or
ListBuckets, one attempt, at most 3 s, nothing shown if AWS cannot answer;
after --batch-token the batches started here, newest first (ddb-export
completion names tables|buckets|batches is what the scripts run).

Exit codes: 0 printed, 3 an unknown shell.

Examples:
  source <(ddb-export completion bash)     # in ~/.bashrc
  ddb-export completion zsh > "\${fpath[1]}/_ddb-export"
  ddb-export completion fish > ~/.config/fish/completions/ddb-export.fish
`;
		default:
			return `Usage: ddb-export [command] [flags]

With no command, a step-by-step wizard: profile, table, destination,
encryption, options, review, live prerequisite checks, then the export,
watched until it ends. In a terminal it is full-screen; with --plain, with
TERM=dumb, or when stdin or stdout is not a terminal, the same questions come
one line at a time (answers may be piped in). In CI (CI set, and not to false
or 0), or with stdin closed, nothing is asked.

Commands:
  check       run the prerequisite checks only
  policies    print or write the policy snippets that make the export work
  watch ARN   watch an export
  list        list recent exports
  diagnose    explain a failed export or an AccessDenied message
  next ARN    import-table and Athena texts for a completed export
  verify ARN  check a completed export's files against its manifests
  read ARN    print a completed export's items as JSON lines
  completion  print a bash, zsh or fish completion script
  help CMD    the same as ddb-export CMD --help
Run ddb-export COMMAND --help for each one's flags, examples and exit codes.
--version prints the version.

Flags given to the wizard are not asked again (unless invalid).
  --yes      run without questions when --table-arn and --s3-bucket are
             given: checks, then the export (one ClientToken, --client-token
             or a new one), watched
  --force    with --yes, start even when a check failed
  --since-last
             with --export-type INCREMENTAL_EXPORT: everything since the last
             COMPLETED export of the table to the same bucket and prefix, as
             windows of up to 24 h, shown first (each with its client token
             and aws command), then started one after the other
  --no-probe skip the write probe of the checks
  --plain    line-by-line questions instead of the full-screen wizard
${EXPORT_FLAGS}${BATCH_FLAGS}${WHERE}${OUTPUT}
Exit codes: 0 success, 1 export or check failed, 2 checks unknown (check),
  3 bad input, 130 interrupted (Ctrl-C), 143 terminated.${EXIT_CODES_VS_AWS}
Examples (an aws dynamodb export-table-to-point-in-time command works as is):
  ddb-export --s3-bucket orders-exports \\
    --table-arn ${TABLE}
  ddb-export --yes --s3-bucket orders-exports \\
    --table-arn ${TABLE} \\
    --export-time 1764316800 --export-format ION
  ddb-export --demo --yes --query ExportDescription.ExportArn --output text
  ddb-export --yes --export-type INCREMENTAL_EXPORT --since-last \\
    --table-arn ${TABLE} \\
    --s3-bucket orders-exports --s3-prefix exports/orders/
  ddb-export --all-tables --table-filter 'orders-*' --s3-bucket lake-exports \\
    --s3-prefix '{account}/{table}/{date}/' --demo many-tables
`;
	}
}
