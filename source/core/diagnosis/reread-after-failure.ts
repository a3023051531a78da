// After an export ends FAILED, the policies that apply are read again, as they are now
// (a policy may have changed while it ran): the checks without the write probe, whose
// probe runs from this machine and not as DynamoDB does. Their verdicts name the statement
// that refused; what they cannot read stays "possible" (explain-export-failure.ts).

import {runChecks} from '../checks/run-checks.js';
import type {CheckResult} from '../checks/types.js';
import type {ExportPlan} from '../plan.js';
import type {AwsSession} from '../ports.js';

export async function rereadAfterFailure(session: AwsSession, plan: ExportPlan, signal?: AbortSignal, now?: () => Date): Promise<CheckResult[]> {
	session.forgetReads();
	const report = await runChecks({plan, session, probe: false, signal, now}, () => {});
	return report.results;
}
