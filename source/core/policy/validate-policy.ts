// An offline lint of one policy document, for documents we generate and for the ones we
// merge into. It catches what IAM, S3 or KMS would reject (grammar, unknown actions,
// malformed ARNs and principals) as errors, and what is legal but too broad as warnings.
// Access Analyzer's ValidatePolicy does this better when it can be called; this runs without
// AWS and before anything is pasted.

import {isGroupArn, isPartition, isPrincipalArn, splitArn} from '../arn.js';
import {conditionValues, parseConditionOperator} from './conditions.js';
import {parseCidr} from './ip-address.js';
import {ACTIONS_WITHOUT_RESOURCE_TYPES, KNOWN_ACTIONS, actionsMatching} from './known-actions.js';
import type {PolicyDocument} from './types.js';

export interface PolicyFinding {
	severity: 'error' | 'warning';
	message: string;
}

export type PolicyKind = 'identity' | 'bucket' | 'key';

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const KEY_USE_ACTIONS = /^kms:(decrypt|encrypt|generatedatakey.*|reencrypt.*|describekey|creategrant|sign|verify|generatemac|verifymac|derivesharedsecret)$/i;

type Report = (severity: PolicyFinding['severity'], message: string) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasWildcard(text: string): boolean {
	return text.includes('*') || text.includes('?');
}

/** A string or a non-empty array of strings, else a report and undefined. */
function stringList(value: unknown, element: string, report: Report): string[] | undefined {
	const list = Array.isArray(value) ? value : [value];
	if (Array.isArray(value) && value.length === 0) {
		report('error', `${element} is an empty list.`);
		return undefined;
	}
	if (!list.every((v) => typeof v === 'string')) {
		report('error', `${element} must be a string or a list of strings.`);
		return undefined;
	}
	return list as string[];
}

function checkAction(action: string, kind: PolicyKind, effect: unknown, report: Report): void {
	if (action === '*') {
		if (effect === 'Allow') report('warning', 'Action "*" allows every action of every service.');
		return;
	}
	const m = /^([^:]*):(.*)$/.exec(action);
	if (!m || m[1] === '') {
		report('error', `"${action}" is not an action: write service:Action, e.g. dynamodb:ExportTableToPointInTime.`);
		return;
	}
	const service = m[1]!.toLowerCase();
	const name = m[2]!;
	if (!/^[a-z0-9-]+$/.test(service)) {
		report('error', `"${action}" has an invalid service prefix.`);
		return;
	}
	if (name === '') {
		report('error', `"${action}" names no action.`);
		return;
	}
	if (!/^[A-Za-z0-9*?]+$/.test(name)) {
		report('error', `"${action}" contains characters an action name cannot have.`);
		return;
	}
	if (kind === 'bucket' && service !== 's3') report('error', `"${action}" is not an S3 action; a bucket policy can only grant S3 actions.`);
	if (kind === 'key' && service !== 'kms') report('warning', `"${action}" is not a KMS action; a key policy only controls KMS actions on this key.`);

	if (name === '*') {
		if (effect !== 'Allow') return;
		report(
			'warning',
			service === 'kms'
				? '"kms:*" allows every KMS action, key administration included; it belongs only in the key administrators\' statement.'
				: `"${action}" allows every ${service} action; list the actions needed instead.`,
		);
		return;
	}
	const known = KNOWN_ACTIONS[service];
	if (!known) return;
	if (actionsMatching(service, name).length > 0) return;
	if (known.complete) report('error', `"${action}" is not a ${service} action.`);
	else report('warning', `"${action}" is not among the ${service} actions this tool knows; check the spelling.`);
}

function checkS3Arn(arn: string, parts: string[], report: Report): void {
	const [, , , region, account, resource] = parts as [string, string, string, string, string, string];
	const bucketStyle = region === '' && account === '';
	if (!bucketStyle) {
		if (!/^(accesspoint|job|storage-lens|storage-lens-group|access-grants|async-request)\b/.test(resource) && !/^[*?]/.test(resource)) {
			report('error', `"${arn}": bucket and object ARNs have no Region or account (arn:aws:s3:::bucket/key).`);
		}
		return;
	}
	const bucket = resource.split('/')[0]!;
	if (hasWildcard(bucket)) {
		if (!/^[a-z0-9.*?-]+$/.test(bucket)) report('error', `"${arn}": "${bucket}" is not a valid bucket name pattern.`);
		return;
	}
	if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) report('error', `"${arn}": "${bucket}" is not a valid bucket name.`);
}

