
import {Box, Text} from 'ink';
import type {Problem} from '../core/wizard/state.js';
import {symbols} from './theme.js';

/** An expected problem: what happened, why, and what to do — never a stack. */
export function ProblemView({problem, hint}: {problem: Problem; hint?: string}) {
	return (
		<Box flexDirection="column">
			<Text color="red">
				{symbols.failed} {problem.title}
			</Text>
			{problem.cause ? <Text>  {problem.cause}</Text> : null}
			{problem.fix ? <Text>  <Text bold>Fix:</Text> {problem.fix}</Text> : null}
			{problem.command ? <Text color="cyan">    {problem.command}</Text> : null}
			{hint ? <Text dimColor>  {hint}</Text> : null}
		</Box>
	);
}
