// Nothing lost under faults: the whole wizard flow (answers, live checks, one export
// with one ClientToken, watched to the end) against a sandbox that throttles, fails,
// drops connections, slows down and loses answers; plus a network outage while
// watching and a lost StartExport answer. Real SDK clients over loopback HTTP.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import type {IncomingMessage} from 'node:http';
import {render} from 'ink-testing-library';
import React from 'react';
import {createAwsGateway} from '../source/aws/gateway.js';
import {watchExport} from '../source/cli/commands/watch-export.js';
import {toExportRequest} from '../source/core/plan.js';
import type {ExportDescription} from '../source/core/ports.js';
import {WizardController} from '../source/core/wizard/controller.js';
import type {WizardState} from '../source/core/wizard/state.js';
import {startSandbox, type FaultKind, type Sandbox, type SandboxOptions} from '../source/sandbox/index.js';
import {App} from '../source/ui/app.js';
import {startFaultProxy} from './helpers/fault-proxy.js';
import {drive, waitFor, type Outcome} from './helpers/wizard-driver.js';
import {draftFromPlan} from '../source/core/wizard/draft-from-plan.js';
import {useSandboxProfiles} from './helpers/sandbox-profiles.js';

const RUNS = 50;
/** Runs at once: each has its own sandbox; latency spikes (1–3 s) overlap instead of adding up. */
const CONCURRENCY = 10;
const RUN_TIMEOUT_MS = 30_000;
const KINDS: FaultKind[] = ['throttle', 'server-error', 'reset', 'latency-spike', 'lost-response'];
const FAST_POLLS = {pollScheduleMs: [50, 50, 100]};

let configDir: string;
/** Every sandbox here has the same secrets, so one set of profile files serves them all (runs are concurrent). */
const secretSeed = 'faults.test';

before(async () => {
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
	for (const name of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL']) {
		delete process.env[name];
	}
	// Every healthy sandbox of this seed has the same profiles and keys; the endpoint is given per gateway.
	const sandbox = await startSandbox({scenario: 'healthy', secretSeed});
	configDir = useSandboxProfiles(sandbox, 'ddb-export-faults-');
	process.env.AWS_EC2_METADATA_DISABLED = 'true';
	await sandbox.stop();
});

after(() => {
	rmSync(configDir, {recursive: true, force: true});
});

/** A sandbox with this file's secrets (see secretSeed). */
function startWithProfiles(options: SandboxOptions): Promise<Sandbox> {
	return startSandbox({...options, secretSeed});
}

interface Wizard {
	controller: WizardController;
	retries: string[];
	tokens: string[];
}

/** A controller over the real gateway, with the sandbox's plan proposed, as --demo has it. */
function wizardFor(sandbox: Sandbox, endpoint = sandbox.endpoint, name = 'run'): Wizard {
	const retries: string[] = [];
	const tokens: string[] = [];
	let controller: WizardController | undefined;
	const gateway = createAwsGateway({
		endpointUrl: endpoint,
		onRetry: (event) => {
			const message = `Retrying ${event.service} ${event.operation} (attempt ${event.attempt}): ${event.error}`;
			retries.push(message);
			controller?.notifyRetry(message);
		},
	});
	controller = new WizardController({
		gateway,
		defaults: draftFromPlan(sandbox.defaultPlan, sandbox.defaultProfile),
		settings: FAST_POLLS,
		makeClientToken: () => {
			const token = `${name}-token-${tokens.length + 1}`;
			tokens.push(token);
			return token;
		},
	});
	return {controller, retries, tokens};
}

interface RunRecord {
	seed: number;
	outcome: Outcome;
	exportsStarted: number;
	startCalls: number;
	tokens: number;
	faultsByKind: Record<string, number>;
	faults: number;
	retries: number;
	exportTokens: string[];
	notPassed: string[];
}

