// Where a command's words go. With --output json, stdout carries exactly one JSON
// document (the result, or {"error": …}) and human text goes to stderr; otherwise the
// result is human text on stdout and progress on stderr. No colours, no cursor moves
// unless stderr is a terminal and the output is not JSON.

import {UserFacingError} from '../../core/errors.js';

/** An expected failure of a command: a message, its cause, what to do, and the exit code. */
export class CommandError extends UserFacingError {
	/** Machine-readable code for the JSON error document, e.g. "BadInput", "AccessDeniedException". */
	readonly code: string;
	/** Extra lines (one per problem) shown under the message. */
	readonly details: string[];

	constructor(code: string, message: string, options: {cause?: string; fix?: string; command?: string; exitCode?: number; details?: string[]} = {}) {
		super(message, options);
		this.code = code;
		this.details = options.details ?? [];
	}
}

export interface OutputStreams {
	stdout: NodeJS.WritableStream & {isTTY?: boolean};
	stderr: NodeJS.WritableStream & {isTTY?: boolean};
}

export class Output {
	readonly json: boolean;
	private readonly streams: OutputStreams;
	private wrote = false;

	constructor(json: boolean, streams: OutputStreams) {
		this.json = json;
		this.streams = streams;
	}

	/** stderr is a terminal and the output is for people: one line may be rewritten in place. */
	get liveProgress(): boolean {
		return !this.json && Boolean(this.streams.stderr.isTTY) && !process.env.CI;
	}

	/** A result line for people (stdout); nothing in JSON mode. */
	line(text = ''): void {
		if (!this.json) this.streams.stdout.write(`${text}\n`);
	}

	/** Progress and commentary (stderr), in every mode. */
	note(text = ''): void {
		this.streams.stderr.write(`${text}\n`);
	}

	/** Raw text to stderr (for a rewritten progress line). */
	progress(text: string): void {
		this.streams.stderr.write(text);
	}

	/** The one JSON document of the command (JSON mode only). */
	result(document: unknown): void {
		if (!this.json) return;
		if (this.wrote) throw new Error('A command printed two JSON documents.');
		this.wrote = true;
		this.streams.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
	}

	/** An expected problem: {"error": …} on stdout in JSON mode, words on stderr otherwise. */
	error(error: {code: string; message: string; cause?: string; fix?: string; command?: string; details?: string[]}): void {
		if (this.json) {
			if (this.wrote) return;
			this.wrote = true;
			const body: Record<string, unknown> = {code: error.code, message: error.message, fix: error.fix ?? null};
			if (error.cause) body.cause = error.cause;
			if (error.command) body.command = error.command;
			if (error.details?.length) body.details = error.details;
			this.streams.stdout.write(`${JSON.stringify({error: body}, null, 2)}\n`);
			return;
		}
		const lines = [`ddb-export: ${error.message}`];
		for (const detail of error.details ?? []) lines.push(`  ${detail}`);
		if (error.cause) lines.push(`  ${error.cause}`);
		if (error.fix) lines.push(`  Fix: ${error.fix}`);
		if (error.command) lines.push(`    ${error.command}`);
		this.streams.stderr.write(`${lines.join('\n')}\n`);
	}
}

