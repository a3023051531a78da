// Applying a batch's fix snippet from the wizard (after a yes): as a profile the person
// picks (the bucket or key owner's, usually), the policy in place is read first and the
// statement merged into it; the merged document is what is shown and confirmed, and it is
// written only if the policy in place did not change meanwhile (read again just before).

import type {BatchFixOffer} from '../batch/batch-policies.js';
import {applyTarget, readTargetPolicy, rebuildOverCurrent, samePolicy, snippetText, writeTargetPolicy, type ApplyTarget} from '../policy/delivery.js';
import type {Snippet} from '../policy/snippets.js';
import type {AwsSession} from '../ports.js';

/** Where the offer goes, and the Region to reach it in (the bucket's or key's). */
export function offerTarget(offer: BatchFixOffer): {target: ApplyTarget; region: string} | undefined {
	const target = applyTarget(offer.snippet, offer.input.plan);
	if (!target) return undefined;
	const region = (target.kind === 'bucket' || target.kind === 'key' ? target.region : undefined) ?? offer.input.plan.region;
	return {target, region};
}

export interface MergedOffer {
	/** The policy in place when read (null: none). */
	current: string | null;
	/** The document to write: the statement merged into `current`. */
	merged: Snippet;
}

export async function readAndMerge(session: AwsSession, offer: BatchFixOffer, signal?: AbortSignal): Promise<MergedOffer | undefined> {
	const place = offerTarget(offer);
	if (!place) return undefined;
	session.forgetReads();
	const current = await readTargetPolicy(session, place.target, offer.input.plan, {signal});
	const rebuilt = rebuildOverCurrent(offer.input, offer.input.only ?? [offer.snippet.id], offer.snippet.id, current);
	return rebuilt ? {current, merged: rebuilt.snippet} : undefined;
}

/** Writes `merged` unless the policy in place is no longer `basedOn` ('changed': read and confirm again). */
export async function writeMerged(session: AwsSession, offer: BatchFixOffer, merged: MergedOffer): Promise<'written' | 'changed'> {
	const place = offerTarget(offer);
	if (!place) throw new Error('This policy cannot be applied from here.');
	session.forgetReads();
	const now = await readTargetPolicy(session, place.target, offer.input.plan);
	if (!samePolicy(now, merged.current)) return 'changed';
	// No abort signal: a write cut off half-way would leave it unknown whether it happened.
	await writeTargetPolicy(session, place.target, offer.input.plan, snippetText(merged.merged));
	return 'written';
}
