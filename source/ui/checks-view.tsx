import React from 'react';
import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {SelectList} from './widgets/select-list.js';
import type {SelectOption} from './widgets/select-state.js';
import {ProblemView} from './problem-view.js';
import {symbols} from './theme.js';
import type {CheckResult} from '../core/checks/types.js';
import type {ChecksChoice, WizardState} from '../core/wizard/state.js';

const COLORS: Partial<Record<CheckResult['status'], string>> = {passed: 'green', failed: 'red', unknown: 'yellow', warning: 'yellow'};

function StatusIcon({status}: {status: CheckResult['status']}) {
	if (status === 'running') {
		return (
			<Text color="cyan">
				<Spinner type="dots" />
			</Text>
		);
	}
	const icon = status === 'pending' ? symbols.pending : symbols[status];
	return <Text color={COLORS[status]}>{icon}</Text>;
}

function CheckLine({result, detailed}: {result: CheckResult; detailed: boolean}) {
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<StatusIcon status={result.status} /> <Text bold={result.status === 'failed'}>{result.title}</Text>
				<Text dimColor>  {result.summary}</Text>
			</Text>
			{detailed && result.cause ? <Text>    {result.status === 'unknown' ? 'Why unknown: ' : ''}{result.cause}</Text> : null}
			{detailed && result.fix ? <Text>    <Text bold>Fix:</Text> {result.fix.text}</Text> : null}
			{detailed && result.fix?.command ? <Text color="cyan">      {result.fix.command}</Text> : null}
		</Box>
	);
}

export function checksChoices(state: WizardState): Array<SelectOption & {value: ChecksChoice}> {
	const checks = state.checks;
	const failed = checks?.results.filter((r) => r.status === 'failed') ?? [];
	const choices: Array<SelectOption & {value: ChecksChoice}> = [];
	if (checks?.overall !== 'failed') {
		choices.push({value: 'start', label: 'Start the export', hint: checks?.overall === 'unknown' ? 'some checks could not tell' : undefined});
	}
	if (failed.some((r) => r.fix?.action === 'enable-pitr')) {
		choices.push({value: 'enable-pitr', label: 'Turn on point-in-time recovery for this table', hint: 'changes the table; then re-checks'});
	}
	if (failed.some((r) => r.fix?.snippet) || checks?.results.some((r) => r.fix?.snippet)) {
		choices.push({value: 'policies', label: 'Show the policies that fix this', hint: 'ready to copy, save or apply'});
	}
	choices.push({value: 'recheck', label: 'Run the checks again'});
	if (checks?.overall === 'failed') {
		choices.push({value: 'start-anyway', label: 'Start anyway: I understand it will probably fail'});
	}
	choices.push({value: 'back', label: 'Back to the review'});
	return choices;
}

export function ChecksView({state, onChoice, onBack}: {state: WizardState; onChoice: (choice: ChecksChoice) => void; onBack: () => void}) {
	const checks = state.checks;
	if (!checks) return null;
	const done = checks.status !== 'running';
	const results = checks.results;
	const counts = {
		passed: results.filter((r) => r.status === 'passed').length,
		failed: results.filter((r) => r.status === 'failed').length,
		unknown: results.filter((r) => r.status === 'unknown').length,
		warning: results.filter((r) => r.status === 'warning').length,
	};
	return (
		<Box flexDirection="column">
			{results.map((result) => (
				<CheckLine key={result.id} result={result} detailed={done && result.status !== 'passed' && result.status !== 'skipped'} />
			))}
			{checks.problem ? <ProblemView problem={checks.problem} /> : null}
			{checks.enablingPitr ? (
				<Text>
					<Spinner type="dots" /> Turning on point-in-time recovery…
				</Text>
			) : null}
			{done && !checks.enablingPitr ? (
				<Box flexDirection="column" marginTop={1}>
					<Text>
						{checks.status === 'cancelled' ? 'Checks stopped. ' : ''}
						<Text color="green">{counts.passed} passed</Text>
						{counts.failed ? <Text color="red">, {counts.failed} failed</Text> : null}
						{counts.warning ? <Text color="yellow">, {counts.warning} with a risk</Text> : null}
						{counts.unknown ? <Text color="yellow">, {counts.unknown} unknown</Text> : null}
					</Text>
					<SelectList key={checks.overall} options={checksChoices(state)} onSubmit={(v) => onChoice(v as ChecksChoice)} onBack={onBack} />
				</Box>
			) : null}
		</Box>
	);
}
