// `ddb-export completion bash|zsh|fish`: a completion script made from the flag table,
// so it never drifts from what the parser accepts. Profile names are read from the AWS
// config and credentials files on each Tab (AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE honoured), which costs a sed. Table ARNs and bucket names
// cost AWS calls: `ddb-export completion names tables|buckets` makes them (one page, one
// attempt, ~3 s at most, silent on failure) with the --profile and --region typed so far.
// Batch tokens come from the records of batches kept in the state folder (no AWS call).

import {ALL_FLAGS, COMMANDS, OUTPUT_FORMATS, STRING_FLAGS} from './arguments.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Values a flag takes, where they are a fixed set. */
function valueSets(scenarios: readonly string[]): Record<string, readonly string[]> {
	return {
		'--output': OUTPUT_FORMATS,
		'--s3-sse-algorithm': ['AES256', 'KMS'],
		'--export-format': ['DYNAMODB_JSON', 'ION'],
		'--export-type': ['FULL_EXPORT', 'INCREMENTAL_EXPORT'],
		'--demo': [...scenarios, 'scenarios'],
	};
}

const FILE_FLAGS = ['--ca-bundle', '--write', '--cli-input-json', '--to', '--tables-from'];
/** Flags whose values say where AWS is: passed on to `completion names`. */
const NAME_CONTEXT_FLAGS = ['--profile', '--region', '--endpoint-url', '--ca-bundle'];
/** Section headers of profiles: [profile NAME] in config, [NAME] in either file (not [sso-session …], [services …]). */
const PROFILE_SED = `sed -n -e 's/^[[:space:]]*\\[profile[[:space:]][[:space:]]*\\([^]]*\\)\\][[:space:]]*$/\\1/p' -e 's/^[[:space:]]*\\[\\([^] ]*\\)\\][[:space:]]*$/\\1/p'`;
const COMMAND_WORDS = [...COMMANDS, 'help'];

function bash(scenarios: readonly string[]): string {
	const sets = valueSets(scenarios);
	const valueCases = Object.entries(sets)
		.map(([flag, values]) => `    ${flag}) COMPREPLY=($(compgen -W "${values.join(' ')}" -- "$cur")); return ;;`)
		.join('\n');
	return `# ddb-export completion for bash. Load it with: source <(ddb-export completion bash)
_ddb_export_profiles() {
  ${PROFILE_SED} "\${AWS_CONFIG_FILE:-$HOME/.aws/config}" "\${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}" 2>/dev/null | sort -u
}
# Table ARNs or bucket names from AWS, with the --profile, --region… of the words given.
_ddb_export_names() {
  local kind=$1 command=$2 previous="" word
  local args=()
  shift 2
  for word in "$@"; do
    case "$previous" in ${NAME_CONTEXT_FLAGS.join('|')}) args+=("$previous" "$word") ;; esac
    previous=$word
  done
  "$command" completion names "$kind" "\${args[@]}" 2>/dev/null
}
_ddb_export() {
  # The words are read from the line itself: bash splits COMP_WORDS at the colons of an ARN.
  local line="\${COMP_LINE:0:COMP_POINT}" cur prev
  local words=()
  read -ra words <<< "$line"
  if [[ -z "$line" || "$line" == *[[:space:]] ]]; then
    cur=""; prev="\${words[\${#words[@]}-1]}"
  else
    cur="\${words[\${#words[@]}-1]}"; prev="\${words[\${#words[@]}-2]}"
  fi
  COMPREPLY=()
  case "$prev" in
    --profile) COMPREPLY=($(compgen -W "$(_ddb_export_profiles)" -- "$cur")); return ;;
    --table-arn|--s3-bucket)
      local kind=tables
      [[ "$prev" == --s3-bucket ]] && kind=buckets
      COMPREPLY=($(compgen -W "$(_ddb_export_names "$kind" "\${words[@]}")" -- "$cur"))
      # Give back only what follows the last colon typed: bash treats it as a word break.
      if [[ "$cur" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
        local colon="\${cur%"\${cur##*:}"}"
        COMPREPLY=("\${COMPREPLY[@]#"$colon"}")
      fi
      return ;;
    --batch-token) COMPREPLY=($(compgen -W "$(_ddb_export_names batches "\${words[@]}")" -- "$cur")); return ;;
${valueCases}
    ${FILE_FLAGS.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    completion) COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur")); return ;;
    help) COMPREPLY=($(compgen -W "${COMMANDS.join(' ')}" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${ALL_FLAGS.join(' ')}" -- "$cur"))
  elif [[ \${#words[@]} -le 2 && ( -n "$cur" || \${#words[@]} -eq 1 ) ]]; then
    COMPREPLY=($(compgen -W "${COMMAND_WORDS.join(' ')}" -- "$cur"))
  fi
}
complete -o default -F _ddb_export ddb-export
`;
}

