// Turns an AccessDenied message, in whatever wrapping it arrives (SDK error, CLI
// output, JSON or XML body, an export's FailureMessage), into who was denied what,
// which kind of policy did it, and the one policy to change. Modern AWS messages
// name the policy type; older ones and S3's cross-account ones do not, and then
// the answer says what to check instead of guessing.

import {describePrincipal, parseArn, parseS3Arn} from '../arn.js';
import type {AccessDeniedInfo, DeniedPolicyType} from './types.js';

export interface AccessDeniedHint {
	/** Service the call went to ('s3', 'kms', 'dynamodb', ...). */
	service?: string;
	/** The caller's ARN when known from GetCallerIdentity. */
	principal?: string;
	/** e.g. 's3:PutObject'. */
	action?: string;
	resource?: string;
}

// ---------------------------------------------------------------- unwrapping

interface Unwrapped {
	message: string;
	code?: string;
	service?: string;
}

const JAVA_SERVICE_NAMES: Record<string, string> = {
	'amazon s3': 's3',
	awskms: 'kms',
	amazondynamodbv2: 'dynamodb',
	amazondynamodb: 'dynamodb',
	awssecuritytokenservice: 'sts',
	amazonidentitymanagement: 'iam',
};

export function unescapeXml(text: string): string {
	return text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');
}

function codeFromType(type: string): string {
	// "com.amazonaws.dynamodb.v20120810#AccessDeniedException" → "AccessDeniedException"
	return type.split('#').pop()!.split(':')[0]!.trim();
}

function fromJson(text: string): Unwrapped | undefined {
	const start = text.indexOf('{');
	const end = text.lastIndexOf('}');
	if (start === -1 || end <= start) return undefined;
	let body: unknown;
	try {
		body = JSON.parse(text.slice(start, end + 1));
	} catch {
		const m = /"(?:Message|message|errorMessage)"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
		if (!m) return undefined;
		try {
			return {message: JSON.parse(`"${m[1]}"`) as string};
		} catch {
			return {message: m[1]!};
		}
	}
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const inner = (record.Error && typeof record.Error === 'object' ? record.Error : record) as Record<string, unknown>;
	const message = [inner.Message, inner.message, inner.errorMessage].find((v) => typeof v === 'string') as string | undefined;
	const type = [inner.__type, inner.Code, inner.code, inner.name].find((v) => typeof v === 'string') as string | undefined;
	if (message === undefined && type === undefined) return undefined;
	return {message: message ?? '', code: type ? codeFromType(type) : undefined};
}

function unwrap(text: string): Unwrapped {
	const out: Unwrapped = {message: text};
	const xmlCode = /<Code>([^<]*)<\/Code>/.exec(text);
	const xmlMessage = /<Message>([^<]*)<\/Message>/.exec(text);
	if (xmlCode || xmlMessage) {
		out.message = xmlMessage ? unescapeXml(xmlMessage[1]!) : '';
		out.code = xmlCode?.[1];
		if (/<HostId>/.test(text) && out.code === 'AccessDenied') out.service = 's3';
	} else {
		const json = fromJson(text);
		if (json) Object.assign(out, json);
	}
	const cli = /An error occurred \(([A-Za-z.]+)\)(?: when calling the \w+ operation)?(?:: ([^\n]*))?/.exec(text);
	if (cli) {
		out.code ??= cli[1];
		if (out.message === text && cli[2]) out.message = cli[2];
	}
	const java = /\(Service: ([^;)]+);(?:[^)]*?Error Code: ([A-Za-z.]+))?/.exec(text);
	if (java) {
		out.service ??= JAVA_SERVICE_NAMES[java[1]!.trim().toLowerCase()];
		if (java[2] && !out.code) out.code = java[2];
	}
	if (/S3 Extended Request ID|x-amz-id-2/i.test(text)) out.service ??= 's3';
	return out;
}

// ---------------------------------------------------------------- parsing

const POLICY_TYPES: Array<[RegExp, DeniedPolicyType]> = [
	[/^identity[- ]based/i, 'identity-based'],
	[/^resource[- ]based/i, 'resource-based'],
	[/^permissions? boundar(y|ies)/i, 'permissions boundary'],
	[/^session/i, 'session'],
	[/^service control/i, 'service control'],
	[/^resource control/i, 'resource control'],
	[/^vpc endpoint/i, 'VPC endpoint'],
	[/^(role )?trust/i, 'role trust'],
];

