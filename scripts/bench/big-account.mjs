// Figure 4: a big account (sandbox scenario big-account: 10,000 more tables, 5,000 more
// buckets; every call answered after 100 ms), driven in a pseudo-terminal as a person
// would: the built CLI against a sandbox in another process, so that the CLI's peak
// memory is its own.

import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {figure, median, round} from './figures.mjs';
import {runWorker} from './workers.mjs';

/** A person's pause before answering (reading the question); keys typed 100 ms apart. */
const READ_MS = 600;
const KEY_GAP_MS = 100;
const KEYSTROKE_TARGET_MS = 30;
const RSS_TARGET_MB = 150;

function typing(text, prefix) {
	return [...text].flatMap((char, i) => [
		{sleep: KEY_GAP_MS},
		{send: char, mark: `${prefix}key${i}`},
		{wait: `Filter: ${text.slice(0, i + 1)}  \\d`, mark: `${prefix}frame${i}`},
	]);
}

function keyLatencies(marks, prefix) {
	const out = [];
	for (let i = 0; marks[`${prefix}key${i}`] !== undefined; i++) {
		if (marks[`${prefix}frame${i}`] !== undefined) out.push(round(marks[`${prefix}frame${i}`] - marks[`${prefix}key${i}`]));
	}
	return out;
}

/** A keystroke figure: the slowest of the latencies against the target, their median for reference. */
function keystrokeFigure(id, name, latencies, data) {
	const slowest = Math.max(...latencies);
	return figure({
		id,
		name,
		value: slowest,
		unit: 'ms',
		referenceLabel: `median ${round(median(latencies))} ms`,
		target: `≤ ${KEYSTROKE_TARGET_MS} ms`,
		met: slowest <= KEYSTROKE_TARGET_MS,
		data,
	});
}

function ptySession(root, spec, env) {
	return new Promise((resolve, reject) => {
		execFile('python3', [join(root, 'scripts', 'bench', 'pty-session.py'), JSON.stringify(spec)], {env, maxBuffer: 1 << 24, timeout: 180_000}, (error, stdout, stderr) => {
			if (error) return reject(new Error(`pty-session.py: ${error.message}\n${stderr}`));
			resolve(JSON.parse(stdout));
		});
	});
}

export async function measureBigAccount({root, cli, worker, sandbox, env}) {
	const info = sandbox.info;
	const roundTrip = await runWorker(worker, 'round-trip', {sandbox: info, runs: 5});
	const rt = median(roundTrip.warm);
	const steps = [
		{wait: 'Which AWS profile\\?.*❯', mark: 'profiles'},
		{sleep: READ_MS},
		{send: '\r'},
		{wait: 'Region of the table', mark: 'region'},
		{sleep: READ_MS},
		{send: '\r', mark: 'regionAnswered'},
		{wait: 'Which table do you want to export\\?', mark: 'tableStep'},
		// The first row under the filter line: the first page is on screen.
		{wait: 'Filter: [^\\n]*\\n\\s*❯ \\S', mark: 'firstRow'},
		...typing('eve', 'streaming-'),
		{sleep: KEY_GAP_MS},
		{send: '\x1b'},
		{wait: 'type to narrow', mark: 'cleared'},
		// Loaded: the count without "loading…" after it.
		{wait: 'type to narrow  \\d{5}\\s*\\n', mark: 'allTables'},
		{rss: 'tables'},
		...typing('even', 'tables-'),
		{sleep: READ_MS},
		{send: '\r', mark: 'tableChosen'},
		{wait: 'Which account owns', mark: 'destination'},
		{sleep: READ_MS},
		{send: '\r'},
		{wait: 'Which bucket', mark: 'bucketStep'},
		{wait: 'type to narrow  \\d{4}\\s*\\n', mark: 'allBuckets'},
		...typing('data', 'buckets-'),
		{rss: 'end'},
	];
	const session = await ptySession(root, {cmd: [process.execPath, cli, '--endpoint-url', info.endpoint], env: {AWS_CONFIG_FILE: info.configFile, AWS_SHARED_CREDENTIALS_FILE: info.credentialsFile, AWS_EC2_METADATA_DISABLED: 'true'}, timeoutMs: 150_000, steps}, env);
	if (session.error) throw new Error(`${session.error}; screen: ${JSON.stringify((session.screen ?? '').slice(-400))}`);
	const m = session.marks;
	const firstRow = m.firstRow - m.tableStep;
	const idleKeys = [...keyLatencies(m, 'tables-'), ...keyLatencies(m, 'buckets-')];
	const streamingKeys = keyLatencies(m, 'streaming-');
	const peakMb = (session.rss.end ?? 0) / 1024;
	return [
		figure({
			id: 'big.first-page',
			name: 'Big account: table step → first table row on screen',
			value: firstRow,
			unit: 'ms',
			reference: rt,
			referenceLabel: 'ListTables round trip',
			ratio: firstRow / rt,
			// Shown when the first ListTables page arrives, not after the whole list: before a
			// second round trip could have ended. (The rest is the first calls' cold SDK paths.)
			target: '< 2 round trips',
			met: firstRow < 2 * rt,
			data: {roundTrip, marks: m},
		}),
		figure({
			id: 'big.all-tables',
			name: 'Big account: all 10,004 tables listed (100 pages, streamed)',
			value: m.allTables - m.tableStep,
			unit: 'ms',
			reference: rt,
			referenceLabel: 'per page',
			ratio: (m.allTables - m.tableStep) / rt,
			target: '(information)',
			met: null,
		}),
		keystrokeFigure('big.keystroke', `Big account: filter keystroke → new frame, max of ${idleKeys.length} (10,004 tables, 5,000 buckets)`, idleKeys, {idle: idleKeys}),
		keystrokeFigure('big.keystroke-streaming', `Big account: filter keystroke while tables stream in, max of ${streamingKeys.length}`, streamingKeys, {streaming: streamingKeys}),
		figure({
			id: 'big.peak-rss',
			name: 'Big account: peak RSS of the CLI process (tables and buckets listed)',
			value: peakMb,
			unit: 'MB',
			referenceLabel: `${round((session.rss.tables ?? 0) / 1024)} MB after the tables`,
			target: `≤ ${RSS_TARGET_MB} MB`,
			met: peakMb <= RSS_TARGET_MB,
			data: {rssKb: session.rss},
		}),
	];
}
