import React from 'react';
import {Box, Text} from 'ink';
import {TextField} from '../widgets/text-field.js';
import {defaultPrefix} from '../../core/wizard/plan-from-draft.js';
import {formatUtc} from '../../core/wizard/summary.js';
import type {FieldId} from '../../core/wizard/fields.js';
import type {WizardState} from '../../core/wizard/state.js';

export type TextFieldId = 'region' | 'bucketOwner' | 'prefix' | 'exportTime' | 'incrementalFrom' | 'incrementalTo';

export const TEXT_QUESTIONS: Record<TextFieldId, string> = {
	region: 'Region of the table?',
	bucketOwner: 'Account id of the bucket owner (12 digits)?',
	prefix: 'Prefix for the exported objects (may be empty)?',
	exportTime: 'Point in time (ISO 8601 like 2026-11-27T10:00:00Z, or -2h, -1d)?',
	incrementalFrom: 'Incremental window start (inclusive)?',
	incrementalTo: 'Incremental window end (exclusive; 15 min to 24 h after the start)?',
};

export function isTextField(field: FieldId): field is TextFieldId {
	return field in TEXT_QUESTIONS;
}

function initialText(field: TextFieldId, state: WizardState): string {
	const {draft} = state;
	switch (field) {
		case 'region':
			return draft.region ?? '';
		case 'bucketOwner':
			return draft.bucketOwner ?? '';
		case 'prefix':
			return draft.prefix ?? defaultPrefix(draft.table);
		case 'exportTime':
			return draft.exportTime ?? '';
		case 'incrementalFrom':
			return draft.incrementalFrom ?? '-1h';
		case 'incrementalTo':
			return draft.incrementalTo ?? 'now';
	}
}

function hintFor(field: TextFieldId, state: WizardState): string | undefined {
	if (field === 'exportTime' || field === 'incrementalFrom' || field === 'incrementalTo') {
		const pitr = state.loaded.table.status === 'ready' ? state.loaded.table.value.pitr : undefined;
		if (pitr?.enabled) return `PITR window: ${formatUtc(pitr.earliest)} → ${formatUtc(pitr.latest)}`;
		if (pitr && !pitr.enabled) return 'PITR is off for this table: the checks will offer to turn it on.';
	}
	if (field === 'region') return 'e.g. us-east-1, eu-west-1, ap-southeast-2';
	if (field === 'prefix') return 'Objects go under s3://BUCKET/PREFIX/AWSDynamoDB/<export id>/';
	return undefined;
}

export function TextQuestion({field, state, onAnswer, onBack}: {field: TextFieldId; state: WizardState; onAnswer: (v: string) => void; onBack: () => void}) {
	const hint = hintFor(field, state);
	return (
		<Box flexDirection="column">
			{hint ? <Text dimColor>{hint}</Text> : null}
			<TextField key={field} initialValue={initialText(field, state)} onSubmit={onAnswer} onBack={onBack} />
		</Box>
	);
}
