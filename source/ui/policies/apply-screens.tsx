import {useEffect, useRef, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {ProblemView, problemLines} from '../problem-view.js';
import {SelectList} from '../widgets/select-list.js';
import type {SelectOption} from '../widgets/select-state.js';
import {symbols} from '../theme.js';
import {accountOf} from '../../core/arn.js';
import {ENVIRONMENT_PROFILE} from '../../core/wizard/fields.js';
import {profilesToAsk} from '../../core/wizard/completion.js';
import type {ApplyTarget, SnippetBasis} from '../../core/policy/delivery.js';
import type {Snippet} from '../../core/policy/generate.js';
import type {ProfileInfo} from '../../core/ports.js';
import type {Problem} from '../../core/wizard/state.js';
import {basisText, policyNoun, shortTarget, targetText} from './describe.js';
import {scrollAction} from './policy-detail.js';
import type {PoliciesAction} from './policies-state.js';
import {YesNoQuestion, yesNoLines} from './questions.js';
import {diffLines, maxScroll, ScrollWindow, type ShownLine} from '../scroll-window.js';
import {Lines} from '../lines.js';
import {BodyRows, useRoom} from '../screen-size.js';
import {labelledLines, rowsOf, wrapWords} from '../text-layout.js';

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
	// From the configuration first, then the own identity's account, then the accounts asked.
	const owner = ordered.find((p) => accountOfProfile(p) === target.account) ?? ordered.find((p) => accountOfName(p) === target.account);
	return {options, proposed: owner?.name ?? ownName};
}

const PROFILE_KEYS = '↑↓ choose · Enter reads the current policy · Esc cancels';
const PROFILE_NOTE = 'Nothing changes yet: the current policy is read first and shown.';
/** Profiles shown at once. */
const PROFILE_ROWS = 5;

function profileHead(account: string, columns: number): string[] {
	return wrapWords(`Apply with which profile? One allowed to change it in account ${account}.`, columns);
}

