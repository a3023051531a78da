// The policies that fix a batch's failed shared checks (issue 17), built by the batch's
// generator (batch-policies.ts: one bucket-policy statement for every source's principal,
// one key-policy statement likewise, each source's own identity policy): a list, then
// each document whole in a scrolling window (JSON lines never broken), c copies it. Applying
// is left to the policy's owner (its apply command is shown) or to line mode.

import {Box, Text, useStdout} from 'ink';
import {useState} from 'react';
import {useKeys, useLatestState} from './widgets/use-keys.js';
import {scrolled} from './widgets/scroll-state.js';
import {SelectList} from './widgets/select-list.js';
import {maxScroll, ScrollWindow, type ShownLine} from './scroll-window.js';
import {BodyRows, useRoom} from './screen-size.js';
import {useOwnKeysHint} from './keys-hint.js';
import {commandLines, wrapWords} from './text-layout.js';
import {processClipboard} from './policies/clipboard.js';
import type {BatchFixOffer} from '../core/batch/batch-policies.js';
import {snippetText} from '../core/policy/delivery.js';
import {offerTarget, type MergedOffer} from '../core/wizard/batch-policy-apply.js';
import type {Problem} from '../core/wizard/state.js';
import {ProblemView} from './problem-view.js';
import {profileChoices, useProfileAccounts} from './policies/apply-screens.js';
import type {ProfileInfo} from '../core/ports.js';

const NO_PROFILES: ProfileInfo[] = [];
import {SpinnerLine} from './spinner-line.js';

/** One offer in full: whose policy, what it fixes, notes, the document, the apply command. */
export function offerLines(offer: BatchFixOffer, columns: number): ShownLine[] {
	const {snippet} = offer;
	const lines: ShownLine[] = [];
	for (const text of wrapWords(`For ${snippet.appliesTo.who}; fixes ${offer.fixes.join(', ')}.`, columns)) lines.push({text});
	for (const note of snippet.notes) for (const text of wrapWords(`! ${note}`, columns, {indent: '  '})) lines.push({text, color: 'yellow'});
	lines.push({text: ''});
	for (const text of snippetText(snippet).split('\n')) lines.push({text, color: 'cyan'});
	lines.push({text: ''});
	lines.push({text: 'Apply it (as its owner) with:', dim: true});
	for (const text of snippet.applyCommand.split('\n').flatMap((line) => commandLines(line, columns))) lines.push({text, color: 'cyan'});
	return lines;
}

/** What the screen asks of the controller to apply an offer (a plain object in tests). */
export interface BatchPolicyApply {
	profiles: ProfileInfo[];
	/** The wizard's own profile and its account, known from the checks. */
	own?: string;
	ownAccount?: string;
	/** Asks which account a profile reaches, so that the owner's profile is proposed. */
	resolveAccount?: (profile: string) => Promise<{account: string} | {problem: string}>;
	read: (offer: BatchFixOffer, profile: string) => Promise<{ok: true; merged: MergedOffer} | {ok: false; problem: Problem}>;
	write: (offer: BatchFixOffer, profile: string, merged: MergedOffer) => Promise<{ok: true} | {ok: false; changed?: boolean; problem?: Problem}>;
}

/** An apply in progress: which profile, then the merged document to confirm, then the write. */
type Applying =
	| {step: 'profile'}
	| {step: 'reading'; profile: string}
	| {step: 'confirm'; profile: string; merged: MergedOffer}
	| {step: 'writing'; profile: string}
	| {step: 'failed'; problem: Problem};

