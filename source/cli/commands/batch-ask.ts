// The questions of a batch on the command line: yes or no, or one of a few choices, asked
// line by line (the prompter of line mode) or answered by --yes, which says so.

import type {ChoiceOption} from '../../core/wizard/field-options.js';
import {UserLeft, type Prompter} from '../../line-mode/line-prompts.js';
import {EXIT} from './context.js';
import {CommandError, type Output} from './output.js';

/** A question left unanswered (Ctrl-C, SIGTERM, the piped answers ended): the run stops there. */
async function answered<T>(question: () => Promise<T>): Promise<T> {
	try {
		return await question();
	} catch (error) {
		if (!(error instanceof UserLeft)) throw error;
		const message = error.why === 'end-of-input' ? 'The input ended before every question was answered; nothing more was done.' : 'Stopped.';
		throw new CommandError('Interrupted', message, {exitCode: EXIT.interrupted});
	}
}

export interface BatchAsk {
	/** Whether the person said yes (default no); --yes says yes, and it is written down. */
	yesNo(question: string): Promise<boolean>;
	/** One of the options; with --yes (or nobody to ask) the proposed one. */
	choose(question: string, options: ChoiceOption[], proposed: string): Promise<string>;
	/** Whether answers come from a person (else --yes answers). */
	readonly asking: boolean;
}

export function batchAsk(out: Output, prompter: Prompter | undefined): BatchAsk {
	if (!prompter) {
		return {
			asking: false,
			async yesNo(question) {
				out.note(`${question} yes (--yes)`);
				return true;
			},
			async choose(question, options, proposed) {
				out.note(`${question} ${options.find((o) => o.value === proposed)?.label ?? proposed} (--yes)`);
				return proposed;
			},
		};
	}
	return {
		asking: true,
		async yesNo(question) {
			const answer = await answered(() => prompter.select(question, [{value: 'no', label: 'No'}, {value: 'yes', label: 'Yes'}], 'no'));
			return answer === 'yes';
		},
		choose: (question, options, proposed) => answered(() => prompter.select(question, options, proposed)),
	};
}
