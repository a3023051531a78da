// The list and text widgets: keys that arrive together (one read holding ↓⏎, "abc⏎",
// three Backspaces and Enter...) are applied one by one against the latest state.
// First the pure parts (keysOf, the reducers), then the widgets in Ink, each key
// sequence written in ONE write, as a paste or typing ahead delivers it.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {keysOf, type Key} from '../source/ui/widgets/keys.js';
import {initialTextState, textOf, textReducer, type TextState} from '../source/ui/widgets/text-state.js';
import {selectKey, type SelectOption, type SelectState} from '../source/ui/widgets/select-state.js';
import {SelectList} from '../source/ui/widgets/select-list.js';
import {TextField} from '../source/ui/widgets/text-field.js';
import {initialPoliciesState, policiesReducer} from '../source/ui/policies/policies-state.js';
import {renderApp} from './helpers/ink.js';

test('keysOf splits one read into its keys, in order', () => {
	assert.deepEqual(keysOf('abc\r'), [{name: 'text', text: 'abc'}, {name: 'enter'}]);
	assert.deepEqual(keysOf('\u007F\u007F\u007F\r'), [{name: 'backspace'}, {name: 'backspace'}, {name: 'backspace'}, {name: 'enter'}]);
	assert.deepEqual(keysOf('\u0015new\r'), [{name: 'ctrl', letter: 'u'}, {name: 'text', text: 'new'}, {name: 'enter'}]);
	assert.deepEqual(keysOf('\u001B[B\r\u001Bbx\u001B'), [{name: 'down'}, {name: 'enter'}, {name: 'wordLeft'}, {name: 'text', text: 'x'}, {name: 'escape'}]);
	assert.deepEqual(keysOf('a\r\nb'), [{name: 'text', text: 'a'}, {name: 'enter'}, {name: 'text', text: 'b'}]);
	assert.deepEqual(keysOf('é😀\u0000\u0085x'), [{name: 'text', text: 'é😀'}, {name: 'text', text: 'x'}]);
	const named: Array<[string, Key['name']]> = [
		['\u001B[B', 'down'],
		['\u001B[A', 'up'],
		['\u001BOC', 'right'],
		['\u001B[H', 'home'],
		['\u001B[1~', 'home'],
		['\u001B[F', 'end'],
		['\u001B[4~', 'end'],
		['\u001B[3~', 'delete'],
		['\u001B[5~', 'pageUp'],
		['\u001B[Z', 'backTab'],
		['\u001B', 'escape'],
		['\u001Bb', 'wordLeft'],
		['\u001Bf', 'wordRight'],
		['\u001B[1;5D', 'wordLeft'],
		['\u001B[1;3C', 'wordRight'],
		['\u001B\u007F', 'deleteWordLeft'],
		['\u001Bd', 'deleteWordRight'],
		['\u001B[15~', 'unknown'],
	];
	for (const [raw, name] of named) assert.equal(keysOf(raw)[0]?.name, name, JSON.stringify(raw));
});

function edit(start: string, ...keys: string[]): TextState {
	return keys.flatMap(keysOf).reduce(textReducer, initialTextState(start));
}

test('a text field edits like a shell line', () => {
	assert.equal(textOf(edit('orders-exports', 'analytics')), 'analytics', 'the first printable key replaces a pre-filled value');
	assert.equal(textOf(edit('orders-exports', '\u0015')), '', 'Ctrl-U clears it');
	assert.equal(textOf(edit('orders-exports', '\u007F\u007F\u007F\u007F\u007F\u007F\u007F\u007F')), 'orders', 'Backspace edits it');
	assert.equal(textOf(edit('orders', '\u001B[D', 'x')), 'orderxs', '← then typing inserts before the last character');
	assert.equal(textOf(edit('', 'hello world', '\u0001', '\u001B[3~')), 'ello world', 'Ctrl-A then Delete removes the first character');
	assert.equal(textOf(edit('', 'hello world', '\u0017')), 'hello ', 'Ctrl-W removes the word before the cursor');
	assert.equal(textOf(edit('', 'exports/orders/', '\u0017')), '', 'Ctrl-W: a word runs to whitespace');
	assert.equal(textOf(edit('', 'exports/orders/', '\u001B\u007F')), 'exports/', 'Alt-Backspace: a word is letters and digits');
	assert.equal(textOf(edit('', 'one two three', '\u001Bb', '\u001Bb', '\u000B')), 'one ', 'Alt-B twice, then Ctrl-K');
	assert.equal(textOf(edit('', 'one two three', '\u0001', '\u001Bf', '\u0015')), ' two three', 'Alt-F, then Ctrl-U');
	assert.equal(textOf(edit('', 'one two', '\u001B[H', '\u001B[F', '!')), 'one two!', 'Home then End');
	assert.equal(textOf(edit('', 'ab', '\u0002', '\u0002', '\u0006', '\u0004')), 'a', 'Ctrl-B, Ctrl-F, Ctrl-D');
	assert.equal(textOf(edit('abc', '\u001B[D', 'X')), 'abXc', 'a moved cursor ends the "replace" mode');
	assert.equal(textOf(edit('a😀b', '\u001B[D', '\u007F')), 'ab', 'the cursor never splits a character');
	const untouched = initialTextState('x');
	assert.equal(textReducer(untouched, {name: 'enter'}), untouched, 'Enter is the widget\'s business, not an edit');
});

