// Figure 2 (the prerequisite checks) and the round-trip reference of figure 4, in a fresh
// process each: the first run pays for loading the SDK (cold), the next ones do not (warm).

import {runChecks} from '../../source/core/checks/run-checks.js';
import type {ExportPlan} from '../../source/core/plan.js';
import {createAwsGateway} from '../../source/aws/gateway.js';
import type {SandboxInfo} from './sandbox-runner.js';

/** Points the standard AWS settings at the sandbox, as --demo does, and nothing else. */
export function useSandbox(info: SandboxInfo): void {
	for (const name of Object.keys(process.env)) {
		if (name.startsWith('AWS_')) delete process.env[name];
	}
	process.env['AWS_CONFIG_FILE'] = info.configFile;
	process.env['AWS_SHARED_CREDENTIALS_FILE'] = info.credentialsFile;
	process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
	process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
}

export function planOf(info: SandboxInfo): ExportPlan {
	return {...info.plan, profile: info.defaultProfile, format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'};
}

export interface ChecksRun {
	ms: number;
	calls: number;
	overall: string;
	byOperation: Record<string, number>;
}

async function oneRun(info: SandboxInfo): Promise<ChecksRun> {
	const byOperation: Record<string, number> = {};
	let calls = 0;
	const gateway = createAwsGateway({
		endpointUrl: info.endpoint,
		onCall: (event) => {
			calls++;
			const key = `${event.service}:${event.operation}`;
			byOperation[key] = (byOperation[key] ?? 0) + 1;
		},
	});
	const start = performance.now();
	const session = gateway.session({profile: info.defaultProfile, region: info.region});
	const report = await runChecks({plan: planOf(info), session, probe: true, now: () => new Date()}, () => {});
	const ms = performance.now() - start;
	(session as {destroy?: () => void}).destroy?.();
	return {ms, calls, overall: report.overall, byOperation};
}

export async function measureChecks(input: Record<string, unknown>): Promise<{cold: ChecksRun; warm: ChecksRun[]}> {
	const info = input['sandbox'] as SandboxInfo;
	useSandbox(info);
	const cold = await oneRun(info);
	const warm: ChecksRun[] = [];
	for (let i = 0; i < Number(input['runs'] ?? 5); i++) warm.push(await oneRun(info));
	return {cold, warm};
}

/** One ListTables page (Limit 100) with a warm client, as the SDK sees it. */
export async function measureRoundTrip(input: Record<string, unknown>): Promise<{cold: number; warm: number[]}> {
	const info = input['sandbox'] as SandboxInfo;
	useSandbox(info);
	const {DynamoDBClient, ListTablesCommand} = await import('@aws-sdk/client-dynamodb');
	const {fromIni} = await import('@aws-sdk/credential-providers');
	const client = new DynamoDBClient({region: info.region, endpoint: info.endpoint, credentials: fromIni({profile: info.defaultProfile})});
	const page = async () => {
		const start = performance.now();
		await client.send(new ListTablesCommand({Limit: 100}));
		return performance.now() - start;
	};
	const cold = await page();
	const warm: number[] = [];
	for (let i = 0; i < Number(input['runs'] ?? 5); i++) warm.push(await page());
	client.destroy();
	return {cold, warm};
}
