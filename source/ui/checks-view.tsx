import {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {useOwnKeysHint} from './keys-hint.js';
import {maxScroll, ScrollWindow, type ShownLine} from './scroll-window.js';
import Spinner from 'ink-spinner';
import {menuHeight, SelectList} from './widgets/select-list.js';
import {ProblemView, problemRows} from './problem-view.js';
import {Lines} from './lines.js';
import {BodyRows, useRoom} from './screen-size.js';
import {symbols} from './theme.js';
import {commandLines, rowsOf, wrapWords} from './text-layout.js';
import {blockRows, causeText, layoutList, listFooter, type Block} from './checks-layout.js';
import type {SelectOption} from './widgets/select-state.js';
import type {CheckResult} from '../core/checks/types.js';
import {changesAws, fixCommand, fixWords, type InPlaceFix} from '../core/checks/in-place-fix.js';
import {validateAccountId} from '../core/validate.js';
import {TextField} from './widgets/text-field.js';
import type {ExportPlan} from '../core/plan.js';
import type {ChecksChoice, WizardState} from '../core/wizard/state.js';
import {checksChoices} from '../core/wizard/field-options.js';

const COLORS: Partial<Record<CheckResult['status'], string>> = {passed: 'green', failed: 'red', unknown: 'yellow', warning: 'yellow'};

function iconOf(status: CheckResult['status']): string {
	return status === 'pending' || status === 'running' ? symbols.pending : symbols[status];
}

function StatusIcon({status}: {status: CheckResult['status']}) {
	if (status === 'running') {
		return (
			<Text color="cyan">
				<Spinner type="dots" />
			</Text>
		);
	}
	return <Text color={COLORS[status]}>{iconOf(status)}</Text>;
}

/** Every check in full, whatever its verdict, in the list's order, for the full view (d). */
function detailLines(results: CheckResult[], columns: number): ShownLine[] {
	const lines: ShownLine[] = [];
	for (const result of results) {
		for (const text of wrapWords(`${iconOf(result.status)} ${result.title}: ${result.summary}`, columns, {indent: '  '})) lines.push({text, color: COLORS[result.status]});
		if (result.cause) for (const text of wrapWords(causeText(result), columns, {first: '  ', indent: '  '})) lines.push({text});
		for (const item of result.evidence ?? []) for (const text of wrapWords(`· ${item}`, columns, {first: '  ', indent: '    '})) lines.push({text, dim: true});
		if (result.fix) for (const text of wrapWords(`Fix: ${result.fix.text}`, columns, {first: '  ', indent: '  '})) lines.push({text});
		if (result.fix?.command) for (const text of commandLines(result.fix.command, columns - 4)) lines.push({text: `    ${text}`, color: 'cyan'});
		lines.push({text: ''});
	}
	return lines;
}

/** The menu without the hints that take `lines` lines or more of their own. */
function compactChoices<T extends SelectOption>(choices: T[], columns: number, lines = 1): T[] {
	let menu = choices;
	for (const [i, option] of choices.entries()) {
		if (!option.hint) continue;
		const without = menu.map((o, j) => (j === i ? {...o, hint: undefined} : o));
		if (menuHeight(without, columns) <= menuHeight(menu, columns) - lines) menu = without;
	}
	return menu;
}

function BlockView({block}: {block: Block}) {
	const {result} = block;
	const first = block.head[0] ?? '';
	return (
		<Box flexDirection="column">
			{result ? (
				<Text>
					<StatusIcon status={result.status} /> <Text bold={result.status === 'failed'}>{first.slice(2, 2 + block.titleColumns)}</Text>
					<Text dimColor>{[first.slice(2 + block.titleColumns), ...block.head.slice(1)].join('\n')}</Text>
				</Text>
			) : (
				<Text>
					<Text color="green">{symbols.passed}</Text>
					<Text dimColor>{block.head.join('\n').slice(1)}</Text>
				</Text>
			)}
			{block.body.length ? (
				<Box flexDirection="column">
					{block.body.map((line, i) => (
						<Lines key={i} lines={[line.text]} color={line.color} />
					))}
				</Box>
			) : null}
		</Box>
	);
}

/** An in-place fix's lines: what it changes, the exact command, the question, its keys. */
function confirmLines(fix: InPlaceFix, plan: ExportPlan, columns: number): {warning: string[]; command: string[]; question: string[]; keys: string[]} {
	const words = fixWords(fix);
	return {
		warning: wrapWords(words.warning, columns),
		command: fixCommand(fix, plan)
			.split('\n')
			.flatMap((line) => commandLines(line, columns - 2))
			.map((line) => `  ${line}`),
		question: wrapWords(`${words.question} (y/N)`, columns),
		keys: wrapWords(`y ${changesAws(fix) ? 'makes the change' : 'changes the plan'} · n, Enter or Esc cancels`, columns),
	};
}

function confirmRows(fix: InPlaceFix, plan: ExportPlan, columns: number): number {
	const lines = confirmLines(fix, plan, columns);
	return lines.warning.length + rowsOf(lines.command, columns) + lines.question.length + lines.keys.length;
}

/** An in-place fix: what it changes, the exact command, then an explicit y (Enter is no). */
function ConfirmFix({fix, plan, onAnswer}: {fix: InPlaceFix; plan: ExportPlan; onAnswer: (yes: boolean) => void}) {
	const {columns} = useRoom();
	useInput((input, key) => {
		if (key.ctrl) return;
		if (input === 'y' || input === 'Y') onAnswer(true);
		else if (input === 'n' || input === 'N' || key.return || key.escape) onAnswer(false);
	});
	const lines = confirmLines(fix, plan, columns);
	return (
		<Box flexDirection="column">
			<Text>{lines.warning.join('\n')}</Text>
			<Lines lines={lines.command} color="cyan" />
			<Text bold>{lines.question.join('\n')}</Text>
			<Text dimColor>{lines.keys.join('\n')}</Text>
		</Box>
	);
}

/** The bucket owner the tool could not know, typed in place; Enter with a valid id re-checks. */
function OwnerField({bucket, onAnswer}: {bucket: string; onAnswer: (owner: string | undefined) => void}) {
	const [error, setError] = useState<string>();
	return (
		<Box flexDirection="column">
			<Text>The export sends this account as S3BucketOwner; S3 does not tell other accounts who owns {bucket}.</Text>
			<Text bold>Set the bucket owner (S3BucketOwner) to:</Text>
			<TextField
				placeholder="12-digit account id of the owner"
				onSubmit={(value) => {
					const typed = validateAccountId(value, 'bucket owner');
					if (typed.ok) onAnswer(typed.value);
					else setError(typed.message);
				}}
				onBack={() => onAnswer(undefined)}
			/>
			{error ? <Text color="red">{error}</Text> : <Text dimColor>Enter sets it and re-checks · Esc cancels</Text>}
		</Box>
	);
}

export function ChecksView({state, onChoice, onBack}: {state: WizardState; onChoice: (choice: ChecksChoice, owner?: string) => void; onBack: () => void}) {
	const checks = state.checks;
	const room = useRoom();
	const [full, setFull] = useState(false);
	const [confirming, setConfirming] = useState<ChecksChoice>();
	const [scroll, setScroll] = useState(0);
	// The full view and the y/N question say their own keys.
	useOwnKeysHint(full || confirming !== undefined);
	const done = checks !== undefined && checks.status !== 'running';
	const results = checks?.results ?? [];
	const lines = detailLines(results, room.columns);
	// The full explanations' window, under which its own keys line.
	const rows = Math.max(3, room.rows - 2);
	const bottom = maxScroll(lines, rows, room.columns);
	const scrollTo = (next: (s: number) => number) => setScroll((s) => Math.max(0, Math.min(bottom, next(s))));
	useInput(
		(input, key) => {
			if (input === 'd') setFull((f) => !f);
			else if (full && key.escape) setFull(false);
			else if (full && key.upArrow) scrollTo((s) => s - 1);
			else if (full && key.downArrow) scrollTo((s) => s + 1);
			else if (full && key.pageDown) scrollTo((s) => s + rows);
			else if (full && key.pageUp) scrollTo((s) => s - rows);
		},
		// Not while a fix is asked about: its keys (a typed account id) are its own.
		{isActive: done && lines.length > 0 && confirming === undefined},
	);
	if (!checks || state.phase.kind !== 'checks') return null;
	const plan = state.phase.plan;
	const confirmingFix = confirming ? results.find((r) => `fix:${r.id}` === confirming)?.fix?.action : undefined;
	if (full) {
		return (
			<Box flexDirection="column">
				<ScrollWindow lines={lines} scroll={scroll} rows={rows} />
				<Text dimColor>↑↓ PgUp PgDn scroll · d or Esc back to the list</Text>
			</Box>
		);
	}
	const counts = {
		passed: results.filter((r) => r.status === 'passed').length,
		failed: results.filter((r) => r.status === 'failed').length,
		unknown: results.filter((r) => r.status === 'unknown').length,
		warning: results.filter((r) => r.status === 'warning').length,
	};
	const fullMenu = checksChoices(state);
	// Under the list: the line saying what d shows, the problem, the counts and the menu
	// (or the y/N question); a blank line above the counts when there is room for it.
	const problemHeight = (checks.problem ? problemRows(checks.problem, room.columns) : 0) + (checks.fixing ? 1 : 0);
	const footerRows = done && results.length > 0 ? 1 : 0;
	const fit = (menu: typeof fullMenu) => {
		const menuRows = confirmingFix ? confirmRows(confirmingFix, plan, room.columns) : menuHeight(menu, room.columns);
		const below = problemHeight + (done && !checks.fixing ? 1 + menuRows : 0);
		return {menu, menuRows, spare: room.rows - below - footerRows, layout: layoutList(results, done, room.rows - below - footerRows, room.columns)};
	};
	// A hint wrapped over two more lines reads badly anyway (a narrow terminal).
	let chosen = fit(compactChoices(fullMenu, room.columns, 2));
	// Hints that take a line of their own go before the failures' fixes do.
	if (done && !confirmingFix && chosen.layout.cost > 0) {
		const compact = fit(compactChoices(chosen.menu, room.columns));
		if (compact.layout.cost < chosen.layout.cost) chosen = compact;
	}
	const {menu: choices, menuRows, layout} = chosen;
	const {blocks} = layout;
	const blank = done && !checks.fixing && chosen.spare - blockRows(blocks, room.columns) > 0;
	return (
		<Box flexDirection="column">
			{blocks.map((block, i) => (
				<BlockView key={block.result?.id ?? `passed-${i}`} block={block} />
			))}
			{footerRows ? <Text dimColor>{listFooter(layout)}</Text> : null}
			{checks.problem ? <ProblemView problem={checks.problem} /> : null}
			{checks.fixing ? (
				<Text>
					<Spinner type="dots" /> {fixWords(checks.fixing).working}
				</Text>
			) : null}
			{done && !checks.fixing ? (
				<Box flexDirection="column" marginTop={blank ? 1 : 0}>
					<Text>
						{checks.status === 'cancelled' ? 'Checks stopped. ' : ''}
						<Text color="green">{counts.passed} passed</Text>
						{counts.failed ? <Text color="red">, {counts.failed} failed</Text> : null}
						{counts.warning ? <Text color="yellow">, {counts.warning} with a risk</Text> : null}
						{counts.unknown ? <Text color="yellow">, {counts.unknown} unknown</Text> : null}
					</Text>
					{confirmingFix?.kind === 'set-bucket-owner' && !confirmingFix.owner && confirming ? (
						<OwnerField
							bucket={plan.bucket}
							onAnswer={(owner) => {
								setConfirming(undefined);
								if (owner) onChoice(confirming, owner);
							}}
						/>
					) : confirmingFix && confirming ? (
						<ConfirmFix
							fix={confirmingFix}
							plan={plan}
							onAnswer={(yes) => {
								setConfirming(undefined);
								if (yes) onChoice(confirming);
							}}
						/>
					) : (
						<BodyRows.Provider value={{columns: room.columns, rows: menuRows}}>
							<SelectList
								key={checks.overall}
								options={choices}
								onSubmit={(v) => (v.startsWith('fix:') ? setConfirming(v as ChecksChoice) : onChoice(v as ChecksChoice))}
								onBack={onBack}
							/>
						</BodyRows.Provider>
					)}
				</Box>
			) : null}
		</Box>
	);
}
