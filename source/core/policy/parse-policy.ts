// Turns policy text read from AWS into a PolicyDocument. IAM returns inline and managed
// policy documents URL-encoded (RFC 3986), S3 and KMS return plain JSON; both are accepted.
// Only the shape is normalised (a lone Statement object becomes a one-element array);
// everything else is kept exactly as written so that a merge can give it back untouched.

import type {PolicyDocument} from './types.js';

export type ParsePolicyResult = {ok: true; document: PolicyDocument} | {ok: false; message: string};

export function parsePolicy(text: string): ParsePolicyResult {
	const trimmed = text.trim();
	if (trimmed === '') return {ok: false, message: 'The policy is empty.'};

	let value: unknown;
	const direct = tryJson(trimmed);
	if (direct.ok) {
		value = direct.value;
	} else {
		// Not JSON as it stands: IAM's URL-encoded form starts with %7B ("{").
		let decoded: string | undefined;
		try {
			decoded = decodeURIComponent(trimmed);
		} catch {
			decoded = undefined;
		}
		const second = decoded !== undefined && decoded !== trimmed ? tryJson(decoded.trim()) : undefined;
		if (!second?.ok) return {ok: false, message: `The policy is not valid JSON: ${direct.message}`};
		value = second.value;
	}

	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		return {ok: false, message: 'The policy must be a JSON object with a Statement element.'};
	}
	const record = value as Record<string, unknown>;
	if (!('Statement' in record)) return {ok: false, message: 'The policy has no Statement element.'};
	const statement = record['Statement'];
	const statements = Array.isArray(statement) ? statement : [statement];
	for (const [index, entry] of statements.entries()) {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			return {ok: false, message: `Statement ${index + 1} is not a JSON object.`};
		}
	}
	return {ok: true, document: {...record, Statement: statements} as PolicyDocument};
}

function tryJson(text: string): {ok: true; value: unknown} | {ok: false; message: string} {
	try {
		return {ok: true, value: JSON.parse(text) as unknown};
	} catch (error) {
		return {ok: false, message: error instanceof Error ? error.message : String(error)};
	}
}
