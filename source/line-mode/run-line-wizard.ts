// The wizard as a conversation of plain lines: the same WizardController, reducer,
// rules and steps as the Ink face, asked through inquirer's prompts (line-prompts.ts)
// one question at a time. For screen readers, dumb terminals, and answers piped in.

import {validateAccountId} from '../core/validate.js';
import {fixCommand, fixWords} from '../core/checks/in-place-fix.js';
import {allSnippetIds, DEFAULT_SAVE_DIR, snippetInputFrom} from '../core/policy/delivery.js';
import {buildSnippets} from '../core/policy/generate.js';
import type {AwsGateway} from '../core/ports.js';
import {renderAwsCommand, watchCommand} from '../core/render-aws-command.js';
import {tokenFor} from '../core/wizard/client-token.js';
import {WizardController} from '../core/wizard/controller.js';
import {
	bucketOptions,
	checksChoices,
	choiceOptions,
	finishedChoices,
	initialText,
	isChoiceField,
	isTextField,
	keyOptions,
	profileOptions,
	QUESTIONS,
	probeNotice,
	reviewOptions,
	tableOptions,
	textHint,
	TYPE_IT,
	type ChoiceOption,
} from '../core/wizard/field-options.js';
import type {Draft, FieldId} from '../core/wizard/fields.js';
import {draftChain, planFromDraft} from '../core/wizard/plan-from-draft.js';
import {chainProgressText} from '../core/incremental/chain-words.js';
import {chainCommands, chainLines} from '../ui/chain-lines.js';
import type {WizardSettings} from '../core/wizard/reducer.js';
import {exportElapsed, runElapsed} from '../core/wizard/export-outcome.js';
import {principalLabel} from '../core/wizard/summary.js';
import {duplicateQuestion} from '../core/wizard/export-start.js';
import type {ChecksChoice, DuplicateChoice, ExportRun, LoadKey, Problem, WizardState} from '../core/wizard/state.js';
import {
	checkDetailLines,
	checkLine,
	checksSummaryLine,
	exportOutcomeLines,
	planLines,
	problemLines,
	progressLine,
} from './format-lines.js';
import {UserLeft, type Prompter} from './line-prompts.js';
import {snippetLines, writeSnippetFiles} from './policy-files.js';

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export interface LineWizardOptions {
	gateway: AwsGateway;
	/** Proposed answers (the demo's plan). */
	defaults: Partial<Draft>;
	/** Answers given as flags: not asked unless invalid. */
	given: Partial<Draft>;
	probe: boolean;
	prompter: Prompter;
	/** --client-token: the first plan's token; makeClientToken makes one for each further plan. */
	clientToken?: string;
	makeClientToken: () => string;
	/** Registers for Ctrl-C / SIGTERM; returns the unregister function. */
	onSignal: (listener: (signal: InterruptSignal) => void) => () => void;
	settings?: WizardSettings;
	/** Gets the controller once made (the gateway's retry hook reports to it). */
	onController?: (controller: WizardController) => void;
	/** Plain lines are printed while an export runs when its status changes, or this often. */
	quietLineMs?: number;
}

const BACK = '\u0000back';
const BACK_OPTION: ChoiceOption = {value: BACK, label: 'Back', hint: 'to the previous question'};

/** What the conversation does next for a state, or undefined to wait for AWS. */
type Step =
	| {kind: 'exit'; code: number}
	| {kind: 'mfa'; serial: string; error?: string}
	| {kind: 'ask'; field: FieldId}
	| {kind: 'load-failed'; key: LoadKey; problem: Problem}
	| {kind: 'checks-done'}
	| {kind: 'policies'}
	| {kind: 'finished'; run: ExportRun}
	| {kind: 'detached'; run: ExportRun}
	| {kind: 'duplicate'; run: ExportRun};

function loadingOrIdle(status: string): boolean {
	return status === 'loading' || status === 'idle';
}

