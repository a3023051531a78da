// A failed shared check stops a batch. Its fix is a policy (the bucket's, a key's, the
// caller's): shown in full with where it goes and who applies it; in line mode it may be
// applied from here, as a profile the person picks (the bucket owner's, usually), after
// the policy in place was read again and the merged result shown and confirmed.

import {itemsOfSource, sourceKey} from '../../core/batch/batch-checks.js';
import type {BatchCheckContext} from '../../core/batch/batch-checks.js';
import type {BatchCheckReport} from '../../core/batch/types.js';
import {describeAwsError} from '../../core/errors.js';
import {applyTarget, readTargetPolicy, rebuildOverCurrent, snippetInputFrom, snippetText, writeTargetPolicy} from '../../core/policy/delivery.js';
import {buildSnippets, type Snippet} from '../../core/policy/generate.js';
import type {SnippetId} from '../../core/policy/snippets.js';
import type {ExportPlan} from '../../core/plan.js';
import {AwsCallError} from '../../core/ports.js';
import {snippetLines} from '../../line-mode/policy-files.js';
import type {BatchAsk} from './batch-ask.js';
import type {CommandContext} from './context.js';

interface Offered {
	source: string;
	plan: ExportPlan;
	input: NonNullable<ReturnType<typeof snippetInputFrom>>;
	ids: SnippetId[];
	snippet: Snippet;
	fixes: string[];
}

/** "exports/{table}/" → "exports/": what every table's prefix starts with. */
export function fixedPart(template: string): string {
	const at = template.indexOf('{');
	return at < 0 ? template : template.slice(0, at);
}

/** The snippets that fix each source's failed shared checks. */
export function sharedFixSnippets(checks: BatchCheckContext, report: BatchCheckReport): Offered[] {
	const offered: Offered[] = [];
	for (const source of checks.plan.sources) {
		const key = sourceKey(source, checks.plan.sources);
		const failed = (report.shared.get(key) ?? []).filter((r) => r.status === 'failed');
		if (failed.length === 0) continue;
		const first = itemsOfSource(checks.items, source)[0];
		// One statement for every table of the source: the prefix up to the first placeholder.
		const plan = first ? {...first.plan, prefix: fixedPart(checks.plan.destination.prefixTemplate)} : undefined;
		const input = plan ? snippetInputFrom(plan, report.sources?.get(key)) : undefined;
		if (!plan || !input) continue;
		const ids = [...new Set(failed.map((r) => r.fix?.snippet).filter((id): id is SnippetId => id !== undefined))];
		for (const snippet of buildSnippets({...input, only: ids})) {
			offered.push({source: key, plan, input, ids, snippet, fixes: failed.filter((r) => r.fix?.snippet === snippet.id).map((r) => r.title)});
		}
	}
	return offered;
}

/** The profile that applies a policy: one of the config's, or none (stop here). */
async function chooseProfile(ctx: CommandContext, ask: BatchAsk, offered: Offered): Promise<string | undefined> {
	const profiles = (await ctx.gateway.listProfiles()).map((p) => p.name);
	const stop = '\u0000stop';
	const choice = await ask.choose(
		`Apply it to ${offered.snippet.appliesTo.resource} now, as which profile (${offered.snippet.appliesTo.who})?`,
		[...profiles.map((name) => ({value: name, label: name})), {value: stop, label: 'Do not apply it; stop here'}],
		stop,
	);
	return choice === stop ? undefined : choice;
}

/**
 * Shows the fix of every failed shared check; in line mode offers to apply each one that
 * can be applied from here. True when one was applied (the checks then run again).
 */
export async function offerSharedFix(ctx: CommandContext, checks: BatchCheckContext, report: BatchCheckReport, ask: BatchAsk): Promise<boolean> {
	const offers = sharedFixSnippets(checks, report);
	if (offers.length === 0) return false;
	ctx.out.note();
	offers.forEach((offer, i) => {
		ctx.out.note(`The policy that fixes the checks of ${offer.source}:`);
		for (const line of snippetLines(offer.snippet, i, offer.fixes)) ctx.out.note(line);
	});
	if (!ask.asking) return false;
	let applied = false;
	for (const offer of offers) {
		const target = applyTarget(offer.snippet, offer.plan);
		if (!target) continue;
		const profile = await chooseProfile(ctx, ask, offer);
		if (profile === undefined) return applied;
		const region = (target.kind === 'bucket' || target.kind === 'key' ? target.region : undefined) ?? offer.plan.region;
		const session = ctx.gateway.session({profile, region});
		try {
			// Read again just before: what is confirmed is exactly what is written.
			const current = await readTargetPolicy(session, target, offer.plan, {signal: ctx.signal});
			const rebuilt = rebuildOverCurrent(offer.input, offer.ids, offer.snippet.id, current);
			if (!rebuilt) continue;
			ctx.out.note(`${current === null ? 'There is no policy in place; it will be:' : 'The policy in place, with the statement added:'}`);
			for (const line of snippetText(rebuilt.snippet).split('\n')) ctx.out.note(`  ${line}`);
			if (!(await ask.yesNo(`Write this ${offer.snippet.id === 'bucket-policy' ? 'bucket' : offer.snippet.id.startsWith('key-') ? 'key' : 'inline'} policy as ${profile}?`))) return applied;
			await writeTargetPolicy(session, target, offer.plan, snippetText(rebuilt.snippet), {signal: ctx.signal});
			ctx.out.note(`Applied to ${offer.snippet.appliesTo.resource}.`);
			applied = true;
		} catch (error) {
			if (!(error instanceof AwsCallError)) throw error;
			const described = describeAwsError(error, {profile, region});
			ctx.out.note(`Not applied: ${described.title}${described.fix ? ` ${described.fix}` : ''}`);
			return applied;
		}
	}
	if (applied) for (const source of checks.plan.sources) checks.sessionFor(source).forgetReads();
	return applied;
}
