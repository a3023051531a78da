// Action names the offline validator knows: the Service Authorization Reference's lists as
// mirrored in iam-floyd's generated statement files (2025), plus kms:SynchronizeMultiRegionKey
// (used by the multi-Region key service role). DynamoDB, KMS and S3 are complete; for IAM,
// STS, Organizations and Access Analyzer only the actions this tool reads or suggests are
// listed, so an unknown name there is a warning, not an error. New AWS actions appear often:
// refresh the three complete lists when a real action is reported as unknown.

import {globMatch} from './wildcard.js';

export interface ServiceActions {
	/** True when every action of the service is listed: an unknown name is then an error. */
	complete: boolean;
	actions: readonly string[];
}

const DYNAMODB = [
	'BatchGetItem', 'BatchWriteItem', 'ConditionCheckItem', 'CreateBackup', 'CreateGlobalTable',
	'CreateGlobalTableWitness', 'CreateTable', 'CreateTableReplica', 'DeleteBackup',
	'DeleteGlobalTableWitness', 'DeleteItem', 'DeleteResourcePolicy', 'DeleteTable',
	'DeleteTableReplica', 'DescribeBackup', 'DescribeContinuousBackups',
	'DescribeContributorInsights', 'DescribeEndpoints', 'DescribeExport', 'DescribeGlobalTable',
	'DescribeGlobalTableSettings', 'DescribeImport', 'DescribeKinesisStreamingDestination',
	'DescribeLimits', 'DescribeReservedCapacity', 'DescribeReservedCapacityOfferings',
	'DescribeStream', 'DescribeTable', 'DescribeTableReplicaAutoScaling', 'DescribeTimeToLive',
	'DisableKinesisStreamingDestination', 'EnableKinesisStreamingDestination',
	'ExportTableToPointInTime', 'GetAbacStatus', 'GetItem', 'GetRecords', 'GetResourcePolicy',
	'GetShardIterator', 'ImportTable', 'ListBackups', 'ListContributorInsights', 'ListExports',
	'ListGlobalTables', 'ListImports', 'ListStreams', 'ListTables', 'ListTagsOfResource',
	'PartiQLDelete', 'PartiQLInsert', 'PartiQLSelect', 'PartiQLUpdate',
	'PurchaseReservedCapacityOfferings', 'PutItem', 'PutResourcePolicy', 'Query',
	'RestoreTableFromAwsBackup', 'RestoreTableFromBackup', 'RestoreTableToPointInTime', 'Scan',
	'StartAwsBackupJob', 'TagResource', 'UntagResource', 'UpdateAbacStatus',
	'UpdateContinuousBackups', 'UpdateContributorInsights', 'UpdateGlobalTable',
	'UpdateGlobalTableSettings', 'UpdateGlobalTableVersion', 'UpdateItem',
	'UpdateKinesisStreamingDestination', 'UpdateTable', 'UpdateTableReplicaAutoScaling',
	'UpdateTimeToLive',
] as const;

const KMS = [
	'CancelKeyDeletion', 'ConnectCustomKeyStore', 'CreateAlias', 'CreateCustomKeyStore',
	'CreateGrant', 'CreateKey', 'Decrypt', 'DeleteAlias', 'DeleteCustomKeyStore',
	'DeleteImportedKeyMaterial', 'DeriveSharedSecret', 'DescribeCustomKeyStores', 'DescribeKey',
	'DisableKey', 'DisableKeyRotation', 'DisconnectCustomKeyStore', 'EnableKey',
	'EnableKeyRotation', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
	'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac',
	'GenerateRandom', 'GetKeyLastUsage', 'GetKeyPolicy', 'GetKeyRotationStatus',
	'GetParametersForImport', 'GetPublicKey', 'ImportKeyMaterial', 'ListAliases', 'ListGrants',
	'ListKeyPolicies', 'ListKeyRotations', 'ListKeys', 'ListResourceTags', 'ListRetirableGrants',
	'PutKeyPolicy', 'ReEncryptFrom', 'ReEncryptTo', 'ReplicateKey', 'RetireGrant', 'RevokeGrant',
	'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'Sign', 'SynchronizeMultiRegionKey',
	'TagResource', 'UntagResource', 'UpdateAlias', 'UpdateCustomKeyStore',
	'UpdateKeyDescription', 'UpdatePrimaryRegion', 'Verify', 'VerifyMac',
] as const;

