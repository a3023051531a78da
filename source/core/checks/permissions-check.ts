// The caller's effective IAM permissions, as IAM's own simulator sees them (identity
// policies, permissions boundary, SCPs). In the same account a bucket policy or key
// policy that names the caller can grant what IAM does not.

import {AwsCallError, type SimulationResult} from '../ports.js';
import type {CheckFacts} from './check-facts.js';
import {DependencyError, callErrorVerdict, capitalise, isMissing, errorLine, need, settle, type CheckVerdict} from './check-errors.js';
import {analyseBucketPolicy, isForeign} from './bucket-policy-check.js';
import {CHECK_TITLES} from './check-titles.js';
import {analyseKeyPolicy} from './kms-checks.js';
import {analyseBoundary} from './permissions-boundary.js';
import {exportsArnOf, parsePolicyArn, partitionOf, roleArn} from '../arn.js';
import {KMS_ACTIONS, S3_WRITE_ACTIONS} from '../plan.js';
import {representativeObjectArn, type Caller} from './needed-access.js';

interface Probe {
	/** One resource for one table; a batch's tables are simulated together, one call per probe. */
	resources: readonly string[];
	actions: readonly string[];
	kind: 'table' | 'watch' | 's3' | 'key' | 'table-key';
}

interface Outcome {
	probe: Probe;
	/** The resource this result is for (one of the probe's). */
	resource: string;
	result: SimulationResult;
	/** Granted another way (bucket or key policy naming the caller in its own account). */
	grantedBy?: string;
}

