// What the server asks of each service module: name the operation of a raw request,
// answer a request from a known caller, and write errors in that service's format.

import type {ExportEngine} from '../exports.js';
import type {WorldState} from '../world.js';
import type {HandlerRequest, RawRequest, Reply, ServiceError} from '../wire.js';

export interface SandboxContext {
	world: WorldState;
	exports: ExportEngine;
}

/** The errors every service answers, each in its own words: [status, code, message]. */
export interface StandardErrors {
	unknownKey: [number, string, string];
	badToken: [number, string, string];
	expired: [number, string, string];
	badSignature: [number, string, string];
	missingAuth: [number, string, string];
	throttle: [number, string, string];
	serverError: [number, string, string];
}

export interface Protocol {
	/** SigV4 signing name, e.g. 'dynamodb', 's3'. */
	service: string;
	operationOf(request: RawRequest): string;
	handle(request: HandlerRequest, context: SandboxContext): Reply | Promise<Reply>;
	errorReply(error: ServiceError, requestId: string, request: RawRequest): Reply;
	errors: StandardErrors;
}
