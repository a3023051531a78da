// Bundles scripts/bench/worker.ts with the product's esbuild options (same SDK build,
// same stand-ins), and starts its modes as child processes.

import {build} from 'esbuild';
import {fork, execFile} from 'node:child_process';
import {mkdirSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {bundleOptions} from '../build.mjs';

export async function bundleWorker(root) {
	const outdir = join(root, 'node_modules', '.cache', 'ddb-export-bench', 'worker');
	rmSync(outdir, {recursive: true, force: true});
	mkdirSync(outdir, {recursive: true});
	await build(bundleOptions({entryPoints: {worker: join(root, 'scripts', 'bench', 'worker.ts')}, outdir, legalComments: 'none', minify: false}));
	return join(outdir, 'worker.js');
}

/** A sandbox in its own process; resolves once it listens. */
export function startSandboxProcess(workerPath, options) {
	const child = fork(workerPath, ['sandbox', JSON.stringify(options)], {stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
	const request = (type) =>
		new Promise((resolve) => {
			const onMessage = (message) => {
				if (message.type !== type) return;
				child.off('message', onMessage);
				resolve(message);
			};
			child.on('message', onMessage);
			child.send({type});
		});
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`sandbox process exited (${code}) before it was ready`)));
		child.once('message', (message) => {
			child.removeAllListeners('exit');
			resolve({
				info: message.info,
				pid: child.pid,
				stats: async () => (await request('stats')).stats,
				reset: () => request('reset'),
				stop: () =>
					new Promise((done) => {
						if (child.exitCode !== null) return done();
						child.once('exit', () => done());
						child.send({type: 'stop'});
					}),
			});
		});
	});
}

/** Runs a worker mode to completion and parses its one line of JSON. */
export function runWorker(workerPath, mode, input, timeoutMs = 120_000) {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, [workerPath, mode, JSON.stringify(input)], {timeout: timeoutMs, maxBuffer: 1 << 20}, (error, stdout, stderr) => {
			if (error) return reject(new Error(`worker ${mode} failed: ${error.message}\n${stderr}`));
			try {
				resolve(JSON.parse(stdout.trim().split('\n').pop()));
			} catch {
				reject(new Error(`worker ${mode} printed no JSON:\n${stdout}\n${stderr}`));
			}
		});
	});
}

/**
 * Runs a worker mode that talks over IPC: `onMessage(message)` answers each of its
 * messages (it may be async); resolves with the worker's JSON line.
 */
export function runIpcWorker(workerPath, mode, input, onMessage, timeoutMs = 180_000) {
	return new Promise((resolve, reject) => {
		let stdout = '';
		const child = fork(workerPath, [mode, JSON.stringify(input)], {stdio: ['ignore', 'pipe', 'inherit', 'ipc']});
		const timer = setTimeout(() => child.kill(), timeoutMs);
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.on('message', async (message) => child.send(await onMessage(message)));
		child.once('exit', (code) => {
			clearTimeout(timer);
			try {
				if (code !== 0) throw new Error(`exit ${code}`);
				resolve(JSON.parse(stdout.trim().split('\n').pop()));
			} catch (error) {
				reject(new Error(`worker ${mode} failed (${error.message}):\n${stdout}`));
			}
		});
	});
}

/** Runs a command and returns its wall time in ms; rejects on a non-zero exit. */
export function timedCommand(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const start = performance.now();
		execFile(command, args, {maxBuffer: 4 << 20, timeout: 60_000, ...options}, (error, stdout, stderr) => {
			const ms = performance.now() - start;
			if (error && !options.allowFailure) return reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stderr}`));
			resolve({ms, code: error?.code ?? 0, stdout, stderr});
		});
	});
}
