// The prompts of line mode, through inquirer's input, password and select prompts. On a terminal, inquirer draws
// them as usual. Without one (output piped or logged), each question is printed as
// plain lines — the question, numbered options, the proposed answer — and inquirer
// only reads the answer, writing nothing: no cursor movement in a log.

import {Writable} from 'node:stream';
// Each prompt from its own package: the @inquirer/prompts barrel also loads the editor prompt
// and with it iconv-lite and chardet (about half of the product file).
import input from '@inquirer/input';
import password from '@inquirer/password';
import select from '@inquirer/select';
import {printedColumns, wrapPrintedText} from '../core/printed-lines.js';
import type {ChoiceOption} from '../core/wizard/field-options.js';
import {LineFeeder} from './line-input.js';

/** The person left: Ctrl-C in a prompt, or the end of the piped answers. */
export class UserLeft extends Error {
	override readonly name = 'UserLeft';
	constructor(readonly why: 'interrupt' | 'end-of-input' | 'signal') {
		super(why === 'end-of-input' ? 'The input ended before every question was answered.' : 'Stopped.');
	}
}

export interface Prompter {
	select(message: string, options: ChoiceOption[], defaultValue?: string): Promise<string>;
	text(message: string, defaultValue: string, options?: {editable?: boolean}): Promise<string>;
	secret(message: string): Promise<string>;
	/** A line of output between prompts. */
	print(line?: string): void;
	/** Ends the pending prompt, if any (Ctrl-C or SIGTERM from outside): it rejects with UserLeft('signal'). */
	cancel(): void;
	close(): void;
}

export interface PrompterStreams {
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	/** Where questions and lines go: a terminal when there is one. */
	output: NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
}

const sink = () =>
	new Writable({
		write(_chunk, _encoding, callback) {
			callback();
		},
	});

function optionText(option: ChoiceOption): string {
	return option.hint ? `${option.label} (${option.hint})` : option.label;
}

export function createPrompter(streams: PrompterStreams): Prompter {
	const terminal = Boolean(streams.output.isTTY);
	const feeder = streams.stdin.isTTY ? undefined : new LineFeeder(streams.stdin);
	// On a terminal, prose is wrapped at words to its width (read at each line: it may be resized).
	const print = (line = '') => streams.output.write(`${wrapPrintedText(line, printedColumns(streams.output))}\n`);
	let cancelCurrent: (() => void) | undefined;

	/** Runs one inquirer prompt with the right input and output, mapping its ways of ending. */
	async function ask<T>(run: (context: {input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal: AbortSignal}) => Promise<T>): Promise<T> {
		const controller = new AbortController();
		let why: UserLeft['why'] | undefined;
		cancelCurrent = () => {
			why = 'signal';
			controller.abort();
		};
		const line = feeder?.next(() => {
			why = 'end-of-input';
			controller.abort();
		});
		try {
			return await run({input: line?.stream ?? streams.stdin, output: terminal ? streams.output : sink(), signal: controller.signal});
		} catch (error) {
			const name = (error as Error).name;
			if (name === 'ExitPromptError') throw new UserLeft('interrupt');
			if (name === 'AbortPromptError') throw new UserLeft(why ?? 'signal');
			throw error;
		} finally {
			cancelCurrent = undefined;
			line?.release();
		}
	}

	return {
		print,
		async select(message, options, defaultValue) {
			const proposed = options.find((o) => o.value === defaultValue) ?? options[0];
			if (!terminal) {
				print(`? ${message}`);
				options.forEach((option, i) => print(`  ${i + 1}) ${optionText(option)}`));
				print(`  Enter chooses ${options.indexOf(proposed!) + 1}) ${proposed?.label ?? ''}; or type a number.`);
			}
			const value = await ask((context) =>
				select(
					{
						message,
						choices: options.map((o) => ({value: o.value, name: o.label, description: o.hint})),
						default: proposed?.value,
						pageSize: 12,
					},
					context,
				),
			);
			if (!terminal) print(`  → ${options.find((o) => o.value === value)?.label ?? value}`);
			return value;
		},
		async text(message, defaultValue, options = {}) {
			if (!terminal) print(`? ${message}${defaultValue ? ` [${defaultValue}]` : ''}`);
			// On a terminal a rejected answer comes back editable; piped lines are never mixed with it.
			const prefill = options.editable && terminal && streams.stdin.isTTY ? 'editable' : 'tab';
			const value = await ask((context) => input({message, default: defaultValue || undefined, prefill}, context));
			if (!terminal) print(`  → ${value === '' ? '(empty)' : value}`);
			return value;
		},
		async secret(message) {
			if (!terminal) print(`? ${message}`);
			return ask((context) => password({message, mask: '•'}, context));
		},
		cancel() {
			cancelCurrent?.();
		},
		close() {
			feeder?.close();
		},
	};
}