function checkResource(resource: string, kind: PolicyKind, context: {effect: unknown; actions: string[] | undefined}, report: Report): void {
	if (resource === '*') {
		if (kind === 'key') return;
		if (kind === 'bucket') {
			report('error', 'Resource "*" in a bucket policy: name the bucket (arn:aws:s3:::bucket) or its objects (arn:aws:s3:::bucket/prefix*).');
			return;
		}
		if (context.effect !== 'Allow' || !context.actions) return;
		const needsResource = context.actions.filter((a) => !ACTIONS_WITHOUT_RESOURCE_TYPES.has(a.toLowerCase()));
		if (needsResource.length > 0) {
			report('warning', `Resource "*" grants ${needsResource.join(', ')} on every resource; name the ARNs instead.`);
		}
		return;
	}
	// Policy variables stand for text that is only known at request time.
	const text = resource.replace(/\$\{[^}]*\}/g, 'x');
	if (!text.startsWith('arn:')) {
		report('error', `"${resource}" is not an ARN (arn:partition:service:region:account:resource) or "*".`);
		return;
	}
	const parts = splitArn(text);
	if (!parts) {
		if (!hasWildcard(text)) report('error', `"${resource}" is not a complete ARN (arn:partition:service:region:account:resource).`);
		return;
	}
	const [, partition, service, region, account, rest] = parts as [string, string, string, string, string, string];
	if (!isPartition(partition) && !hasWildcard(partition)) report('error', `"${resource}": unknown partition "${partition}".`);
	if (account !== '' && account !== 'aws' && !/^\d{12}$/.test(account) && !hasWildcard(account)) {
		report('error', `"${resource}": the account must be a 12-digit account id.`);
	}
	if (region !== '' && !/^[a-z0-9-]+$/.test(region) && !hasWildcard(region)) report('error', `"${resource}": "${region}" is not a Region.`);
	if (kind === 'bucket' && service !== 's3') {
		report('error', `"${resource}" is not an S3 resource; a bucket policy can only name its bucket and objects.`);
		return;
	}
	if (kind === 'key') report('warning', `In a key policy Resource is "*" (this key); "${resource}" is unusual.`);

	switch (service) {
		case 's3':
			checkS3Arn(resource, parts, report);
			break;
		case 'dynamodb':
			if (region === '' || account === '') report('error', `"${resource}": DynamoDB ARNs carry a Region and an account.`);
			if (!/^(table|global-table)\/[A-Za-z0-9_.*?-]+(\/.*)?$/.test(rest) && !/^[*?]+$/.test(rest)) {
				report('error', `"${resource}": a DynamoDB resource is table/NAME (or table/NAME/export/*, /index/*, /stream/*).`);
			}
			break;
		case 'kms':
			if (region === '' || account === '') report('error', `"${resource}": KMS ARNs carry a Region and an account.`);
			if (!/^(key|alias)\/.+$/.test(rest) && !/^[*?]+$/.test(rest)) report('error', `"${resource}": a KMS resource is key/KEY-ID or alias/NAME.`);
			if (rest.startsWith('alias/') && context.effect === 'Allow' && context.actions?.some((a) => KEY_USE_ACTIONS.test(a))) {
				report('warning', `"${resource}" is an alias ARN: it does not grant use of the key it points to. Name the key ARN.`);
			}
			break;
		case 'iam':
		case 'sts':
			if (region !== '') report('error', `"${resource}": ${service.toUpperCase()} ARNs have no Region.`);
			break;
		default:
			break;
	}
}

function checkPrincipal(block: unknown, element: string, report: Report): void {
	if (block === '*') return;
	if (!isRecord(block)) {
		report('error', `${element} must be "*" or an object such as {"AWS": "arn:aws:iam::111111111111:role/name"}.`);
		return;
	}
	const keys = Object.keys(block);
	if (keys.length === 0) report('error', `${element} is empty.`);
	for (const key of keys) {
		const values = stringList(block[key], `${element}.${key}`, report);
		if (!values) continue;
		for (const value of values) {
			switch (key) {
				case 'AWS':
					checkAwsPrincipal(value, report);
					break;
				case 'Service':
					if (!/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(value)) report('error', `"${value}" is not a service principal (name.amazonaws.com).`);
					break;
				case 'Federated':
					if (value.trim() === '') report('error', `${element}.Federated is empty.`);
					break;
				case 'CanonicalUser':
					if (!/^[0-9a-f]{64}$/.test(value)) report('error', `"${value}" is not a canonical user id (64 hex digits).`);
					break;
				default:
					report('error', `${element} has an unknown principal type "${key}" (AWS, Service, Federated or CanonicalUser).`);
			}
		}
	}
}