function zsh(scenarios: readonly string[]): string {
	const sets = valueSets(scenarios);
	const valueCases = Object.entries(sets)
		.map(([flag, values]) => `    ${flag}) compadd -- ${values.join(' ')}; return ;;`)
		.join('\n');
	return `#compdef ddb-export
# ddb-export completion for zsh: save as _ddb-export in a folder of $fpath, or source it.
_ddb_export_profiles() {
  ${PROFILE_SED} "\${AWS_CONFIG_FILE:-$HOME/.aws/config}" "\${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}" 2>/dev/null | sort -u
}
_ddb_export_names() {
  local -a args
  local i
  for (( i = 2; i < CURRENT; i++ )); do
    case \${words[i-1]} in ${NAME_CONTEXT_FLAGS.join('|')}) args+=(\${words[i-1]} \${words[i]}) ;; esac
  done
  \${words[1]} completion names $1 $args 2>/dev/null
}
_ddb-export() {
  local prev=\${words[CURRENT-1]} cur=\${words[CURRENT]}
  case $prev in
    --profile) compadd -- \${(f)"$(_ddb_export_profiles)"}; return ;;
    --table-arn) compadd -- \${(f)"$(_ddb_export_names tables)"}; return ;;
    --s3-bucket) compadd -- \${(f)"$(_ddb_export_names buckets)"}; return ;;
    --batch-token) compadd -- \${(f)"$(_ddb_export_names batches)"}; return ;;
${valueCases}
    ${FILE_FLAGS.join('|')}) _files; return ;;
    completion) compadd -- ${SHELLS.join(' ')}; return ;;
    help) compadd -- ${COMMANDS.join(' ')}; return ;;
  esac
  if [[ $cur == -* ]]; then
    compadd -- ${ALL_FLAGS.join(' ')}
  elif (( CURRENT == 2 )); then
    compadd -- ${COMMAND_WORDS.join(' ')}
  fi
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then _ddb-export "$@"; else compdef _ddb-export ddb-export; fi
`;
}

function fish(scenarios: readonly string[]): string {
	const sets = valueSets(scenarios);
	const lines = [
		'# ddb-export completion for fish: save as ~/.config/fish/completions/ddb-export.fish',
		'function __ddb_export_profiles',
		'    set -l config ~/.aws/config; set -q AWS_CONFIG_FILE; and set config $AWS_CONFIG_FILE',
		'    set -l credentials ~/.aws/credentials; set -q AWS_SHARED_CREDENTIALS_FILE; and set credentials $AWS_SHARED_CREDENTIALS_FILE',
		`    ${PROFILE_SED} $config $credentials 2>/dev/null | sort -u`,
		'end',
		'function __ddb_export_names',
		'    set -l words (commandline -opc)',
		'    set -l args',
		'    for i in (seq 2 (count $words))',
		`        if contains -- $words[(math $i - 1)] ${NAME_CONTEXT_FLAGS.join(' ')}`,
		'            set args $args $words[(math $i - 1)] $words[$i]',
		'        end',
		'    end',
		'    $words[1] completion names $argv[1] $args 2>/dev/null',
		'end',
		'complete -c ddb-export -f',
		`complete -c ddb-export -n __fish_use_subcommand -a '${COMMAND_WORDS.join(' ')}'`,
		`complete -c ddb-export -n '__fish_seen_subcommand_from completion' -a '${SHELLS.join(' ')}'`,
		`complete -c ddb-export -n '__fish_seen_subcommand_from help' -a '${COMMANDS.join(' ')}'`,
	];
	for (const flag of ALL_FLAGS) {
		const name = flag.slice(2);
		const takesValue = (STRING_FLAGS as readonly string[]).includes(name);
		if (name === 'profile') lines.push(`complete -c ddb-export -l profile -x -a '(__ddb_export_profiles)'`);
		else if (name === 'table-arn') lines.push(`complete -c ddb-export -l table-arn -x -a '(__ddb_export_names tables)'`);
		else if (name === 's3-bucket') lines.push(`complete -c ddb-export -l s3-bucket -x -a '(__ddb_export_names buckets)'`);
		else if (name === 'batch-token') lines.push(`complete -c ddb-export -l batch-token -x -a '(__ddb_export_names batches)'`);
		else if (sets[flag]) lines.push(`complete -c ddb-export -l ${name} -x -a '${sets[flag]!.join(' ')}'`);
		else if (FILE_FLAGS.includes(flag)) lines.push(`complete -c ddb-export -l ${name} -r -F`);
		else lines.push(`complete -c ddb-export -l ${name}${takesValue ? ' -x' : ''}`);
	}
	return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, scenarios: readonly string[]): string {
	return shell === 'bash' ? bash(scenarios) : shell === 'zsh' ? zsh(scenarios) : fish(scenarios);
}
