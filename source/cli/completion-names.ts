// `ddb-export completion names tables|buckets|batches [--profile P] [--region R]`: what the
// completion scripts call on Tab after --table-arn, --s3-bucket or --batch-token. One page of each list,
// one attempt, at most ~3 s; anything that goes wrong (no credentials, an MFA or SSO
// profile, no network) prints nothing, as a Tab must never print an error or hang.

import {partitionOf, tableArn} from '../core/arn.js';
import type {BucketSummary} from '../core/ports.js';
import type {CliOptions} from './arguments.js';

export const NAME_KINDS = ['tables', 'buckets', 'batches'] as const;
const BUDGET_MS = 3000;

export async function completionNames(kind: (typeof NAME_KINDS)[number], options: CliOptions): Promise<string[]> {
	if (kind === 'batches') {
		// The batches started here, newest first: their records in the state folder.
		const {defaultStatePlace, recordStore} = await import('./batch-record.js');
		return recordStore(defaultStatePlace()).tokens();
	}
	const {createAwsGateway} = await import('../aws/gateway.js');
	const gateway = createAwsGateway({
		caBundle: options.caBundle,
		endpointUrl: options.endpointUrl,
		maxAttempts: 1,
		timeouts: {connectMs: 2000, readMs: 2000},
	});
	const signal = AbortSignal.timeout(BUDGET_MS);
	try {
		const region = options.region ?? (await gateway.defaultRegion(options.profile));
		if (!region) return [];
		const session = gateway.session({
			profile: options.profile,
			region,
			mfaCode: () => Promise.reject(new Error('no MFA prompt while completing')),
		});
		// The first page is enough for a Tab: the rest is not waited for.
		const firstPage = async <T>(list: (options: {signal: AbortSignal; onPage: (page: T[]) => void}) => Promise<T[]>): Promise<T[]> => {
			const rest = new AbortController();
			let first: T[] | undefined;
			await list({
				signal: AbortSignal.any([signal, rest.signal]),
				onPage: (page) => {
					first ??= page;
					rest.abort();
				},
			}).catch(() => undefined);
			return first ?? [];
		};
		if (kind === 'buckets') return (await firstPage<BucketSummary>((o) => session.listBuckets(o))).map((bucket) => bucket.name);
		// Table ARNs: the first page's names, in the caller's account and the Region.
		const [identity, names] = await Promise.all([session.identity({signal}), firstPage<string>((o) => session.listTables(o))]);
		return names.map((table) => tableArn({partition: partitionOf(identity.arn), region, account: identity.account, table}));
	} catch {
		return [];
	}
}
