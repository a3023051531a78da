// The shape of a prerequisite check's result, shared by the check runners,
// the views and the JSON output.

import type {InPlaceFix} from './in-place-fix.js';

export type CheckStatus = 'pending' | 'running' | 'passed' | 'warning' | 'failed' | 'unknown' | 'skipped';

export type CheckId =
	| 'credentials'
	| 'table'
	| 'pitr'
	| 'bucket'
	| 'bucket-policy'
	| 'kms-key'
	| 'key-policy'
	| 'permissions'
	| 'organization'
	| 'write-probe';

export interface CheckFix {
	/** One plain sentence: what to do. */
	text: string;
	/** A command to run, when there is one (copy-pasteable). */
	command?: string;
	/** Which generated policy snippet fixes it, when one does (see core/policy/generate.ts). */
	snippet?: 'caller-identity-policy' | 'checker-policy' | 'bucket-policy' | 'key-policy-caller' | 'key-policy-readers' | 'permissions-boundary' | 'scp-exemption';
	/** A fix the wizard can make itself after showing its command and a yes (see in-place-fix.ts). */
	action?: InPlaceFix;
}

export interface CheckResult {
	id: CheckId;
	title: string;
	status: CheckStatus;
	/** One line shown next to the status. */
	summary: string;
	/** Why it failed, or why it could not be told (for unknown). */
	cause?: string;
	/** Facts read from AWS that support the verdict (policy Sids, error messages...). */
	evidence?: string[];
	fix?: CheckFix;
	/** Wall time of the check in ms, when finished. */
	durationMs?: number;
	/** For unknown: the check whose failure kept this one from running (re-run it first). */
	blockedBy?: CheckId;
}
