// Answers typed or piped line by line. Inquirer opens a readline on its input
// for each prompt; given piped stdin directly, the first prompt swallows every line
// that has arrived and the next prompts see nothing. So stdin is read here, once, and
// each prompt gets its own stream holding exactly one line. At the end of the input a
// waiting prompt is told so (instead of waiting for ever).

import {fstatSync} from 'node:fs';
import {PassThrough} from 'node:stream';

export interface PromptInput {
	stream: NodeJS.ReadableStream;
	/** Call when the prompt is over: unhooks the stream. */
	release: () => void;
}

export class LineFeeder {
	private readonly lines: string[] = [];
	private partial = '';
	private ended = false;
	private waiting?: {stream: PassThrough; onEnd: () => void};
	private readonly onData = (chunk: Buffer | string) => this.receive(String(chunk));
	private readonly onEnd = () => this.finish();

	constructor(private readonly source: NodeJS.ReadableStream) {
		source.on('data', this.onData);
		source.on('end', this.onEnd);
		source.on('error', this.onEnd);
	}

	/** A stream for one prompt: the next line when it comes; `onEnd` when no line will. */
	next(onEnd: () => void): PromptInput {
		const stream = new PassThrough();
		const release = () => {
			if (this.waiting?.stream === stream) this.waiting = undefined;
			stream.end();
		};
		const line = this.lines.shift();
		if (line !== undefined) stream.write(`${line}\n`);
		else if (this.ended) queueMicrotask(onEnd);
		else this.waiting = {stream, onEnd};
		return {stream, release};
	}

	/** Stops reading stdin so the process can exit. */
	close(): void {
		this.source.removeListener('data', this.onData);
		this.source.removeListener('end', this.onEnd);
		this.source.removeListener('error', this.onEnd);
		(this.source as NodeJS.ReadableStream & {pause?: () => void}).pause?.();
		(this.source as {destroy?: () => void}).destroy?.();
	}

	private receive(text: string): void {
		const parts = (this.partial + text).split('\n');
		this.partial = parts.pop() ?? '';
		for (const part of parts) this.push(part.replace(/\r$/, ''));
	}

	private push(line: string): void {
		const waiting = this.waiting;
		if (waiting) {
			this.waiting = undefined;
			waiting.stream.write(`${line}\n`);
		} else this.lines.push(line);
	}

	private finish(): void {
		if (this.ended) return;
		if (this.partial) this.push(this.partial.replace(/\r$/, ''));
		this.partial = '';
		this.ended = true;
		const waiting = this.waiting;
		this.waiting = undefined;
		waiting?.onEnd();
	}
}

/**
 * Whether anybody could answer on stdin: not when it is closed or /dev/null (a
 * character device that is not a terminal). Pipes and files count: they carry answers.
 */
export function stdinCanAnswer(stdin: {isTTY?: boolean; fd?: number} = process.stdin): boolean {
	if (stdin.isTTY) return true;
	try {
		const stat = fstatSync(0);
		return !stat.isCharacterDevice();
	} catch {
		return false;
	}
}
