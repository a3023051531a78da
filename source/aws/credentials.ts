// One credential provider per session, shared by every client of that session, so an
// assume-role or SSO exchange happens once and not once per service and Region.
// Failures become AwsCallError(service 'credentials') with a code the UI can act on.

import {AwsCallError} from '../core/ports.js';
import {credentialProcessError, fromCredentialProcess} from './credential-process.js';
import {configuredEndpoint} from './endpoints.js';
import {isAbortError, toAwsCallError} from './errors.js';
import {handlerAgents} from './http-agents.js';
import type {NetworkSettings} from './network-settings.js';
import {environmentProfileName, loadSharedConfig, profileKind, sharedFilePaths, type SharedConfig} from './profiles.js';
import {redactText, shortenAccessKeyId} from './redact.js';
import {defaultTimeouts, requestHandlerSettings, type Timeouts} from './response-guard.js';

/** The shape the SDK's signers accept (AwsCredentialIdentity), declared here to keep types local. */
export interface AwsCredentialIdentity {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	expiration?: Date;
	accountId?: string;
}

export type CredentialProvider = (props?: Record<string, unknown>) => Promise<AwsCredentialIdentity>;

export interface CredentialOptions {
	/** undefined: the default chain (environment first); '(environment)': environment variables only. */
	profile?: string;
	mfaCode?: (mfaSerial: string) => Promise<string>;
	/** The --endpoint-url override, passed to the STS/SSO clients used to get credentials. */
	endpointUrl?: string;
	/** The session's attempts, retry mode and CA bundle: the STS/SSO calls made for credentials use them too. */
	network?: () => Promise<NetworkSettings>;
	/** The same timeouts as the session's clients, for the STS and SSO calls made for credentials. */
	timeouts?: Timeouts;
	debug?: (line: string) => void;
}

/** Refresh this long before expiry so that a long export watch never signs with stale keys. */
const refreshMarginMs = 5 * 60_000;

export function createCredentialProvider(options: CredentialOptions): CredentialProvider {
	let current: Promise<AwsCredentialIdentity> | undefined;
	let inner: CredentialProvider | undefined;

	const load = async (props?: Record<string, unknown>): Promise<AwsCredentialIdentity> => {
		inner ??= await makeInnerProvider(options);
		try {
			const credentials = await inner(props);
			options.debug?.(
				`credentials: ${options.profile ? `profile ${options.profile}` : 'default chain'} → access key ${shortenAccessKeyId(credentials.accessKeyId)}${
					credentials.expiration ? `, expires ${credentials.expiration.toISOString()}` : ''
				}`,
			);
			return credentials;
		} catch (error) {
			throw await translateCredentialError(error, options.profile);
		}
	};

	return async (props) => {
		const seen = current;
		if (seen) {
			try {
				const credentials = await seen;
				const expiresAt = credentials.expiration?.getTime();
				if (expiresAt === undefined || expiresAt - Date.now() > refreshMarginMs) return credentials;
			} catch {
				// A failed attempt is not kept: the user may have fixed it (aws sso login) since.
			}
			// Another caller started the refresh meanwhile: share it (one AssumeRole, one MFA prompt).
			if (current && current !== seen) return current;
		}
		const attempt = load(props);
		current = attempt;
		attempt.catch(() => {
			if (current === attempt) current = undefined;
		});
		return attempt;
	};
}

async function makeInnerProvider(options: CredentialOptions): Promise<CredentialProvider> {
	const {fromIni, fromNodeProviderChain, fromEnv} = await import('@aws-sdk/credential-providers');
	// Inner clients (STS for assume-role, SSO, SSO-OIDC) follow the endpoint override too, so
	// that an assume-role profile works against the sandbox or an AWS-compatible endpoint.
	const timeouts = requestHandlerSettings(options.timeouts ?? defaultTimeouts);
	const clientConfig: Record<string, unknown> = {requestHandler: timeouts};
	if (options.endpointUrl) clientConfig['endpoint'] = options.endpointUrl;
	else if (options.profile && options.profile !== environmentProfileName) {
		// The SDK's inner STS client reads endpoint settings of AWS_PROFILE/default only; a
		// role profile chosen in the wizard may name its own. Only for role profiles: the
		// same setting would also send SSO's portal calls to the STS endpoint.
		const config = await loadSharedConfig().catch(() => undefined);
		const section = config?.profiles[options.profile];
		const kind = section ? profileKind(section) : undefined;
		const sts = kind === 'assume-role' || kind === 'web-identity' ? configuredEndpoint('sts', undefined, options.profile, config) : undefined;
		if (sts) clientConfig['endpoint'] = sts;
	}
	if (options.network) {
		const network = await options.network();
		clientConfig['maxAttempts'] = network.maxAttempts;
		clientConfig['retryMode'] = network.retryMode;
		// So that an assume-role or SSO exchange goes through the proxy and trusts the CA bundle too.
		const agents = await handlerAgents(network.caBundle ? {path: network.caBundle, source: network.sources.caBundle ?? ''} : undefined);
		if (agents.httpAgent || agents.httpsAgent) clientConfig['requestHandler'] = {...timeouts, ...agents};
	}
	if (options.profile === environmentProfileName) return fromEnv() as CredentialProvider;
	// A process profile runs through our own runner, whose failures never repeat the command.
	const processProfile = options.profile ?? (process.env['AWS_ACCESS_KEY_ID'] ? undefined : (process.env['AWS_PROFILE'] ?? 'default'));
	if (processProfile) {
		const section = (await loadSharedConfig().catch(() => undefined))?.profiles[processProfile];
		const command = section && profileKind(section) === 'process' ? section['credential_process'] : undefined;
		if (command) return fromCredentialProcess(processProfile, command);
	}
	if (options.profile) {
		return fromIni({
			profile: options.profile,
			mfaCodeProvider: options.mfaCode,
			clientConfig,
			ignoreCache: true,
		}) as CredentialProvider;
	}
	return fromNodeProviderChain({clientConfig, ...(options.mfaCode ? {mfaCodeProvider: options.mfaCode} : {})}) as CredentialProvider;
}