const COLOURS: SelectOption[] = ['red', 'green', 'blue', 'cyan'].map((c) => ({value: c, label: c}));

function choose(keys: string, context: Partial<Parameters<typeof selectKey>[2]> = {}, start: SelectState = {filter: ''}) {
	let state = start;
	for (const key of keysOf(keys)) {
		const step = selectKey(state, key, {options: COLOURS, filterable: false, rows: 8, submitTyped: false, ...context});
		state = step.state;
		if (step.outcome) return step.outcome;
	}
	return undefined;
}

test('a list applies each key to the state the previous one left', () => {
	assert.deepEqual(choose('\u001B[B\r'), {kind: 'submit', value: 'green'});
	assert.deepEqual(choose('\u001B[B\u001B[B\u001B[A\r'), {kind: 'submit', value: 'green'});
	assert.deepEqual(choose('\u001B[F\r'), {kind: 'submit', value: 'cyan'});
	assert.deepEqual(choose('\u000E\u000E\r'), {kind: 'submit', value: 'blue'}, 'Ctrl-N moves down');
	assert.deepEqual(choose('bl\r', {filterable: true}), {kind: 'submit', value: 'blue'});
	assert.deepEqual(choose('bx\u007F\u007Fre\r', {filterable: true}), {kind: 'submit', value: 'red'}, 'Backspace narrows less');
	assert.deepEqual(choose('mauve\r', {filterable: true, submitTyped: true}), {kind: 'submit', value: 'mauve'});
	assert.equal(choose('mauve\r', {filterable: true}), undefined, 'no match and nothing typed is allowed: Enter does nothing');
	assert.equal(choose('gr\u001B', {filterable: true}), undefined, 'Esc first clears the filter');
	assert.deepEqual(choose('\u001B'), {kind: 'back'});
	assert.deepEqual(choose('\u001B[Z'), {kind: 'back'});
	assert.deepEqual(choose('x\r', {}, {filter: '', highlighted: 'blue'}), {kind: 'submit', value: 'blue'}, 'a list without a filter ignores letters');
	assert.deepEqual(choose('\u007F\u007F\r', {filterable: true}, {filter: '', highlighted: 'blue'}), {kind: 'submit', value: 'blue'}, 'Backspace on an empty filter leaves the proposal highlighted');
	assert.deepEqual(choose('\u0017\r', {filterable: true}, {filter: '', highlighted: 'blue'}), {kind: 'submit', value: 'blue'}, 'so does Ctrl-W');
});

test('a list still loading: Enter takes the proposal not listed yet by name, never the first option listed', () => {
	const proposed: SelectState = {filter: '', highlighted: 'orders'};
	assert.deepEqual(choose('\r', {loading: true}, proposed), {kind: 'submit', value: 'orders'});
	// ↓ from the proposal (drawn above the list) goes to the first option listed.
	assert.deepEqual(choose('\u001B[B\r', {loading: true}, proposed), {kind: 'submit', value: 'red'});
	// Typing to narrow leaves the proposal: Enter takes the match.
	assert.deepEqual(choose('gr\r', {loading: true, filterable: true}, proposed), {kind: 'submit', value: 'green'});
	// Listed now (or the list is complete): the options as shown.
	assert.deepEqual(choose('\r', {loading: true}, {filter: '', highlighted: 'blue'}), {kind: 'submit', value: 'blue'});
	assert.deepEqual(choose('\r', {loading: false}, proposed), {kind: 'submit', value: 'red'});
});

