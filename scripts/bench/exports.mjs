// After the export: `verify` and `read` of a large sandbox export (100,000 items of every
// attribute type, DynamoDB JSON and Ion, 100 data files), in MB/s of the gzip bytes
// fetched, against what a person would otherwise run on the same data files:
//   for k in KEYS; do aws s3 cp s3://BUCKET/$k - ; done | gunzip | wc -l
// (and aws s3 cp --recursive, then gunzip | wc -l, the AWS CLI's fastest way). Peak RSS of
// the CLI comes from /usr/bin/time. Without the aws CLI the reference rows say so.

import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {figure, median, round} from './figures.mjs';

export const EXPORT_ITEMS = 100_000;
const RSS_TARGET_MB = 150;
const TIME = '/usr/bin/time';

/** Runs a shell script; resolves with stdout, stderr and the wall time in ms. */
function shell(script, env, timeoutMs = 600_000) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn('bash', ['-o', 'pipefail', '-c', script], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		const timer = setTimeout(() => child.kill(), timeoutMs);
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.once('close', (code) => {
			clearTimeout(timer);
			const ms = performance.now() - started;
			if (code !== 0) reject(new Error(`exit ${code}: ${script.slice(0, 120)}…\n${stderr.slice(-2000)}`));
			else resolve({stdout, stderr, ms});
		});
	});
}

const quote = (text) => `'${String(text).replace(/'/g, `'\\''`)}'`;
const mb = (bytes) => bytes / 1024 / 1024;

/** Wall time and peak RSS (MB) of one CLI run, its stdout sent to `sink` (a shell pipeline tail). */
async function timedCli(cli, args, env, sink = '>/dev/null') {
	const rssFile = join(tmpdir(), `ddb-export-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
	const measure = existsSync(TIME) ? `${TIME} -f %M -o ${quote(rssFile)} ` : '';
	const result = await shell(`${measure}${quote(process.execPath)} ${quote(cli)} ${args.map(quote).join(' ')} ${sink}`, env);
	let rssMb;
	if (measure) {
		rssMb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
		rmSync(rssFile, {force: true});
	}
	return {...result, rssMb};
}

