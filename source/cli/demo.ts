// --demo: starts the built-in sandbox on loopback and points the standard AWS settings
// at it (endpoint, shared config files), so the product runs exactly as against AWS.
// The sandbox's credentials are made-up values for loopback only.

import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {draftFromPlan} from '../core/wizard/draft-from-plan.js';
import type {Draft} from '../core/wizard/fields.js';

export interface Demo {
	endpoint: string;
	scenario: string;
	defaults: Partial<Draft>;
	/** Sandbox call statistics (exports started...), for the tests and the bench. */
	stats: () => {calls: number; exportsStarted: number};
	stop: () => Promise<void>;
}

/** Variables that would send the demo to real AWS or to the user's own credentials. */
const CLEARED = [
	'AWS_PROFILE',
	'AWS_DEFAULT_PROFILE',
	'AWS_ACCESS_KEY_ID',
	'AWS_SECRET_ACCESS_KEY',
	'AWS_SESSION_TOKEN',
	'AWS_REGION',
	'AWS_DEFAULT_REGION',
	'AWS_CONFIG_FILE',
	'AWS_SHARED_CREDENTIALS_FILE',
	'AWS_WEB_IDENTITY_TOKEN_FILE',
	'AWS_ROLE_ARN',
	'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
	'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

/** The names --demo takes, for "did you mean" and the completion scripts. */
export async function scenarioNames(): Promise<string[]> {
	const {SCENARIO_NAMES} = await import('../sandbox/index.js');
	return [...SCENARIO_NAMES];
}

/** `--demo scenarios`: every scenario with what it shows. */
export async function listScenarios(): Promise<string> {
	const {SCENARIOS, SCENARIO_NAMES} = await import('../sandbox/index.js');
	const width = Math.max(...SCENARIO_NAMES.map((name) => name.length));
	const lines = SCENARIO_NAMES.map((name) => `  ${name.padEnd(width)}  ${SCENARIOS[name]?.description ?? ''}`);
	return `Sandbox scenarios (ddb-export --demo NAME):\n${lines.join('\n')}\n`;
}

/** The demo's pace, from the environment: how long each sandbox answer and each export take. */
export interface DemoTimings {
	/** DDB_EXPORT_DEMO_LATENCY_MS: every sandbox answer waits this long (real AWS: 20–300 ms). */
	latencyMs?: number;
	/** DDB_EXPORT_DEMO_EXPORT_MS: how long an export runs before it completes (default 6 s). */
	exportDurationMs?: number;
}

const TIMING_VARIABLES = {latencyMs: 'DDB_EXPORT_DEMO_LATENCY_MS', exportDurationMs: 'DDB_EXPORT_DEMO_EXPORT_MS'} as const;

/** Reads the two variables; an unset or empty one keeps the sandbox's default, a bad one is named. */
export function demoTimingsFromEnv(env: NodeJS.ProcessEnv): {ok: true; value: DemoTimings} | {ok: false; message: string} {
	const value: DemoTimings = {};
	for (const [key, name] of Object.entries(TIMING_VARIABLES) as Array<[keyof DemoTimings, string]>) {
		const text = env[name]?.trim();
		if (!text) continue;
		const ms = Number(text);
		if (!/^\d+$/.test(text) || !Number.isSafeInteger(ms)) {
			return {ok: false, message: `${name}="${text}" is not a whole number of milliseconds (for example ${name}=300).`};
		}
		value[key] = ms;
	}
	return {ok: true, value};
}

export async function startDemo(scenario: string, options: DemoTimings = {}): Promise<Demo> {
	const {startSandbox} = await import('../sandbox/index.js');
	const sandbox = await startSandbox({scenario, exportDurationMs: options.exportDurationMs, latencyMs: options.latencyMs});
	const dir = mkdtempSync(join(tmpdir(), 'ddb-export-demo-'));
	const files = sandbox.writeSharedConfig(dir);
	for (const name of Object.keys(process.env)) {
		if (CLEARED.includes(name) || name.startsWith('AWS_ENDPOINT_URL')) delete process.env[name];
	}
	process.env.AWS_CONFIG_FILE = files.configFile;
	process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
	process.env.AWS_ENDPOINT_URL = sandbox.endpoint;
	process.env.AWS_EC2_METADATA_DISABLED = 'true';
	const defaults = draftFromPlan(sandbox.defaultPlan, sandbox.defaultProfile);
	return {
		endpoint: sandbox.endpoint,
		scenario: sandbox.scenarioName,
		defaults,
		stats: () => sandbox.stats,
		stop: async () => {
			await sandbox.stop();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
