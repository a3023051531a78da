// The cross-account KMS plan both policy-delivery test files work on.

import type {ExportPlan} from '../../source/core/plan.js';

export const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const PLAN: ExportPlan = {
	region: 'eu-west-1',
	tableArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders',
	bucket: 'analytics-landing',
	bucketOwner: '222222222222',
	bucketRegion: 'eu-west-1',
	prefix: 'exports/orders/',
	sse: 'KMS',
	kmsKeyId: KEY_ARN,
	format: 'DYNAMODB_JSON',
	type: 'FULL_EXPORT',
};
/** A bucket policy already in place, which merging must keep. */
export const EXISTING_BUCKET_POLICY = JSON.stringify({
	Version: '2012-10-17',
	Statement: [{Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::analytics-landing/*', Condition: {Bool: {'aws:SecureTransport': 'false'}}}],
});
