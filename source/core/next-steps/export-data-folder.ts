// Where an export's data files are: the folder both next steps point at
// (import-table's S3KeyPrefix, Athena's LOCATION). AWS-FACTS: the layout is
// PREFIX/AWSDynamoDB/<ExportId>/data/; ExportManifest names the summary beside it.

import {parseExportArn} from '../arn.js';
import type {ExportDescription} from '../ports.js';

export interface ExportDataFolder {
	bucket: string;
	/** The export's S3BucketOwner, or the table's account (a bucket of another account needs it given). */
	bucketOwner?: string;
	/** Key prefix of the data files, ending in "data/". */
	keyPrefix: string;
	/** s3://bucket/…/data/ */
	url: string;
}

/** The data folder of a finished export, or a sentence saying why it cannot be told. */
export function exportDataFolder(description: ExportDescription): ExportDataFolder | {problem: string} {
	const bucket = description.s3Bucket;
	if (!bucket) return {problem: 'DescribeExport did not name the export\'s bucket.'};
	const arn = parseExportArn(description.exportArn);
	let base: string | undefined;
	const manifest = description.exportManifest;
	if (manifest?.endsWith('/manifest-summary.json')) base = manifest.slice(0, -'manifest-summary.json'.length);
	else if (arn) {
		const prefix = description.s3Prefix ?? '';
		base = `${prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`}AWSDynamoDB/${arn.exportId}/`;
	}
	if (base === undefined) return {problem: 'Neither the export\'s manifest nor its ARN says where its files are.'};
	const keyPrefix = `${base}data/`;
	const bucketOwner = description.s3BucketOwner ?? arn?.account;
	return {bucket, ...(bucketOwner ? {bucketOwner} : {}), keyPrefix, url: `s3://${bucket}/${keyPrefix}`};
}
