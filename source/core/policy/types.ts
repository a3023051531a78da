// Policy documents as the core reasons about them, and the contract of the
// three-valued evaluator (evaluate.ts). Kept apart so checks and generators can
// depend on the shapes without depending on the evaluator.

export type Effect = 'Allow' | 'Deny';

/** Principal block as written in a resource policy. '*' means everyone. */
export type PrincipalBlock = '*' | {AWS?: string | string[]; Service?: string | string[]; Federated?: string | string[]; CanonicalUser?: string | string[]};

/** condition operator → condition key → value(s), exactly as in JSON. */
export type ConditionBlock = Record<string, Record<string, string | string[] | boolean | number | Array<string | boolean | number>>>;

export interface Statement {
	Sid?: string;
	Effect: Effect;
	Principal?: PrincipalBlock;
	NotPrincipal?: PrincipalBlock;
	Action?: string | string[];
	NotAction?: string | string[];
	Resource?: string | string[];
	NotResource?: string | string[];
	Condition?: ConditionBlock;
}

export interface PolicyDocument {
	Version?: string;
	Id?: string;
	Statement: Statement[];
}

/** Three-valued answer: never turn 'unknown' into yes or no. */
export type Tri = 'yes' | 'no' | 'unknown';

/** What is known about the request being evaluated. */
export interface EvalRequest {
	/** The calling principal: an IAM role/user ARN or an assumed-role session ARN. */
	principalArn: string;
	/** Its account id. */
	principalAccount: string;
	/** For an assumed-role session: the role ARN (policies may name either). */
	principalRoleArn?: string;
	action: string;
	resource: string;
	/**
	 * Condition keys whose values are known for this request, lower-cased keys
	 * (e.g. 's3:x-amz-server-side-encryption' → 'aws:kms', 'aws:viaawsservice' → 'true').
	 * A key listed with value null is known to be absent. A key not listed is unknown.
	 */
	context: Record<string, string | string[] | null>;
}

export interface StatementMatch {
	index: number;
	sid?: string;
	effect: Effect;
	/** 'yes' when it applies, 'unknown' when a condition could not be decided. */
	applies: Exclude<Tri, 'no'>;
	/** Condition keys that could not be decided, e.g. ['aws:SourceIp']. */
	undecidedKeys: string[];
	/**
	 * Resource policies only: the statement matched the caller only because it names the
	 * caller's account (account id or `:root` ARN). That delegates to the account's IAM
	 * policies rather than granting the caller directly.
	 */
	viaAccountRoot?: boolean;
}

export interface PolicyDecision {
	/**
	 * allow: an Allow applies and no Deny applies or might apply.
	 * explicit-deny: a Deny surely applies.
	 * implicit-deny: nothing applies (no Allow, no Deny).
	 * unknown: the answer depends on something not known (see undecidedKeys).
	 */
	decision: 'allow' | 'explicit-deny' | 'implicit-deny' | 'unknown';
	matches: StatementMatch[];
	undecidedKeys: string[];
	/**
	 * With decision 'allow' in a resource policy: every Allow that applies names the caller's
	 * account root, so the account's IAM policies decide (e.g. the default KMS key policy).
	 */
	viaAccountRoot?: boolean;
}
