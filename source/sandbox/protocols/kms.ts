// KMS over awsJson1_1 (X-Amz-Target: TrentService.Op). Keys live in one account and
// Region; a call signed for another Region does not see them. Data keys are real
// random bytes, wrapped with AES-GCM under a secret derived from the key ARN.

import {createCipheriv, createDecipheriv, createHash, randomBytes} from 'node:crypto';
import {authorize, refusalMessage, requestContext} from '../authorize.js';
import {parsePolicy} from '../evaluator.js';
import {epochSeconds, requiredString, ServiceError, stringParam, type HandlerRequest} from '../wire.js';
import type {KmsKey} from '../world.js';
import {checkPermission, jsonProtocol, type JsonOperation} from './json.js';
import type {Protocol, SandboxContext} from './protocol.js';

const contentType = 'application/x-amz-json-1.1';

function notFound(reference: string, request: HandlerRequest): ServiceError {
	if (reference.startsWith('alias/')) {
		return new ServiceError(400, 'NotFoundException', `Alias arn:aws:kms:${request.region}:${request.caller.account}:${reference} is not found.`);
	}
	const arn = reference.startsWith('arn:') ? reference : `arn:aws:kms:${request.region}:${request.caller.account}:key/${reference}`;
	return new ServiceError(400, 'NotFoundException', `Key '${arn}' does not exist`);
}

/** Finds the key, then checks the caller against its key policy and IAM, as KMS does. */
function usableKey(request: HandlerRequest, context: SandboxContext, reference: string, action: string): KmsKey {
	const key = context.world.resolveKey(reference, request.caller.account, request.region);
	if (!key) throw notFound(reference, request);
	const refusal = authorize(context.world, {
		caller: request.caller,
		action,
		resource: key.arn,
		context: requestContext(request.caller, request.region, {'kms:CallerAccount': request.caller.account}),
		resourcePolicy: {document: key.policy, owner: key.account, kind: 'gate'},
	});
	if (refusal) throw new ServiceError(400, 'AccessDeniedException', refusalMessage(request.caller.arn, action, key.arn, refusal));
	return key;
}

function enabled(key: KmsKey): KmsKey {
	if (key.state === 'Disabled') throw new ServiceError(400, 'DisabledException', `${key.arn} is disabled.`);
	if (key.state !== 'Enabled') throw new ServiceError(400, 'KMSInvalidStateException', `${key.arn} is pending deletion.`);
	return key;
}

function keyMetadata(key: KmsKey): Record<string, unknown> {
	return {
		AWSAccountId: key.account,
		KeyId: key.id,
		Arn: key.arn,
		CreationDate: epochSeconds(key.createdAt),
		Enabled: key.state === 'Enabled',
		Description: key.description,
		KeyUsage: 'ENCRYPT_DECRYPT',
		KeyState: key.state,
		Origin: 'AWS_KMS',
		KeyManager: key.manager,
		CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
		KeySpec: 'SYMMETRIC_DEFAULT',
		EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
		MultiRegion: false,
	};
}

function wrappingKey(key: KmsKey): Buffer {
	return createHash('sha256').update(`sandbox-kms:${key.arn}`).digest();
}

/** Ciphertext blob: "SBX1" | key ARN length | key ARN | IV | tag | encrypted bytes. */
function wrap(key: KmsKey, plaintext: Buffer): Buffer {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', wrappingKey(key), iv);
	const encrypted = Buffer.concat([cipher.update(plaintext), cipher.final()]);
	const arn = Buffer.from(key.arn);
	return Buffer.concat([Buffer.from('SBX1'), Buffer.from([arn.length]), arn, iv, cipher.getAuthTag(), encrypted]);
}

function unwrap(blob: Buffer, keyOf: (arn: string) => KmsKey): {key: KmsKey; plaintext: Buffer} {
	const invalid = new ServiceError(400, 'InvalidCiphertextException', '');
	if (blob.length < 5 || blob.subarray(0, 4).toString() !== 'SBX1') throw invalid;
	const arnLength = blob[4]!;
	const arn = blob.subarray(5, 5 + arnLength).toString();
	const key = keyOf(arn);
	const rest = blob.subarray(5 + arnLength);
	const decipher = createDecipheriv('aes-256-gcm', wrappingKey(key), rest.subarray(0, 12));
	decipher.setAuthTag(rest.subarray(12, 28));
	try {
		return {key, plaintext: Buffer.concat([decipher.update(rest.subarray(28)), decipher.final()])};
	} catch {
		throw invalid;
	}
}

