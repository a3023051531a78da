// The boundary where AWS's strings enter the product: every value a session method
// returns (or hands to an onPage callback), and the message of every AwsCallError it
// rejects with, is made terminal-safe here once, so no view, line or JSON document
// prints a control sequence that came from AWS (core/terminal-text.ts says what that is).

import {AwsCallError, type AwsSession} from '../core/ports.js';
import {terminalSafe, terminalSafeValue} from '../core/terminal-text.js';

function safeError(error: unknown): unknown {
	if (!(error instanceof AwsCallError)) return error;
	const message = terminalSafe(error.message);
	const code = terminalSafe(error.code);
	if (message === error.message && code === error.code) return error;
	return new AwsCallError(error.service, error.operation, code, message, error.httpStatus, error.requestId);
}

/** Page callbacks ({onPage}) get their items made safe before the core sees them. */
function safeArgument(argument: unknown): unknown {
	if (typeof argument !== 'object' || argument === null || typeof (argument as {onPage?: unknown}).onPage !== 'function') return argument;
	const onPage = (argument as {onPage: (items: unknown[]) => void}).onPage;
	return {...argument, onPage: (items: unknown[]) => onPage(terminalSafeValue(items))};
}

export function terminalSafeSession<S extends AwsSession>(session: S): S {
	return new Proxy(session, {
		get(target, property, receiver) {
			const value: unknown = Reflect.get(target, property, receiver);
			if (typeof value !== 'function') return value;
			return (...args: unknown[]) => {
				let result: unknown;
				try {
					result = (value as (...a: unknown[]) => unknown).apply(target, args.map(safeArgument));
				} catch (error) {
					throw safeError(error);
				}
				if (result instanceof Promise) {
					return result.then(
						(resolved: unknown) => terminalSafeValue(resolved),
						(error: unknown) => {
							throw safeError(error);
						},
					);
				}
				return terminalSafeValue(result);
			};
		},
	});
}
