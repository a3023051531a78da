// Plain-text descriptions of the wizard's answers and plan, shared by the Ink views,
// line mode and the JSON output, so every face says the same thing.

import type {ExportPlan} from '../plan.js';
import {describePrincipal} from '../arn.js';
import {ENVIRONMENT_PROFILE, STEPS, STEP_OF, STEP_TITLES, type StepId} from './fields.js';
import {bucketRegionOf} from './reducer.js';
import {selectionSummary} from './table-selection.js';
import type {WizardState} from './state.js';

export function formatBytes(bytes: number | undefined): string {
	if (bytes === undefined) return '—';
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatCount(n: number | undefined): string {
	return n === undefined ? '—' : n.toLocaleString('en-US');
}

/** 2026-11-28 06:45 UTC: to the minute, for the PITR window (time-input.ts's formatUtc gives seconds). */
export function formatUtcMinute(date: Date | undefined): string {
	if (!date) return '—';
	return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** 1:05 or 1:02:05 */
export function formatElapsed(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "role DataExporter (session alice)" */
export function principalLabel(arn: string): string {
	const p = describePrincipal(arn);
	switch (p.kind) {
		case 'assumed-role':
			return `role ${p.name}${p.session ? ` (session ${p.session})` : ''}`;
		case 'role':
			return `role ${p.name}`;
		case 'user':
			return `user ${p.name}`;
		case 'root':
			return 'the account root user';
		default:
			return arn;
	}
}

export function currentStep(state: WizardState): StepId | 'checks' | 'policies' | 'export' | 'exit' {
	const phase = state.phase;
	if (phase.kind === 'asking') return STEP_OF[phase.field];
	// A batch's checks and watch are the same steps as a single export's.
	if (phase.kind === 'batch-checks') return 'checks';
	if (phase.kind === 'batch-watch') return 'export';
	return phase.kind === 'exit' ? 'exit' : phase.kind;
}

export const ALL_STEPS = [...STEPS, 'checks', 'export'] as const;
export const ALL_STEP_TITLES: Record<string, string> = {...STEP_TITLES, checks: 'Checks', policies: 'Policies', export: 'Export'};

/** Short titles for the one-line summaries, so the text after them fits 80 columns. */
const SUMMARY_TITLES: Record<StepId, string> = {
	profile: 'Profile',
	table: 'Table',
	destination: 'Destination',
	encryption: 'Encryption',
	options: 'Options',
	review: 'Review',
};

/** One line per finished step, for the steps before the current one. */
export function stepSummaries(state: WizardState): Array<{step: StepId; title: string; text: string}> {
	const step = currentStep(state);
	const index = (STEPS as string[]).indexOf(step);
	const done = index === -1 ? STEPS.filter((s) => s !== 'review') : STEPS.slice(0, index);
	return done.map((s) => ({step: s, title: SUMMARY_TITLES[s], text: stepText(state, s)}));
}

function stepText(state: WizardState, step: StepId): string {
	const {draft, loaded} = state;
	switch (step) {
		case 'profile': {
			const who = loaded.identity.status === 'ready' ? ` · ${principalLabel(loaded.identity.value.arn)} · ${loaded.identity.value.account}` : '';
			const profile = draft.profile === ENVIRONMENT_PROFILE ? 'environment credentials' : draft.profile;
			const others = (draft.profiles ?? []).filter((p) => p !== draft.profile);
			return `${profile}${others.length && (draft.profiles?.length ?? 0) > 1 ? ` + ${others.join(', ')}` : ''} · ${draft.region}${who}`;
		}
		case 'table': {
			const chosen = draft.tables ?? [];
			if (chosen.length > 1) {
				const {bytes, unknown} = selectionSummary(chosen, state.tableFacts ?? {});
				return `${chosen.length} tables (a batch) · ${formatBytes(bytes)}${unknown ? ` + ${unknown} size${unknown === 1 ? '' : 's'} unknown` : ''}`;
			}
			if (loaded.table.status !== 'ready' || loaded.table.value.name !== draft.table) return draft.table ?? '';
			const {details, pitr} = loaded.table.value;
			const pitrText = pitr ? (pitr.enabled ? 'PITR on' : 'PITR OFF') : 'PITR unknown';
			const encryption = details.encryption.type === 'KMS' ? (details.awsManagedKey ? 'aws/dynamodb key' : 'own KMS key') : 'AWS owned key';
			return `${details.name} · ${details.status} · ${formatCount(details.itemCount)} items · ${formatBytes(details.sizeBytes)} · ${pitrText} · ${encryption}`;
		}
		case 'destination': {
			const region = bucketRegionOf(state);
			const owner = draft.destination === 'other-account' ? `owner ${draft.bucketOwner}` : 'this account';
			return `s3://${draft.bucket}/${draft.prefix ?? ''} · ${owner}${region ? ` · ${region}` : ''}`;
		}
		case 'encryption':
			return draft.sse === 'KMS' ? `KMS · ${draft.kmsKey ?? AWS_MANAGED_S3_KEY}` : 'AES256 (SSE-S3)';
		case 'options': {
			const format = draft.format === 'ION' ? 'Amazon Ion' : 'DynamoDB JSON';
			if (draft.exportType === 'INCREMENTAL_EXPORT' && draft.incrementalMode === 'since-last') {
				return `${format} · incremental since the last export to this destination · ${draft.viewType ?? 'NEW_AND_OLD_IMAGES'}`;
			}
			if (draft.exportType === 'INCREMENTAL_EXPORT') {
				return `${format} · incremental ${draft.incrementalFrom} → ${draft.incrementalTo} · ${draft.viewType ?? 'NEW_AND_OLD_IMAGES'}`;
			}
			return `${format} · full export · ${draft.timeMode === 'choose' ? `as of ${draft.exportTime}` : 'latest restorable time'}`;
		}
		case 'review':
			return '';
	}
}

/** SSE-KMS without a key named: S3 uses the AWS managed key of the bucket's account. */
const AWS_MANAGED_S3_KEY = 'the AWS managed key aws/s3 (no key named)';

/** The plan in one line, above the checks and the export: orders → s3://bucket/prefix (AES256) */
export function planLine(plan: ExportPlan): string {
	const table = plan.tableArn.split('/').pop();
	const owner = plan.bucketOwner ? ` owned by ${plan.bucketOwner}` : '';
	return `${table} → s3://${plan.bucket}/${plan.prefix}${owner} · ${plan.sse === 'KMS' ? `KMS ${plan.kmsKeyId ?? 'aws/s3'}` : 'AES256'}`;
}

/** The plan as label/value rows for the review screen. */
export function planRows(plan: ExportPlan): Array<[string, string]> {
	const rows: Array<[string, string]> = [
		['Table', plan.tableArn],
		['Destination', `s3://${plan.bucket}/${plan.prefix}`],
		['Bucket owner', plan.bucketOwner ? `${plan.bucketOwner} (another account)` : 'this account'],
	];
	if (plan.bucketRegion) rows.push(['Bucket Region', plan.bucketRegion]);
	rows.push(['Encryption', plan.sse === 'KMS' ? (plan.kmsKeyId ? `KMS key ${plan.kmsKeyId}` : `KMS, ${AWS_MANAGED_S3_KEY}`) : 'AES256 (SSE-S3)']);
	rows.push(['Format', plan.format]);
	if (plan.type === 'INCREMENTAL_EXPORT' && plan.incremental) {
		rows.push(['Type', `INCREMENTAL_EXPORT ${plan.incremental.from.toISOString()} → ${plan.incremental.to.toISOString()} (${plan.incremental.viewType})`]);
	} else {
		rows.push(['Type', `FULL_EXPORT as of ${plan.exportTime ? plan.exportTime.toISOString() : 'the latest restorable time'}`]);
	}
	return rows;
}
