import {chainProgressText} from '../core/incremental/chain-words.js';
import React, {useEffect, useState, useSyncExternalStore} from 'react';
import {Box, Text, useInput} from 'ink';
import {ChoiceField} from './fields/choice-field.js';
import {BucketField, KeyField, ProfileField, TableField} from './fields/list-fields.js';
import {TextQuestion} from './fields/text-fields.js';
import {isChoiceField, isTextField, questionFor} from '../core/wizard/field-options.js';
import {ReviewView} from './review-view.js';
import {BatchReview} from './batch-review-view.js';
import {useNow} from './use-now.js';
import {makingBatch} from '../core/wizard/batch-draft.js';
import {batchPlanLine} from '../core/wizard/batch-progress.js';
import {MfaPrompt} from './mfa-prompt.js';
import {SpinnerLine} from './spinner-line.js';
import {symbols} from './theme.js';
import {OwnKeysHint} from './keys-hint.js';
import {QuestionKeys, useTypeAheadKeys} from './widgets/use-keys.js';
import {BodyRows, useScreenSize, type Room} from './screen-size.js';
import {rowsOf, wrapWords} from './text-layout.js';
import {ALL_STEP_TITLES, ALL_STEPS, currentStep, planLine, stepSummaries} from '../core/wizard/summary.js';
import type {WizardController} from '../core/wizard/controller.js';
import type {WizardEvent, WizardState} from '../core/wizard/state.js';

// The views after the review (checks, policies, export) and what they pull in (the policy
// generator, its lists of known actions, the export diagnosis) are loaded after the first
// frame rather than before it (README, Performance). The Ink face preloads them while the
// person answers the first questions; if they are not there yet, a line says so briefly.
interface PhaseViews {
	ChecksView: typeof import('./checks-view.js').ChecksView;
	ExportView: typeof import('./export-view.js').ExportView;
	PoliciesView: typeof import('./policies-view.js').PoliciesView;
	BatchChecksView: typeof import('./batch-checks-view.js').BatchChecksView;
	BatchWatchView: typeof import('./batch-watch-view.js').BatchWatchView;
}
let phaseViews: PhaseViews | undefined;
let phaseViewsLoading: Promise<PhaseViews> | undefined;

/** Loads the checks, policies and export views (once; later calls share the load). */
export function preloadPhaseViews(): Promise<PhaseViews> {
	phaseViewsLoading ??= Promise.all([import('./checks-view.js'), import('./export-view.js'), import('./policies-view.js'), import('./batch-checks-view.js'), import('./batch-watch-view.js')]).then(
		([checks, exportView, policies, batchChecks, batchWatch]) =>
			(phaseViews = {
				ChecksView: checks.ChecksView,
				ExportView: exportView.ExportView,
				PoliciesView: policies.PoliciesView,
				BatchChecksView: batchChecks.BatchChecksView,
				BatchWatchView: batchWatch.BatchWatchView,
			}),
		(error: unknown) => {
			phaseViewsLoading = undefined;
			throw error;
		},
	);
	return phaseViewsLoading;
}

