import os from 'node:os';
import React, {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {Box, Text, useInput, useStdout} from 'ink';
import {
	applyTarget,
	basisOf,
	DEFAULT_SAVE_DIR,
	notApplicableReason,
	offeredSnippets,
	rebuildOverCurrent,
	resolveSaveDir,
	snippetInputFrom,
} from '../core/policy/delivery.js';
import type {Snippet, SnippetId, SnippetInput} from '../core/policy/generate.js';
import type {WizardController} from '../core/wizard/controller.js';
import type {Problem, WizardState} from '../core/wizard/state.js';
import {refusedApplyProblem} from '../core/policy/apply-refusal.js';
import {fileNameIn} from '../core/policy/policy-as-code.js';
import {renderContextOf, renderedSnippet} from '../core/policy/render-policy.js';
import {Applied, appliedRows, ApplyConfirm, ApplyFailed, failureHint, ProfileQuestion, profileQuestionRows} from './policies/apply-screens.js';
import {processClipboard, type CopyOutcome} from './policies/clipboard.js';
import {policyNoun} from './policies/describe.js';
import {initialPoliciesState, policiesReducer, type Message, type Prompt, type SaveScope} from './policies/policies-state.js';
import {MessageLine, messageLines, PolicyDetail} from './policies/policy-detail.js';
import {problemRows} from './problem-view.js';
import {useRoom} from './screen-size.js';
import {wrapWords} from './text-layout.js';
import {entryOf, type PolicyEntry} from './policies/policy-entry.js';
import {PolicyList} from './policies/policy-list.js';
import {FolderQuestion, YesNoQuestion} from './policies/questions.js';
import {existingFiles, saveSnippets, type SaveOutcome} from './policies/save-snippets.js';
import {useLiveValidation} from './policies/use-live-validation.js';
import {SpinnerLine} from './spinner-line.js';

/** What the screen asks of the controller (a plain object in tests). */
export type PolicyController = Pick<WizardController, 'readCallerInlinePolicy' | 'readCurrentPolicy' | 'applySnippet' | 'dispatch'> & Partial<Pick<WizardController, 'validateSnippets' | 'profileAccount'>>;

export interface PoliciesViewProps {
	state: WizardState;
	controller: PolicyController;
	onDone: () => void;
	/** Clipboard writer; defaults to OSC 52 on this terminal or the platform's command. */
	copy?: (text: string) => Promise<CopyOutcome>;
	/** Folder relative save paths start from (default: the working directory). */
	cwd?: string;
}

/** Lines a question below the open snippet takes (in place of the line of keys). */
function promptLines(prompt: Prompt, profiles: number, columns: number): number {
	switch (prompt.kind) {
		case 'save-dir':
			return 2;
		case 'save-overwrite':
			return wrapWords(`${prompt.existing.length === 1 ? `${prompt.existing[0]} exists: overwrite?` : `${prompt.existing.length} of these files exist in ${prompt.dir}: overwrite them?`} (y/N)`, columns).length;
		case 'apply-profile':
			return profileQuestionRows(profiles, columns);
		case 'applied':
			return appliedRows(prompt, columns);
		case 'apply-failed':
			return problemRows(prompt.problem, columns, failureHint(prompt.stage, prompt.problem)) + 1;
		default:
			return 1;
	}
}

function savedMessage(outcome: SaveOutcome, dir: string): Message {
	if (outcome.error) return {tone: 'error', text: outcome.written.length ? `${outcome.error} Written before that: ${outcome.written.join(', ')}` : outcome.error};
	const kept = outcome.skipped.length ? ` Kept the existing ${outcome.skipped.map((p) => p.slice(dir.length + 1)).join(', ')}.` : '';
	if (outcome.written.length === 0) return {tone: 'info', text: `Nothing saved.${kept}`};
	if (outcome.written.length === 1) return {tone: 'success', text: `Saved ${outcome.written[0]}.${kept}`};
	return {tone: 'success', text: `Saved ${outcome.written.length} files in ${dir}: ${outcome.written.map((p) => p.slice(dir.length + 1)).join(', ')}.${kept}`};
}

type CallerInline = {status: 'reading'} | {status: 'read'; text: string | null} | {status: 'unread'};

/** Reads the caller's inline policy with the checks' session; 'unread' when it cannot be. */
function useCallerInlinePolicy(controller: PolicyController, input: Omit<SnippetInput, 'only'> | undefined): CallerInline {
	const [read, setRead] = useState<CallerInline>({status: 'unread'});
	// biome-ignore lint/correctness/useExhaustiveDependencies: the caller (its ARN) decides what is read, not each new input object
	useEffect(() => {
		if (!input) {
			setRead({status: 'unread'});
			return;
		}
		let current = true;
		setRead({status: 'reading'});
		void controller.readCallerInlinePolicy(input).then(
			(text) => {
				if (current) setRead(text === undefined ? {status: 'unread'} : {status: 'read', text});
			},
			() => {
				if (current) setRead({status: 'unread'});
			},
		);
		return () => {
			current = false;
		};
		// The caller (its ARN) decides what is read, not each new input object.
	}, [controller, input?.callerArn]);
	return read;
}

export function PoliciesView({state, controller, onDone, copy, cwd}: PoliciesViewProps) {
	const [ui, dispatch] = useReducer(policiesReducer, initialPoliciesState);
	const [saveDir, setSaveDir] = useState(DEFAULT_SAVE_DIR);
	const {stdout} = useStdout();
	const mounted = useRef(true);
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[],
	);
	const later = (action: Parameters<typeof dispatch>[0]) => {
		if (mounted.current) dispatch(action);
	};

	const plan = state.phase.kind === 'policies' ? state.phase.plan : undefined;
	const report = state.checks?.report;
	const results = state.checks?.results ?? [];
	const identity = state.loaded.identity.status === 'ready' ? state.loaded.identity.value : undefined;
	const checked = useMemo(() => (plan ? snippetInputFrom(plan, report, identity) : undefined), [plan, report, identity]);
	// The caller's current inline policy, read once the screen opens (as the policies command
	// does), so that its snippet is merged into it rather than holding only the new statements.
	const callerInline = useCallerInlinePolicy(controller, checked);
	const input = useMemo(
		() => (checked && callerInline.status === 'read' ? {...checked, existing: {...checked.existing, inlinePolicy: callerInline.text}} : checked),
		[checked, callerInline],
	);

	const {all, shown} = useMemo(
		() => (input ? offeredSnippets(input, results, ui.showAll) : {all: [] as Snippet[], shown: [] as Snippet[]}),
		[input, results, ui.showAll],
	);
	// Applied from this screen, and with which profile: the list says so instead of the basis.
	const [appliedBy, setAppliedBy] = useState<Partial<Record<SnippetId, string>>>({});
	const entries: PolicyEntry[] = useMemo(
		() => (input ? shown.map((s) => ({...entryOf(s, s.id === 'caller-identity-policy' && callerInline.status === 'reading' ? 'reading' : basisOf(input, s.id)), appliedBy: appliedBy[s.id]})) : []),
		[shown, input, callerInline, appliedBy],
	);
	const open = entries.find((e) => e.snippet.id === ui.open);
	// Asked once per document shown, with the session the checks used.
	const validate = useMemo(() => (controller.validateSnippets ? (snippets: Snippet[]) => controller.validateSnippets!(snippets) : undefined), [controller]);
	const liveOf = useLiveValidation(validate, shown);
	const room = useRoom();
	const profiles = state.loaded.profiles.status === 'ready' ? state.loaded.profiles.value : [];
	const active = !state.mfa;
	const prompt = ui.prompt;
	const setPrompt = (next: Prompt, message?: Message) => later({type: 'prompt', prompt: next, message});
	// Copy and save use the format shown (f switches it); apply always writes the JSON document.
	const renderContext = useMemo(() => (plan ? renderContextOf(plan.tableArn, shown) : undefined), [plan, shown]);
	const fileOf = (snippet: Snippet) => renderedSnippet(ui.format, snippet, renderContext!);

	if (!plan || !input) {
		return (
			<Box flexDirection="column">
				<Text>
					No policy can be written yet: {plan ? 'who runs the export is not known (the credentials check did not finish).' : 'there is no export plan.'}
				</Text>
				<Text dimColor>Run the checks again, then come back here. Esc goes back.</Text>
				<EscapeOnly onEscape={onDone} isActive={active} />
			</Box>
		);
	}

	// Save: the open snippet, or every one shown on the list.
	const saveTargets = (scope: SaveScope): Snippet[] => (scope === 'one' && open ? [open.snippet] : shown);
	const startSave = (scope: SaveScope) => setPrompt({kind: 'save-dir', scope});
	const chooseFolder = (scope: SaveScope, typed: string) => {
		setSaveDir(typed.trim() || DEFAULT_SAVE_DIR);
		const dir = resolveSaveDir(typed, cwd ?? process.cwd(), os.homedir());
		const targets = saveTargets(scope);
		const existing = existingFiles(dir, targets, fileOf);
		if (existing.length > 0) {
			setPrompt({kind: 'save-overwrite', scope, dir, existing});
			return;
		}
		setPrompt({kind: 'none'}, savedMessage(saveSnippets(dir, targets, false, fileOf), dir));
	};
	const answerOverwrite = (scope: SaveScope, dir: string, yes: boolean) => {
		const outcome = saveSnippets(dir, saveTargets(scope), yes, fileOf);
		setPrompt({kind: 'none'}, yes || outcome.written.length > 0 ? savedMessage(outcome, dir) : {tone: 'info', text: 'Not saved: the existing file is left as it was.'});
	};

	const doCopy = (entry: PolicyEntry) => {
		const writer = copy ?? processClipboard(stdout);
		void writer(fileOf(entry.snippet).text).then((outcome) =>
			later({type: 'message', message: {tone: outcome.result === 'copied' ? 'success' : outcome.result === 'failed' ? 'error' : 'info', text: outcome.message}}),
		);
	};

	/** A refusal says whose profile may apply it (the key's administrators by name), never to grant oneself the change. */
	const refused = (snippet: Snippet, profile: string, problem: Problem): Problem => {
		const target = applyTarget(snippet, plan);
		return target ? refusedApplyProblem(problem, target, profile, state.checks?.report?.keyPolicy) : problem;
	};
	const startApply = (entry: PolicyEntry) => {
		if (!applyTarget(entry.snippet, plan)) {
			later({type: 'message', message: {tone: 'error', text: `Cannot apply from here: ${notApplicableReason(entry.snippet)}`}});
			return;
		}
		setPrompt({kind: 'apply-profile'});
	};
	/** The snippet rebuilt over `current` (read just now), to confirm; `changed`: it differs from the first read. */
	const confirmOver = (id: SnippetId, profile: string, current: string | null, changed: boolean) => {
		const rebuilt = rebuildOverCurrent(input, shown.map((s) => s.id), id, current);
		if (!rebuilt) {
			setPrompt({kind: 'none'}, {tone: 'error', text: 'This policy could not be rebuilt over the current one.'});
			return;
		}
		if (!rebuilt.snippet.diff) {
			const noun = policyNoun(id);
			setPrompt({kind: 'none'}, {tone: 'success', text: `${changed ? `The ${noun} was changed meanwhile and now` : `The current ${noun}`} already grants this: nothing to apply.`});
			return;
		}
		setPrompt({kind: 'apply-confirm', profile, snippet: rebuilt.snippet, basis: rebuilt.basis, basedOn: current, changed});
	};
	const pickProfile = (entry: PolicyEntry, profile: string) => {
		setPrompt({kind: 'apply-reading', profile});
		void controller.readCurrentPolicy(entry.snippet, profile).then((read) => {
			if (!read.ok) {
				const problem = refused(entry.snippet, profile, read.problem);
				setPrompt({kind: 'apply-failed', stage: 'read', profile, problem: {...problem, title: `Could not read the current ${policyNoun(entry.snippet.id)}: ${problem.title}`}});
				return;
			}
			confirmOver(entry.snippet.id, profile, read.text, false);
		});
	};
	const confirmApply = (profile: string, snippet: Snippet, basedOn: string | null, yes: boolean) => {
		if (!yes) {
			setPrompt({kind: 'none'}, {tone: 'info', text: 'Not applied: nothing was changed.'});
			return;
		}
		setPrompt({kind: 'applying', profile, snippet});
		// The policy is read again first: a change made meanwhile is shown and asked about again, never overwritten.
		void controller.applySnippet(snippet, profile, basedOn).then((result) => {
			if (result.ok) {
				setAppliedBy((applied) => ({...applied, [snippet.id]: profile}));
				setPrompt({kind: 'applied', profile, snippet});
			}
			else if ('changed' in result) confirmOver(snippet.id, profile, result.changed.current, true);
			else setPrompt({kind: 'apply-failed', stage: 'apply', profile, problem: refused(snippet, profile, result.problem)});
		});
	};
	const recheck = () => {
		onDone();
		controller.dispatch({type: 'checks-choice', choice: 'recheck'});
	};

	const saveQuestion =
		prompt.kind === 'save-dir' ? (
			<FolderQuestion
				what={prompt.scope === 'one' && open ? fileNameIn(ui.format, open.snippet.fileName) : `${shown.length} file${shown.length === 1 ? '' : 's'}`}
				initialValue={saveDir}
				onSubmit={(typed) => chooseFolder(prompt.scope, typed)}
				onCancel={() => setPrompt({kind: 'none'})}
				isActive={active}
			/>
		) : prompt.kind === 'save-overwrite' ? (
			<YesNoQuestion
				question={
					prompt.existing.length === 1
						? `${prompt.existing[0]} exists: overwrite?`
						: `${prompt.existing.length} of these files exist in ${prompt.dir}: overwrite them?`
				}
				onAnswer={(yes) => answerOverwrite(prompt.scope, prompt.dir, yes)}
				isActive={active}
			/>
		) : null;

	if (!open) {
		return (
			<Box flexDirection="column">
				<PolicyList
					entries={entries}
					total={all.length}
					ui={ui}
					dispatch={dispatch}
					onSaveShown={() => startSave('shown')}
					onDone={onDone}
					isActive={active && prompt.kind === 'none'}
					below={(saveQuestion ? promptLines(prompt, 0, room.columns) : 0) + messageLines(ui.message, room.columns).length}
				/>
				{saveQuestion}
				<MessageLine message={ui.message} />
			</Box>
		);
	}

	const target = applyTarget(open.snippet, plan);
	const live = liveOf(open.snippet);
	const spinnerText =
		prompt.kind === 'apply-reading'
			? `Reading the current ${policyNoun(open.snippet.id)} with profile ${prompt.profile}…`
			: prompt.kind === 'applying'
				? `Applying the ${policyNoun(open.snippet.id)} with profile ${prompt.profile}…`
				: undefined;
	const belowRows = spinnerText ? wrapWords(`  ${spinnerText}`, room.columns).length : promptLines(prompt, profiles.length + 1, room.columns);
	if (target && prompt.kind === 'apply-confirm') {
		return (
			<ApplyConfirm
				snippet={prompt.snippet}
				basis={prompt.basis}
				changed={prompt.changed ?? false}
				target={target}
				profile={prompt.profile}
				scroll={ui.scroll}
				dispatch={dispatch}
				onAnswer={(yes) => confirmApply(prompt.profile, prompt.snippet, prompt.basedOn, yes)}
				isActive={active}
			/>
		);
	}

	let below: React.ReactNode = saveQuestion;
	if (target && prompt.kind === 'apply-profile') {
		below = (
			<ProfileQuestion
				profiles={profiles}
				own={state.draft.profile}
				ownAccount={state.loaded.identity.status === 'ready' ? state.loaded.identity.value.account : undefined}
				resolveAccount={controller.profileAccount?.bind(controller)}
				target={target}
				onPick={(profile) => pickProfile(open, profile)}
				onCancel={() => setPrompt({kind: 'none'})}
				isActive={active}
			/>
		);
	} else if (spinnerText) {
		below = <SpinnerLine>{spinnerText}</SpinnerLine>;
	} else if (target && prompt.kind === 'applied') {
		below = (
			<Applied
				snippet={prompt.snippet}
				target={target}
				profile={prompt.profile}
				onRecheck={recheck}
				onBack={() => setPrompt({kind: 'none'}, {tone: 'success', text: `Applied with profile ${prompt.profile}. Run the checks again to confirm.`})}
				isActive={active}
			/>
		);
	} else if (prompt.kind === 'apply-failed') {
		below = <ApplyFailed stage={prompt.stage} problem={prompt.problem} onBack={() => setPrompt({kind: 'none'})} isActive={active} />;
	}

	return (
		<PolicyDetail
			entry={live?.status === 'done' ? {...open, live: live.validation} : open}
			live={live}
			ui={ui}
			dispatch={dispatch}
			belowRows={belowRows}
			onCopy={() => doCopy(open)}
			onSave={() => startSave('one')}
			onApply={() => startApply(open)}
			code={ui.format === 'json' ? undefined : fileOf(open.snippet).text}
			isActive={active && prompt.kind === 'none'}
		>
			{below}
		</PolicyDetail>
	);
}

function EscapeOnly({onEscape, isActive}: {onEscape: () => void; isActive: boolean}) {
	useInput(
		(_input, key) => {
			if (key.escape || key.return) onEscape();
		},
		{isActive},
	);
	return null;
}
