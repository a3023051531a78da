// Stands in for the restore-cursor package in the bundle (scripts/build.mjs, STAND_INS).
// Ink hides the cursor on the terminal it draws on, and cli-cursor then asks
// restore-cursor to show it again at exit. restore-cursor writes ESC[?25h to stderr
// whatever stderr is, so `ddb-export 2>debug.log` got an escape sequence in its log. Here
// it goes to the terminal: stdout if that is one (where Ink draws), else stderr if that is.
// Ink itself shows the cursor again when it unmounts; this covers an exit without that.

interface MaybeTerminal {
	isTTY?: boolean;
	write: (text: string) => unknown;
}

export const SHOW_CURSOR = '\u001B[?25h';

/** The stream to show the cursor on, if either is a terminal. */
export function cursorTerminal(stdout: MaybeTerminal, stderr: MaybeTerminal): MaybeTerminal | undefined {
	return [stdout, stderr].find((stream) => stream.isTTY === true);
}

let registered = false;

/** Shows the cursor again when the process exits (registered once, like restore-cursor). */
export default function restoreCursor(): void {
	if (registered) return;
	registered = true;
	process.once('exit', () => {
		try {
			cursorTerminal(process.stdout, process.stderr)?.write(SHOW_CURSOR);
		} catch {
			// A terminal that went away needs no cursor.
		}
	});
}