/** The phase views once loaded (`needed` starts the load and re-renders when it is done). */
function usePhaseViews(needed: boolean): {views?: PhaseViews; error?: string} {
	const [error, setError] = useState<string>();
	const [, setLoaded] = useState(false);
	useEffect(() => {
		if (!needed || phaseViews) return;
		let live = true;
		preloadPhaseViews().then(
			() => live && setLoaded(true),
			(failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
		);
		return () => {
			live = false;
		};
	}, [needed]);
	return {views: phaseViews, error};
}

/** The title line: always the first line, whatever the terminal's size. */
function titleOf(state: WizardState): {step?: string; title: string} {
	const step = currentStep(state);
	const index = (ALL_STEPS as readonly string[]).indexOf(step === 'policies' ? 'checks' : step);
	return {step: index >= 0 ? `step ${index + 1} of ${ALL_STEPS.length}` : undefined, title: ALL_STEP_TITLES[step] ?? ''};
}

function Header({state}: {state: WizardState}) {
	const {step, title} = titleOf(state);
	return (
		<Text>
			<Text bold color="cyan">ddb-export</Text>
			{step ? <Text dimColor> · {step}: </Text> : null}
			<Text bold>{title}</Text>
		</Text>
	);
}

/** Lines shown under the title: a retry in progress, then the answers so far or the plan. */
function contextLines(state: WizardState, columns: number): Array<{text: string; tone: 'retry' | 'plan' | 'step'; title?: string}> {
	const lines: Array<{text: string; tone: 'retry' | 'plan' | 'step'; title?: string}> = [];
	if (state.retrying) for (const text of wrapWords(state.retrying, columns)) lines.push({text, tone: 'retry'});
	const phase = state.phase;
	if (state.batch && (phase.kind === 'batch-checks' || phase.kind === 'batch-watch' || phase.kind === 'exit')) {
		for (const text of wrapWords(batchPlanLine(state.batch.plan), columns, {indent: '  '})) lines.push({text, tone: 'plan'});
		return lines;
	}
	const plan = phase.kind === 'checks' || phase.kind === 'policies' ? phase.plan : phase.kind === 'export' ? phase.run.plan : undefined;
	if (plan) {
		for (const text of wrapWords(planLine(plan), columns, {indent: '  '})) lines.push({text, tone: 'plan'});
		if (phase.kind === 'export' && phase.run.chain) for (const text of wrapWords(chainProgressText(phase.run.chain, phase.run.status === 'completed'), columns, {indent: '  '})) lines.push({text, tone: 'plan'});
		return lines;
	}
	if (phase.kind !== 'asking' || phase.field === 'review') return lines;
	for (const row of stepSummaries(state)) {
		const title = row.title.padEnd(11);
		// "✔ Destination " is 14 columns; the text wraps under itself.
		const indent = ' '.repeat(14);
		wrapWords(row.text, columns, {first: indent, indent}).forEach((text, i) => lines.push({text: i === 0 ? text.slice(indent.length) : text, tone: 'step', title: i === 0 ? title : undefined}));
	}
	return lines;
}

/** Finished steps while asking; on the review and after, the plan says it all. */
function Summaries({lines}: {lines: ReturnType<typeof contextLines>}) {
	if (lines.length === 0) return null;
	return (
		<Box flexDirection="column">
			{lines.map((line, i) =>
				line.tone === 'retry' ? (
					<Text key={i} color="yellow">{line.text}</Text>
				) : line.tone === 'plan' ? (
					<Text key={i} dimColor>{line.text}</Text>
				) : line.title ? (
					<Text key={i}>
						<Text color="green">{symbols.passed}</Text> <Text dimColor>{line.title}</Text> {line.text}
					</Text>
				) : (
					<Text key={i}>{line.text}</Text>
				),
			)}
		</Box>
	);
}

function Question({state, dispatch, room}: {state: WizardState; dispatch: (e: WizardEvent) => void; room: Room}) {
	const typeAhead = React.useContext(QuestionKeys);
	if (state.phase.kind !== 'asking') return null;
	const field = state.phase.field;
	const onAnswer = (value: string) => dispatch({type: 'answer', value});
	const onBack = () => dispatch({type: 'back'});
	const props = {state, dispatch, onAnswer, onBack};
	let body: React.ReactNode;
	if (isChoiceField(field)) body = <ChoiceField field={field} {...props} />;
	else if (isTextField(field)) body = <TextQuestion field={field} {...props} />;
	else if (field === 'profile') body = <ProfileField {...props} />;
	else if (field === 'table') body = <TableField {...props} />;
	else if (field === 'bucket') body = <BucketField {...props} />;
	else if (field === 'kmsKey') body = <KeyField {...props} />;
	else if (makingBatch(state)) body = <BatchReview state={state} dispatch={dispatch} />;
	else body = <ReviewView {...props} />;
	const question = wrapWords(questionFor(field, state), room.columns);
	const error = state.fieldError ? wrapWords(`${symbols.failed} ${state.fieldError}`, room.columns, {indent: '  '}) : [];
	const warning = state.fieldWarning?.field === field ? wrapWords(`${symbols.warning} ${state.fieldWarning.text}`, room.columns, {indent: '  '}) : [];
	const pending = state.pendingAnswer && state.loaded.table.status === 'loading' ? `Reading table ${state.pendingAnswer.value}…` : undefined;
	const bodyRoom = {columns: room.columns, rows: Math.max(3, room.rows - question.length - error.length - warning.length - (pending ? 1 : 0))};
	return (
		<Box flexDirection="column">
			<Text bold>{question.join('\n')}</Text>
			{/* Keyed by field so each question starts with fresh widget state. */}
			<BodyRows.Provider value={bodyRoom}>
				{/* Keys typed ahead go to the questions, never to the review (its Enter runs the checks). */}
				<QuestionKeys.Provider value={typeAhead && field !== 'review' ? {keys: typeAhead.keys, question: true, waiting: Boolean(pending), refused: error.length + warning.length > 0} : typeAhead}>
					<Box key={field} flexDirection="column">
						{body}
					</Box>
				</QuestionKeys.Provider>
			</BodyRows.Provider>
			{pending ? <SpinnerLine>{pending}</SpinnerLine> : null}
			{warning.length ? <Text color="yellow">{warning.join('\n')}</Text> : null}
			{error.length ? <Text color="red">{error.join('\n')}</Text> : null}
		</Box>
	);
}

/** The keys that do something right now, on the screen shown (the views with keys of their own say them). */
function keysHelp(state: WizardState): string | undefined {
	const phase = state.phase;
	if (state.mfa) return 'Enter sends the code · Ctrl-C quit';
	if (phase.kind === 'asking') {
		const field = phase.field;
		// Step 1's first question has nothing before it.
		const back = field === 'profile' ? '' : ' · Esc back';
		if (field === 'review' && makingBatch(state)) return `Enter check · ↑↓ scroll · c command · 1-5 change${back}`;
		if (field === 'review') return `↑↓ choose · Enter accept · 1-5 change a step${back}`;
		if (field === 'profile') return 'Space choose several (a batch) · Enter accept · Ctrl-C quit';
		// Space and Ctrl-A choose several tables (a batch).
		if (field === 'table') return `Space choose · Ctrl-A all shown · Enter accept${back}`;
		// A bucket of another account is typed, not chosen from a list.
		if (isTextField(field) || (field === 'bucket' && state.draft.destination === 'other-account')) return `Enter accept${back} · Ctrl-C quit`;
		return `↑↓ choose · Enter accept${back} · Ctrl-C quit`;
	}
	if (phase.kind === 'checks') return state.checks?.status === 'running' ? 'Ctrl-C stops the checks' : '↑↓ choose · Enter accept · d more · Esc back to the review';
	if (phase.kind === 'batch-checks') return state.batch?.checks.status === 'running' ? 'Ctrl-C stops the checks' : '↑↓ choose · Enter accept · d more · Esc back to the review';
	if (phase.kind === 'batch-watch') {
		if (state.batch?.run?.status === 'ended') return '↑↓ PgUp PgDn scroll · Enter quits';
		return '↑↓ scroll · Ctrl-C stops watching (the exports go on)';
	}
	if (phase.kind === 'export') {
		const status = phase.run.status;
		if (status === 'watching') return 'Ctrl-C stops watching (the export keeps running)';
		if (status === 'starting') return 'Ctrl-C cancels the start request';
		return '↑↓ choose · Enter accept · d more · Ctrl-C quit';
	}
	// The policies screen and its questions (save, apply) each say their own keys.
	if (phase.kind === 'policies') return undefined;
	return 'Enter accept · Esc back · Ctrl-C quit';
}

/** The footer's lines: a notice, else the keys (unless the view draws its own). */
function footerLines(state: WizardState, viewHasKeys: boolean, columns: number): {lines: string[]; notice: boolean} {
	if (state.notice) return {lines: wrapWords(state.notice, columns), notice: true};
	const help = viewHasKeys ? undefined : keysHelp(state);
	return {lines: help ? wrapWords(help, columns) : [], notice: false};
}

export function App({controller}: {controller: WizardController}) {
	const state = useSyncExternalStore(controller.subscribe, controller.getState);
	const {dispatch} = controller;
	const [viewHasKeys, setViewHasKeys] = useState(false);
	const size = useScreenSize();
	useInput((input, key) => {
		if (key.ctrl && input === 'c') dispatch({type: 'interrupt'});
	});
	const phase = state.phase;
	const typeAhead = useTypeAheadKeys();
	const asking = phase.kind === 'asking' && phase.field !== 'review' && !state.mfa;
	// Nothing typed ahead reaches a screen that is not a question (the review, checks, export…).
	useEffect(() => {
		if (!asking) typeAhead.close();
	}, [asking, typeAhead]);
	const {views, error} = usePhaseViews(phase.kind === 'checks' || phase.kind === 'policies' || phase.kind === 'export' || phase.kind === 'batch-checks' || phase.kind === 'batch-watch');
	const {ChecksView, ExportView, PoliciesView, BatchChecksView, BatchWatchView} = views ?? {};
	const batch = state.batch;
	const watching = phase.kind === 'batch-watch' && batch?.run?.status !== 'ended';
	const now = useNow(1000, watching);
	// Ctrl-C ended the wizard while the batch ran: its screen stays, the watch command last.
	const detached = phase.kind === 'exit' && batch?.run?.status === 'detached';
	const loading = error ? <Text color="red">{symbols.failed} Could not load this screen: {error}</Text> : <Text dimColor>Loading…</Text>;
	const context = contextLines(state, size.columns);
	const footer = phase.kind === 'exit' ? {lines: [], notice: false} : footerLines(state, viewHasKeys, size.columns);
	// Ink leaves the cursor on the row after the frame: the frame gets rows - 1. Then the
	// title, the lines under it, the blank line and the footer.
	const room: Room = {columns: size.columns, rows: Math.max(3, size.rows - 1 - 1 - rowsOf(context.map((l) => l.text), size.columns) - 1 - footer.lines.length)};
	return (
		<OwnKeysHint.Provider value={setViewHasKeys}>
			<QuestionKeys.Provider value={{keys: typeAhead, question: false}}>
			<BodyRows.Provider value={room}>
				<Box flexDirection="column">
					<Header state={state} />
					<Summaries lines={context} />
					<Box flexDirection="column" marginTop={1}>
						{state.mfa ? <MfaPrompt state={state} dispatch={dispatch} /> : null}
						{phase.kind === 'asking' && !state.mfa ? <Question state={state} dispatch={dispatch} room={room} /> : null}
						{phase.kind === 'checks' ? (
							ChecksView ? <ChecksView state={state} onChoice={(choice, owner) => dispatch({type: 'checks-choice', choice, owner})} onBack={() => dispatch({type: 'back'})} /> : loading
						) : null}
						{phase.kind === 'policies' ? (PoliciesView ? <PoliciesView state={state} controller={controller} onDone={() => dispatch({type: 'policies-done'})} /> : loading) : null}
						{phase.kind === 'batch-checks' && batch ? (
							BatchChecksView ? (
								<BatchChecksView
									batch={batch}
									onChoice={(choice) => dispatch({type: 'batch-choice', choice})}
									onBack={() => dispatch({type: 'back'})}
									apply={{
										profiles: state.loaded.profiles.status === 'ready' ? state.loaded.profiles.value : [],
										own: state.draft.profile,
										ownAccount: state.loaded.identity.status === 'ready' ? state.loaded.identity.value.account : undefined,
										resolveAccount: (profile) => controller.profileAccount(profile),
										read: (offer, profile) => controller.readBatchOffer(offer, profile),
										write: (offer, profile, merged) => controller.applyBatchOffer(offer, profile, merged),
									}}
								/>
							) : (
								loading
							)
						) : null}
						{(phase.kind === 'batch-watch' || detached) && batch ? (
							BatchWatchView ? (
								<BatchWatchView plan={batch.plan} progress={batch.progress} status={detached ? 'detached' : batch.run?.status === 'ended' ? 'ended' : 'watching'} problem={batch.run?.problem} now={now} onQuit={() => dispatch({type: 'batch-quit'})} />
							) : (
								loading
							)
						) : null}
						{phase.kind === 'export' ? (ExportView ? <ExportView state={state} onFinished={(choice) => dispatch({type: 'finished-choice', choice})} onDuplicate={(choice) => dispatch({type: 'duplicate-choice', choice})} dispatch={dispatch} /> : loading) : null}
					</Box>
					{footer.lines.length ? (
						<Text color={footer.notice ? 'yellow' : undefined} dimColor={!footer.notice}>
							{footer.lines.join('\n')}
						</Text>
					) : null}
				</Box>
			</BodyRows.Provider>
			</QuestionKeys.Provider>
		</OwnKeysHint.Provider>
	);
}
