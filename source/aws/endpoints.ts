// Which URL each service is called at. The SDK resolves AWS_ENDPOINT_URL(_<SERVICE>) and
// the config file's endpoint_url itself, but only for the profile named by AWS_PROFILE
// (or 'default'), not for a profile chosen in the wizard. So the same rules are applied
// here for the session's profile and the result is passed to the client explicitly.

import type {SharedConfig} from './profiles.js';

/** Lower-case IAM service prefixes; also the `service` of every AwsCallError. */
export type ServiceName = 'dynamodb' | 's3' | 'kms' | 'sts' | 'iam' | 'organizations' | 'access-analyzer';

/** The SDK's serviceId of each client: names the AWS_ENDPOINT_URL_<ID> variable and config key. */
export const sdkServiceIds: Record<ServiceName, string> = {
	dynamodb: 'DynamoDB',
	s3: 'S3',
	kms: 'KMS',
	sts: 'STS',
	iam: 'IAM',
	organizations: 'Organizations',
	'access-analyzer': 'AccessAnalyzer',
};

function isTrue(value: string | undefined): boolean {
	return value?.trim().toLowerCase() === 'true';
}

/**
 * @param override the --endpoint-url flag: wins over everything.
 * @param profile the session's profile name (undefined: AWS_PROFILE or 'default').
 */
export function configuredEndpoint(
	service: ServiceName,
	override: string | undefined,
	profile: string | undefined,
	config: SharedConfig | undefined,
	env: NodeJS.ProcessEnv = process.env,
): string | undefined {
	if (override) return override;
	const section = config?.profiles[profile ?? (env['AWS_PROFILE'] || 'default')];
	if (isTrue(env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) || isTrue(section?.['ignore_configured_endpoint_urls'])) return undefined;
	const id = sdkServiceIds[service];
	const fromEnv = env[`AWS_ENDPOINT_URL_${id.split(' ').map((w) => w.toUpperCase()).join('_')}`] || env['AWS_ENDPOINT_URL'];
	if (fromEnv) return fromEnv;
	if (!section) return undefined;
	const servicesName = section['services'];
	if (servicesName) {
		const services = config?.services[servicesName];
		const key = `${id.split(' ').map((w) => w.toLowerCase()).join('_')}.endpoint_url`;
		if (services?.[key]) return services[key];
	}
	return section['endpoint_url'] || undefined;
}

/** True for hosts AWS itself serves; anything else (an IP, localhost, a vendor) is AWS-compatible. */
export function isAwsHost(endpoint: string): boolean {
	let host: string;
	try {
		host = new URL(endpoint).hostname.toLowerCase();
	} catch {
		return false;
	}
	return /(^|\.)(amazonaws\.com|amazonaws\.com\.cn|api\.aws|on\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/.test(host);
}

/** IAM and Organizations are global: their one endpoint lives in the partition's home Region. */
export function globalRegionFor(region: string): string {
	if (region.startsWith('cn-')) return 'cn-north-1';
	if (region.startsWith('us-gov-')) return 'us-gov-west-1';
	return 'us-east-1';
}