/** Classifies a credential-provider failure; never carries a secret (messages are redacted). */
export async function translateCredentialError(error: unknown, profile: string | undefined): Promise<Error> {
	if (isAbortError(error)) return error as Error;
	const raw = error as {name?: string; message?: string; $metadata?: {httpStatusCode?: number}} | undefined;
	const name = typeof raw?.name === 'string' ? raw.name : '';
	const message = redactText(typeof raw?.message === 'string' ? raw.message.split('\n')[0]! : String(error));
	const who = profile ? `profile ${profile}` : 'the default credential chain';
	const fail = (code: string, text: string, status?: number) => new AwsCallError('credentials', 'LoadCredentials', code, text, status);

	if (error instanceof AwsCallError) {
		if (error.service === 'credentials') return error;
		if (error.code === 'NetworkError') return fail('NetworkError', `Could not get credentials for ${who}: ${error.message}`);
	}
	// The SDK's credential_process error is "Command failed: <the whole command line>"; a role
	// profile whose source profile runs a process gets it from the SDK, not from our runner.
	if (/Command failed:/.test(typeof raw?.message === 'string' ? raw.message : '')) {
		const config = await loadSharedConfig().catch(() => undefined);
		return credentialProcessError(processProfileOf(profile ?? process.env['AWS_PROFILE'] ?? 'default', config), undefined);
	}

	// Read once: whether the profile exists, and (last) what kind it is.
	const config = profile && profile !== environmentProfileName ? await loadSharedConfig().catch(() => undefined) : undefined;
	const section = profile ? config?.profiles[profile] : undefined;
	if (profile && config) {
		if (!section) {
			const files = sharedFilePaths();
			return fail('ProfileNotFound', `Profile "${profile}" is not defined in ${files.config} or ${files.credentials}.`);
		}
		const sourceMissing = section['source_profile'] && !config.profiles[section['source_profile']];
		if (sourceMissing) {
			const files = sharedFilePaths();
			return fail(
				'ProfileNotFound',
				`Profile "${profile}" uses source_profile "${section['source_profile']}", which is not defined in ${files.config} or ${files.credentials}.`,
			);
		}
	}

	if (/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/.test(name)) {
		return fail('ExpiredToken', `The credentials of ${who} have expired (${name}). Get fresh ones and try again.`, raw?.$metadata?.httpStatusCode);
	}
	if (/multi-factor|\bMFA\b/i.test(message)) {
		return fail('MfaRequired', `${profile ? `Profile ${profile}` : 'The profile'} needs a valid multi-factor authentication code: ${message}`);
	}
	if (/\bSSO\b|sso session|Token is expired|sso_session|UnauthorizedException/i.test(`${name} ${message}`)) {
		const login = profile ? `aws sso login --profile ${profile}` : 'aws sso login';
		return fail('SsoTokenExpired', `The SSO session of ${who} has expired or was never started. Run: ${login}`);
	}
	if (/Could not load credentials from any providers|Unable to find environment variable credentials|Could not resolve credentials/i.test(message)) {
		return fail(
			'CredentialsMissing',
			profile
				? `Profile ${profile} has no credentials the SDK can use (${message}).`
				: 'No AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, pick a profile, or run `aws configure`.',
		);
	}
	if (raw?.$metadata?.httpStatusCode !== undefined || /ECONN|ETIMEDOUT|ENOTFOUND|TimeoutError/.test(`${name} ${message}`)) {
		// An STS (AssumeRole) or SSO call answered with an error, or did not answer.
		const mapped = toAwsCallError(error, 'credentials', 'AssumeRole');
		if (mapped instanceof AwsCallError) {
			return new AwsCallError(
				'credentials',
				mapped.operation,
				mapped.code,
				`Could not get credentials for ${who}: ${redactText(mapped.message)}`,
				mapped.httpStatus,
				mapped.requestId,
			);
		}
		return mapped;
	}
	const kind = section ? profileKind(section) : undefined;
	return fail('CredentialsError', `Could not get credentials for ${who}${kind ? ` (${kind} profile)` : ''}: ${message}`);
}

/** The profile, or the first of its source profiles, that has a credential_process. */
function processProfileOf(profile: string, config: SharedConfig | undefined): string {
	const seen = new Set<string>();
	for (let name: string | undefined = profile; name && !seen.has(name); name = config?.profiles[name]?.['source_profile']) {
		seen.add(name);
		if (config?.profiles[name]?.['credential_process']) return name;
	}
	return profile;
}
