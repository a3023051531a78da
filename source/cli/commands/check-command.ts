// `ddb-export check`: the prerequisite checks of the plan given by flags (or the demo's),
// printed as lines or as one JSON document. Exit 0 all passed, 1 one failed, 2 unknown.

import {checkExitCode, runChecks, type CheckReport} from '../../core/checks/run-checks.js';
import type {ExportPlan} from '../../core/plan.js';
import type {AwsSession} from '../../core/ports.js';
import {checkReportLines, planLines} from '../../line-mode/format-lines.js';
import {resolveTarget, type CommandContext} from './context.js';
import {checkJson, planJson} from './json-shapes.js';

/** Runs the checks with a "n of m done" line on a terminal. */
export async function runChecksFor(ctx: CommandContext, plan: ExportPlan, session: AwsSession, probe: boolean): Promise<CheckReport> {
	let shown = false;
	const report = await runChecks({plan, session, probe, signal: ctx.signal, now: ctx.now}, (results) => {
		if (!ctx.out.liveProgress) return;
		const done = results.filter((r) => r.status !== 'pending' && r.status !== 'running').length;
		ctx.out.progress(`\r\u001b[2KChecking… ${done} of ${results.length} done`);
		shown = true;
	});
	if (shown) ctx.out.progress('\r\u001b[2K');
	return report;
}

export async function runCheckCommand(ctx: CommandContext): Promise<number> {
	const {session, plan} = await resolveTarget(ctx, 'the checks need the table and the bucket.');
	if (!ctx.out.json) {
		ctx.out.line('Checking the prerequisites of:');
		for (const line of planLines(plan)) ctx.out.line(line);
		ctx.out.line();
	}
	const report = await runChecksFor(ctx, plan, session, ctx.options.probe);
	for (const line of checkReportLines(report.results)) ctx.out.line(line);
	ctx.out.result({plan: planJson(plan), checks: report.results.map(checkJson), overall: report.overall});
	return checkExitCode(report);
}
