// `ddb-export diagnose EXPORT_ARN` explains a failed export (DescribeExport →
// explainExportFailure); `ddb-export diagnose -` reads an AccessDenied message from
// stdin and says who was denied what, by which policy, and what to change.

import {visibleControls} from '../../core/terminal-text.js';
import {parseAccessDenied} from '../../core/diagnosis/parse-access-denied.js';
import {AwsCallError, type CallerIdentity} from '../../core/ports.js';
import {explainFailedExport} from '../../core/wizard/export-outcome.js';
import {exportOutcomeLines} from '../../line-mode/format-lines.js';
import {validateExportArn} from '../plan-from-flags.js';
import {abortError, awsStep, badInput, EXIT, openSession, type CommandContext} from './context.js';
import {accessDeniedJson, explanationJson, exportJson} from './json-shapes.js';
import {CommandError} from './output.js';

/** All of stdin as text (a pasted message is small; 1 MB is far more than any). */
async function readAll(stream: NodeJS.ReadableStream, signal: AbortSignal): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream as AsyncIterable<Buffer | string>) {
		if (signal.aborted) break;
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		size += buffer.length;
		if (size > 1024 * 1024) throw badInput('The input on stdin is larger than 1 MB; paste only the error message.');
		chunks.push(buffer);
	}
	if (signal.aborted) throw abortError();
	return Buffer.concat(chunks).toString('utf8');
}

async function diagnoseMessage(ctx: CommandContext): Promise<number> {
	if ((process.stdin as {isTTY?: boolean}).isTTY && ctx.stdin === process.stdin) ctx.out.note('Paste the AccessDenied message, then press Ctrl-D:');
	// Pasted text is shown back in parts (principal, action, resource): its controls made visible once, here.
	const text = visibleControls(await readAll(ctx.stdin, ctx.signal));
	if (!text.trim()) throw badInput('Nothing was read from stdin; pipe or paste the AccessDenied message into diagnose -.');
	const info = parseAccessDenied(text);
	if (!info) {
		throw new CommandError('NotAccessDenied', 'This does not read as an AccessDenied message, so it cannot be explained.', {
			cause: 'AccessDenied messages look like "User: ARN is not authorized to perform: ACTION on resource: ARN because …", or S3\'s bare "Access Denied".',
			fix: 'Paste the whole error text as AWS printed it (the CLI\'s "An error occurred (AccessDenied…)" line is fine).',
			exitCode: EXIT.failed,
		});
	}
	ctx.out.line(info.sentence);
	ctx.out.line(`What to change: ${info.whatToChange}`);
	const facts: Array<[string, string | undefined]> = [
		['Principal', info.principal],
		['Action', info.action],
		['Resource', info.resource],
		['Denied by', info.denyKind === 'explicit' ? `an explicit deny in a ${info.policyType} policy` : info.denyKind === 'implicit' ? `no ${info.policyType} policy allowing it` : undefined],
		['Policy', info.policyArn],
	];
	for (const [label, value] of facts) if (value) ctx.out.line(`  ${label.padEnd(10)} ${value}`);
	ctx.out.result({diagnosis: {source: 'message', accessDenied: accessDeniedJson(info)}});
	return EXIT.ok;
}

async function diagnoseExport(ctx: CommandContext, text: string): Promise<number> {
	const parsed = validateExportArn(text);
	if (!parsed.ok) throw badInput(`EXPORT_ARN: ${parsed.message}`);
	const {region} = parsed.value;
	const session = openSession(ctx, region);
	const description = await awsStep(ctx, region, () => session.describeExport(parsed.value.arn, {signal: ctx.signal}));
	if (description.status !== 'FAILED') {
		const words = description.status === 'COMPLETED' ? 'completed; there is nothing to diagnose.' : `is ${description.status}; it has not failed (ddb-export watch follows it).`;
		ctx.out.line(`The export ${words}`);
		ctx.out.result({diagnosis: {source: 'export', export: exportJson(description), failed: false}});
		return EXIT.ok;
	}
	// Who started it is not recorded; the caller's identity is the best guess for the advice.
	let identity: CallerIdentity | undefined;
	try {
		identity = await session.identity({signal: ctx.signal});
	} catch (error) {
		if (!(error instanceof AwsCallError)) throw error;
	}
	const caller = identity ? {arn: identity.arn, account: identity.account} : undefined;
	const explained = explainFailedExport(description, caller);
	const elapsed = (description.endTime?.getTime() ?? 0) - (description.startTime?.getTime() ?? 0);
	for (const line of exportOutcomeLines(description, Math.max(0, elapsed), caller)) ctx.out.line(line);
	ctx.out.result({diagnosis: {source: 'export', export: exportJson(description), failed: true, explanation: explanationJson(explained)}});
	return EXIT.ok;
}

/** Exit 0 when explained; 1 when the message could not be read; 3 for a bad argument. */
export async function runDiagnoseCommand(ctx: CommandContext): Promise<number> {
	const [arg, ...rest] = ctx.options.positionals;
	if (arg === undefined) throw badInput('diagnose needs an export ARN, or - to read an AccessDenied message from stdin.', [], 'ddb-export diagnose EXPORT_ARN, or: pbpaste | ddb-export diagnose -');
	if (rest.length > 0) throw badInput(`diagnose takes one argument (got ${ctx.options.positionals.length}).`);
	return arg === '-' ? diagnoseMessage(ctx) : diagnoseExport(ctx, arg);
}