async function faultyRun(seed: number): Promise<RunRecord> {
	const sandbox = await startWithProfiles({scenario: 'healthy', exportDurationMs: 200, faults: {rate: 0.2, seed, kinds: KINDS}});
	const {controller, retries, tokens} = wizardFor(sandbox, sandbox.endpoint, `seed${seed}`);
	try {
		const outcome = await drive(controller, {timeoutMs: RUN_TIMEOUT_MS});
		const stats = sandbox.stats;
		const checks = outcome.state.checks?.results ?? [];
		return {
			seed,
			outcome,
			exportsStarted: stats.exportsStarted,
			startCalls: stats.byOperation['dynamodb:ExportTableToPointInTime'] ?? 0,
			tokens: tokens.length,
			faultsByKind: stats.faultsByKind,
			faults: stats.faultsInjected,
			retries: retries.length,
			exportTokens: sandbox.world.exports().map((e) => e.clientToken),
			notPassed: checks.filter((r) => r.status !== 'passed' && r.status !== 'skipped').map((r) => `${r.id}:${r.status}`),
		};
	} finally {
		controller.dispose();
		await sandbox.stop();
	}
}

function describeOutcome(outcome: Outcome): string {
	switch (outcome.kind) {
		case 'completed':
			return 'completed';
		case 'diagnosed':
			return `diagnosed at ${outcome.where}: ${outcome.title} — ${outcome.cause}`;
		case 'bug':
			return `BUG at ${outcome.where}: ${outcome.detail}`;
		case 'hang':
			return `HANG at ${outcome.where}`;
		case 'stopped':
			return `stopped at ${outcome.where}`;
	}
}

test(`${RUNS} whole runs with 20 % of calls faulted: each completes or is diagnosed, none starts two exports`, async () => {
	const records: RunRecord[] = [];
	let next = 0;
	await Promise.all(
		Array.from({length: CONCURRENCY}, async () => {
			while (next < RUNS) {
				const seed = next++;
				records.push(await faultyRun(seed));
			}
		}),
	);
	records.sort((a, b) => a.seed - b.seed);

	const faultsByKind: Record<string, number> = {};
	for (const r of records) for (const [kind, n] of Object.entries(r.faultsByKind)) faultsByKind[kind] = (faultsByKind[kind] ?? 0) + n;
	const completed = records.filter((r) => r.outcome.kind === 'completed');
	const diagnosed = records.filter((r) => r.outcome.kind === 'diagnosed');
	const duplicates = records.filter((r) => r.exportsStarted > 1);
	const startRetried = records.filter((r) => r.startCalls > 1);
	const couldNotTell: Record<string, number> = {};
	for (const r of records) for (const id of r.notPassed) couldNotTell[id] = (couldNotTell[id] ?? 0) + 1;
	console.log(
		`faults: runs=${records.length} completed=${completed.length} diagnosed=${diagnosed.length} ` +
			`faults injected=${records.reduce((n, r) => n + r.faults, 0)} ${JSON.stringify(faultsByKind)} ` +
			`SDK retries=${records.reduce((n, r) => n + r.retries, 0)} start calls retried=${startRetried.length} ` +
			`duplicate exports found=${duplicates.length}`,
	);
	console.log(`faults: checks that could not tell (status by check) ${JSON.stringify(couldNotTell)}`);
	for (const r of diagnosed) console.log(`faults: seed ${r.seed} ${describeOutcome(r.outcome)}`);

	for (const r of records) {
		const label = `seed ${r.seed}: ${describeOutcome(r.outcome)}`;
		assert.ok(r.outcome.kind === 'completed' || r.outcome.kind === 'diagnosed', label);
		if (r.outcome.kind === 'diagnosed') assert.ok(r.outcome.title && r.outcome.cause, `${label}: a diagnosis needs a title and a cause`);
		assert.ok(r.exportsStarted <= 1, `${label}: ${r.exportsStarted} exports started`);
		assert.ok(r.tokens <= 1, `${label}: ${r.tokens} client tokens made`);
		assert.ok(new Set(r.exportTokens).size <= 1, `${label}: exports with different tokens ${r.exportTokens.join(', ')}`);
		if (r.outcome.kind === 'completed') assert.equal(r.exportsStarted, 1, label);
		// The world is healthy: a fault may make a check unsure, never make it fail.
		assert.ok(!r.notPassed.some((s) => s.endsWith(':failed')), `${label}: a check failed on a healthy world: ${r.notPassed.join(', ')}`);
	}
	assert.equal(duplicates.length, 0);
	// The faults really happened, of every kind, and the flow got through most of them.
	for (const kind of KINDS) assert.ok((faultsByKind[kind] ?? 0) > 0, `no ${kind} was injected`);
	assert.ok(completed.length >= RUNS * 0.8, `only ${completed.length} of ${RUNS} runs completed`);
});

