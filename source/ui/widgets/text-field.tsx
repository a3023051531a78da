import React, {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import TextInput from 'ink-text-input';

export interface TextFieldProps {
	/** Starting text: the previous answer or the proposed default, editable. */
	initialValue?: string;
	placeholder?: string;
	onSubmit: (value: string) => void;
	onBack?: () => void;
	mask?: string;
	isActive?: boolean;
}

/** One line of text input; Esc or Shift+Tab goes back; the text survives errors. */
export function TextField({initialValue = '', placeholder, onSubmit, onBack, mask, isActive = true}: TextFieldProps) {
	const [value, setValue] = useState(initialValue);
	// A paste (or a fast terminal) can deliver "text⏎" as one chunk, which Ink passes on as
	// text: treat a line break inside it as Enter.
	const onChange = (next: string) => {
		const lineBreak = next.search(/[\r\n]/);
		if (lineBreak === -1) return setValue(next);
		const line = next.slice(0, lineBreak);
		setValue(line);
		onSubmit(line);
	};
	useInput(
		(_input, key) => {
			if (key.escape || (key.shift && key.tab)) onBack?.();
		},
		{isActive},
	);
	return (
		<Box>
			<Text color="cyan">{'› '}</Text>
			<TextInput value={value} onChange={onChange} onSubmit={onSubmit} placeholder={placeholder} mask={mask} focus={isActive} />
		</Box>
	);
}