export async function measureExportReading({cli, sandbox, env, runs, aws}) {
	const info = sandbox.info;
	const sandboxEnv = {
		...env,
		AWS_CONFIG_FILE: info.configFile,
		AWS_SHARED_CREDENTIALS_FILE: info.credentialsFile,
		AWS_PROFILE: info.defaultProfile,
		AWS_DEFAULT_REGION: info.region,
		AWS_EC2_METADATA_DISABLED: 'true',
		AWS_PAGER: '',
	};
	const endpoint = ['--endpoint-url', info.endpoint];
	const rows = [];
	for (const format of ['DYNAMODB_JSON', 'ION']) {
		const label = format === 'ION' ? 'Ion' : 'DynamoDB JSON';
		const started = await shell(
			`${quote(process.execPath)} ${quote(cli)} --yes --table-arn ${quote(info.plan.tableArn)} --s3-bucket ${quote(info.plan.bucket)} --s3-prefix ${quote(info.plan.prefix)} --export-format ${format} --endpoint-url ${quote(info.endpoint)} --query ExportDescription.ExportArn --output text`,
			sandboxEnv,
		);
		const arn = started.stdout.trim();
		const billed = await shell(`${quote(process.execPath)} ${quote(cli)} watch ${quote(arn)} --endpoint-url ${quote(info.endpoint)} --query ExportDescription.BilledSizeBytes --output text`, sandboxEnv);
		const textBytes = Number(billed.stdout.trim());

		// verify: its own report says the files and their bytes.
		const verifies = [];
		let report;
		for (let i = 0; i < runs; i++) {
			const run = await timedCli(cli, ['verify', arn, ...endpoint, '--output', 'json'], sandboxEnv, '');
			report ??= JSON.parse(run.stdout).verify;
			verifies.push(run);
		}
		if (report.verdict !== 'intact' || report.countedItemCount !== EXPORT_ITEMS) throw new Error(`verify said ${report.verdict}, ${report.countedItemCount} items`);
		const gzipBytes = report.bytes;
		const keys = report.files.map((f) => f.key);
		const verifyMs = median(verifies.map((r) => r.ms));
		const verifyRss = Math.max(...verifies.map((r) => r.rssMb ?? NaN));
		const reads = [];
		for (let i = 0; i < runs; i++) reads.push(await timedCli(cli, ['read', arn, ...endpoint], sandboxEnv, '| wc -l'));
		const readLines = Number(reads[0].stdout.trim());
		if (readLines !== EXPORT_ITEMS) throw new Error(`read printed ${readLines} lines`);
		const readMs = median(reads.map((r) => r.ms));
		const readRss = Math.max(...reads.map((r) => r.rssMb ?? NaN));

		// The AWS CLI on the same data files: one aws s3 cp per file, then all at once.
		let perFile;
		let recursive;
		if (aws) {
			const awsCp = `${quote(aws)} s3 cp --endpoint-url ${quote(info.endpoint)} --only-show-errors`;
			const loop = await shell(`for k in ${keys.map(quote).join(' ')}; do ${awsCp} "s3://${info.plan.bucket}/$k" - ; done | gunzip | wc -l`, sandboxEnv);
			if (Number(loop.stdout.trim()) !== EXPORT_ITEMS) throw new Error(`aws s3 cp | gunzip | wc -l counted ${loop.stdout.trim()}`);
			perFile = loop.ms;
			const dir = mkdtempSync(join(tmpdir(), 'ddb-export-bench-aws-'));
			try {
				const folder = keys[0].slice(0, keys[0].lastIndexOf('/') + 1);
				const all = await shell(`${awsCp} --recursive "s3://${info.plan.bucket}/${folder}" ${quote(dir)} && gunzip -c ${quote(dir)}/* | wc -l`, sandboxEnv);
				if (Number(all.stdout.trim()) !== EXPORT_ITEMS) throw new Error(`aws s3 cp --recursive | gunzip | wc -l counted ${all.stdout.trim()}`);
				recursive = all.ms;
			} finally {
				rmSync(dir, {recursive: true, force: true});
			}
		}
		const rate = (ms) => mb(gzipBytes) / (ms / 1000);
		const size = `${keys.length} files, ${round(mb(gzipBytes))} MB gzip, ${round(mb(textBytes))} MB ${format === 'ION' ? 'Ion text' : 'JSON'}`;
		const versus = (ms) =>
			aws
				? {referenceLabel: `aws s3 cp per file | gunzip | wc -l: ${round(rate(perFile))} MB/s (${round(perFile / 1000)} s); --recursive: ${round(rate(recursive))} MB/s`, ratio: rate(ms) / rate(perFile)}
				: {referenceLabel: 'aws CLI not installed: no reference'};
		rows.push(
			figure({
				id: `exports.verify-${format === 'ION' ? 'ion' : 'json'}`,
				name: `verify, ${label} export (${EXPORT_ITEMS.toLocaleString('en-US')} items; ${size})`,
				value: rate(verifyMs),
				unit: `MB/s (${round(verifyMs / 1000)} s, ${round(mb(textBytes) / (verifyMs / 1000))} MB/s uncompressed)`,
				...versus(verifyMs),
				target: '(information)',
				met: null,
				data: {verifyMs: verifies.map((r) => r.ms), perFileMs: perFile, recursiveMs: recursive, gzipBytes, textBytes, files: keys.length},
			}),
			figure({
				id: `exports.verify-rss-${format === 'ION' ? 'ion' : 'json'}`,
				name: `verify, ${label}: peak RSS of the CLI`,
				value: verifyRss,
				unit: 'MB',
				target: `≤ ${RSS_TARGET_MB} MB`,
				met: Number.isFinite(verifyRss) ? verifyRss <= RSS_TARGET_MB : null,
			}),
			figure({
				id: `exports.read-${format === 'ION' ? 'ion' : 'json'}`,
				name: `read | wc -l, ${label} export (every item unmarshalled and printed)`,
				value: rate(readMs),
				unit: `MB/s (${round(readMs / 1000)} s, ${Math.round(EXPORT_ITEMS / (readMs / 1000)).toLocaleString('en-US')} items/s)`,
				...versus(readMs),
				target: '(information)',
				met: null,
				data: {readMs: reads.map((r) => r.ms)},
			}),
			figure({
				id: `exports.read-rss-${format === 'ION' ? 'ion' : 'json'}`,
				name: `read, ${label}: peak RSS of the CLI`,
				value: readRss,
				unit: 'MB',
				target: `≤ ${RSS_TARGET_MB} MB`,
				met: Number.isFinite(readRss) ? readRss <= RSS_TARGET_MB : null,
			}),
		);
	}
	return rows;
}
