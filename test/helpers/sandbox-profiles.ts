// Points this process's SDK at a sandbox's profile files, as a person's ~/.aws would be:
// the in-process tests (the controller, the checks, the gateway) read them from there.

import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Sandbox} from '../../source/sandbox/index.js';

/** Writes the sandbox's config and credentials files into a new temp folder (returned, for the caller to remove) and sets AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE to them. */
export function useSandboxProfiles(sandbox: Pick<Sandbox, 'writeSharedConfig'>, prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	const files = sandbox.writeSharedConfig(dir);
	process.env.AWS_CONFIG_FILE = files.configFile;
	process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentialsFile;
	return dir;
}
