
import {Box, Text, useInput} from 'ink';
import {TextField} from '../widgets/text-field.js';
import {useRoom} from '../screen-size.js';
import {wrapWords} from '../text-layout.js';

/** The question's lines, "(y/N)" on the last. */
export function yesNoLines(question: string, columns: number): string[] {
	return wrapWords(`${question} (y/N)`, columns);
}

/** A y/N question: only y (or Y) says yes; Enter, n and Esc say no. */
export function YesNoQuestion({question, onAnswer, isActive = true}: {question: string; onAnswer: (yes: boolean) => void; isActive?: boolean}) {
	const {columns} = useRoom();
	useInput(
		(input, key) => {
			// Ctrl-C belongs to the app (it stops or quits), never to a letter binding here.
			if (key.ctrl) return;
			if (input === 'y' || input === 'Y') onAnswer(true);
			else if (input === 'n' || input === 'N' || key.return || key.escape) onAnswer(false);
		},
		{isActive},
	);
	return <Text bold>{yesNoLines(question, columns).join('\n')}</Text>;
}

export function FolderQuestion({what, initialValue, onSubmit, onCancel, isActive = true}: {what: string; initialValue: string; onSubmit: (dir: string) => void; onCancel: () => void; isActive?: boolean}) {
	return (
		<Box flexDirection="column">
			<Text>
				<Text bold>Save {what} to which folder?</Text>
				<Text dimColor> Enter saves · Esc cancels</Text>
			</Text>
			<TextField initialValue={initialValue} onSubmit={onSubmit} onBack={onCancel} isActive={isActive} />
		</Box>
	);
}
