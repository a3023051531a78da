// The wizard's "Everything since the last export to this destination" on the sandbox's
// incremental-chain scenario, through the Ink app at 80×24: the choice says what it would
// export, the review shows the windows, Start starts them one after the other and each once.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {KEYS, renderApp} from './helpers/ink.js';
import {start, until} from './helpers/sandbox-wizard.js';
import {App} from '../source/ui/app.js';

const SIZE = {columns: 80, rows: 24};

test('since the last export: the choice, the windows on the review, and the chain started in order, each window once', async () => {
	const {sandbox, controller} = await start('incremental-chain', {exportType: 'INCREMENTAL_EXPORT'});
	const app = await renderApp(React.createElement(App, {controller}), SIZE);
	try {
		// The profile and the table are given: the first question is Which changes? (an Enter here
		// would now be kept for it, as typed ahead, and answer it before the chain is read).
		await app.waitFor('Which AWS profile?');
		let frame = await app.waitFor(/Everything since the last export to this destination\s+50 h, 3 exports/);
		assert.match(frame, /Which changes\?/);
		await app.press(KEYS.enter);
		await app.waitFor('What should each changed item carry?');
		await app.press(KEYS.enter);
		frame = await app.waitFor('Review the export');
		assert.match(frame, /Type\s+INCREMENTAL_EXPORT since the last export \(NEW_AND_OLD_IMAGES\)/);
		assert.match(frame, /3 incremental exports, one after the other/);
		const windows = frame.split('\n').filter((line) => /^ {2}\d {2}\d{4}-\d\d-\d\d /.test(line));
		assert.equal(windows.length, 3, frame);
		assert.deepEqual(windows.map((line) => / (\d+ h)(?: \d+ s)? {2}/.exec(line)?.[1]), ['24 h', '24 h', '2 h']);
		assert.ok(frame.split('\n').length <= SIZE.rows, 'the review fits 80×24');
		await app.press(KEYS.enter);
		await app.waitFor('Start the 3 exports, one after the other');
		assert.equal(sandbox.stats.exportsStarted, 0, 'nothing started before Start');
		await app.press(KEYS.enter);
		await app.waitFor(/Window 2 of 3: .* \(1 COMPLETED\)/);
		frame = await app.waitFor('All 3 windows COMPLETED');
		const state = controller.getState();
		assert.ok(state.phase.kind === 'export' && state.phase.run.chain);
		const planned = state.phase.run.chain.windows.map((w) => w.clientToken);
		const started = sandbox.world.exports().filter((e) => e.clientToken.startsWith('chain-'));
		assert.deepEqual(started.map((e) => e.clientToken), planned, 'the planned windows, in order, once each');
		assert.equal(sandbox.stats.exportsStarted, 3);
	} finally {
		app.unmount();
		controller.dispose();
		await sandbox.stop();
	}
});

test('since the last export, beyond PITR: said plainly; a full export to this destination instead', async () => {
	const {sandbox, controller} = await start('incremental-chain', {exportType: 'INCREMENTAL_EXPORT', prefix: 'exports/orders-archive/', incrementalMode: 'since-last', viewType: 'NEW_IMAGE'});
	const app = await renderApp(React.createElement(App, {controller}), SIZE);
	try {
		// The profile and the table are given: the first question is Which changes? (an Enter here
		// would now be kept for it, as typed ahead, and answer it before the chain is read).
		await app.waitFor('Which AWS profile?');
		let frame = await app.waitFor(/the changes\s+between are gone from PITR/);
		assert.match(frame.replace(/\s+/g, ' '), /The last export to this destination ended at .* point-in-time recovery only reaches back to .*: the changes between are gone from PITR\./);
		assert.match(frame, /❯ A full export to this destination instead/);
		await app.press(KEYS.enter);
		frame = await app.waitFor(/Type\s+FULL_EXPORT/);
		assert.match(frame, /aws dynamodb export-table-to-point-in-time|a shows the same export/);
		await until(controller, (s) => s.draft.exportType === 'FULL_EXPORT', 'the full export');
		assert.equal(sandbox.stats.exportsStarted, 0);
	} finally {
		app.unmount();
		controller.dispose();
		await sandbox.stop();
	}
});
