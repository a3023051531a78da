// Asks AWS to validate the snippets on screen once each (Access Analyzer, IAM simulator),
// as soon as they are shown. Results are kept per document, so showing all and back does
// not ask again, and a snippet rebuilt with other statements is asked about afresh.

import {useEffect, useRef, useState} from 'react';
import type {Snippet} from '../../core/policy/generate.js';
import {unknownValidations, type LiveValidation, type LiveValidations} from '../../core/policy/live-validation.js';

export type LiveState = {status: 'running'} | {status: 'done'; validation: LiveValidation};

export type ValidateSnippets = (snippets: Snippet[]) => Promise<LiveValidations>;

function keyOf(snippet: Snippet): string {
	return `${snippet.id}\u0000${JSON.stringify(snippet.document)}`;
}

/** `validate` undefined: nothing is asked (a face without AWS, older test doubles). */
export function useLiveValidation(validate: ValidateSnippets | undefined, snippets: Snippet[]): (snippet: Snippet) => LiveState | undefined {
	const [states, setStates] = useState<ReadonlyMap<string, LiveState>>(new Map());
	const asked = useRef(new Set<string>());
	const mounted = useRef(true);
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[],
	);
	useEffect(() => {
		if (!validate) return;
		const fresh = snippets.filter((s) => !asked.current.has(keyOf(s)));
		if (fresh.length === 0) return;
		const keys = fresh.map(keyOf);
		for (const key of keys) asked.current.add(key);
		setStates((previous) => new Map([...previous, ...keys.map((key): [string, LiveState] => [key, {status: 'running'}])]));
		// A failure shows as "unknown" with its message: a spinner must never spin forever.
		const answer = validate(fresh).catch((error: unknown) => unknownValidations(fresh, error instanceof Error ? error.message : String(error)));
		void answer.then((results) => {
			if (!mounted.current) return;
			setStates((previous) => {
				const next = new Map(previous);
				fresh.forEach((snippet, i) => {
					const validation = results[snippet.id];
					if (validation) next.set(keys[i]!, {status: 'done', validation});
					else next.delete(keys[i]!);
				});
				return next;
			});
		});
	}, [validate, snippets]);
	return (snippet) => (validate ? states.get(keyOf(snippet)) : undefined);
}
