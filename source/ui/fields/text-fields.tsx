
import {Box, Text} from 'ink';
import {TextField} from '../widgets/text-field.js';
import {initialText, textHint, type TextFieldId} from '../../core/wizard/field-options.js';
import type {WizardState} from '../../core/wizard/state.js';

export function TextQuestion({field, state, onAnswer, onBack}: {field: TextFieldId; state: WizardState; onAnswer: (v: string) => void; onBack: () => void}) {
	const hint = textHint(field, state);
	return (
		<Box flexDirection="column">
			{hint ? <Text dimColor>{hint}</Text> : null}
			<TextField key={field} initialValue={initialText(field, state)} onSubmit={onAnswer} onBack={onBack} />
		</Box>
	);
}
