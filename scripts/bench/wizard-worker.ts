// Figure 5 and the "no repeated calls" figure: a whole wizard run through the
// WizardController (no face), answering every question as a person accepting the
// proposed answers would, then the checks, the export, and the watch with the
// controller's DEFAULT poll schedule. Forked with IPC: it tells the bench when the
// checks are done and when completion is shown, so that the bench can read the
// sandbox's counters at those moments.

import {WizardController} from '../../source/core/wizard/controller.js';
import {choiceOptions, initialText, isChoiceField, isTextField} from '../../source/core/wizard/field-options.js';
import type {FieldId} from '../../source/core/wizard/fields.js';
import type {WizardState} from '../../source/core/wizard/state.js';
import {createAwsGateway} from '../../source/aws/gateway.js';
import {useSandbox} from './checks-worker.js';
import type {SandboxInfo} from './sandbox-runner.js';
import {draftFromPlan} from '../../source/core/wizard/draft-from-plan.js';

function ask(message: Record<string, unknown>, reply: string): Promise<void> {
	return new Promise((resolve) => {
		const onMessage = (answer: {type: string}) => {
			if (answer.type !== reply) return;
			process.off('message', onMessage);
			resolve();
		};
		process.on('message', onMessage);
		process.send!(message);
	});
}

/** The answer a person accepting the proposal gives, or undefined while the question is still loading. */
function proposedAnswer(state: WizardState, field: FieldId): string | undefined {
	const {draft, loaded} = state;
	if (isChoiceField(field)) return (draft as Record<string, string | undefined>)[field] ?? choiceOptions(field, state)[0]?.value;
	if (isTextField(field)) return initialText(field, state);
	switch (field) {
		case 'profile':
			return loaded.profiles.status === 'ready' ? draft.profile : undefined;
		case 'table':
			return loaded.identity.status === 'ready' && loaded.tables.status === 'ready' ? draft.table : undefined;
		case 'bucket':
			return loaded.buckets.status === 'ready' ? draft.bucket : undefined;
		case 'kmsKey':
			return loaded.keys.status === 'ready' ? draft.kmsKey : undefined;
		default:
			return 'run-checks';
	}
}

export interface WizardMeasure {
	/** Calls by API operation during the questions and the checks (the gateway's count). */
	callsToChecksDone: Record<string, number>;
	checksOverall?: string;
	exportDurationMs: number;
	/** Completion shown by the controller minus the moment the service completed the export. */
	completionShownAfterMs: number;
	describeExportCalls: number;
	/** Most DescribeExport calls in any 60 s window of the watch. */
	describeExportMaxPerMinute: number;
	watchMs: number;
}

export async function measureWizard(input: Record<string, unknown>): Promise<WizardMeasure> {
	const info = input['sandbox'] as SandboxInfo;
	useSandbox(info);
	const calls: Record<string, number> = {};
	const describeExportTimes: number[] = [];
	const gateway = createAwsGateway({
		endpointUrl: info.endpoint,
		onCall: (event) => {
			const key = `${event.service}:${event.operation}`;
			calls[key] = (calls[key] ?? 0) + 1;
			if (event.operation === 'DescribeExport') describeExportTimes.push(Date.now());
		},
	});
	const plan = info.plan;
	const defaults = draftFromPlan(plan, info.defaultProfile);
	const deadline = Date.now() + Number(input['timeoutMs'] ?? 120_000);
	return await new Promise<WizardMeasure>((resolve, reject) => {
		let lastAnswered: string | undefined;
		let checksSeen = false;
		let callsToChecksDone: Record<string, number> = {};
		let checksOverall: string | undefined;
		let busy = false;
		const controller: WizardController = new WizardController({gateway, defaults, makeClientToken: () => `bench-${Date.now()}`});
		const fail = (message: string) => {
			controller.dispose();
			reject(new Error(message));
		};
		const timer = setInterval(() => Date.now() > deadline && fail(`wizard did not finish in time (phase ${controller.getState().phase.kind})`), 1000);
		const step = (state: WizardState) => {
			if (busy) return;
			const phase = state.phase;
			if (phase.kind === 'asking') {
				if (state.mfa) return fail('the sandbox asked for MFA');
				const answer = proposedAnswer(state, phase.field);
				if (answer === undefined) return;
				const key = `${phase.field}=${answer}`;
				if (key === lastAnswered) return fail(`the answer ${key} was refused: ${state.fieldError ?? '(no message)'}`);
				lastAnswered = key;
				queueMicrotask(() => controller.dispatch({type: 'answer', value: answer}));
				return;
			}
			if (phase.kind === 'checks' && state.checks?.status === 'done' && !checksSeen) {
				checksSeen = true;
				callsToChecksDone = {...calls};
				checksOverall = state.checks.overall;
				busy = true;
				void ask({type: 'checks-done'}, 'continue').then(() => {
					busy = false;
					controller.dispatch({type: 'checks-choice', choice: checksOverall === 'failed' ? 'start-anyway' : 'start'});
				});
				return;
			}
			if (phase.kind === 'export' && phase.run.status === 'completed' && !busy) {
				busy = true;
				const shownAt = Date.now();
				const description = phase.run.description!;
				// The sandbox finishes an export lazily, when a request looks at it, and reports
				// that moment as EndTime; the service's own completion is StartTime + duration.
				const start = description.startTime?.getTime() ?? phase.run.startedAt;
				const end = start + Number(input['exportDurationMs']);
				const times = describeExportTimes.filter((t) => t >= phase.run.startedAt);
				const maxPerMinute = Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));
				clearInterval(timer);
				void ask({type: 'completed'}, 'continue').then(() => {
					controller.dispose();
					resolve({
						callsToChecksDone,
						checksOverall,
						exportDurationMs: end - start,
						completionShownAfterMs: shownAt - end,
						describeExportCalls: times.length,
						describeExportMaxPerMinute: maxPerMinute,
						watchMs: shownAt - phase.run.startedAt,
					});
				});
				return;
			}
			if (phase.kind === 'export' && (phase.run.status === 'failed' || phase.run.status === 'start-failed')) {
				return fail(`the export ${phase.run.status}: ${phase.run.problem?.title ?? phase.run.description?.failureCode ?? ''}`);
			}
			if (phase.kind === 'exit') return fail('the wizard exited');
		};
		controller.subscribe(step);
		step(controller.getState());
	});
}
