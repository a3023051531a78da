// After an export COMPLETED, the wizard's completion screen verifies the files, previews
// five items and shows the import-table command, without leaving the wizard. The real
// controller and SDK clients against the sandbox; the Ink app at 80×24 (and 60×20), keys
// pressed as a person presses them.

import {before, test} from 'node:test';
import assert from 'node:assert/strict';
import {PutBucketPolicyCommand, S3Client} from '@aws-sdk/client-s3';
import {KEYS, renderApp, type Driver} from './helpers/ink.js';
import {runChecksThroughWizard, start, startExportToCompletion, type Sandbox} from './helpers/sandbox-wizard.js';
import {App, preloadPhaseViews} from '../source/ui/app.js';
import {rowsOf, stringWidth} from '../source/ui/text-layout.js';
import {importTableText} from '../source/core/wizard/completion.js';
import type {WizardController} from '../source/core/wizard/controller.js';

before(async () => {
	await preloadPhaseViews();
});

const TERMINAL = {columns: 80, rows: 24};

/** A completed export of `scenario`, and the wizard drawn at `size` on its completion screen. */
async function completed(scenario: string, size = TERMINAL, before?: (sandbox: Sandbox) => Promise<void>): Promise<{app: Driver; controller: WizardController; stop: () => Promise<void>}> {
	const {sandbox, controller} = await start(scenario);
	await before?.(sandbox);
	await runChecksThroughWizard(controller, sandbox);
	await startExportToCompletion(controller);
	const app = await renderApp(<App controller={controller} />, size);
	// Enter alone still quits: Quit is highlighted, the actions above it.
	assert.match(await app.waitFor('Verify the files now'), /❯ Quit/);
	return {
		app,
		controller,
		stop: async () => {
			app.unmount();
			controller.dispose();
			await sandbox.stop();
		},
	};
}

/** Chooses the menu entry labelled `label` (↑ until it is highlighted: Quit is, at first; then Enter). */
async function choose(app: Driver, label: string): Promise<void> {
	for (let i = 0; i < 6 && !app.frame().includes(`❯ ${label}`); i++) await app.press(KEYS.up);
	assert.ok(app.frame().includes(`❯ ${label}`), app.frame());
	await app.press(KEYS.enter);
}

/** The frame fits the terminal: no more rows than it has, the title on line 1. */
function assertFits(frame: string, size: {columns: number; rows: number}): void {
	const lines = frame.split('\n');
	assert.ok(rowsOf(lines, size.columns) <= size.rows - 1, `${rowsOf(lines, size.columns)} rows at ${size.columns}×${size.rows}:\n${frame}`);
	assert.match(lines[0]!, /^ddb-export/);
}

const settled = (frame: string) => !/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/.test(frame);

test('healthy: verify passes, 5 items as plain JSON, the import-table command whole at 80 columns', async () => {
	const {app, controller, stop} = await completed('healthy');
	try {
		await choose(app, 'Verify the files now');
		const verified = await app.waitFor((f) => settled(f) && /Export intact|NOT intact|Could not/.test(f));
		assertFits(verified, TERMINAL);
		assert.match(verified, /Verify the files · as default \(this profile\)/);
		assert.match(verified, /Export intact: \d+ data files/);
		assert.match(verified, /Items: 3,500 counted, 3,500 in the manifest, 3,500 in the summary/);
		assert.match(verified, /o another profile · r again · Esc back/);
		// Back on the summary, the verdict stays.
		await app.press(KEYS.escape);
		assert.match(await app.waitFor('Verified'), /Verified\s+✔ intact, read as default \(this profile\)/);

		await choose(app, 'Preview 5 items');
		const preview = await app.waitFor((f) => settled(f) && f.includes('Item 1'));
		assertFits(preview, TERMINAL);
		assert.match(preview, /"orderId": "ORDER#000001"/);
		assert.match(preview, /▼ \d+ more lines/);
		assert.match(preview, /↑↓ PgUp PgDn scroll/);
		// Paged to its end: five items, then nothing more.
		const seen = new Set<string>(['1']);
		for (let i = 0; i < 12; i++) {
			await app.press('\u001B[6~');
			for (const match of app.frame().matchAll(/^Item (\d+)$/gm)) seen.add(match[1]!);
		}
		assert.deepEqual([...seen].sort(), ['1', '2', '3', '4', '5']);
		const end = app.frame();
		assert.match(end, /^}$/m);
		assert.doesNotMatch(end, /▼ \d+ more lines/);
		assert.match(end, /▲ \d+ more lines/);
		await app.press(KEYS.escape);

		await app.waitFor('Load it into a new table');
		await choose(app, 'Load it into a new table');
		const shown = await app.waitFor((f) => settled(f) && f.includes('aws dynamodb import-table'));
		assertFits(shown, TERMINAL);
		const state = controller.getState();
		assert.ok(state.phase.kind === 'export');
		const text = importTableText(state, state.phase.run);
		assert.ok('ok' in text && text.ok, JSON.stringify(text));
		// Every line of the command whole on a line of its own (a longer one soft-wraps in the terminal, whole when copied).
		const lines = shown.split('\n').map((line) => line.trimEnd());
		for (const line of text.command.split('\n')) assert.ok(lines.includes(line), `not whole on a line: ${line}\n${shown}`);
		assert.match(text.command, /--input-format DYNAMODB_JSON \\\n {2}--input-compression-type GZIP \\\n/);
		assert.match(text.command, /"TableName":"orders-restored"/);
		assert.match(shown, /c copies the command · Esc back/);
		await app.press('c');
		assert.match(await app.waitFor(/Copied|Sent to the terminal|Not copied/), /Copied|Sent to the terminal|Not copied: the output is not a terminal/);
	} finally {
		await stop();
	}
});

