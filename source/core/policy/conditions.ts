// The Condition element, evaluated three-valued. A key whose value is in the request
// context decides; a key listed as null is known to be absent (IAM's missing-key rules
// apply); a key the caller does not know about makes the condition 'unknown' and is named,
// so that the answer is never a guess.
//
// Rules followed (IAM User Guide, "Condition operators" and "Multivalued context keys"):
// - operators AND together, keys within an operator AND, values of one key OR;
// - negated operators (StringNotEquals, NotIpAddress, ArnNotLike ...) are true when the
//   request value matches none of the listed values (NOR), and true when the key is missing;
// - a positive operator with a missing key is false, unless it ends in IfExists;
// - ForAnyValue: some request value satisfies the test; false when the key is missing;
// - ForAllValues: every request value satisfies it; true when the key is missing or empty;
// - Null: {"key": "true"} holds when the key is missing, "false" when it is present.

import {arnMatches, globMatch} from './wildcard.js';
import {ipInCidr} from './ip-address.js';
import type {ConditionBlock, Tri} from './types.js';

export type RequestContext = Record<string, string | string[] | null>;

export interface TriOutcome {
	result: Tri;
	undecidedKeys: string[];
}

type Family = 'string' | 'string-ignore-case' | 'string-like' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';
type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

interface BaseOperator {
	family: Family;
	negated: boolean;
	comparison: Comparison;
}

const BASE_OPERATORS: Record<string, BaseOperator> = {
	stringequals: {family: 'string', negated: false, comparison: 'eq'},
	stringnotequals: {family: 'string', negated: true, comparison: 'eq'},
	stringequalsignorecase: {family: 'string-ignore-case', negated: false, comparison: 'eq'},
	stringnotequalsignorecase: {family: 'string-ignore-case', negated: true, comparison: 'eq'},
	stringlike: {family: 'string-like', negated: false, comparison: 'eq'},
	stringnotlike: {family: 'string-like', negated: true, comparison: 'eq'},
	numericequals: {family: 'numeric', negated: false, comparison: 'eq'},
	numericnotequals: {family: 'numeric', negated: true, comparison: 'eq'},
	numericlessthan: {family: 'numeric', negated: false, comparison: 'lt'},
	numericlessthanequals: {family: 'numeric', negated: false, comparison: 'lte'},
	numericgreaterthan: {family: 'numeric', negated: false, comparison: 'gt'},
	numericgreaterthanequals: {family: 'numeric', negated: false, comparison: 'gte'},
	dateequals: {family: 'date', negated: false, comparison: 'eq'},
	datenotequals: {family: 'date', negated: true, comparison: 'eq'},
	datelessthan: {family: 'date', negated: false, comparison: 'lt'},
	datelessthanequals: {family: 'date', negated: false, comparison: 'lte'},
	dategreaterthan: {family: 'date', negated: false, comparison: 'gt'},
	dategreaterthanequals: {family: 'date', negated: false, comparison: 'gte'},
	bool: {family: 'bool', negated: false, comparison: 'eq'},
	binaryequals: {family: 'binary', negated: false, comparison: 'eq'},
	ipaddress: {family: 'ip', negated: false, comparison: 'eq'},
	notipaddress: {family: 'ip', negated: true, comparison: 'eq'},
	arnequals: {family: 'arn', negated: false, comparison: 'eq'},
	arnlike: {family: 'arn', negated: false, comparison: 'eq'},
	arnnotequals: {family: 'arn', negated: true, comparison: 'eq'},
	arnnotlike: {family: 'arn', negated: true, comparison: 'eq'},
	null: {family: 'null', negated: false, comparison: 'eq'},
};

export interface ParsedOperator extends BaseOperator {
	set?: 'any' | 'all';
	ifExists: boolean;
}

/** "ForAnyValue:StringLikeIfExists" → its parts; undefined for an operator IAM does not have. */
export function parseConditionOperator(name: string): ParsedOperator | undefined {
	let rest = name;
	let set: ParsedOperator['set'];
	const prefix = /^(ForAnyValue|ForAllValues):/i.exec(rest);
	if (prefix) {
		set = prefix[1]!.toLowerCase() === 'foranyvalue' ? 'any' : 'all';
		rest = rest.slice(prefix[0].length);
	}
	let ifExists = false;
	if (/IfExists$/i.test(rest)) {
		ifExists = true;
		rest = rest.slice(0, -'IfExists'.length);
	}
	const base = BASE_OPERATORS[rest.toLowerCase()];
	if (!base) return undefined;
	if (base.family === 'null' && (ifExists || set)) return undefined;
	return {...base, set, ifExists};
}

export function conditionValues(raw: unknown): string[] {
	const list = Array.isArray(raw) ? raw : [raw];
	return list.map((v) => (typeof v === 'string' ? v : String(v)));
}

/** Lower-cased copy of the context, so that policy keys match whatever case they use. */
export function normaliseContext(context: RequestContext): Map<string, string | string[] | null> {
	const map = new Map<string, string | string[] | null>();
	for (const [key, value] of Object.entries(context)) map.set(key.toLowerCase(), value);
	return map;
}

/**
 * Replaces `${aws:username}`-style policy variables. Returns `unknownKey` when a variable's
 * value is not known, and `absent` when it is known to be missing with no default (IAM then
 * treats the value as one that matches nothing).
 */
