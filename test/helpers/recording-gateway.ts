// A fake AwsGateway with a small fixed world (one account, two tables, one bucket, one
// key) that records every call. Tests use it to prove that an input was refused before
// anything was sent to AWS: the record must not grow after the answer.

import {AwsCallError, type AwsGateway, type AwsSession, type ProfileInfo} from '../../source/core/ports.js';

export interface RecordingGateway extends AwsGateway {
	/** "method arg1 arg2" per call, gateway and session methods alike. */
	readonly calls: string[];
}

const ACCOUNT = '111111111111';
const MINUTE = 60_000;

export function recordingGateway(now: () => number = Date.now): RecordingGateway {
	const calls: string[] = [];
	const record = (name: string, args: unknown[]) =>
		calls.push([name, ...args.filter((a) => typeof a === 'string')].join(' '));
	const answers: Partial<Record<keyof AwsSession, (...args: unknown[]) => unknown>> = {
		identity: () => ({account: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/DataExporter/alice`, userId: 'AROAEXAMPLEID:alice'}),
		listTables: () => ['customers', 'orders'],
		describeTable: (name) => ({
			name: String(name),
			arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${String(name)}`,
			status: 'ACTIVE',
			itemCount: 10,
			sizeBytes: 1000,
			encryption: {type: 'DEFAULT'},
		}),
		describeContinuousBackups: () => ({
			enabled: true,
			earliest: new Date(now() - 35 * 24 * 60 * MINUTE),
			latest: new Date(now() - 5 * MINUTE),
			recoveryPeriodDays: 35,
		}),
		listBuckets: () => [{name: 'orders-exports', region: 'us-east-1'}],
		bucketRegion: () => 'us-east-1',
		listKeys: () => [
			{
				keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
				arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
				aliases: ['alias/exports'],
				manager: 'CUSTOMER',
			},
		],
	};
	const profiles: ProfileInfo[] = [
		{name: 'default', kind: 'static', region: 'us-east-1'},
		{name: 'other', kind: 'static', region: 'eu-west-1'},
	];
	return {
		calls,
		async listProfiles() {
			record('listProfiles', []);
			return profiles;
		},
		async defaultRegion(profile) {
			record('defaultRegion', [profile]);
			return profiles.find((p) => p.name === (profile ?? 'default'))?.region;
		},
		session(request) {
			record('session', [request.profile, request.region]);
			return new Proxy({region: request.region, profile: request.profile} as AwsSession, {
				get(target, property) {
					if (property === 'region' || property === 'profile') return target[property];
					if (typeof property !== 'string' || property === 'then') return undefined;
					return async (...args: unknown[]) => {
						record(property, args);
						const answer = answers[property as keyof AwsSession];
						if (!answer) throw new AwsCallError('test', property, 'NotInThisTest', `${property} is not expected in this test.`);
						return answer(...args);
					};
				},
			});
		},
	};
}
