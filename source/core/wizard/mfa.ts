// MFA codes asked inside the wizard. A wrong (or expired) code fails the assume-role call
// of whichever load asked first, while another load may already be asking for the next
// code: the failed loads are retried with the next code instead of staying failed (which
// left "needs an MFA code… run again in a terminal" on the table step after a right code),
// and the prompt says the last code was not accepted.

import type {LoadKey, Problem, WizardState} from './state.js';

export const MFA_REJECTED = 'That code was not accepted (wrong or expired); enter the next one.';
export const MFA_FORMAT = 'MFA code: enter the 6 digits your device shows.';

/** Since the last code was typed: which loads failed for want of a valid code. */
export interface MfaRound {
	/** Loads to retry once the next code is typed (a prompt was already showing). */
	queued: LoadKey[];
	/** Loads already retried with this code: a second failure is shown as it is (no loop). */
	retried: LoadKey[];
	/** The code was refused: the next prompt says so. */
	rejected: boolean;
}

/** A credentials failure that another code can cure: `MfaRequired` after a code was typed. */
export function mfaCanRetry(state: WizardState, key: LoadKey, problem: Problem): boolean {
	const round = state.mfaRound;
	return problem.code === 'MfaRequired' && round !== undefined && !round.retried.includes(key);
}

/**
 * A load failed for want of a valid code: it goes on "loading" and is retried, at once when
 * no prompt is showing (its retry asks for the code), else after the code being typed.
 */
export function mfaLoadFailed(state: WizardState, key: LoadKey): {state: WizardState; retryNow: boolean} {
	const round = state.mfaRound!;
	const prompting = state.mfa !== undefined;
	const next: MfaRound = {
		queued: prompting ? [...round.queued, key] : round.queued,
		retried: [...round.retried, key],
		rejected: !prompting,
	};
	return {
		state: {
			...state,
			loaded: {...state.loaded, [key]: {status: 'loading'}},
			mfaRound: next,
			mfa: prompting ? {...state.mfa!, error: MFA_REJECTED} : state.mfa,
		},
		retryNow: !prompting,
	};
}

/** The prompt: it says when the last code was refused. */
export function mfaNeeded(state: WizardState, serial: string): WizardState {
	const round = state.mfaRound;
	return {
		...state,
		mfa: {serial, error: round?.rejected ? MFA_REJECTED : undefined},
		mfaRound: round && {...round, rejected: false},
	};
}

/** A code typed: a new round, and the loads that waited for it to retry. */
export function mfaCodeTyped(state: WizardState): {state: WizardState; retry: LoadKey[]} {
	const retry = state.mfaRound?.queued ?? [];
	return {state: {...state, mfa: undefined, mfaRound: {queued: [], retried: [], rejected: false}}, retry};
}
