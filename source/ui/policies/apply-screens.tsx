
import {useCallback, useRef, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {ProblemView} from '../problem-view.js';
import {SelectList} from '../widgets/select-list.js';
import type {SelectOption} from '../widgets/select-state.js';
import {symbols} from '../theme.js';
import {accountOf} from '../../core/arn.js';
import {ENVIRONMENT_PROFILE} from '../../core/wizard/fields.js';
import type {ApplyTarget, SnippetBasis} from '../../core/policy/delivery.js';
import type {Snippet} from '../../core/policy/generate.js';
import type {ProfileInfo} from '../../core/ports.js';
import type {Problem} from '../../core/wizard/state.js';
import {basisText, policyNoun, shortTarget, targetText, truncateMiddle, wrapLines, wrapText, WIDTH} from './describe.js';
import {scrollAction} from './policy-detail.js';
import type {PoliciesAction} from './policies-state.js';
import {YesNoQuestion} from './questions.js';
import {diffLines, maxScroll, ScrollWindow} from './scroll-window.js';

/** The account a profile reaches, when its configuration says so. */
function accountOfProfile(profile: ProfileInfo): string | undefined {
	return profile.ssoAccountId ?? accountOf(profile.roleArn);
}

/** What is known of each profile's account beyond its configuration: the own identity's, and those asked for. */
export type ResolvedAccounts = Record<string, {account: string} | {problem: string} | 'asking'>;

/**
 * Profiles to apply with: the one used for the checks first, each with its account (from the
 * configuration, else asked when highlighted). A profile known to reach the target's account
 * is proposed, since that account's administrators apply it.
 */
export function profileChoices(profiles: ProfileInfo[], own: string | undefined, target: ApplyTarget, resolved: ResolvedAccounts = {}): {options: SelectOption[]; proposed: string} {
	const ownName = own ?? ENVIRONMENT_PROFILE;
	const ordered = [...profiles.filter((p) => p.name === ownName), ...profiles.filter((p) => p.name !== ownName)];
	if (!ordered.some((p) => p.name === ownName)) ordered.unshift({name: ownName, kind: 'unknown'});
	const accountOfName = (profile: ProfileInfo): string | undefined => {
		const answer = resolved[profile.name];
		return accountOfProfile(profile) ?? (typeof answer === 'object' && 'account' in answer ? answer.account : undefined);
	};
	const options = ordered.map((profile) => {
		const account = accountOfName(profile);
		const answer = resolved[profile.name];
		const accountHint = account
			? `account ${account}${account === target.account ? ' (owns it)' : ''}`
			: answer === 'asking'
				? 'account: asking…'
				: typeof answer === 'object' && 'problem' in answer
					? `account unknown: ${answer.problem}`
					: profile.mfaSerial
						? 'account known after its MFA code'
						: '';
		const hints = [profile.name === ownName ? 'used for the checks' : profile.kind, accountHint, profile.region ?? ''].filter(Boolean);
		return {value: profile.name, label: profile.name, hint: hints.join(' · ')};
	});
	// From the configuration first, then the own identity's account: known before any question.
	const owner = ordered.find((p) => accountOfProfile(p) === target.account) ?? ordered.find((p) => p.name === ownName && accountOfName(p) === target.account);
	return {options, proposed: owner?.name ?? ownName};
}

export interface ProfileQuestionProps {
	profiles: ProfileInfo[];
	own: string | undefined;
	/** The account the checks' credentials reach (the own profile's). */
	ownAccount?: string;
	target: ApplyTarget;
	/** Asks AWS which account a profile reaches (GetCallerIdentity with it). */
	resolveAccount?: (profile: string) => Promise<{account: string} | {problem: string}>;
	onPick: (profile: string) => void;
	onCancel: () => void;
	isActive: boolean;
}

export function ProfileQuestion({profiles, own, ownAccount, target, resolveAccount, onPick, onCancel, isActive}: ProfileQuestionProps) {
	const ownName = own ?? ENVIRONMENT_PROFILE;
	const [resolved, setResolved] = useState<ResolvedAccounts>(() => (ownAccount ? {[ownName]: {account: ownAccount}} : {}));
	const asked = useRef(new Set<string>(ownAccount ? [ownName] : []));
	const {options, proposed} = profileChoices(profiles, own, target, resolved);
	// The first proposal stays where the cursor starts; answers only add hints.
	const [start] = useState(proposed);
	const onHighlight = useCallback(
		(name: string) => {
			const profile = profiles.find((p) => p.name === name);
			// Asking an MFA profile would stop for a code: its account waits until it is used.
			if (!resolveAccount || !profile || asked.current.has(name) || accountOfProfile(profile) || profile.mfaSerial) return;
			asked.current.add(name);
			setResolved((r) => ({...r, [name]: 'asking'}));
			void resolveAccount(name).then((answer) => setResolved((r) => ({...r, [name]: answer})));
		},
		[profiles, resolveAccount],
	);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>Apply with which profile?</Text>
				<Text dimColor> One allowed to change it in account {target.account}.</Text>
			</Text>
			<SelectList options={options} defaultValue={start} onSubmit={onPick} onBack={onCancel} rows={5} isActive={isActive} onHighlight={onHighlight} />
			<Text dimColor>Nothing changes yet: the current policy is read first and shown.</Text>
			<Text dimColor>↑↓ choose · Enter reads the current policy · Esc cancels</Text>
		</Box>
	);
}

