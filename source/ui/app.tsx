import React, {useSyncExternalStore} from 'react';
import {Box, Text, useInput} from 'ink';
import {ChoiceField} from './fields/choice-field.js';
import {BucketField, KeyField, ProfileField, TableField} from './fields/list-fields.js';
import {TextQuestion} from './fields/text-fields.js';
import {isChoiceField, isTextField, QUESTIONS} from '../core/wizard/field-options.js';
import {ReviewView} from './review-view.js';
import {ChecksView} from './checks-view.js';
import {ExportView} from './export-view.js';
import {PoliciesView} from './policies-view.js';
import {MfaPrompt} from './mfa-prompt.js';
import {symbols} from './theme.js';
import {ALL_STEP_TITLES, ALL_STEPS, currentStep, planLine, stepSummaries} from '../core/wizard/summary.js';
import type {WizardController} from '../core/wizard/controller.js';
import type {WizardEvent, WizardState} from '../core/wizard/state.js';

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
			{state.fieldError ? <Text color="red">{symbols.failed} {state.fieldError}</Text> : null}
		</Box>
	);
}

/** The keys that do something right now. */
function keysHelp(state: WizardState): string {
	const phase = state.phase;
	if (phase.kind === 'asking') return '↑↓ choose · Enter accept · Esc back · Ctrl-C quit';
	if (phase.kind === 'checks') return state.checks?.status === 'running' ? 'Ctrl-C stops the checks' : '↑↓ choose · Enter accept · Esc back to the review';
	if (phase.kind === 'export') {
		const status = phase.run.status;
		if (status === 'watching') return 'Ctrl-C stops watching (the export keeps running on AWS)';
		if (status === 'starting') return 'Ctrl-C cancels the start request';
		return '↑↓ choose · Enter accept · Ctrl-C quit';
	}
	return 'Enter accept · Esc back · Ctrl-C quit';
}

function Footer({state}: {state: WizardState}) {
	if (state.notice) return <Text color="yellow">{state.notice}</Text>;
	return <Text dimColor>{keysHelp(state)}</Text>;
}

export function App({controller}: {controller: WizardController}) {
	const state = useSyncExternalStore(controller.subscribe, controller.getState);
	const {dispatch} = controller;
	useInput((input, key) => {
		if (key.ctrl && input === 'c') dispatch({type: 'interrupt'});
	});
	const phase = state.phase;
	return (
		<Box flexDirection="column">
			<Header state={state} />
			<Summaries state={state} />
			{state.mfa ? <MfaPrompt state={state} dispatch={dispatch} /> : null}
			{phase.kind === 'asking' && !state.mfa ? <Question state={state} dispatch={dispatch} /> : null}
			{phase.kind === 'checks' ? (
				<Box marginTop={1}>
					<ChecksView state={state} onChoice={(choice) => dispatch({type: 'checks-choice', choice})} onBack={() => dispatch({type: 'back'})} />
				</Box>
			) : null}
			{phase.kind === 'policies' ? (
				<Box marginTop={1}>
					<PoliciesView state={state} controller={controller} onDone={() => dispatch({type: 'policies-done'})} />
				</Box>
			) : null}
			{phase.kind === 'export' ? (
				<Box marginTop={1}>
					<ExportView state={state} onFinished={(choice) => dispatch({type: 'finished-choice', choice})} />
				</Box>
			) : null}
			{phase.kind !== 'exit' ? <Footer state={state} /> : null}
		</Box>
	);
}