const S3 = [
	'AbortMultipartUpload', 'AllowVendedLogDeliveryForResource',
	'AssociateAccessGrantsIdentityCenter', 'BypassGovernanceRetention', 'CreateAccessGrant',
	'CreateAccessGrantsInstance', 'CreateAccessGrantsLocation', 'CreateAccessPoint',
	'CreateAccessPointForObjectLambda', 'CreateBucket', 'CreateBucketMetadataTableConfiguration',
	'CreateJob', 'CreateMultiRegionAccessPoint', 'CreateStorageLensGroup', 'DeleteAccessGrant',
	'DeleteAccessGrantsInstance', 'DeleteAccessGrantsInstanceResourcePolicy',
	'DeleteAccessGrantsLocation', 'DeleteAccessPoint', 'DeleteAccessPointForObjectLambda',
	'DeleteAccessPointPolicy', 'DeleteAccessPointPolicyForObjectLambda', 'DeleteBucket',
	'DeleteBucketMetadataTableConfiguration',
	'DeleteBucketPolicy', 'DeleteBucketWebsite', 'DeleteJobTagging',
	'DeleteMultiRegionAccessPoint', 'DeleteObject', 'DeleteObjectAnnotation',
	'DeleteObjectTagging', 'DeleteObjectVersion', 'DeleteObjectVersionAnnotation',
	'DeleteObjectVersionTagging', 'DeleteStorageLensConfiguration',
	'DeleteStorageLensConfigurationTagging', 'DeleteStorageLensGroup',
	'DescribeJob', 'DescribeMultiRegionAccessPointOperation',
	'DissociateAccessGrantsIdentityCenter', 'GetAccelerateConfiguration', 'GetAccessGrant',
	'GetAccessGrantsInstance', 'GetAccessGrantsInstanceForPrefix',
	'GetAccessGrantsInstanceResourcePolicy', 'GetAccessGrantsLocation', 'GetAccessPoint',
	'GetAccessPointConfigurationForObjectLambda', 'GetAccessPointForObjectLambda',
	'GetAccessPointPolicy', 'GetAccessPointPolicyForObjectLambda', 'GetAccessPointPolicyStatus',
	'GetAccessPointPolicyStatusForObjectLambda', 'GetAccountPublicAccessBlock',
	'GetAnalyticsConfiguration', 'GetBucketAbac', 'GetBucketAcl', 'GetBucketCORS',
	'GetBucketLocation', 'GetBucketLogging', 'GetBucketMetadataTableConfiguration',
	'GetBucketNotification', 'GetBucketObjectLockConfiguration', 'GetBucketOwnershipControls',
	'GetBucketPolicy', 'GetBucketPolicyStatus', 'GetBucketPublicAccessBlock',
	'GetBucketRequestPayment', 'GetBucketTagging', 'GetBucketVersioning', 'GetBucketWebsite',
	'GetDataAccess', 'GetEncryptionConfiguration', 'GetIntelligentTieringConfiguration',
	'GetInventoryConfiguration', 'GetJobTagging', 'GetLifecycleConfiguration',
	'GetMetricsConfiguration', 'GetMultiRegionAccessPoint', 'GetMultiRegionAccessPointPolicy',
	'GetMultiRegionAccessPointPolicyStatus', 'GetMultiRegionAccessPointRoutes', 'GetObject',
	'GetObjectAcl', 'GetObjectAnnotation', 'GetObjectAttributes', 'GetObjectLegalHold',
	'GetObjectRetention', 'GetObjectTagging', 'GetObjectTorrent', 'GetObjectVersion',
	'GetObjectVersionAcl', 'GetObjectVersionAnnotation', 'GetObjectVersionAnnotationForReplication',
	'GetObjectVersionAttributes', 'GetObjectVersionForReplication', 'GetObjectVersionTagging',
	'GetObjectVersionTorrent', 'GetReplicationConfiguration', 'GetStorageLensConfiguration',
	'GetStorageLensConfigurationTagging', 'GetStorageLensDashboard', 'GetStorageLensGroup',
	'ListAccessGrants', 'ListAccessGrantsInstances',
	'ListAccessGrantsLocations', 'ListAccessPoints', 'ListAccessPointsForObjectLambda',
	'ListAllMyBuckets', 'ListBucket', 'ListBucketMultipartUploads', 'ListBucketVersions',
	'ListCallerAccessGrants', 'ListJobs', 'ListMultiRegionAccessPoints',
	'ListMultipartUploadParts', 'ListObjectAnnotations', 'ListObjectVersionAnnotations',
	'ListStorageLensConfigurations', 'ListStorageLensGroups', 'ListTagsForResource',
	'ObjectOwnerOverrideToBucketOwner', 'PutAccelerateConfiguration',
	'PutAccessGrantsInstanceResourcePolicy', 'PutAccessPointConfigurationForObjectLambda',
	'PutAccessPointPolicy', 'PutAccessPointPolicyForObjectLambda',
	'PutAccessPointPublicAccessBlock', 'PutAccountPublicAccessBlock', 'PutAnalyticsConfiguration',
	'PutBucketAbac', 'PutBucketAcl', 'PutBucketCORS', 'PutBucketLogging', 'PutBucketNotification',
	'PutBucketObjectLockConfiguration', 'PutBucketOwnershipControls', 'PutBucketPolicy',
	'PutBucketPublicAccessBlock', 'PutBucketRequestPayment', 'PutBucketTagging',
	'PutBucketVersioning', 'PutBucketWebsite', 'PutEncryptionConfiguration',
	'PutIntelligentTieringConfiguration', 'PutInventoryConfiguration', 'PutJobTagging',
	'PutLifecycleConfiguration', 'PutMetricsConfiguration', 'PutMultiRegionAccessPointPolicy',
	'PutObject', 'PutObjectAcl', 'PutObjectAnnotation', 'PutObjectLegalHold',
	'PutObjectRetention', 'PutObjectTagging', 'PutObjectVersionAcl',
	'PutObjectVersionAnnotation', 'PutObjectVersionTagging', 'PutReplicationConfiguration',
	'PutStorageLensConfiguration', 'PutStorageLensConfigurationTagging', 'ReplicateDelete',
	'ReplicateObject', 'ReplicateObjectAnnotation', 'ReplicateTags', 'RestoreObject',
	'SubmitMultiRegionAccessPointRoutes', 'TagResource', 'UntagResource',
	'UpdateAccessGrantsLocation', 'UpdateBucketMetadataAnnotationTableConfiguration',
	'UpdateBucketMetadataInventoryTableConfiguration',
	'UpdateBucketMetadataJournalTableConfiguration', 'UpdateJobPriority', 'UpdateJobStatus',
	'UpdateObjectEncryption', 'UpdateStorageLensGroup',
] as const;

