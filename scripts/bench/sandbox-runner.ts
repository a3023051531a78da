// A sandbox in its own process, so that its CPU time and memory are not counted against
// the process being measured (as AWS's are not). Talks to the bench over IPC:
//   → {type: 'ready', ...where to reach it}   ← {type: 'stats'} → {type: 'stats', stats}
//   ← {type: 'reset'} → {type: 'reset'}        ← {type: 'stop'} (exits)

import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startSandbox, type SandboxPlan} from '../../source/sandbox/index.js';

export interface SandboxInfo {
	endpoint: string;
	configFile: string;
	credentialsFile: string;
	defaultProfile: string;
	region: string;
	plan: SandboxPlan;
}

export async function runSandbox(input: Record<string, unknown>): Promise<void> {
	const sandbox = await startSandbox({
		scenario: String(input['scenario'] ?? 'healthy'),
		latencyMs: Number(input['latencyMs'] ?? 0),
		exportDurationMs: input['exportDurationMs'] === undefined ? undefined : Number(input['exportDurationMs']),
		exportLimit: input['exportLimit'] === undefined ? undefined : Number(input['exportLimit']),
		tableCount: input['tableCount'] === undefined ? undefined : Number(input['tableCount']),
		planTableItems: input['planTableItems'] === undefined ? undefined : Number(input['planTableItems']),
	});
	const dir = mkdtempSync(join(tmpdir(), 'ddb-export-bench-'));
	const files = sandbox.writeSharedConfig(dir);
	const profile = sandbox.profiles.find((p) => p.name === sandbox.defaultProfile);
	const info: SandboxInfo = {
		endpoint: sandbox.endpoint,
		...files,
		defaultProfile: sandbox.defaultProfile,
		region: profile?.region ?? sandbox.defaultPlan.region,
		plan: sandbox.defaultPlan,
	};
	const stop = async () => {
		await sandbox.stop();
		rmSync(dir, {recursive: true, force: true});
		process.exit(0);
	};
	process.on('message', (message: {type: string}) => {
		if (message.type === 'stats') process.send!({type: 'stats', stats: sandbox.stats});
		else if (message.type === 'reset') {
			sandbox.resetStats();
			process.send!({type: 'reset'});
		} else if (message.type === 'stop') void stop();
	});
	// The bench going away (a crash, Ctrl-C) takes the sandbox with it.
	process.on('disconnect', () => void stop());
	process.send!({type: 'ready', info});
}
