// Policy snippets as lines, and written as files into a folder — never over a file
// that is already there (someone's edited policy is worth more than ours), and all of
// them or none.

import {lstatSync, mkdirSync, rmdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {planSave, snippetFileText} from '../core/policy/delivery.js';
import type {Snippet} from '../core/policy/generate.js';
import {accountLabel} from '../core/policy/snippets.js';
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
/** `code`: the snippet in another format than JSON (Terraform, CloudFormation, CDK), shown instead of the document. */
export function snippetLines(snippet: Snippet, index: number, fixes: string[] = [], writtenTo?: string, live?: LiveValidation, code?: string): string[] {
	const lines = [`${index + 1}. ${snippet.title}${fixes.length ? ` (fixes: ${fixes.join(', ')})` : ''}`];
	lines.push(`   Where it goes:   ${snippet.appliesTo.resource} (${accountLabel(snippet)})`);
	lines.push(`   Who applies it:  ${snippet.appliesTo.who}`);
	for (const note of snippet.notes) lines.push(`   Note: ${note}`);
	if (live) lines.push(...liveValidationTextLines(live));
	if (writtenTo) lines.push(`   Written to:      ${writtenTo}`);
	else lines.push(...(code?.replace(/\n$/, '') ?? formatPolicy(snippet.document)).split('\n').map((line) => `   ${line}`));
	if (code !== undefined) return lines;
	lines.push(`   Apply it with (from the folder holding ${snippet.fileName}):`, `     ${snippet.applyCommand}`);
	return lines;
}

export type WriteOutcome =
	| {ok: true; written: string[]}
	/** Names already taken (a file, a folder, a symlink even if it leads nowhere): nothing was written. */
	| {ok: false; taken: string[]}
	| {ok: false; error: string; taken?: undefined};

/** Whether a name is taken: lstat, so a symlink counts, even one that leads nowhere. */
export function pathTaken(file: string): boolean {
	try {
		lstatSync(file);
		return true;
	} catch {
		return false;
	}
}

/** Creates one file, never over anything (O_CREAT | O_EXCL: not even through a symlink). */
export type CreateFile = (file: string, text: string) => void;
const createExclusive: CreateFile = (file, text) => writeFileSync(file, text, {flag: 'wx'});

/** A snippet's file as written: its name and text (the JSON document unless said; see render-policy.ts). */
export type RenderFile = (snippet: Snippet) => {fileName: string; text: string};
const jsonFile: RenderFile = (snippet) => ({fileName: snippet.fileName, text: snippetFileText(snippet)});

/**
 * Writes every snippet's file into `dir` (created if needed), or none of them: names
 * already taken are found first; a file that appears meanwhile, or a write that fails,
 * removes what this call had written (and the folders it made).
 */
export function writeSnippetFiles(dir: string, snippets: Snippet[], create: CreateFile = createExclusive, render: RenderFile = jsonFile): WriteOutcome {
	const target = path.resolve(dir);
	if (pathTaken(target) && !isFolder(target)) return {ok: false, error: `${target} is not a folder.`};
	const rendered = snippets.map(render);
	const files = planSave(target, rendered, pathTaken);
	const taken = files.filter((file) => file.exists).map((file) => file.path);
	if (taken.length > 0) return {ok: false, taken};
	const written: string[] = [];
	let madeFolder: string | undefined;
	try {
		madeFolder = mkdirSync(target, {recursive: true});
		for (const [i, file] of rendered.entries()) {
			create(files[i]!.path, file.text);
			written.push(files[i]!.path);
		}
	} catch (error) {
		undo(written, madeFolder, target);
		const e = error as NodeJS.ErrnoException;
		if (e.code === 'EEXIST' && e.path) return {ok: false, taken: [e.path]};
		return {ok: false, error: `Could not write into ${target}: ${e.code ?? e.message}.`};
	}
	return {ok: true, written};
}

function isFolder(file: string): boolean {
	try {
		return statSync(file).isDirectory();
	} catch {
		return false;
	}
}

/** Removes the files this call created and the folders it made, deepest first (only if empty). */
function undo(written: string[], madeFolder: string | undefined, target: string): void {
	for (const file of written) rmSync(file, {force: true});
	if (!madeFolder) return;
	for (let folder = target; folder.length >= madeFolder.length; folder = path.dirname(folder)) {
		try {
			rmdirSync(folder);
		} catch {
			return;
		}
	}
}
