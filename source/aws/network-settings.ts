// How many attempts, which retry mode and which CA bundle a session's clients use, read
// the way the AWS CLI reads them: the flag, then the environment, then the session's
// profile in the config file. The SDK would read the environment and the AWS_PROFILE /
// default profile itself, but not a profile chosen in the wizard, and an explicit
// maxAttempts/retryMode (which the tool passes) silences both; so they are resolved here.

import type {IniSection} from './profiles.js';

export type RetryMode = 'standard' | 'adaptive';

export interface NetworkSettings {
	maxAttempts: number;
	retryMode: RetryMode;
	/** A PEM file whose certificates replace Node's list of trusted authorities, as in the AWS CLI. */
	caBundle?: string;
	/** Where each value came from, for --debug ("AWS_MAX_ATTEMPTS", "profile dev", "default"). */
	sources: {maxAttempts: string; retryMode: string; caBundle?: string};
}

/** The tool's choice when nothing is configured: more patient than the SDK's 3 for a person waiting on a wizard. */
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_RETRY_MODE: RetryMode = 'standard';

export interface SettingProblem {
	/** The variable, flag or config key at fault, as the person would write it. */
	field: string;
	message: string;
}

export interface SettingsInput {
	/** Fixed by the caller (tests, the bench): wins over everything. */
	maxAttempts?: number;
	retryMode?: RetryMode;
	/** --ca-bundle. */
	caBundle?: string;
	/** The session's profile section (credentials file merged), if any. */
	profile?: {name: string; section: IniSection};
	env?: NodeJS.ProcessEnv;
}

function parseAttempts(text: string, field: string): number | SettingProblem {
	const trimmed = text.trim();
	const value = Number(trimmed);
	if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < 1) {
		return {field, message: `${field} is "${text}"; it must be a whole number of attempts, 1 or more (1 means no retries).`};
	}
	return value;
}

function parseMode(text: string, field: string): RetryMode | SettingProblem {
	const mode = text.trim().toLowerCase();
	// The AWS CLI's "legacy" mode has no equivalent in the JavaScript SDK; standard is its successor.
	if (mode === 'standard' || mode === 'legacy') return 'standard';
	if (mode === 'adaptive') return 'adaptive';
	return {field, message: `${field} is "${text}"; it must be standard, adaptive or legacy.`};
}

/** The settings of one session, or every problem found (each naming its variable or key). */
export function resolveNetworkSettings(input: SettingsInput): {ok: true; value: NetworkSettings} | {ok: false; problems: SettingProblem[]} {
	const env = input.env ?? process.env;
	const problems: SettingProblem[] = [];
	const section = input.profile?.section;
	const inProfile = (key: string) => `${key} in profile ${input.profile?.name}`;

	let maxAttempts = DEFAULT_MAX_ATTEMPTS;
	let attemptsFrom = 'default';
	const attemptsText = env['AWS_MAX_ATTEMPTS'] ? ['AWS_MAX_ATTEMPTS', env['AWS_MAX_ATTEMPTS']] : section?.['max_attempts'] ? [inProfile('max_attempts'), section['max_attempts']] : undefined;
	if (input.maxAttempts !== undefined) {
		maxAttempts = input.maxAttempts;
		attemptsFrom = 'caller';
	} else if (attemptsText) {
		const parsed = parseAttempts(attemptsText[1]!, attemptsText[0]!);
		if (typeof parsed === 'number') {
			maxAttempts = parsed;
			attemptsFrom = attemptsText[0]!;
		} else problems.push(parsed);
	}

	let retryMode = DEFAULT_RETRY_MODE;
	let modeFrom = 'default';
	const modeText = env['AWS_RETRY_MODE'] ? ['AWS_RETRY_MODE', env['AWS_RETRY_MODE']] : section?.['retry_mode'] ? [inProfile('retry_mode'), section['retry_mode']] : undefined;
	if (input.retryMode !== undefined) {
		retryMode = input.retryMode;
		modeFrom = 'caller';
	} else if (modeText) {
		const parsed = parseMode(modeText[1]!, modeText[0]!);
		if (typeof parsed === 'string') {
			retryMode = parsed;
			modeFrom = modeText[0]!;
		} else problems.push(parsed);
	}

	const caText = input.caBundle ? ['--ca-bundle', input.caBundle] : env['AWS_CA_BUNDLE'] ? ['AWS_CA_BUNDLE', env['AWS_CA_BUNDLE']] : section?.['ca_bundle'] ? [inProfile('ca_bundle'), section['ca_bundle']] : undefined;
	if (problems.length > 0) return {ok: false, problems};
	const value: NetworkSettings = {maxAttempts, retryMode, sources: {maxAttempts: attemptsFrom, retryMode: modeFrom}};
	if (caText) {
		value.caBundle = caText[1]!;
		value.sources.caBundle = caText[0]!;
	}
	return {ok: true, value};
}

/** One line for --debug. */
export function describeNetworkSettings(settings: NetworkSettings): string {
	const from = settings.sources;
	return `retries: ${settings.maxAttempts} attempts (${from.maxAttempts}), ${settings.retryMode} mode (${from.retryMode})${
		settings.caBundle ? `; CA bundle ${settings.caBundle} (${from.caBundle})` : ''
	}`;
}

/**
 * The settings of a session's profile (undefined: AWS_PROFILE or default; the
 * environment-keys pseudo-profile reads no profile), loaded once per session. A bad value
 * fails every call of the session with an AwsCallError naming the variable or key.
 */
export function sessionNetworkSettings(profile: string | undefined, fixed: Omit<SettingsInput, 'profile' | 'env'>, environmentProfile: string): () => Promise<NetworkSettings> {
	let loaded: Promise<NetworkSettings> | undefined;
	return () => {
		loaded ??= (async () => {
			const name = profile === environmentProfile ? undefined : (profile ?? (process.env['AWS_PROFILE'] || 'default'));
			const {loadSharedConfig} = await import('./profiles.js');
			const config = name ? await loadSharedConfig().catch(() => undefined) : undefined;
			const section = name ? config?.profiles[name] : undefined;
			const result = resolveNetworkSettings({...fixed, ...(name && section ? {profile: {name, section}} : {})});
			if (!result.ok) {
				const {AwsCallError} = await import('../core/ports.js');
				throw new AwsCallError('config', 'LoadConfig', 'InvalidConfig', result.problems.map((p) => p.message).join(' '));
			}
			return result.value;
		})();
		return loaded;
	};
}

/**
 * A profile's own max_attempts / retry_mode, checked before any call so that a typo is
 * bad input naming the key (the environment's values, which win, are checked apart).
 */
export async function profileSettingProblems(profile: string | undefined): Promise<string[]> {
	const name = profile ?? (process.env['AWS_PROFILE'] || 'default');
	const {loadSharedConfig} = await import('./profiles.js');
	const section = (await loadSharedConfig().catch(() => undefined))?.profiles[name];
	if (!section) return [];
	const result = resolveNetworkSettings({profile: {name, section}});
	return result.ok ? [] : result.problems.map((p) => p.message);
}
