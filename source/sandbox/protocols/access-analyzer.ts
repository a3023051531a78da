// IAM Access Analyzer ValidatePolicy over REST-JSON (POST /policy/validation): a small
// linter with AWS's finding shape — syntax errors, unknown services or actions, a
// Principal in an identity policy, and Allow to "*" without a condition.

import {authorize, refusalMessage, requestContext} from '../authorize.js';
import {parseJsonBody, ServiceError, stringParam, type HandlerRequest, type RawRequest, type Reply} from '../wire.js';
import {coralErrors} from './json.js';
import type {Protocol, SandboxContext} from './protocol.js';

const learnMore = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

/** Service prefixes the linter accepts; an action naming another service is an error. */
const knownServices = new Set(
	('access-analyzer acm apigateway athena autoscaling backup cloudformation cloudfront cloudtrail cloudwatch codebuild ' +
		'codecommit codepipeline cognito-identity cognito-idp dax dynamodb ec2 ecr ecs eks elasticache elasticfilesystem ' +
		'elasticloadbalancing es events firehose glue guardduty iam kinesis kms lambda logs organizations rds redshift ' +
		'route53 s3 sagemaker secretsmanager ses sns sqs ssm states sts tag xray').split(' '),
);

interface Finding {
	findingType: 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';
	issueCode: string;
	findingDetails: string;
	path: Array<{value: string} | {index: number}>;
	needle?: string;
}

type Position = {line: number; column: number; offset: number};

function positionOf(text: string, offset: number): Position {
	const before = text.slice(0, Math.max(0, offset));
	const lines = before.split('\n');
	return {line: lines.length, column: lines[lines.length - 1]!.length, offset};
}