const IAM = [
	'AttachGroupPolicy', 'AttachRolePolicy', 'AttachUserPolicy', 'CreatePolicy',
	'CreatePolicyVersion', 'CreateRole', 'DeleteRolePolicy', 'DeleteUserPolicy',
	'GetAccountAuthorizationDetails', 'GetContextKeysForCustomPolicy',
	'GetContextKeysForPrincipalPolicy', 'GetGroup', 'GetGroupPolicy', 'GetPolicy',
	'GetPolicyVersion', 'GetRole', 'GetRolePolicy', 'GetUser', 'GetUserPolicy',
	'ListAttachedGroupPolicies', 'ListAttachedRolePolicies', 'ListAttachedUserPolicies',
	'ListGroupPolicies', 'ListGroupsForUser', 'ListPolicies', 'ListPolicyVersions',
	'ListRolePolicies', 'ListRoles', 'ListUserPolicies', 'ListUsers', 'PassRole',
	'PutGroupPolicy', 'PutRolePermissionsBoundary', 'PutRolePolicy', 'PutUserPermissionsBoundary',
	'PutUserPolicy', 'SimulateCustomPolicy', 'SimulatePrincipalPolicy',
] as const;

const STS = [
	'AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'AssumeRoot',
	'DecodeAuthorizationMessage', 'GetAccessKeyInfo', 'GetCallerIdentity', 'GetFederationToken',
	'GetServiceBearerToken', 'GetSessionToken', 'SetContext', 'SetSourceIdentity', 'TagSession',
] as const;

const ORGANIZATIONS = [
	'DescribeAccount', 'DescribeEffectivePolicy', 'DescribeOrganization',
	'DescribeOrganizationalUnit', 'DescribePolicy', 'DescribeResourcePolicy',
	'ListAccounts', 'ListAccountsForParent', 'ListChildren', 'ListDelegatedAdministrators',
	'ListDelegatedServicesForAccount', 'ListOrganizationalUnitsForParent', 'ListParents',
	'ListPolicies', 'ListPoliciesForTarget', 'ListRoots', 'ListTargetsForPolicy',
] as const;

