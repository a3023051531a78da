import React, {useEffect, useState, useSyncExternalStore} from 'react';
import {Box, Text, useInput} from 'ink';
import {ChoiceField} from './fields/choice-field.js';
import {BucketField, KeyField, ProfileField, TableField} from './fields/list-fields.js';
import {TextQuestion} from './fields/text-fields.js';
import {isChoiceField, isTextField, QUESTIONS} from '../core/wizard/field-options.js';
import {ReviewView} from './review-view.js';
import {MfaPrompt} from './mfa-prompt.js';
import {SpinnerLine} from './spinner-line.js';
import {symbols} from './theme.js';
import {OwnKeysHint} from './keys-hint.js';
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
}
let phaseViews: PhaseViews | undefined;
let phaseViewsLoading: Promise<PhaseViews> | undefined;

/** Loads the checks, policies and export views (once; later calls share the load). */
export function preloadPhaseViews(): Promise<PhaseViews> {
	phaseViewsLoading ??= Promise.all([import('./checks-view.js'), import('./export-view.js'), import('./policies-view.js')]).then(
		([checks, exportView, policies]) => (phaseViews = {ChecksView: checks.ChecksView, ExportView: exportView.ExportView, PoliciesView: policies.PoliciesView}),
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

function Header({state}: {state: WizardState}) {
	const step = currentStep(state);
	const index = (ALL_STEPS as readonly string[]).indexOf(step === 'policies' ? 'checks' : step);
	const title = ALL_STEP_TITLES[step] ?? '';
	return (
		<Text>
			<Text bold color="cyan">ddb-export</Text>
			{index >= 0 ? <Text dimColor> · step {index + 1} of {ALL_STEPS.length}: </Text> : null}
			<Text bold>{title}</Text>
			{state.retrying ? <Text color="yellow">  {state.retrying}</Text> : null}
		</Text>
	);
}

/** Finished steps while asking; on the review and after, the plan says it all. */
function Summaries({state}: {state: WizardState}) {
	const phase = state.phase;
	if (phase.kind === 'checks' || phase.kind === 'policies') return <Text dimColor wrap="truncate-middle">{planLine(phase.plan)}</Text>;
	if (phase.kind === 'export') return <Text dimColor wrap="truncate-middle">{planLine(phase.run.plan)}</Text>;
	if (phase.kind !== 'asking' || phase.field === 'review') return null;
	const rows = stepSummaries(state);
	if (rows.length === 0) return null;
	return (
		<Box flexDirection="column">
			{rows.map((row) => (
				<Text key={row.step} wrap="truncate-end">
					<Text color="green">{symbols.passed}</Text> <Text dimColor>{row.title.padEnd(11)}</Text> {row.text}
				</Text>
			))}
		</Box>
	);
}

function Question({state, dispatch}: {state: WizardState; dispatch: (e: WizardEvent) => void}) {
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
	else body = <ReviewView {...props} />;
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text bold>{QUESTIONS[field]}</Text>
			{/* Keyed by field so each question starts with fresh widget state. */}
			<Box key={field} flexDirection="column">
				{body}
			</Box>
			{state.pendingAnswer && state.loaded.table.status === 'loading' ? <SpinnerLine>{`Reading table ${state.pendingAnswer.value}…`}</SpinnerLine> : null}
			{state.fieldWarning?.field === field ? <Text color="yellow">{symbols.warning} {state.fieldWarning.text}</Text> : null}
			{state.fieldError ? <Text color="red">{symbols.failed} {state.fieldError}</Text> : null}
		</Box>
	);
}

/** The keys that do something right now. */
function keysHelp(state: WizardState): string | undefined {
	const phase = state.phase;
	if (phase.kind === 'asking') return '↑↓ choose · Enter accept · Esc back · Ctrl-C quit';
	if (phase.kind === 'checks') return state.checks?.status === 'running' ? 'Ctrl-C stops the checks' : '↑↓ choose · Enter accept · Esc back to the review';
	if (phase.kind === 'export') {
		const status = phase.run.status;
		if (status === 'watching') return 'Ctrl-C stops watching (the export keeps running on AWS)';
		if (status === 'starting') return 'Ctrl-C cancels the start request';
		return '↑↓ choose · Enter accept · Ctrl-C quit';
	}
	// The policies screen and its questions (save, apply) each say their own keys.
	if (phase.kind === 'policies') return undefined;
	return 'Enter accept · Esc back · Ctrl-C quit';
}

function Footer({state, viewHasKeys}: {state: WizardState; viewHasKeys: boolean}) {
	if (state.notice) return <Text color="yellow">{state.notice}</Text>;
	const help = viewHasKeys ? undefined : keysHelp(state);
	return help ? <Text dimColor>{help}</Text> : null;
}

export function App({controller}: {controller: WizardController}) {
	const state = useSyncExternalStore(controller.subscribe, controller.getState);
	const {dispatch} = controller;
	const [viewHasKeys, setViewHasKeys] = useState(false);
	useInput((input, key) => {
		if (key.ctrl && input === 'c') dispatch({type: 'interrupt'});
	});
	const phase = state.phase;
	const {views, error} = usePhaseViews(phase.kind === 'checks' || phase.kind === 'policies' || phase.kind === 'export');
	const {ChecksView, ExportView, PoliciesView} = views ?? {};
	const loading = error ? <Text color="red">{symbols.failed} Could not load this screen: {error}</Text> : <Text dimColor>Loading…</Text>;
	return (
		<OwnKeysHint.Provider value={setViewHasKeys}>
			<Box flexDirection="column">
				<Header state={state} />
				<Summaries state={state} />
				{state.mfa ? <MfaPrompt state={state} dispatch={dispatch} /> : null}
				{phase.kind === 'asking' && !state.mfa ? <Question state={state} dispatch={dispatch} /> : null}
				{phase.kind === 'checks' ? (
					<Box marginTop={1}>
						{ChecksView ? <ChecksView state={state} onChoice={(choice, owner) => dispatch({type: 'checks-choice', choice, owner})} onBack={() => dispatch({type: 'back'})} /> : loading}
					</Box>
				) : null}
				{phase.kind === 'policies' ? (
					<Box marginTop={1}>
						{PoliciesView ? <PoliciesView state={state} controller={controller} onDone={() => dispatch({type: 'policies-done'})} /> : loading}
					</Box>
				) : null}
				{phase.kind === 'export' ? (
					<Box marginTop={1}>
						{ExportView ? <ExportView state={state} onFinished={(choice) => dispatch({type: 'finished-choice', choice})} onDuplicate={(choice) => dispatch({type: 'duplicate-choice', choice})} /> : loading}
					</Box>
				) : null}
				{phase.kind !== 'exit' ? <Footer state={state} viewHasKeys={viewHasKeys} /> : null}
			</Box>
		</OwnKeysHint.Provider>
	);
}
