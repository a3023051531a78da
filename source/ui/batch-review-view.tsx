// The review of a batch (issue 17): what every table shares in five numbered lines (1-5
// go back to that step), the plan as a table scrolling in its own window, and on c the
// ddb-export command that runs the same batch. Enter runs the checks.

import {Box, Text} from 'ink';
import {useKeys, useLatestState} from './widgets/use-keys.js';
import {scrolled} from './widgets/scroll-state.js';
import {maxScroll, ScrollWindow, type ShownLine} from './scroll-window.js';
import {Lines} from './lines.js';
import {useRoom} from './screen-size.js';
import {labelledLines, rowsOf, wrapWords} from './text-layout.js';
import {planTableLines} from './batch-plan-table.js';
import type {BatchItem, BatchPlan} from '../core/batch/types.js';
import {renderBatchCommand} from '../core/render-batch-command.js';
import {formatBytes} from '../core/wizard/summary.js';
import type {StepId} from '../core/wizard/fields.js';
import {batchItemsOf, batchPlanFromDraft} from '../core/wizard/batch-draft.js';
import type {WizardEvent, WizardState} from '../core/wizard/state.js';

export interface BatchReviewProps {
	plan: BatchPlan;
	items: readonly BatchItem[];
	onRunChecks: () => void;
	onBack: () => void;
	onEdit: (step: StepId) => void;
}

const STEP_KEYS: StepId[] = ['profile', 'table', 'destination', 'encryption', 'options'];

/** The five lines every table of the batch shares, numbered by the step that sets them. */
export function sharedLines(plan: BatchPlan, items: readonly BatchItem[], columns: number): string[] {
	const known = items.filter((i) => i.sizeBytes !== undefined);
	const bytes = known.reduce((sum, i) => sum + (i.sizeBytes ?? 0), 0);
	const unknown = items.length - known.length;
	const size = known.length === 0 ? 'size unknown' : `${formatBytes(bytes)}${unknown ? ` + ${unknown} unknown` : ''}`;
	const pitrOff = items.filter((i) => i.pitrEnabled === false).length;
	const {destination} = plan;
	const profiles = plan.sources.map((s) => `${s.profile ?? 'environment credentials'} · ${s.region}`).join('; ');
	const owner = destination.bucketOwner ? ` · owner ${destination.bucketOwner}` : '';
	const sse = destination.sse === 'KMS' ? `KMS ${destination.kmsKeyId ?? 'aws/s3'}` : 'AES256 (SSE-S3)';
	const when = plan.type === 'INCREMENTAL_EXPORT' && plan.incremental ? `incremental ${plan.incremental.from.toISOString()} → ${plan.incremental.to.toISOString()}` : `full · ${plan.exportTime ? `as of ${plan.exportTime.toISOString()}` : 'latest restorable time'}`;
	const rows: Array<[string, string]> = [
		['1 Profile', profiles],
		['2 Tables', `${items.length} · ${size}${pitrOff ? ` · PITR off for ${pitrOff}` : ''}`],
		['3 Destination', `s3://${destination.bucket}/${destination.prefixTemplate}${owner}`],
		['4 Encryption', sse],
		['5 Options', `${plan.format === 'ION' ? 'Amazon Ion' : 'DynamoDB JSON'} · ${when}`],
	];
	const width = Math.max(...rows.map(([label]) => label.length));
	return rows.flatMap(([label, value]) => labelledLines(label, value, columns, width));
}

export function BatchReviewView({plan, items, onRunChecks, onBack, onEdit}: BatchReviewProps) {
	const room = useRoom();
	const {columns} = room;
	const view = useLatestState<{scroll: number; command: boolean}>(() => ({scroll: 0, command: false}));
	const shared = sharedLines(plan, items, columns);
	const table = planTableLines(items, columns);
	const command: ShownLine[] = renderBatchCommand(plan)
		.split('\n')
		.map((text) => ({text, color: 'cyan'}));
	const hint = wrapWords(view.state.command ? 'The same batch as a command (its batch token makes a re-run start nothing twice):' : 'c shows the same batch as one ddb-export command', columns);
	// The window gets what the lines around it leave: shared lines, the header, the hint, and ▲▼.
	const lines = view.state.command ? command : table.rows;
	const rows = Math.min(rowsOf(lines.map((l) => l.text), columns), Math.max(2, room.rows - rowsOf(shared, columns) - (view.state.command ? 0 : 1) - hint.length - 1));
	const max = maxScroll(lines, rows, columns);
	useKeys((key) => {
		const state = view.get();
		const next = scrolled(state.scroll, key, rows, max);
		if (next !== undefined) return view.set({...state, scroll: next});
		if (key.name === 'enter') {
			onRunChecks();
			return 'done';
		}
		if (key.name === 'escape' || key.name === 'backTab') {
			if (state.command) return view.set({scroll: 0, command: false});
			onBack();
			return 'done';
		}
		if (key.name !== 'text') return;
		for (const char of key.text) {
			const step = STEP_KEYS[Number(char) - 1];
			if (step) {
				onEdit(step);
				return 'done';
			}
			if (char === 'c') view.set({scroll: 0, command: !view.get().command});
		}
	});
	return (
		<Box flexDirection="column">
			<Lines lines={shared} />
			{view.state.command ? null : <Text dimColor>{table.header.text}</Text>}
			<ScrollWindow lines={lines} scroll={view.state.scroll} rows={rows} />
			<Text dimColor>{hint.join('\n')}</Text>
		</Box>
	);
}

/** The review of the batch the answers make (its token is made on arrival: a moment's wait). */
export function BatchReview({state, dispatch}: {state: WizardState; dispatch: (event: WizardEvent) => void}) {
	const plan = batchPlanFromDraft(state, new Date());
	if (!plan) {
		if (!state.batchToken) return <Text dimColor>Naming the batch…</Text>;
		return <Text color="red">The batch is incomplete: press Esc to go back and fill in the missing fields.</Text>;
	}
	return (
		<BatchReviewView
			plan={plan}
			items={batchItemsOf(state, plan)}
			onRunChecks={() => dispatch({type: 'answer', value: 'run-checks'})}
			onBack={() => dispatch({type: 'back'})}
			onEdit={(step) => dispatch({type: 'edit', step})}
		/>
	);
}
