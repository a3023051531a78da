// Which cached code a run uses: each command keeps its own, so that `check` starts from
// the code `check` compiled, not from what a first `--version` happened to compile.
// --help and --version ('info') compile next to nothing and must not stand for the wizard.

const COMMANDS = ['check', 'policies', 'watch', 'list', 'diagnose', 'export'] as const;

export type CacheFlavour = 'info' | 'wizard' | (typeof COMMANDS)[number];

/** The flavour for the arguments after `node cli.js`. */
export function cacheFlavour(args: readonly string[]): CacheFlavour {
	if (args.some((arg) => /^(-h|--help|--version|--generate-cli-skeleton)$/.test(arg))) return 'info';
	const first = args.find((arg) => !arg.startsWith('-'));
	// `help COMMAND` and `completion SHELL` print text, like --help.
	if (first === 'help' || first === 'completion') return 'info';
	return COMMANDS.find((command) => command === first) ?? 'wizard';
}

/**
 * Whether a run of this flavour stores its cache early (1 s after loading: the Ink face
 * has drawn its first frame by then) rather than only at exit, when the cache holds the
 * code of the calls made too. A person may quit the wizard at once.
 */
export function storesEarly(flavour: CacheFlavour): boolean {
	return flavour === 'wizard' || flavour === 'export';
}
