
import {Box, Text} from 'ink';
import {initialTextState, textOf, textReducer, TEXT_FIELD_KEYS, type TextState} from './text-state.js';
import {useKeys, useLatestState} from './use-keys.js';

export interface TextFieldProps {
	/** Starting text: the previous answer or the proposed default; the first printable key replaces it. */
	initialValue?: string;
	placeholder?: string;
	onSubmit: (value: string) => void;
	onBack?: () => void;
	/** Each character is drawn as this (MFA codes). */
	mask?: string;
	isActive?: boolean;
}

/**
 * One line of text, edited like a shell line (see text-state.ts); Esc or Shift+Tab goes back.
 * A pre-filled value says, beside it, that typing replaces it and Ctrl-U clears it.
 */
export function TextField({initialValue = '', placeholder, onSubmit, onBack, mask, isActive = true}: TextFieldProps) {
	const text = useLatestState<TextState>(() => initialTextState(initialValue));
	useKeys((key) => {
		if (key.name === 'enter') {
			onSubmit(textOf(text.get()));
			return 'done';
		}
		if (key.name === 'escape' || key.name === 'backTab') {
			if (!onBack) return;
			onBack();
			return 'done';
		}
		const next = textReducer(text.get(), key);
		if (next !== text.get()) text.set(next);
	}, isActive);

	const {chars, cursor, pristine} = text.state;
	const shown = mask ? chars.map(() => mask) : chars;
	return (
		<Box>
			<Text color="cyan">{'› '}</Text>
			{chars.length === 0 ? (
				<Text>
					{isActive ? <Text inverse>{placeholder?.[0] ?? ' '}</Text> : null}
					{placeholder ? <Text dimColor>{isActive ? placeholder.slice(1) : placeholder}</Text> : null}
				</Text>
			) : (
				<Text>
					{shown.slice(0, cursor).join('')}
					{isActive ? <Text inverse>{shown[cursor] ?? ' '}</Text> : (shown[cursor] ?? '')}
					{shown.slice(cursor + 1).join('')}
					{pristine && isActive && chars.length <= 40 ? <Text dimColor>{`  ${TEXT_FIELD_KEYS.replace} · ${TEXT_FIELD_KEYS.clear}`}</Text> : null}
				</Text>
			)}
		</Box>
	);
}
