// AWS Organizations over awsJson1_1 (AWSOrganizationsV20161128.Op): enough to read the
// SCPs that apply to an account. Only the management account may read policies.

import {requiredString, ServiceError, type HandlerRequest} from '../wire.js';
import type {Organization, OrgPolicy} from '../world.js';
import {checkPermission, jsonProtocol, type JsonOperation} from './json.js';
import type {Protocol, SandboxContext} from './protocol.js';

const contentType = 'application/x-amz-json-1.1';
const noPermission = "You don't have permissions to access this resource.";

function organizationOf(request: HandlerRequest, context: SandboxContext, action: string, managementOnly: boolean): Organization {
	checkPermission(request, context, action, '*', undefined);
	const org = context.world.organization;
	if (!org || !org.accounts.includes(request.caller.account)) {
		throw new ServiceError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
	}
	if (managementOnly && org.managementAccount !== request.caller.account) throw new ServiceError(400, 'AccessDeniedException', noPermission);
	return org;
}

function summary(policy: OrgPolicy): Record<string, unknown> {
	return {Id: policy.id, Arn: policy.arn, Name: policy.name, Description: policy.description, Type: policy.type, AwsManaged: policy.awsManaged};
}

function policyFilter(input: Record<string, unknown>): string {
	const filter = requiredString(input, 'Filter', 'InvalidInputException');
	if (!/^(SERVICE_CONTROL_POLICY|RESOURCE_CONTROL_POLICY|TAG_POLICY|BACKUP_POLICY|AISERVICES_OPT_OUT_POLICY|DECLARATIVE_POLICY_EC2|CHATBOT_POLICY)$/.test(filter)) {
		throw new ServiceError(400, 'InvalidInputException', 'You provided a value that does not match the required pattern.');
	}
	return filter;
}

const operations: Record<string, JsonOperation> = {
	DescribeOrganization(request, context) {
		const org = organizationOf(request, context, 'organizations:DescribeOrganization', false);
		return {
			Organization: {
				Id: org.id,
				Arn: `arn:aws:organizations::${org.managementAccount}:organization/${org.id}`,
				FeatureSet: 'ALL',
				MasterAccountArn: `arn:aws:organizations::${org.managementAccount}:account/${org.id}/${org.managementAccount}`,
				MasterAccountId: org.managementAccount,
				MasterAccountEmail: `aws+${org.managementAccount}@example.com`,
				AvailablePolicyTypes: [{Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED'}],
			},
		};
	},
	ListPoliciesForTarget(request, context, input) {
		const org = organizationOf(request, context, 'organizations:ListPoliciesForTarget', true);
		const target = requiredString(input, 'TargetId', 'InvalidInputException');
		const filter = policyFilter(input);
		if (!org.accounts.includes(target) && target !== org.rootId) {
			throw new ServiceError(400, 'TargetNotFoundException', 'We can\'t find a root, OU, account, or email with the TargetId that you specified.');
		}
		// Like AWS: only the policies attached to this target; the root's come by ListParents.
		const policies = org.policies.filter((p) => p.type === filter && p.targets.includes(target));
		return {Policies: policies.map(summary)};
	},
	ListParents(request, context, input) {
		const org = organizationOf(request, context, 'organizations:ListParents', true);
		const child = requiredString(input, 'ChildId', 'InvalidInputException');
		if (!org.accounts.includes(child)) {
			throw new ServiceError(400, 'ChildNotFoundException', 'We can\'t find an organizational unit (OU) or AWS account with the ChildId that you specified.');
		}
		// The sandbox has no OUs: every account sits directly under the root.
		return {Parents: [{Id: org.rootId, Type: 'ROOT'}]};
	},
	ListPolicies(request, context, input) {
		const org = organizationOf(request, context, 'organizations:ListPolicies', true);
		const filter = policyFilter(input);
		return {Policies: org.policies.filter((p) => p.type === filter).map(summary)};
	},
	DescribePolicy(request, context, input) {
		const org = organizationOf(request, context, 'organizations:DescribePolicy', true);
		const id = requiredString(input, 'PolicyId', 'InvalidInputException');
		const policy = org.policies.find((p) => p.id === id);
		if (!policy) throw new ServiceError(400, 'PolicyNotFoundException', 'We can\'t find a policy with the PolicyId that you specified.');
		return {Policy: {PolicySummary: summary(policy), Content: policy.content}};
	},
};

export const organizations: Protocol = jsonProtocol({
	service: 'organizations',
	targetPrefix: 'AWSOrganizationsV20161128',
	contentType,
	operations,
	throttle: [400, 'TooManyRequestsException', 'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.'],
	serverError: [500, 'ServiceException', 'AWS Organizations can\'t complete your request because of an internal service error. Try again later.'],
});
