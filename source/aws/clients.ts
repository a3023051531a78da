// The SDK clients of one session: one per (service, Region), made on first use from
// modules loaded with import() (never at start-up), all sharing one credential
// provider. Every call goes through call(), which times it, reports it, and turns
// failures into AwsCallError.

import type {AccessAnalyzerClient} from '@aws-sdk/client-accessanalyzer';
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb';
import type {IAMClient} from '@aws-sdk/client-iam';
import type {KMSClient} from '@aws-sdk/client-kms';
import type {OrganizationsClient} from '@aws-sdk/client-organizations';
import type {S3Client} from '@aws-sdk/client-s3';
import type {STSClient} from '@aws-sdk/client-sts';
import type {CredentialProvider} from './credentials.js';
import {configuredEndpoint, isAwsHost, type ServiceName} from './endpoints.js';
import {Readable} from 'node:stream';
import {errorBodyProperty, hostProperty, isAbortError, toAwsCallError} from './errors.js';
import {handlerAgents} from './http-agents.js';
import type {NetworkSettings} from './network-settings.js';
import {loadSharedConfig, type SharedConfig} from './profiles.js';
import {withoutLimitRetries} from './export-limit.js';
import {defaultTimeouts, guardResponse, streamedBodyContext, isIdempotent, NoAnswerError, noAnswerProperty, requestHandlerSettings, timeoutOf, type Timeouts} from './response-guard.js';

interface Sdk {
	dynamodb: {module: typeof import('@aws-sdk/client-dynamodb'); client: DynamoDBClient};
	s3: {module: typeof import('@aws-sdk/client-s3'); client: S3Client};
	kms: {module: typeof import('@aws-sdk/client-kms'); client: KMSClient};
	sts: {module: typeof import('@aws-sdk/client-sts'); client: STSClient};
	iam: {module: typeof import('@aws-sdk/client-iam'); client: IAMClient};
	organizations: {module: typeof import('@aws-sdk/client-organizations'); client: OrganizationsClient};
	'access-analyzer': {module: typeof import('@aws-sdk/client-accessanalyzer'); client: AccessAnalyzerClient};
}

export type SdkModule<S extends ServiceName> = Sdk[S]['module'];
export type SdkClient<S extends ServiceName> = Sdk[S]['client'];
/** What every SDK call receives as its second argument. */
export interface SendOptions {
	abortSignal?: AbortSignal;
}

type Loader<S extends ServiceName> = () => Promise<{module: SdkModule<S>; create: (config: Record<string, unknown>) => SdkClient<S>}>;

// import() inside functions: the SDK (one code-cached file in the build, scripts/build.mjs)
// is loaded on the first call, never at start-up.
const loaders: {[S in ServiceName]: Loader<S>} = {
	dynamodb: async () => {
		const module = await import('@aws-sdk/client-dynamodb');
		return {module, create: (config) => new module.DynamoDBClient(config)};
	},
	s3: async () => {
		const module = await import('@aws-sdk/client-s3');
		return {module, create: (config) => new module.S3Client(config)};
	},
	kms: async () => {
		const module = await import('@aws-sdk/client-kms');
		return {module, create: (config) => new module.KMSClient(config)};
	},
	sts: async () => {
		const module = await import('@aws-sdk/client-sts');
		return {module, create: (config) => new module.STSClient(config)};
	},
	iam: async () => {
		const module = await import('@aws-sdk/client-iam');
		return {module, create: (config) => new module.IAMClient(config)};
	},
	organizations: async () => {
		const module = await import('@aws-sdk/client-organizations');
		return {module, create: (config) => new module.OrganizationsClient(config)};
	},
	'access-analyzer': async () => {
		const module = await import('@aws-sdk/client-accessanalyzer');
		return {module, create: (config) => new module.AccessAnalyzerClient(config)};
	},
};

/**
 * Loads the SDK modules of `services` (and the credential providers) without making a
 * client or a call, so that the first call after it pays only for the network. The CLI
 * calls it once its first frame is drawn, while the person reads the first question.
 */
export async function preloadSdk(services: ServiceName[]): Promise<void> {
	await Promise.all([import('@aws-sdk/credential-providers'), ...services.map((service) => loaders[service]())]);
}

export interface PoolSettings {
	profile?: string;
	credentials: CredentialProvider;
	endpointUrl?: string;
	/** Attempts, retry mode and CA bundle of the session's profile (network-settings.ts). */
	network: () => Promise<NetworkSettings>;
	/** --cli-connect-timeout / --cli-read-timeout; default 10 s / 60 s. */
	timeouts?: Timeouts;
	onRetry?: (event: {service: string; operation: string; attempt: number; error: string}) => void;
	onCall?: (event: {service: string; operation: string; region: string; ms: number; ok: boolean}) => void;
	/** Must redact what it is given: createAwsGateway wraps it with redactText. */
	debug?: (line: string) => void;
}

export class ClientPool {
	private readonly clients = new Map<string, Promise<{module: unknown; client: unknown}>>();
	private config: Promise<SharedConfig | undefined> | undefined;

