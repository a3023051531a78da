// One export of a sandbox scenario's default plan, run to COMPLETED through the real SDK,
// with the lines the sandbox wrote into its data files (for tests that compare a reader's
// output with what was written).

import assert from 'node:assert/strict';
import {gunzipSync} from 'node:zlib';
import {DescribeExportCommand, DynamoDBClient, ExportTableToPointInTimeCommand, type ExportTableToPointInTimeCommandInput} from '@aws-sdk/client-dynamodb';
import type {ExportDescription} from '../../source/core/ports.js';
import type {Sandbox} from '../../source/sandbox/index.js';

export interface Exported {
	arn: string;
	description: ExportDescription;
	/** The data files' lines as the sandbox wrote them, in the manifest's order. */
	rawLines: () => string[];
}

/** Runs one export of the scenario's default plan (with `extra`) to COMPLETED. */
export async function exportOf(sandbox: Sandbox, extra: Partial<ExportTableToPointInTimeCommandInput> = {}): Promise<Exported> {
	const profile = sandbox.profiles.find((p) => p.name === sandbox.defaultProfile)!;
	const ddb = new DynamoDBClient({
		endpoint: sandbox.endpoint,
		region: 'us-east-1',
		credentials: {accessKeyId: profile.accessKeyId!, secretAccessKey: profile.secretAccessKey!, sessionToken: profile.sessionToken},
	});
	const plan = sandbox.defaultPlan;
	const started = await ddb.send(new ExportTableToPointInTimeCommand({TableArn: plan.tableArn, S3Bucket: plan.bucket, S3BucketOwner: plan.bucketOwner, S3Prefix: plan.prefix, ...extra}));
	const arn = started.ExportDescription!.ExportArn!;
	let described = started.ExportDescription!;
	while (described.ExportStatus === 'IN_PROGRESS') {
		await new Promise((resolve) => setTimeout(resolve, 30));
		described = (await ddb.send(new DescribeExportCommand({ExportArn: arn}))).ExportDescription!;
	}
	ddb.destroy();
	assert.equal(described.ExportStatus, 'COMPLETED');
	const description: ExportDescription = {
		exportArn: arn,
		status: described.ExportStatus!,
		s3Bucket: described.S3Bucket,
		s3BucketOwner: described.S3BucketOwner,
		exportManifest: described.ExportManifest,
		exportFormat: described.ExportFormat,
		exportType: described.ExportType,
	};
	const bucket = plan.bucket;
	const rawLines = () => {
		const summary = JSON.parse(sandbox.world.object(bucket, described.ExportManifest!)!.toString());
		const entries = sandbox.world.object(bucket, summary.manifestFilesS3Key)!.toString().trim().split('\n').map((l) => JSON.parse(l));
		return entries.flatMap((e: {dataFileS3Key: string}) => gunzipSync(sandbox.world.object(bucket, e.dataFileS3Key)!).toString().split('\n').filter(Boolean));
	};
	return {arn, description, rawLines};
}

