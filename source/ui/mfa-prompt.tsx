
import {Box, Text} from 'ink';
import {TextField} from './widgets/text-field.js';
import type {WizardEvent, WizardState} from '../core/wizard/state.js';

/** Asked when an assume-role profile needs an MFA code; the code is never stored or shown. */
export function MfaPrompt({state, dispatch}: {state: WizardState; dispatch: (e: WizardEvent) => void}) {
	if (!state.mfa) return null;
	return (
		<Box flexDirection="column">
			<Text bold>MFA code for {state.mfa.serial}?</Text>
			<TextField key={state.mfa.error ?? 'first'} mask="•" onSubmit={(code) => dispatch({type: 'mfa-code', code})} />
			{state.mfa.error ? <Text color="red">{state.mfa.error}</Text> : null}
		</Box>
	);
}
