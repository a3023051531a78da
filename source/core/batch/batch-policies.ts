// The policy snippets of a batch, built by the single-table generator (snippets.ts) over
// several tables and principals (BatchScope): for the destination's owners one bucket-policy
// statement granting every source's principal, and one key-policy statement likewise; for
// each source its caller's identity policy covering all its tables in one statement per
// action (table ARNs, their exports, their prefixes), plus the boundary or SCP snippet when
// that source's checks found one to be the cause.

import {parseTableArn, tableArn, type TableArnParts} from '../arn.js';
import {allSnippetIds, snippetInputFrom} from '../policy/delivery.js';
import {callerIdentityPolicy, type BatchScope} from '../policy/export-statements.js';
import {buildSnippets, principalShape, type Snippet, type SnippetId, type SnippetInput} from '../policy/snippets.js';
import {itemsOfSource, sourceKey} from './batch-checks.js';
import {expandPrefixTemplate} from './prefix-template.js';
import type {BatchCheckReport, BatchItem, BatchPlan} from './types.js';

export interface BatchSnippets {
	/** For the destination's administrators: the bucket policy, the key policy (one statement each, every source's principal in it). */
	destination: Snippet[];
	/** Per source (keys as in the report): its caller's policies, and what only its administrators change. */
	sources: Map<string, Snippet[]>;
}

const DESTINATION_IDS: readonly SnippetId[] = ['bucket-policy', 'key-policy-caller', 'key-policy-readers'];

/**
 * The prefix a table's objects are granted under: the template with {date} as "*", so that
 * the grant holds for every night's run, not only today's.
 */
export function grantedPrefix(plan: Pick<BatchPlan, 'destination'>, table: Pick<TableArnParts, 'account' | 'region' | 'table'>): string {
	return expandPrefixTemplate(plan.destination.prefixTemplate, {account: table.account, region: table.region, table: table.table, date: '*'});
}

/** Each item's table ARN with the prefix its objects are granted under. */
function namedTables(plan: Pick<BatchPlan, 'destination'>, items: readonly BatchItem[]): BatchScope['tables'] {
	return items.map((item) => ({tableArn: item.plan.tableArn, prefix: grantedPrefix(plan, {account: item.account, region: item.plan.region, table: item.tableName})}));
}

/** What the batch's snippets are built from: rebuildOverCurrent takes these to rebuild one over a policy read just before an apply. */
export interface BatchSnippetInputs {
	/** The bucket and key policies' snippets (`only` says which), for every source's principal. */
	destination?: SnippetInput;
	/** Per source (keys as in the report): its own snippets (`only` says which). */
	sources: Map<string, SnippetInput>;
}

/**
 * The inputs of the snippets for a checked batch. Sources whose caller is not known (their
 * credentials check failed) are left out: every snippet names its principal.
 */
export function batchSnippetInputs(report: Pick<BatchCheckReport, 'shared' | 'sources' | 'tables'>, plan: BatchPlan, items: readonly BatchItem[]): BatchSnippetInputs {
	const sources = new Map<string, SnippetInput>();
	const wanted: SnippetId[][] = [];
	for (const source of plan.sources) {
		const key = sourceKey(source, plan.sources);
		const mine = itemsOfSource(items, source);
		const sourceReport = report.sources?.get(key);
		if (!mine.length || !sourceReport) continue;
		const base = snippetInputFrom(mine[0]!.plan, sourceReport);
		if (!base) continue;
		const tableKeyArns = mine.flatMap((item) => {
			const table = report.tables?.get(item.plan.tableArn)?.table;
			return table?.encryption.type === 'KMS' && table.encryption.kmsKeyArn && !table.awsManagedKey ? [table.encryption.kmsKeyArn] : [];
		});
		const named: BatchScope = {tables: namedTables(plan, mine), tableKeyArns};
		const batch = withinIdentityLimit({...base, batch: named}, plan, mine);
		const ids = allSnippetIds(base.plan, base.callerAccount, report.shared.get(key) ?? sourceReport.results);
		wanted.push(ids);
		sources.set(key, {...base, batch, only: ids.filter((id) => !DESTINATION_IDS.includes(id))});
	}
	const ids = DESTINATION_IDS.filter((id) => wanted.some((list) => list.includes(id)));
	const destination = destinationInput([...sources.values()], ids, plan, items);
	if (!destination) return {sources};
	return {destination: withinBucketLimit(destination, plan, items), sources};
}

