// Chooses the face for a command (Ink wizard, line mode, a command without questions)
// and wires the flags, the demo sandbox, the gateway and the signals together. Every
// path ends here with an exit code: one exit path.

import {randomUUID} from 'node:crypto';
import {setMaxListeners} from 'node:events';
import {isUserFacingError} from '../core/errors.js';
import {AwsCallError, type AwsGateway} from '../core/ports.js';
import type {Draft} from '../core/wizard/fields.js';
import {stdinCanAnswer} from '../line-mode/line-input.js';
import {readFileSync} from 'node:fs';
import {isBatch, timeoutsOf, type CliOptions} from './arguments.js';
import type {BatchFlags} from './batch-plan-from-flags.js';
import {didYouMean} from './did-you-mean.js';
import {awsFailure, badInput, EXIT, flagProblemsError, isAbortError, missingFlagsError, type CommandContext} from './commands/context.js';
import {CommandError, Output} from './commands/output.js';
import type {Demo} from './demo.js';
import {isInCi} from './ci.js';
import {networkProblems} from './network-flags.js';
import {mergeDefaults, missingFlags, planFromFlags, type FlagsPlan} from './plan-from-flags.js';

/** What the Ink face is started with. */
export interface Runtime {
	options: CliOptions;
	/** The demo scenario's proposed answers (Enter accepts them). */
	defaults: Partial<Draft>;
	/** The flags, checked: answers given as flags (not asked unless invalid), the endpoint URL. */
	flags: FlagsPlan;
	/** Called once the face handles SIGINT and SIGTERM itself. */
	signalsTaken?: () => void;
}

export function makeClientToken(): string {
	return randomUUID();
}

type Face = 'ink' | 'line' | 'command';

/** Which face runs `export` (the wizard), or the reason nothing can ask. */
function exportFace(options: CliOptions): Face | {refuse: string} {
	if (options.yes) return 'command';
	if (options.output !== undefined) return {refuse: `--output ${options.output} prints one document and asks nothing, so it needs --yes`};
	if (isInCi()) return {refuse: 'CI is set, so nothing is asked'};
	// A dumb terminal cannot move the cursor: the full-screen wizard would be unreadable.
	if (process.stdin.isTTY && process.stdout.isTTY && !options.plain && process.env.TERM !== 'dumb') return 'ink';
	if (!stdinCanAnswer()) return {refuse: 'standard input is closed or /dev/null, so nothing can be asked'};
	return 'line';
}

interface Signals {
	/** Aborted by the first Ctrl-C or SIGTERM (commands without questions). */
	abort: AbortController;
	received?: NodeJS.Signals;
	listeners: Set<(signal: 'SIGINT' | 'SIGTERM') => void>;
	dispose: () => void;
}

/**
 * Until a face handles them (catchSignals, the Ink face), Ctrl-C and SIGTERM end the run at
 * once with the promised exit code and one line; Node's default ended it without a word
 * (while the demo's sandbox started, say). Returns the function that lets go of them.
 */
