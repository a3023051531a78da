// Who is calling: GetCallerIdentity, and what to do when no identity can be had.

import {ssoLoginCommand} from '../render-aws-command.js';
import {AwsCallError} from '../ports.js';
import type {CheckFacts} from './check-facts.js';
import {capitalise, noAnswerWords, unexpectedVerdict, type CheckVerdict} from './check-errors.js';
import type {Caller} from './needed-access.js';

export async function checkCredentials(facts: CheckFacts): Promise<CheckVerdict> {
	let caller: Caller;
	try {
		caller = await facts.caller();
	} catch (error) {
		return credentialFailure(error, facts.plan.profile);
	}
	const who = describeCaller(caller);
	const evidence = [`Account: ${caller.account}`, `ARN: ${caller.arn}`, `Kind: ${who}`];
	if (facts.plan.profile) evidence.push(`Profile: ${facts.plan.profile}`);
	if (caller.kind === 'root') {
		return {
			status: 'warning',
			summary: `Signed in as the root user of account ${caller.account}.`,
			evidence: [...evidence, 'The root user can export, but AWS advises doing daily work with an IAM role or user.'],
		};
	}
	return {status: 'passed', summary: `Signed in as ${who} in account ${caller.account}.`, evidence};
}

export function describeCaller(caller: Caller): string {
	switch (caller.kind) {
		case 'user':
			return `IAM user ${caller.name ?? caller.arn}`;
		case 'role':
			return `role ${caller.name ?? caller.arn}`;
		case 'assumed-role':
			if (caller.sso) {
				const permissionSet = (caller.name ?? '').replace(/^AWSReservedSSO_/, '').replace(/_[0-9a-f]{16}$/, '');
				return `SSO session of ${caller.session ?? 'a user'} (permission set ${permissionSet})`;
			}
			return `role ${caller.name ?? caller.roleArn ?? '?'} (session ${caller.session ?? '?'})`;
		case 'root':
			return 'root user';
		case 'federated':
			return `federated user ${caller.name ?? caller.arn}`;
		default:
			return caller.arn;
	}
}

function credentialFailure(error: unknown, profile: string | undefined): CheckVerdict {
	if (!(error instanceof AwsCallError)) return unexpectedVerdict(error);
	const evidence = [`${error.operation || 'GetCallerIdentity'}: ${error.code}: ${error.message}`];
	const named = profile ? `profile "${profile}"` : 'the environment credentials';
	const failed = (summary: string, cause: string, fix: CheckVerdict['fix']): CheckVerdict => ({status: 'failed', summary, cause, evidence, fix});
	switch (error.code) {
		case 'ProfileNotFound':
			return failed(`No ${named}.`, `The ${named} is not in your AWS config or credentials file.`, {
				text: 'Choose another profile, or create this one.',
				command: profile ? `aws configure --profile ${profile}` : 'aws configure',
			});
		case 'SsoTokenExpired':
			return failed(`The SSO sign-in of ${named} has expired.`, `The SSO token of ${named} has expired or was never created.`, {
				text: 'Sign in again through IAM Identity Center, then re-run the checks.',
				command: ssoLoginCommand(profile ?? 'default'),
			});
		case 'MfaRequired':
			return failed(`${capitalise(named)} needs an MFA code.`, `The ${named} assumes a role that requires multi-factor authentication, and no code was given.`, {
				text: 'Run again and enter the current code of your MFA device when asked.',
			});
		case 'CredentialsMissing':
			return failed('No AWS credentials found.', 'No credentials were found: no profile, no environment variables, no instance or container role.', {
				text: 'Choose a profile that has credentials, or set some up.',
				command: profile ? `aws configure --profile ${profile}` : 'aws configure',
			});
		case 'NetworkError':
		case 'UnreadableAnswer':
			return failed(`${capitalise(noAnswerWords(error))}.`, error.message, {text: 'Check the network connection, a proxy, or the endpoint URL, then re-run the checks.'});
		case 'InvalidClientTokenId':
		case 'UnrecognizedClientException':
		case 'InvalidAccessKeyId':
			return failed('AWS does not recognise the access key.', `The access key of ${named} is unknown to AWS (deleted, deactivated, or mistyped).`, {
				text: 'Create a new access key or use another profile.',
			});
		case 'SignatureDoesNotMatch':
			return failed('The secret key does not match the access key.', `AWS rejected the signature made with the secret key of ${named}.`, {
				text: 'Re-enter the secret access key for this profile.',
				command: profile ? `aws configure --profile ${profile}` : 'aws configure',
			});
		default:
			if (error.isExpiredCredentials) {
				return failed(`The credentials of ${named} have expired.`, `AWS says the security token has expired (${error.code}).`, {
					text: profile
						? `Get fresh credentials (for an SSO profile: ${ssoLoginCommand(profile)}), then re-run the checks.`
						: 'Get fresh credentials, then re-run the checks.',
				});
			}
			return failed('Could not find out who you are.', `GetCallerIdentity failed: ${error.code}: ${error.message}`, {
				text: 'Check the profile and the network, then re-run the checks.',
			});
	}
}