/**
 * IAM's and S3's size limits on a policy, in characters not counting white space (IAM
 * quotas: a role's inline policies 10,240 together, a user's 2,048; a bucket policy 20 KB).
 */
export const POLICY_SIZE_LIMITS = {role: 10_240, user: 2_048, bucket: 20_480} as const;

/** The size IAM and S3 count: the document without white space. */
export function policySize(document: object): number {
	return JSON.stringify(document).length;
}

/**
 * The tables of one source by a pattern: every table whose name starts with what their
 * names share ("orders-0" for orders-000 … orders-099), its exports, and the template's
 * prefix for such a name. Used only when naming each would not fit the policy's limit.
 */
function patternScope(scope: BatchScope, plan: Pick<BatchPlan, 'destination'>, items: readonly BatchItem[], why: string): BatchScope {
	const bySource = new Map<string, BatchItem[]>();
	for (const item of items) {
		const parts = parseTableArn(item.plan.tableArn);
		if (!parts) continue;
		const key = `${parts.partition}:${parts.region}:${parts.account}`;
		bySource.set(key, [...(bySource.get(key) ?? []), item]);
	}
	const tables: BatchScope['tables'] = [];
	const said: string[] = [];
	for (const group of bySource.values()) {
		const parts = parseTableArn(group[0]!.plan.tableArn)!;
		const shared = commonStart(group.map((item) => item.tableName));
		const matching = {...parts, table: `${shared}*`};
		tables.push({tableArn: tableArn(matching), prefix: grantedPrefix(plan, matching)});
		said.push(shared ? `every table whose name starts with "${shared}" in account ${parts.account}, ${parts.region} (${group.length} chosen)` : `every table of account ${parts.account} in ${parts.region} (the ${group.length} chosen share no beginning of their names)`);
	}
	return {...scope, tables, patternNote: `Named one by one, the tables would make this policy ${why}; so it grants ${said.join('; ')}. Narrow it by hand if other tables match.`};
}

function commonStart(names: string[]): string {
	let start = names[0] ?? '';
	for (const name of names) while (!name.startsWith(start)) start = start.slice(0, -1);
	return start;
}

/** The caller's statements name every table unless that would pass IAM's size limit for the principal. */
function withinIdentityLimit(input: SnippetInput, plan: BatchPlan, items: readonly BatchItem[]): BatchScope {
	const scope = input.batch!;
	const shape = principalShape(input.callerArn);
	const limit = shape.kind === 'user' ? POLICY_SIZE_LIMITS.user : POLICY_SIZE_LIMITS.role;
	const size = policySize(callerIdentityPolicy(input));
	if (size <= limit) return scope;
	const what = shape.kind === 'user' ? "a user's inline policies" : "a role's inline policies";
	return patternScope(scope, plan, items, `${size} characters long, over IAM's limit of ${limit} for ${what}`);
}

/** The bucket policy, merged with the current one, names every table unless that would pass S3's 20 KB. */
function withinBucketLimit(input: SnippetInput, plan: BatchPlan, items: readonly BatchItem[]): SnippetInput {
	if (!input.only?.includes('bucket-policy')) return input;
	const document = buildSnippets({...input, only: ['bucket-policy']})[0]?.document;
	const size = document ? policySize(document) : 0;
	if (size <= POLICY_SIZE_LIMITS.bucket) return input;
	const chosen = new Set(input.batch?.tables.map((t) => t.tableArn));
	const scope = patternScope(input.batch!, plan, items.filter((item) => chosen.has(item.plan.tableArn)), `${size} characters long, over S3's limit of ${POLICY_SIZE_LIMITS.bucket} for a bucket policy`);
	return {...input, batch: scope};
}

