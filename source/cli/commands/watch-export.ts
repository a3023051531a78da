// Polls DescribeExport until the export COMPLETES or FAILS: after 2 s, 3 s, then every
// 5 s (completion shows within 5 s, at most 13 calls a minute). Network blips and
// throttling are waited out with a growing pause; anything else ends the watch.

import {describeAwsError} from '../../core/errors.js';
import {AwsCallError, type AwsSession, type ExportDescription} from '../../core/ports.js';
import {exportElapsed} from '../../core/wizard/export-outcome.js';
import {progressLine} from '../../line-mode/format-lines.js';
import {sleep} from './context.js';
import type {Output} from './output.js';

export const POLL_SCHEDULE_MS = [2000, 3000, 5000];

/** Plain lines are printed when the status changes, or at most this often otherwise. */
export const QUIET_LINE_MS = 30_000;

function isTransient(error: AwsCallError): boolean {
	return (
		/^(NetworkError|TimeoutError|ECONNREFUSED|ECONNRESET|ENOTFOUND|ThrottlingException|Throttling|TooManyRequestsException|RequestLimitExceeded|InternalServerError|ServiceUnavailable)$/.test(error.code) ||
		(error.httpStatus !== undefined && error.httpStatus >= 500)
	);
}

export interface WatchOptions {
	signal: AbortSignal;
	schedule?: number[];
	/** Called with every description (the first one too) and with retry messages. */
	onUpdate: (description: ExportDescription) => void;
	onRetry?: (message: string) => void;
}

/** Resolves with the final description; rejects with AbortError or an AwsCallError. */
export async function watchExport(session: AwsSession, first: ExportDescription, options: WatchOptions): Promise<ExportDescription> {
	const schedule = options.schedule ?? POLL_SCHEDULE_MS;
	let description = first;
	options.onUpdate(description);
	let polls = 0;
	let failures = 0;
	while (description.status !== 'COMPLETED' && description.status !== 'FAILED') {
		const delay = schedule[Math.min(polls, schedule.length - 1)] ?? 5000;
		await sleep(failures > 0 ? Math.min(delay * 2 ** failures, 30_000) : delay, options.signal);
		try {
			description = await session.describeExport(description.exportArn, {signal: options.signal});
			failures = 0;
			polls++;
			options.onUpdate(description);
		} catch (error) {
			if (error instanceof AwsCallError && isTransient(error) && failures < 8) {
				failures++;
				options.onRetry?.(`${describeAwsError(error).title}; trying again.`);
				continue;
			}
			throw error;
		}
	}
	return description;
}

/**
 * Shows an export's progress on stderr: one line rewritten in place on a terminal,
 * otherwise plain lines only when the status changes or every 30 s.
 */
export class ProgressPrinter {
	private lastStatus?: string;
	private lastLineAt = 0;
	private live = false;
	private readonly startedAt: number;

	constructor(
		private readonly out: Output,
		private readonly now: () => number = Date.now,
	) {
		this.startedAt = now();
	}

	update(description: ExportDescription): void {
		const at = this.now();
		const line = `${progressLine(description, exportElapsed(description, this.startedAt, at))} · ${description.exportArn}`;
		if (this.out.liveProgress) {
			this.out.progress(`\r\u001b[2K${line}`);
			this.live = true;
			return;
		}
		if (description.status !== this.lastStatus || at - this.lastLineAt >= QUIET_LINE_MS) {
			this.out.note(line);
			this.lastStatus = description.status;
			this.lastLineAt = at;
		}
	}

	retry(message: string): void {
		this.end();
		this.out.note(message);
	}

	/** Ends a line that was being rewritten, so what follows starts on a new line. */
	end(): void {
		if (this.live) this.out.progress('\n');
		this.live = false;
	}

	elapsed(description: ExportDescription | undefined): number {
		return exportElapsed(description, this.startedAt, this.now());
	}
}
