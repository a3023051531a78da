// Figure 1: time to the first interactive frame of the built CLI in a pseudo-terminal
// (the profile question with the profiles listed), against bare `node -e ''` measured
// in the same rounds. Two ways in: the demo (which starts the sandbox first) and a
// person's own profiles (a temporary AWS_CONFIG_FILE, no AWS call before the frame).

import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {figure, median} from './figures.mjs';

export const FIRST_FRAME = 'Which AWS profile\\?.*❯';
const TARGET_RATIO = 2.5;

export function firstFrames(root, spec, env) {
	return new Promise((resolve, reject) => {
		execFile('python3', [join(root, 'scripts', 'bench', 'first-frame.py'), JSON.stringify(spec)], {env, maxBuffer: 1 << 22, timeout: 300_000}, (error, stdout, stderr) => {
			if (error) return reject(new Error(`first-frame.py: ${error.message}\n${stderr}`));
			if (stderr.trim()) process.stderr.write(stderr);
			resolve(JSON.parse(stdout));
		});
	});
}

/** Runs `work` with the environment of a person's own two profiles (made-up keys, in a temporary folder). */
export async function withProfiles(work) {
	const dir = mkdtempSync(join(tmpdir(), 'ddb-export-bench-profiles-'));
	try {
		// Made-up keys: nothing is called before the first frame.
		writeFileSync(join(dir, 'config'), '[default]\nregion = us-east-1\n\n[profile analytics]\nregion = eu-west-1\n');
		writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIAEXAMPLEBENCH0001\naws_secret_access_key = bench/not/a/secret\n\n[analytics]\naws_access_key_id = AKIAEXAMPLEBENCH0002\naws_secret_access_key = bench/not/a/secret\n');
		return await work({AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials')});
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

export async function measureStartup({root, cli, env, runs}) {
	return withProfiles(async (profiles) => {
		// One throwaway round warms the file cache, so that the first case is not penalised.
		const cases = [
			{name: 'node', cmd: [process.execPath, '-e', '']},
			{name: 'profiles', cmd: [process.execPath, cli], env: profiles, pattern: FIRST_FRAME},
			{name: 'demo', cmd: [process.execPath, cli, '--demo'], pattern: FIRST_FRAME},
		];
		await firstFrames(root, {runs: 1, cases}, env);
		const times = await firstFrames(root, {runs, cases, timeoutMs: 15_000}, env);
		const node = median(times.node);
		const row = (id, name, key) => {
			const value = median(times[key]);
			const ok = times[key].every((t) => t !== null);
			return figure({
				id,
				name,
				value,
				unit: 'ms',
				reference: node,
				referenceLabel: "node -e ''",
				ratio: value / node,
				target: `≤ ${TARGET_RATIO}×`,
				met: ok && value / node <= TARGET_RATIO,
				data: {runs: times[key], node: times.node},
			});
		};
		return [
			row('startup.profiles', `Start-up to first frame, own profiles (median of ${runs})`, 'profiles'),
			row('startup.demo', `Start-up to first frame, --demo (median of ${runs})`, 'demo'),
		];
	});
}
