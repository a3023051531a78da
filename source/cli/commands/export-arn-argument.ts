// The one EXPORT_ARN of `watch` and `next`: checked before any AWS call, with the
// Region it names (a --region that says otherwise is refused, not obeyed).

import type {ExportArnParts} from '../../core/arn.js';
import {validateExportArn} from '../plan-from-flags.js';
import {badInput, type CommandContext} from './context.js';

export function exportArnArgument(ctx: CommandContext, command: string): ExportArnParts & {arn: string} {
	const text = ctx.options.positionals[0];
	if (text === undefined) throw badInput(`${command} needs the export ARN: ddb-export ${command} EXPORT_ARN`, [], 'ddb-export list shows the ARNs of recent exports.');
	if (ctx.options.positionals.length > 1) throw badInput(`${command} takes one export ARN (got ${ctx.options.positionals.length} arguments).`);
	const parsed = validateExportArn(text);
	if (!parsed.ok) throw badInput(`EXPORT_ARN: ${parsed.message}`);
	const {region} = parsed.value;
	if (ctx.options.region !== undefined && ctx.flags.region !== region) {
		throw badInput(`--region: The export is in ${region} (see its ARN) but --region says ${ctx.options.region}; leave --region out.`);
	}
	return parsed.value;
}
