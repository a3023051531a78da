import {useContext, useEffect, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {SelectList} from '../widgets/select-list.js';
import {TextField} from '../widgets/text-field.js';
import {bucketOptions, choosableProfileOptions, choosableTableOptions, keyOptions, otherTablesLine, selectionLine, TYPE_IT} from '../../core/wizard/field-options.js';
import {ProblemView} from '../problem-view.js';
import {SpinnerLine} from '../spinner-line.js';
import {useRoom} from '../screen-size.js';
import {useOwnKeysHint} from '../keys-hint.js';
import {QuestionKeys} from '../widgets/use-keys.js';
import {wrapWords} from '../text-layout.js';
import {bucketRegionOf} from '../../core/wizard/reducer.js';
import type {LoadKey, Remote, WizardEvent, WizardState} from '../../core/wizard/state.js';

interface FieldProps {
	state: WizardState;
	dispatch: (event: WizardEvent) => void;
	onAnswer: (value: string) => void;
	onBack: () => void;
}

interface FailedLoadProps {
	remote: Remote<unknown>;
	loadKey: LoadKey;
	dispatch: FieldProps['dispatch'];
	onBack: () => void;
	/** For a list the answer can be typed without: t switches to typing, and `hint` says so. */
	typeInstead?: {hint: string; onType: () => void};
}

/** The keys of a list question switched to typing: the App's footer would say ↑↓ choose. */
function TypingKeys({back}: {back: string}) {
	useOwnKeysHint(true);
	return <Text dimColor>Enter accept · {back} · Ctrl-C quit</Text>;
}

/** A failed load, with r to retry and Esc to go back. */
function FailedLoad({remote, loadKey, dispatch, onBack, typeInstead}: FailedLoadProps) {
	// Its own line says the keys (r, t, Esc); the footer's ↑↓ would not be true here.
	useOwnKeysHint(remote.status === 'failed');
	// A problem shown: nothing typed ahead lands after it.
	const typeAhead = useContext(QuestionKeys);
	const failed = remote.status === 'failed';
	useEffect(() => {
		if (failed) typeAhead?.keys.close();
	}, [failed, typeAhead]);
	useInput((input, key) => {
		if (input === 'r') dispatch({type: 'retry', key: loadKey});
		else if (input === 't' && typeInstead) typeInstead.onType();
		else if (key.escape || (key.shift && key.tab)) onBack();
	});
	if (remote.status !== 'failed') return null;
	return (
		<Box flexDirection="column">
			<ProblemView problem={remote.problem} hint="r tries again · Esc goes back" />
			{typeInstead ? <Text dimColor>{typeInstead.hint}</Text> : null}
		</Box>
	);
}

export function ProfileField({state, dispatch, onAnswer, onBack}: FieldProps) {
	const room = useRoom();
	const profiles = state.loaded.profiles;
	if (profiles.status === 'failed') return <FailedLoad remote={profiles} loadKey="profiles" dispatch={dispatch} onBack={onBack} />;
	if (profiles.status !== 'ready') return <SpinnerLine>Reading your AWS profiles…</SpinnerLine>;
	if (profiles.value.length === 0) {
		return (
			<Box flexDirection="column">
				<Text color="yellow">No AWS profiles found and no credentials in the environment.</Text>
				<Text>  Set one up with <Text color="cyan">aws configure</Text> or <Text color="cyan">aws configure sso</Text>,</Text>
				<Text>  or try the tool on its built-in sandbox: <Text color="cyan">ddb-export --demo</Text></Text>
			</Box>
		);
	}
	const options = choosableProfileOptions(state);
	const chosen = state.draft.profiles?.length ?? 0;
	const line = chosen > 1 ? `${chosen} profiles chosen: one batch across their accounts (the first lists buckets and keys)` : undefined;
	return (
		<Box flexDirection="column">
			{line ? <Text color="cyan">{wrapWords(line, room.columns).join('\n')}</Text> : null}
			<SelectList
				options={options}
				defaultValue={state.draft.profile}
				onSubmit={onAnswer}
				onBack={onBack}
				filterable={options.length > 8}
				onToggle={(name) => dispatch({type: 'toggle-profile', name})}
			/>
		</Box>
	);
}

export function TableField({state, dispatch, onAnswer, onBack}: FieldProps) {
	const [typing, setTyping] = useState(false);
	const room = useRoom();
	const {identity, tables} = state.loaded;
	if (identity.status === 'failed') return <FailedLoad remote={identity} loadKey="identity" dispatch={dispatch} onBack={onBack} />;
	// Once known, who you are shows in the Profile line above.
	const who = identity.status === 'ready' ? null : <SpinnerLine>Checking who you are (sts get-caller-identity)…</SpinnerLine>;
	if (typing) {
		// Without dynamodb:ListTables a table can still be exported: DescribeTable checks the typed name.
		return (
			<Box flexDirection="column">
				<Text dimColor>{`A table name in ${state.draft.region}`}</Text>
				<TextField initialValue={state.draft.table ?? ''} onSubmit={onAnswer} onBack={() => setTyping(false)} />
				<TypingKeys back="Esc back to the list" />
			</Box>
		);
	}
	if (tables.status === 'failed') {
		return (
			<Box flexDirection="column">
				{who}
				<FailedLoad remote={tables} loadKey="tables" dispatch={dispatch} onBack={onBack} typeInstead={{hint: 'You can still type the table name: press t.', onType: () => setTyping(true)}} />
			</Box>
		);
	}
	const options = choosableTableOptions(state);
	const status = tables.status === 'loading' ? `loading… ${options.length} so far` : undefined;
	const chosen = [selectionLine(state), otherTablesLine(state)].filter(Boolean).join('\n');
	const chosenLines = chosen ? wrapWords(chosen, room.columns) : [];
	return (
		<Box flexDirection="column">
			{who}
			{chosenLines.length ? <Text color="cyan">{chosenLines.join('\n')}</Text> : null}
			{options.length === 0 && tables.status !== 'ready' ? (
				<SpinnerLine>{`Listing tables in ${state.draft.region}…`}</SpinnerLine>
			) : options.length === 0 ? (
				<Text color="yellow">No tables in {state.draft.region}. Esc goes back to choose another Region.</Text>
			) : (
				<SelectList
					options={options}
					defaultValue={state.draft.table}
					onSubmit={onAnswer}
					onBack={onBack}
					filterable
					submitTyped
					status={status}
					loading={tables.status === 'loading'}
					height={room.rows - (who ? 1 : 0) - chosenLines.length}
					isActive={identity.status === 'ready'}
					onToggle={(name) => dispatch({type: 'toggle-table', name})}
					onToggleAll={(names) => dispatch({type: 'toggle-tables', names})}
				/>
			)}
		</Box>
	);
}

export function BucketField({state, dispatch, onAnswer, onBack}: FieldProps) {
	const [typing, setTyping] = useState(false);
	if (state.draft.destination === 'other-account' || typing) {
		return (
			<Box flexDirection="column">
				<Text dimColor>A bucket name, or s3://bucket/prefix</Text>
				<TextField initialValue={state.draft.bucket ?? ''} onSubmit={onAnswer} onBack={typing ? () => setTyping(false) : onBack} />
				{typing ? <TypingKeys back="Esc back to the list" /> : null}
			</Box>
		);
	}
	const buckets = state.loaded.buckets;
	if (buckets.status === 'failed') {
		return <FailedLoad remote={buckets} loadKey="buckets" dispatch={dispatch} onBack={onBack} typeInstead={{hint: 'You can still type the bucket name: press t.', onType: () => setTyping(true)}} />;
	}
	const options = bucketOptions(state);
	// Only "Type a bucket name…" so far: still listing.
	if (options.length === 1 && buckets.status !== 'ready') return <SpinnerLine>Listing your buckets…</SpinnerLine>;
	return (
		<SelectList
			options={options}
			defaultValue={state.draft.bucket}
			onSubmit={(value) => (value === TYPE_IT ? setTyping(true) : onAnswer(value))}
			onBack={onBack}
			filterable
			submitTyped
			status={buckets.status === 'loading' ? 'loading…' : undefined}
			loading={buckets.status === 'loading'}
		/>
	);
}

export function KeyField({state, dispatch, onAnswer, onBack}: FieldProps) {
	const [typing, setTyping] = useState(false);
	const room = useRoom();
	const region = bucketRegionOf(state) ?? state.draft.region;
	if (typing) {
		return (
			<Box flexDirection="column">
				<Text dimColor>A key id, key ARN, alias/name or alias ARN</Text>
				<TextField initialValue={state.draft.kmsKey ?? ''} onSubmit={onAnswer} onBack={() => setTyping(false)} />
				<TypingKeys back="Esc back to the list" />
			</Box>
		);
	}
	const keys = state.loaded.keys;
	if (keys.status === 'failed') {
		return <FailedLoad remote={keys} loadKey="keys" dispatch={dispatch} onBack={onBack} typeInstead={{hint: 'You can still paste a key ARN or alias: press t.', onType: () => setTyping(true)}} />;
	}
	if (keys.status !== 'ready') return <SpinnerLine>{`Listing KMS keys in ${region}…`}</SpinnerLine>;
	const {note, options, defaultValue} = keyOptions(state);
	const noteLines = wrapWords(note, room.columns);
	return (
		<Box flexDirection="column">
			<Text dimColor>{noteLines.join('\n')}</Text>
			<SelectList
				height={room.rows - noteLines.length}
				options={options}
				defaultValue={defaultValue}
				onSubmit={(value) => (value === TYPE_IT ? setTyping(true) : onAnswer(value))}
				onBack={onBack}
				filterable={options.length > 8}
			/>
		</Box>
	);
}