export function nextStep(state: WizardState): Step | undefined {
	const phase = state.phase;
	if (phase.kind === 'exit') return {kind: 'exit', code: phase.code};
	if (state.mfa) return {kind: 'mfa', serial: state.mfa.serial, error: state.mfa.error};
	const {loaded} = state;
	switch (phase.kind) {
		case 'asking': {
			const field = phase.field;
			if (field === 'profile') {
				if (loaded.profiles.status === 'failed') return {kind: 'load-failed', key: 'profiles', problem: loaded.profiles.problem};
				if (loaded.profiles.status !== 'ready') return undefined;
			}
			if (field === 'table' || field === 'destination') {
				if (loaded.identity.status === 'failed') return {kind: 'load-failed', key: 'identity', problem: loaded.identity.problem};
				if (field === 'table' && (loadingOrIdle(loaded.identity.status) || loadingOrIdle(loaded.tables.status))) return undefined;
			}
			// The chosen table is being read before it is taken (a name that does not exist is said here).
			if (state.pendingAnswer && loaded.table.status === 'loading') return undefined;
			if (field === 'bucket' && state.draft.destination !== 'other-account' && loadingOrIdle(loaded.buckets.status)) return undefined;
			if (field === 'kmsKey' && loadingOrIdle(loaded.keys.status)) return undefined;
			// "Since the last export": the review waits for the table's exports to be read.
			if (field === 'review' && state.draft.exportType === 'INCREMENTAL_EXPORT' && state.draft.incrementalMode === 'since-last' && draftChain(state.draft, loaded)?.status === 'loading') return undefined;
			return {kind: 'ask', field};
		}
		case 'checks':
			if (state.checks?.status === 'running' || state.checks?.fixing) return undefined;
			return {kind: 'checks-done'};
		case 'policies':
			return {kind: 'policies'};
		case 'export': {
			const run = phase.run;
			if (run.status === 'looking' || run.status === 'starting' || run.status === 'watching') return undefined;
			if (run.status === 'detached') return {kind: 'detached', run};
			if (run.status === 'duplicate') return {kind: 'duplicate', run};
			// A failed export is explained once the policies have been read again.
			if (run.status === 'failed' && run.reread?.status === 'reading') return undefined;
			return {kind: 'finished', run};
		}
	}
}

/** Prints what happens while nobody is asked: checks finishing, the export's progress. */
class ProgressLines {
	private printedChecks = new Set<string>();
	/** Results of the previous run, still shown while a re-run starts: not news. */
	private staleResults = new Set<object>();
	private checksRunning = false;
	private exportStatus?: string;
	/** The chain window whose lines were printed last (a new window prints its own). */
	private chainWindow?: string;
	private exportLineAt = 0;
	private retrying?: string;

	constructor(
		private readonly print: (line?: string) => void,
		private readonly quietLineMs: number,
	) {}

	update(state: WizardState): void {
		const checks = state.checks;
		if (state.phase.kind === 'checks' && checks) {
			if (checks.status === 'running' && !this.checksRunning) {
				this.checksRunning = true;
				this.printedChecks = new Set();
				this.staleResults = new Set(checks.results);
				this.print('Checking the prerequisites…');
			}
			for (const result of checks.results) {
				const final = result.status !== 'pending' && result.status !== 'running';
				if (final && !this.staleResults.has(result) && !this.printedChecks.has(result.id)) {
					this.printedChecks.add(result.id);
					this.print(checkLine(result));
				}
			}
			if (checks.status !== 'running') this.checksRunning = false;
		}
		if (state.phase.kind === 'export') {
			const run = state.phase.run;
			const now = Date.now();
			// A chain's next window is a new start: its line, then its progress.
			const window = run.chain ? `${run.chain.index}` : undefined;
			if (window !== this.chainWindow) {
				this.chainWindow = window;
				this.exportStatus = undefined;
				if (run.chain) this.print(chainProgressText(run.chain));
			}
			if (run.status === 'starting' && this.exportStatus === undefined) {
				this.exportStatus = 'STARTING';
				this.print(`Starting the export (client token ${run.clientToken})…`);
			}
			const status = run.description?.status;
			if (run.status === 'watching' && status && (status !== this.exportStatus || now - this.exportLineAt >= this.quietLineMs)) {
				this.exportStatus = status;
				this.exportLineAt = now;
				this.print(`${progressLine(run.description, exportElapsed(run.description, run.startedAt, now))} · ${run.description!.exportArn}`);
			}
		} else {
			this.exportStatus = undefined;
			this.chainWindow = undefined;
		}
		if (state.retrying && state.retrying !== this.retrying) this.print(`  (${state.retrying})`);
		this.retrying = state.retrying;
	}
}

