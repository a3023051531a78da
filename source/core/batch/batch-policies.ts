// The policy snippets of a batch, built by the single-table generator (snippets.ts) over
// several tables and principals (BatchScope): for the destination's owners one bucket-policy
// statement granting every source's principal, and one key-policy statement likewise; for
// each source its caller's identity policy covering all its tables in one statement per
// action (table ARNs, their exports, their prefixes), plus the boundary or SCP snippet when
// that source's checks found one to be the cause.

import {parseTableArn} from '../arn.js';
import {allSnippetIds, snippetInputFrom} from '../policy/delivery.js';
import type {BatchScope} from '../policy/export-statements.js';
import {buildSnippets, type Snippet, type SnippetId, type SnippetInput} from '../policy/snippets.js';
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
export function grantedPrefix(plan: Pick<BatchPlan, 'destination'>, tableArn: string): string {
	const parts = parseTableArn(tableArn);
	if (!parts) throw new Error(`Not a table ARN: ${tableArn}`);
	return expandPrefixTemplate(plan.destination.prefixTemplate, {account: parts.account, region: parts.region, table: parts.table, date: '*'});
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
		const batch: BatchScope = {tables: mine.map((item) => ({tableArn: item.plan.tableArn, prefix: grantedPrefix(plan, item.plan.tableArn)})), tableKeyArns};
		const ids = allSnippetIds(base.plan, base.callerAccount, report.shared.get(key) ?? sourceReport.results);
		wanted.push(ids);
		sources.set(key, {...base, batch, only: ids.filter((id) => !DESTINATION_IDS.includes(id))});
	}
	const destination = destinationInput([...sources.values()], DESTINATION_IDS.filter((id) => wanted.some((ids) => ids.includes(id))), plan);
	return destination ? {destination, sources} : {sources};
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
function destinationInput(inputs: SnippetInput[], wanted: SnippetId[], plan: BatchPlan): SnippetInput | undefined {
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
			tables: inputs.flatMap((i) => i.batch?.tables ?? []),
			principals: [...new Set(inputs.map((i) => i.callerArn))],
		},
		bucketOwnerUnknown: inputs.some((i) => i.bucketOwnerUnknown) || undefined,
		only: wanted,
	};
}