export async function checkPermissions(facts: CheckFacts): Promise<CheckVerdict> {
	const {plan} = facts;
	const caller = await need(facts.caller(), 'credentials');
	if (caller.kind === 'root') {
		return {status: 'skipped', summary: 'Root user: IAM policies do not limit it, so there is nothing to simulate.'};
	}
	if (!caller.policyArn) {
		return {
			status: 'unknown',
			summary: `Cannot simulate a ${caller.kind} principal.`,
			cause: `IAM can only simulate users, groups and roles; ${caller.arn} is none of them.`,
		};
	}

	// Every table's own ARNs (the object ARN differs by prefix): a wildcard would decide
	// differently from the real ARNs when policies name tables or prefixes.
	const plans = facts.plans;
	const distinct = (list: string[]) => [...new Set(list)];
	const probes: Probe[] = [
		{resources: distinct(plans.map((p) => p.tableArn)), actions: ['dynamodb:ExportTableToPointInTime'], kind: 'table'},
		{resources: distinct(plans.map((p) => exportsArnOf(p.tableArn))), actions: ['dynamodb:DescribeExport'], kind: 'watch'},
		{resources: distinct(plans.map((p) => representativeObjectArn(p))), actions: S3_WRITE_ACTIONS, kind: 's3'},
	];
	// Start what is known now; the key ARNs join as soon as they are known.
	const first = simulateAll(facts, caller, probes);
	const notes: string[] = [];
	const later: Array<Promise<Probe | undefined>> = [];
	if (plan.sse === 'KMS') {
		later.push(
			settle(facts.keyArn()).then((arn) => {
				if (arn.ok) return {resources: [arn.value], actions: KMS_ACTIONS, kind: 'key'};
				notes.push('The export key could not be resolved, so kms permissions on it were not simulated.');
				return undefined;
			}),
		);
	}
	later.push(
		facts.tableReads().then((tables) => {
			const keys = tables.flatMap((table) => {
				const t = table.ok ? table.value : undefined;
				return t?.encryption.type === 'KMS' && !t.awsManagedKey && t.encryption.kmsKeyArn ? [t.encryption.kmsKeyArn] : [];
			});
			return keys.length ? {resources: distinct(keys), actions: KMS_ACTIONS, kind: 'table-key'} : undefined;
		}),
	);
	// Each key joins as soon as its own ARN is known, not when both are.
	const extras = later.map((probe) => probe.then((p) => simulateAll(facts, caller, p ? [p] : [])));
	const results = await Promise.all([first, ...extras]);
	const outcomes: Outcome[] = [];
	for (const result of results) {
		if (!result.ok) return simulationFailure(result.error, caller);
		outcomes.push(...result.value);
	}
	facts.simulatedArn = results.flatMap((r) => (r.ok && r.arn ? [r.arn] : []))[0] ?? caller.policyArn;

	await grantElsewhere(facts, caller, outcomes);
	const evidence = describeOutcomes(outcomes);
	evidence.push(...notes);
	if (caller.kind === 'assumed-role') evidence.push(`Simulated for the role ${facts.simulatedArn}; session policies (if any) are not evaluated.`);
	if (isForeign(facts, caller)) evidence.push(`The bucket is in account ${plan.bucketOwner}: this is your side only; the bucket owner's side is under "Bucket policy".`);
	const missingKeys = [...new Set(outcomes.flatMap((o) => o.result.missingContextKeys))];
	if (missingKeys.length) evidence.push(`The simulation had no values for ${missingKeys.join(', ')}; policies testing them may decide differently.`);

	const denied = outcomes.filter((o) => o.result.decision !== 'allowed' && !o.grantedBy);
	if (!denied.length) {
		return {status: 'passed', summary: `Your ${caller.kind === 'user' ? 'user' : 'role'} may do everything the export needs.`, evidence};
	}
	const names = denied.map((o) => o.result.action);
	const byScp = denied.filter((o) => o.result.allowedByOrganizations === false);
	const byBoundary = denied.filter((o) => o.result.allowedByPermissionsBoundary === false && o.result.allowedByOrganizations !== false);
	const explicit = denied.filter((o) => o.result.decision === 'explicitDeny' && !byScp.includes(o) && !byBoundary.includes(o));
	const causes: string[] = [];
	if (byScp.length) causes.push(`an organisation policy (SCP) denies ${list(byScp)} (see "${CHECK_TITLES.organization}")`);
	const who = facts.simulatedArn;
	let boundaryFix: CheckVerdict['fix'];
	if (byBoundary.length) {
		const boundary = await analyseBoundary(facts, caller, byBoundary.map((o) => ({action: o.result.action, resource: o.resource})));
		const name = boundary.arn ? `the permissions boundary ${boundary.arn}` : 'the permissions boundary';
		if (boundary.statements.length) causes.push(`${name} refuses ${list(byBoundary)}: ${boundary.statements.join('; ')}`);
		else causes.push(`${name} refuses ${list(byBoundary)} (its statements could not be read: ${boundary.unreadable ?? 'unknown why'})`);
		if (boundary.arn) evidence.push(`Permissions boundary of ${who}: ${boundary.arn}${boundary.versionId ? ` (default version ${boundary.versionId})` : ''}`);
		else if (boundary.unreadable) evidence.push(`The permissions boundary could not be read: ${boundary.unreadable}`);
		const account = boundary.arn ? parsePolicyArn(boundary.arn)?.account : undefined;
		boundaryFix = {
			text: `An IAM administrator${account ? ` of account ${account}` : ''} adds the generated statement allowing ${list(byBoundary)} to ${boundary.arn ? `the boundary policy ${boundary.arn}` : `the permissions boundary of ${who}`} (as a new default version); your own IAM policies already allow it, and no identity policy can get past a boundary.`,
			snippet: 'permissions-boundary',
		};
	}
	if (explicit.length) {
		const sids = [...new Set(explicit.flatMap((o) => o.result.matchedStatementIds))];
		causes.push(`an explicit Deny in your IAM policies${sids.length ? ` (${sids.join(', ')})` : ''} denies ${list(explicit)}`);
	}
	const implicit = denied.filter((o) => !byScp.includes(o) && !byBoundary.includes(o) && !explicit.includes(o));
	if (implicit.length) causes.push(`no IAM policy allows ${list(implicit)}`);
	const fix: CheckVerdict['fix'] = implicit.length
		? {text: `Attach the generated identity policy to ${who}.`, snippet: 'caller-identity-policy'}
		: byScp.length
			? {
					text: `An administrator of your organisation's management account adds the generated exemption to the SCP that denies (see "${CHECK_TITLES.organization}"); no IAM policy can override an SCP.`,
					snippet: 'scp-exemption',
				}
			: byBoundary.length
				? boundaryFix
				: {text: `Remove or narrow the Deny statement in the IAM policies of ${who}.`};
	return {
		status: 'failed',
		summary: `Not allowed: ${[...new Set(names)].join(', ')}.`,
		cause: capitalise(causes.join('; ')) + '.',
		evidence,
		fix,
	};
}

