// The sandbox's profiles as AWS CLI files, so a person (or the real `aws` CLI) can use
// them: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE point at what this writes.
// Each profile also names the sandbox endpoint, so no other setting is needed.

import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {SandboxProfile} from './types.js';

export function sharedConfigTexts(profiles: SandboxProfile[], endpoint: string): {config: string; credentials: string} {
	const config: string[] = [];
	const credentials: string[] = [];
	for (const profile of profiles) {
		config.push(profile.name === 'default' ? '[default]' : `[profile ${profile.name}]`);
		config.push(`region = ${profile.region}`);
		if (profile.roleArn) config.push(`role_arn = ${profile.roleArn}`);
		if (profile.sourceProfile) config.push(`source_profile = ${profile.sourceProfile}`);
		if (profile.mfaSerial) config.push(`mfa_serial = ${profile.mfaSerial}`);
		if (profile.sso) {
			config.push(
				`sso_start_url = ${profile.sso.startUrl}`,
				`sso_region = ${profile.sso.region}`,
				`sso_account_id = ${profile.sso.accountId}`,
				`sso_role_name = ${profile.sso.roleName}`,
			);
		}
		config.push(`endpoint_url = ${endpoint}`, '');
		if (profile.accessKeyId && profile.secretAccessKey) {
			credentials.push(`[${profile.name}]`, `aws_access_key_id = ${profile.accessKeyId}`, `aws_secret_access_key = ${profile.secretAccessKey}`);
			if (profile.sessionToken) credentials.push(`aws_session_token = ${profile.sessionToken}`);
			credentials.push('');
		}
	}
	return {config: config.join('\n'), credentials: credentials.join('\n')};
}

export function writeSharedConfig(dir: string, profiles: SandboxProfile[], endpoint: string): {configFile: string; credentialsFile: string} {
	mkdirSync(dir, {recursive: true});
	const {config, credentials} = sharedConfigTexts(profiles, endpoint);
	const configFile = join(dir, 'config');
	const credentialsFile = join(dir, 'credentials');
	writeFileSync(configFile, config, {mode: 0o600});
	writeFileSync(credentialsFile, credentials, {mode: 0o600});
	return {configFile, credentialsFile};
}