/** The snippets for a checked batch (built from batchSnippetInputs). */
export function batchPolicySnippets(report: Pick<BatchCheckReport, 'shared' | 'sources' | 'tables'>, plan: BatchPlan, items: readonly BatchItem[]): BatchSnippets {
	const inputs = batchSnippetInputs(report, plan, items);
	return {
		destination: inputs.destination ? buildSnippets(inputs.destination) : [],
		sources: new Map([...inputs.sources].map(([key, input]) => [key, buildSnippets(input)])),
	};
}

/** One bucket-policy and key-policy input for all sources: over the first source that read the current policies. */
function destinationInput(inputs: SnippetInput[], wanted: SnippetId[], plan: BatchPlan, items: readonly BatchItem[]): SnippetInput | undefined {
	if (!wanted.length || !inputs.length) return undefined;
	const first = inputs.find((i) => i.existing?.bucketPolicy !== undefined) ?? inputs[0]!;
	const readKey = inputs.find((i) => i.existing?.keyPolicy !== undefined);
	return {
		...first,
		// The owner of the bucket, whichever source's plan this is (a source in the bucket's own account sends none).
		plan: plan.destination.bucketOwner ? {...first.plan, bucketOwner: plan.destination.bucketOwner} : first.plan,
		kmsKeyArn: inputs.find((i) => i.kmsKeyArn)?.kmsKeyArn,
		existing: {bucketPolicy: first.existing?.bucketPolicy, ...(readKey ? {keyPolicy: readKey.existing?.keyPolicy} : {})},
		batch: {
			// Named one by one even where a source's own policy had to use a pattern (its limit is not the bucket's).
			tables: namedTables(plan, plan.sources.flatMap((source) => (inputs.some((i) => i.plan.profile === source.profile && i.plan.region === source.region) ? itemsOfSource(items, source) : []))),
			principals: [...new Set(inputs.map((i) => i.callerArn))],
		},
		bucketOwnerUnknown: inputs.some((i) => i.bucketOwnerUnknown) || undefined,
		only: wanted,
	};
}

/** A snippet that fixes failed shared checks of a batch, with what an apply rebuilds it from. */
export interface BatchFixOffer {
	/** 'destination' for the bucket's or key's owners (every source's principal in it), else the source's key. */
	scope: string;
	/** For rebuildOverCurrent before an apply: `only` holds the ids it was built with. */
	input: SnippetInput;
	snippet: Snippet;
	/** The failed checks it fixes, as "billing: Bucket policy". */
	fixes: string[];
}

export const DESTINATION_SCOPE = 'destination';

/**
 * The snippets that fix the failed shared checks, each once: a refused bucket or key policy
 * gets the one statement for every source (so fixing one account's refusal does not need a
 * second change for the next), a source's own refusal its own snippet.
 */
export function batchFixOffers(report: Pick<BatchCheckReport, 'shared' | 'sources' | 'tables'>, plan: BatchPlan, items: readonly BatchItem[]): BatchFixOffer[] {
	const inputs = batchSnippetInputs(report, plan, items);
	const named = new Map<string, Map<SnippetId, string[]>>();
	for (const [key, results] of report.shared) {
		for (const result of results) {
			const id = result.fix?.snippet;
			if (result.status !== 'failed' || !id) continue;
			const scope = DESTINATION_IDS.includes(id) ? DESTINATION_SCOPE : key;
			const ids = named.get(scope) ?? new Map<SnippetId, string[]>();
			ids.set(id, [...(ids.get(id) ?? []), `${key}: ${result.title}`]);
			named.set(scope, ids);
		}
	}
	const offers: BatchFixOffer[] = [];
	for (const [scope, ids] of named) {
		const base = scope === DESTINATION_SCOPE ? inputs.destination : inputs.sources.get(scope);
		if (!base) continue;
		const input: SnippetInput = {...base, only: [...ids.keys()]};
		for (const snippet of buildSnippets(input)) offers.push({scope, input, snippet, fixes: ids.get(snippet.id) ?? []});
	}
	return offers;
}