function pageOf<T>(items: T[], input: Record<string, unknown>): {page: T[]; next?: string} {
	const limit = typeof input.Limit === 'number' ? input.Limit : 100;
	const start = Number(stringParam(input, 'Marker') ?? 0) || 0;
	const page = items.slice(start, start + limit);
	return {page, next: start + limit < items.length ? String(start + limit) : undefined};
}

const operations: Record<string, JsonOperation> = {
	ListKeys(request, context, input) {
		checkPermission(request, context, 'kms:ListKeys', '*', undefined);
		const keys = [...context.world.keys.values()].filter((k) => k.account === request.caller.account && k.region === request.region);
		const {page, next} = pageOf(keys, input);
		return {Keys: page.map((k) => ({KeyId: k.id, KeyArn: k.arn})), Truncated: next !== undefined, NextMarker: next};
	},
	ListAliases(request, context, input) {
		checkPermission(request, context, 'kms:ListAliases', '*', undefined);
		const keyId = stringParam(input, 'KeyId');
		const target = keyId ? context.world.resolveKey(keyId, request.caller.account, request.region) : undefined;
		if (keyId && !target) throw notFound(keyId, request);
		const aliases = context.world.aliases.filter(
			(a) => a.account === request.caller.account && a.region === request.region && (!target || a.targetKeyId === target.id),
		);
		const {page, next} = pageOf(aliases, input);
		return {
			Aliases: page.map((a) => ({
				AliasName: a.name,
				AliasArn: `arn:aws:kms:${a.region}:${a.account}:${a.name}`,
				TargetKeyId: a.targetKeyId,
				CreationDate: epochSeconds(a.createdAt),
				LastUpdatedDate: epochSeconds(a.createdAt),
			})),
			Truncated: next !== undefined,
			NextMarker: next,
		};
	},
	DescribeKey(request, context, input) {
		return {KeyMetadata: keyMetadata(usableKey(request, context, requiredString(input, 'KeyId'), 'kms:DescribeKey'))};
	},
	GetKeyPolicy(request, context, input) {
		const key = usableKey(request, context, requiredString(input, 'KeyId'), 'kms:GetKeyPolicy');
		return {Policy: key.policy, PolicyName: 'default'};
	},
	EnableKey(request, context, input) {
		const key = usableKey(request, context, requiredString(input, 'KeyId'), 'kms:EnableKey');
		if (key.manager === 'AWS') throw new ServiceError(400, 'AccessDeniedException', 'You cannot enable or disable an AWS managed key.');
		if (key.state === 'PendingDeletion') throw new ServiceError(400, 'KMSInvalidStateException', `${key.arn} is pending deletion.`);
		key.state = 'Enabled';
		return {};
	},
	PutKeyPolicy(request, context, input) {
		const key = usableKey(request, context, requiredString(input, 'KeyId'), 'kms:PutKeyPolicy');
		if (key.manager === 'AWS') throw new ServiceError(400, 'AccessDeniedException', 'You cannot change the key policy of an AWS managed key.');
		const policy = requiredString(input, 'Policy');
		if (!parsePolicy(policy)) throw new ServiceError(400, 'MalformedPolicyDocumentException', 'The policy document is not valid JSON.');
		key.policy = policy;
		return {};
	},
	GenerateDataKey(request, context, input) {
		const key = enabled(usableKey(request, context, requiredString(input, 'KeyId'), 'kms:GenerateDataKey'));
		const bytes = typeof input.NumberOfBytes === 'number' ? input.NumberOfBytes : input.KeySpec === 'AES_128' ? 16 : 32;
		const plaintext = randomBytes(bytes);
		return {KeyId: key.arn, Plaintext: plaintext.toString('base64'), CiphertextBlob: wrap(key, plaintext).toString('base64')};
	},
	Encrypt(request, context, input) {
		const key = enabled(usableKey(request, context, requiredString(input, 'KeyId'), 'kms:Encrypt'));
		const plaintext = Buffer.from(requiredString(input, 'Plaintext'), 'base64');
		return {KeyId: key.arn, CiphertextBlob: wrap(key, plaintext).toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT'};
	},
	Decrypt(request, context, input) {
		const blob = Buffer.from(requiredString(input, 'CiphertextBlob'), 'base64');
		const {key, plaintext} = unwrap(blob, (arn) => enabled(usableKey(request, context, arn, 'kms:Decrypt')));
		return {KeyId: key.arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT'};
	},
};

export const kms: Protocol = jsonProtocol({
	service: 'kms',
	targetPrefix: 'TrentService',
	contentType,
	operations,
	throttle: [400, 'ThrottlingException', 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.'],
	serverError: [500, 'KMSInternalException', 'An internal error occurred.'],
});
