// A batch's name and each table's ClientToken. The table's token is a name-based UUID
// (RFC 9562 version 5: SHA-1 over our namespace and the name) of the batch token and the
// table ARN, so the same batch run again (within AWS's 8 hours of idempotency) sends the
// same token for the same table and AWS returns the export instead of starting another.
// node:crypto's SHA-1 makes it in a dozen lines; a dependency (uuid) would add a package
// to the bundle for them.

import {createHash, randomUUID} from 'node:crypto';

/** ddb-export's namespace for batch ClientTokens (a random UUID, fixed once and for all). */
export const BATCH_TOKEN_NAMESPACE = '7004ea32-97a2-41c2-9add-7a46a5968422';

/** A new batch token: a random UUID (fits ClientToken's rules itself: 36 characters, no "$"). */
export function newBatchToken(): string {
	return randomUUID();
}

/** RFC 9562 §5.5: SHA-1 of the namespace's 16 bytes and the name's UTF-8, version 5, variant 10. */
export function uuidV5(name: string, namespace: string): string {
	const hex = namespace.replace(/-/g, '');
	if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a UUID: ${namespace}`);
	const bytes = createHash('sha1').update(Buffer.from(hex, 'hex')).update(name, 'utf8').digest().subarray(0, 16);
	bytes[6] = (bytes[6]! & 0x0f) | 0x50;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	const out = bytes.toString('hex');
	return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}

/**
 * The ClientToken of one table in one batch: 36 characters, no "$" (ClientToken allows 1–64
 * characters matching ^[^$]+$). The name is the JSON pair, so no two (batch, table) pairs
 * can spell the same name.
 */
export function tableClientToken(batchToken: string, tableArn: string): string {
	return uuidV5(JSON.stringify([batchToken, tableArn]), BATCH_TOKEN_NAMESPACE);
}
