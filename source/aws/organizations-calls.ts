// AWS Organizations: the service control (or resource control) policies above an account.
// Only the management account or a delegated administrator may read them; everyone else
// gets AccessDenied, which means "could not tell", not "denied".

import type {PolicyType} from '@aws-sdk/client-organizations';
import {AwsCallError, type OrgPolicy, type OrgTarget} from '../core/ports.js';
import type {ClientPool} from './clients.js';

interface PolicySummary {
	id: string;
	arn: string;
	name: string;
	type: string;
}

/**
 * Policies of `type` that apply to the account: those attached to the account itself and
 * to every OU above it up to the root, since SCPs inherit down the tree. Each distinct
 * policy is described once. The calls overlap: a target's policies are listed as soon as
 * the target is known (the account's at once, alongside the first ListParents), and a
 * policy is described as soon as it is listed, so an account under two OUs takes four
 * round trips rather than the ten of one call after another.
 */
export async function organizationPolicies(
	pool: ClientPool,
	region: string,
	account: string,
	type = 'SERVICE_CONTROL_POLICY',
	signal?: AbortSignal,
): Promise<OrgPolicy[]> {
	// Stops the calls still running when one fails, or when the caller cancels.
	const stop = new AbortController();
	const onAbort = () => stop.abort(signal?.reason);
	signal?.addEventListener('abort', onAbort, {once: true});
	const contents = new Map<string, Promise<string>>();
	const describe = (id: string): Promise<string> => {
		let content = contents.get(id);
		if (!content) {
			content = pool
				.call('organizations', region, 'DescribePolicy', stop.signal, (m, c, o) => c.send(new m.DescribePolicyCommand({PolicyId: id}), o))
				.then((out) => out.Policy?.Content ?? '');
			content.catch(() => {}); // awaited below; a failure must not go unhandled first
			contents.set(id, content);
		}
		return content;
	};
	const list = (target: OrgTarget): Promise<Array<PolicySummary & {target: OrgTarget}>> => {
		const listing = (async () => {
			const found: Array<PolicySummary & {target: OrgTarget}> = [];
			let token: string | undefined;
			do {
				const page = await pool.call('organizations', region, 'ListPoliciesForTarget', stop.signal, (m, c, o) =>
					c.send(new m.ListPoliciesForTargetCommand({TargetId: target.id, Filter: type as PolicyType, NextToken: token}), o),
				);
				for (const p of page.Policies ?? []) {
					if (!p.Id) continue;
					found.push({id: p.Id, arn: p.Arn ?? '', name: p.Name ?? p.Id, type: p.Type ?? type, target});
					void describe(p.Id);
				}
				token = page.NextToken;
			} while (token);
			return found;
		})();
		listing.catch(() => {}); // awaited below
		return listing;
	};

	try {
		const listings = [list({id: account, type: 'ACCOUNT'})];
		const seenTargets = new Set([account]);
		for (let child = account; ; ) {
			let parents;
			try {
				parents = await pool.call('organizations', region, 'ListParents', stop.signal, (m, c, o) =>
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
			seenTargets.add(parent.Id);
			listings.push(list({id: parent.Id, type: parent.Type ?? 'ORGANIZATIONAL_UNIT'}));
			if (parent.Type === 'ROOT') break;
			child = parent.Id;
		}

		// In the order of the tree, the account's own first; each policy once, with every
		// place on the path it is attached to (an administrator changes it there).
		const summaries = new Map<string, PolicySummary & {attachedTo: OrgTarget[]}>();
		for (const found of await Promise.all(listings)) {
			for (const {target, ...summary} of found) {
				const known = summaries.get(summary.id);
				if (known) known.attachedTo.push(target);
				else summaries.set(summary.id, {...summary, attachedTo: [target]});
			}
		}
		return await Promise.all([...summaries.values()].map(async (summary) => ({...summary, content: await describe(summary.id)})));
	} catch (error) {
		stop.abort();
		throw error;
	} finally {
		signal?.removeEventListener('abort', onAbort);
	}
}