	constructor(private readonly settings: PoolSettings) {}

	async client<S extends ServiceName>(service: S, region: string): Promise<{module: SdkModule<S>; client: SdkClient<S>}> {
		const key = `${service} ${region}`;
		let entry = this.clients.get(key);
		if (!entry) {
			entry = this.create(service, region);
			this.clients.set(key, entry);
			entry.catch(() => this.clients.delete(key));
		}
		return entry as Promise<{module: SdkModule<S>; client: SdkClient<S>}>;
	}

	/**
	 * Runs one AWS operation. `send` makes exactly one SDK call (retries are the SDK's);
	 * it may catch an SDK error itself to read a header and return a value instead.
	 */
	async call<S extends ServiceName, T>(
		service: S,
		region: string,
		operation: string,
		signal: AbortSignal | undefined,
		send: (module: SdkModule<S>, client: SdkClient<S>, options: SendOptions) => Promise<T>,
	): Promise<T> {
		if (signal?.aborted) throw abortErrorOf(signal);
		const started = performance.now();
		const report = (ok: boolean, detail: string) => {
			const ms = Math.round(performance.now() - started);
			this.settings.onCall?.({service, operation, region, ms, ok});
			this.log(`${service} ${operation} ${region} ${detail} ${ms}ms`);
		};
		try {
			const {module, client} = await this.client(service, region);
			const result = await send(module, client, {abortSignal: signal});
			report(true, 'ok');
			return result;
		} catch (error) {
			const mapped = toAwsCallError(error, service, operation);
			if (isAbortError(mapped)) report(false, 'aborted');
			else {
				const e = mapped as {code?: string; httpStatus?: number; message: string};
				report(false, `failed ${e.code ?? ''}${e.httpStatus ? ` (HTTP ${e.httpStatus})` : ''}: ${e.message}`);
			}
			throw mapped;
		}
	}

	destroy(): void {
		for (const entry of this.clients.values()) {
			entry.then(({client}) => (client as {destroy(): void}).destroy()).catch(() => {});
		}
		this.clients.clear();
	}

	private log(line: string): void {
		this.settings.debug?.(line);
	}

	private async create<S extends ServiceName>(service: S, region: string): Promise<{module: SdkModule<S>; client: SdkClient<S>}> {
		// The SDK warns on stderr about Node versions when a client is made; that would
		// scribble over the Ink screen. An explicit setting by the user is left alone.
		process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
		const [{module, create}, config, network] = await Promise.all([(loaders[service] as Loader<S>)(), this.sharedConfig(), this.settings.network()]);
		const endpoint = configuredEndpoint(service, this.settings.endpointUrl, this.settings.profile, config);
		const agents = await handlerAgents(network.caBundle ? {path: network.caBundle, source: network.sources.caBundle ?? ''} : undefined);
		const clientConfig: Record<string, unknown> = {
			region,
			credentials: this.settings.credentials,
			maxAttempts: network.maxAttempts,
			retryMode: network.retryMode,
			// Without these a black-holed endpoint hangs for the socket's five-minute default.
			requestHandler: {...requestHandlerSettings(this.settings.timeouts ?? defaultTimeouts), ...agents},
		};
		// The SDK then reads the rest of that profile's settings (FIPS, dual-stack…), not AWS_PROFILE's.
		if (this.settings.profile) clientConfig['profile'] = this.settings.profile;
		if (endpoint) clientConfig['endpoint'] = endpoint;
		if (service === 's3') {
			// An IP or a vendor host cannot take the bucket as a sub-domain.
			if (endpoint && !isAwsHost(endpoint)) clientConfig['forcePathStyle'] = true;
			clientConfig['followRegionRedirects'] = true;
			// Checksums only where S3 requires them: AWS-compatible stores vary in support,
			// and nothing here uploads more than a few probe bytes.
			clientConfig['requestChecksumCalculation'] = 'WHEN_REQUIRED';
			clientConfig['responseChecksumValidation'] = 'WHEN_REQUIRED';
		}
		const client = create(clientConfig);
		this.addAttemptMiddleware(service, client as unknown as MiddlewareHost);
		this.log(`client ${service} ${region}${endpoint ? ` endpoint ${endpoint}` : ''}`);
		return {module, client};
	}

	private sharedConfig(): Promise<SharedConfig | undefined> {
		// Only needed to find configured endpoints; an unreadable file must not stop the call.
		this.config ??= this.settings.endpointUrl ? Promise.resolve(undefined) : loadSharedConfig().catch(() => undefined);
		return this.config;
	}