test('an incremental export: no import-table command; the summary says it takes full exports only and what to do instead', async () => {
	const {sandbox, controller} = await start('healthy', {exportType: 'INCREMENTAL_EXPORT', incrementalMode: 'window', incrementalFrom: '-70m', incrementalTo: '-10m', viewType: 'NEW_IMAGE'});
	await runChecksThroughWizard(controller, sandbox);
	await startExportToCompletion(controller);
	const app = await renderApp(<App controller={controller} />, TERMINAL);
	try {
		const frame = await app.waitFor('Verify the files now');
		assertFits(frame, TERMINAL);
		assert.doesNotMatch(frame, /Load it into a new table|aws dynamodb import-table|\(import-table, Athena\)/);
		const flat = frame.replace(/\s+/g, ' ');
		assert.match(flat, /import-table takes full exports only, and this export is incremental/);
		assert.match(flat, /import the full export it continues from/);
	} finally {
		app.unmount();
		controller.dispose();
		await sandbox.stop();
	}
});

test('damaged-export: verify reports the altered data file', async () => {
	const {app, stop} = await completed('damaged-export');
	try {
		await choose(app, 'Verify the files now');
		const verdict = await app.waitFor((f) => settled(f) && /Export intact|NOT intact|Could not/.test(f));
		assertFits(verdict, TERMINAL);
		assert.match(verdict, /Export NOT intact: 1 of \d+ files is damaged/);
		assert.match(verdict, /✗ damaged data\//);
		await app.press(KEYS.escape);
		assert.match(await app.waitFor('Verified'), /Verified\s+✖ NOT intact/);
	} finally {
		await stop();
	}
});

test('cross-account: as the exporter the refusal is explained; as the owner the files verify and preview', async () => {
	const {app, stop} = await completed('cross-account', TERMINAL, async (sandbox) => {
		// The owner lets the exporting role write, and nothing more (as most landing buckets do).
		const owner = sandbox.profiles.find((p) => p.name === 'analytics-admin')!;
		const s3 = new S3Client({endpoint: sandbox.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: {accessKeyId: owner.accessKeyId!, secretAccessKey: owner.secretAccessKey!}});
		const statement = {Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::111111111111:role/DataExporter'}, Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:PutObjectAcl'], Resource: 'arn:aws:s3:::analytics-landing/*'};
		await s3.send(new PutBucketPolicyCommand({Bucket: 'analytics-landing', Policy: JSON.stringify({Version: '2012-10-17', Statement: [statement]})}));
		s3.destroy();
	});
	try {
		await choose(app, 'Verify the files now');
		const refused = await app.waitFor((f) => settled(f) && /Export intact|NOT intact|Could not/.test(f));
		assertFits(refused, TERMINAL);
		const text = refused.replace(/\s+/g, ' ');
		assert.match(text, /Could not read manifest-summary.json as default/);
		assert.match(text, /Account 222222222222 owns these files .* this account usually cannot read them back, which is expected\. Press o and choose a profile of account 222222222222/);
		await app.press('o');
		// The owner's profile is proposed once the profiles' accounts are known.
		const question = await app.waitFor(/❯ analytics-admin\s+account 222222222222 \(owns the files\)/);
		assertFits(question, TERMINAL);
		await app.press(KEYS.enter);
		const asOwner = await app.waitFor((f) => settled(f) && /as analytics-admin/.test(f) && /Export intact|NOT intact|Could not/.test(f));
		assert.match(asOwner, /Export intact: \d+ data files/);
		await app.press(KEYS.escape);
		// The preview reads as the profile chosen for the verification.
		await app.waitFor('Preview 5 items');
		await choose(app, 'Preview 5 items');
		const preview = await app.waitFor((f) => settled(f) && /Item 1|Could not/.test(f));
		assert.match(preview, /as analytics-admin/);
		assert.match(preview, /"orderId": "ORDER#000001"/);
	} finally {
		await stop();
	}
});

test('60×20: the verdict, the items and the command fit, long content scrolls', async () => {
	const size = {columns: 60, rows: 20};
	const {app, stop} = await completed('healthy', size);
	try {
		assertFits(app.frame(), size);
		await choose(app, 'Verify the files now');
		assertFits(await app.waitFor((f) => settled(f) && f.includes('Export intact')), size);
		await app.press(KEYS.escape);
		await app.waitFor('Preview 5 items');
		await choose(app, 'Preview 5 items');
		assertFits(await app.waitFor((f) => settled(f) && f.includes('Item 1')), size);
		await app.press(KEYS.escape);
		await app.waitFor('Load it into a new table');
		await choose(app, 'Load it into a new table');
		const command = await app.waitFor((f) => settled(f) && f.includes('aws dynamodb import-table'));
		assertFits(command, size);
		for (const line of command.split('\n')) if (stringWidth(line) > size.columns) assert.match(line.trim(), /^(--\S+ \S+( \\)?|\S+)$/, `prose wider than the terminal: ${line}`);
	} finally {
		await stop();
	}
});
