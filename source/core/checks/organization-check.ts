// Service control policies: they can deny any of the export's requests regardless
// of IAM. Only the management account or a delegated administrator can read them.

import {attachmentWords, managementAccountOf} from '../policy/admin-snippets.js';
import {evaluatePolicy} from '../policy/evaluate.js';
import {parsePolicy} from '../policy/parse-policy.js';
import {accountOfTable} from '../plan.js';
import {AwsCallError, type OrgPolicy} from '../ports.js';
import type {CheckFacts} from './check-facts.js';
import {callErrorVerdict, errorLine, need, settle, type CheckVerdict, type Settled} from './check-errors.js';
import {neededRequests, requestContext} from './needed-access.js';

/** An SCP that surely denies part of the export: which statements (indexes), which actions. */
export interface ScpDeny {
	policy: OrgPolicy;
	statements: number[];
	actions: string[];
}


export async function checkOrganization(facts: CheckFacts): Promise<CheckVerdict> {
	const {plan} = facts;
	// The caller is nearly always in the table's account: ask at once, confirm later.
	const guess = accountOfTable(plan);
	const early = guess ? settle(facts.orgPolicies(guess)) : undefined;
	const noKey: Promise<Settled<string>> = Promise.resolve({ok: false, error: undefined});
	const inputs = Promise.all([settle(facts.bucketTarget()), plan.sse === 'KMS' ? settle(facts.keyArn()) : noKey, facts.tableReads()]);
	const caller = await need(facts.caller(), 'credentials');
	const policies: Settled<OrgPolicy[]> = early && caller.account === guess ? await early : await settle(facts.orgPolicies(caller.account));
	if (!policies.ok) {
		const error = policies.error;
		if (error instanceof AwsCallError && /OrganizationsNotInUse/.test(error.code)) {
			return {status: 'skipped', summary: `Account ${caller.account} is not in an organisation; no SCPs apply.`};
		}
		if (error instanceof AwsCallError && error.isAccessDenied) {
			return {
				status: 'unknown',
				summary: 'The organisation policies (SCPs) are not readable from this account.',
				cause: 'Only the management account or a delegated administrator can read service control policies, so whether one denies the export is unknown.',
				evidence: [errorLine(error)],
				fix: {
					text: 'In the management account or a delegated administrator, the read-only checker policy lets this check read the SCPs; elsewhere, if the export fails with "explicit deny in a service control policy", ask your organisation administrator.',
					snippet: 'checker-policy',
				},
			};
		}
		return callErrorVerdict(error, 'read the organisation policies', 'organizations:ListPoliciesForTarget');
	}

	const [target, keyArn, tables] = await inputs;
	// Every table's requests (a batch's tables of this account), each request judged once.
	const seen = new Set<string>();
	const requests = facts.plans.flatMap((each, i) => {
		const table = tables[i];
		return neededRequests(each, {
			bucketRegion: target.ok ? target.value.region : facts.sessionRegion,
			keyArn: plan.sse === 'KMS' && keyArn.ok ? keyArn.value : undefined,
			tableKeyArn: table?.ok && table.value.encryption.type === 'KMS' && !table.value.awsManagedKey ? table.value.encryption.kmsKeyArn : undefined,
		}).filter((request) => {
			const key = `${request.action} ${request.resource} ${request.purpose}`;
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		});
	});
	const evidence: string[] = [`${policies.value.length} SCP(s) apply to account ${caller.account}: ${policies.value.map((p) => p.name).join(', ') || '(none)'}`];
	const sure: string[] = [];
	const maybe: string[] = [];
	let firstDeny: {policy: OrgPolicy; sid: string; action: string} | undefined;
	const denying = new Map<string, ScpDeny>();
	for (const policy of policies.value) {
		const parsed = parsePolicy(policy.content);
		if (!parsed.ok) {
			evidence.push(`${policy.name} could not be parsed: ${parsed.message}`);
			continue;
		}
		for (const request of requests) {
			const decision = evaluatePolicy(
				parsed.document,
				{
					principalArn: caller.arn,
					principalAccount: caller.account,
					principalRoleArn: caller.roleArn,
					action: request.action,
					resource: request.resource,
					context: requestContext(caller, request, plan, keyArn.ok ? keyArn.value : undefined),
				},
				{kind: 'identity'},
			);
			for (const m of decision.matches.filter((m) => m.effect === 'Deny')) {
				const sid = m.sid ?? `statement #${m.index + 1}`;
				const line = `${policy.name} (${policy.arn}), ${sid}: denies ${request.action} on ${request.resource}`;
				if (m.applies === 'yes') {
					sure.push(line);
					firstDeny ??= {policy, sid, action: request.action};
					const entry = denying.get(policy.id) ?? {policy, statements: [], actions: []};
					if (!entry.statements.includes(m.index)) entry.statements.push(m.index);
					if (!entry.actions.includes(request.action)) entry.actions.push(request.action);
					denying.set(policy.id, entry);
				} else {
					maybe.push(`${line} depending on ${m.undecidedKeys.join(', ')}`);
				}
			}
		}
	}
	if (sure.length) {
		facts.scpDenies = [...denying.values()];
		const {policy, sid, action} = firstDeny!;
		const where = attachmentWords(policy.attachedTo) ?? `a target above account ${caller.account} (not reported)`;
		const management = managementAccountOf(policy.arn);
		return {
			status: 'failed',
			summary: `SCP ${policy.name} (${sid}) denies ${action}.`,
			cause: `An organisation policy (SCP) denies it: ${sure[0]}. ${policy.name} is attached to ${where}.`,
			evidence: [...evidence, ...sure, ...maybe],
			fix: {
				text: `An administrator of the organisation's management account${management ? ` ${management}` : ''} adds the generated exemption for ${caller.policyArn ?? caller.arn} (a condition on aws:PrincipalArn) to statement ${sid} of ${policy.name}, attached to ${where}; IAM policies cannot override an SCP.`,
				snippet: 'scp-exemption',
			},
		};
	}
	if (maybe.length) {
		return {
			status: 'warning',
			summary: 'An SCP may deny part of the export, depending on conditions unknown here.',
			cause: maybe[0],
			evidence: [...evidence, ...maybe],
		};
	}
	return {status: 'passed', summary: `No SCP denies what the export needs (${policies.value.length} read).`, evidence};
}
