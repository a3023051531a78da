// Condition operators of the IAM policy language, as far as export permissions need them.
// Keys are compared case-insensitively (as IAM does); values keep their case.

/** Request context: lower-cased key → values. A missing key is absent from the map. */
export type ContextValues = Map<string, string[]>;

export function contextOf(entries: Record<string, string | string[] | boolean | undefined>): ContextValues {
	const context: ContextValues = new Map();
	for (const [key, value] of Object.entries(entries)) {
		if (value === undefined) continue;
		const values = Array.isArray(value) ? value : [String(value)];
		context.set(key.toLowerCase(), values);
	}
	return context;
}

type Comparator = (policyValue: string, contextValue: string) => boolean;

const comparators: Record<string, {compare: Comparator; negated: boolean}> = {
	stringequals: {compare: (p, c) => p === c, negated: false},
	stringnotequals: {compare: (p, c) => p === c, negated: true},
	stringequalsignorecase: {compare: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: false},
	stringnotequalsignorecase: {compare: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: true},
	stringlike: {compare: (p, c) => wildcardMatch(p, c), negated: false},
	stringnotlike: {compare: (p, c) => wildcardMatch(p, c), negated: true},
	arnequals: {compare: (p, c) => wildcardMatch(p, c), negated: false},
	arnlike: {compare: (p, c) => wildcardMatch(p, c), negated: false},
	arnnotequals: {compare: (p, c) => wildcardMatch(p, c), negated: true},
	arnnotlike: {compare: (p, c) => wildcardMatch(p, c), negated: true},
	bool: {compare: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: false},
	ipaddress: {compare: (p, c) => ipInRange(c, p), negated: false},
	notipaddress: {compare: (p, c) => ipInRange(c, p), negated: true},
	numericequals: {compare: (p, c) => Number(c) === Number(p), negated: false},
	numericnotequals: {compare: (p, c) => Number(c) === Number(p), negated: true},
	numericlessthan: {compare: (p, c) => Number(c) < Number(p), negated: false},
	numericlessthanequals: {compare: (p, c) => Number(c) <= Number(p), negated: false},
	numericgreaterthan: {compare: (p, c) => Number(c) > Number(p), negated: false},
	numericgreaterthanequals: {compare: (p, c) => Number(c) >= Number(p), negated: false},
};

/** IAM wildcards: `*` any run of characters, `?` one character (actions, resources, *Like operators). */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
	if (pattern === '*') return true;
	if (!pattern.includes('*') && !pattern.includes('?')) {
		return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
	}
	const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
	return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function ipv4ToNumber(ip: string): number | undefined {
	const parts = ip.split('.');
	if (parts.length !== 4) return undefined;
	let n = 0;
	for (const part of parts) {
		const v = Number(part);
		if (!/^\d{1,3}$/.test(part) || v > 255) return undefined;
		n = n * 256 + v;
	}
	return n;
}

/** IPv4 CIDR ranges; IPv6 values only match themselves exactly. */
function ipInRange(ip: string, range: string): boolean {
	const [base, bitsText] = range.split('/');
	const address = ipv4ToNumber(ip);
	const start = ipv4ToNumber(base ?? '');
	if (address === undefined || start === undefined) return ip === range || ip === base;
	const bits = bitsText === undefined ? 32 : Number(bitsText);
	if (!(bits >= 0 && bits <= 32)) return false;
	const size = 2 ** (32 - bits);
	const from = Math.floor(start / size) * size;
	return address >= from && address < from + size;
}

function asStrings(value: unknown): string[] {
	const values = Array.isArray(value) ? value : [value];
	return values.filter((v) => v !== undefined && v !== null).map(String);
}

/**
 * True when every operator/key pair of a Condition block holds. Keys the request does
 * not carry are recorded in `missing` (as the policy simulator reports them).
 */
export function conditionBlockMatches(
	block: Record<string, Record<string, unknown>>,
	context: ContextValues,
	missing: Set<string>,
): boolean {
	for (const [rawOperator, pairs] of Object.entries(block)) {
		if (!pairs || typeof pairs !== 'object') return false;
		for (const [key, policyValue] of Object.entries(pairs)) {
			if (!conditionMatches(rawOperator, key, asStrings(policyValue), context, missing)) return false;
		}
	}
	return true;
}

function conditionMatches(
	rawOperator: string,
	key: string,
	policyValues: string[],
	context: ContextValues,
	missing: Set<string>,
): boolean {
	let operator = rawOperator.toLowerCase();
	let setMode: 'any' | 'all' | undefined;
	if (operator.startsWith('foranyvalue:')) {
		setMode = 'any';
		operator = operator.slice('foranyvalue:'.length);
	} else if (operator.startsWith('forallvalues:')) {
		setMode = 'all';
		operator = operator.slice('forallvalues:'.length);
	}
	const ifExists = operator.endsWith('ifexists');
	if (ifExists) operator = operator.slice(0, -'ifexists'.length);
	const contextValues = context.get(key.toLowerCase());

	if (operator === 'null') {
		const wantsAbsent = policyValues.some((v) => v.toLowerCase() === 'true');
		return wantsAbsent ? contextValues === undefined : contextValues !== undefined;
	}
	const comparator = comparators[operator];
	// An operator this evaluator does not know never matches: an Allow then grants
	// nothing and a Deny denies nothing, which the sandbox reports no worse than AWS would.
	if (!comparator) return false;
	if (contextValues === undefined) {
		missing.add(key);
		if (ifExists) return true;
		if (setMode === 'all') return true;
		return comparator.negated && setMode !== 'any';
	}
	const valueMatches = (c: string) => policyValues.some((p) => comparator.compare(p, c));
	if (setMode === 'all') {
		return contextValues.every((c) => (comparator.negated ? !valueMatches(c) : valueMatches(c)));
	}
	const anyMatch = contextValues.some(valueMatches);
	return comparator.negated ? !anyMatch : anyMatch;
}
