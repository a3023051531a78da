// Reads the sample that types the Athena columns: manifest-files.json, then the start of
// its first data file, from the bucket's Region (DynamoDB JSON, or Ion read with ion-js
// back into DynamoDB JSON's types); every reason a sample could not be had is said, since
// the table is still useful with the key columns alone.

import {AwsCallError, isAbortError, type AwsSession, type ExportDescription} from '../ports.js';
import type {ExportDataFolder} from './export-data-folder.js';
import {firstDataFileKey, SAMPLE_BYTES, SAMPLE_ITEMS, sampleItems} from './sample-items.js';

export type Sample = {items: Record<string, unknown>[]; dataFileKey: string} | {problem: string};

export async function readSample(session: AwsSession, description: ExportDescription, folder: ExportDataFolder, signal?: AbortSignal): Promise<Sample> {
	const base = folder.keyPrefix.slice(0, -'data/'.length);
	// The bucket's owner is passed only when the export named one (another account's bucket).
	const owner = description.s3BucketOwner;
	try {
		const region = await session.bucketRegion(folder.bucket, owner, {signal});
		const manifest = await session.getObjectText(folder.bucket, region, `${base}manifest-files.json`, owner, {signal});
		if (manifest === null) return {problem: `s3://${folder.bucket}/${base}manifest-files.json does not exist.`};
		const key = firstDataFileKey(manifest);
		if (!key) return {problem: 'manifest-files.json lists no data file with items.'};
		const bytes = await session.getObjectStart(folder.bucket, region, key, SAMPLE_BYTES, owner, {signal});
		if (bytes === null) return {problem: `s3://${folder.bucket}/${key} does not exist.`};
		return {items: sampleItems(bytes, bytes.length < SAMPLE_BYTES, SAMPLE_ITEMS, description.exportFormat ?? 'DYNAMODB_JSON'), dataFileKey: key};
	} catch (error) {
		if (isAbortError(error)) throw error;
		if (error instanceof AwsCallError) {
			const who = owner ? ` (account ${owner} owns the files; read them as that account)` : '';
			return {problem: `${error.operation} was refused or failed: ${error.code}${who}.`};
		}
		if (error instanceof Error) return {problem: `The data file could not be read: ${error.message}`};
		throw error;
	}
}
