// A parsed AccessDenied message (see parse-access-denied.ts).

export type DeniedPolicyType =
	| 'identity-based'
	| 'resource-based'
	| 'permissions boundary'
	| 'session'
	| 'service control'
	| 'resource control'
	| 'VPC endpoint'
	| 'role trust'
	| 'unknown';

export interface AccessDeniedInfo {
	/** The calling principal's ARN, when the message names it. */
	principal?: string;
	/** e.g. 's3:PutObject'. */
	action?: string;
	resource?: string;
	/** 'explicit' (a Deny statement), 'implicit' (nothing allows), or 'unknown' (bare message). */
	denyKind: 'explicit' | 'implicit' | 'unknown';
	policyType: DeniedPolicyType;
	/** ARN of the denying policy when the message gives it. */
	policyArn?: string;
	/** Service the message came from when known ('s3', 'kms', 'dynamodb', ...). */
	service?: string;
	/** One plain sentence a person understands. */
	sentence: string;
	/** Which policy to change, and where (account / principal / resource). */
	whatToChange: string;
	/** The original text. */
	raw: string;
}
