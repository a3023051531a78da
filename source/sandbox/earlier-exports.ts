// Exports that finished before the sandbox started, with their files in S3, as a scenario
// needs them: a chain of incremental exports to continue (incremental-chain), at times
// chosen relative to the scenario's start.

import type {ExportParameters, ExportRecord} from './export-record.js';
import {writeExportFiles} from './export-files.js';
import {resolveCaller} from './auth.js';
import {homeAccount, homeRegion} from './base-world.js';
import type {WorldState} from './world.js';

const minuteMs = 60_000;

export interface EarlierExport {
	tableName: string;
	bucket: string;
	prefix: string;
	type: 'FULL_EXPORT' | 'INCREMENTAL_EXPORT';
	/** Epoch ms the export reaches: its ExportTime (full) or ExportToTime (incremental, whose window is the hour before). */
	reaches: number;
	/** Whose keys started it (their policies do not matter any more: it is COMPLETED). */
	accessKeyId: string;
}

export function addEarlierExport(world: WorldState, earlier: EarlierExport): ExportRecord {
	const table = world.table(homeAccount, homeRegion, earlier.tableName)!;
	const credential = world.credentials.get(earlier.accessKeyId)!;
	const resolved = resolveCaller(world, credential.accessKeyId, credential.sessionToken);
	if (!('caller' in resolved)) throw new Error(`No caller for ${earlier.accessKeyId}: ${resolved.problem}`);
	const bucket = world.buckets.get(earlier.bucket)!;
	// Started two minutes after the time it reaches, finished three minutes later.
	const startTime = earlier.reaches + 2 * minuteMs;
	const params: ExportParameters = {
		tableArn: table.arn,
		s3Bucket: earlier.bucket,
		s3Prefix: earlier.prefix,
		s3SseAlgorithm: 'AES256',
		exportFormat: 'DYNAMODB_JSON',
		exportType: earlier.type,
	};
	if (earlier.type === 'INCREMENTAL_EXPORT') params.incremental = {from: earlier.reaches - 60 * minuteMs, to: earlier.reaches, viewType: 'NEW_AND_OLD_IMAGES'};
	else params.exportTime = earlier.reaches;
	const id = `${String(startTime).padStart(14, '0')}-${(world.exports.length + 1).toString(16).padStart(8, '0')}`;
	const record: ExportRecord = {
		arn: `${table.arn}/export/${id}`,
		id,
		account: table.account,
		region: table.region,
		tableName: table.name,
		tableId: table.id,
		caller: resolved.caller,
		clientToken: `earlier-${id}`,
		fingerprint: JSON.stringify(params),
		params,
		status: 'COMPLETED',
		startTime,
		finishAt: startTime + 3 * minuteMs,
		exportTime: earlier.reaches,
	};
	const written = writeExportFiles(record, table, bucket, {algorithm: 'AES256'}, record.finishAt);
	record.endTime = record.finishAt;
	record.itemCount = written.itemCount;
	record.billedSizeBytes = written.billedSizeBytes;
	record.exportManifest = written.manifestSummaryKey;
	world.exports.push(record);
	return record;
}