test('throttling shows "Retrying…" (state and screen) and the run goes on instead of failing', async () => {
	const sandbox = await startWithProfiles({scenario: 'healthy', exportDurationMs: 200, faults: {rate: 0.2, seed: 3, kinds: ['throttle']}});
	const {controller, retries} = wizardFor(sandbox);
	const seen: string[] = [];
	let clearedAfterRetry = false;
	const unsubscribe = controller.subscribe((state: WizardState) => {
		if (state.retrying) seen.push(state.retrying);
		else if (seen.length > 0) clearedAfterRetry = true;
	});
	const ink = render(React.createElement(App, {controller}));
	try {
		const outcome = await drive(controller, {timeoutMs: RUN_TIMEOUT_MS});
		assert.equal(outcome.kind, 'completed', describeOutcome(outcome));
		assert.ok(sandbox.stats.faultsByKind.throttle! > 0);
		assert.ok(retries.length > 0);
		assert.ok(seen.some((m) => /^Retrying \w+ \w+ \(attempt [2-5]\): .*Throttl/.test(m)), `retrying messages: ${seen.join(' | ')}`);
		// The Ink face showed it while it lasted.
		assert.ok(ink.frames.some((f) => /Retrying \w+ \w+ \(attempt/.test(f)), 'no frame said "Retrying"');
		assert.ok(clearedAfterRetry, 'the message is cleared by the next answer');
		console.log(`faults: throttling — throttled=${sandbox.stats.faultsByKind.throttle} retrying messages=${seen.length}`);
	} finally {
		ink.unmount();
		unsubscribe();
		controller.dispose();
		await sandbox.stop();
	}
});

test('watching survives a network outage: DescribeExport fails for a while, the watch resumes and sees COMPLETED', async () => {
	const sandbox = await startWithProfiles({scenario: 'healthy', exportDurationMs: 1500});
	const proxy = await startFaultProxy(sandbox.endpoint);
	const {controller} = wizardFor(sandbox, proxy.endpoint);
	const statuses = new Set<string>();
	const unsubscribe = controller.subscribe((state) => {
		if (state.phase.kind === 'export') statuses.add(state.phase.run.status);
	});
	try {
		const watching = await drive(controller, {
			timeoutMs: RUN_TIMEOUT_MS,
			until: (s) => s.phase.kind === 'export' && s.phase.run.status === 'watching' && s.phase.run.polls >= 1,
		});
		assert.equal(watching.kind, 'stopped', describeOutcome(watching));
		proxy.down();
		// The SDK's own retries run out, then the wizard says it will try again, still watching.
		await waitFor(() => /Trying again/.test(controller.getState().retrying ?? ''), 10_000, 'the wizard to say it will try again');
		const during = controller.getState();
		assert.equal(during.phase.kind === 'export' && during.phase.run.status, 'watching');
		assert.match(during.retrying!, /No answer from AWS/);
		proxy.up();
		const outcome = await drive(controller, {timeoutMs: RUN_TIMEOUT_MS});
		assert.equal(outcome.kind, 'completed', describeOutcome(outcome));
		assert.ok(proxy.counts.refused > 0);
		// looking: the plan's first start first looks for the same export already running.
		assert.deepEqual([...statuses].sort(), ['completed', 'looking', 'starting', 'watching']);
		assert.equal(sandbox.stats.exportsStarted, 1);
		console.log(`faults: outage while watching — requests cut=${proxy.counts.refused}, then COMPLETED`);
	} finally {
		unsubscribe();
		controller.dispose();
		await proxy.stop();
		await sandbox.stop();
	}
});

test('the --yes watch (watchExport) waits out an outage too', async () => {
	const sandbox = await startWithProfiles({scenario: 'healthy', exportDurationMs: 800});
	const proxy = await startFaultProxy(sandbox.endpoint);
	const session = createAwsGateway({endpointUrl: proxy.endpoint}).session({profile: sandbox.defaultProfile, region: sandbox.defaultPlan.region});
	const plan = sandbox.defaultPlan;
	try {
		const first = await session.startExport(
			toExportRequest({...plan, format: 'DYNAMODB_JSON', type: 'FULL_EXPORT'}, 'watch-outage-token'),
		);
		const retried: string[] = [];
		const updates: ExportDescription[] = [];
		const controller = new AbortController();
		proxy.down();
		setTimeout(() => proxy.up(), 1500);
		const last = await watchExport(session, first, {
			signal: controller.signal,
			schedule: [50, 50, 100],
			onUpdate: (d) => updates.push(d),
			onRetry: (message) => retried.push(message),
		});
		assert.equal(last.status, 'COMPLETED');
		assert.equal(updates[0]!.status, 'IN_PROGRESS');
		assert.ok(retried.length > 0 && proxy.counts.refused > 0, 'the outage was met');
		assert.equal(sandbox.stats.exportsStarted, 1);
	} finally {
		await proxy.stop();
		await sandbox.stop();
	}
});

/** Runs the checks with the next S3 answer that `lost` picks dropped; returns the probe's result. */
async function probeWithLostAnswer(lost: (request: IncomingMessage) => boolean, label: string) {
	const sandbox = await startWithProfiles({scenario: 'healthy', exportDurationMs: 200});
	const proxy = await startFaultProxy(sandbox.endpoint);
	proxy.dropNextResponse(lost);
	const {controller} = wizardFor(sandbox, proxy.endpoint, label);
	try {
		const outcome = await drive(controller, {timeoutMs: RUN_TIMEOUT_MS, until: (s) => s.checks?.status === 'done'});
		assert.equal(outcome.kind, 'stopped', describeOutcome(outcome));
		assert.equal(proxy.counts.dropped, 1);
		const probe = controller.getState().checks!.results.find((r) => r.id === 'write-probe')!;
		assert.equal(probe.status, 'passed', `${probe.summary} ${probe.cause ?? ''}`);
		return {probe, stats: sandbox.stats, uploads: sandbox.world.uploads(sandbox.defaultPlan.bucket), bucket: sandbox.defaultPlan.bucket};
	} finally {
		controller.dispose();
		await proxy.stop();
		await sandbox.stop();
	}
}

test('a write probe whose AbortMultipartUpload answer is lost still passes (the retried abort meets NoSuchUpload)', async () => {
	const {stats, uploads} = await probeWithLostAnswer((request) => request.method === 'DELETE' && /[?&]uploadId=/.test(request.url ?? ''), 'abort');
	assert.equal(stats.byOperation['s3:AbortMultipartUpload'], 2);
	assert.deepEqual(uploads, []);
});

test('a write probe whose CreateMultipartUpload answer is lost passes, and says what S3 may still hold', async () => {
	const {probe, stats, uploads, bucket} = await probeWithLostAnswer((request) => request.method === 'POST' && /[?&]uploads\b/.test(request.url ?? ''), 'create');
	assert.equal(stats.byOperation['s3:CreateMultipartUpload'], 2);
	// The exporter role may not list uploads (s3:ListBucketMultipartUploads), as is usual:
	// the one upload whose id never arrived is still there, and the check says so.
	assert.equal(uploads.length, 1);
	const note = probe.evidence?.find((e) => e.includes('may hold one more empty upload')) ?? '';
	assert.ok(note.includes(`s3://${bucket}/${uploads[0]!.key}`), probe.evidence?.join('\n'));
	assert.doesNotMatch(probe.evidence?.join('\n') ?? '', /nothing is left behind/);
});

test('a StartExport whose answer is lost is retried with the same ClientToken: one export', async () => {
	const sandbox = await startWithProfiles({scenario: 'healthy', exportDurationMs: 200});
	const proxy = await startFaultProxy(sandbox.endpoint);
	proxy.dropNextResponse((request) => request.headers['x-amz-target'] === 'DynamoDB_20120810.ExportTableToPointInTime');
	const {controller, tokens} = wizardFor(sandbox, proxy.endpoint, 'lost');
	try {
		const outcome = await drive(controller, {timeoutMs: RUN_TIMEOUT_MS});
		assert.equal(outcome.kind, 'completed', describeOutcome(outcome));
		assert.equal(proxy.counts.dropped, 1);
		assert.equal(sandbox.stats.byOperation['dynamodb:ExportTableToPointInTime'], 2, 'the start call was sent twice');
		assert.equal(sandbox.stats.exportsStarted, 1, 'and started one export');
		assert.deepEqual(tokens, ['lost-token-1']);
		assert.deepEqual(sandbox.world.exports().map((e) => e.clientToken), ['lost-token-1']);
		console.log('faults: lost StartExport answer — 2 calls, 1 export, duplicates found=0');
	} finally {
		controller.dispose();
		await proxy.stop();
		await sandbox.stop();
	}
});
