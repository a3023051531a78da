// The type-ahead between the wizard's questions (source/ui/widgets/type-ahead.ts), as pure steps.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {keysOf, type Key} from '../source/ui/widgets/keys.js';
import {keyWithoutQuestion, questionTakes, routeKeys, TYPE_AHEAD_CLOSED, TYPE_AHEAD_START, type TypeAheadState} from '../source/ui/widgets/type-ahead.js';

/** A question that answers on Enter and goes back on Esc; what it saw. */
function question(seen: string[] = []) {
	const handle = (key: Key): 'done' | void => {
		seen.push(key.name === 'text' ? key.text : key.name);
		if (key.name === 'enter' || key.name === 'escape' || key.name === 'backTab') return 'done';
	};
	return {handle, seen};
}

test('keys left after an answer are kept, in order, for the next question', () => {
	const first = question();
	const after = routeKeys(TYPE_AHEAD_START, keysOf('ab\r\rcd\r'), first.handle);
	assert.deepEqual(first.seen, ['ab', 'enter']);
	assert.equal(after.held, false, 'the first question ended its turn');
	const next = questionTakes(after.state, false);
	assert.deepEqual(next.keys, keysOf('\rcd\r'));
	// The next question takes one Enter; the rest is kept for the one after.
	const second = question();
	const rest = routeKeys(next.state, next.keys, second.handle);
	assert.deepEqual(second.seen, ['enter']);
	assert.deepEqual(questionTakes(rest.state, false).keys, keysOf('cd\r'));
});

test('keys that arrive while no question holds the keyboard are kept after an answer, dropped when closed', () => {
	let state: TypeAheadState = routeKeys(TYPE_AHEAD_START, keysOf('\r'), question().handle).state;
	for (const key of keysOf('\r\u001B[B\r')) state = keyWithoutQuestion(state, key);
	assert.deepEqual(state.pending, keysOf('\r\u001B[B\r'));
	let closed: TypeAheadState = TYPE_AHEAD_CLOSED;
	for (const key of keysOf('\r\r')) closed = keyWithoutQuestion(closed, key);
	assert.deepEqual(closed.pending, []);
	assert.deepEqual(questionTakes(closed, false).keys, []);
});

test('the same question taking the keyboard again (answer refused or warned) drops what is pending', () => {
	const refused = routeKeys(TYPE_AHEAD_START, keysOf('abc\rxyz\r\r'), question().handle);
	assert.equal(refused.state.pending.length, 3);
	const again = questionTakes(refused.state, true);
	assert.deepEqual(again.keys, []);
	assert.deepEqual(again.state, TYPE_AHEAD_CLOSED);
	// And nothing arriving afterwards is kept until a question takes an answer again.
	assert.deepEqual(keyWithoutQuestion(again.state, {name: 'enter'}).pending, []);
});

test('Esc and Ctrl-C end the type-ahead', () => {
	// Shift+Tab (or Esc) handled by a question (back): the rest of the read is not kept.
	const back = routeKeys(TYPE_AHEAD_START, keysOf('\u001B[Z\r\r'), question().handle);
	assert.deepEqual(back.state, TYPE_AHEAD_CLOSED);
	// Esc or Ctrl-C while keys wait: all of them are dropped.
	const kept = routeKeys(TYPE_AHEAD_START, keysOf('\r\r\r'), question().handle).state;
	assert.equal(kept.pending.length, 2);
	assert.deepEqual(keyWithoutQuestion(kept, {name: 'escape'}), TYPE_AHEAD_CLOSED);
	assert.deepEqual(keyWithoutQuestion(kept, {name: 'backTab'}), TYPE_AHEAD_CLOSED);
	assert.deepEqual(keyWithoutQuestion(kept, {name: 'ctrl', letter: 'c'}), TYPE_AHEAD_CLOSED);
	// Ctrl-C while a question holds the keyboard: later keys of that read are not kept either.
	const seen: string[] = [];
	const interrupted = routeKeys(TYPE_AHEAD_START, keysOf('a\u0003\r\r'), question(seen).handle);
	assert.deepEqual(seen, ['a', 'ctrl'], 'the rest of the read after Ctrl-C is dropped');
	assert.deepEqual(interrupted.state, TYPE_AHEAD_CLOSED);
});

test('with no question and the type-ahead open (the first step loading), keys wait for the first question', () => {
	const kept = routeKeys(TYPE_AHEAD_START, keysOf('\r\r'), undefined);
	assert.equal(kept.held, false);
	assert.deepEqual(questionTakes(kept.state, false).keys, keysOf('\r\r'));
});

test('a question waiting for its answer to be read keeps the keys for the next question (and still sees Esc)', () => {
	const seen: string[] = [];
	const waiting = (key: Key): 'done' | 'keep' | void => {
		if (key.name === 'escape') {
			seen.push('escape');
			return 'done';
		}
		return 'keep';
	};
	const answered = routeKeys(TYPE_AHEAD_START, keysOf('\r'), question().handle).state;
	const kept = routeKeys(answered, keysOf('\r\u001B[B\r'), waiting);
	assert.equal(kept.held, true);
	assert.deepEqual(kept.state.pending, keysOf('\r\u001B[B\r'));
	const back = routeKeys(kept.state, [{name: 'escape'}], waiting);
	assert.deepEqual(seen, ['escape']);
	assert.deepEqual(back.state, TYPE_AHEAD_CLOSED);
});
