// One destination, a prefix per table: `--s3-prefix` of a batch may hold {account},
// {region}, {table} and {date} (the plan's UTC day, YYYY-MM-DD), expanded per table.

import {validatePrefix} from '../validate.js';

/** A batch's prefix when none is given: each table in its own folder. */
export const DEFAULT_BATCH_PREFIX = '{table}/';

export const PREFIX_PLACEHOLDERS = ['account', 'region', 'table', 'date'] as const;
export type PrefixPlaceholder = (typeof PREFIX_PLACEHOLDERS)[number];
export type PrefixValues = Record<PrefixPlaceholder, string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;
const placeholderList = PREFIX_PLACEHOLDERS.map((name) => `{${name}}`).join(', ');

/**
 * What is wrong with a prefix template, as a message naming --s3-prefix and the fix, or
 * undefined when it can be expanded. Braces only ever open a placeholder (S3 keys may hold
 * them, but a literal brace in a batch prefix is far likelier a typo than a wish).
 */
export function prefixTemplateProblem(template: string): string | undefined {
	for (const match of template.matchAll(PLACEHOLDER)) {
		const name = match[1]!;
		if (!(PREFIX_PLACEHOLDERS as readonly string[]).includes(name)) {
			const near = PREFIX_PLACEHOLDERS.find((known) => known === name.trim().toLowerCase());
			const hint = near ? ` Did you mean {${near}}?` : '';
			return `--s3-prefix: {${name}} is not a placeholder; a batch's prefix may use ${placeholderList}.${hint}`;
		}
	}
	const rest = template.replace(PLACEHOLDER, '');
	const open = rest.indexOf('{');
	const close = rest.indexOf('}');
	if (open >= 0 || close >= 0) {
		const which = open >= 0 && (close < 0 || open < close) ? '"{" is never closed' : '"}" closes nothing';
		return `--s3-prefix: ${which} in "${template}"; placeholders are written whole, as in ${DEFAULT_BATCH_PREFIX} or {account}/{table}/{date}/.`;
	}
	// The rest of the rules are a prefix's own (no leading slash, no s3://, no control characters).
	const sample = expandPrefixTemplate(template, {account: '111111111111', region: 'us-east-1', table: 'table', date: '2026-01-01'});
	const plain = validatePrefix(sample);
	if (!plain.ok) {
		if (template.startsWith('/')) return `--s3-prefix must not start with "/": S3 would make a folder with an empty name. Use "${template.replace(/^\/+/, '')}".`;
		return `--s3-prefix: ${plain.message}`;
	}
	return undefined;
}

/** The template with every placeholder replaced (the template is assumed checked). */
export function expandPrefixTemplate(template: string, values: PrefixValues): string {
	return template.replace(PLACEHOLDER, (whole, name: string) => ((PREFIX_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as PrefixPlaceholder] : whole));
}

/** The UTC day {date} stands for. */
export function prefixDate(at: Date): string {
	return at.toISOString().slice(0, 10);
}
