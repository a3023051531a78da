// Reads the shared config and credentials files the way the SDK and the AWS CLI do,
// to list profiles and tell how each gets its credentials. The file loader is
// imported on first use so that importing this module costs nothing.

import {homedir} from 'node:os';
import {join} from 'node:path';
import type {ProfileInfo, ProfileKind} from '../core/ports.js';

export type IniSection = Record<string, string | undefined>;

export interface SharedConfig {
	/** Profiles from both files merged; the credentials file wins per key, as in the SDK. */
	profiles: Record<string, IniSection>;
	/** [sso-session NAME] sections by name. */
	ssoSessions: Record<string, IniSection>;
	/** [services NAME] sections by name. */
	services: Record<string, IniSection>;
}

export const environmentProfileName = '(environment)';

/** The files the SDK reads, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. */
export function sharedFilePaths(): {config: string; credentials: string} {
	const home = process.env['HOME'] || process.env['USERPROFILE'] || homedir();
	return {
		config: process.env['AWS_CONFIG_FILE'] || join(home, '.aws', 'config'),
		credentials: process.env['AWS_SHARED_CREDENTIALS_FILE'] || join(home, '.aws', 'credentials'),
	};
}

let inFlight: Promise<SharedConfig> | undefined;

/**
 * The shared config and credentials files, read afresh, except that calls made while a
 * read is in flight share it: listing the profiles asks once per profile at the same time
 * (so 2 + 2×N file reads became 2). Callers must not change what they get.
 */
export function loadSharedConfig(): Promise<SharedConfig> {
	inFlight ??= readSharedConfig().finally(() => {
		inFlight = undefined;
	});
	return inFlight;
}

async function readSharedConfig(): Promise<SharedConfig> {
	const {loadSharedConfigFiles} = await import('@smithy/shared-ini-file-loader');
	// ignoreCache: the loader memoises file contents per path for the whole process;
	// a person may edit their config (or run `aws configure`) while the wizard runs.
	const {configFile, credentialsFile} = await loadSharedConfigFiles({ignoreCache: true});
	const profiles: Record<string, IniSection> = {};
	const ssoSessions: Record<string, IniSection> = {};
	const services: Record<string, IniSection> = {};
	for (const [key, section] of Object.entries(configFile)) {
		if (key.startsWith('sso-session.')) ssoSessions[key.slice('sso-session.'.length)] = section;
		else if (key.startsWith('services.')) services[key.slice('services.'.length)] = section;
		else profiles[key] = {...section};
	}
	for (const [name, section] of Object.entries(credentialsFile)) {
		profiles[name] = {...profiles[name], ...section};
	}
	return {profiles, ssoSessions, services};
}

/** The same order of tests as the SDK's resolveProfileData, so the kind shown is the one used. */
export function profileKind(section: IniSection): ProfileKind {
	if (section['role_arn'] && (section['source_profile'] || section['credential_source'])) return 'assume-role';
	if (section['aws_access_key_id'] && section['aws_secret_access_key']) return 'static';
	if (section['web_identity_token_file'] && section['role_arn']) return 'web-identity';
	if (section['credential_process']) return 'process';
	if (section['sso_session'] || section['sso_start_url']) return 'sso';
	return 'unknown';
}

export function describeProfile(name: string, config: SharedConfig): ProfileInfo {
	const section = config.profiles[name] ?? {};
	const kind = profileKind(section);
	const info: ProfileInfo = {name, kind};
	const region = profileRegion(name, config);
	if (region) info.region = region;
	if (kind === 'assume-role') {
		info.roleArn = section['role_arn'];
		if (section['source_profile']) info.sourceProfile = section['source_profile'];
		if (section['mfa_serial']) info.mfaSerial = section['mfa_serial'];
	}
	if (kind === 'web-identity') info.roleArn = section['role_arn'];
	if (kind === 'sso') {
		const session = section['sso_session'] ? config.ssoSessions[section['sso_session']] : undefined;
		const startUrl = section['sso_start_url'] ?? session?.['sso_start_url'];
		if (startUrl) info.ssoStartUrl = startUrl;
		if (section['sso_account_id']) info.ssoAccountId = section['sso_account_id'];
		if (section['sso_role_name']) info.ssoRoleName = section['sso_role_name'];
	}
	return info;
}

/**
 * A profile's own region, else its source profile's (followed as far as it goes), else its
 * sso-session's. The SSO portal's Region (sso_region) is the last resort: it is where the
 * organisation signs in, usually its home Region, and only ever a suggestion the user can change.
 */
export function profileRegion(name: string, config: SharedConfig): string | undefined {
	const seen = new Set<string>();
	let current: string | undefined = name;
	while (current && !seen.has(current)) {
		seen.add(current);
		const section: IniSection | undefined = config.profiles[current];
		if (!section) break;
		if (section['region']) return section['region'];
		current = section['source_profile'];
	}
	const section = config.profiles[name] ?? {};
	const session = section['sso_session'] ? config.ssoSessions[section['sso_session']] : undefined;
	return session?.['region'] ?? section['sso_region'] ?? session?.['sso_region'];
}

export async function listProfiles(): Promise<ProfileInfo[]> {
	const config = await loadSharedConfig();
	const list = Object.keys(config.profiles).map((name) => describeProfile(name, config));
	const envRegion = process.env['AWS_REGION'] || process.env['AWS_DEFAULT_REGION'];
	if (process.env['AWS_ACCESS_KEY_ID']) {
		list.push({name: environmentProfileName, kind: 'environment', ...(envRegion ? {region: envRegion} : {})});
	}
	return sortProfiles(list);
}

/**
 * What the SDK would use with no choice made comes first: AWS_PROFILE when set, else
 * environment keys when present, else 'default'. The rest alphabetically.
 */
export function sortProfiles(list: ProfileInfo[]): ProfileInfo[] {
	const envProfile = process.env['AWS_PROFILE'];
	const first = envProfile ? [envProfile] : process.env['AWS_ACCESS_KEY_ID'] ? [environmentProfileName, 'default'] : ['default'];
	const rank = (name: string): number => {
		const i = first.indexOf(name);
		return i === -1 ? first.length : i;
	};
	return [...list].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** AWS_REGION, AWS_DEFAULT_REGION (the CLI's name), then the profile's region. */
export async function defaultRegion(profile?: string): Promise<string | undefined> {
	const fromEnv = process.env['AWS_REGION'] || process.env['AWS_DEFAULT_REGION'];
	if (fromEnv) return fromEnv;
	if (profile === environmentProfileName) return undefined;
	const config = await loadSharedConfig();
	return profileRegion(profile ?? (process.env['AWS_PROFILE'] || 'default'), config);
}