function endOnSignalUntilHandled(out: Output): () => void {
	const onSignal = (signal: NodeJS.Signals) => {
		const terminated = signal === 'SIGTERM';
		out.error({code: terminated ? 'Terminated' : 'Interrupted', message: terminated ? 'Terminated.' : 'Stopped (Ctrl-C).'});
		process.exit(terminated ? EXIT.terminated : EXIT.interrupted);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	return () => {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	};
}

/** Ctrl-C and SIGTERM without a stack trace. A second one while stopping ends the process. */
function catchSignals(face: Face): Signals {
	const signals: Signals = {abort: new AbortController(), listeners: new Set(), dispose: () => {}};
	// Every concurrent AWS call of the checks listens on this one signal.
	setMaxListeners(200, signals.abort.signal);
	let count = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		count++;
		signals.received = signal;
		if (count > 1 && (face === 'command' || signal === 'SIGTERM')) {
			process.stderr.write('ddb-export: stopped.\n');
			process.exit(signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);
		}
		if (face === 'command') signals.abort.abort();
		for (const listener of signals.listeners) listener(signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	signals.dispose = () => {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	};
	return signals;
}

/** What every face says when the SDK retries a request. */
export function retryMessage(event: {service: string; operation: string; attempt: number; error: string}): string {
	return `Retrying ${event.service} ${event.operation} (attempt ${event.attempt}): ${event.error}`;
}

/** `onRetry` says where "retrying…" goes (the wizard's state in line mode, stderr otherwise). */
async function createGateway(options: CliOptions, flags: FlagsPlan, onRetry: (message: string) => void): Promise<AwsGateway> {
	const {createAwsGateway} = await import('../aws/gateway.js');
	return createAwsGateway({
		endpointUrl: flags.endpointUrl,
		caBundle: options.caBundle,
		timeouts: timeoutsOf(options),
		onRetry: (event) => onRetry(retryMessage(event)),
		debug: options.debug ? (line) => process.stderr.write(`[debug] ${line}\n`) : undefined,
	});
}

/** An MFA code typed on the terminal (stderr shows the prompt, stdout stays clean). */
function mfaAsker(): ((serial: string) => Promise<string>) | undefined {
	if (!process.stdin.isTTY || !process.stderr.isTTY || isInCi()) return undefined;
	return async (serial) => {
		const {default: password} = await import('@inquirer/password');
		return password({message: `MFA code for ${serial}?`, mask: '•'}, {output: process.stderr});
	};
}

async function runCommand(ctx: CommandContext): Promise<number> {
	switch (ctx.options.command) {
		case 'export':
			return (await import('./commands/export-command.js')).runExportCommand(ctx);
		case 'check':
			return (await import('./commands/check-command.js')).runCheckCommand(ctx);
		case 'policies':
			return (await import('./commands/policies-command.js')).runPoliciesCommand(ctx);
		case 'watch':
			return (await import('./commands/watch-command.js')).runWatchCommand(ctx);
		case 'list':
			return (await import('./commands/list-command.js')).runListCommand(ctx);
		case 'diagnose':
			return (await import('./commands/diagnose-command.js')).runDiagnoseCommand(ctx);
		case 'next':
			return (await import('./commands/next-command.js')).runNextCommand(ctx);
		case 'verify':
			return (await import('./commands/verify-command.js')).runVerifyCommand(ctx);
		case 'read':
			return (await import('./commands/read-command.js')).runReadCommand(ctx);
		case 'completion':
			throw new Error('completion is answered before any command runs');
	}
}

/** The table's title for each command's document: the AWS operation it mirrors, where there is one. */
const DOCUMENT_TITLES: Record<CliOptions['command'], string> = {
	export: 'ExportTableToPointInTime',
	check: 'CheckExport',
	policies: 'ExportPolicies',
	watch: 'DescribeExport',
	list: 'ListExports',
	diagnose: 'DiagnoseExport',
	next: 'NextSteps',
	verify: 'VerifyExport',
	read: 'ReadExport',
	completion: 'Completion',
};

/** --query compiled (a syntax error is bad input, before anything runs), or undefined. */
async function compileQuery(expression: string | undefined): Promise<{ok: true; query?: (data: unknown) => unknown} | {ok: false; message: string}> {
	if (expression === undefined) return {ok: true};
	// jmespath exports compile() too (its types leave it out): it parses without a document.
	type JmesPath = typeof import('jmespath') & {compile(expression: string): unknown};
	const module = (await import('jmespath')) as JmesPath & {default?: JmesPath};
	const jmespath = module.default ?? module;
	try {
		jmespath.compile(expression);
	} catch (error) {
		return {ok: false, message: `--query: ${(error as Error).message} in "${expression}" (a JMESPath expression, as in the AWS CLI).`};
	}
	return {ok: true, query: (data) => jmespath.search(data as never, expression)};
}

/** `ddb-export completion SHELL`: the script on stdout. */
async function printCompletion(options: CliOptions, out: Output): Promise<number> {
	const {completionScript, SHELLS} = await import('./completion.js');
	const shell = options.positionals[0];
	if (shell === 'names') {
		// What the scripts call on Tab: names or nothing, never an error.
		const {completionNames, NAME_KINDS} = await import('./completion-names.js');
		const kind = options.positionals[1];
		if ((NAME_KINDS as readonly string[]).includes(kind ?? '')) {
			const names = await completionNames(kind as (typeof NAME_KINDS)[number], options);
			if (names.length > 0) process.stdout.write(`${names.join('\n')}\n`);
		}
		return 0;
	}
	if (shell === undefined || !(SHELLS as readonly string[]).includes(shell) || options.positionals.length > 1) {
		const {didYouMean} = await import('./did-you-mean.js');
		const hint = shell === undefined ? '' : didYouMean(shell, SHELLS);
		return reportFailure(badInput(`completion needs a shell: bash, zsh or fish${shell === undefined ? '' : ` (got "${shell}")`}.${hint}`, [], 'ddb-export completion bash'), out, undefined);
	}
	const {scenarioNames} = await import('./demo.js');
	process.stdout.write(completionScript(shell as 'bash' | 'zsh' | 'fish', await scenarioNames()));
	return 0;
}

/** Expected problems → words (or {"error"}) and their exit code; bugs keep their stack. */
function reportFailure(error: unknown, out: Output, signals: Signals | undefined): number {
	const terminated = signals?.received === 'SIGTERM';
	if (error instanceof CommandError) {
		out.error({code: error.code, message: error.message, cause: error.cause, fix: error.fix, command: error.command, details: error.details});
		return error.exitCode === EXIT.interrupted && terminated ? EXIT.terminated : error.exitCode;
	}
	if (isAbortError(error)) {
		out.error({code: terminated ? 'Terminated' : 'Interrupted', message: terminated ? 'Terminated.' : 'Stopped (Ctrl-C).'});
		return terminated ? EXIT.terminated : EXIT.interrupted;
	}
	if (error instanceof AwsCallError) return reportFailure(awsFailure(error), out, signals);
	if (isUserFacingError(error)) {
		out.error({code: 'Error', message: error.message, cause: error.cause, fix: error.fix, command: error.command});
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	out.error({code: 'InternalError', message: `Unexpected error (a bug; please report it): ${message}`, fix: 'Report it with the command that led here.'});
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	return 70;
}

/**
 * Read from the shared config files: a typo in a --profile, or a profile's retry setting
 * that is not valid, is bad input, found before any AWS call.
 */
async function checkProfiles(gateway: AwsGateway, options: CliOptions, defaults: Partial<Draft>): Promise<void> {
	const known = options.profiles.length === 0 ? [] : (await gateway.listProfiles()).map((p) => p.name);
	for (const profile of options.profiles) {
		if (!known.includes(profile)) {
			throw badInput(
				`--profile: there is no profile "${profile}" in your AWS config or credentials file.${didYouMean(profile, known)}`,
				known.length > 0 ? [`Profiles: ${known.join(', ')}`] : [],
				`Choose one of those, or create it with: aws configure --profile ${profile}`,
			);
		}
	}
	const {profileSettingProblems} = await import('../aws/network-settings.js');
	for (const profile of options.profiles.length > 1 ? options.profiles : [options.profile ?? defaults.profile]) {
		const settingProblems = await profileSettingProblems(profile);
		if (settingProblems.length > 0) {
			throw badInput(settingProblems.join(' '), [], 'Correct it in your AWS config file (or override it with AWS_MAX_ATTEMPTS / AWS_RETRY_MODE); nothing was sent to AWS.');
		}
	}
}

/** Why a batch's yes/no questions cannot be asked here (without --yes), or undefined. */
function batchRefusal(options: CliOptions): string | undefined {
	if (options.output !== undefined) return `--output ${options.output} prints one document and asks nothing, so it needs --yes`;
	if (isInCi()) return 'CI is set, so nothing is asked';
	if (options.tablesFrom === '-') return '--tables-from - reads the tables from standard input, so no answer can come from there';
	if (!stdinCanAnswer()) return 'standard input is closed or /dev/null, so nothing can be asked';
	return undefined;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
	let text = '';
	stream.setEncoding('utf8');
	for await (const chunk of stream) text += chunk;
	return text;
}

export async function runCli(options: CliOptions): Promise<number> {
	if (options.version) {
		const {default: pkg} = await import('../../package.json', {with: {type: 'json'}});
		process.stdout.write(`ddb-export ${pkg.version}\n`);
		return 0;
	}
	if (options.demo === 'scenarios') {
		const {listScenarios} = await import('./demo.js');
		process.stdout.write(await listScenarios());
		return 0;
	}
	if (options.generateCliSkeleton) {
		const {cliSkeleton} = await import('./cli-input-json.js');
		process.stdout.write(cliSkeleton());
		return 0;
	}
	const compiled = await compileQuery(options.query);
	const out = new Output(options.output, {stdout: process.stdout, stderr: process.stderr}, {
		query: compiled.ok ? compiled.query : undefined,
		title: DOCUMENT_TITLES[options.command],
		columns: process.stdout.columns || 80,
	});
	if (!compiled.ok) return reportFailure(badInput(compiled.message), out, undefined);
	if (options.command === 'completion') return printCompletion(options, out);
	const releaseEarlySignals = endOnSignalUntilHandled(out);
	// Every flag is checked before the sandbox starts or AWS is called.
	const batch = isBatch(options) && options.command !== 'policies';
	const flags = planFromFlags(options);
	// A batch's tables and profiles are checked by its own flags, with the file and line of each.
	if (batch) {
		flags.problems = flags.problems.filter((p) => p.flag !== '--table-arn' && p.flag !== '--profile' && !(p.flag === '--region' && p.message.startsWith('The table is in')));
		// No one table, no one profile: each table and its profile come from the batch's flags.
		delete flags.table;
		delete flags.given.table;
		if (options.tableArns.length > 0 && options.region === undefined) {
			delete flags.region;
			delete flags.given.region;
		}
		if (options.profiles.length > 1) delete flags.given.profile;
	}
	if (flags.problems.length > 0) return reportFailure(flagProblemsError(flags), out, undefined);
	let batchFlags: BatchFlags | undefined;
	if (batch) {
		const {batchFlagsFrom} = await import('./batch-plan-from-flags.js');
		const checked = await batchFlagsFrom(options, {tablesRequired: options.command !== 'watch', readFile: (path) => readFileSync(path, 'utf8'), readStdin: () => readAll(process.stdin)});
		if (!checked.ok) return reportFailure(flagProblemsError(checked), out, undefined);
		batchFlags = checked.value;
	}
	const network = networkProblems(options);
	if (network.length > 0) {
		const message = network.length === 1 ? network[0]! : 'The network settings are not valid:';
		return reportFailure(badInput(message, network.length === 1 ? [] : network, network.length === 1 ? 'Correct it and run again; nothing was sent to AWS.' : 'Correct them and run again; nothing was sent to AWS.'), out, undefined);
	}
	if ((options.command === 'check' || options.command === 'policies') && options.positionals.length > 0) {
		return reportFailure(new CommandError('BadInput', `${options.command} takes flags only (got "${options.positionals[0]}").`, {exitCode: EXIT.badInput}), out, undefined);
	}
	if (options.write !== undefined && options.command !== 'policies') {
		return reportFailure(new CommandError('BadInput', '--write belongs to the policies command: ddb-export policies --write DIR.', {exitCode: EXIT.badInput}), out, undefined);
	}

	let face: Face = 'command';
	if (batch && options.command === 'export' && !options.yes) {
		// A batch is given by its flags: what remains to ask is yes or no, line by line.
		const refuse = batchRefusal(options);
		if (refuse) {
			return reportFailure(new CommandError('CannotPrompt', `Nothing can be asked here: ${refuse}.`, {
				fix: 'Add --yes to run the batch with the flags given (checks first; it stops on a failed shared check), or run in a terminal.',
				exitCode: EXIT.badInput,
			}), out, undefined);
		}
		face = 'line';
	} else if (options.command === 'export' && !batch) {
		const chosen = exportFace(options);
		if (typeof chosen === 'object') {
			const missing = missingFlags(flags, mergeDefaults({}, flags.given));
			const error = missing.length > 0 && !options.demo
				? missingFlagsError(missing, `${chosen.refuse}.`)
				: new CommandError('CannotPrompt', `Nothing can be asked here: ${chosen.refuse}.`, {
						fix: 'Add --yes to run the export with the flags given (checks first), or run in a terminal.',
						exitCode: EXIT.badInput,
					});
			return reportFailure(error, out, undefined);
		}
		face = chosen;
	}

	// The Ink face loads while the demo's sandbox starts (each waits on files part of the time).
	const inkFace = face === 'ink' ? import('./ink-face.js') : undefined;
	inkFace?.catch(() => {});
	let demo: Demo | undefined;
	if (options.demo) {
		const {startDemo, demoTimingsFromEnv} = await import('./demo.js');
		const timings = demoTimingsFromEnv(process.env);
		if (!timings.ok) return reportFailure(new CommandError('BadInput', `--demo: ${timings.message}`, {exitCode: EXIT.badInput}), out, undefined);
		try {
			demo = await startDemo(options.demo, timings.value);
		} catch (error) {
			const {scenarioNames} = await import('./demo.js');
			const names = await scenarioNames();
			const message = names.includes(options.demo)
				? `--demo: ${(error as Error).message}`
				: `--demo: there is no scenario "${options.demo}".${(await import('./did-you-mean.js')).didYouMean(options.demo, names)}`;
			return reportFailure(new CommandError('BadInput', message, {exitCode: EXIT.badInput, fix: names.includes(options.demo) ? undefined : 'ddb-export --demo scenarios lists them.'}), out, undefined);
		}
	}
	const defaults = demo?.defaults ?? {};
	// The Ink face handles Ctrl-C as a key and SIGTERM itself.
	// A batch's questions are yes or no between steps: Ctrl-C stops what runs, as in a command.
	const signals = face === 'ink' ? undefined : catchSignals(batchFlags ? 'command' : face);
	if (signals) releaseEarlySignals();
	const commandContext = (gateway: AwsGateway): CommandContext => ({
		options,
		demo,
		defaults,
		flags,
		out,
		gateway,
		signal: signals!.abort.signal,
		askMfa: mfaAsker(),
		stdin: process.stdin,
		now: () => new Date(),
	});
	try {
		if (face === 'ink') {
			const {runInkWizard} = await inkFace!;
			return await runInkWizard({options, defaults, flags, signalsTaken: releaseEarlySignals});
		}
		let notifyRetry = (message: string) => out.note(message);
		const gateway = await createGateway(options, flags, (message) => notifyRetry(message));
		if (batchFlags) {
			await checkProfiles(gateway, options, defaults);
			const prompter = face === 'line' ? (await import('../line-mode/line-prompts.js')).createPrompter({stdin: process.stdin, output: process.stderr}) : undefined;
			if (prompter) signals!.listeners.add(() => prompter.cancel());
			try {
				const {runBatchCommand} = await import('./commands/batch-command.js');
				return await runBatchCommand(commandContext(gateway), batchFlags, prompter);
			} finally {
				prompter?.close();
			}
		}
		if (face === 'line') {
			const {runLineWizard} = await import('../line-mode/run-line-wizard.js');
			const {createPrompter} = await import('../line-mode/line-prompts.js');
			const output = !process.stdout.isTTY && process.stderr.isTTY ? process.stderr : process.stdout;
			const prompter = createPrompter({stdin: process.stdin, output});
			try {
				return await runLineWizard({
					gateway,
					defaults,
					given: flags.given,
					probe: options.probe,
					prompter,
					clientToken: flags.clientToken,
					makeClientToken,
					onController: (controller) => {
						notifyRetry = controller.notifyRetry;
					},
					onSignal: (listener) => {
						signals!.listeners.add(listener);
						return () => signals!.listeners.delete(listener);
					},
				});
			} finally {
				prompter.close();
			}
		}
		await checkProfiles(gateway, options, defaults);
		return await runCommand(commandContext(gateway));
	} catch (error) {
		return reportFailure(error, out, signals);
	} finally {
		signals?.dispose();
		// The work is done but the process still has to close its sockets (and the demo's
		// sandbox): a signal now ends it as promised (one line, 130/143), not by Node's default.
		endOnSignalUntilHandled(out);
		await demo?.stop();
	}
}
