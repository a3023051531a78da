// The table and its point-in-time recovery: the export reads from PITR backups, so
// both must be there before anything is written.

import {parseTableArn} from '../arn.js';
import {pitrEnableCommand} from '../render-aws-command.js';
import {AwsCallError, type PitrStatus, type TableDetails} from '../ports.js';
import type {CheckFacts} from './check-facts.js';
import {DependencyError, callErrorVerdict, isMissing, type CheckVerdict} from './check-errors.js';

/** Table states in which an export cannot start. */
const UNUSABLE_STATES = new Set(['CREATING', 'DELETING', 'ARCHIVING', 'ARCHIVED', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS']);

function isTableMissing(error: unknown): boolean {
	return error instanceof AwsCallError && (error.code === 'TableNotFoundException' || error.code === 'ResourceNotFoundException' || isMissing(error));
}

export async function checkTable(facts: CheckFacts): Promise<CheckVerdict> {
	const {plan} = facts;
	const planned = parseTableArn(plan.tableArn);
	const callerPromise = facts.caller().catch(() => undefined);
	let table: TableDetails;
	try {
		table = await facts.table();
	} catch (error) {
		if (!isTableMissing(error)) return callErrorVerdict(error, 'describe the table', 'dynamodb:DescribeTable');
		const caller = await callerPromise;
		const where = `Region ${plan.region}${caller ? `, account ${caller.account}` : ''}`;
		return {
			status: 'failed',
			summary: `Table ${facts.tableName} does not exist in ${where}.`,
			cause: `DescribeTable found no table named ${facts.tableName} in ${where}.`,
			evidence: [error instanceof AwsCallError ? `${error.code}: ${error.message}` : String(error)],
			fix: {text: 'Check the table name and the Region (and that the profile is for the account that owns the table).'},
		};
	}

	const evidence = [`Table: ${table.arn}`, `Status: ${table.status}`];
	if (table.itemCount !== undefined) evidence.push(`About ${table.itemCount} items, ${table.sizeBytes ?? 0} bytes (updated every ~6 hours)`);
	const caller = await callerPromise;
	const found = parseTableArn(table.arn);
	if (planned && found && (planned.account !== found.account || planned.region !== found.region)) {
		return {
			status: 'failed',
			summary: `The table ARN names account ${planned.account} / ${planned.region}, but you reached ${found.account} / ${found.region}.`,
			cause: `The plan's table ${plan.tableArn} is not the table your credentials see (${table.arn}).`,
			evidence,
			fix: {text: `Use a profile for account ${planned.account} and Region ${planned.region}, or pick the table again.`},
		};
	}
	if (planned && caller && planned.account !== caller.account) {
		evidence.push(`You are signed in to account ${caller.account}; the table is in ${planned.account}.`);
	}

	let status: CheckVerdict['status'] = 'passed';
	let summary = `Table ${table.name} exists and is ${table.status}.`;
	if (UNUSABLE_STATES.has(table.status)) {
		return {
			status: 'failed',
			summary: `Table ${table.name} is ${table.status}.`,
			cause: `An export needs an existing, readable table; this one is ${table.status}.`,
			evidence,
			fix: {text: table.status === 'CREATING' ? 'Wait until the table is ACTIVE.' : 'Choose a table that is ACTIVE.'},
		};
	}
	if (table.status !== 'ACTIVE') {
		status = 'warning';
		summary = `Table ${table.name} is ${table.status}, not ACTIVE.`;
	}

	if (table.encryption.type === 'KMS') {
		if (table.awsManagedKey) {
			evidence.push(`Encrypted with the AWS managed key aws/dynamodb${table.encryption.kmsKeyArn ? ` (${table.encryption.kmsKeyArn})` : ''}.`);
		} else {
			evidence.push(
				`Encrypted with the customer managed key ${table.encryption.kmsKeyArn ?? '(ARN not reported)'}: you also need kms:Decrypt and kms:GenerateDataKey on it (see "Your permissions").`,
			);
		}
		if (table.encryption.status && table.encryption.status !== 'ENABLED') {
			status = 'failed';
			summary = `The table's KMS key is ${table.encryption.status}.`;
			return {
				status,
				summary,
				cause: `DynamoDB cannot read the table while its encryption key is ${table.encryption.status}.`,
				evidence,
				fix: {text: 'Re-enable the table key (or restore access to it), then re-run the checks.'},
			};
		}
	} else {
		evidence.push('Encrypted with an AWS owned key (nothing to grant).');
	}
	return {status, summary, evidence};
}

export async function checkPitr(facts: CheckFacts): Promise<CheckVerdict> {
	const {plan} = facts;
	let pitr: PitrStatus;
	try {
		pitr = await facts.pitr();
	} catch (error) {
		if (isTableMissing(error)) throw new DependencyError('table', error);
		return callErrorVerdict(error, 'read the point-in-time recovery status', 'dynamodb:DescribeContinuousBackups');
	}
	if (!pitr.enabled) {
		return {
			status: 'failed',
			summary: `Point-in-time recovery is off for ${facts.tableName}.`,
			cause: 'Exports read from point-in-time recovery backups; with it off the export fails with PointInTimeRecoveryUnavailableException.',
			evidence: ['DescribeContinuousBackups: PointInTimeRecoveryStatus DISABLED'],
			fix: {
				text: 'Turn on point-in-time recovery (it is billed by table size); the wizard can do it for you.',
				command: pitrEnableCommand(facts.tableName, plan.profile, plan.region),
				action: {kind: 'enable-pitr', table: facts.tableName, region: plan.region},
			},
		};
	}
	const earliest = pitr.earliest;
	const latest = pitr.latest ?? facts.now();
	const evidence = [
		`Restorable from ${earliest ? stamp(earliest) : '(not reported)'} to ${pitr.latest ? stamp(pitr.latest) : '(not reported)'}`,
	];
	if (pitr.recoveryPeriodDays) evidence.push(`Recovery period: ${pitr.recoveryPeriodDays} days`);
	const outside = (what: string, time: Date): CheckVerdict | undefined => {
		if (earliest && time.getTime() < earliest.getTime()) {
			return windowFailure(`${what} ${stamp(time)} is before the earliest restorable time ${stamp(earliest)}.`, evidence);
		}
		if (time.getTime() > latest.getTime()) {
			return windowFailure(`${what} ${stamp(time)} is after the latest restorable time ${stamp(latest)}.`, evidence);
		}
		return undefined;
	};

	if (plan.type === 'INCREMENTAL_EXPORT') {
		const window = plan.incremental;
		if (!window) {
			return {status: 'failed', summary: 'The incremental export has no time window.', cause: 'An incremental export needs a start and an end time.', evidence, fix: {text: 'Choose the window to export.'}};
		}
		const minutes = (window.to.getTime() - window.from.getTime()) / 60_000;
		if (minutes < 15 || minutes > 24 * 60) {
			return windowFailure(`The window ${stamp(window.from)} – ${stamp(window.to)} lasts ${Math.round(minutes)} minutes; it must be 15 minutes to 24 hours.`, evidence);
		}
		const problem = outside('The window start', window.from) ?? outside('The window end', window.to);
		if (problem) return problem;
		return {status: 'passed', summary: `PITR is on; the window ${stamp(window.from)} – ${stamp(window.to)} is inside it.`, evidence};
	}
	if (plan.exportTime) {
		const problem = outside('The export time', plan.exportTime);
		if (problem) return problem;
		return {status: 'passed', summary: `PITR is on; ${stamp(plan.exportTime)} is restorable.`, evidence};
	}
	return {status: 'passed', summary: 'PITR is on; the export will use the current time.', evidence};
}

function windowFailure(cause: string, evidence: string[]): CheckVerdict {
	return {
		status: 'failed',
		summary: 'The chosen time is outside the point-in-time recovery window.',
		cause: `${cause} The export would fail with InvalidExportTimeException.`,
		evidence,
		fix: {text: 'Choose a time inside the restorable window (or leave the time empty for "now").'},
	};
}

export function stamp(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
