// A read-only window on the sandbox world for tests: what is in the buckets, which
// exports ran and how they ended, and the policies as they stand now.

import type {ExportEngine} from './exports.js';
import type {WorldState} from './world.js';

export interface ObjectView {
	key: string;
	size: number;
	etag: string;
	sseAlgorithm?: string;
	kmsKeyArn?: string;
}

export interface ExportView {
	arn: string;
	status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
	tableArn: string;
	bucket: string;
	prefix?: string;
	clientToken: string;
	callerArn: string;
	itemCount?: number;
	failureCode?: string;
	failureMessage?: string;
	manifest?: string;
}

export interface WorldView {
	/** Objects of a bucket, sorted by key (empty when the bucket does not exist). */
	objects(bucket: string, prefix?: string): ObjectView[];
	/** One object's bytes. */
	object(bucket: string, key: string): Buffer | undefined;
	/** Replaces an existing object's bytes behind S3's back (a damaged or cut file, for tests). */
	alterObject(bucket: string, key: string, body: Buffer): void;
	bucketPolicy(bucket: string): string | undefined;
	bucketExists(bucket: string): boolean;
	/** Multipart uploads not yet completed or aborted: key and upload id. */
	uploads(bucket: string): Array<{key: string; uploadId: string}>;
	/** Key policy by key id, key ARN or alias, as seen from the account and Region given. */
	keyPolicy(reference: string, region?: string, account?: string): string | undefined;
	/** Inline policies of a role or user by ARN: name → document. */
	inlinePolicies(principalArn: string): Record<string, string>;
	/** Every export so far, oldest first, advanced to the current time. */
	exports(): ExportView[];
	pitrEnabled(tableName: string, region?: string, account?: string): boolean | undefined;
}

export function worldView(world: WorldState, exports: ExportEngine, home: {account: string; region: string}): WorldView {
	return {
		objects(bucket, prefix = '') {
			const found = world.buckets.get(bucket);
			if (!found) return [];
			return [...found.objects.values()]
				.filter((o) => o.key.startsWith(prefix))
				.sort((a, b) => (a.key < b.key ? -1 : 1))
				.map((o) => ({key: o.key, size: o.body.length, etag: o.etag, sseAlgorithm: o.sse?.algorithm, kmsKeyArn: o.sse?.kmsKeyArn}));
		},
		object: (bucket, key) => world.buckets.get(bucket)?.objects.get(key)?.body,
		alterObject(bucket, key, body) {
			const found = world.buckets.get(bucket)?.objects.get(key);
			if (!found) throw new Error(`No sandbox object s3://${bucket}/${key}`);
			found.body = body;
		},
		bucketPolicy: (bucket) => world.buckets.get(bucket)?.policy,
		bucketExists: (bucket) => world.buckets.has(bucket),
		uploads: (bucket) => [...(world.buckets.get(bucket)?.uploads.values() ?? [])].map((u) => ({key: u.key, uploadId: u.id})),
		keyPolicy: (reference, region = home.region, account = home.account) => world.resolveKey(reference, account, region)?.policy,
		inlinePolicies: (arn) => Object.fromEntries(world.principals.get(arn)?.inlinePolicies ?? []),
		exports() {
			exports.advance();
			return world.exports.map((e) => ({
				arn: e.arn,
				status: e.status,
				tableArn: e.params.tableArn,
				bucket: e.params.s3Bucket,
				prefix: e.params.s3Prefix,
				clientToken: e.clientToken,
				callerArn: e.caller.arn,
				itemCount: e.itemCount,
				failureCode: e.failureCode,
				failureMessage: e.failureMessage,
				manifest: e.exportManifest,
			}));
		},
		pitrEnabled: (name, region = home.region, account = home.account) => world.table(account, region, name)?.pitr.enabled,
	};
}
