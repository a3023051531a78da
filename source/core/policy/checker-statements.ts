// The read-only "checker" policy: what ddb-export itself reads to answer its checks, list
// tables, buckets and keys, and judge the policies it generates. It is separate from the
// caller policy (which grants the export), so that attaching the caller policy alone does
// not leave the checks answering "unknown" for want of reads, and so that an administrator
// can see that nothing in it writes. READS is the one list: the test that runs the wizard
// against the sandbox fails when a call is made that is neither here nor the export's own.

import {accountRootArn, describePrincipal, iamPolicyArn, kmsKeyArn, partitionOf, s3Arn} from '../arn.js';
import type {PolicyInput} from './export-statements.js';
import {exportKeyArn} from './export-statements.js';
import type {Statement} from './types.js';

/** What an action is granted on, given the plan. */
export type ReadTarget = 'table' | 'bucket' | 'key' | 'principal' | 'policies' | 'any';

export interface Read {
	/** The IAM action that allows it. */
	action: string;
	on: ReadTarget;
	/** What ddb-export reads with it, for the README and the snippet's Sids. */
	why: string;
}

/** Every read operation the wizard and its checks call ("service:Operation" as AWS names it), and its action. */
export const READS: Record<string, Read> = {
	'dynamodb:ListTables': {action: 'dynamodb:ListTables', on: 'any', why: 'the Table step lists the tables of the Region'},
	'dynamodb:DescribeTable': {action: 'dynamodb:DescribeTable', on: 'table', why: 'the table exists, its state and its encryption key'},
	'dynamodb:DescribeContinuousBackups': {action: 'dynamodb:DescribeContinuousBackups', on: 'table', why: 'point-in-time recovery and its window'},
	's3:ListBuckets': {action: 's3:ListAllMyBuckets', on: 'any', why: 'the Destination step lists your buckets; the checks tell yours from another account’s'},
	's3:GetBucketLocation': {action: 's3:GetBucketLocation', on: 'bucket', why: 'the bucket’s Region (a KMS key must be there)'},
	's3:HeadBucket': {action: 's3:ListBucket', on: 'bucket', why: 'the bucket exists and belongs to the expected owner'},
	's3:GetBucketPolicy': {action: 's3:GetBucketPolicy', on: 'bucket', why: 'the bucket policy, judged for the export’s writes'},
	's3:GetBucketOwnershipControls': {action: 's3:GetBucketOwnershipControls', on: 'bucket', why: 'Object Ownership (ACLs disabled or not)'},
	's3:GetBucketRequestPayment': {action: 's3:GetBucketRequestPayment', on: 'bucket', why: 'Requester Pays, which exports cannot write to'},
	's3:GetBucketEncryption': {action: 's3:GetEncryptionConfiguration', on: 'bucket', why: 'the bucket’s default encryption'},
	's3:ListMultipartUploads': {action: 's3:ListBucketMultipartUploads', on: 'bucket', why: 'finding a test upload to abort when its answer was lost'},
	'kms:ListKeys': {action: 'kms:ListKeys', on: 'any', why: 'the Encryption step lists the keys of the bucket’s Region'},
	'kms:ListAliases': {action: 'kms:ListAliases', on: 'any', why: 'the keys’ alias names'},
	'kms:DescribeKey': {action: 'kms:DescribeKey', on: 'key', why: 'the key’s state, Region, kind and owner'},
	'kms:GetKeyPolicy': {action: 'kms:GetKeyPolicy', on: 'key', why: 'the key policy, judged for the export'},
	'iam:GetRole': {action: 'iam:GetRole', on: 'principal', why: 'the role’s permissions boundary'},
	'iam:GetUser': {action: 'iam:GetUser', on: 'principal', why: 'the user’s permissions boundary'},
	'iam:GetPolicy': {action: 'iam:GetPolicy', on: 'policies', why: 'the permissions boundary policy'},
	'iam:GetPolicyVersion': {action: 'iam:GetPolicyVersion', on: 'policies', why: 'the permissions boundary’s statements'},
	'iam:SimulatePrincipalPolicy': {action: 'iam:SimulatePrincipalPolicy', on: 'principal', why: 'your effective permissions (IAM policy simulator)'},
	'iam:ListRolePolicies': {action: 'iam:ListRolePolicies', on: 'principal', why: 'the inline policies of your role'},
	'iam:ListUserPolicies': {action: 'iam:ListUserPolicies', on: 'principal', why: 'the inline policies of your user'},
	'iam:GetRolePolicy': {action: 'iam:GetRolePolicy', on: 'principal', why: 'the current ddb-export inline policies, merged into rather than replaced'},
	'iam:GetUserPolicy': {action: 'iam:GetUserPolicy', on: 'principal', why: 'the current ddb-export inline policies, merged into rather than replaced'},
	'iam:SimulateCustomPolicy': {action: 'iam:SimulateCustomPolicy', on: 'any', why: 'the generated caller policy, tested before it is applied'},
	'access-analyzer:ValidatePolicy': {action: 'access-analyzer:ValidatePolicy', on: 'any', why: 'Access Analyzer’s findings on each generated policy'},
	'organizations:ListParents': {action: 'organizations:ListParents', on: 'any', why: 'the OUs above the account (SCPs are attached there)'},
	'organizations:ListPoliciesForTarget': {action: 'organizations:ListPoliciesForTarget', on: 'any', why: 'the SCPs attached to the account, its OUs and the root'},
	'organizations:DescribePolicy': {action: 'organizations:DescribePolicy', on: 'any', why: 'each SCP’s statements'},
};

