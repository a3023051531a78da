// Entry point: flags, the choice of face (Ink wizard, line mode, headless command),
// and wiring. Everything heavy is loaded with import() so the first frame is fast.

import {parseCommandLine, HELP_TEXT} from './source/cli/arguments.js';
import {endQuietlyWhenOutputCloses} from './source/cli/closed-output.js';
import {runCli} from './source/cli/run.js';

// `ddb-export … | head -1`: the reader closed the pipe; that ends the run quietly (0).
endQuietlyWhenOutputCloses();

// The SDK warns about Node 20 on stderr when its first client is created; that would
// scribble over the Ink screen. The warning is about support dates, not behaviour.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// chalk does not read NO_COLOR itself (https://no-color.org).
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';

const parsed = parseCommandLine(process.argv.slice(2));
if (parsed.ok && parsed.value.noColor) {
	// Before anything that draws is loaded: chalk reads these when it loads.
	process.env.NO_COLOR = '1';
	process.env.FORCE_COLOR = '0';
}
if (!parsed.ok) {
	process.stderr.write(`ddb-export: ${parsed.message}\nRun ddb-export --help for the flags.\n`);
	process.exit(3);
} else if (parsed.value.help) {
	process.stdout.write(HELP_TEXT(parsed.value.command));
} else {
	runCli(parsed.value).then(
		(code) => {
			process.exitCode = code;
		},
		(error: unknown) => {
			// Only bugs reach here: expected problems are handled and explained inside.
			process.stderr.write(`ddb-export: unexpected error (a bug; please report it):\n${error instanceof Error ? error.stack : String(error)}\n`);
			process.exitCode = 70;
		},
	);
}