function policyTypeOf(text: string): DeniedPolicyType {
	return POLICY_TYPES.find(([re]) => re.test(text.trim()))?.[1] ?? 'unknown';
}

// The policy types AWS names in its reasons, longest phrases first.
const TYPE_WORDS = 'identity-based|resource-based|permissions? boundary|session|service control|resource control|VPC endpoint|role trust|trust';
const AUTHORIZED = /(?:(?:User|Principal|Caller)\s*:?\s*)?(arn:[^\s"',]+|anonymous)\s+is not authorized to perform:?\s*([A-Za-z0-9-]+:[A-Za-z0-9*]+)/;
const BARE = /\bAccess Denied\b|\bAccessDenied(?:Exception)?\b|\bUnauthorizedOperation\b|\bAuthorizationError\b|not authorized to perform this operation|you (?:don't|do not) have (?:sufficient )?(?:permission|access)|\b403 Forbidden\b|^\s*Forbidden\s*$/i;
const KMS_REGION_CLAUSE = /the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access/i;

function trimArn(text: string): string {
	return text.replace(/[.,;:)\]"']+$/, '');
}

function serviceOf(action?: string, resource?: string): string | undefined {
	if (action && action.includes(':')) return action.split(':')[0]!.toLowerCase();
	return resource ? parseArn(resource)?.service : undefined;
}

/**
 * Parses an AccessDenied message; undefined when the text is not one. Never throws.
 * The hint fills in what the message leaves out (S3's bare "Access Denied" names nobody).
 */
export function parseAccessDenied(text: string, hint: AccessDeniedHint = {}): AccessDeniedInfo | undefined {
	try {
		return parse(text, hint);
	} catch {
		return undefined;
	}
}

function parse(text: string, hint: AccessDeniedHint): AccessDeniedInfo | undefined {
	if (typeof text !== 'string' || !text.trim()) return undefined;
	const unwrapped = unwrap(text);
	const candidates = [unwrapped.message, text];
	let match: RegExpExecArray | null = null;
	let body = '';
	for (const candidate of candidates) {
		match = AUTHORIZED.exec(candidate);
		if (match) {
			body = candidate.slice(match.index + match[0].length);
			break;
		}
	}

	if (match) {
		const principal = match[1] === 'anonymous' ? hint.principal : match[1];
		const action = match[2];
		let resource = hint.resource;
		const on = /^\s+on\s+(?:resource:?\s*)?(?:"([^"]+)"|(\S+))/.exec(body);
		const onThisResource = /^\s+on this resource/i.test(body);
		if (on && !onThisResource) {
			const value = trimArn(on[1] ?? on[2]!);
			if (value && !/^because$|^with$/i.test(value)) resource = value;
		}
		let denyKind: AccessDeniedInfo['denyKind'] = 'unknown';
		let policyType: DeniedPolicyType = 'unknown';
		let policyArn: string | undefined;
		let kmsRegionClause = false;
		const implicit = new RegExp(`because no (${TYPE_WORDS}|.+?) (?:polic(?:y|ies) )?allows?\\b`, 'i').exec(body);
		const explicit = new RegExp(`with an explicit deny(?: in (?:a|an|the) (${TYPE_WORDS})(?: polic(?:y|ies))?(?::\\s*(arn:[^\\s"',;)]+))?)?`, 'i').exec(body);
		if (explicit) {
			denyKind = 'explicit';
			policyType = explicit[1] ? policyTypeOf(explicit[1]) : 'unknown';
			policyArn = explicit[2] ? trimArn(explicit[2]) : undefined;
		} else if (implicit) {
			denyKind = 'implicit';
			policyType = policyTypeOf(implicit[1]!);
		} else if (KMS_REGION_CLAUSE.test(body)) {
			kmsRegionClause = true;
			policyType = 'resource-based';
		}
		const service = hint.service ?? serviceOf(action, resource) ?? unwrapped.service;
		return build({
			raw: text,
			principal: principal ?? hint.principal,
			action,
			resource,
			denyKind,
			policyType,
			policyArn,
			service,
			kmsRegionClause,
			bare: false,
		});
	}

	const code = unwrapped.code;
	const isDenied = BARE.test(unwrapped.message) || BARE.test(text) || (code !== undefined && /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError|Forbidden|S3AccessDenied)$/.test(code));
	if (!isDenied) return undefined;
	let service = hint.service ?? unwrapped.service;
	if (!service && /^\s*Access Denied\.?\s*$/.test(unwrapped.message)) service = 's3';
	if (!service && code === 'S3AccessDenied') service = 's3';
	service ??= serviceOf(hint.action, hint.resource);
	return build({
		raw: text,
		principal: hint.principal,
		action: hint.action,
		resource: hint.resource,
		denyKind: 'unknown',
		policyType: 'unknown',
		service,
		kmsRegionClause: false,
		bare: true,
	});
}

// ---------------------------------------------------------------- plain words

interface Parsed {
	raw: string;
	principal?: string;
	action?: string;
	resource?: string;
	denyKind: AccessDeniedInfo['denyKind'];
	policyType: DeniedPolicyType;
	policyArn?: string;
	service?: string;
	kmsRegionClause: boolean;
	bare: boolean;
}

function principalSubject(arn?: string): string {
	if (!arn) return 'The caller';
	const p = describePrincipal(arn);
	switch (p.kind) {
		case 'assumed-role':
			return `The role ${p.name} (session ${p.session})`;
		case 'role':
			return `The role ${p.name}`;
		case 'user':
			return `The user ${p.name}`;
		case 'root':
			return `The root user of account ${p.account}`;
		case 'federated':
			return `The federated user ${p.name}`;
		case 'service':
			return `The service ${p.name}`;
		default:
			return `The principal ${arn}`;
	}
}

/** "role DataExporter in account 111111111111" — the IAM entity whose policies decide. */
function owner(arn?: string): string {
	if (!arn) return 'the caller';
	const p = describePrincipal(arn);
	const where = p.account ? ` in account ${p.account}` : '';
	if (p.kind === 'assumed-role' || p.kind === 'role') return `role ${p.name}${where}`;
	if (p.kind === 'user') return `user ${p.name}${where}`;
	if (p.kind === 'federated') return `the IAM user that issued the federation token for ${p.name}${where}`;
	if (p.kind === 'root') return `account ${p.account}`;
	return arn;
}

/** The ARN a resource policy should name: the role for a session, since session ARNs change. */
function policyPrincipal(arn?: string): string {
	if (!arn) return 'the caller';
	const p = describePrincipal(arn);
	return p.roleArn ?? arn;
}

function shortResource(resource: string): string {
	const s3 = parseS3Arn(resource);
	if (s3) return s3.key === undefined ? s3.bucket : `${s3.bucket}/${s3.key}`;
	const arn = parseArn(resource);
	if (!arn) return resource;
	const {service, resource: rest} = arn;
	if (service === 'dynamodb' && rest.startsWith('table/')) return `table ${rest.slice(6)}`;
	if (service === 'kms' && rest.startsWith('key/')) return `KMS key ${rest.slice(4)}`;
	if (service === 'kms' && rest.startsWith('alias/')) return `KMS key ${rest}`;
	if (service === 'iam' && /^(role|user)\//.test(rest)) return rest.replace('/', ' ');
	return resource;
}

function bucketOf(resource?: string): string | undefined {
	return resource ? parseS3Arn(resource)?.bucket : undefined;
}

function policyIdOf(arn?: string): string | undefined {
	return arn ? arn.split('/').pop() : undefined;
}

function resourcePolicyName(service: string | undefined, resource?: string): string {
	if (service === 's3') return bucketOf(resource) ? `the bucket policy of ${bucketOf(resource)}` : 'the bucket policy';
	if (service === 'kms') return resource ? `the key policy of ${shortResource(resource).replace(/^KMS key /, 'key ')}` : 'the key policy';
	if (service === 'sts' || service === 'iam') return resource ? `the trust policy of ${shortResource(resource)}` : "the role's trust policy";
	return resource ? `the resource-based policy of ${resource}` : 'the resource-based policy';
}

function reason(p: Parsed): string {
	const explicit = p.denyKind === 'explicit';
	const ref = p.policyArn ? ` (${p.policyArn})` : '';
	if (p.kmsRegionClause) return 'the key does not exist in this Region, or its key policy does not allow it (or denies it)';
	if (p.bare) {
		return p.service === 's3'
			? 'S3 gave no reason (it gives none to callers from another account)'
			: 'AWS gave no reason';
	}
	switch (p.policyType) {
		case 'identity-based':
			return explicit ? `a Deny statement in an IAM policy${ref} blocks it` : 'no identity-based policy allows it';
		case 'resource-based': {
			const name = resourcePolicyName(p.service, p.resource);
			return explicit ? `${name} denies it explicitly` : `${name} does not allow it`;
		}
		case 'permissions boundary':
			return explicit ? `its permissions boundary${ref} denies it` : 'its permissions boundary does not allow it';
		case 'session':
			return explicit ? 'the session policy of this session denies it' : 'the session policy of this session does not allow it';
		case 'service control':
			return explicit
				? `a service control policy (SCP) of the organisation${ref} denies it`
				: 'no service control policy (SCP) of the organisation allows it';
		case 'resource control':
			return explicit
				? `a resource control policy (RCP) of the organisation${ref} denies it`
				: 'no resource control policy (RCP) of the organisation allows it';
		case 'VPC endpoint':
			return explicit
				? 'the policy of the VPC endpoint the request went through denies it'
				: 'the policy of the VPC endpoint the request went through does not allow it';
		case 'role trust':
			return explicit ? "the role's trust policy denies it" : "the role's trust policy does not allow it";
		default:
			return explicit ? `a policy${ref} denies it explicitly` : 'the message does not say which policy';
	}
}

/** The S3 writes an export makes (and its probe); undefined: the message did not say. */
function isExportWrite(action: string | undefined): boolean {
	return action === undefined || /^s3:(PutObject|PutObjectAcl|AbortMultipartUpload|CreateMultipartUpload|UploadPart|CompleteMultipartUpload)$/.test(action);
}

function whatToChange(p: Parsed): string {
	const action = p.action ?? 'this action';
	const resource = p.resource ?? 'the resource';
	const who = owner(p.principal);
	const principalRef = policyPrincipal(p.principal);
	const account = p.principal ? describePrincipal(p.principal).account : undefined;
	const acct = account ? `account ${account}` : "the caller's account";
	const explicit = p.denyKind === 'explicit';
	const sso = p.principal && /^AWSReservedSSO_/.test(describePrincipal(p.principal).name ?? '');

	if (p.kmsRegionClause) {
		return `Check that key ${resource} exists in the Region the call went to (a key ARN names its Region), and that its key policy allows ${principalRef} to call ${action}.`;
	}
	if (p.bare) {
		if (p.service === 's3' && !isExportWrite(p.action)) {
			// A bare refusal of another S3 call (reading a bucket policy before an apply, say):
			// advice about the export's writes would send the person to the wrong policy.
			const policyCall = /BucketPolicy$/.test(action);
			return (
				`Check that ${who} may call ${action} on ${resource}: its IAM policies and the bucket policy in the bucket owner's account must allow it` +
				(policyCall ? '; a bucket policy is usually read and changed with a profile of the account that owns the bucket.' : '.')
			);
		}
		if (p.service === 's3') {
			const target = bucketOf(p.resource) ? `${resource}` : 'BUCKET/PREFIX*';
			return (
				`Check, in this order: the bucket policy in the bucket owner's account allows ${principalRef} s3:PutObject, ` +
				`s3:PutObjectAcl and s3:AbortMultipartUpload on ${target}; the export passes the bucket owner (S3BucketOwner) ` +
				`when the bucket is in another account; with SSE-KMS, the KMS key's policy lets ${principalRef} use the key.`
			);
		}
		return `Check the IAM policies of ${who} for ${action} on ${resource}, the resource's own policy, and any service control policy of the organisation.`;
	}
	switch (p.policyType) {
		case 'identity-based':
			if (explicit) {
				const where = p.policyArn ? `policy ${p.policyArn}` : `the IAM policies of ${who}`;
				return `Remove or narrow the Deny statement for ${action} in ${where}; no Allow can override a Deny.`;
			}
			if (sso) {
				return `Add ${action} on ${resource} to the IAM Identity Center permission set behind ${who}; roles named AWSReservedSSO_* are managed there, not in IAM.`;
			}
			return `Add ${action} on ${resource} to an IAM policy of ${who}.`;
		case 'resource-based': {
			const name = resourcePolicyName(p.service, p.resource);
			if (explicit) return `Remove or narrow the Deny statement for ${action} in ${name}; no Allow can override a Deny.`;
			if (p.service === 's3') return `Allow ${action} for ${principalRef} on ${resource} in ${name} (it lives in the bucket owner's account).`;
			if (p.service === 'kms') {
				return `Allow ${action} for ${principalRef} in ${name} (directly, or by trusting ${acct} so that its IAM policies decide).`;
			}
			return `Allow ${action} for ${principalRef} in ${name}.`;
		}
		case 'permissions boundary':
			return explicit
				? `Remove the Deny for ${action} from the permissions boundary${p.policyArn ? ` ${p.policyArn}` : ''} of ${who}; whoever set the boundary must change it.`
				: `Add ${action} on ${resource} to the permissions boundary of ${who} (an identity policy cannot go beyond it); whoever set the boundary must change it.`;
		case 'session':
			return `Start a new session without a session policy, or with one that allows ${action} on ${resource}; the session policy was passed by whatever created this session (AssumeRole, GetFederationToken).`;
		case 'service control': {
			if (explicit) {
				const id = policyIdOf(p.policyArn);
				return `An organisation administrator must change the service control policy ${id ?? `that denies ${action}`}; IAM cannot override it.`;
			}
			return `An organisation administrator must allow ${action} in the service control policies that apply to ${acct}; IAM cannot override them.`;
		}
		case 'resource control': {
			if (explicit) {
				const id = policyIdOf(p.policyArn);
				return `An organisation administrator must change the resource control policy ${id ?? `that denies ${action}`}; IAM cannot override it.`;
			}
			return `An organisation administrator must allow ${action} in the resource control policies that apply to ${resource}; IAM cannot override them.`;
		}
		case 'VPC endpoint':
			return `Ask the network administrator to allow ${action} on ${resource} in the VPC endpoint policy, or make the call from a network that does not go through that endpoint.`;
		case 'role trust':
			return explicit
				? `Remove the Deny for ${principalRef} from the trust policy of ${shortResource(resource)}.`
				: `Let ${principalRef} call ${action} in the trust policy of ${shortResource(resource)}.`;
		default:
			if (explicit) {
				return p.policyArn
					? `Remove or narrow the Deny statement for ${action} in policy ${p.policyArn}.`
					: `Find the Deny statement for ${action}: in the IAM policies of ${who}, the policy of ${resource}, a permissions boundary, or a service control policy.`;
			}
			return `Allow ${action} on ${resource} in an IAM policy of ${who}; if that is already there, look for a Deny in the resource's policy, a permissions boundary or a service control policy.`;
	}
}

function sentence(p: Parsed): string {
	const r = reason(p);
	const on = p.resource ? ` on ${shortResource(p.resource)}` : '';
	if (p.bare && !p.principal) {
		const what = p.action ? `${p.action}${on}` : `the request${on}`;
		return p.service === 's3'
			? `S3 refused ${what} with a bare Access Denied: ${r}.`
			: `AWS refused ${what} with Access Denied: ${r}.`;
	}
	const verb = p.action ? `may not call ${p.action}${on}` : `was refused${on}`;
	return `${principalSubject(p.principal)} ${verb}: ${r}.`;
}

function build(p: Parsed): AccessDeniedInfo {
	const info: AccessDeniedInfo = {
		denyKind: p.denyKind,
		policyType: p.policyType,
		sentence: sentence(p),
		whatToChange: whatToChange(p),
		raw: p.raw,
	};
	if (p.principal) info.principal = p.principal;
	if (p.action) info.action = p.action;
	if (p.resource) info.resource = p.resource;
	if (p.policyArn) info.policyArn = p.policyArn;
	if (p.service) info.service = p.service;
	return info;
}
