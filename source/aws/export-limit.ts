// LimitExceededException from ExportTableToPointInTime means the account has as many exports
// in flight as AWS allows (about 300). That lasts until one of them finishes, minutes later,
// not the seconds of the SDK's back-off; yet the SDK counts the code as throttling and tries
// four more times. The batch queue waits for an export to finish instead, and a single export
// says so at once: the answer is passed on under another name, which the SDK does not retry,
// keeping its code (toAwsCallError reads Code first), message and metadata.

export class ExportLimitReachedError extends Error {
	override readonly name = 'ExportLimitReached';
	readonly Code = 'LimitExceededException';
	readonly $metadata: unknown;

	constructor(original: {message?: unknown; $metadata?: unknown}) {
		super(typeof original.message === 'string' ? original.message : 'LimitExceededException');
		this.$metadata = original.$metadata;
	}
}

/** The error an attempt of `operation` failed with, as the SDK's retry step should see it. */
export function withoutLimitRetries(service: string, operation: string, error: unknown): unknown {
	const limited = service === 'dynamodb' && operation === 'ExportTableToPointInTime' && (error as {name?: unknown} | null)?.name === 'LimitExceededException';
	return limited ? new ExportLimitReachedError(error as {message?: unknown; $metadata?: unknown}) : error;
}
