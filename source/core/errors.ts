// Expected problems (a missing permission, an expired session, a typo) are shown as
// message, why, and what to try — without a stack. Anything else is a bug and keeps
// its stack. describeAwsError turns the AWS error codes a person meets on the way to
// an export into plain words.

import {parseAccessDenied} from './diagnosis/parse-access-denied.js';
import type {AwsCallError} from './ports.js';
import {pitrEnableCommand, ssoLoginCommand} from './render-aws-command.js';
import type {FieldName} from './validate.js';

export interface UserFacingErrorOptions {
	/** Why it happened, in plain words. */
	cause?: string;
	/** What to try. */
	fix?: string;
	/** A command that fixes it or shows more (copy-pasteable). */
	command?: string;
	/** The input field at fault, when it is one. */
	field?: FieldName;
	exitCode?: number;
}

export class UserFacingError extends Error {
	override readonly name = 'UserFacingError';
	/** Why it happened (a plain-words string, unlike Error.cause's error chain). */
	declare readonly cause?: string;
	readonly fix?: string;
	readonly command?: string;
	readonly field?: FieldName;
	readonly exitCode: number;

	constructor(message: string, options: UserFacingErrorOptions = {}) {
		super(message);
		if (options.cause !== undefined) Object.defineProperty(this, 'cause', {value: options.cause, enumerable: true, configurable: true});
		this.fix = options.fix;
		this.command = options.command;
		this.field = options.field;
		this.exitCode = options.exitCode ?? 1;
	}
}

export function isUserFacingError(error: unknown): error is UserFacingError {
	return error instanceof UserFacingError;
}

export interface AwsErrorDescription {
	title: string;
	cause: string;
	fix?: string;
	command?: string;
}

/** What the caller knows that makes the advice concrete. */
export interface AwsErrorContext {
	profile?: string;
	region?: string;
	/** Table name or ARN. */
	table?: string;
	bucket?: string;
	/** The caller's ARN, to fill in bare AccessDenied messages. */
	callerArn?: string;
}

function profileFlag(profile?: string): string {
	return profile ? ` --profile ${profile}` : '';
}