	/**
	 * Sits below the SDK's retry middleware, so it runs once per attempt: it reports
	 * retries, logs each HTTP attempt, and notes which host an unanswered request went to.
	 */
	private addAttemptMiddleware(service: ServiceName, client: MiddlewareHost): void {
		const settings = this.settings;
		const timeouts = settings.timeouts ?? defaultTimeouts;
		const log = (line: string) => this.log(line);
		// Below the deserializer: sees each raw answer before it is parsed (response-guard.ts).
		client.middlewareStack.addRelativeTo(
			(next: Handler, context: {commandName?: string; [streamedBodyContext]?: boolean}) => async (args: {request?: RequestLike}) => {
				const result = (await next(args)) as {response?: {statusCode: number; headers: Record<string, string | undefined>; body?: unknown}};
				const request = args.request;
				if (result.response) {
					const host = `${request?.hostname ?? ''}${request?.port ? `:${request.port}` : ''}`;
					await guardResponse(result.response, (context.commandName ?? '').replace(/Command$/, ''), host, timeouts, context[streamedBodyContext] === true);
					// After the guard: an error body is read only as far as its 1 MB limit.
					await keepErrorBody(result.response);
				}
				return result;
			},
			{relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'ddbExportResponseGuard', override: true},
		);
		client.middlewareStack.addRelativeTo(
			(next: Handler, context: {commandName?: string}) => {
				let attempt = 0;
				let timedOut = 0;
				let lastError: unknown;
				return async (args: {request?: RequestLike}) => {
					attempt += 1;
					const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
					const request = args.request;
					const host = request?.hostname ? `${request.hostname}${request.port ? `:${request.port}` : ''}` : undefined;
					if (attempt > 1) settings.onRetry?.({service, operation, attempt, error: describeAttemptError(lastError)});
					log(`→ ${request?.method ?? ''} ${request?.protocol ?? ''}//${host ?? ''}${request?.path ?? ''} ${service} ${operation} attempt ${attempt}`);
					try {
						const result = await next(args);
						const status = (result as {response?: {statusCode?: number}}).response?.statusCode;
						log(`← ${status ?? ''} ${service} ${operation}`);
						return result;
					} catch (caught) {
						let error = withoutLimitRetries(service, operation, caught);
						const timeout = timeoutOf(error, timeouts);
						if (timeout) {
							timedOut += 1;
							const sentence = `no answer from ${host ?? 'the endpoint'} within ${timeout.seconds} s`;
							// One more try for a read (or the token-guarded export start); another write that timed out may have been done, so it is not repeated.
							if (!isIdempotent(operation) || timedOut > 1) error = new NoAnswerError(sentence);
							else if (typeof error === 'object' && error !== null) Object.defineProperty(error, noAnswerProperty, {value: sentence, configurable: true});
						}
						lastError = error;
						const status = (error as {$metadata?: {httpStatusCode?: number}})?.$metadata?.httpStatusCode;
						log(`← ${status ?? 'no answer'} ${service} ${operation}: ${describeAttemptError(error)}`);
						if (host && status === undefined && typeof error === 'object' && error !== null) {
							try {
								Object.defineProperty(error, hostProperty, {value: host, enumerable: false, configurable: true});
							} catch {
								// A frozen error keeps no host; the message still says what failed.
							}
						}
						throw error;
					}
				};
			},
			{relation: 'after', toMiddleware: 'retryMiddleware', name: 'ddbExportAttemptMiddleware', override: true},
		);
	}
}

/**
 * Keeps the text of an error answer where toAwsCallError finds it. A JSON service answered
 * with XML (as proxies and emulators do) fails to parse, and the SDK then holds only a
 * consumed stream: the "User: … is not authorized to perform: …" inside would be lost. It
 * runs inside the deserializer, on the body response-guard.ts has bounded: the body is read
 * once and handed on as the same bytes.
 */
async function keepErrorBody(response: {statusCode?: number; body?: unknown}): Promise<void> {
	const body = response.body as AsyncIterable<Uint8Array | string> | undefined;
	if ((response.statusCode ?? 0) < 400 || typeof body?.[Symbol.asyncIterator] !== 'function') return;
	const chunks: Buffer[] = [];
	for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
	const bytes = Buffer.concat(chunks);
	response.body = Readable.from([bytes]);
	Object.defineProperty(response, errorBodyProperty, {value: bytes.subarray(0, 16_384).toString('utf8'), enumerable: false});
}

type Handler = (args: {request?: RequestLike}) => Promise<unknown>;
interface RequestLike {
	method?: string;
	protocol?: string;
	hostname?: string;
	port?: number;
	path?: string;
}
interface MiddlewareHost {
	middlewareStack: {
		addRelativeTo(
			middleware: (next: Handler, context: {commandName?: string}) => Handler,
			options: {relation: 'before' | 'after'; toMiddleware: string; name?: string; override?: boolean},
		): void;
	};
}

function describeAttemptError(error: unknown): string {
	if (typeof error !== 'object' || error === null) return String(error);
	const e = error as {name?: string; code?: string; Code?: string; $metadata?: {httpStatusCode?: number}};
	const code = e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? 'Error';
	return e.$metadata?.httpStatusCode ? `${code} (HTTP ${e.$metadata.httpStatusCode})` : code;
}

function abortErrorOf(signal: AbortSignal): Error {
	const reason: unknown = signal.reason;
	if (reason instanceof Error && reason.name === 'AbortError') return reason;
	return Object.assign(new Error('Request aborted'), {name: 'AbortError', cause: reason});
}
