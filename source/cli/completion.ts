// `ddb-export completion bash|zsh|fish`: a completion script made from the flag table,
// so it never drifts from what the parser accepts. Profile names are read from the AWS
// config and credentials files on each Tab (AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE honoured), which costs a sed; tables and buckets would
// cost an AWS call per Tab, so they are not completed.

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

const FILE_FLAGS = ['--ca-bundle', '--write', '--cli-input-json'];
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
_ddb_export() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  COMPREPLY=()
  case "$prev" in
    --profile) COMPREPLY=($(compgen -W "$(_ddb_export_profiles)" -- "$cur")); return ;;
${valueCases}
    ${FILE_FLAGS.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    completion) COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur")); return ;;
    help) COMPREPLY=($(compgen -W "${COMMANDS.join(' ')}" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${ALL_FLAGS.join(' ')}" -- "$cur"))
  elif [[ $COMP_CWORD -eq 1 ]]; then
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
_ddb-export() {
  local prev=\${words[CURRENT-1]} cur=\${words[CURRENT]}
  case $prev in
    --profile) compadd -- \${(f)"$(_ddb_export_profiles)"}; return ;;
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
		'complete -c ddb-export -f',
		`complete -c ddb-export -n __fish_use_subcommand -a '${COMMAND_WORDS.join(' ')}'`,
		`complete -c ddb-export -n '__fish_seen_subcommand_from completion' -a '${SHELLS.join(' ')}'`,
		`complete -c ddb-export -n '__fish_seen_subcommand_from help' -a '${COMMANDS.join(' ')}'`,
	];
	for (const flag of ALL_FLAGS) {
		const name = flag.slice(2);
		const takesValue = (STRING_FLAGS as readonly string[]).includes(name);
		if (name === 'profile') lines.push(`complete -c ddb-export -l profile -x -a '(__ddb_export_profiles)'`);
		else if (sets[flag]) lines.push(`complete -c ddb-export -l ${name} -x -a '${sets[flag]!.join(' ')}'`);
		else if (FILE_FLAGS.includes(flag)) lines.push(`complete -c ddb-export -l ${name} -r -F`);
		else lines.push(`complete -c ddb-export -l ${name}${takesValue ? ' -x' : ''}`);
	}
	return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, scenarios: readonly string[]): string {
	return shell === 'bash' ? bash(scenarios) : shell === 'zsh' ? zsh(scenarios) : fish(scenarios);
}
