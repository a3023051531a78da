import React from 'react';
import {SelectList} from '../widgets/select-list.js';
import type {SelectOption} from '../widgets/select-state.js';
import type {Draft, FieldId} from '../../core/wizard/fields.js';
import type {WizardState} from '../../core/wizard/state.js';

type ChoiceField = 'destination' | 'sse' | 'format' | 'exportType' | 'timeMode' | 'viewType';

export const CHOICE_QUESTIONS: Record<ChoiceField, {question: string; options: (state: WizardState) => SelectOption[]}> = {
	destination: {
		question: 'Which account owns the destination bucket?',
		options: (state) => [
			{value: 'this-account', label: 'This account', hint: state.loaded.identity.status === 'ready' ? state.loaded.identity.value.account : undefined},
			{value: 'other-account', label: 'Another account', hint: 'bucket owner id becomes S3BucketOwner'},
		],
	},
	sse: {
		question: 'How should the exported objects be encrypted?',
		options: () => [
			{value: 'AES256', label: 'AES256 (SSE-S3)', hint: 'S3 managed keys, no KMS permissions needed'},
			{value: 'KMS', label: 'KMS customer managed key', hint: 'key must be in the bucket’s Region'},
		],
	},
	format: {
		question: 'Export format?',
		options: () => [
			{value: 'DYNAMODB_JSON', label: 'DynamoDB JSON', hint: 'one item per line, gzip'},
			{value: 'ION', label: 'Amazon Ion', hint: 'text Ion, gzip'},
		],
	},
	exportType: {
		question: 'Full export or incremental?',
		options: () => [
			{value: 'FULL_EXPORT', label: 'Full export', hint: 'the whole table at one point in time'},
			{value: 'INCREMENTAL_EXPORT', label: 'Incremental export', hint: 'changes in a window of 15 min to 24 h'},
		],
	},
	timeMode: {
		question: 'Export the table as of when?',
		options: (state) => {
			const pitr = state.loaded.table.status === 'ready' ? state.loaded.table.value.pitr : undefined;
			return [
				{value: 'latest', label: 'Latest restorable time', hint: 'usually about 5 minutes ago'},
				{value: 'choose', label: 'A time I choose…', hint: pitr?.enabled ? 'inside the PITR window' : undefined},
			];
		},
	},
	viewType: {
		question: 'What should each changed item carry?',
		options: () => [
			{value: 'NEW_AND_OLD_IMAGES', label: 'New and old images'},
			{value: 'NEW_IMAGE', label: 'New image only'},
		],
	},
};

export function isChoiceField(field: FieldId): field is ChoiceField {
	return field in CHOICE_QUESTIONS;
}

export function ChoiceField({field, state, onAnswer, onBack}: {field: ChoiceField; state: WizardState; onAnswer: (v: string) => void; onBack: () => void}) {
	const value = state.draft[field as keyof Draft];
	return <SelectList key={field} options={CHOICE_QUESTIONS[field].options(state)} defaultValue={value} onSubmit={onAnswer} onBack={onBack} />;
}