type Simulated = {ok: true; value: Outcome[]; arn?: string} | {ok: false; error: unknown};

/**
 * One SimulatePrincipalPolicy per probe, all at once, each with all its resources (a batch's
 * tables in one call); every result is matched to its action and resource.
 */
async function simulateAll(facts: CheckFacts, caller: Caller, probes: Probe[]): Promise<Simulated> {
	if (!probes.length) return {ok: true, value: []};
	let arn = caller.policyArn!;
	let results = await Promise.all(probes.map((probe) => settle(facts.simulate(arn, probe.resources, probe.actions))));
	const notFound = results.find((r) => !r.ok && r.error instanceof AwsCallError && (r.error.code === 'NoSuchEntity' || isMissing(r.error)));
	if (notFound && caller.sso && caller.name) {
		// Permission-set roles live under a path that the session ARN does not show.
		const partition = partitionOf(caller.arn);
		arn = roleArn(partition, caller.account, caller.name, '/aws-reserved/sso.amazonaws.com/');
		results = await Promise.all(probes.map((probe) => settle(facts.simulate(arn, probe.resources, probe.actions))));
	}
	const outcomes: Outcome[] = [];
	for (const [i, r] of results.entries()) {
		if (!r.ok) return {ok: false, error: r.error};
		const probe = probes[i]!;
		// Answers by action and resource: a batch's probe has hundreds of resources.
		const answers = new Map<string, SimulationResult>();
		for (const s of r.value) {
			const key = `${s.action.toLowerCase()} ${s.resource}`;
			if (!answers.has(key)) answers.set(key, s);
		}
		for (const resource of probe.resources) {
			for (const action of probe.actions) {
				const same = (s: SimulationResult) => s.action.toLowerCase() === action.toLowerCase();
				// An answer for another of the probe's resources is never taken for this one.
				const result =
					answers.get(`${action.toLowerCase()} ${resource}`) ??
					r.value.find((s) => same(s) && (s.resource === '*' || !s.resource || probe.resources.length === 1));
				outcomes.push({
					probe,
					resource,
					result: result ?? {action, resource, decision: 'implicitDeny', matchedStatementIds: [], missingContextKeys: []},
				});
			}
		}
	}
	return {ok: true, value: outcomes, arn};
}

function simulationFailure(error: unknown, caller: Caller): CheckVerdict {
	if (error instanceof DependencyError) throw error;
	if (error instanceof AwsCallError && error.isAccessDenied) {
		return {
			status: 'unknown',
			summary: 'You may not simulate your own permissions.',
			cause: 'You may not call iam:SimulatePrincipalPolicy, so your effective permissions could not be told (this is common and not an error in itself).',
			evidence: [errorLine(error)],
			fix: {text: 'Attach the read-only checker policy (it has iam:SimulatePrincipalPolicy on your own role or user), or compare your policies with the generated caller policy.', snippet: 'checker-policy'},
		};
	}
	if (error instanceof AwsCallError && (error.code === 'NoSuchEntity' || isMissing(error))) {
		return {
			status: 'unknown',
			summary: `IAM does not know ${caller.policyArn}.`,
			cause: `The simulation could not find ${caller.policyArn}${caller.sso ? ' (Identity Center roles live under a path the session does not show)' : ''}.`,
			evidence: [errorLine(error)],
		};
	}
	return callErrorVerdict(error, 'simulate your permissions', 'iam:SimulatePrincipalPolicy');
}

