// awsJson1_0 / awsJson1_1: POST /, operation in X-Amz-Target, JSON both ways, errors
// as {"__type": "...#Code", "message": "..."}.

import type {RawRequest, Reply, ServiceError} from '../wire.js';
import type {StandardErrors} from './protocol.js';

export function targetOperation(request: RawRequest, prefix: string): string {
	const target = request.headers['x-amz-target'];
	if (typeof target === 'string' && target.startsWith(`${prefix}.`)) return target.slice(prefix.length + 1);
	return 'Unknown';
}

export function jsonReply(contentType: string, body: unknown, requestId: string): Reply {
	return {
		status: 200,
		headers: {'content-type': contentType, 'x-amzn-requestid': requestId},
		body: JSON.stringify(body),
	};
}

export function jsonErrorReply(
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
