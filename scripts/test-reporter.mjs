// A quiet reporter for node's test runner: when everything passes it prints what the test
// files themselves print (their one-line figures) and the runner's summary, in the
// runner's own words (`# pass N`, `# fail N`), which CI reads. A failing test is printed
// in full: its file, its name within its suites, and the error. Anything a test file
// writes to stderr is shown too, so a new warning (React's act(), a Node deprecation)
// cannot hide. `npm test -- --verbose` gives the runner's usual TAP output instead.
import {inspect} from 'node:util';

const SUMMARY = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo', 'duration_ms'];
// Printed only when not zero.
const QUIET_WHEN_ZERO = new Set(['suites', 'cancelled', 'skipped', 'todo']);

function indent(text, by = '    ') {
	return text
		.split('\n')
		.map((line) => (line ? by + line : line))
		.join('\n');
}

function describeError(error) {
	// The runner wraps what the test threw: the cause is the assertion or the bug.
	const cause = error?.code === 'ERR_TEST_FAILURE' && error.cause ? error.cause : error;
	return inspect(cause, {depth: 4, colors: false});
}

export default async function* quietReporter(source) {
	// Names of the suites being run, by nesting, to say where a failure is.
	const path = [];
	const summary = new Map();
	let done = 0;
	const progress = process.stdout.isTTY;
	const clear = progress ? '\r\u001B[K' : '';
	for await (const event of source) {
		const {type, data} = event;
		if (type === 'test:start') {
			path[data.nesting] = data.name;
			path.length = data.nesting + 1;
		} else if (type === 'test:pass') {
			if (data.details?.type !== 'suite') done++;
			if (progress && done % 10 === 0) yield `${clear}${done} passed…`;
		} else if (type === 'test:fail') {
			if (data.details?.type === 'suite' && data.details.error?.failureType === 'subtestsFailed') continue;
			const where = data.file ?? '';
			const name = [...path.slice(0, data.nesting), data.name].join(' › ');
			yield `${clear}✖ ${name}${where ? `\n  ${where}` : ''}\n${indent(describeError(data.details?.error))}\n\n`;
		} else if (type === 'test:stdout' || type === 'test:stderr') {
			yield `${clear}${data.message}`;
		} else if (type === 'test:diagnostic' && data.nesting === 0) {
			const [key, value] = data.message.split(' ');
			if (SUMMARY.includes(key) && value !== undefined) summary.set(key, value);
			else yield `# ${data.message}\n`;
		}
	}
	yield clear;
	for (const key of SUMMARY) {
		const value = summary.get(key);
		if (value === undefined || (QUIET_WHEN_ZERO.has(key) && value === '0')) continue;
		yield `# ${key} ${value}\n`;
	}
}