/** Same account: a resource policy naming the caller grants what identity policies do not. */
async function grantElsewhere(facts: CheckFacts, caller: Caller, outcomes: Outcome[]): Promise<void> {
	const implicit = outcomes.filter((o) => o.result.decision === 'implicitDeny' && o.result.allowedByOrganizations !== false && o.result.allowedByPermissionsBoundary !== false);
	if (implicit.some((o) => o.probe.kind === 's3') && !isForeign(facts, caller)) {
		const bucket = await settle(analyseBucketPolicy(facts));
		if (bucket.ok && bucket.value.state === 'evaluated') {
			for (const o of implicit.filter((o) => o.probe.kind === 's3')) {
				const d = bucket.value.decisions.find((d) => d.action === o.result.action)?.decision;
				if (d?.decision === 'allow' && !d.viaAccountRoot) o.grantedBy = 'the bucket policy';
			}
		}
	}
	if (implicit.some((o) => o.probe.kind === 'key')) {
		const [key, analysis] = await Promise.all([settle(facts.key()), settle(analyseKeyPolicy(facts))]);
		if (key.ok && key.value.account === caller.account && analysis.ok) {
			for (const o of implicit.filter((o) => o.probe.kind === 'key')) {
				const d = analysis.value.decisions.find((d) => d.action === o.result.action)?.decision;
				if (d?.decision === 'allow' && !d.viaAccountRoot) o.grantedBy = 'the key policy';
			}
		}
	}
}

function describeOutcome(o: Outcome): string {
	const r = o.result;
	const verdict = o.grantedBy ? `allowed by ${o.grantedBy}` : r.decision;
	const extra: string[] = [];
	const byScp = r.allowedByOrganizations === false;
	const byBoundary = r.allowedByPermissionsBoundary === false;
	if (byScp) extra.push('denied by an SCP');
	if (byBoundary) extra.push('denied by the permissions boundary');
	// The simulator names the statements of your own policies that matched: when an SCP or
	// the boundary denies, those are the ones that would allow it, not the ones that deny.
	const ids = r.matchedStatementIds.join(', ');
	if (ids) {
		if (r.decision === 'allowed' || o.grantedBy) extra.push(`statements ${ids}`);
		else if (byScp || byBoundary) extra.push(`your IAM policies allow it: ${ids}`);
		else if (r.decision === 'explicitDeny') extra.push(`denied by statements ${ids}`);
		else extra.push(`statements ${ids}`);
	}
	return `${r.action} on ${o.resource}: ${verdict}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}

/**
 * One line per action and resource; for a probe of many resources (a batch's tables), the
 * resources with the same answer share one line, so 300 allowed tables are one line and
 * each refused one is still named.
 */
function describeOutcomes(outcomes: Outcome[]): string[] {
	const lines: string[] = [];
	const groups = new Map<string, Outcome[]>();
	for (const o of outcomes) {
		if (o.probe.resources.length === 1) {
			lines.push(describeOutcome(o));
			continue;
		}
		const line = describeOutcome(o).replace(` on ${o.resource}: `, ' on {} : ');
		const key = `${o.probe.kind}\u0000${line}`;
		if (!groups.has(key)) {
			groups.set(key, []);
			lines.push(key);
		}
		groups.get(key)!.push(o);
	}
	return lines.map((line) => {
		const group = groups.get(line);
		if (!group) return line;
		const template = line.slice(line.indexOf('\u0000') + 1);
		const named = group.slice(0, 3).map((o) => o.resource).join(', ');
		const more = group.length > 3 ? ` and ${group.length - 3} more` : '';
		const total = group[0]!.probe.resources.length;
		const noun = RESOURCE_NOUNS[group[0]!.probe.kind];
		const where = group.length === 1 ? group[0]!.resource : group.length === total ? `all ${total} ${noun}` : `${group.length} of ${total} ${noun} (${named}${more})`;
		return template.replace(' on {} : ', ` on ${where}: `);
	});
}

const RESOURCE_NOUNS: Record<Probe['kind'], string> = {table: 'tables', watch: 'tables\' exports', s3: 'prefixes', key: 'keys', 'table-key': 'table keys'};

function list(outcomes: Outcome[]): string {
	return [...new Set(outcomes.map((o) => o.result.action))].join(', ');
}

