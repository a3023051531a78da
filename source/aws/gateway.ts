// The entry point of source/aws: the only door from the product to the AWS SDK.
// Importing this module loads no SDK code; clients are loaded with import() on the
// first call of a session (the CLI draws its first frame before that).

import type {AwsGateway, AwsSession, ProfileInfo, SessionRequest} from '../core/ports.js';
import {ClientPool} from './clients.js';
import {createCredentialProvider} from './credentials.js';
import * as profiles from './profiles.js';
import {describeNetworkSettings, sessionNetworkSettings} from './network-settings.js';
import {redactText} from './redact.js';
import type {Timeouts} from './response-guard.js';
import {SdkSession} from './session.js';
import {terminalSafeSession} from './terminal-safe-session.js';

export interface GatewayOptions {
	/** --endpoint-url: overrides every service's endpoint, including the STS/SSO calls made for credentials. */
	endpointUrl?: string;
	/** Fixed by the caller (tests); otherwise AWS_RETRY_MODE, the profile's retry_mode, else 'standard'. */
	retryMode?: 'standard' | 'adaptive';
	/** Fixed by the caller (tests); otherwise AWS_MAX_ATTEMPTS, the profile's max_attempts, else 5. */
	maxAttempts?: number;
	/** --ca-bundle: wins over AWS_CA_BUNDLE and the profile's ca_bundle. */
	caBundle?: string;
	/** --cli-connect-timeout / --cli-read-timeout in ms (0: none); default 10 s / 60 s. */
	timeouts?: Timeouts;
	/** Called before each retry of a request (attempt is the number of the attempt about to start: 2, 3…). */
	onRetry?: (event: {service: string; operation: string; attempt: number; error: string}) => void;
	/** Called once per API operation (after its retries), for --debug and the bench. */
	onCall?: (event: {service: string; operation: string; region: string; ms: number; ok: boolean}) => void;
	/** --debug log lines; every line is redacted before it gets here. */
	debug?: (line: string) => void;
}

export function createAwsGateway(options: GatewayOptions = {}): AwsGateway {
	// The one place debug lines are redacted: the pool's and the credential provider's alike.
	const debug = options.debug ? (line: string) => options.debug!(redactText(line)) : undefined;
	return {
		listProfiles: (): Promise<ProfileInfo[]> => profiles.listProfiles(),
		defaultRegion: (profile?: string): Promise<string | undefined> => profiles.defaultRegion(profile),
		// Loaded on first use: the wizard needs it only for a preview after an export.
		itemUnmarshal: () => import('./unmarshal-item.js').then((module) => module.loadUnmarshal()),
		session(request: SessionRequest): AwsSession {
			// Retries and the CA bundle follow the session's profile, like its endpoint does.
			const loadNetwork = sessionNetworkSettings(
				request.profile,
				{maxAttempts: options.maxAttempts, retryMode: options.retryMode, caBundle: options.caBundle},
				profiles.environmentProfileName,
			);
			let logged = false;
			const network = async () => {
				const settings = await loadNetwork();
				if (!logged) debug?.(describeNetworkSettings(settings));
				logged = true;
				return settings;
			};
			const credentials = createCredentialProvider({
				profile: request.profile,
				mfaCode: request.mfaCode,
				endpointUrl: options.endpointUrl,
				network,
				timeouts: options.timeouts,
				debug,
			});
			const pool = new ClientPool({
				profile: request.profile === profiles.environmentProfileName ? undefined : request.profile,
				credentials,
				endpointUrl: options.endpointUrl,
				network,
				timeouts: options.timeouts,
				onRetry: options.onRetry,
				onCall: options.onCall,
				debug,
			});
			return terminalSafeSession(new SdkSession(request.region, request.profile, pool));
		},
	};
}

export {environmentProfileName} from './profiles.js';
export {preloadSdk} from './clients.js';
