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
import {batchEnded, countsText, progressBar, watchRows} from './batch-watch-lines.js';
import type {BatchPlan, BatchProgress} from '../core/batch/types.js';
import {batchWatchCommand} from '../core/render-batch-command.js';

export interface BatchWatchProps {
	plan: BatchPlan;
	progress?: BatchProgress;
	/** watching: live; detached: Ctrl-C stopped the watch (the exports go on). */
	status: 'watching' | 'detached';
	now: number;
	onQuit: () => void;
	isActive?: boolean;
}

/** What the screen says under the rows once the batch has ended or the watch stopped. */
function endLines(props: BatchWatchProps, columns: number): {text: string[]; color?: string; command?: string} {
	const {progress, status, plan} = props;
	if (status === 'detached') {
		const running = progress ? progress.counts.running + progress.counts.starting : 0;
		const queued = progress?.counts.queued ?? 0;
		const said = `Stopped watching: ${running} export${running === 1 ? '' : 's'} keep${running === 1 ? 's' : ''} running on AWS${queued ? `; ${queued} queued table${queued === 1 ? ' was' : 's were'} not started (the same batch run again starts them, and only them)` : ''}. Watch again with:`;
		return {text: wrapWords(said, columns), color: 'yellow', command: batchWatchCommand(plan)};
	}
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
	const below = end.text.length + (end.command ? rowsOf([end.command], columns) : 0);
	const rows = Math.max(2, Math.min(rowsOf(lines.map((l) => l.text), columns), room.rows - head.length - below - 1));
	const max = maxScroll(lines, rows, columns);
	const ended = progress ? batchEnded(progress) : false;
	useKeys((key) => {
		const next = scrolled(scroll.get(), key, rows, max);
		if (next !== undefined) return scroll.set(next);
		if (key.name === 'enter' && ended) {
			onQuit();
			return 'done';
		}
	}, isActive && props.status === 'watching');
	return (
		<Box flexDirection="column">
			<Text>{head.join('\n')}</Text>
			{lines.length > 0 ? <ScrollWindow lines={lines} scroll={scroll.state} rows={rows} /> : null}
			{end.text.length ? <Text color={end.color}>{end.text.join('\n')}</Text> : null}
			{end.command ? <Lines lines={[end.command]} color="cyan" /> : null}
		</Box>
	);
}