export function BatchPoliciesView({offers, onDone, apply}: {offers: readonly BatchFixOffer[]; onDone: () => void; apply?: BatchPolicyApply}) {
	const room = useRoom();
	const {columns} = room;
	const {stdout} = useStdout();
	const ui = useLatestState<{open?: number; scroll: number; applying?: Applying}>(() => ({scroll: 0}));
	const [message, setMessage] = useState<string>();
	useOwnKeysHint(true);
	const open = ui.state.open === undefined ? undefined : offers[ui.state.open];
	const target = open ? offerTarget(open)?.target : undefined;
	// The profiles' accounts, asked when the screen opens: the picker starts on the owner's.
	const accounts = useProfileAccounts(apply?.profiles ?? NO_PROFILES, apply?.own, apply?.ownAccount, apply?.resolveAccount);
	const applying = ui.state.applying;
	const canApply = Boolean(apply && open && offerTarget(open));
	const confirming = applying?.step === 'confirm' ? applying : undefined;
	const lines = confirming ? snippetText(confirming.merged.merged).split('\n').map((text) => ({text, color: 'cyan'})) : open ? offerLines(open, columns) : [];
	const keysText = confirming
		? `${confirming.merged.current === null ? 'There is no policy in place; this becomes it.' : 'The policy in place with the statement merged in.'} Write it as ${confirming.profile}? (y/N) · y writes · n or Esc cancels`
		: applying?.step === 'failed'
			? 'Esc back to the policy'
			: open
				? `↑↓ PgUp PgDn scroll · c copy${canApply ? ' · a apply' : ''} · Esc the list`
				: '↑↓ choose · Enter show · Esc back to the checks';
	const keys = wrapWords(keysText, columns);
	const note = message ? wrapWords(message, columns) : [];
	const rows = Math.max(3, room.rows - 1 - keys.length - note.length - 1);
	const max = maxScroll(lines, rows, columns);
	const offerAt = ui.state.open;
	const startRead = (profile: string) => {
		if (!apply || offerAt === undefined) return;
		const offer = offers[offerAt]!;
		ui.set({open: offerAt, scroll: 0, applying: {step: 'reading', profile}});
		void apply.read(offer, profile).then((read) => {
			if (ui.get().applying?.step !== 'reading') return;
			ui.set({open: offerAt, scroll: 0, applying: read.ok ? {step: 'confirm', profile, merged: read.merged} : {step: 'failed', problem: read.problem}});
		});
	};
	useKeys((key) => {
		const state = ui.get();
		if (state.open === undefined) return;
		const step = state.applying?.step;
		if (step === 'profile' || step === 'reading' || step === 'writing') return;
		if (step === 'confirm' && state.applying?.step === 'confirm') {
			const {profile, merged} = state.applying;
			const answer = key.name === 'text' ? key.text.toLowerCase() : key.name;
			if (answer === 'y' && apply) {
				const offer = offers[state.open]!;
				ui.set({...state, applying: {step: 'writing', profile}});
				void apply.write(offer, profile, merged).then((written) => {
					if (written.ok) return onDone();
					if (written.changed) return startRead(profile);
					ui.set({open: state.open, scroll: 0, applying: {step: 'failed', problem: written.problem ?? {title: 'The policy was not written.'}}});
				});
				return 'done';
			}
			if (answer === 'n' || key.name === 'escape') ui.set({open: state.open, scroll: 0});
			else {
				const next = scrolled(state.scroll, key, rows, max);
				if (next !== undefined) ui.set({...state, scroll: next});
			}
			return;
		}
		if (step === 'failed') {
			if (key.name === 'escape') ui.set({open: state.open, scroll: 0});
			return;
		}
		const next = scrolled(state.scroll, key, rows, max);
		if (next !== undefined) return ui.set({...state, scroll: next});
		if (key.name === 'escape' || key.name === 'backTab') {
			setMessage(undefined);
			return ui.set({scroll: 0});
		}
		if (key.name === 'text' && key.text === 'c') {
			const offer = offers[state.open];
			if (offer) void processClipboard(stdout)(snippetText(offer.snippet)).then((outcome) => setMessage(outcome.message));
		}
		if (key.name === 'text' && key.text === 'a' && canApply) return ui.set({...state, applying: {step: 'profile'}});
	}, open !== undefined);
	if (open && applying?.step === 'profile' && apply && target) {
		const {options, proposed} = profileChoices(apply.profiles, apply.own, target, accounts);
		return (
			<Box flexDirection="column">
				<Text bold>{open.snippet.title}</Text>
				<Text>{wrapWords(`Apply it as which profile? It must be allowed to change the policy of ${open.snippet.appliesTo.resource} (${open.snippet.appliesTo.who}).`, columns).join('\n')}</Text>
				<BodyRows.Provider value={{columns, rows: Math.max(3, room.rows - 4)}}>
					<SelectList key={proposed} options={options} defaultValue={proposed} onSubmit={startRead} onBack={() => ui.set({open: offerAt, scroll: 0})} />
				</BodyRows.Provider>
				<Text dimColor>↑↓ choose · Enter reads its policy first · Esc cancels</Text>
			</Box>
		);
	}
	if (open && (applying?.step === 'reading' || applying?.step === 'writing')) {
		return (
			<Box flexDirection="column">
				<Text bold>{open.snippet.title}</Text>
				<SpinnerLine>{applying.step === 'reading' ? `Reading the policy in place as ${applying.profile}…` : `Writing the policy as ${applying.profile}…`}</SpinnerLine>
			</Box>
		);
	}
	if (open && applying?.step === 'failed') {
		return (
			<Box flexDirection="column">
				<Text bold>{open.snippet.title}</Text>
				<ProblemView problem={applying.problem} />
				<Text dimColor>{keys.join('\n')}</Text>
			</Box>
		);
	}
	if (open) {
		return (
			<Box flexDirection="column">
				<Text bold>{open.snippet.title}</Text>
				<ScrollWindow lines={lines} scroll={ui.state.scroll} rows={rows} />
				{note.length ? <Text color="green">{note.join('\n')}</Text> : null}
				<Text dimColor>{keys.join('\n')}</Text>
			</Box>
		);
	}
	const options = offers.map((offer, i) => ({value: String(i), label: offer.snippet.title, hint: offer.fixes.join(', ')}));
	return (
		<Box flexDirection="column">
			<Text>{wrapWords('The policies that fix the failed shared checks: one statement each for every account of the batch.', columns).join('\n')}</Text>
			<BodyRows.Provider value={{columns, rows: Math.max(3, room.rows - 2 - keys.length)}}>
				<SelectList options={options} onSubmit={(value) => ui.set({open: Number(value), scroll: 0})} onBack={onDone} />
			</BodyRows.Provider>
			<Text dimColor>{keys.join('\n')}</Text>
		</Box>
	);
}