test('widgets in Ink: keys written in one write are all applied, in order', async () => {
	const chosen: string[] = [];
	const backs: string[] = [];
	const cases: Array<{name: string; element: React.ReactElement; keys: string; expected: string}> = [
		{name: 'list ↓⏎', element: <SelectList options={COLOURS} onSubmit={(v) => chosen.push(v)} />, keys: '\u001B[B\r', expected: 'green'},
		{name: 'list ↓↓⏎ from a default', element: <SelectList options={COLOURS} defaultValue="green" onSubmit={(v) => chosen.push(v)} />, keys: '\u001B[B\u001B[B\r', expected: 'cyan'},
		{name: 'filter "cy⏎"', element: <SelectList options={COLOURS} filterable onSubmit={(v) => chosen.push(v)} />, keys: 'cy\r', expected: 'cyan'},
		{name: 'text "abc⏎"', element: <TextField onSubmit={(v) => chosen.push(v)} />, keys: 'abc\r', expected: 'abc'},
		{name: 'text ⌫⌫⌫⏎', element: <TextField initialValue="orders-exports" onSubmit={(v) => chosen.push(v)} />, keys: '\u007F\u007F\u007F\r', expected: 'orders-expo'},
		{name: 'text ^U new⏎', element: <TextField initialValue="orders-exports" onSubmit={(v) => chosen.push(v)} />, keys: '\u0015new\r', expected: 'new'},
		{name: 'text replaces a proposal', element: <TextField initialValue="orders-exports" onSubmit={(v) => chosen.push(v)} />, keys: 'analytics-landing\r', expected: 'analytics-landing'},
		{name: 'masked "123456⏎"', element: <TextField mask="•" onSubmit={(v) => chosen.push(v)} />, keys: '123456\r', expected: '123456'},
	];
	for (const {name, element, keys, expected} of cases) {
		chosen.length = 0;
		const app = await renderApp(element);
		try {
			await app.press(keys);
			await app.waitFor(() => chosen.length > 0, 3000).catch(() => {});
			assert.deepEqual(chosen, [expected], name);
		} finally {
			app.unmount();
		}
	}
	// Enter ends the widget's turn: a second Enter in the same read does not answer again.
	chosen.length = 0;
	const twice = await renderApp(<SelectList options={COLOURS} onSubmit={(v) => chosen.push(v)} onBack={() => backs.push('back')} />);
	try {
		await twice.press('\u001B[B\r');
		await twice.press('\r');
		assert.deepEqual(chosen, ['green', 'green'], 'a later read is a new answer');
		chosen.length = 0;
		const text = await renderApp(<TextField onSubmit={(v) => chosen.push(v)} />);
		await text.press('ab\r\rcd');
		assert.deepEqual(chosen, ['ab'], 'the rest of the read after Enter is dropped');
		text.unmount();
	} finally {
		twice.unmount();
	}
	const masked = await renderApp(<TextField mask="•" initialValue="" onSubmit={() => {}} />);
	try {
		await masked.press('1234');
		assert.match(masked.frame(), /••••/);
		assert.doesNotMatch(masked.frame(), /1234/, 'a masked field never shows what was typed');
	} finally {
		masked.unmount();
	}
	const proposal = await renderApp(<TextField initialValue="orders-exports" onSubmit={() => {}} />);
	try {
		assert.match(proposal.frame(), /orders-exports.*typing replaces it · Ctrl-U clears/, 'a pre-filled field names the key that clears it');
		await proposal.press('\u001B[D');
		assert.doesNotMatch(proposal.frame(), /typing replaces it/, 'once edited, typing inserts');
	} finally {
		proposal.unmount();
	}
});

test('the policies list: ↓ then Enter in one read opens the snippet ↓ moved to', () => {
	const ids = ['caller-identity-policy', 'bucket-policy', 'key-policy-caller'] as const;
	const moved = policiesReducer(initialPoliciesState, {type: 'move', by: 1, ids: [...ids]});
	const opened = policiesReducer(moved, {type: 'open-highlighted', ids: [...ids], pane: 'document'});
	assert.equal(opened.open, 'bucket-policy');
	assert.equal(policiesReducer(initialPoliciesState, {type: 'open-highlighted', ids: [], pane: 'document'}), initialPoliciesState, 'nothing to open');
});
