// A batch's checks (issue 17): what the tables share, checked once per source, then the
// tables' own checks grouped ("3 tables: PITR off — …"), in a window that scrolls; d shows
// every cause and fix. One offer turns PITR on for every table that has it off, after the
// calls are shown and a y.

import {Box, Text} from 'ink';
import {useKeys, useLatestState} from './widgets/use-keys.js';
import {scrolled} from './widgets/scroll-state.js';
import type {Key} from './widgets/keys.js';
import {menuHeight, SelectList} from './widgets/select-list.js';
import {maxScroll, ScrollWindow, type ShownLine} from './scroll-window.js';
import {ProblemView, problemRows} from './problem-view.js';
import {SpinnerLine} from './spinner-line.js';
import {BodyRows, useRoom} from './screen-size.js';
import {useOwnKeysHint} from './keys-hint.js';
import {commandLines, rowsOf, wrapWords} from './text-layout.js';
import {reportLines} from './batch-checks-lines.js';
import {pitrFixFor} from '../core/batch/batch-pitr.js';
import {batchFixOffers} from '../core/batch/batch-policies.js';
import {BatchPoliciesView, type BatchPolicyApply} from './batch-policies-view.js';
import {useMemo} from 'react';
import {batchChecksChoices} from '../core/wizard/batch-choices.js';
import type {BatchChecksChoice, BatchWizard} from '../core/wizard/batch-state.js';

type Mode = 'list' | 'full' | 'confirm-pitr' | 'policies';

export interface BatchChecksProps {
	batch: BatchWizard;
	/** Applying a fix snippet as another profile (the controller's); read-only without it. */
	apply?: BatchPolicyApply;
	onChoice: (choice: BatchChecksChoice) => void;
	onBack: () => void;
}

/** The PITR offer: what it changes, one command a line, the question and its keys. */
function pitrLines(batch: BatchWizard, columns: number): {text: string[]; commands: ShownLine[]; question: string[]} | undefined {
	const fix = batch.checks.report ? pitrFixFor(batch.checks.report, batch.plan, batch.items) : undefined;
	if (!fix) return undefined;
	return {
		text: wrapWords(fix.warning, columns),
		commands: fix.commands.flatMap((command) => commandLines(command, columns - 2).map((text) => ({text: `  ${text}`, color: 'cyan'}))),
		question: wrapWords(`${fix.question} (y/N) · y turns it on · n or Esc cancels`, columns),
	};
}

