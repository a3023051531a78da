// The two kinds of wildcard matching IAM does: plain globs (`*` any run, `?` one character)
// for actions and string conditions, and ARN matching, where the partition, service, Region
// and account are compared one by one and only the resource part lets `*` run across `/`
// and `:` (so `arn:aws:s3:::bucket/*` covers `bucket/a/b:c`, but `arn:aws:*` written in the
// Region field does not swallow the account).

import {splitArn} from '../arn.js';

const cache = new Map<string, RegExp>();

function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
	const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
	let regex = cache.get(cacheKey);
	if (!regex) {
		let source = '';
		for (const ch of pattern) {
			if (ch === '*') source += '[\\s\\S]*';
			else if (ch === '?') source += '[\\s\\S]';
			else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
		}
		regex = new RegExp(`^${source}$`, ignoreCase ? 'iu' : 'u');
		if (cache.size > 2000) cache.clear();
		cache.set(cacheKey, regex);
	}
	return regex;
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
	if (pattern === '*') return true;
	if (!pattern.includes('*') && !pattern.includes('?')) {
		return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
	}
	return globRegExp(pattern, ignoreCase).test(value);
}

/** Action names are case-insensitive in IAM, service prefix included. */
export function actionMatches(pattern: string, action: string): boolean {
	return globMatch(pattern, action, true);
}

/**
 * Resource element and Arn* condition matching: case-sensitive, field by field. A pattern
 * that is not a full ARN (`*`, `arn:*`) is matched as a plain glob over the whole string.
 */
export function arnMatches(pattern: string, arn: string): boolean {
	if (pattern === '*') return true;
	const patternParts = splitArn(pattern);
	if (!patternParts) return globMatch(pattern, arn);
	const arnParts = splitArn(arn);
	if (!arnParts) return false;
	for (let i = 0; i < 6; i++) {
		if (!globMatch(patternParts[i]!, arnParts[i]!)) return false;
	}
	return true;
}
