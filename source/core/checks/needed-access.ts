// What the export needs, as (action, resource, context) triples: shared by the
// bucket-policy, key-policy, permissions and organisation checks so they all judge
// the same requests.

import {describePrincipal, exportsArnOf, partitionOf, s3Arn} from '../arn.js';
import {KMS_ACTIONS, S3_WRITE_ACTIONS, type ExportPlan} from '../plan.js';
import type {CallerIdentity} from '../ports.js';


/** A key DynamoDB would write: the policy patterns people write must match keys like it. */
const REPRESENTATIVE_SUFFIX = 'AWSDynamoDB/x/data/x.json.gz';

/**
 * The prefix as a key path. DynamoDB writes under `prefix/AWSDynamoDB/...`, so a prefix
 * without a trailing slash still gets one before the export's own folders.
 */
export function keyPath(prefix: string): string {
	return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

export function representativeObjectKey(plan: Pick<ExportPlan, 'prefix'>): string {
	return `${keyPath(plan.prefix)}${REPRESENTATIVE_SUFFIX}`;
}

export function representativeObjectArn(plan: Pick<ExportPlan, 'bucket' | 'prefix' | 'tableArn'>): string {
	return s3Arn(partitionOf(plan.tableArn), plan.bucket, representativeObjectKey(plan));
}

/** The one calling the export, as the checks reason about it. */
export interface Caller {
	arn: string;
	account: string;
	kind: 'user' | 'role' | 'assumed-role' | 'root' | 'federated' | 'service' | 'unknown';
	name?: string;
	session?: string;
	/** For an assumed-role session: the role. IAM policies are attached to it. */
	roleArn?: string;
	/** ARN that IAM simulation and policy snippets use (the role for a session). */
	policyArn?: string;
	/** Permission-set role of IAM Identity Center (AWSReservedSSO_*). */
	sso: boolean;
}

export function callerOf(identity: CallerIdentity): Caller {
	const described = describePrincipal(identity.arn);
	const account = described.account ?? identity.account;
	const roleArn = described.roleArn;
	const policyArn = described.kind === 'assumed-role' ? roleArn : described.kind === 'user' || described.kind === 'role' ? identity.arn : undefined;
	return {
		arn: identity.arn,
		account,
		kind: described.kind,
		name: described.name,
		session: described.session,
		roleArn,
		policyArn,
		sso: described.kind === 'assumed-role' && /^AWSReservedSSO_/.test(described.name ?? ''),
	};
}

/** One request the export makes (or DynamoDB makes for it). */
export interface NeededRequest {
	action: string;
	resource: string;
	/** 'caller': the person's own API call; 'service': DynamoDB writes on their behalf. */
	via: 'caller' | 'service';
	/** Region the request is made in (aws:RequestedRegion). */
	region: string;
	/** What it is for, for messages. */
	purpose: 'export' | 'watch' | 'write' | 'export-key' | 'table-key';
}

export interface NeededInputs {
	bucketRegion: string;
	/** Key the export encrypts with (KMS only). */
	keyArn?: string;
	/** Customer managed key of the table, when it has one. */
	tableKeyArn?: string;
	tableKeyRegion?: string;
}

export function neededRequests(plan: ExportPlan, inputs: NeededInputs): NeededRequest[] {
	const requests: NeededRequest[] = [
		{action: 'dynamodb:ExportTableToPointInTime', resource: plan.tableArn, via: 'caller', region: plan.region, purpose: 'export'},
		{action: 'dynamodb:DescribeExport', resource: exportsArnOf(plan.tableArn), via: 'caller', region: plan.region, purpose: 'watch'},
	];
	for (const action of S3_WRITE_ACTIONS) {
		requests.push({action, resource: representativeObjectArn(plan), via: 'service', region: inputs.bucketRegion, purpose: 'write'});
	}
	if (plan.sse === 'KMS' && inputs.keyArn) {
		for (const action of KMS_ACTIONS) requests.push({action, resource: inputs.keyArn, via: 'service', region: inputs.bucketRegion, purpose: 'export-key'});
	}
	if (inputs.tableKeyArn) {
		for (const action of KMS_ACTIONS) {
			requests.push({action, resource: inputs.tableKeyArn, via: 'service', region: inputs.tableKeyRegion ?? plan.region, purpose: 'table-key'});
		}
	}
	return requests;
}

/**
 * Condition-key values known for a request (lower-cased keys, see EvalRequest).
 * Source IP / VPC / VPC endpoint keys are deliberately absent: DynamoDB's writes come
 * from the service, not from the caller's network, so they are unknown here.
 */
export function requestContext(
	caller: Caller,
	request: Pick<NeededRequest, 'action' | 'via' | 'region'> & {purpose?: NeededRequest['purpose']},
	plan: Pick<ExportPlan, 'sse'>,
	keyArn?: string,
): Record<string, string | string[] | null> {
	const context: Record<string, string | string[] | null> = {
		'aws:principalarn': caller.roleArn ?? caller.arn,
		'aws:principalaccount': caller.account,
		'aws:requestedregion': request.region,
		'aws:viaawsservice': request.via === 'service' ? 'true' : 'false',
		// Unconfirmed but near certain: AWS services talk to each other over TLS. Leaving it
		// unknown would flag the very common "deny insecure transport" statement as a risk.
		'aws:securetransport': 'true',
	};
	const principalType = principalTypeOf(caller);
	if (principalType) context['aws:principaltype'] = principalType;
	if (request.action === 's3:PutObject') {
		context['s3:x-amz-server-side-encryption'] = plan.sse === 'KMS' ? 'aws:kms' : 'AES256';
		context['s3:x-amz-server-side-encryption-aws-kms-key-id'] = plan.sse === 'KMS' && keyArn ? keyArn : null;
	} else if (request.action.startsWith('s3:')) {
		context['s3:x-amz-server-side-encryption'] = null;
		context['s3:x-amz-server-side-encryption-aws-kms-key-id'] = null;
	}
	if (request.action.startsWith('kms:')) {
		context['kms:calleraccount'] = caller.account;
		// The export key is used by S3 while DynamoDB writes; the table key by DynamoDB itself.
		const service = request.purpose === 'table-key' ? 'dynamodb' : 's3';
		if (request.via === 'service') context['kms:viaservice'] = `${service}.${request.region}.amazonaws.com`;
	}
	return context;
}

function principalTypeOf(caller: Caller): string | undefined {
	switch (caller.kind) {
		case 'user':
			return 'User';
		case 'assumed-role':
			return 'AssumedRole';
		case 'root':
			return 'Account';
		case 'federated':
			return 'FederatedUser';
		default:
			return undefined;
	}
}