const ACCESS_ANALYZER = [
	'CheckAccessNotGranted', 'CheckNoNewAccess', 'CheckNoPublicAccess', 'CreateAnalyzer',
	'GetAnalyzer', 'GetFinding', 'ListAnalyzers', 'ListFindings', 'StartPolicyGeneration',
	'GetGeneratedPolicy', 'ValidatePolicy',
] as const;

export const KNOWN_ACTIONS: Readonly<Record<string, ServiceActions>> = {
	dynamodb: {complete: true, actions: DYNAMODB},
	kms: {complete: true, actions: KMS},
	s3: {complete: true, actions: S3},
	iam: {complete: false, actions: IAM},
	sts: {complete: false, actions: STS},
	organizations: {complete: false, actions: ORGANIZATIONS},
	'access-analyzer': {complete: false, actions: ACCESS_ANALYZER},
};

/**
 * Actions that take no resource type in IAM, so an identity policy must grant them on "*"
 * and the validator does not warn about that. Mostly account-wide List/Describe actions;
 * dynamodb:ListExports is listed as we read the Service Authorization Reference (see
 * export-statements.ts). A name missing here only costs a warning.
 */
export const ACTIONS_WITHOUT_RESOURCE_TYPES: ReadonlySet<string> = new Set(
	[
		'dynamodb:ListBackups', 'dynamodb:ListContributorInsights', 'dynamodb:ListExports',
		'dynamodb:ListGlobalTables', 'dynamodb:ListImports', 'dynamodb:ListTables',
		'dynamodb:DescribeEndpoints', 'dynamodb:DescribeLimits', 'dynamodb:DescribeReservedCapacity',
		'dynamodb:DescribeReservedCapacityOfferings', 'dynamodb:PurchaseReservedCapacityOfferings',
		'kms:CreateKey', 'kms:GenerateRandom', 'kms:ListAliases', 'kms:ListKeys',
		'kms:ListRetirableGrants', 'kms:ConnectCustomKeyStore', 'kms:CreateCustomKeyStore',
		'kms:DeleteCustomKeyStore', 'kms:DescribeCustomKeyStores', 'kms:DisconnectCustomKeyStore',
		'kms:UpdateCustomKeyStore',
		's3:ListAllMyBuckets', 's3:GetAccountPublicAccessBlock', 's3:PutAccountPublicAccessBlock',
		's3:ListAccessPoints', 's3:ListJobs', 's3:CreateJob', 's3:ListMultiRegionAccessPoints',
		's3:ListStorageLensConfigurations',
		'sts:GetCallerIdentity', 'sts:GetSessionToken', 'sts:DecodeAuthorizationMessage',
		'sts:GetAccessKeyInfo', 'sts:GetServiceBearerToken',
		'iam:GetAccountAuthorizationDetails', 'iam:ListPolicies', 'iam:ListRoles', 'iam:ListUsers',
		'iam:SimulateCustomPolicy', 'iam:GetContextKeysForCustomPolicy',
		'organizations:DescribeOrganization', 'organizations:ListAccounts',
		'organizations:ListPolicies', 'organizations:ListRoots',
		'organizations:ListDelegatedAdministrators',
		'access-analyzer:ValidatePolicy', 'access-analyzer:CheckAccessNotGranted',
		'access-analyzer:CheckNoNewAccess', 'access-analyzer:CheckNoPublicAccess',
	].map((a) => a.toLowerCase()),
);

const lowerIndex = new Map<string, Map<string, string>>(
	Object.entries(KNOWN_ACTIONS).map(([service, entry]) => [service, new Map(entry.actions.map((a) => [a.toLowerCase(), a]))]),
);

/** The actions of a known service that an action pattern (wildcards allowed) names. */
export function actionsMatching(service: string, namePattern: string): string[] {
	const index = lowerIndex.get(service.toLowerCase());
	if (!index) return [];
	const pattern = namePattern.toLowerCase();
	if (!pattern.includes('*') && !pattern.includes('?')) {
		const exact = index.get(pattern);
		return exact ? [exact] : [];
	}
	return [...index.entries()].filter(([lower]) => globMatch(pattern, lower)).map(([, name]) => name);
}