export async function runLineWizard(options: LineWizardOptions): Promise<number> {
	const {prompter} = options;
	const print = prompter.print;
	let exitCode: number | undefined;
	const controller = new WizardController({
		gateway: options.gateway,
		defaults: options.defaults,
		given: options.given,
		probe: options.probe,
		clientToken: options.clientToken,
		makeClientToken: options.makeClientToken,
		settings: options.settings,
		onExit: (code) => {
			exitCode = code;
		},
	});
	options.onController?.(controller);
	const progress = new ProgressLines(print, options.quietLineMs ?? 30_000);
	let prompting = false;
	let wake: (() => void) | undefined;
	const unsubscribe = controller.subscribe((state) => {
		if (!prompting) progress.update(state);
		wake?.();
	});
	let terminated = false;
	const offSignal = options.onSignal((signal) => {
		if (signal === 'SIGTERM') {
			terminated = true;
			prompter.cancel();
			wake?.();
		} else if (prompting) prompter.cancel();
		// Ctrl-C outside a prompt: the same as in the Ink face (stop what runs; the next one quits).
		else controller.dispatch({type: 'interrupt'});
	});

	/** Resolves with the next step once there is one (AWS answers arrive as state changes). */
	const waitForStep = async (): Promise<Step> => {
		for (;;) {
			if (terminated) return {kind: 'exit', code: 143};
			const step = nextStep(controller.getState());
			if (step) return step;
			await new Promise<void>((resolve) => {
				wake = resolve;
			});
			wake = undefined;
		}
	};

	const asking = async <T>(work: () => Promise<T>): Promise<T> => {
		prompting = true;
		try {
			return await work();
		} finally {
			prompting = false;
		}
	};

	let shownProblem: Problem | undefined;
	print('ddb-export: answer each question; Enter accepts the proposed answer, Ctrl-C quits.');
	try {
		for (;;) {
			const step = await waitForStep();
			const state = controller.getState();
			switch (step.kind) {
				case 'exit':
					if (step.code === 143) print('Terminated.');
					return exitCode ?? step.code;
				case 'mfa': {
					if (step.error) print(`Error: ${step.error}`);
					const code = await asking(() => prompter.secret(`MFA code for ${step.serial}?`));
					controller.dispatch({type: 'mfa-code', code});
					break;
				}
				case 'load-failed': {
					if (shownProblem !== step.problem) {
						for (const line of problemLines(step.problem)) print(line);
						shownProblem = step.problem;
					}
					const choice = await asking(() =>
						prompter.select('What now?', [{value: 'retry', label: 'Try again'}, BACK_OPTION, {value: 'quit', label: 'Quit'}], 'retry'),
					);
					if (choice === 'retry') controller.dispatch({type: 'retry', key: step.key});
					else if (choice === BACK) controller.dispatch({type: 'back'});
					else return 1;
					break;
				}
				case 'ask': {
					if (state.fieldWarning?.field === step.field) print(`Note: ${state.fieldWarning.text}`);
					if (state.fieldError) print(`Error: ${state.fieldError}`);
					const answer = await asking(() => askField(prompter, state, step.field));
					if (answer === undefined) return 1;
					if (answer === BACK) controller.dispatch({type: 'back'});
					else controller.dispatch({type: 'answer', value: answer});
					break;
				}
				case 'checks-done': {
					const checks = state.checks!;
					progress.update(state);
					for (const result of checks.results) {
						const details = checkDetailLines(result);
						if (details.length > 0) print([`  ${result.title} (${result.status}):`, ...details].join('\n'));
					}
					if (checks.problem) for (const line of problemLines(checks.problem)) print(line);
					print(checksSummaryLine(checks.results, checks.status === 'cancelled'));
					const choice = await asking(() => prompter.select('What next?', checksChoices(state)));
					const owner = choice.startsWith('fix:') ? await asking(() => ownerToSet(prompter, state, choice)) : undefined;
					if (owner === null) break;
					if (choice.startsWith('fix:') && owner === undefined && !(await confirmFix(prompter, state, choice))) break;
					controller.dispatch({type: 'checks-choice', choice: choice as ChecksChoice, owner});
					break;
				}
				case 'policies':
					await asking(() => showPolicies(prompter, state, controller));
					controller.dispatch({type: 'policies-done'});
					break;
				case 'detached': {
					const arn = step.run.description?.exportArn;
					print('Stopped watching. The export keeps running on AWS.');
					if (arn) print(`Watch it again: ${watchCommand(arn, step.run.plan.profile, step.run.plan.region)}`);
					return 130;
				}
				case 'duplicate': {
					const {lines, choices} = duplicateQuestion(step.run, new Date());
					for (const line of lines) print(line);
					const choice = await asking(() => prompter.select('What now?', choices, 'watch'));
					controller.dispatch({type: 'duplicate-choice', choice: choice as DuplicateChoice});
					break;
				}
				case 'finished': {
					const run = step.run;
					progress.update(state);
					const identity = state.loaded.identity.status === 'ready' ? state.loaded.identity.value : undefined;
					if (run.description) {
						const reread = run.reread?.status === 'done' ? run.reread.results : undefined;
						for (const line of exportOutcomeLines(run.description, runElapsed(run, Date.now()), identity, reread)) print(line);
					}
					if (run.status === 'start-failed' && run.problem) for (const line of problemLines(run.problem)) print(line);
					const choices = finishedChoices(run);
					const choice = choices.length === 1 ? choices[0]!.value : await asking(() => prompter.select('What next?', choices, choices[0]!.value));
					controller.dispatch({type: 'finished-choice', choice: choice as 'recheck' | 'quit'});
					break;
				}
			}
		}
	} catch (error) {
		if (error instanceof UserLeft) {
			if (terminated) {
				print('Terminated.');
				return 143;
			}
			print(error.why === 'end-of-input' ? 'The input ended before every question was answered; stopping.' : 'Stopped.');
			return 130;
		}
		throw error;
	} finally {
		offSignal();
		unsubscribe();
		controller.dispose();
	}
}

