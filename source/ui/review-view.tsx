
import {Box, Text} from 'ink';
import {SelectList} from './widgets/select-list.js';
import {renderAwsCommand} from '../core/render-aws-command.js';
import {tokenFor} from '../core/wizard/client-token.js';
import {planFromDraft} from '../core/wizard/plan-from-draft.js';
import {planRows} from '../core/wizard/summary.js';
import {reviewOptions} from '../core/wizard/field-options.js';
import type {WizardState} from '../core/wizard/state.js';

export function ReviewView({state, onAnswer, onBack}: {state: WizardState; onAnswer: (v: string) => void; onBack: () => void}) {
	const plan = planFromDraft(state.draft, state.loaded);
	if (!plan) {
		return <Text color="red">The plan is incomplete: press Esc to go back and fill in the missing fields.</Text>;
	}
	const rows = planRows(plan);
	const width = Math.max(...rows.map(([label]) => label.length));
	return (
		<Box flexDirection="column">
			{rows.map(([label, value]) => (
				<Text key={label} wrap="truncate-middle">
					<Text dimColor>{label.padEnd(width)}</Text>  {value}
				</Text>
			))}
			<Text dimColor>The same export with the AWS CLI:</Text>
			<Text color="cyan">{renderAwsCommand(plan, {profile: plan.profile, region: plan.region, clientToken: tokenFor(state.tokens, plan) || undefined, multiline: true})}</Text>
			<SelectList
				options={reviewOptions(state)}
				onSubmit={onAnswer}
				onBack={onBack}
			/>
		</Box>
	);
}
