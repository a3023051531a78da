// Where a command's words go. With --output json, stdout carries exactly one JSON
// document (the result, or {"error": …}) and human text goes to stderr; otherwise the
// result is human text on stdout and progress on stderr. No colours, no cursor moves
// unless stderr is a terminal and the output is not JSON. Words for people are wrapped at
// word boundaries to the terminal's width when they go to one (printed-lines.ts).

import {UserFacingError} from '../../core/errors.js';
import {printedColumns, wrapPrintedText} from '../../core/printed-lines.js';
import {escapeC1InJson, visibleControls} from '../../core/terminal-text.js';
import type {OutputFormat} from '../arguments.js';
import {isInCi} from '../ci.js';
import {formatTable} from '../output/aws-table.js';
import {formatText} from '../output/aws-text.js';

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
	stdout: NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
	stderr: NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
}

export interface DocumentOptions {
	/** --query, compiled: applied to the document before it is printed. */
	query?: (document: unknown) => unknown;
	/** The table's title (the AWS CLI uses the operation's name). */
	title?: string;
	/** Columns a table may take (the AWS CLI turns wider ones into key | value rows). */
	columns?: number;
}

export class Output {
	/** stdout carries one document (--output json, text or table), not words. */
	readonly json: boolean;
	readonly format: OutputFormat | undefined;
	private readonly streams: OutputStreams;
	private readonly document: DocumentOptions;
	private wrote = false;

	constructor(format: OutputFormat | boolean | undefined, streams: OutputStreams, document: DocumentOptions = {}) {
		this.format = format === true ? 'json' : format === false ? undefined : format;
		this.json = this.format !== undefined;
		this.streams = streams;
		this.document = document;
	}

	/** stderr is a terminal and the output is for people: one line may be rewritten in place. */
	get liveProgress(): boolean {
		return !this.json && Boolean(this.streams.stderr.isTTY) && !isInCi();
	}

	/** A result line for people (stdout); nothing in JSON mode. */
	line(text = ''): void {
		if (!this.json) this.streams.stdout.write(`${wrapPrintedText(text, printedColumns(this.streams.stdout))}\n`);
	}

	/** Text to copy as it is (a command, SQL), on stdout for people: never wrapped; nothing in JSON mode. */
	copyable(text: string): void {
		if (!this.json) this.streams.stdout.write(`${text}\n`);
	}

	/**
	 * Data for another program (read's JSON lines) on stdout, as given, in every mode.
	 * Resolves once stdout has room again, so a slow reader slows the producer instead of
	 * the lines piling up in memory. A closed pipe ends the process quietly (closed-output.ts).
	 */
	data(text: string): Promise<void> {
		const stdout = this.streams.stdout;
		if (stdout.write(text)) return Promise.resolve();
		return new Promise((resolve) => {
			const done = () => {
				stdout.off('drain', done);
				stdout.off('close', done);
				stdout.off('error', done);
				resolve();
			};
			stdout.on('drain', done);
			stdout.on('close', done);
			stdout.on('error', done);
		});
	}

	/** Progress and commentary (stderr), in every mode. */
	note(text = ''): void {
		this.streams.stderr.write(`${wrapPrintedText(text, printedColumns(this.streams.stderr))}\n`);
	}

	/** Raw text to stderr (for a rewritten progress line). */
	progress(text: string): void {
		this.streams.stderr.write(text);
	}

	/** The one document of the command (--output only): queried, then as JSON, text or table. */
	result(document: unknown): void {
		if (!this.json) return;
		if (this.wrote) throw new Error('A command printed two JSON documents.');
		this.wrote = true;
		// Undefined members go, as in JSON; text and table then see what JSON shows.
		let data: unknown = JSON.parse(JSON.stringify(document) ?? 'null');
		if (this.document.query) data = this.document.query(data);
		// Values of a policy document keep the controls its JSON escapes stood for: shown, never obeyed.
		if (this.format === 'text') this.streams.stdout.write(visibleControls(formatText(data)));
		else if (this.format === 'table') this.streams.stdout.write(visibleControls(formatTable(this.document.title ?? 'ddb-export', data, this.document.columns)));
		else this.streams.stdout.write(`${escapeC1InJson(JSON.stringify(data, null, 2) ?? 'null')}\n`);
	}

	/** An expected problem: {"error": …} on stdout with --output json, words on stderr otherwise. */
	error(error: {code: string; message: string; cause?: string; fix?: string; command?: string; details?: string[]}): void {
		if (this.format === 'json') {
			if (this.wrote) return;
			this.wrote = true;
			const body: Record<string, unknown> = {code: error.code, message: error.message, fix: error.fix ?? null};
			if (error.cause) body.cause = error.cause;
			if (error.command) body.command = error.command;
			if (error.details?.length) body.details = error.details;
			this.streams.stdout.write(`${escapeC1InJson(JSON.stringify({error: body}, null, 2))}\n`);
			return;
		}
		const lines = [`ddb-export: ${error.message}`];
		for (const detail of error.details ?? []) lines.push(`  ${detail}`);
		if (error.cause) lines.push(`  ${error.cause}`);
		if (error.fix) lines.push(`  Fix: ${error.fix}`);
		if (error.command) lines.push(`    ${error.command}`);
		this.streams.stderr.write(`${wrapPrintedText(lines.join('\n'), printedColumns(this.streams.stderr))}\n`);
	}
}

