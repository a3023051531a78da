// A failed shared check stops a batch. Its fix is a policy (the bucket's, a key's, the
// caller's): shown in full with where it goes and who applies it; in line mode it may be
// applied from here, as a profile the person picks (the bucket owner's, usually), after
// the policy in place was read again and the merged result shown and confirmed.

import type {BatchCheckContext} from '../../core/batch/batch-checks.js';
import {batchFixOffers, DESTINATION_SCOPE, type BatchFixOffer} from '../../core/batch/batch-policies.js';
import type {BatchCheckReport} from '../../core/batch/types.js';
import {describeAwsError} from '../../core/errors.js';
import {applyTarget, readTargetPolicy, rebuildOverCurrent, snippetText, writeTargetPolicy} from '../../core/policy/delivery.js';
import {AwsCallError} from '../../core/ports.js';
import {snippetLines} from '../../line-mode/policy-files.js';
import type {BatchAsk} from './batch-ask.js';
import type {CommandContext} from './context.js';

/** The profile that applies a policy: one of the config's, or none (stop here). */
async function chooseProfile(ctx: CommandContext, ask: BatchAsk, offered: BatchFixOffer): Promise<string | undefined> {
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
	const offers = batchFixOffers(report, checks.plan, checks.items);
	if (offers.length === 0) return false;
	ctx.out.note();
	offers.forEach((offer, i) => {
		ctx.out.note(offer.scope === DESTINATION_SCOPE ? 'The policy that fixes it, for every source account at once:' : `The policy that fixes the checks of ${offer.scope}:`);
		for (const line of snippetLines(offer.snippet, i, offer.fixes)) ctx.out.note(line);
	});
	if (!ask.asking) return false;
	let applied = false;
	for (const offer of offers) {
		const target = applyTarget(offer.snippet, offer.input.plan);
		if (!target) continue;
		const profile = await chooseProfile(ctx, ask, offer);
		if (profile === undefined) return applied;
		const region = (target.kind === 'bucket' || target.kind === 'key' ? target.region : undefined) ?? offer.input.plan.region;
		const session = ctx.gateway.session({profile, region});
		try {
			// Read again just before: what is confirmed is exactly what is written.
			const current = await readTargetPolicy(session, target, offer.input.plan, {signal: ctx.signal});
			const rebuilt = rebuildOverCurrent(offer.input, offer.input.only ?? [offer.snippet.id], offer.snippet.id, current);
			if (!rebuilt) continue;
			// The whole document once; a change to a policy in place as its diff.
			if (current !== null && rebuilt.snippet.diff) {
				ctx.out.note(`The change to the policy in place (read just now as ${profile}):`);
				for (const line of rebuilt.snippet.diff.split('\n')) ctx.out.note(`  ${line}`);
			} else {
				ctx.out.note(current === null ? 'There is no policy in place; it will be:' : 'The policy in place, with the statement added:');
				for (const line of snippetText(rebuilt.snippet).split('\n')) ctx.out.note(`  ${line}`);
			}
			if (!(await ask.yesNo(`Write this ${offer.snippet.id === 'bucket-policy' ? 'bucket' : offer.snippet.id.startsWith('key-') ? 'key' : 'inline'} policy as ${profile}?`))) return applied;
			await writeTargetPolicy(session, target, offer.input.plan, snippetText(rebuilt.snippet), {signal: ctx.signal});
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
