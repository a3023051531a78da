import {Box} from 'ink';
import type {Problem} from '../core/wizard/state.js';
import {Lines} from './lines.js';
import {useRoom} from './screen-size.js';
import {symbols} from './theme.js';
import {commandLines, rowsOf, wrapWords} from './text-layout.js';

export interface ProblemLines {
	title: string[];
	cause: string[];
	fix: string[];
	command: string[];
	hint: string[];
}

/** The problem's lines at `columns`: wrapped at words, the command ready to paste. */
export function problemLines(problem: Problem, columns: number, hint?: string): ProblemLines {
	return {
		title: wrapWords(`${symbols.failed} ${problem.title}`, columns, {indent: '  '}),
		cause: problem.cause ? wrapWords(problem.cause, columns, {first: '  ', indent: '  '}) : [],
		fix: problem.fix ? wrapWords(`Fix: ${problem.fix}`, columns, {first: '  ', indent: '  '}) : [],
		command: problem.command ? commandLines(problem.command, columns - 4).map((line) => `    ${line}`) : [],
		hint: hint ? wrapWords(hint, columns, {first: '  ', indent: '  '}) : [],
	};
}

export function problemRows(problem: Problem, columns: number, hint?: string): number {
	const lines = problemLines(problem, columns, hint);
	return rowsOf([...lines.title, ...lines.cause, ...lines.fix, ...lines.command, ...lines.hint], columns);
}

/** An expected problem: what happened, why, and what to do — never a stack. */
export function ProblemView({problem, hint}: {problem: Problem; hint?: string}) {
	const {columns} = useRoom();
	const lines = problemLines(problem, columns, hint);
	return (
		<Box flexDirection="column">
			<Lines lines={lines.title} color="red" />
			<Lines lines={lines.cause} />
			<Lines lines={lines.fix} />
			<Lines lines={lines.command} color="cyan" />
			<Lines lines={lines.hint} dim />
		</Box>
	);
}
