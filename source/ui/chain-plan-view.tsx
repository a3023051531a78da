// The review of "everything since the last export to this destination": the windows of the
// chain (from → to, duration, token), or why there is nothing to start and the way out.
// Words from core/incremental/chain-words.ts, shared with the command and line mode.

import {Box, Text} from 'ink';
import {reviewOptions} from '../core/wizard/field-options.js';
import type {DraftChain} from '../core/wizard/plan-from-draft.js';
import {chainCommands, chainLines} from './chain-lines.js';
import {Lines} from './lines.js';
import {BodyRows, useRoom} from './screen-size.js';
import {SpinnerLine} from './spinner-line.js';
import {rowsOf, wrapWords} from './text-layout.js';
import {menuHeight, SelectList} from './widgets/select-list.js';
import type {WizardState} from '../core/wizard/state.js';

type Ready = Extract<DraftChain, {status: 'ready'}>;

/** Nothing to start (no export to continue, PITR too short, nothing new yet, still looking): why, and what can be done. */
export function ChainProblem({state, chain, onAnswer, onBack}: {state: WizardState; chain: DraftChain; onAnswer: (v: string) => void; onBack: () => void}) {
	const room = useRoom();
	const options = [
		...reviewOptions(state),
		...(chain.status === 'failed' || (chain.status === 'ready' && chain.chain.kind === 'nothing-yet') ? [{value: 'reload-chain', label: 'Look again'}] : []),
	];
	const menu = menuHeight(options, room.columns);
	const text =
		chain.status === 'ready'
			? chainLines(chain, room.columns, room.rows - menu)
			: chain.status === 'failed'
				? wrapWords(`The exports of the table could not be read: ${chain.problem.title}${chain.problem.fix ? ` ${chain.problem.fix}` : ''}`, room.columns)
				: [];
	return (
		<Box flexDirection="column">
			{chain.status === 'loading' ? <SpinnerLine>Looking for the last export to this destination…</SpinnerLine> : <Text color={chain.status === 'failed' ? 'red' : undefined}>{text.join('\n')}</Text>}
			<BodyRows.Provider value={{columns: room.columns, rows: menu}}>
				<SelectList options={options} onSubmit={onAnswer} onBack={onBack} />
			</BodyRows.Provider>
		</Box>
	);
}

/** Under the plan on the review: the windows, or (on `a`) their aws commands. */
export function ChainWindows({chain, rows, showCommands}: {chain: Ready; rows: number; showCommands: boolean}) {
	const {columns} = useRoom();
	if (showCommands) {
		const commands = chainCommands(chain);
		return (
			<Box flexDirection="column">
				<Text dimColor>The same with the AWS CLI, one after the other:</Text>
				<Lines lines={commands} color="cyan" />
			</Box>
		);
	}
	const lines = chainLines(chain, columns, Math.max(2, rows - 1));
	return (
		<Box flexDirection="column">
			<Text>{lines.join('\n')}</Text>
			{rowsOf(lines, columns) + 1 <= rows ? <Text dimColor>a shows the aws commands of the windows</Text> : null}
		</Box>
	);
}
