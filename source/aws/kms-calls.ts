// KMS operations, always in an explicit Region: an export key must live in the bucket's Region.

import {parseKeyArn} from '../core/arn.js';
import {AwsCallError, type KeyDetails, type KeySummary, type PageOptions} from '../core/ports.js';
import type {ClientPool} from './clients.js';

/**
 * Every key in the Region with the aliases that point at it. Aliases are read first
 * (ListAliases) so each page of keys can be shown with its names as it arrives.
 */
export async function listKeys(pool: ClientPool, region: string, options: PageOptions<KeySummary> = {}): Promise<KeySummary[]> {
	const aliasesByKey = new Map<string, string[]>();
	let marker: string | undefined;
	try {
		do {
			const page = await pool.call('kms', region, 'ListAliases', options.signal, (m, c, o) =>
				c.send(new m.ListAliasesCommand({Limit: 100, Marker: marker}), o),
			);
			for (const alias of page.Aliases ?? []) {
				if (!alias.TargetKeyId || !alias.AliasName) continue;
				const list = aliasesByKey.get(alias.TargetKeyId) ?? [];
				list.push(alias.AliasName);
				aliasesByKey.set(alias.TargetKeyId, list);
			}
			marker = page.Truncated ? page.NextMarker : undefined;
		} while (marker);
	} catch (error) {
		// Key ids without names are still a usable list; only a denial is passed over.
		if (!(error instanceof AwsCallError) || !error.isAccessDenied || error.service === 'credentials') throw error;
		aliasesByKey.clear();
	}

	const all: KeySummary[] = [];
	marker = undefined;
	do {
		const page = await pool.call('kms', region, 'ListKeys', options.signal, (m, c, o) =>
			c.send(new m.ListKeysCommand({Limit: 1000, Marker: marker}), o),
		);
		const items = (page.Keys ?? []).map((k): KeySummary => {
			const keyId = k.KeyId ?? '';
			const aliases = (aliasesByKey.get(keyId) ?? []).sort();
			const summary: KeySummary = {keyId, arn: k.KeyArn ?? '', aliases};
			// Only AWS managed keys carry alias/aws/…; a key without aliases may be either.
			if (aliases.some((a) => a.startsWith('alias/aws/'))) summary.manager = 'AWS';
			else if (aliases.length > 0) summary.manager = 'CUSTOMER';
			return summary;
		});
		all.push(...items);
		options.onPage?.(items);
		marker = page.Truncated ? page.NextMarker : undefined;
	} while (marker);
	return all;
}

export async function describeKey(pool: ClientPool, region: string, keyId: string, signal?: AbortSignal): Promise<KeyDetails> {
	const out = await pool.call('kms', region, 'DescribeKey', signal, (m, c, o) => c.send(new m.DescribeKeyCommand({KeyId: keyId}), o));
	const k = out.KeyMetadata;
	const arn = k?.Arn ?? '';
	const parsed = parseKeyArn(arn);
	const details: KeyDetails = {
		keyId: k?.KeyId ?? keyId,
		arn,
		region: parsed?.region || region,
		account: k?.AWSAccountId ?? parsed?.account ?? '',
		state: k?.KeyState ?? 'Unknown',
		enabled: k?.Enabled ?? false,
		manager: k?.KeyManager === 'AWS' ? 'AWS' : 'CUSTOMER',
		keySpec: k?.KeySpec ?? 'SYMMETRIC_DEFAULT',
		keyUsage: k?.KeyUsage ?? 'ENCRYPT_DECRYPT',
	};
	if (k?.Description) details.description = k.Description;
	return details;
}

export async function keyPolicy(pool: ClientPool, region: string, keyArn: string, signal?: AbortSignal): Promise<string> {
	const out = await pool.call('kms', region, 'GetKeyPolicy', signal, (m, c, o) =>
		c.send(new m.GetKeyPolicyCommand({KeyId: keyArn, PolicyName: 'default'}), o),
	);
	return out.Policy ?? '';
}

export async function putKeyPolicy(pool: ClientPool, region: string, keyArn: string, policy: string, signal?: AbortSignal): Promise<void> {
	await pool.call('kms', region, 'PutKeyPolicy', signal, (m, c, o) =>
		c.send(new m.PutKeyPolicyCommand({KeyId: keyArn, PolicyName: 'default', Policy: policy}), o),
	);
}

export async function enableKey(pool: ClientPool, region: string, keyArn: string, signal?: AbortSignal): Promise<void> {
	await pool.call('kms', region, 'EnableKey', signal, (m, c, o) => c.send(new m.EnableKeyCommand({KeyId: keyArn}), o));
}
