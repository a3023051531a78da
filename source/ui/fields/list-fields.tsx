import React, {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import Spinner from 'ink-spinner';
import {SelectList} from '../widgets/select-list.js';
import {TextField} from '../widgets/text-field.js';
import type {SelectOption} from '../widgets/select-state.js';
import {ProblemView} from '../problem-view.js';
import {bucketRegionOf} from '../../core/wizard/reducer.js';
import type {LoadKey, Remote, WizardEvent, WizardState} from '../../core/wizard/state.js';

interface FieldProps {
	state: WizardState;
	dispatch: (event: WizardEvent) => void;
	onAnswer: (value: string) => void;
	onBack: () => void;
}

function Loading({text}: {text: string}) {
	return (
		<Text>
			<Text color="cyan">
				<Spinner type="dots" />
			</Text>{' '}
			{text}
		</Text>
	);
}

/** A failed load, with r to retry and Esc to go back. */
function FailedLoad({remote, loadKey, dispatch, onBack}: {remote: Remote<unknown>; loadKey: LoadKey; dispatch: FieldProps['dispatch']; onBack: () => void}) {
	useInput((input, key) => {
		if (input === 'r') dispatch({type: 'retry', key: loadKey});
		else if (key.escape || (key.shift && key.tab)) onBack();
	});
	if (remote.status !== 'failed') return null;
	return <ProblemView problem={remote.problem} hint="r tries again · Esc goes back" />;
}

export function ProfileField({state, dispatch, onAnswer, onBack}: FieldProps) {
	const profiles = state.loaded.profiles;
	if (profiles.status === 'failed') return <FailedLoad remote={profiles} loadKey="profiles" dispatch={dispatch} onBack={onBack} />;
	if (profiles.status !== 'ready') return <Loading text="Reading your AWS profiles…" />;
	if (profiles.value.length === 0) {
		return (
			<Box flexDirection="column">
				<Text color="yellow">No AWS profiles found and no credentials in the environment.</Text>
				<Text>  Set one up with <Text color="cyan">aws configure</Text> or <Text color="cyan">aws configure sso</Text>,</Text>
				<Text>  or try the tool on its built-in sandbox: <Text color="cyan">ddb-export --demo</Text></Text>
			</Box>
		);
	}
	const options: SelectOption[] = profiles.value.map((p) => ({
		value: p.name,
		label: p.name,
		hint: [p.kind === 'environment' ? 'environment variables' : p.kind, p.region].filter(Boolean).join(' · '),
	}));
	return <SelectList options={options} defaultValue={state.draft.profile} onSubmit={onAnswer} onBack={onBack} filterable={options.length > 8} />;
}

export function TableField({state, dispatch, onAnswer, onBack}: FieldProps) {
	const {identity, tables} = state.loaded;
	if (identity.status === 'failed') return <FailedLoad remote={identity} loadKey="identity" dispatch={dispatch} onBack={onBack} />;
	// Once known, who you are shows in the Profile line above.
	const who = identity.status === 'ready' ? null : <Loading text="Checking who you are (sts get-caller-identity)…" />;
	if (tables.status === 'failed') {
		return (
			<Box flexDirection="column">
				{who}
				<FailedLoad remote={tables} loadKey="tables" dispatch={dispatch} onBack={onBack} />
			</Box>
		);
	}
	const names = tables.status === 'ready' ? tables.value : tables.status === 'loading' ? (tables.partial ?? []) : [];
	const status = tables.status === 'loading' ? `loading… ${names.length} so far` : undefined;
	return (
		<Box flexDirection="column">
			{who}
			{names.length === 0 && tables.status !== 'ready' ? (
				<Loading text={`Listing tables in ${state.draft.region}…`} />
			) : names.length === 0 ? (
				<Text color="yellow">No tables in {state.draft.region}. Esc goes back to choose another Region.</Text>
			) : (
				<SelectList
					options={names.map((name) => ({value: name, label: name}))}
					defaultValue={state.draft.table}
					onSubmit={onAnswer}
					onBack={onBack}
					filterable
					submitTyped
					status={status}
					isActive={identity.status === 'ready'}
				/>
			)}
		</Box>
	);
}

const TYPE_IT = '\u0000type';

export function BucketField({state, dispatch, onAnswer, onBack}: FieldProps) {
	const [typing, setTyping] = useState(false);
	if (state.draft.destination === 'other-account' || typing) {
		return (
			<Box flexDirection="column">
				<Text dimColor>A bucket name, or s3://bucket/prefix</Text>
				<TextField initialValue={state.draft.bucket ?? ''} onSubmit={onAnswer} onBack={typing ? () => setTyping(false) : onBack} />
			</Box>
		);
	}
	const buckets = state.loaded.buckets;
	if (buckets.status === 'failed') {
		return (
			<Box flexDirection="column">
				<FailedLoad remote={buckets} loadKey="buckets" dispatch={dispatch} onBack={onBack} />
				<Text dimColor>You can still type the bucket name: press t.</Text>
				<TypeKey onType={() => setTyping(true)} />
			</Box>
		);
	}
	const list = buckets.status === 'ready' ? buckets.value : buckets.status === 'loading' ? (buckets.partial ?? []) : [];
	if (list.length === 0 && buckets.status !== 'ready') return <Loading text="Listing your buckets…" />;
	const options: SelectOption[] = [
		...list.map((b) => ({value: b.name, label: b.name, hint: b.region})),
		{value: TYPE_IT, label: 'Type a bucket name…'},
	];
	return (
		<SelectList
			options={options}
			defaultValue={state.draft.bucket}
			onSubmit={(value) => (value === TYPE_IT ? setTyping(true) : onAnswer(value))}
			onBack={onBack}
			filterable
			submitTyped
			status={buckets.status === 'loading' ? 'loading…' : undefined}
		/>
	);
}

function TypeKey({onType}: {onType: () => void}) {
	useInput((input) => {
		if (input === 't') onType();
	});
	return null;
}

export function KeyField({state, dispatch, onAnswer, onBack}: FieldProps) {
	const [typing, setTyping] = useState(false);
	const region = bucketRegionOf(state) ?? state.draft.region;
	const regionNote = bucketRegionOf(state)
		? `Keys in ${region}, the bucket’s Region (a key must be in the bucket’s Region).`
		: `The bucket’s Region is not known; showing keys in ${region}. The key must be in the bucket’s Region.`;
	if (typing) {
		return (
			<Box flexDirection="column">
				<Text dimColor>A key id, key ARN, alias/name or alias ARN</Text>
				<TextField initialValue={state.draft.kmsKey ?? ''} onSubmit={onAnswer} onBack={() => setTyping(false)} />
			</Box>
		);
	}
	const keys = state.loaded.keys;
	if (keys.status === 'failed') {
		return (
			<Box flexDirection="column">
				<FailedLoad remote={keys} loadKey="keys" dispatch={dispatch} onBack={onBack} />
				<Text dimColor>You can still paste a key ARN or alias: press t.</Text>
				<TypeKey onType={() => setTyping(true)} />
			</Box>
		);
	}
	if (keys.status !== 'ready') return <Loading text={`Listing KMS keys in ${region}…`} />;
	const crossAccount = state.draft.destination === 'other-account';
	const options: SelectOption[] = keys.value.keys.map((k) => ({
		value: k.aliases[0] ?? k.arn,
		label: k.aliases[0] ?? k.keyId,
		hint: k.manager === 'AWS' ? (crossAccount ? 'AWS managed: cannot be granted to another account' : 'AWS managed') : k.keyId,
	}));
	options.push({value: TYPE_IT, label: 'Paste a key ARN or alias…'});
	const firstCustomer = keys.value.keys.find((k) => k.manager !== 'AWS');
	return (
		<Box flexDirection="column">
			<Text dimColor>{regionNote}</Text>
			<SelectList
				options={options}
				defaultValue={state.draft.kmsKey ?? firstCustomer?.aliases[0] ?? firstCustomer?.arn}
				onSubmit={(value) => (value === TYPE_IT ? setTyping(true) : onAnswer(value))}
				onBack={onBack}
				filterable={options.length > 8}
			/>
		</Box>
	);
}
