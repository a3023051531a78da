// What every command without questions gets: the flags (already validated), the demo's
// proposed plan, the output, the gateway, and one AbortSignal that Ctrl-C / SIGTERM
// trip. Also the shared steps: which profile and Region, the session, the plan.

import {describeAwsError} from '../../core/errors.js';
import {AwsCallError, type AwsGateway, type AwsSession, type CallerIdentity} from '../../core/ports.js';
import type {ExportPlan} from '../../core/plan.js';
import {ENVIRONMENT_PROFILE, type Draft} from '../../core/wizard/fields.js';
import type {CliOptions} from '../arguments.js';
import type {Demo} from '../demo.js';
import {formatFlagProblem, headlessPlan, mergeDefaults, missingFlags, planProblems, type FlagsPlan} from '../plan-from-flags.js';
import {CommandError, type Output} from './output.js';

export interface CommandContext {
	options: CliOptions;
	demo?: Demo;
	/** The demo scenario's proposed answers; {} outside the demo. */
	defaults: Partial<Draft>;
	/** The export flags, checked (no problems left). */
	flags: FlagsPlan;
	out: Output;
	gateway: AwsGateway;
	/** Aborted by Ctrl-C or SIGTERM. */
	signal: AbortSignal;
	/** Asks for an MFA code when a person can answer; undefined when nobody can. */
	askMfa?: (serial: string) => Promise<string>;
	stdin: NodeJS.ReadableStream;
	now: () => Date;
}

export const EXIT = {ok: 0, failed: 1, unknown: 2, badInput: 3, interrupted: 130, terminated: 143} as const;

export function badInput(message: string, details: string[] = [], fix?: string): CommandError {
	return new CommandError('BadInput', message, {details, fix, exitCode: EXIT.badInput});
}

/** Flag problems as one error naming every flag at fault. */
export function flagProblemsError(flags: Pick<FlagsPlan, 'problems'>): CommandError {
	const lines = flags.problems.map(formatFlagProblem);
	const message = lines.length === 1 ? lines[0]! : `${lines.length} flags are not valid:`;
	return badInput(message, lines.length === 1 ? [] : lines, 'Correct the flags and run again; nothing was sent to AWS.');
}

export function missingFlagsError(missing: string[], why: string): CommandError {
	return new CommandError('MissingFlags', `Missing ${missing.join(', ')}: ${why}`, {
		fix: `Give ${missing.join(' and ')} (the same flags as aws dynamodb export-table-to-point-in-time), or try --demo.`,
		exitCode: EXIT.badInput,
	});
}

/** An AWS failure as the command's error (exit 1). */
export function awsFailure(error: AwsCallError, context: {profile?: string; region?: string} = {}): CommandError {
	const described = describeAwsError(error, context);
	return new CommandError(error.code, described.title, {cause: described.cause, fix: described.fix, command: described.command, exitCode: EXIT.failed});
}

/** One AWS step of a command: an AwsCallError becomes the command's error, told with the profile and Region. */
export async function awsStep<T>(ctx: CommandContext, region: string, call: () => Promise<T>, profile = profileOf(ctx)): Promise<T> {
	try {
		return await call();
	} catch (error) {
		if (error instanceof AwsCallError) throw awsFailure(error, {profile, region});
		throw error;
	}
}

export function profileOf(ctx: CommandContext): string | undefined {
	const profile = ctx.flags.given.profile ?? ctx.defaults.profile;
	return profile === ENVIRONMENT_PROFILE ? undefined : profile;
}

/** --region, the table ARN's Region, the demo's, then the profile's or the environment's. */
export async function regionOf(ctx: CommandContext, preferred?: string, profile = profileOf(ctx)): Promise<string> {
	const region = preferred ?? ctx.flags.region ?? ctx.defaults.region ?? (await ctx.gateway.defaultRegion(profile));
	if (!region) {
		throw new CommandError('MissingRegion', 'No Region: the profile names none and none was given.', {
			fix: 'Give --region REGION (or --table-arn, whose Region is used), or set AWS_REGION.',
			exitCode: EXIT.badInput,
		});
	}
	return region;
}

export function openSession(ctx: CommandContext, region: string, profile = profileOf(ctx)): AwsSession {
	const askMfa = ctx.askMfa;
	return ctx.gateway.session({
		profile,
		region,
		mfaCode: (serial) => {
			if (askMfa) return askMfa(serial);
			return Promise.reject(
				new AwsCallError('sts', 'AssumeRole', 'MfaRequired', `The profile's role needs an MFA code from ${serial}, and nobody can type it here.`),
			);
		},
	});
}

export interface Target {
	session: AwsSession;
	plan: ExportPlan;
	/** Known when it had to be asked for (the demo's table is named, not given by ARN). */
	identity?: CallerIdentity;
}

/**
 * The plan of a command that asks nothing (check, policies, --yes): flags first, the
 * demo's proposal for the rest; outside the demo --table-arn and --s3-bucket are needed.
 */
export async function resolveTarget(ctx: CommandContext, why: string): Promise<Target> {
	const draft = mergeDefaults(ctx.defaults, ctx.flags.given);
	const missing = missingFlags(ctx.flags, draft);
	if (missing.length > 0) throw missingFlagsError(missing, why);
	const region = await regionOf(ctx, ctx.flags.table?.region);
	const session = openSession(ctx, region);
	const identity = ctx.flags.table ? undefined : await awsStep(ctx, region, () => session.identity({signal: ctx.signal}));
	const plan = headlessPlan(ctx.flags, {...draft, profile: profileOf(ctx)}, region, identity, ctx.now());
	// --since-last: the windows come from the chain plan (chain-command.ts), checked there.
	const problems = planProblems(plan, ctx.now()).filter((p) => !(ctx.flags.sinceLast && p.field === 'incremental window'));
	if (problems.length > 0) throw flagProblemsError({problems});
	return {session, plan, identity};
}

/** Waits `ms`, or rejects with an AbortError when the signal trips first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal.aborted) {
			reject(abortError());
			return;
		}
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortError());
		};
		signal.addEventListener('abort', onAbort, {once: true});
	});
}

export function abortError(): Error {
	return new DOMException('Stopped.', 'AbortError');
}

export {isAbortError} from '../../core/ports.js';
