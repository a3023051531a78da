// `ddb-export policies [--format F] [--write DIR]`: the IAM, bucket and key policy snippets
// this export needs, merged into the policies in place when they could be read, as JSON,
// Terraform, CloudFormation or CDK. The checks run first (without the write probe): they
// read the identity, the policies and the key.

import path from 'node:path';
import {allSnippetIds, readCallerInlinePolicy, snippetInputFrom} from '../../core/policy/delivery.js';
import {buildSnippets, type Snippet} from '../../core/policy/generate.js';
import {validateSnippetsLive} from '../../core/policy/live-validation.js';
import type {PolicyFormat} from '../../core/policy/policy-as-code.js';
import {renderContextOf, renderedSnippet} from '../../core/policy/render-policy.js';
import {planLines} from '../../line-mode/format-lines.js';
import {snippetLines, writeSnippetFiles} from '../../line-mode/policy-files.js';
import {runChecksFor} from './check-command.js';
import {badInput, EXIT, resolveTarget, type CommandContext} from './context.js';
import {planJson, snippetJson} from './json-shapes.js';
import {CommandError} from './output.js';

/** Writes every file, or none: an existing file stops it before anything is written. */
function writeSnippets(dir: string, snippets: Snippet[], render: (snippet: Snippet) => {fileName: string; text: string}): string[] {
	const outcome = writeSnippetFiles(dir, snippets, undefined, render);
	if (outcome.ok) return outcome.written;
	if (outcome.taken) {
		const taken = outcome.taken;
		throw new CommandError('FileExists', `--write: ${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''}; ddb-export never overwrites a file.`, {
			fix: 'Write into another folder (--write DIR), or move the existing file away first.',
			exitCode: EXIT.badInput,
		});
	}
	throw badInput(`--write: ${outcome.error}`);
}

export async function runPoliciesCommand(ctx: CommandContext): Promise<number> {
	const {session, plan, identity} = await resolveTarget(ctx, 'the policies name the table and the bucket.');
	const report = await runChecksFor(ctx, plan, session, false);
	const input = snippetInputFrom(plan, report, identity);
	if (!input) {
		const credentials = report.results.find((r) => r.id === 'credentials');
		throw new CommandError('CredentialsUnknown', 'The policies name the identity that runs the export, and it could not be read.', {
			cause: credentials?.cause ?? credentials?.summary,
			fix: credentials?.fix?.text ?? 'Check the profile and its credentials (aws sts get-caller-identity).',
			exitCode: EXIT.failed,
		});
	}
	// The caller's current inline policy, so its snippet is merged into it rather than replacing it.
	// Not readable (no iam:GetRolePolicy): the snippet says it holds only the new statements.
	const inline = await readCallerInlinePolicy(session, input, {signal: ctx.signal});
	if (inline !== undefined) input.existing = {...input.existing, inlinePolicy: inline};
	const snippets = buildSnippets({...input, only: allSnippetIds(plan, input.callerAccount, report.results)});
	const fixesOf = (snippet: Snippet) => report.results.filter((r) => r.fix?.snippet === snippet.id && r.status !== 'passed').map((r) => r.title);
	const format: PolicyFormat = ctx.options.format ?? 'json';
	const context = renderContextOf(plan.tableArn, snippets);
	const render = (snippet: Snippet) => renderedSnippet(format, snippet, context);
	const written = ctx.options.write !== undefined ? writeSnippets(ctx.options.write, snippets, render) : undefined;
	// AWS's own verdict before anyone pastes them; "unknown, because …" when it cannot be asked.
	const live = await validateSnippetsLive(session, snippets, plan, {signal: ctx.signal, kmsKeyArn: input.kmsKeyArn, tableKmsKeyArn: input.tableKmsKeyArn});

	ctx.out.line('Policies for the export of:');
	for (const line of planLines(plan)) ctx.out.line(line);
	ctx.out.line();
	snippets.forEach((snippet, i) => {
		const code = format === 'json' ? undefined : render(snippet).text;
		for (const line of snippetLines(snippet, i, fixesOf(snippet), written?.[i], live[snippet.id], code)) ctx.out.line(line);
		ctx.out.line();
	});
	if (written) ctx.out.line(`Wrote ${written.length} file${written.length === 1 ? '' : 's'} into ${path.resolve(ctx.options.write!)}.`);
	ctx.out.result({
		plan: planJson(plan),
		snippets: snippets.map((snippet, i) => ({
			...snippetJson(snippet, written?.[i], live[snippet.id]),
			fixes: fixesOf(snippet),
			...(format === 'json' ? {} : {format, code: render(snippet)}),
		})),
		written: written ?? [],
	});
	return EXIT.ok;
}