function checkAwsPrincipal(value: string, report: Report): void {
	if (value === '*' || /^\d{12}$/.test(value)) return;
	if (isGroupArn(value)) {
		report('error', `"${value}": an IAM group cannot be a principal; name its users or a role.`);
		return;
	}
	if (hasWildcard(value)) {
		report('error', `"${value}": principals take no partial wildcards; use "*" with a condition on aws:PrincipalArn.`);
		return;
	}
	if (!isPrincipalArn(value)) {
		report('error', `"${value}" is not a principal: use an account id, an IAM user or role ARN, a role session ARN or "*".`);
	}
}

function checkCondition(condition: unknown, report: Report): void {
	if (!isRecord(condition)) {
		report('error', 'Condition must be an object: {"Operator": {"key": "value"}}.');
		return;
	}
	for (const [operatorName, keys] of Object.entries(condition)) {
		const op = parseConditionOperator(operatorName);
		if (!op) {
			report('error', `"${operatorName}" is not a condition operator.`);
			continue;
		}
		if (!isRecord(keys) || Object.keys(keys).length === 0) {
			report('error', `Condition operator ${operatorName} needs an object of keys and values.`);
			continue;
		}
		for (const [key, raw] of Object.entries(keys)) {
			if (!/^[A-Za-z0-9-]+:\S+$/.test(key)) report('error', `"${key}" is not a condition key (prefix:name).`);
			const list = Array.isArray(raw) ? raw : [raw];
			if (list.length === 0 || !list.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
				report('error', `${operatorName} ${key}: values must be strings, numbers or booleans.`);
				continue;
			}
			for (const value of conditionValues(raw)) {
				if (op.family === 'ip' && !parseCidr(value)) report('error', `${operatorName} ${key}: "${value}" is not an IP address or CIDR block.`);
				if ((op.family === 'bool' || op.family === 'null') && !/^(true|false)$/i.test(value)) {
					report('error', `${operatorName} ${key}: "${value}" must be true or false.`);
				}
				if (op.family === 'numeric' && Number.isNaN(Number(value))) report('error', `${operatorName} ${key}: "${value}" is not a number.`);
				if (op.family === 'date' && !/^\d+$/.test(value) && Number.isNaN(Date.parse(value))) {
					report('error', `${operatorName} ${key}: "${value}" is not a date (ISO 8601 or epoch seconds).`);
				}
			}
		}
	}
}

