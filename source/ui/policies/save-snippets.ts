// Writes policy files for the Save action. Existing files are only replaced when the
// person said so; otherwise the write is exclusive ('wx'), so a file that appeared since
// the question was asked is not overwritten either.

import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {planSave} from '../../core/policy/delivery.js';
import type {Snippet} from '../../core/policy/generate.js';

/** A snippet's file as saved: its name and text in the chosen format (render-policy.ts). */
export type SnippetFile = (snippet: Snippet) => {fileName: string; text: string};

export interface SaveOutcome {
	written: string[];
	/** Files left alone because they exist and overwriting was not allowed. */
	skipped: string[];
	/** What went wrong, as one line (permissions, not a folder ...). */
	error?: string;
}

export function existingFiles(dir: string, snippets: Snippet[], render: SnippetFile): string[] {
	return planSave(dir, snippets.map(render), existsSync)
		.filter((p) => p.exists)
		.map((p) => p.path);
}

function describeFsError(error: unknown, file: string): string {
	const code = (error as {code?: string}).code;
	const reason =
		code === 'EACCES' || code === 'EPERM'
			? 'permission denied'
			: code === 'ENOTDIR' || code === 'EEXIST'
				? 'a file with that name is in the way'
				: code === 'EROFS'
					? 'the file system is read-only'
					: error instanceof Error
						? error.message
						: String(error);
	return `Could not write ${file}: ${reason}.`;
}

export function saveSnippets(dir: string, snippets: Snippet[], overwrite: boolean, render: SnippetFile): SaveOutcome {
	const outcome: SaveOutcome = {written: [], skipped: []};
	try {
		mkdirSync(dir, {recursive: true});
	} catch (error) {
		return {...outcome, error: describeFsError(error, dir)};
	}
	const files = snippets.map(render);
	for (const [index, target] of planSave(dir, files, existsSync).entries()) {
		if (target.exists && !overwrite) {
			outcome.skipped.push(target.path);
			continue;
		}
		try {
			writeFileSync(target.path, files[index]!.text, {flag: overwrite ? 'w' : 'wx'});
			outcome.written.push(target.path);
		} catch (error) {
			if ((error as {code?: string}).code === 'EEXIST' && !overwrite) {
				outcome.skipped.push(target.path);
				continue;
			}
			return {...outcome, error: describeFsError(error, target.path)};
		}
	}
	return outcome;
}
