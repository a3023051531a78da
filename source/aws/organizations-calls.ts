// AWS Organizations: the service control (or resource control) policies above an account.
// Only the management account or a delegated administrator may read them; everyone else
// gets AccessDenied, which means "could not tell", not "denied".

import type {PolicyType} from '@aws-sdk/client-organizations';
import {AwsCallError, type OrgPolicy} from '../core/ports.js';
import type {ClientPool} from './clients.js';

/**
 * Policies of `type` that apply to the account: those attached to the account itself and
 * to every OU above it up to the root, since SCPs inherit down the tree. Each distinct
 * policy is described once.
 */
export async function organizationPolicies(
	pool: ClientPool,
	region: string,
	account: string,
	type = 'SERVICE_CONTROL_POLICY',
	signal?: AbortSignal,
): Promise<OrgPolicy[]> {
	const targets: string[] = [account];
	const seenTargets = new Set(targets);
	for (let child = account; ; ) {
		let parents;
		try {
			parents = await pool.call('organizations', region, 'ListParents', signal, (m, c, o) =>
				c.send(new m.ListParentsCommand({ChildId: child}), o),
			);
		} catch (error) {
			// A denial or an outage must show; an endpoint that lacks ListParents (some
			// AWS-compatible ones) still gets the policies attached to the account itself.
			if (!(error instanceof AwsCallError) || error.service === 'credentials' || error.isAccessDenied || error.code === 'NetworkError' || error.isExpiredCredentials) throw error;
			break;
		}
		const parent = parents.Parents?.[0];
		if (!parent?.Id || seenTargets.has(parent.Id)) break;
		targets.push(parent.Id);
		seenTargets.add(parent.Id);
		if (parent.Type === 'ROOT') break;
		child = parent.Id;
	}

	const summaries = new Map<string, {id: string; arn: string; name: string; type: string}>();
	for (const target of targets) {
		let token: string | undefined;
		do {
			const page = await pool.call('organizations', region, 'ListPoliciesForTarget', signal, (m, c, o) =>
				c.send(new m.ListPoliciesForTargetCommand({TargetId: target, Filter: type as PolicyType, NextToken: token}), o),
			);
			for (const p of page.Policies ?? []) {
				if (p.Id && !summaries.has(p.Id)) summaries.set(p.Id, {id: p.Id, arn: p.Arn ?? '', name: p.Name ?? p.Id, type: p.Type ?? type});
			}
			token = page.NextToken;
		} while (token);
	}

	const policies: OrgPolicy[] = [];
	for (const summary of summaries.values()) {
		const out = await pool.call('organizations', region, 'DescribePolicy', signal, (m, c, o) =>
			c.send(new m.DescribePolicyCommand({PolicyId: summary.id}), o),
		);
		policies.push({...summary, content: out.Policy?.Content ?? ''});
	}
	return policies;
}