export function validatePolicyOffline(doc: PolicyDocument, kind: PolicyKind): PolicyFinding[] {
	const findings: PolicyFinding[] = [];
	const top: Report = (severity, message) => findings.push({severity, message});
	const raw = doc as unknown;
	if (!isRecord(raw)) {
		top('error', 'A policy is a JSON object with Version and Statement.');
		return findings;
	}
	for (const key of Object.keys(raw)) {
		if (!['Version', 'Id', 'Statement'].includes(key)) top('error', `Unknown top-level element "${key}".`);
	}
	if (raw['Version'] === undefined) {
		top('warning', 'No Version: IAM then reads it as 2008-10-17, where policy variables are not replaced. Add "Version": "2012-10-17".');
	} else if (raw['Version'] === '2008-10-17') {
		top('warning', 'Version 2008-10-17 is the old policy language; use "2012-10-17".');
	} else if (raw['Version'] !== '2012-10-17') {
		top('error', `Version must be "2012-10-17", not ${JSON.stringify(raw['Version'])}.`);
	}
	if (raw['Id'] !== undefined && typeof raw['Id'] !== 'string') top('error', 'Id must be a string.');

	const statementValue = raw['Statement'];
	const statements = Array.isArray(statementValue) ? statementValue : isRecord(statementValue) ? [statementValue] : undefined;
	if (!statements) {
		top('error', 'Statement must be a list of statements.');
		return findings;
	}
	if (statements.length === 0) top('error', 'The policy has no statements.');

	const seenSids = new Map<string, number>();
	statements.forEach((statement: unknown, index) => {
		const sidText = isRecord(statement) && typeof statement['Sid'] === 'string' ? ` ("${statement['Sid']}")` : '';
		const label = `Statement ${index + 1}${sidText}`;
		const report: Report = (severity, message) => findings.push({severity, message: `${label}: ${message}`});
		if (!isRecord(statement)) {
			report('error', 'a statement must be a JSON object.');
			return;
		}
		for (const key of Object.keys(statement)) {
			if (!STATEMENT_KEYS.has(key)) report('error', `unknown element "${key}".`);
		}

		const sid = statement['Sid'];
		if (sid !== undefined) {
			if (typeof sid !== 'string') {
				report('error', 'Sid must be a string.');
			} else {
				// IAM rejects other characters in identity policies; KMS accepts any text (its
				// default policy says "Enable IAM User Permissions"), S3 is in between.
				if (kind !== 'key' && !/^[A-Za-z0-9]*$/.test(sid)) {
					report(kind === 'identity' ? 'error' : 'warning', 'Sid should contain only letters and digits.');
				}
				const earlier = seenSids.get(sid);
				if (earlier !== undefined) report('error', `Sid "${sid}" is also used by statement ${earlier + 1}; Sids must be unique.`);
				else seenSids.set(sid, index);
			}
		}

		const effect = statement['Effect'];
		if (effect !== 'Allow' && effect !== 'Deny') report('error', `Effect must be "Allow" or "Deny", not ${JSON.stringify(effect)}.`);

		const hasAction = statement['Action'] !== undefined;
		const hasNotAction = statement['NotAction'] !== undefined;
		let actions: string[] | undefined;
		if (hasAction && hasNotAction) report('error', 'use Action or NotAction, not both.');
		else if (!hasAction && !hasNotAction) report('error', 'needs an Action (or NotAction).');
		else {
			const element = hasAction ? 'Action' : 'NotAction';
			const list = stringList(statement[element], element, report);
			if (list) for (const action of list) checkAction(action, kind, effect, report);
			if (hasAction) actions = list;
			else if (effect === 'Allow') report('warning', 'Allow with NotAction grants every action not listed, in every service.');
		}

		const hasResource = statement['Resource'] !== undefined;
		const hasNotResource = statement['NotResource'] !== undefined;
		if (hasResource && hasNotResource) report('error', 'use Resource or NotResource, not both.');
		else if (!hasResource && !hasNotResource) {
			if (kind === 'key') report('warning', 'no Resource; key policies use "Resource": "*" (this key).');
			else report('error', 'needs a Resource (or NotResource).');
		} else {
			const element = hasResource ? 'Resource' : 'NotResource';
			const list = stringList(statement[element], element, report);
			if (list && hasResource) for (const resource of list) checkResource(resource, kind, {effect, actions}, report);
			if (hasNotResource && effect === 'Allow') report('warning', 'Allow with NotResource grants on every resource not listed.');
		}

		const hasPrincipal = statement['Principal'] !== undefined;
		const hasNotPrincipal = statement['NotPrincipal'] !== undefined;
		if (kind === 'identity') {
			if (hasPrincipal || hasNotPrincipal) report('error', 'an identity-based policy cannot have Principal or NotPrincipal; the principal is whoever the policy is attached to.');
		} else if (hasPrincipal && hasNotPrincipal) {
			report('error', 'use Principal or NotPrincipal, not both.');
		} else if (!hasPrincipal && !hasNotPrincipal) {
			report('error', `a ${kind === 'bucket' ? 'bucket' : 'key'} policy statement needs a Principal.`);
		} else if (hasPrincipal) {
			checkPrincipal(statement['Principal'], 'Principal', report);
			const principal = statement['Principal'];
			const everyone = principal === '*' || (isRecord(principal) && [principal['AWS']].flat().includes('*'));
			if (everyone && effect === 'Allow' && statement['Condition'] === undefined) {
				report('warning', 'allows everyone ("*") with no condition.');
			}
		} else {
			checkPrincipal(statement['NotPrincipal'], 'NotPrincipal', report);
			if (effect === 'Allow') report('warning', 'Allow with NotPrincipal grants to everyone not listed.');
		}

		if (statement['Condition'] !== undefined) checkCondition(statement['Condition'], report);
	});
	return findings;
}