/** Plain words for an AWS failure; unknown codes keep AWS's own message. */
export function describeAwsError(error: AwsCallError, context: AwsErrorContext = {}): AwsErrorDescription {
	const {code, service, operation} = error;
	const message = error.message || code;
	const where = context.region ? ` in ${context.region}` : '';
	const action = `${service}:${operation}`;

	if (error.isAccessDenied) {
		const info = parseAccessDenied(message, {service, action, principal: context.callerArn});
		return {
			title: `Access denied: ${action}`,
			cause: info?.sentence ?? message,
			fix: info?.whatToChange,
		};
	}

	switch (code) {
		case 'ExpiredToken':
		case 'ExpiredTokenException':
		case 'RequestExpired':
		case 'TokenRefreshRequired':
			return {
				title: 'Your AWS credentials have expired',
				cause: `AWS refused the temporary credentials${context.profile ? ` of profile ${context.profile}` : ''}: they are past their expiry time.`,
				fix: `Get fresh credentials: for an SSO profile run aws sso login${profileFlag(context.profile)}; for an assume-role profile just run again; for keys in environment variables, export new ones.`,
				...(context.profile ? {command: ssoLoginCommand(context.profile)} : {}),
			};
		case 'SsoTokenExpired':
		case 'SSOTokenProviderFailure':
		case 'UnauthorizedException':
			return {
				title: 'Your SSO session has expired',
				cause: `The IAM Identity Center (SSO) sign-in${context.profile ? ` of profile ${context.profile}` : ''} is no longer valid.`,
				fix: 'Sign in again, then run this again.',
				command: context.profile ? ssoLoginCommand(context.profile) : 'aws sso login',
			};
		case 'ProfileNotFound':
			return {
				title: `No profile named ${context.profile ?? 'like that'}`,
				cause: `The profile${context.profile ? ` ${context.profile}` : ''} is not in ~/.aws/config or ~/.aws/credentials (or the files AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name).`,
				fix: 'Check the spelling, pick a profile from the list, or create one with aws configure (aws configure sso for SSO).',
				command: 'aws configure list-profiles',
			};
		case 'MfaRequired':
			return {
				title: 'This profile needs an MFA code',
				cause: `The role of profile ${context.profile ?? '(this profile)'} may only be assumed with a code from its MFA device (mfa_serial).`,
				fix: 'Run again in a terminal and type the 6-digit code when asked.',
			};
		case 'CredentialsProviderError':
		case 'CredentialsMissing':
		case 'CredentialsNotFound':
		case 'NoCredentials':
			return {
				title: 'No AWS credentials found',
				cause: message,
				fix: 'Choose a profile (--profile), set AWS_PROFILE, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
			};
		case 'InvalidClientTokenId':
		case 'UnrecognizedClientException':
		case 'InvalidAccessKeyId':
			return {
				title: 'AWS does not know these credentials',
				cause: 'The access key id is unknown: it was deleted or deactivated, belongs to another partition (China, GovCloud), or a session token is missing.',
				fix: 'Check which credentials are in use (aws sts get-caller-identity), and replace the keys if they were rotated.',
				command: `aws sts get-caller-identity${profileFlag(context.profile)}`,
			};
		case 'SignatureDoesNotMatch':
			return {
				title: 'AWS rejected the request signature',
				cause: 'The secret access key does not match the access key id, or this machine\'s clock is far off.',
				fix: 'Check the secret key in the profile and the system clock.',
			};
		case 'NetworkError':
		case 'TimeoutError':
		case 'ECONNREFUSED':
		case 'ENOTFOUND':
			return {
				title: 'No answer from AWS',
				cause: `The request to ${service}${where} got no answer: ${message}`,
				fix: 'Check the network, a proxy (HTTPS_PROXY), the Region name, and --endpoint-url if one is set.',
			};
		case 'ThrottlingException':
		case 'Throttling':
		case 'TooManyRequestsException':
		case 'SlowDown':
			return {
				title: 'AWS is throttling requests',
				cause: `${action} was called too often in a short time.`,
				fix: 'Wait a minute and try again.',
			};
		case 'TableNotFoundException':
		case 'ResourceNotFoundException':
			if (service === 'dynamodb') {
				return {
					title: `Table not found${context.table ? `: ${context.table}` : ''}`,
					cause: `No such table${where} in this account: ${message}`,
					fix: 'Check the table name, the Region, and the account (the profile) you are using.',
				};
			}
			break;
		case 'PointInTimeRecoveryUnavailableException':
			return {
				title: 'Point-in-time recovery is off for this table',
				cause: 'An export reads from the continuous backups of point-in-time recovery, so it must be enabled first (it has a storage cost).',
				fix: 'Enable point-in-time recovery, then start the export again.',
				...(context.table ? {command: pitrEnableCommand(context.table, context.profile, context.region)} : {}),
			};
		case 'InvalidExportTimeException':
			return {
				title: 'The export time is outside the recovery window',
				cause: 'The export time must lie inside the table\'s point-in-time recovery window: after the earliest and before the latest restorable time (usually about 5 minutes ago).',
				fix: 'Choose "latest", or a time inside the window shown for the table.',
			};
		case 'ExportConflictException':
			return {
				title: 'This client token already names another export',
				cause: 'AWS keeps a ClientToken for 8 hours: an export started with it then, with other settings (table, bucket, prefix, time, format …), makes the same token with these settings a conflict (or another export conflicts with this one). Nothing new was started.',
				fix: 'To start this export, give a new --client-token (or leave it out: ddb-export makes one). If you meant the earlier export, watch it instead: the list shows it.',
				command: `ddb-export list${context.table?.startsWith('arn:') ? ` --table-arn ${context.table}` : ''}${profileFlag(context.profile)}${context.region ? ` --region ${context.region}` : ''}`,
			};
		case 'IdempotentParameterMismatch':
		case 'IdempotentParameterMismatchException':
			return {
				title: 'The client token was already used for a different request',
				cause: 'A request with the same client token but other parameters was made in the last 8 hours.',
				fix: 'Use a new client token, or repeat the original parameters exactly.',
			};
		case 'LimitExceededException':
			return {
				title: 'Too many exports at once',
				cause: 'The account is at its limit of concurrent exports (about 300 running at a time).',
				fix: 'Wait for some exports to finish (aws dynamodb list-exports shows them), then try again.',
				command: `aws dynamodb list-exports${profileFlag(context.profile)}${context.region ? ` --region ${context.region}` : ''}`,
			};
		case 'ExportNotFoundException':
			return {
				title: 'Export not found',
				cause: 'No export with that ARN exists in this account and Region (exports are listed for 90 days).',
				fix: 'Check the ARN and the Region.',
			};
		case 'NoSuchBucket':
			return {
				title: `Bucket not found${context.bucket ? `: ${context.bucket}` : ''}`,
				cause: 'No bucket of that name exists.',
				fix: 'Check the bucket name for typos; bucket names are global and lowercase.',
			};
		case 'PermanentRedirect':
		case 'AuthorizationHeaderMalformed':
		case 'IllegalLocationConstraintException':
			return {
				title: 'The bucket is in another Region',
				cause: message,
				fix: "The bucket's Region is looked up automatically; if this persists, name the bucket's Region explicitly.",
			};
		case 'NotFoundException':
			if (service === 'kms') {
				return {title: 'KMS key not found', cause: `No such key or alias${where}: ${message}`, fix: "A KMS key for the export must be in the bucket's Region; check the key and the Region."};
			}
			break;
		case 'DisabledException':
			return {title: 'The KMS key is disabled', cause: message, fix: 'Enable the key (aws kms enable-key) or choose another.'};
		case 'KMSInvalidStateException':
			return {title: 'The KMS key cannot be used now', cause: message, fix: 'The key may be pending deletion or import; choose another key or cancel the deletion.'};
		case 'ValidationException':
			return {title: `AWS rejected the request (${operation})`, cause: message, fix: 'Check the values entered; the message names the field AWS objected to.'};
		case 'InternalServerError':
		case 'InternalError':
		case 'ServiceUnavailable':
		case 'ServiceUnavailableException':
			return {title: `AWS had an internal error (${action})`, cause: message, fix: 'Try again in a moment; nothing was changed on your side.'};
	}
	if (error.isNotFound) return {title: `Not found (${action})`, cause: message};
	return {title: `${code} (${action})`, cause: message};
}

/** An AwsCallError as an expected, printable problem. */
export function userFacingFromAws(error: AwsCallError, context: AwsErrorContext = {}): UserFacingError {
	const d = describeAwsError(error, context);
	return new UserFacingError(d.title, {cause: d.cause, fix: d.fix, command: d.command});
}
