// awsJson1_0 / awsJson1_1: POST /, operation in X-Amz-Target, JSON both ways, errors
// as {"__type": "...#Code", "message": "..."}.

import {authorize, refusalMessage, requestContext} from '../authorize.js';
import {parseJsonBody, ServiceError, type HandlerRequest, type RawRequest, type Reply} from '../wire.js';
import type {Protocol, SandboxContext, StandardErrors} from './protocol.js';

function targetOperation(request: RawRequest, prefix: string): string {
	const target = request.headers['x-amz-target'];
	if (typeof target === 'string' && target.startsWith(`${prefix}.`)) return target.slice(prefix.length + 1);
	return 'Unknown';
}

function jsonReply(contentType: string, body: unknown, requestId: string): Reply {
	return {
		status: 200,
		headers: {'content-type': contentType, 'x-amzn-requestid': requestId},
		body: JSON.stringify(body),
	};
}

function jsonErrorReply(
	contentType: string,
	error: ServiceError,
	requestId: string,
	typeOf: (code: string) => string = (code) => code,
): Reply {
	// AccessDenied and the authentication errors come from the shared front end and
	// spell their message key with a capital M; SDKs read either spelling.
	const messageKey = /^(AccessDeniedException|UnrecognizedClientException|ExpiredTokenException|InvalidSignatureException|MissingAuthenticationTokenException)$/.test(error.code)
		? 'Message'
		: 'message';
	return {
		status: error.status,
		headers: {'content-type': contentType, 'x-amzn-requestid': requestId, ...error.headers},
		body: JSON.stringify({__type: typeOf(error.code), [messageKey]: error.message, ...error.extra}),
	};
}

export const coralErrors: Omit<StandardErrors, 'throttle' | 'serverError'> = {
	unknownKey: [400, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
	badToken: [400, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
	expired: [400, 'ExpiredTokenException', 'The security token included in the request is expired'],
	badSignature: [
		400,
		'InvalidSignatureException',
		'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
	],
	missingAuth: [400, 'MissingAuthenticationTokenException', 'Request is missing Authentication Token'],
};

/**
 * The permission check of a call no resource policy governs (identity policies, boundary,
 * SCPs), refused as JSON services do. `shownAs` is the resource the message names, if any.
 */
export function checkPermission(request: HandlerRequest, context: SandboxContext, action: string, resource: string, shownAs: string | undefined = resource): void {
	const refusal = authorize(context.world, {caller: request.caller, action, resource, context: requestContext(request.caller, request.region)});
	if (refusal) throw new ServiceError(400, 'AccessDeniedException', refusalMessage(request.caller.arn, action, shownAs, refusal));
}

export type JsonOperation = (request: HandlerRequest, context: SandboxContext, input: Record<string, unknown>) => unknown;

/** A JSON service: X-Amz-Target dispatch to `operations`, replies and errors in its content type. */
export function jsonProtocol(spec: {
	service: string;
	targetPrefix: string;
	contentType: string;
	operations: Record<string, JsonOperation>;
	throttle: StandardErrors['throttle'];
	serverError: StandardErrors['serverError'];
	errorType?: (code: string) => string;
}): Protocol {
	return {
		service: spec.service,
		operationOf: (request) => targetOperation(request, spec.targetPrefix),
		handle(request, context) {
			const operation = spec.operations[request.operation];
			if (!operation) throw new ServiceError(400, 'UnknownOperationException', `Unknown operation ${request.operation}`);
			return jsonReply(spec.contentType, operation(request, context, parseJsonBody(request.body)), request.requestId);
		},
		errorReply: (error, requestId) => jsonErrorReply(spec.contentType, error, requestId, spec.errorType),
		errors: {...coralErrors, throttle: spec.throttle, serverError: spec.serverError},
	};
}
