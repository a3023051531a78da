// Runs the sandbox on its own, for a person to point the real `aws` CLI or the tool at:
//   node --import tsx source/sandbox/main.ts --scenario healthy --port 4566 [--latency MS] [--export-duration MS]
//     [--export-limit N] (exports at once per account) [--tables N] (many-tables: orders tables)
// --latency (every answer waits; default DDB_EXPORT_DEMO_LATENCY_MS or 0) and --export-duration
// (default DDB_EXPORT_DEMO_EXPORT_MS or 6000) set its pace.
// Prints the endpoint and where the profile files are; Ctrl-C stops it.

import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {SCENARIOS, startSandbox} from './index.js';

const {values} = parseArgs({
	options: {
		scenario: {type: 'string', default: 'healthy'},
		port: {type: 'string', default: '4566'},
		latency: {type: 'string', default: process.env.DDB_EXPORT_DEMO_LATENCY_MS || '0'},
		'export-duration': {type: 'string', default: process.env.DDB_EXPORT_DEMO_EXPORT_MS || '6000'},
		'export-limit': {type: 'string'},
		tables: {type: 'string'},
		list: {type: 'boolean', default: false},
	},
});

if (values.list) {
	for (const [name, {description}] of Object.entries(SCENARIOS)) console.log(`${name.padEnd(22)}${description}`);
	process.exit(0);
}

for (const flag of ['port', 'latency', 'export-duration', 'export-limit', 'tables'] as const) {
	if (values[flag] !== undefined && !/^\d+$/.test(values[flag])) {
		console.error(`--${flag}: "${values[flag]}" is not a whole number.`);
		process.exit(3);
	}
}

const sandbox = await startSandbox({
	scenario: values.scenario,
	port: Number(values.port),
	latencyMs: Number(values.latency),
	exportDurationMs: Number(values['export-duration']),
	exportLimit: values['export-limit'] === undefined ? undefined : Number(values['export-limit']),
	tableCount: values.tables === undefined ? undefined : Number(values.tables),
});
const profileDir = mkdtempSync(join(tmpdir(), 'ddb-export-sandbox-'));
const files = sandbox.writeSharedConfig(profileDir);

console.log(`Sandbox '${sandbox.scenarioName}': ${SCENARIOS[sandbox.scenarioName]?.description ?? ''}`);
console.log(`Endpoint:     ${sandbox.endpoint} (each answer waits ${values.latency} ms; an export takes ${values['export-duration']} ms)`);
console.log(`Profiles:     ${sandbox.profiles.map((p) => p.name).join(', ')} (default: ${sandbox.defaultProfile})`);
console.log('Use it with:');
console.log(`  export AWS_CONFIG_FILE=${files.configFile}`);
console.log(`  export AWS_SHARED_CREDENTIALS_FILE=${files.credentialsFile}`);
console.log(`  export AWS_ENDPOINT_URL=${sandbox.endpoint}`);
console.log('  aws sts get-caller-identity');
const plan = sandbox.defaultPlan;
console.log(`Default plan: ${plan.tableArn} -> s3://${plan.bucket}/${plan.prefix} (${plan.sse}${plan.kmsKeyId ? ` ${plan.kmsKeyId}` : ''})`);
console.log('Ctrl-C stops the sandbox.');

const stop = () => {
	rmSync(profileDir, {recursive: true, force: true});
	sandbox.stop().then(() => process.exit(0), () => process.exit(1));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