function asList(value: unknown): unknown[] {
	return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function lint(text: string, policyType: string): Finding[] {
	let document: Record<string, unknown>;
	try {
		document = JSON.parse(text) as Record<string, unknown>;
	} catch (error) {
		const offset = Number(/position (\d+)/.exec(String(error))?.[1] ?? text.length);
		const at = positionOf(text, offset);
		return [{findingType: 'ERROR', issueCode: 'JSON_SYNTAX_ERROR', findingDetails: `Fix the JSON syntax error at character ${at.column} in line ${at.line}.`, path: [], needle: undefined}];
	}
	const findings: Finding[] = [];
	if (!document || typeof document !== 'object' || !('Statement' in document)) {
		return [{findingType: 'ERROR', issueCode: 'MISSING_STATEMENT', findingDetails: 'Add a Statement element to the policy.', path: []}];
	}
	if (document.Version === undefined) {
		findings.push({
			findingType: 'WARNING',
			issueCode: 'MISSING_VERSION',
			findingDetails: 'We recommend that you specify the Version element to help you with debugging permission issues.',
			path: [],
		});
	}
	asList(document.Statement).forEach((raw, index) => {
		const statement = (raw ?? {}) as Record<string, unknown>;
		const base = [{value: 'Statement'}, {index}];
		for (const [position, action] of asList(statement.Action ?? statement.NotAction).entries()) {
			if (typeof action !== 'string' || action === '*') continue;
			const [service, name] = action.split(':');
			const path = [...base, {value: statement.Action === undefined ? 'NotAction' : 'Action'}, {index: position}];
			if (name === undefined || name === '') {
				findings.push({findingType: 'ERROR', issueCode: 'INVALID_ACTION', findingDetails: `The action ${action} does not exist.`, path, needle: action});
			} else if (!knownServices.has(service!.toLowerCase())) {
				findings.push({
					findingType: 'ERROR',
					issueCode: 'INVALID_SERVICE_IN_ACTION',
					findingDetails: `The service ${service} specified in the action does not exist.`,
					path,
					needle: action,
				});
			}
		}
		const hasPrincipal = statement.Principal !== undefined || statement.NotPrincipal !== undefined;
		if (policyType === 'IDENTITY_POLICY' && hasPrincipal) {
			findings.push({
				findingType: 'ERROR',
				issueCode: 'UNSUPPORTED_PRINCIPAL',
				findingDetails: 'Policy type IDENTITY_POLICY does not support the Principal element.',
				path: [...base, {value: 'Principal'}],
			});
		}
		if (policyType === 'RESOURCE_POLICY' && !hasPrincipal) {
			findings.push({findingType: 'ERROR', issueCode: 'MISSING_PRINCIPAL', findingDetails: 'Add a Principal element to the policy statement.', path: base});
		}
		const principal = statement.Principal as {AWS?: unknown} | string | undefined;
		const everyone = principal === '*' || (typeof principal === 'object' && asList(principal?.AWS).includes('*'));
		if (statement.Effect === 'Allow' && everyone && statement.Condition === undefined) {
			// Sandbox-specific issue code: AWS reports public access through its own checks.
			findings.push({
				findingType: 'SECURITY_WARNING',
				issueCode: 'ALLOWS_PUBLIC_ACCESS',
				findingDetails: 'The statement allows access to any principal ("*") without a condition. Anyone, including anonymous users, gets this access.',
				path: [...base, {value: 'Principal'}],
			});
		}
		if (statement.Effect === 'Allow' && statement.NotPrincipal !== undefined) {
			findings.push({
				findingType: 'SECURITY_WARNING',
				issueCode: 'ALLOW_WITH_NOT_PRINCIPAL',
				findingDetails: 'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.',
				path: [...base, {value: 'NotPrincipal'}],
			});
		}
	});
	return findings;
}

function toWire(text: string, finding: Finding): Record<string, unknown> {
	const found = finding.needle ? text.indexOf(JSON.stringify(finding.needle)) : -1;
	const start = found >= 0 ? found : 0;
	const end = found >= 0 ? found + JSON.stringify(finding.needle).length : 0;
	return {
		findingDetails: finding.findingDetails,
		findingType: finding.findingType,
		issueCode: finding.issueCode,
		learnMoreLink: `${learnMore}#access-analyzer-reference-policy-checks-${finding.issueCode.toLowerCase().replace(/_/g, '-')}`,
		locations: [{path: finding.path, span: {start: positionOf(text, start), end: positionOf(text, end)}}],
	};
}

function validatePolicy(request: HandlerRequest, context: SandboxContext): unknown {
	const action = 'access-analyzer:ValidatePolicy';
	const resource = `arn:aws:access-analyzer:${request.region}:${request.caller.account}:*`;
	const refusal = authorize(context.world, {caller: request.caller, action, resource, context: requestContext(request.caller, request.region)});
	if (refusal) throw new ServiceError(403, 'AccessDeniedException', refusalMessage(request.caller.arn, action, undefined, refusal));
	const input = parseJsonBody(request.body);
	const document = stringParam(input, 'policyDocument');
	const policyType = stringParam(input, 'policyType');
	if (document === undefined || !policyType || !/^(IDENTITY_POLICY|RESOURCE_POLICY|SERVICE_CONTROL_POLICY|RESOURCE_CONTROL_POLICY)$/.test(policyType)) {
		throw new ServiceError(400, 'ValidationException', 'Invalid request: policyDocument and a valid policyType are required.', {reason: 'fieldValidationFailed'});
	}
	return {findings: lint(document, policyType).map((f) => toWire(document, f))};
}

function jsonReply(status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): Reply {
	return {status, headers: {'content-type': 'application/json', 'x-amzn-requestid': requestId, ...headers}, body: JSON.stringify(body)};
}

export const accessAnalyzer: Protocol = {
	service: 'access-analyzer',
	operationOf: (request: RawRequest) => (request.method === 'POST' && request.rawPath === '/policy/validation' ? 'ValidatePolicy' : 'Unknown'),
	handle(request, context) {
		if (request.operation !== 'ValidatePolicy') throw new ServiceError(404, 'ResourceNotFoundException', 'Unknown operation');
		return jsonReply(200, validatePolicy(request, context), request.requestId);
	},
	errorReply: (error, requestId) =>
		jsonReply(error.status, {message: error.message, ...(error.code === 'ValidationException' ? {fieldList: []} : {}), ...error.extra}, requestId, {
			'x-amzn-errortype': error.code,
			...error.headers,
		}),
	errors: {
		...coralErrors,
		unknownKey: [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
		badToken: [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
		expired: [403, 'ExpiredTokenException', 'The security token included in the request is expired'],
		badSignature: [403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.'],
		missingAuth: [403, 'MissingAuthenticationTokenException', 'Missing Authentication Token'],
		throttle: [429, 'ThrottlingException', 'Rate exceeded'],
		serverError: [500, 'InternalServerException', 'Internal server error'],
	},
};
