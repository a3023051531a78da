// Titles and display order of the prerequisite checks. The order is the order of
// CheckId in types.ts, so every renderer lists them the same way.

import type {CheckId} from './types.js';

export const CHECK_ORDER: readonly CheckId[] = [
	'credentials',
	'table',
	'pitr',
	'bucket',
	'bucket-policy',
	'kms-key',
	'key-policy',
	'permissions',
	'organization',
	'write-probe',
];

export const CHECK_TITLES: Record<CheckId, string> = {
	credentials: 'Credentials',
	table: 'Table',
	pitr: 'PITR',
	bucket: 'Bucket',
	'bucket-policy': 'Bucket policy',
	'kms-key': 'KMS key',
	'key-policy': 'Key policy',
	permissions: 'Your permissions',
	organization: 'Organisation SCPs',
	'write-probe': 'Write probe',
};
