// Policy snippets as lines, and written as files into a folder — never over a file
// that is already there (someone's edited policy is worth more than ours).

import {existsSync, mkdirSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {planSave, snippetFileText} from '../core/policy/delivery.js';
import type {Snippet} from '../core/policy/generate.js';
import {liveValidationDetails, liveValidationLines, type LiveTone, type LiveValidation} from '../core/policy/live-validation.js';
import {formatPolicy} from '../core/policy/merge.js';

const LIVE_WORDS: Record<LiveTone, string> = {passed: 'ok', warning: 'warning', failed: 'FAILED', unknown: 'unknown'};

/** "[ok] Access Analyzer: no findings": a word first, then AWS's verdict; every finding when there are several. */
export function liveValidationTextLines(live: LiveValidation, indent = '   '): string[] {
	const lines = liveValidationLines(live).map((line) => `${indent}[${LIVE_WORDS[line.tone]}] ${line.text}`);
	const analyzer = live.accessAnalyzer;
	// One finding is already named in full on its line; several are listed below it.
	const details = liveValidationDetails(live).filter((d) => !(analyzer.status === 'done' && analyzer.findings.length === 1 && d.text.startsWith('Access Analyzer ')));
	for (const detail of details) lines.push(`${indent}    ${detail.text}`);
	return lines;
}

/** Where it goes, who applies it, the notes, AWS's verdict, the document (unless written) and the command. */
export function snippetLines(snippet: Snippet, index: number, fixes: string[] = [], writtenTo?: string, live?: LiveValidation): string[] {
	const lines = [`${index + 1}. ${snippet.title}${fixes.length ? ` (fixes: ${fixes.join(', ')})` : ''}`];
	lines.push(`   Where it goes:   ${snippet.appliesTo.resource} (account ${snippet.appliesTo.account})`);
	lines.push(`   Who applies it:  ${snippet.appliesTo.who}`);
	for (const note of snippet.notes) lines.push(`   Note: ${note}`);
	if (live) lines.push(...liveValidationTextLines(live));
	if (writtenTo) lines.push(`   Written to:      ${writtenTo}`);
	else lines.push(...formatPolicy(snippet.document).split('\n').map((line) => `   ${line}`));
	lines.push(`   Apply it with (from the folder holding ${snippet.fileName}):`, `     ${snippet.applyCommand}`);
	return lines;
}

export type WriteOutcome =
	| {ok: true; written: string[]}
	/** Files that already exist: nothing was written. */
	| {ok: false; taken: string[]}
	| {ok: false; error: string; taken?: undefined};

/** Writes every snippet's file into `dir` (created if needed), or none of them. */
export function writeSnippetFiles(dir: string, snippets: Snippet[]): WriteOutcome {
	const target = path.resolve(dir);
	if (existsSync(target) && !statSync(target).isDirectory()) return {ok: false, error: `${target} is not a folder.`};
	const files = planSave(target, snippets, existsSync);
	const taken = files.filter((file) => file.exists).map((file) => file.path);
	if (taken.length > 0) return {ok: false, taken};
	try {
		mkdirSync(target, {recursive: true});
		for (const [i, snippet] of snippets.entries()) {
			// 'wx' fails if the file appeared since the look above: still never an overwrite.
			writeFileSync(files[i]!.path, snippetFileText(snippet), {flag: 'wx'});
		}
	} catch (error) {
		const e = error as NodeJS.ErrnoException;
		if (e.code === 'EEXIST' && e.path) return {ok: false, taken: [e.path]};
		return {ok: false, error: `Could not write into ${target}: ${e.code ?? e.message}.`};
	}
	return {ok: true, written: files.map((file) => file.path)};
}