/** Lines the profile question takes (its list at most PROFILE_ROWS, with ▲ / ▼ lines beyond). */
export function profileQuestionRows(profiles: number, columns: number): number {
	return profileHead('123456789012', columns).length + Math.min(profiles, PROFILE_ROWS) + (profiles > PROFILE_ROWS ? 2 : 0) + wrapWords(PROFILE_NOTE, columns).length + wrapWords(PROFILE_KEYS, columns).length;
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

/**
 * Every profile's account, asked at once as the verify picker does (profilesToAsk), so that a
 * picker can start on the target account's profile once it is known (re-key the list on it).
 */
export function useProfileAccounts(profiles: ProfileInfo[], own: string | undefined, ownAccount: string | undefined, resolveAccount?: (profile: string) => Promise<{account: string} | {problem: string}>): ResolvedAccounts {
	const ownName = own ?? ENVIRONMENT_PROFILE;
	const [resolved, setResolved] = useState<ResolvedAccounts>(() => (ownAccount ? {[ownName]: {account: ownAccount}} : {}));
	const asked = useRef(new Set<string>(ownAccount ? [ownName] : []));
	useEffect(() => {
		if (!resolveAccount) return;
		for (const name of profilesToAsk(profiles, ownName, (n) => asked.current.has(n))) {
			asked.current.add(name);
			setResolved((r) => ({...r, [name]: 'asking'}));
			void resolveAccount(name).then((answer) => setResolved((r) => ({...r, [name]: answer})));
		}
	}, [profiles, ownName, resolveAccount]);
	return resolved;
}

export function ProfileQuestion({profiles, own, ownAccount, target, resolveAccount, onPick, onCancel, isActive}: ProfileQuestionProps) {
	const {columns} = useRoom();
	const resolved = useProfileAccounts(profiles, own, ownAccount, resolveAccount);
	const {options, proposed} = profileChoices(profiles, own, target, resolved);
	return (
		<Box flexDirection="column">
			<Text bold>{profileHead(target.account, columns).join('\n')}</Text>
			<BodyRows.Provider value={{columns, rows: PROFILE_ROWS + 2}}>
				<SelectList key={proposed} options={options} defaultValue={proposed} onSubmit={onPick} onBack={onCancel} rows={PROFILE_ROWS} isActive={isActive} />
			</BodyRows.Provider>
			<Text dimColor>{wrapWords(PROFILE_NOTE, columns).join('\n')}</Text>
			<Text dimColor>{wrapWords(PROFILE_KEYS, columns).join('\n')}</Text>
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
	dispatch: (action: PoliciesAction) => void;
	onAnswer: (yes: boolean) => void;
	isActive: boolean;
}

const CONFIRM_KEYS = '↑↓ PgUp PgDn scroll · y applies it · n, Enter or Esc cancels';

/** The exact change, the target and the profile, then "Apply …? (y/N)" with No as the default. */
export function ApplyConfirm({snippet, basis, changed, target, profile, scroll, dispatch, onAnswer, isActive}: ApplyConfirmProps) {
	const {columns, rows: room} = useRoom();
	const lines = diffLines((snippet.diff ?? '').split('\n'));
	const what = basis === 'new' ? `There is no ${policyNoun(snippet.id)} now; this is the whole new one:` : `Changes to the ${policyNoun(snippet.id)} read just now (+ added, - removed):`;
	const title = wrapWords(`Apply: ${snippet.title}`, columns, {indent: '  '});
	const targetLines = labelledLines('Target', targetText(target), columns, 7);
	const profileLines = labelledLines('Profile', `${profile} · ${basisText(snippet.id, basis)}`, columns, 7);
	const whatLines = wrapWords(changed ? `${symbols.warning} Someone changed it since it was read: nothing was written. The change against it now:` : what, columns);
	const notes = snippet.notes.slice(0, 2).flatMap((note) => wrapWords(`${symbols.warning} ${note}`, columns, {indent: '  '}));
	const question = `Apply this policy to ${shortTarget(target)}?`;
	const keys = wrapWords(CONFIRM_KEYS, columns);
	const fixed = title.length + rowsOf(targetLines, columns) + profileLines.length + whatLines.length + notes.length + yesNoLines(question, columns).length + keys.length + 1;
	const rows = Math.max(3, room - fixed);
	const max = maxScroll(lines, rows, columns);
	useInput(
		(_input, key) => {
			// Ctrl-C belongs to the app (it stops or quits), never to a letter binding here.
			if (key.ctrl) return;
			const scrolled = scrollAction(key, rows, max);
			if (scrolled) dispatch(scrolled);
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			<Text bold>{title.join('\n')}</Text>
			<Lines lines={targetLines} />
			<Text>{profileLines.join('\n')}</Text>
			<Text color={changed ? 'yellow' : undefined} dimColor={!changed}>
				{whatLines.join('\n')}
			</Text>
			<ScrollWindow lines={lines} scroll={Math.min(scroll, max)} rows={rows} />
			{notes.length ? <Text color="yellow">{notes.join('\n')}</Text> : null}
			<YesNoQuestion question={question} onAnswer={onAnswer} isActive={isActive} />
			<Text dimColor>{keys.join('\n')}</Text>
		</Box>
	);
}

function appliedText(prompt: {snippet: Snippet; profile: string}, target: ApplyTarget | undefined): string {
	return `${symbols.passed} Applied the ${policyNoun(prompt.snippet.id)}${target ? ` to ${shortTarget(target)}` : ''} with profile ${prompt.profile}.`;
}
const APPLIED_KEYS = 'Enter runs the checks again to confirm · Esc back to the policy';

export function appliedRows(prompt: {snippet: Snippet; profile: string}, columns: number): number {
	// The target's name is not known here: a long one is counted as a line more.
	return wrapWords(appliedText(prompt, undefined), columns).length + 1 + wrapWords(APPLIED_KEYS, columns).length;
}

export function Applied({snippet, target, profile, onRecheck, onBack, isActive}: {snippet: Snippet; target: ApplyTarget; profile: string; onRecheck: () => void; onBack: () => void; isActive: boolean}) {
	const {columns} = useRoom();
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
			<Lines lines={wrapWords(appliedText({snippet, profile}, target), columns)} color="green" />
			<Text>{wrapWords(APPLIED_KEYS, columns).join('\n')}</Text>
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
	const {columns, rows: room} = useRoom();
	const [scroll, setScroll] = useState(0);
	const parts = problemLines(problem, columns, failureHint(stage, problem));
	const lines: ShownLine[] = [
		...parts.title.map((text) => ({text, color: 'red'})),
		...[...parts.cause, ...parts.fix].map((text) => ({text})),
		...parts.command.map((text) => ({text, color: 'cyan'})),
		...parts.hint.map((text) => ({text, dim: true})),
	];
	// Longer than the room: a window, scrolled with the arrows (Enter and Esc go back).
	const windowed = rowsOf(lines.map((l) => l.text), columns) > room - 1;
	const rows = Math.max(3, room - 2);
	const max = maxScroll(lines, rows, columns);
	useInput(
		(_input, key) => {
			if (key.ctrl) return;
			if (key.escape || key.return) onBack();
			else if (windowed) {
				const scrolled = scrollAction(key, rows, max);
				if (scrolled?.type === 'scroll') setScroll((s) => Math.max(0, Math.min(max, s + scrolled.by)));
			}
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			{windowed ? <ScrollWindow lines={lines} scroll={scroll} rows={rows} /> : <ProblemView problem={problem} hint={failureHint(stage, problem)} />}
			<Text dimColor>{windowed ? '↑↓ scroll · Enter or Esc back to the policy' : 'Enter or Esc goes back to the policy.'}</Text>
		</Box>
	);
}
