// The lines of a chain's review, as plain strings for the Ink review and line mode: the
// headline, one line per window (a count for those that do not fit), the notes, and the aws
// command of each window.

import {chainWords, windowLine} from '../core/incremental/chain-words.js';
import {windowPlan} from '../core/incremental/chain-plan.js';
import {renderAwsCommand} from '../core/render-aws-command.js';
import type {DraftChain} from '../core/wizard/plan-from-draft.js';
import {wrapWords} from './text-layout.js';

type Ready = Extract<DraftChain, {status: 'ready'}>;

/** The chain's windows in at most `rows` rows: the headline, one line per window (a count for those that do not fit), the notes. */
export function chainLines(chain: Ready, columns: number, rows: number, now = new Date()): string[] {
	const words = chainWords(chain.chain, chain.base, now);
	const head = wrapWords(words.headline, columns);
	const notes = words.notes.flatMap((note) => wrapWords(note, columns));
	if (chain.chain.kind !== 'chain') return [...head, ...notes];
	const {windows} = chain.chain;
	const lines = windows.map((w) => {
		const line = `  ${windowLine(w, windows.length)}  ${w.runningArn ? 'running' : w.clientToken}`;
		return line.length > columns ? `${line.slice(0, columns - 1)}…` : line;
	});
	const room = Math.max(1, rows - head.length - notes.length);
	const shown = lines.length <= room ? lines : [...lines.slice(0, room - 1), `  … and ${lines.length - room + 1} more windows`];
	return [...head, ...shown, ...notes];
}

/** The aws commands of every window (one after the other, each once the one before COMPLETED). */
export function chainCommands(chain: Ready): string[] {
	if (chain.chain.kind !== 'chain') return [];
	return chain.chain.windows.map((w) => renderAwsCommand(windowPlan(chain.base, w, chain.viewType), {profile: chain.base.profile, region: chain.base.region, clientToken: w.clientToken}));
}

