// The only lines the Ink face draws longer than the terminal: one thing to copy whole
// (an ARN, a token, an s3:// path, a command, a `--flag value` of a command continued
// with " \", a JSON line of a policy), left for the terminal to soft-wrap so that a
// copy gives it unbroken. Prose is wrapped at words and never longer than the terminal.

export function copyable(line: string): boolean {
	const text = line.trim();
	return /^\S+( \\)?$/.test(text) || /^(?:aws|ddb-export) /.test(text) || /^[+-]?\s*"/.test(text) || /^--\S+ \S+( \\)?$/.test(text);
}