/** Calls that need no permission (GetCallerIdentity), or whose actions the caller policy grants (the export and the test upload). */
export const NOT_READS: Record<string, string> = {
	'sts:GetCallerIdentity': 'needs no permission',
	'sts:AssumeRole': 'made by the profile (assume-role profiles), allowed by the role’s trust policy',
	'dynamodb:ExportTableToPointInTime': 'the export (caller policy)',
	'dynamodb:DescribeExport': 'watching the export (caller policy)',
	'dynamodb:ListExports': 'finding the same export already started (caller policy)',
	's3:CreateMultipartUpload': 'the test upload: s3:PutObject (caller policy)',
	's3:UploadPart': 'the test upload: s3:PutObject (caller policy)',
	's3:AbortMultipartUpload': 'the test upload is aborted: s3:AbortMultipartUpload (caller policy)',
	's3:GetObject': 'reading manifest-summary.json of a finished export: s3:GetObject on the prefix',
};

/** Changes, each made only after its command was shown and the person said yes: their own permission, asked of whoever applies them. */
export const CHANGES: Record<string, string> = {
	'dynamodb:UpdateContinuousBackups': 'turn point-in-time recovery on (a fix on the checks screen)',
	'kms:EnableKey': 'enable a disabled key (a fix on the checks screen)',
	's3:PutBucketRequestPayment': 'turn Requester Pays off on your bucket (a fix on the checks screen)',
	's3:CreateBucket': 'create a missing bucket (a fix on the checks screen)',
	'iam:PutRolePolicy': 'apply a generated policy to your role (policies screen)',
	'iam:PutUserPolicy': 'apply a generated policy to your user (policies screen)',
	's3:PutBucketPolicy': 'apply a generated bucket policy (policies screen, with the bucket owner’s profile)',
	'kms:PutKeyPolicy': 'apply a generated key policy (policies screen, with a key administrator’s profile)',
};

export const CHECKER_POLICY_NAME = 'ddb-export-checker';

const SIDS: Record<ReadTarget, string> = {
	table: 'DdbExportCheckerTable',
	bucket: 'DdbExportCheckerBucket',
	key: 'DdbExportCheckerKey',
	principal: 'DdbExportCheckerSelf',
	policies: 'DdbExportCheckerBoundary',
	any: 'DdbExportCheckerLists',
};

/** The resources each kind of read is granted on, for this plan and caller. */
function resourcesFor(on: ReadTarget, input: PolicyInput): string[] {
	const {plan} = input;
	const partition = input.partition ?? partitionOf(plan.tableArn);
	switch (on) {
		case 'table':
			return [plan.tableArn];
		case 'bucket':
			return [s3Arn(partition, plan.bucket)];
		case 'key': {
			const keys = [exportKeyArn(input), input.tableKmsKeyArn].filter((k): k is string => Boolean(k));
			if (keys.length > 0) return [...new Set(keys)];
			// A key named by alias: its ARN is not known yet; any key of the Region, reads only.
			const region = plan.bucketRegion ?? plan.region;
			return [kmsKeyArn(partition, region, input.callerAccount, '*')];
		}
		case 'principal': {
			const p = describePrincipal(input.callerArn);
			return p.kind === 'root' ? [accountRootArn(partition, input.callerAccount)] : [p.roleArn ?? input.callerArn];
		}
		case 'policies':
			// A boundary may be the account's own policy or an AWS managed one.
			return [iamPolicyArn(partition, input.callerAccount, '*'), iamPolicyArn(partition, 'aws', '*')];
		case 'any':
			return ['*'];
	}
}

/** The checker statements for a plan: each kind of read on exactly what it is read on. */
export function checkerStatements(input: PolicyInput): Statement[] {
	const byTarget = new Map<ReadTarget, Set<string>>();
	const keyNeeded = input.plan.sse === 'KMS' || Boolean(input.tableKmsKeyArn);
	for (const read of Object.values(READS)) {
		if (read.on === 'key' && !keyNeeded) continue;
		byTarget.set(read.on, (byTarget.get(read.on) ?? new Set()).add(read.action));
	}
	const order: ReadTarget[] = ['table', 'bucket', 'key', 'principal', 'policies', 'any'];
	return order
		.filter((on) => byTarget.has(on))
		.map((on) => {
			const resources = resourcesFor(on, input);
			return {Sid: SIDS[on], Effect: 'Allow', Action: [...byTarget.get(on)!].sort(), Resource: resources.length === 1 ? resources[0]! : resources};
		});
}
