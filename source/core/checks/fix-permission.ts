// Whether the caller may make an in-place fix themselves. The IAM policy simulator
// answers for the caller's own policies; when it cannot be asked the fix is still
// offered (AWS's refusal then says who may), never hidden on a guess.

import {isAbortError} from '../ports.js';
import type {CheckFacts} from './check-facts.js';
import type {CheckFix} from './types.js';

/** false only when the simulator said the caller may not; true when allowed or unknown. */
export async function callerMayRun(facts: CheckFacts, action: string, resource: string): Promise<boolean> {
	try {
		const caller = await facts.caller();
		if (!caller.policyArn) return true;
		const results = await facts.simulate(caller.policyArn, resource, [action]);
		return results.every((r) => r.decision === 'allowed');
	} catch (error) {
		if (isAbortError(error)) throw error;
		return true;
	}
}

/**
 * The fix with its in-place action when the caller may run it; otherwise the same fix
 * without it, saying that someone allowed to must run the command.
 */
export async function withInPlaceAction(facts: CheckFacts, fix: CheckFix & {action: NonNullable<CheckFix['action']>}, permission: {action: string; resource: string}): Promise<CheckFix> {
	if (await callerMayRun(facts, permission.action, permission.resource)) return fix;
	const {action: _dropped, ...rest} = fix;
	return {...rest, text: `${fix.text} You may not (${permission.action}): someone who may runs the command.`};
}
