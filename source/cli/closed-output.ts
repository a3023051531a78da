// `ddb-export … | head -1`: the reader has had enough and closed the pipe. The next
// write to stdout fails with EPIPE; unhandled, Node prints that as a stack trace and
// exits 1. A closed stdout is a reader's choice, not a failure: end quietly, with 0. A
// closed stderr only loses what would have been said there.

interface Output {
	on: (event: 'error', listener: (error: NodeJS.ErrnoException) => void) => unknown;
}

export function endQuietlyWhenOutputCloses(stdout: Output = process.stdout, stderr: Output = process.stderr, exit: (code: number) => void = (code) => process.exit(code)): void {
	stdout.on('error', (error) => {
		if (error.code !== 'EPIPE') throw error;
		exit(0);
	});
	stderr.on('error', (error) => {
		if (error.code !== 'EPIPE') throw error;
	});
}
