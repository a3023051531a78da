// The sandbox: a loopback HTTP server that speaks the AWS wire protocols the product
// uses, over a small simulated world. Real SDK clients reach it through
// AWS_ENDPOINT_URL=http://127.0.0.1:PORT and cannot tell it from AWS.

import {homeAccount, homeRegion} from './base-world.js';
import {ExportEngine} from './exports.js';
import {FaultInjector} from './faults.js';
import {buildScenario} from './scenarios.js';
import {profileSecrets} from './secrets.js';
import {SandboxServer} from './server.js';
import {writeSharedConfig} from './shared-config.js';
import type {Sandbox, SandboxOptions, SandboxStats} from './types.js';
import {worldView} from './world-view.js';

export {SCENARIOS, SCENARIO_NAMES} from './scenarios.js';
export type {FaultKind, FaultPlan, Sandbox, SandboxOptions, SandboxPlan, SandboxProfile, SandboxStats} from './types.js';
export type {ExportView, ObjectView, WorldView} from './world-view.js';

function emptyStats(): SandboxStats {
	return {calls: 0, byOperation: {}, exportsStarted: 0, faultsInjected: 0, faultsByKind: {}};
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const scenarioName = options.scenario ?? 'healthy';
	const now = options.now ?? Date.now;
	const setup = buildScenario(scenarioName, now, profileSecrets(options.secretSeed), {tableCount: options.tableCount});
	if (options.planTableItems !== undefined) {
		// arn:aws:dynamodb:REGION:ACCOUNT:table/NAME
		const [, , , region = '', account = '', resource = ''] = setup.plan.tableArn.split(':');
		const table = setup.world.table(account, region, resource.replace(/^table\//, ''));
		if (table) {
			table.itemCount = options.planTableItems;
			table.exportedItemCap = options.planTableItems;
		}
	}
	const exports = new ExportEngine(setup.world, {
		durationMs: options.exportDurationMs ?? 6000,
		concurrentLimit: options.exportLimit ?? setup.exportLimit,
		onStarted: setup.onExportStarted,
		onCompleted: setup.onExportCompleted,
	});
	let stats = emptyStats();
	const server = new SandboxServer({
		context: {world: setup.world, exports},
		faults: new FaultInjector(options.faults ?? setup.faults),
		latencyMs: options.latencyMs ?? 0,
		get stats() {
			return stats;
		},
	});
	const port = await server.listen(options.port ?? 0);
	const endpoint = `http://127.0.0.1:${port}`;

	/** The keys expireCredentials() acts on by default: the default profile's, or every session of its role. */
	const defaultKeys = (): string[] => {
		const profile = setup.profiles.find((p) => p.name === setup.defaultProfile);
		if (profile?.accessKeyId) return [profile.accessKeyId];
		const roleArn = profile?.roleArn;
		return [...setup.world.credentials.values()].filter((c) => c.principalArn === roleArn).map((c) => c.accessKeyId);
	};
	const setExpired = (accessKeyId: string | undefined, expired: boolean) => {
		for (const id of accessKeyId ? [accessKeyId] : defaultKeys()) {
			const credential = setup.world.credentials.get(id);
			if (!credential) throw new Error(`No sandbox credentials with access key ${id}`);
			credential.forcedExpired = expired;
		}
	};

	return {
		endpoint,
		scenarioName,
		profiles: setup.profiles,
		defaultProfile: setup.defaultProfile,
		defaultPlan: setup.plan,
		writeSharedConfig: (dir) => writeSharedConfig(dir, setup.profiles, endpoint),
		get stats() {
			return {...stats, byOperation: {...stats.byOperation}, faultsByKind: {...stats.faultsByKind}, exportsStarted: exports.started};
		},
		resetStats() {
			stats = emptyStats();
			exports.started = 0;
		},
		expireCredentials: (accessKeyId) => setExpired(accessKeyId, true),
		refreshCredentials: (accessKeyId) => setExpired(accessKeyId, false),
		world: worldView(setup.world, exports, {account: homeAccount, region: homeRegion}),
		stop: () => server.close(),
	};
}
