// --demo's sandbox: its secrets are new for every run, so another local user who knows
// the published source cannot sign a call to a running demo and change its world; and it
// listens on the loopback address only.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {connect} from 'node:net';
import {networkInterfaces} from 'node:os';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {startSandbox} from '../source/sandbox/index.js';

/** The secret every sandbox used to give a profile: derived from its access key id alone. */
function publishedSecret(accessKeyId: string): string {
	return Buffer.from(createHash('sha256').update(`secret/${accessKeyId}`).digest('hex'), 'hex').toString('base64').slice(0, 40);
}

test('two runs of one scenario get different secrets; the formerly fixed secret signs nothing', async () => {
	const [one, two] = [await startSandbox({scenario: 'healthy'}), await startSandbox({scenario: 'healthy'})];
	try {
		const withKeys = (profiles: typeof one.profiles) => profiles.filter((p) => p.accessKeyId);
		assert.ok(withKeys(one.profiles).length > 0);
		for (const profile of withKeys(one.profiles)) {
			const other = two.profiles.find((p) => p.name === profile.name)!;
			assert.equal(other.accessKeyId, profile.accessKeyId, 'the key ids are names, the same in every run');
			assert.notEqual(other.secretAccessKey, profile.secretAccessKey, `${profile.name}: a new secret each run`);
			if (profile.sessionToken) assert.notEqual(other.sessionToken, profile.sessionToken);
		}

		const profile = withKeys(one.profiles)[0]!;
		const sts = (secretAccessKey: string) =>
			new STSClient({endpoint: one.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {accessKeyId: profile.accessKeyId!, secretAccessKey, sessionToken: profile.sessionToken}});
		const me = await sts(profile.secretAccessKey!).send(new GetCallerIdentityCommand({}));
		assert.ok(me.Arn, 'the run’s own secret signs');
		await assert.rejects(sts(publishedSecret(profile.accessKeyId!)).send(new GetCallerIdentityCommand({})), /signature/i);
		await assert.rejects(sts(two.profiles.find((p) => p.name === profile.name)!.secretAccessKey!).send(new GetCallerIdentityCommand({})), /signature/i, 'another run’s secret does not either');
	} finally {
		await one.stop();
		await two.stop();
	}
});

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({host, port});
		socket.setTimeout(3000, () => socket.destroy());
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
	});
}

test('the sandbox listens on 127.0.0.1 only: not on this machine’s other addresses', async (t) => {
	const sandbox = await startSandbox({scenario: 'healthy'});
	try {
		assert.match(sandbox.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
		const port = Number(new URL(sandbox.endpoint).port);
		assert.ok(await accepts('127.0.0.1', port));
		const outside = Object.values(networkInterfaces()).flat().find((address) => address && !address.internal && address.family === 'IPv4');
		if (!outside) return t.skip('this machine has no address but loopback');
		assert.equal(await accepts(outside.address, port), false, `not reachable on ${outside.address}`);
	} finally {
		await sandbox.stop();
	}
});

test('a test that asks for a seed gets the same secrets from every sandbox of that seed', async () => {
	const [a, b, c] = [await startSandbox({secretSeed: 'one'}), await startSandbox({secretSeed: 'one'}), await startSandbox({secretSeed: 'two'})];
	try {
		const secret = (sandbox: typeof a) => sandbox.profiles.find((p) => p.secretAccessKey)!.secretAccessKey;
		assert.equal(secret(a), secret(b));
		assert.notEqual(secret(a), secret(c));
	} finally {
		await Promise.all([a.stop(), b.stop(), c.stop()]);
	}
});