/**
 * For "set the bucket owner" when the tool cannot know it: the account id, typed (asked again
 * until valid; empty cancels: null). Undefined for every other fix.
 */
async function ownerToSet(prompter: Prompter, state: WizardState, choice: string): Promise<string | null | undefined> {
	const fix = state.checks?.results.find((r) => `fix:${r.id}` === choice)?.fix?.action;
	if (fix?.kind !== 'set-bucket-owner' || fix.owner) return undefined;
	prompter.print(fixWords(fix).warning);
	for (;;) {
		const typed = await prompter.text('Set the bucket owner (S3BucketOwner) to (empty cancels):', '');
		if (!typed.trim()) return null;
		const owner = validateAccountId(typed, 'bucket owner');
		if (owner.ok) return owner.value;
		prompter.print(owner.message);
	}
}

/** An in-place fix: what it changes and the exact command, then a question whose default is no. */
async function confirmFix(prompter: Prompter, state: WizardState, choice: string): Promise<boolean> {
	const fix = state.checks?.results.find((r) => `fix:${r.id}` === choice)?.fix?.action;
	if (!fix || state.phase.kind !== 'checks') return false;
	const words = fixWords(fix);
	prompter.print(words.warning);
	prompter.print(`  ${fixCommand(fix, state.phase.plan)}`);
	const answer = await prompter.select(words.question, [{value: 'no', label: 'No'}, {value: 'yes', label: 'Yes'}], 'no');
	return answer === 'yes';
}

