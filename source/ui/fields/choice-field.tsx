
import {SelectList} from '../widgets/select-list.js';
import {choiceOptions, type ChoiceFieldId} from '../../core/wizard/field-options.js';
import type {Draft} from '../../core/wizard/fields.js';
import type {WizardState} from '../../core/wizard/state.js';

export function ChoiceField({field, state, onAnswer, onBack}: {field: ChoiceFieldId; state: WizardState; onAnswer: (v: string) => void; onBack: () => void}) {
	const value = state.draft[field as keyof Draft] as string | undefined;
	return <SelectList key={field} options={choiceOptions(field, state)} defaultValue={value} onSubmit={onAnswer} onBack={onBack} />;
}
