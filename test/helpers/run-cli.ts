// Runs the real CLI as a child process. The bundle (dist/cli.js) starts about four
// times faster than tsx, so it is built once (`node scripts/build.mjs --if-needed`);
// a lock keeps two test files from building at the same time. DDB_EXPORT_CLI names
// another cli.js to test instead (an installed one).

import {spawn, spawnSync, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

const root = join(import.meta.dirname, '..', '..');

export async function builtCli(): Promise<string> {
	if (process.env.DDB_EXPORT_CLI) return process.env.DDB_EXPORT_CLI;
	const lock = join(tmpdir(), 'ddb-export-test-build.lock');
	for (let waited = 0; ; waited += 100) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			// A lock older than two minutes was left by a killed run.
			try {
				if (Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
			} catch {
				// gone already
			}
			if (waited > 120_000) throw new Error('Timed out waiting for another test file to build dist/.');
			await delay(100);
		}
	}
	try {
		const result = spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], {cwd: root, encoding: 'utf8'});
		if (result.status !== 0) throw new Error(`The build failed:\n${result.stderr}`);
	} finally {
		rmdirSync(lock);
	}
	return join(root, 'dist', 'cli.js');
}

export interface CliResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface CliOptions {
	env?: Record<string, string | undefined>;
	/** Written to stdin, which is then closed. Without it stdin is an empty pipe. */
	input?: string;
	cwd?: string;
}

let scratchHome: string | undefined;

/** One empty HOME per test process, so ~/.aws of the machine is never read. */
function homeDir(): string {
	if (!scratchHome) {
		const dir = mkdtempSync(join(tmpdir(), 'ddb-export-home-'));
		scratchHome = dir;
		process.once('exit', () => rmSync(dir, {recursive: true, force: true}));
	}
	return scratchHome;
}

/** A clean environment: no CI, no colours, no real AWS settings, a scratch HOME. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (name === 'CI' || name.startsWith('AWS_') || name === 'FORCE_COLOR' || name === 'NODE_OPTIONS') continue;
		env[name] = value;
	}
	env.HOME = homeDir();
	env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
	env.AWS_EC2_METADATA_DISABLED = 'true';
	env.NO_COLOR = '1';
	for (const [name, value] of Object.entries(extra)) {
		if (value === undefined) delete env[name];
		else env[name] = value;
	}
	return env;
}

export interface CliProcess {
	child: ChildProcessWithoutNullStreams;
	stdout: () => string;
	stderr: () => string;
	/** Resolves when stdout + stderr match `pattern`. */
	waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
	done: Promise<CliResult>;
}

export function startCli(cli: string, args: string[], options: CliOptions = {}): CliProcess {
	const child = spawn(process.execPath, [cli, ...args], {cwd: options.cwd ?? root, env: cliEnv(options.env)});
	let stdout = '';
	let stderr = '';
	const watchers = new Set<() => void>();
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
		for (const watcher of watchers) watcher();
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
		for (const watcher of watchers) watcher();
	});
	const done = new Promise<CliResult>((resolve) => {
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}));
	});
	if (options.input !== undefined) child.stdin.end(options.input);
	return {
		child,
		stdout: () => stdout,
		stderr: () => stderr,
		done,
		waitFor: (pattern, timeoutMs = 20_000) =>
			new Promise<void>((resolve, reject) => {
				const check = () => {
					if (pattern.test(stdout + stderr)) {
						watchers.delete(check);
						clearTimeout(timer);
						resolve();
					}
				};
				const timer = setTimeout(() => {
					watchers.delete(check);
					reject(new Error(`Timed out waiting for ${pattern}.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
				}, timeoutMs);
				watchers.add(check);
				check();
				void done.then(() => {
					if (watchers.has(check)) {
						watchers.delete(check);
						clearTimeout(timer);
						reject(new Error(`The CLI ended before ${pattern} appeared.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
					}
				});
			}),
	};
}

/** Runs to the end; stdin gets `input` (or nothing) and is closed. */
export function runCli(cli: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
	return startCli(cli, args, {...options, input: options.input ?? ''}).done;
}
