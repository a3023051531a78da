// The `many-tables` scenario (issue 17, batch exports): two source accounts exporting into
// one central bucket of a third, with a per-account concurrent-export limit low enough that
// a batch has to queue.
//   111111111111 (profile default): orders-000 … orders-049 (orders-007 without PITR)
//   333333333333 (profile billing): billing-000 … billing-009
//   222222222222 (profile lake-admin): the bucket lake-exports, whose policy admits only
//   account 111111111111 at first, so the billing account's check fails until the offered
//   statement is applied.

import {
	addBucket,
	addRole,
	addStaticCredential,
	addTable,
	addUser,
	exporterPolicy,
	exporterPolicyName,
	homeAccount,
	homeRegion,
	otherAccount,
	policy,
	profileFor,
	type BaseWorld,
} from './base-world.js';

export const billingAccount = '333333333333';
export const lakeBucket = 'lake-exports';
/** Low on purpose (AWS allows about 300): a batch of 60 tables queues visibly. */
export const manyTablesExportLimit = 5;

export interface ManyTablesOptions {
	/** How many orders-NNN tables account 111111111111 holds (default 50; the bench asks for 300). */
	tableCount?: number;
}

/** Sizes that differ from table to table, always the same for the same index. */
function itemCountFor(index: number, base: number): number {
	return base + ((index * 7919) % 4800);
}

export function applyManyTables(setup: BaseWorld & {exportLimit?: number}, options: ManyTablesOptions = {}): void {
	const {world} = setup;
	// Account 111111111111 holds only the batch's tables, so "select all" selects them.
	for (const name of world.tableNames(homeAccount, homeRegion)) world.deleteTable(homeAccount, homeRegion, name);
	const count = options.tableCount ?? 50;
	for (let i = 0; i < count; i++) {
		const name = `orders-${String(i).padStart(3, '0')}`;
		addTable(world, name, itemCountFor(i, 200), {pitr: name !== 'orders-007'});
	}

	const billingExporter = addRole(
		world,
		billingAccount,
		'DataExporter',
		{[exporterPolicyName]: exporterPolicy({account: billingAccount})},
		policy({Sid: 'TrustAccount', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${billingAccount}:root`}, Action: 'sts:AssumeRole'}),
	);
	for (let i = 0; i < 10; i++) addTable(world, `billing-${String(i).padStart(3, '0')}`, itemCountFor(i + 50, 500), {account: billingAccount});
	setup.profiles.push(profileFor('billing', addStaticCredential(world, 'ASIASANDBOXBILLING01', billingExporter, 'bob')));

	const lakeArn = `arn:aws:s3:::${lakeBucket}`;
	addBucket(world, lakeBucket, {
		owner: otherAccount,
		policy: policy({
			Sid: 'OrdersAccountExports',
			Effect: 'Allow',
			Principal: {AWS: `arn:aws:iam::${homeAccount}:root`},
			Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload', 's3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
			Resource: [lakeArn, `${lakeArn}/*`],
		}),
	});
	const lakeAdmin = addUser(world, otherAccount, 'lake-admin', {
		ManageLake: policy({Effect: 'Allow', Action: 's3:*', Resource: [lakeArn, `${lakeArn}/*`]}),
	});
	setup.profiles.push(profileFor('lake-admin', addStaticCredential(world, 'AKIASANDBOXLAKEADMIN', lakeAdmin)));

	// One organisation for the three accounts; only the management account reads its SCPs.
	world.organization?.accounts.push(otherAccount, billingAccount);

	setup.plan.tableArn = `arn:aws:dynamodb:${homeRegion}:${homeAccount}:table/orders-000`;
	setup.plan.bucket = lakeBucket;
	setup.plan.bucketOwner = otherAccount;
	setup.plan.prefix = 'orders-000/';
	setup.exportLimit = manyTablesExportLimit;
}
