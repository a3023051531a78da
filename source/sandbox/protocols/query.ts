// The AWS query protocol (STS, IAM): form-encoded parameters in, XML out, lists as
// `Name.member.N`, errors as <ErrorResponse><Error><Type/><Code/><Message/></Error>.

import {toXml, xmlEscape, type RawRequest, type Reply, type ServiceError, type XmlValue} from '../wire.js';
import type {StandardErrors} from './protocol.js';

export function queryParams(request: RawRequest): URLSearchParams {
	const params = new URLSearchParams(request.query);
	if (request.body.length > 0) {
		for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) params.set(key, value);
	}
	return params;
}

export function queryOperation(request: RawRequest): string {
	return queryParams(request).get('Action') ?? 'Unknown';
}

/** `Name.member.1`, `Name.member.2` … in order. */
export function memberList(params: URLSearchParams, name: string): string[] {
	const values: Array<[number, string]> = [];
	const pattern = new RegExp(`^${name.replace(/\./g, '\\.')}\\.member\\.(\\d+)$`);
	for (const [key, value] of params) {
		const m = pattern.exec(key);
		if (m) values.push([Number(m[1]), value]);
	}
	return values.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** Indexes N present under `Name.member.N.*`. */
export function memberIndexes(params: URLSearchParams, name: string): number[] {
	const found = new Set<number>();
	const pattern = new RegExp(`^${name.replace(/\./g, '\\.')}\\.member\\.(\\d+)\\.`);
	for (const key of params.keys()) {
		const m = pattern.exec(key);
		if (m) found.add(Number(m[1]));
	}
	return [...found].sort((a, b) => a - b);
}

export function queryReply(action: string, namespace: string, result: XmlValue | undefined, requestId: string): Reply {
	const resultXml = result === undefined ? '' : `<${action}Result>${toXml(result)}</${action}Result>`;
	return {
		status: 200,
		headers: {'content-type': 'text/xml', 'x-amzn-requestid': requestId},
		body: `<${action}Response xmlns="${namespace}">${resultXml}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
	};
}

export function queryErrorReply(namespace: string, error: ServiceError, requestId: string): Reply {
	const type = error.status >= 500 ? 'Receiver' : 'Sender';
	return {
		status: error.status,
		headers: {'content-type': 'text/xml', 'x-amzn-requestid': requestId, ...error.headers},
		body: `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
	};
}

export const queryErrors: StandardErrors = {
	unknownKey: [403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'],
	badToken: [403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'],
	expired: [400, 'ExpiredToken', 'The security token included in the request is expired'],
	badSignature: [
		403,
		'SignatureDoesNotMatch',
		'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
	],
	missingAuth: [403, 'MissingAuthenticationToken', 'Request is missing Authentication Token'],
	throttle: [400, 'Throttling', 'Rate exceeded'],
	serverError: [500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.'],
};
