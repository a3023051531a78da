import {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {menuHeight, SelectList} from './widgets/select-list.js';
import {Lines} from './lines.js';
import {BodyRows, useRoom} from './screen-size.js';
import {labelledLines, rowsOf} from './text-layout.js';
import {renderAwsCommand} from '../core/render-aws-command.js';
import {tokenFor} from '../core/wizard/client-token.js';
import {draftChain, planFromDraft} from '../core/wizard/plan-from-draft.js';
import {ChainProblem, ChainWindows} from './chain-plan-view.js';
import {planRows} from '../core/wizard/summary.js';
import {reviewOptions} from '../core/wizard/field-options.js';
import type {StepId} from '../core/wizard/fields.js';
import type {WizardEvent, WizardState} from '../core/wizard/state.js';

/** The step each row of the plan is answered in; the number key that goes back to it. */
const ROW_STEPS: Record<string, StepId> = {
	Profile: 'profile',
	Table: 'table',
	Destination: 'destination',
	Encryption: 'encryption',
	Format: 'options',
	Type: 'options',
};
const STEP_KEYS: StepId[] = ['profile', 'table', 'destination', 'encryption', 'options'];

export function ReviewView({state, dispatch, onAnswer, onBack}: {state: WizardState; dispatch: (e: WizardEvent) => void; onAnswer: (v: string) => void; onBack: () => void}) {
	const room = useRoom();
	const [showCommand, setShowCommand] = useState(false);
	const plan = planFromDraft(state.draft, state.loaded);
	// "Everything since the last export": the chain's windows (chain-plan-view.tsx).
	const chain = state.draft.exportType === 'INCREMENTAL_EXPORT' && state.draft.incrementalMode === 'since-last' ? draftChain(state.draft, state.loaded) : undefined;
	useInput((input) => {
		const step = STEP_KEYS[Number(input) - 1];
		if (step) dispatch({type: 'edit', step});
		else if (input === 'a') setShowCommand((shown) => !shown);
	});
	if (chain && !(chain.status === 'ready' && chain.chain.kind === 'chain')) return <ChainProblem state={state} chain={chain} onAnswer={onAnswer} onBack={onBack} />;
	if (!plan) {
		return <Text color="red">The plan is incomplete: press Esc to go back and fill in the missing fields.</Text>;
	}
	// The destination's owner and Region join its line: one line per thing the person chose.
	const plain = new Map(planRows(plan));
	const destination = [plain.get('Destination'), plain.get('Bucket owner'), plain.get('Bucket Region')].filter(Boolean).join(' · ');
	const rows: Array<[string, string]> = [
		['Profile', `${plan.profile ?? 'environment credentials'} · ${plan.region}`],
		...planRows(plan)
			.filter(([label]) => label !== 'Bucket owner' && label !== 'Bucket Region')
			.map(([label, value]): [string, string] => [label, label === 'Destination' ? destination : label === 'Type' && chain ? `INCREMENTAL_EXPORT since the last export (${plan.incremental?.viewType})` : value]),
	];
	const labelWidth = 2 + Math.max(...rows.map(([label]) => label.length));
	const seen = new Set<StepId>();
	const planLines = rows.flatMap(([label, value]) => {
		const step = ROW_STEPS[label];
		const key = step && !seen.has(step) ? String(STEP_KEYS.indexOf(step) + 1) : ' ';
		if (step) seen.add(step);
		return labelledLines(`${key} ${label}`, value, room.columns, labelWidth);
	});
	const command = renderAwsCommand(plan, {profile: plan.profile, region: plan.region, clientToken: tokenFor(state.tokens, plan) || undefined, multiline: true}).split('\n');
	const options = reviewOptions(state);
	const menu = menuHeight(options, room.columns);
	if (chain?.status === 'ready') {
		return (
			<Box flexDirection="column">
				{showCommand ? null : <Lines lines={planLines} />}
				<ChainWindows chain={chain} rows={room.rows - menu - (showCommand ? 0 : rowsOf(planLines, room.columns))} showCommands={showCommand} />
				<BodyRows.Provider value={{columns: room.columns, rows: menu}}>
					<SelectList options={options} onSubmit={onAnswer} onBack={showCommand ? () => setShowCommand(false) : onBack} />
				</BodyRows.Provider>
			</Box>
		);
	}
	const commandRows = 1 + rowsOf(command, room.columns);
	const planRowsCount = rowsOf(planLines, room.columns);
	// Both when they fit; else the plan, and the command on `a` (in place of the plan).
	const both = planRowsCount + commandRows + menu <= room.rows;
	const shown = both ? 'both' : showCommand ? 'command' : 'plan';
	return (
		<Box flexDirection="column">
			{shown !== 'command' ? <Lines lines={planLines} /> : null}
			{shown !== 'plan' ? (
				<>
					<Text dimColor>The same export with the AWS CLI:</Text>
					<Lines lines={command} color="cyan" />
				</>
			) : (
				<Text dimColor>a shows the same export as an AWS CLI command</Text>
			)}
			<BodyRows.Provider value={{columns: room.columns, rows: menu}}>
				<SelectList options={options} onSubmit={onAnswer} onBack={shown === 'command' && !both ? () => setShowCommand(false) : onBack} />
			</BodyRows.Provider>
		</Box>
	);
}
