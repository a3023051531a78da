// Watching a batch (issue 17): the counts and a progress bar, then a row per table in its
// own scrolling window (failed first, with the diagnosis). After Ctrl-C the screen stays
// as it was and its last line is the command that watches the batch again.

import {Box, Text} from 'ink';
import {useKeys, useLatestState} from './widgets/use-keys.js';
import {scrolled} from './widgets/scroll-state.js';
import {maxScroll, ScrollWindow} from './scroll-window.js';
import {Lines} from './lines.js';
import {useRoom} from './screen-size.js';
import {rowsOf, wrapWords} from './text-layout.js';
import {progressBar, watchRows} from './batch-watch-lines.js';
import {batchEnded, countsText, detachedText} from '../core/wizard/batch-progress.js';
import type {BatchPlan, BatchProgress} from '../core/batch/types.js';
import type {Problem} from '../core/wizard/state.js';
import {ProblemView, problemRows} from './problem-view.js';

export interface BatchWatchProps {
	plan: BatchPlan;
	progress?: BatchProgress;
	/** watching: live; ended: every table finished (or the run failed); detached: Ctrl-C stopped the watch (the exports go on). */
	status: 'watching' | 'ended' | 'detached';
	now: number;
	/** The run itself failed (not a table's export): said under the rows. */
	problem?: Problem;
	onQuit: () => void;
	isActive?: boolean;
}

/** What the screen says under the rows once the batch has ended or the watch stopped. */
function endLines(props: BatchWatchProps, columns: number): {text: string[]; color?: string; command?: string} {
	const {progress, status, plan} = props;
	if (status === 'detached') {
		const {said, command} = detachedText(plan, progress);
		return {text: wrapWords(said, columns), color: 'yellow', command};
	}
	if (status === 'ended' && (!progress || !batchEnded(progress))) return {text: wrapWords('Enter quits.', columns)};
	if (progress && batchEnded(progress)) {
		const {completed, failed, skipped} = progress.counts;
		const all = completed === progress.items.length;
		const said = all ? `All ${completed} exports completed.` : `The batch has ended: ${completed} completed, ${failed} failed, ${skipped} skipped.`;
		return {text: wrapWords(`${said} Enter quits.`, columns), color: all ? 'green' : 'yellow'};
	}
	return {text: []};
}

export function BatchWatchView(props: BatchWatchProps) {
	const {progress, now, onQuit, isActive = true} = props;
	const room = useRoom();
	const {columns} = room;
	const scroll = useLatestState(() => 0);
	const end = endLines(props, columns);
	const head = progress ? [...wrapWords(countsText(progress), columns), progressBar(progress, Math.min(columns, 60))] : wrapWords('Starting the batch…', columns);
	const lines = progress ? watchRows(progress, columns, now) : [];
	const retrying = progress?.watchProblem ? wrapWords(`${progress.watchProblem} (trying again)`, columns) : [];
	const below = end.text.length + (end.command ? rowsOf([end.command], columns) : 0) + retrying.length + (props.problem ? problemRows(props.problem, columns) : 0);
	const rows = Math.max(2, Math.min(rowsOf(lines.map((l) => l.text), columns), room.rows - head.length - below - 1));
	const max = maxScroll(lines, rows, columns);
	const ended = props.status === 'ended';
	useKeys((key) => {
		const next = scrolled(scroll.get(), key, rows, max);
		if (next !== undefined) return scroll.set(next);
		if (key.name === 'enter' && ended) {
			onQuit();
			return 'done';
		}
	}, isActive && props.status !== 'detached');
	return (
		<Box flexDirection="column">
			<Text>{head.join('\n')}</Text>
			{lines.length > 0 ? <ScrollWindow lines={lines} scroll={scroll.state} rows={rows} /> : null}
			{retrying.length ? <Text color="yellow">{retrying.join('\n')}</Text> : null}
			{props.problem ? <ProblemView problem={props.problem} /> : null}
			{end.text.length ? <Text color={end.color}>{end.text.join('\n')}</Text> : null}
			{end.command ? <Lines lines={[end.command]} color="cyan" /> : null}
		</Box>
	);
}
