import {useState} from 'react';
import {Box, Text, useInput, useStdout} from 'ink';
import {useOwnKeysHint} from './keys-hint.js';
import {maxScroll, ScrollWindow, type ShownLine} from './policies/scroll-window.js';
import {wrapText} from './wrap-text.js';
import Spinner from 'ink-spinner';
import {SelectList} from './widgets/select-list.js';
import {ProblemView} from './problem-view.js';
import {symbols} from './theme.js';
import type {CheckResult} from '../core/checks/types.js';
import {changesAws, fixCommand, fixWords, type InPlaceFix} from '../core/checks/in-place-fix.js';
import {validateAccountId} from '../core/validate.js';
import {TextField} from './widgets/text-field.js';
import type {ExportPlan} from '../core/plan.js';
import type {ChecksChoice, WizardState} from '../core/wizard/state.js';
import {checksChoices} from '../core/wizard/field-options.js';

/** Titles in one column so the summaries line up. */
const TITLE_WIDTH = 17;

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

/** Whether a finished check has something to explain. */
function explains(result: CheckResult): boolean {
	// A check blocked by another says so in its summary; the failing one carries the detail.
	if (result.blockedBy) return false;
	return result.status === 'failed' || result.status === 'unknown' || result.status === 'warning';
}

/** The cause, said to be the reason for not knowing when the check could not tell. */
function causeText(result: CheckResult): string {
	return `${result.status === 'unknown' ? 'Why unknown: ' : ''}${result.cause ?? ''}`;
}

/** Every explanation as wrapped lines, for the full view (d). */
function detailLines(results: CheckResult[], width: number): ShownLine[] {
	const lines: ShownLine[] = [];
	for (const result of results.filter(explains)) {
		lines.push({text: `${symbols[result.status as 'failed']} ${result.title}: ${result.summary}`, color: COLORS[result.status]});
		for (const text of wrapText(causeText(result), width, '  ')) lines.push({text});
		for (const item of result.evidence ?? []) for (const text of wrapText(`· ${item}`, width, '    ')) lines.push({text, dim: true});
		if (result.fix) for (const text of wrapText(`Fix: ${result.fix.text}`, width, '  ')) lines.push({text});
		if (result.fix?.command) lines.push({text: `    ${result.fix.command}`, color: 'cyan'});
		lines.push({text: ''});
	}
	return lines;
}

function CheckTitle({result}: {result: CheckResult}) {
	return (
		<Text wrap="truncate-end">
			<StatusIcon status={result.status} /> <Text bold={result.status === 'failed'}>{result.title.padEnd(TITLE_WIDTH)}</Text>
			<Text dimColor> {result.summary}</Text>
		</Text>
	);
}

function CheckLine({result, detail}: {result: CheckResult; detail: 'none' | 'short' | 'full'}) {
	const wrap = detail === 'full' ? 'wrap' : 'truncate-end';
	if (detail === 'short') {
		// One line under the summary: the fix when there is one (the summary says what is wrong).
		return (
			<Box flexDirection="column">
				<CheckTitle result={result} />
				<Text wrap="truncate-end">
					{'    '}
					{result.fix ? <Text bold>Fix:</Text> : null}
					{result.fix ? ` ${result.fix.text}` : causeText(result)}
				</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column">
			<CheckTitle result={result} />
			{detail !== 'none' && result.cause ? (
				<Text wrap={wrap}>
					{'    '}
					{causeText(result)}
				</Text>
			) : null}
			{detail !== 'none' && result.fix ? (
				<Text wrap={wrap}>
					{'    '}
					<Text bold>Fix:</Text> {result.fix.text}
				</Text>
			) : null}
			{detail === 'full' && result.fix?.command ? <Text color="cyan">      {result.fix.command}</Text> : null}
		</Box>
	);
}

/** An in-place fix: what it changes, the exact command, then an explicit y (Enter is no). */
function ConfirmFix({fix, plan, width, onAnswer}: {fix: InPlaceFix; plan: ExportPlan; width: number; onAnswer: (yes: boolean) => void}) {
	useInput((input, key) => {
		if (key.ctrl) return;
		if (input === 'y' || input === 'Y') onAnswer(true);
		else if (input === 'n' || input === 'N' || key.return || key.escape) onAnswer(false);
	});
	const words = fixWords(fix);
	return (
		<Box flexDirection="column">
			<Text>{words.warning}</Text>
			{fixCommand(fix, plan)
				.split('\n')
				.flatMap((line) => wrapText(line, width, '  '))
				.map((line, i) => (
					<Text key={i} color="cyan">
						{line}
					</Text>
				))}
			<Text bold>{words.question} (y/N)</Text>
			<Text dimColor>y {changesAws(fix) ? 'makes the change' : 'changes the plan'} · n, Enter or Esc cancels</Text>
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
	const {stdout} = useStdout();
	const [full, setFull] = useState(false);
	const [confirming, setConfirming] = useState<ChecksChoice>();
	const [scroll, setScroll] = useState(0);
	useOwnKeysHint(full || confirming !== undefined);
	const done = checks !== undefined && checks.status !== 'running';
	const height = stdout?.rows || 24;
	const width = Math.max(40, (stdout?.columns || 80) - 2);
	const results = checks?.results ?? [];
	const lines = detailLines(results, width);
	// Header, plan line, blank, counts, choices and footer around the list.
	const chrome = 6 + checksChoices(state).length;
	const fitsInFull = results.length + lines.length + chrome <= height;
	// The full explanations' window; scrolling stops at its last page, so ↑ moves at once.
	const rows = Math.max(5, height - 8);
	const bottom = maxScroll(lines.length, rows);
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
	return (
		<Box flexDirection="column">
			{results.map((result) => (
				<CheckLine key={result.id} result={result} detail={done && explains(result) ? (fitsInFull ? 'full' : 'short') : 'none'} />
			))}
			{done && lines.length > 0 && !fitsInFull ? <Text dimColor>  d shows the full explanations</Text> : null}
			{checks.problem ? <ProblemView problem={checks.problem} /> : null}
			{checks.fixing ? (
				<Text>
					<Spinner type="dots" /> {fixWords(checks.fixing).working}
				</Text>
			) : null}
			{done && !checks.fixing ? (
				<Box flexDirection="column" marginTop={1}>
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
							width={width}
							onAnswer={(yes) => {
								setConfirming(undefined);
								if (yes) onChoice(confirming);
							}}
						/>
					) : (
						<SelectList
							key={checks.overall}
							options={checksChoices(state)}
							onSubmit={(v) => (v.startsWith('fix:') ? setConfirming(v as ChecksChoice) : onChoice(v as ChecksChoice))}
							onBack={onBack}
						/>
					)}
				</Box>
			) : null}
		</Box>
	);
}
