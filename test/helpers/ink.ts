// Drives an Ink app in tests: every key press inside act(), waits for the frame to
// show what we expect, strips colours. Assert on frame content, not frame count.

import {format} from 'node:util';
import {act} from 'react';
import {EventEmitter} from 'node:events';
import {render as inkRender} from 'ink';
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';

(globalThis as {IS_REACT_ACT_ENVIRONMENT?: boolean}).IS_REACT_ACT_ENVIRONMENT = true;

// React's "not wrapped in act(...)" warning means a state update no test waited for: the
// frame asserted on may not be the one a person sees. It is still printed, and unmount()
// fails the test that caused it.
const actWarnings: string[] = [];
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
	if (typeof args[0] === 'string' && args[0].includes('not wrapped in act(')) actWarnings.push(format(...args).split('\n')[0]!);
	consoleError(...args);
};

export const KEYS = {
	enter: '\r',
	escape: '\u001B',
	up: '\u001B[A',
	down: '\u001B[B',
	shiftTab: '\u001B[Z',
	ctrlC: '\u0003',
	backspace: '\u007F',
};

const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

export function strip(text: string | undefined): string {
	return (text ?? '').replace(ANSI, '');
}

export interface Driver {
	frame(): string;
	press(key: string): Promise<void>;
	type(text: string): Promise<void>;
	waitFor(predicate: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
	unmount(): void;
}

/** A terminal of a chosen size for ink-testing-library's way of rendering (every frame whole). */
class SizedStdout extends EventEmitter {
	isTTY = false;
	lastFrame: string | undefined;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (frame: string) => {
		this.lastFrame = frame;
		return true;
	};
}

/** Keys for it, as ink-testing-library's stdin gives them. */
class KeysStdin extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	write = (data: string) => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

type Rendered = Pick<ReturnType<typeof render>, 'lastFrame' | 'stdin' | 'unmount'>;

/** ink-testing-library's render, in a terminal `columns` × `rows` instead of its 100 columns. */
function renderSized(element: ReactElement, size: {columns: number; rows: number}): Rendered {
	const stdout = new SizedStdout(size.columns, size.rows);
	const stdin = new KeysStdin();
	const instance = inkRender(element, {stdout: stdout as never, stderr: new SizedStdout(size.columns, size.rows) as never, stdin: stdin as never, debug: true, exitOnCtrlC: false, patchConsole: false});
	return {lastFrame: () => stdout.lastFrame, stdin: stdin as never, unmount: instance.unmount};
}

export async function renderApp(element: ReactElement, size?: {columns: number; rows: number}): Promise<Driver> {
	let instance!: Rendered;
	await act(async () => {
		instance = size ? renderSized(element, size) : render(element);
	});
	const frame = () => strip(instance.lastFrame());
	return {
		frame,
		async press(key) {
			await act(async () => {
				instance.stdin.write(key);
			});
		},
		async type(text) {
			for (const ch of text) {
				await act(async () => {
					instance.stdin.write(ch);
				});
			}
		},
		async waitFor(predicate, timeoutMs = 15_000) {
			const test =
				typeof predicate === 'string'
					? (f: string) => f.includes(predicate)
					: predicate instanceof RegExp
						? (f: string) => predicate.test(f)
						: predicate;
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const current = frame();
				if (test(current)) return current;
				if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(predicate)}. Last frame:\n${current}`);
				await act(async () => {
					await new Promise((resolve) => setTimeout(resolve, 20));
				});
			}
		},
		unmount() {
			// Unmounting updates React's root: outside act() React warns about it.
			void act(() => {
				instance.unmount();
			});
			const warnings = actWarnings.splice(0);
			if (warnings.length > 0) throw new Error(`React warned ${warnings.length}× during this test: ${warnings[0]}`);
		},
	};
}