/** One question; undefined when it cannot be answered here (no profiles at all). */
async function askField(prompter: Prompter, state: WizardState, field: FieldId): Promise<string | undefined> {
	const print = prompter.print;
	const question = QUESTIONS[field];
	const retry = Boolean(state.fieldError);
	const typed = (message: string, initial: string) => prompter.text(message, initial, {editable: retry});
	if (isChoiceField(field)) {
		return prompter.select(question, [...choiceOptions(field, state), BACK_OPTION], state.draft[field]);
	}
	if (isTextField(field)) {
		const hint = textHint(field, state);
		if (hint) print(hint);
		if (field === 'prefix') {
			print('Type - for no prefix (the bucket’s root).');
			const answer = await typed(question, initialText(field, state));
			return answer.trim() === '-' ? '' : answer;
		}
		return typed(question, initialText(field, state));
	}
	switch (field) {
		case 'profile': {
			const options = profileOptions(state);
			if (options.length === 0) {
				print('No AWS profiles found and no credentials in the environment.');
				print('Set one up with aws configure (or aws configure sso), or try the sandbox: ddb-export --demo');
				return undefined;
			}
			return prompter.select(question, options, state.draft.profile);
		}
		case 'table': {
			const {identity, tables} = state.loaded;
			if (identity.status === 'ready') print(`Signed in as ${principalLabel(identity.value.arn)} · account ${identity.value.account}`);
			if (tables.status === 'failed') {
				for (const line of problemLines(tables.problem)) print(line);
				return typed('Table name?', state.draft.table ?? '');
			}
			const options = tableOptions(state);
			if (options.length === 0) print(`No tables in ${state.draft.region}.`);
			const choice = await prompter.select(question, [...options, {value: TYPE_IT, label: 'Type a table name…'}, BACK_OPTION], state.draft.table);
			return choice === TYPE_IT ? typed('Table name?', state.draft.table ?? '') : choice;
		}
		case 'bucket': {
			const typeBucket = () => typed('Bucket name (or s3://bucket/prefix)?', state.draft.bucket ?? '');
			if (state.draft.destination === 'other-account') return typeBucket();
			if (state.loaded.buckets.status === 'failed') {
				for (const line of problemLines(state.loaded.buckets.problem)) print(line);
				return typeBucket();
			}
			const choice = await prompter.select(question, [...bucketOptions(state), BACK_OPTION], state.draft.bucket);
			return choice === TYPE_IT ? typeBucket() : choice;
		}
		case 'kmsKey': {
			const typeKey = () => typed('Key id, key ARN, alias/NAME or alias ARN?', state.draft.kmsKey ?? '');
			if (state.loaded.keys.status === 'failed') {
				for (const line of problemLines(state.loaded.keys.problem)) print(line);
				return typeKey();
			}
			const keys = keyOptions(state);
			print(keys.note);
			const choice = await prompter.select(question, [...keys.options, BACK_OPTION], keys.defaultValue);
			return choice === TYPE_IT ? typeKey() : choice;
		}
		case 'review': {
			const plan = planFromDraft(state.draft, state.loaded);
			const chain = state.draft.exportType === 'INCREMENTAL_EXPORT' && state.draft.incrementalMode === 'since-last' ? draftChain(state.draft, state.loaded) : undefined;
			if (chain?.status === 'failed') for (const line of problemLines(chain.problem)) print(line);
			if (chain?.status === 'ready') {
				// The windows, or why there are none; the same lines as the command's.
				for (const line of chainLines(chain, 1000, 1000)) print(line);
				if (chain.chain.kind !== 'chain') return prompter.select(question, reviewOptions(state), reviewOptions(state)[0]!.value);
			}
			if (!plan) {
				print('The plan is incomplete: go back and fill in the missing fields.');
				return prompter.select(question, [{value: 'back', label: 'Back'}]);
			}
			print('The export:');
			for (const line of planLines(plan)) print(line);
			if (chain?.status === 'ready') {
				print('The same with the AWS CLI, one after the other (each once the one before has COMPLETED):');
				for (const command of chainCommands(chain)) print(`  ${command}`);
			} else {
				print('The same export with the AWS CLI:');
				print(`  ${renderAwsCommand(plan, {profile: plan.profile, region: plan.region, clientToken: tokenFor(state.tokens, plan) || undefined})}`);
			}
			const notice = probeNotice(state, plan.bucket, plan.prefix);
			if (notice) print(notice);
			return prompter.select(question, reviewOptions(state), 'run-checks');
		}
		default:
			return prompter.text(question, '');
	}
}

/** The policy snippets of the plan, with the offer to write them into a folder. */
async function showPolicies(prompter: Prompter, state: WizardState, controller: WizardController): Promise<void> {
	const print = prompter.print;
	if (state.phase.kind !== 'policies') return;
	const plan = state.phase.plan;
	const identity = state.loaded.identity.status === 'ready' ? state.loaded.identity.value : undefined;
	// The bucket and key policies the checks read, so the snippets are merged into them.
	const input = snippetInputFrom(plan, state.checks?.report, identity);
	if (!input) {
		print('The policies name the identity that runs the export, and it is not known; run the checks again.');
		await prompter.select('Continue?', [{value: 'back', label: 'Back to the checks'}]);
		return;
	}
	// And the caller's current inline policy, as the policies command and the Ink screen do.
	const inline = await controller.readCallerInlinePolicy(input);
	if (inline !== undefined) input.existing = {...input.existing, inlinePolicy: inline};
	const results = state.checks?.results ?? [];
	const snippets = buildSnippets({...input, only: allSnippetIds(plan, input.callerAccount, results)});
	snippets.forEach((snippet, i) => {
		const fixes = results.filter((r) => r.fix?.snippet === snippet.id && r.status !== 'passed').map((r) => r.title);
		for (const line of snippetLines(snippet, i, fixes)) print(line);
		print();
	});
	for (;;) {
		const choice = await prompter.select('What now?', [
			{value: 'back', label: 'Back to the checks'},
			{value: 'save', label: 'Write these files into a folder…'},
		]);
		if (choice === 'back') return;
		const dir = await prompter.text('Folder?', DEFAULT_SAVE_DIR);
		const outcome = writeSnippetFiles(dir, snippets);
		if (outcome.ok) {
			for (const file of outcome.written) print(`Wrote ${file}`);
			return;
		}
		if (outcome.taken) print(`Not written: ${outcome.taken.join(', ')} already exist${outcome.taken.length === 1 ? 's' : ''}; files are never overwritten.`);
		else print(`Not written: ${outcome.error}`);
	}
}