export function BatchChecksView({batch, onChoice, onBack, apply}: BatchChecksProps) {
	const room = useRoom();
	const {columns} = room;
	const ui = useLatestState<{mode: Mode; scroll: number}>(() => ({mode: 'list', scroll: 0}));
	const {checks} = batch;
	const done = checks.status !== 'running';
	const mode = ui.state.mode;
	useOwnKeysHint(mode !== 'list');
	const report = checks.report;
	const full = report ? reportLines(report, batch.items, columns, {full: true}) : [];
	const pitr = mode === 'confirm-pitr' ? pitrLines(batch, columns) : undefined;
	// The policies that fix failed shared checks (none while the checks run).
	const offers = useMemo(() => (done && report ? batchFixOffers(report, batch.plan, batch.items) : []), [done, report, batch.plan, batch.items]);
	const choices = done ? batchChecksChoices(batch, offers.length) : [];
	const menu = done ? menuHeight(choices, columns) : 0;
	const problems = (checks.problem ? problemRows(checks.problem, columns) : 0) + (checks.fixProblem ? problemRows(checks.fixProblem, columns) : 0);
	const sharedFailed = report ? [...report.shared.values()].flat().some((r) => r.status === 'failed') : false;
	const why = sharedFailed ? 'Nothing starts while a check every table shares has failed: fix it, then run the checks again.' : 'Every table failed its own checks: nothing would start.';
	const blocked = done && report?.overall === 'failed' ? wrapWords(why, columns) : [];
	const working = (done ? 0 : 1) + blocked.length;
	const listRows = Math.max(2, room.rows - menu - problems - working - (done ? 1 : 0) - 1);
	const fullRows = Math.max(2, room.rows - 2);
	const pitrRows = pitr ? Math.max(2, room.rows - pitr.text.length - pitr.question.length - 1) : 0;
	const lines = mode === 'full' ? full : mode === 'confirm-pitr' ? (pitr?.commands ?? []) : report ? reportLines(report, batch.items, columns) : [];
	const rows = mode === 'full' ? fullRows : mode === 'confirm-pitr' ? Math.min(pitrRows, rowsOf(lines.map((l) => l.text), columns)) : Math.min(listRows, rowsOf(lines.map((l) => l.text), columns));
	const max = maxScroll(lines, rows, columns);
	useKeys((typed) => {
		// Letters typed in one read ("dd", "ny") are keys each, in order.
		for (const key of typed.name === 'text' ? [...typed.text].map((text) => ({name: 'text' as const, text})) : [typed]) {
			if (onKey(key) === 'done') return 'done';
		}
	}, (done || mode !== 'list') && mode !== 'policies');
	function onKey(key: Key): 'done' | undefined {
		const state = ui.get();
		if (state.mode === 'confirm-pitr') {
			const answer = key.name === 'text' ? key.text.toLowerCase() : key.name;
			if (answer === 'y') {
				ui.set({mode: 'list', scroll: 0});
				onChoice('enable-pitr');
				return 'done';
			}
			// Not Enter: the Enter that chose the offer reaches this handler too, and must not answer it.
			if (answer === 'n' || key.name === 'escape') ui.set({mode: 'list', scroll: 0});
			return;
		}
		// The list's own window scrolls with PgUp/PgDn (↑↓ belong to the menu under it).
		const scrollKey = state.mode === 'list' && (key.name === 'up' || key.name === 'down') ? undefined : scrolled(state.scroll, key, rows, max);
		if (scrollKey !== undefined) ui.set({...state, scroll: scrollKey});
		else if (key.name === 'text' && key.text === 'd') ui.set({mode: state.mode === 'full' ? 'list' : 'full', scroll: 0});
		else if (key.name === 'escape' && state.mode === 'full') ui.set({mode: 'list', scroll: 0});
		return undefined;
	}
	if (mode === 'policies') return <BatchPoliciesView offers={offers} apply={apply} onDone={() => ui.set({mode: 'list', scroll: 0})} />;
	if (mode === 'full') {
		return (
			<Box flexDirection="column">
				<ScrollWindow lines={full} scroll={ui.state.scroll} rows={fullRows} />
				<Text dimColor>↑↓ PgUp PgDn scroll · d or Esc back to the list</Text>
			</Box>
		);
	}
	if (mode === 'confirm-pitr' && pitr) {
		return (
			<Box flexDirection="column">
				<Text>{pitr.text.join('\n')}</Text>
				<ScrollWindow lines={pitr.commands} scroll={ui.state.scroll} rows={rows} />
				<Text bold>{pitr.question.join('\n')}</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column">
			{lines.length ? <ScrollWindow lines={lines} scroll={ui.state.scroll} rows={rows} /> : null}
			{!done ? <SpinnerLine>{checks.enabling ? 'Turning on point-in-time recovery, then checking those tables again…' : `Checking: shared checks once, then ${batch.items.length} tables…`}</SpinnerLine> : null}
			{checks.problem ? <ProblemView problem={checks.problem} /> : null}
			{checks.fixProblem ? <ProblemView problem={checks.fixProblem} /> : null}
			{blocked.length ? <Text color="red">{blocked.join('\n')}</Text> : null}
			{done ? <Text dimColor>{checks.status === 'cancelled' ? 'Checks stopped (Ctrl-C). ' : ''}d shows every check in full · PgUp PgDn scroll the list</Text> : null}
			{done ? (
				<BodyRows.Provider value={{columns, rows: menu}}>
					<SelectList
						key={`${report?.overall}-${choices.length}`}
						options={choices}
						onSubmit={(value) =>
							value === 'enable-pitr' ? ui.set({mode: 'confirm-pitr', scroll: 0}) : value === 'policies' ? ui.set({mode: 'policies', scroll: 0}) : onChoice(value as BatchChecksChoice)
						}
						onBack={onBack}
					/>
				</BodyRows.Provider>
			) : null}
		</Box>
	);
}
