// Runs a command in a real pseudo-terminal through scripts/pty-run.py (python3's pty
// module is on every machine), with scripted key presses and signals. See that script
// for the step language.

import {spawn} from 'node:child_process';
import {join} from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export type PtyStep =
	| {wait: string; timeout?: number}
	| {send: string; after?: number}
	| {send: string; until: string; every?: number; quiet?: number; max?: number}
	| {sleep: number}
	/** Records the terminal's modes at this moment under the label. */
	| {modes: string}
	| {signal: 'SIGTERM' | 'SIGINT' | 'SIGHUP'};

export interface PtySpec {
	argv: string[];
	/** Variables to set; null removes one. */
	env?: Record<string, string | null>;
	/** The whole environment (instead of this process's plus `env`). */
	fullEnv?: Record<string, string | undefined>;
	cwd?: string;
	cols?: number;
	rows?: number;
	/** Seconds to wait for the exit after the last step. */
	timeout?: number;
	steps: PtyStep[];
}

export interface PtyResult {
	/** Everything the command wrote to the terminal, escape sequences included. */
	output: string;
	code: number | null;
	signal: string | null;
	/** The terminal's modes after the command ended. */
	echo: boolean;
	icanon: boolean;
	/** The modes recorded by {modes: label} steps. */
	modes: Record<string, {echo: boolean; icanon: boolean}>;
	/** Which step went wrong, if one did. */
	failed: string | null;
	killed: boolean;
}

export function runInPty(spec: PtySpec): Promise<PtyResult> {
	return new Promise((resolve, reject) => {
		const child = spawn('python3', [join(root, 'scripts', 'pty-run.py')], {stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			try {
				resolve(JSON.parse(stdout) as PtyResult);
			} catch {
				reject(new Error(`pty-run.py failed (exit ${code}):\n${stderr}\n${stdout}`));
			}
		});
		child.stdin.end(JSON.stringify({cwd: root, ...spec}));
	});
}

/** Colour, cursor and other control sequences removed; \r\n made \n. */
export function plainText(output: string): string {
	return output
		.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[()][A-Za-z0-9]|\u001B[=>78]/g, '')
		.replace(/\r\n/g, '\n')
		.replace(/\r/g, '\n');
}

/** A regular expression source matching `text` literally (for a wait step). */
export function literal(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
