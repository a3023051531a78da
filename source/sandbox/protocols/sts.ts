// STS over the query protocol: GetCallerIdentity and AssumeRole (with MFA: the sandbox's
// virtual MFA devices accept the code 123456).

import {randomBytes} from 'node:crypto';
import {authorize, requestContext} from '../authorize.js';
import {newSecretAccessKey, newSessionToken} from '../secrets.js';
import {isoTime, ServiceError, type HandlerRequest} from '../wire.js';
import type {Principal} from '../world.js';
import type {Protocol, SandboxContext} from './protocol.js';
import {queryErrorReply, queryErrors, queryOperation, queryParams, queryReply} from './query.js';

const namespace = 'https://sts.amazonaws.com/doc/2011-06-15/';
const sandboxMfaCode = '123456';

const upperAlnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An access key id of the given kind: AKIA (long-term) or ASIA (temporary). */
function newAccessKeyId(prefix: 'AKIA' | 'ASIA'): string {
	const bytes = randomBytes(16);
	let id = prefix;
	for (const b of bytes) id += upperAlnum[b % 32];
	return id;
}

function assumeRole(request: HandlerRequest, context: SandboxContext) {
	const params = queryParams(request);
	const roleArn = params.get('RoleArn') ?? '';
	const sessionName = params.get('RoleSessionName') ?? '';
	if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
		throw new ServiceError(400, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
	}
	const duration = Number(params.get('DurationSeconds') ?? 3600);
	if (!(duration >= 900 && duration <= 43_200)) {
		throw new ServiceError(400, 'ValidationError', `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
	}
	const {caller} = request;
	const denied = new ServiceError(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
	const role: Principal | undefined = context.world.principals.get(roleArn);
	if (!role || role.type !== 'role') throw denied;

	const serial = params.get('SerialNumber');
	const code = params.get('TokenCode');
	let mfa = caller.credential.mfaAuthenticated === true;
	if (serial || code) {
		if (!serial || !code || serial !== caller.principal.mfaSerial || code !== sandboxMfaCode) {
			throw new ServiceError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
		}
		mfa = true;
	}
	const refusal = authorize(context.world, {
		caller,
		action: 'sts:AssumeRole',
		resource: roleArn,
		context: requestContext(caller, request.region, {'aws:MultiFactorAuthPresent': mfa ? 'true' : undefined}),
		resourcePolicy: {document: role.trustPolicy, owner: role.account, kind: 'gate'},
	});
	// STS's AssumeRole refusals carry no reason, whichever policy refused.
	if (refusal) throw denied;

	const now = context.world.now();
	const credential = context.world.addCredential({
		accessKeyId: newAccessKeyId('ASIA'),
		secretAccessKey: newSecretAccessKey(),
		sessionToken: newSessionToken(),
		principalArn: role.arn,
		sessionName,
		expiresAt: now + duration * 1000,
		forcedExpired: false,
		mfaAuthenticated: mfa,
	});
	return {
		AssumedRoleUser: {
			Arn: `arn:aws:sts::${role.account}:assumed-role/${role.name}/${sessionName}`,
			AssumedRoleId: `${role.id}:${sessionName}`,
		},
		Credentials: {
			AccessKeyId: credential.accessKeyId,
			SecretAccessKey: credential.secretAccessKey,
			SessionToken: credential.sessionToken,
			Expiration: isoTime(credential.expiresAt!),
		},
		PackedPolicySize: params.get('Policy') ? 6 : undefined,
	};
}

export const sts: Protocol = {
	service: 'sts',
	operationOf: queryOperation,
	handle(request, context) {
		switch (request.operation) {
			case 'GetCallerIdentity': {
				const {caller} = request;
				return queryReply('GetCallerIdentity', namespace, {Arn: caller.arn, UserId: caller.userId, Account: caller.account}, request.requestId);
			}
			case 'AssumeRole':
				return queryReply('AssumeRole', namespace, assumeRole(request, context), request.requestId);
			default:
				throw new ServiceError(400, 'InvalidAction', `Could not find operation ${request.operation} for version 2011-06-15`);
		}
	},
	errorReply: (error, requestId) => queryErrorReply(namespace, error, requestId),
	errors: queryErrors,
};
