// The sandbox's public shapes: what startSandbox() takes and what it hands back.

import type {FaultPlan} from './faults.js';
import type {WorldView} from './world-view.js';

export type {FaultKind, FaultPlan} from './faults.js';

export interface SandboxOptions {
	/** Scenario name (see SCENARIOS); default 'healthy'. */
	scenario?: string;
	/** Port on 127.0.0.1; default 0 (any free port). */
	port?: number;
	/** Added to every response. */
	latencyMs?: number;
	/** How long an export stays IN_PROGRESS; default 6000. */
	exportDurationMs?: number;
	/**
	 * Exports that may be IN_PROGRESS at once in one account (AWS: about 300, the default);
	 * overrides the scenario's own (many-tables: 5). Beyond it StartExport answers LimitExceededException.
	 */
	exportLimit?: number;
	/** many-tables: how many orders-NNN tables account 111111111111 holds (default 50). */
	tableCount?: number;
	/**
	 * The default plan's table holds this many items and its exports write them all (the
	 * bench's large export: 100,000 items is about 100 MB of DynamoDB JSON, 16 MB gzip).
	 */
	planTableItems?: number;
	/** Overrides the scenario's own faults (the `flaky` scenario has some). */
	faults?: FaultPlan;
	/** Clock; default Date.now. */
	now?: () => number;
	/**
	 * For tests that point several sandboxes at one set of profile files: the profiles'
	 * secrets derive from this seed. Without it (--demo) they are random for each start.
	 */
	secretSeed?: string;
}

/**
 * A profile people would have in ~/.aws: static keys (with a session token for a role
 * session), or an assume-role profile (roleArn + sourceProfile, maybe mfaSerial), which
 * has no keys of its own.
 */
export interface SandboxProfile {
	name: string;
	region: string;
	accessKeyId?: string;
	secretAccessKey?: string;
	sessionToken?: string;
	roleArn?: string;
	sourceProfile?: string;
	mfaSerial?: string;
	/** An IAM Identity Center profile; the sandbox has no SSO portal, so its token is never valid. */
	sso?: {startUrl: string; region: string; accountId: string; roleName: string};
}

export interface SandboxPlan {
	region: string;
	tableArn: string;
	bucket: string;
	bucketOwner?: string;
	prefix: string;
	sse: 'AES256' | 'KMS';
	kmsKeyId?: string;
}

export interface SandboxStats {
	calls: number;
	/** 'service:Operation' → calls, e.g. 'dynamodb:DescribeExport'. */
	byOperation: Record<string, number>;
	exportsStarted: number;
	faultsInjected: number;
	/** FaultKind → how many. */
	faultsByKind: Record<string, number>;
}

export interface Sandbox {
	/** 'http://127.0.0.1:PORT' */
	endpoint: string;
	scenarioName: string;
	/** The credentials people would have: profiles for a shared config/credentials file. */
	profiles: SandboxProfile[];
	defaultProfile: string;
	/** The plan the wizard proposes as defaults and flag-driven commands use when a flag is absent. */
	defaultPlan: SandboxPlan;
	/** Writes `config` and `credentials` (AWS CLI format) for the profiles into dir. */
	writeSharedConfig(dir: string): {configFile: string; credentialsFile: string};
	/** A snapshot of the counters. */
	readonly stats: SandboxStats;
	resetStats(): void;
	/** Makes a principal's credentials expire (default: the default profile's); next calls answer ExpiredToken. */
	expireCredentials(accessKeyId?: string): void;
	refreshCredentials(accessKeyId?: string): void;
	/** Read-only look into the world for tests. */
	world: WorldView;
	stop(): Promise<void>;
}