export interface ApplyConfirmProps {
	snippet: Snippet;
	basis: SnippetBasis;
	/** The policy changed after it was first read: this diff is against the policy now in place. */
	changed: boolean;
	target: ApplyTarget;
	profile: string;
	scroll: number;
	rows: number;
	dispatch: (action: PoliciesAction) => void;
	onAnswer: (yes: boolean) => void;
	isActive: boolean;
}

/** The exact change, the target and the profile, then "Apply …? (y/N)" with No as the default. */
export function ApplyConfirm({snippet, basis, changed, target, profile, scroll, rows, dispatch, onAnswer, isActive}: ApplyConfirmProps) {
	const lines = diffLines(wrapLines((snippet.diff ?? '').split('\n'), WIDTH - 2));
	const max = maxScroll(lines.length, rows);
	useInput(
		(_input, key) => {
			// Ctrl-C belongs to the app (it stops or quits), never to a letter binding here.
			if (key.ctrl) return;
			const scrolled = scrollAction(key, rows, max);
			if (scrolled) dispatch(scrolled);
		},
		{isActive},
	);
	const what = basis === 'new' ? `There is no ${policyNoun(snippet.id)} now; this is the whole new one:` : `Changes to the ${policyNoun(snippet.id)} read just now (+ added, - removed):`;
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				Apply: {truncateMiddle(snippet.title, WIDTH - 8)}
			</Text>
			<Text wrap="truncate-end">
				<Text dimColor>Target  </Text>
				{truncateMiddle(targetText(target), WIDTH - 8)}
			</Text>
			<Text wrap="truncate-end">
				<Text dimColor>Profile </Text>
				{profile}
				<Text dimColor> · {basisText(snippet.id, basis)}</Text>
			</Text>
			{changed ? (
				<Text color="yellow" wrap="truncate-end">
					{symbols.warning} Someone changed it since it was read: nothing was written. The change against it now:
				</Text>
			) : (
				<Text dimColor wrap="truncate-end">
					{what}
				</Text>
			)}
			<ScrollWindow lines={lines} scroll={Math.min(scroll, max)} rows={rows} />
			{snippet.notes.slice(0, 2).map((note) => (
				<Text key={note} color="yellow" wrap="truncate-end">
					{symbols.warning} {note}
				</Text>
			))}
			<YesNoQuestion question={`Apply this policy to ${shortTarget(target)}?`} onAnswer={onAnswer} isActive={isActive} />
			<Text dimColor>↑↓ PgUp PgDn scroll · y applies it · n, Enter or Esc cancels</Text>
		</Box>
	);
}

export function Applied({snippet, target, profile, onRecheck, onBack, isActive}: {snippet: Snippet; target: ApplyTarget; profile: string; onRecheck: () => void; onBack: () => void; isActive: boolean}) {
	useInput(
		(input, key) => {
			if (key.ctrl) return;
			if (key.return || input === 'r') onRecheck();
			else if (key.escape) onBack();
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			{wrapText(`${symbols.passed} Applied the ${policyNoun(snippet.id)} to ${shortTarget(target)} with profile ${profile}.`, WIDTH).map((line, i) => (
				<Text key={i} color="green">
					{line}
				</Text>
			))}
			<Text>
				<Text bold>Enter</Text> runs the checks again to confirm · <Text bold>Esc</Text> back to the policy
			</Text>
		</Box>
	);
}

/** What is known about the policy after a failure. */
export function failureHint(stage: 'read' | 'apply', problem: Problem): string {
	if (stage === 'read') return 'Nothing was changed: a policy that cannot be read is not replaced blindly. Try another profile, or save the file for the owner.';
	if (problem.code === 'NetworkError') return 'No answer came, so the change may or may not have been made: run the checks again to see.';
	return 'AWS refused the change, so the policy is as it was.';
}

export function ApplyFailed({stage, problem, onBack, isActive}: {stage: 'read' | 'apply'; problem: Problem; onBack: () => void; isActive: boolean}) {
	useInput(
		(_input, key) => {
			if (key.ctrl) return;
			if (key.escape || key.return) onBack();
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			<ProblemView problem={problem} hint={failureHint(stage, problem)} />
			<Text dimColor>Enter or Esc goes back to the policy.</Text>
		</Box>
	);
}