export function substituteVariables(
	value: string,
	context: Map<string, string | string[] | null>,
): {value: string} | {unknownKey: string} | {absent: true} {
	if (!value.includes('${')) return {value};
	let unknownKey: string | undefined;
	let absent = false;
	const replaced = value.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
		const trimmed = inner.trim();
		if (trimmed === '*' || trimmed === '?' || trimmed === '$') return trimmed;
		const withDefault = /^([^,]+),\s*'([^']*)'$/.exec(trimmed);
		const key = (withDefault ? withDefault[1]! : trimmed).trim();
		const known = context.get(key.toLowerCase());
		if (known === undefined) {
			unknownKey ??= key;
			return '';
		}
		if (known === null || Array.isArray(known)) {
			if (withDefault) return withDefault[2]!;
			if (Array.isArray(known)) unknownKey ??= key;
			else absent = true;
			return '';
		}
		return known;
	});
	if (unknownKey) return {unknownKey};
	if (absent) return {absent: true};
	return {value: replaced};
}

function parseNumber(text: string): number | undefined {
	return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : undefined;
}

function parseDate(text: string): number | undefined {
	const trimmed = text.trim();
	// IAM accepts epoch seconds as well as ISO 8601.
	if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
	const ms = Date.parse(trimmed);
	return Number.isNaN(ms) ? undefined : ms;
}

function compare(comparison: Comparison, left: number, right: number): boolean {
	switch (comparison) {
		case 'eq':
			return left === right;
		case 'lt':
			return left < right;
		case 'lte':
			return left <= right;
		case 'gt':
			return left > right;
		case 'gte':
			return left >= right;
	}
}

/** Does one request value satisfy the positive form of the operator for one policy value? */
function valueMatches(op: ParsedOperator, requestValue: string, policyValue: string): boolean {
	switch (op.family) {
		case 'string':
		case 'binary':
			return requestValue === policyValue;
		case 'string-ignore-case':
			return requestValue.toLowerCase() === policyValue.toLowerCase();
		case 'string-like':
			return globMatch(policyValue, requestValue);
		case 'arn':
			return arnMatches(policyValue, requestValue);
		case 'bool':
			return requestValue.toLowerCase() === policyValue.toLowerCase();
		case 'ip':
			return ipInCidr(requestValue, policyValue) === true;
		case 'numeric': {
			const left = parseNumber(requestValue);
			const right = parseNumber(policyValue);
			return left !== undefined && right !== undefined && compare(op.comparison, left, right);
		}
		case 'date': {
			const left = parseDate(requestValue);
			const right = parseDate(policyValue);
			return left !== undefined && right !== undefined && compare(op.comparison, left, right);
		}
		case 'null':
			return false;
	}
}

function evaluateKey(
	op: ParsedOperator,
	key: string,
	rawValues: unknown,
	context: Map<string, string | string[] | null>,
): TriOutcome {
	const known = context.get(key.toLowerCase());
	if (known === undefined) return {result: 'unknown', undecidedKeys: [key]};
	const present = known !== null && !(Array.isArray(known) && known.length === 0);

	if (op.family === 'null') {
		const wanted = conditionValues(rawValues).map((v) => v.toLowerCase());
		const holds = wanted.some((v) => (v === 'true' ? !present : v === 'false' ? present : false));
		return {result: holds ? 'yes' : 'no', undecidedKeys: []};
	}

	if (!present) {
		let holds: boolean;
		if (op.set === 'all') holds = true;
		else if (op.ifExists) holds = true;
		else if (op.set === 'any') holds = false;
		else holds = op.negated;
		return {result: holds ? 'yes' : 'no', undecidedKeys: []};
	}

	const policyValues: string[] = [];
	for (const raw of conditionValues(rawValues)) {
		const substituted = op.family === 'string' || op.family === 'string-like' || op.family === 'string-ignore-case' || op.family === 'arn'
			? substituteVariables(raw, context)
			: {value: raw};
		if ('unknownKey' in substituted) return {result: 'unknown', undecidedKeys: [substituted.unknownKey]};
		if ('value' in substituted) policyValues.push(substituted.value);
	}

	const requestValues = Array.isArray(known) ? known : [known];
	const matchesAny = (requestValue: string) => policyValues.some((p) => valueMatches(op, requestValue, p));
	// Per request value: does it pass the (possibly negated) test?
	const passes = (requestValue: string) => (op.negated ? !matchesAny(requestValue) : matchesAny(requestValue));

	let holds: boolean;
	if (op.set === 'all') holds = requestValues.every(passes);
	else if (op.set === 'any') holds = requestValues.some(passes);
	// A single-valued operator on a multivalued key: positive if any value matches, negated if
	// none does (the NOR IAM applies to negated operators).
	else holds = op.negated ? requestValues.every(passes) : requestValues.some(passes);
	return {result: holds ? 'yes' : 'no', undecidedKeys: []};
}

export function triAnd(results: Tri[]): Tri {
	if (results.includes('no')) return 'no';
	if (results.includes('unknown')) return 'unknown';
	return 'yes';
}

export function triOr(results: Tri[]): Tri {
	if (results.includes('yes')) return 'yes';
	if (results.includes('unknown')) return 'unknown';
	return 'no';
}

export function evaluateConditions(block: ConditionBlock | undefined, context: Map<string, string | string[] | null>): TriOutcome {
	if (!block) return {result: 'yes', undecidedKeys: []};
	const results: Tri[] = [];
	const undecided: string[] = [];
	for (const [operatorName, keys] of Object.entries(block)) {
		const op = parseConditionOperator(operatorName);
		if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) {
			results.push('unknown');
			undecided.push(operatorName);
			continue;
		}
		for (const [key, values] of Object.entries(keys)) {
			if (!op) {
				// An operator IAM would reject: say so rather than pretend to know.
				results.push('unknown');
				undecided.push(key);
				continue;
			}
			const outcome = evaluateKey(op, key, values, context);
			results.push(outcome.result);
			undecided.push(...outcome.undecidedKeys);
		}
	}
	const result = triAnd(results);
	return {result, undecidedKeys: result === 'unknown' ? [...new Set(undecided)] : []};
}
