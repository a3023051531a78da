// AWS's own verdict on the generated snippets, before anyone pastes them: IAM Access
// Analyzer ValidatePolicy lints each document, and iam:SimulateCustomPolicy runs the
// caller's identity policy against the exact requests the export makes. Either can be
// refused or unreachable; then the answer is "unknown, because …" — never "passed".

import {neededRequests} from '../checks/needed-access.js';
import type {ExportPlan} from '../plan.js';
import {AwsCallError, isAbortError, type AwsSession, type CallOptions, type PolicyFinding, type SimulationDecision} from '../ports.js';
import {exportKeyArn} from './export-statements.js';
import type {Snippet, SnippetId} from './snippets.js';
import {formatPolicy} from './merge.js';

/** Access Analyzer's findings for one document, or why there are none to show. */
export type AnalyzerOutcome = {status: 'done'; findings: PolicyFinding[]} | {status: 'unknown'; reason: string};

export interface SimulatedRequest {
	action: string;
	resource: string;
}

export type SimulatorOutcome =
	| {
			status: 'done';
			/** Every request simulated, in the order the export makes them. */
			checked: SimulatedRequest[];
			/** The ones the document does not allow. Empty: it allows everything checked. */
			notAllowed: Array<SimulatedRequest & {decision: SimulationDecision}>;
			/** What was left out of the simulation and why (an export key not resolved to its ARN). */
			notes: string[];
	  }
	| {status: 'unknown'; reason: string};

export interface LiveValidation {
	accessAnalyzer: AnalyzerOutcome;
	/** Only for the caller's identity policy: the other documents are resource policies. */
	simulator?: SimulatorOutcome;
}

export type LiveValidations = Partial<Record<SnippetId, LiveValidation>>;

export interface LiveValidationOptions extends CallOptions {
	/** The export key as a key ARN (IAM grants and simulates keys by ARN, not alias). */
	kmsKeyArn?: string;
	/** Customer managed key of a KMS-encrypted table. */
	tableKmsKeyArn?: string;
}

/** How Access Analyzer must be told what kind of policy a snippet holds. */
export function analyzerPolicyType(id: SnippetId): {policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY'; resourceType?: 'AWS::S3::Bucket'} {
	// A permissions boundary is a managed identity policy.
	if (id === 'caller-identity-policy' || id === 'checker-policy' || id === 'permissions-boundary') return {policyType: 'IDENTITY_POLICY'};
	if (id === 'scp-exemption') return {policyType: 'SERVICE_CONTROL_POLICY'};
	if (id === 'bucket-policy') return {policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket'};
	// A KMS key policy: AWS says to omit the resource type.
	return {policyType: 'RESOURCE_POLICY'};
}

/**
 * Every request the caller's identity policy must allow, on the exact ARNs: the export,
 * watching it (DescribeExport, and ListExports which the wizard uses to find a running
 * export), the three S3 writes on a key under the prefix, and the KMS use of the export
 * key and of a customer managed table key.
 */
export function simulationRequests(plan: ExportPlan, options: Pick<LiveValidationOptions, 'kmsKeyArn' | 'tableKmsKeyArn'> = {}): SimulatedRequest[] {
	const keyArn = exportKeyArn({plan, kmsKeyArn: options.kmsKeyArn});
	const needed = neededRequests(plan, {bucketRegion: plan.bucketRegion ?? plan.region, keyArn, tableKeyArn: options.tableKmsKeyArn});
	const requests: SimulatedRequest[] = needed.map(({action, resource}) => ({action, resource}));
	const watch = requests.findIndex((r) => r.action === 'dynamodb:DescribeExport');
	requests.splice(watch + 1, 0, {action: 'dynamodb:ListExports', resource: '*'});
	const seen = new Set<string>();
	return requests.filter((r) => {
		const key = `${r.action}\u0000${r.resource}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}


/** Why a call could not answer, in words that fit after "unknown — ". */
export function unknownReason(error: unknown, action: string, service: string): string {
	if (error instanceof AwsCallError) {
		if (error.isExpiredCredentials) return `the credentials have expired, so ${action} could not be called`;
		if (error.isAccessDenied) return `you may not call ${action}`;
		if (error.code === 'NetworkError') return `${service} could not be reached (${error.message})`;
		return `${action} failed: ${error.code}${error.message ? ` (${error.message})` : ''}`;
	}
	return `${action} failed: ${error instanceof Error ? error.message : String(error)}`;
}

async function analyse(session: AwsSession, snippet: Snippet, options: CallOptions): Promise<AnalyzerOutcome> {
	const {policyType, resourceType} = analyzerPolicyType(snippet.id);
	try {
		const findings = await session.validatePolicy(formatPolicy(snippet.document), policyType, resourceType, {signal: options.signal});
		return {status: 'done', findings};
	} catch (error) {
		if (options.signal?.aborted || isAbortError(error)) throw error;
		return {status: 'unknown', reason: unknownReason(error, 'access-analyzer:ValidatePolicy', 'Access Analyzer')};
	}
}

async function simulate(session: AwsSession, snippet: Snippet, plan: ExportPlan, options: LiveValidationOptions): Promise<SimulatorOutcome> {
	const requests = simulationRequests(plan, options);
	const notes: string[] = [];
	if (plan.sse === 'KMS' && !exportKeyArn({plan, kmsKeyArn: options.kmsKeyArn})) {
		notes.push(`The export key "${plan.kmsKeyId ?? '(not chosen)'}" is not known by its key ARN, so its kms actions were not simulated.`);
	}
	// SimulateCustomPolicy crosses every action with every resource: one call per resource.
	const byResource = new Map<string, string[]>();
	for (const r of requests) byResource.set(r.resource, [...(byResource.get(r.resource) ?? []), r.action]);
	const document = formatPolicy(snippet.document);
	try {
		const answers = await Promise.all(
			[...byResource].map(async ([resource, actions]) => ({resource, results: await session.simulateCustomPolicy([document], actions, [resource], {signal: options.signal})})),
		);
		const notAllowed: Array<SimulatedRequest & {decision: SimulationDecision}> = [];
		for (const request of requests) {
			const results = answers.find((a) => a.resource === request.resource)!.results;
			const sameAction = results.filter((s) => s.action.toLowerCase() === request.action.toLowerCase());
			const result = sameAction.find((s) => s.resource === request.resource || s.resource === '*' || !s.resource) ?? sameAction[0];
			// An action IAM did not answer for is not allowed as far as anyone can tell.
			const decision = result?.decision ?? 'implicitDeny';
			if (decision !== 'allowed') notAllowed.push({...request, decision});
		}
		return {status: 'done', checked: requests, notAllowed, notes};
	} catch (error) {
		if (options.signal?.aborted || isAbortError(error)) throw error;
		return {status: 'unknown', reason: unknownReason(error, 'iam:SimulateCustomPolicy', 'IAM')};
	}
}

/**
 * Access Analyzer for every snippet, and the IAM simulator for the caller's identity
 * policy, all at once. Never rejects because AWS refused or failed; rejects only when
 * `signal` aborts.
 */
export async function validateSnippetsLive(session: AwsSession, snippets: Snippet[], plan: ExportPlan, options: LiveValidationOptions = {}): Promise<LiveValidations> {
	const entries = await Promise.all(
		snippets.map(async (snippet): Promise<[SnippetId, LiveValidation]> => {
			const [accessAnalyzer, simulator] = await Promise.all([
				analyse(session, snippet, options),
				snippet.id === 'caller-identity-policy' ? simulate(session, snippet, plan, options) : Promise.resolve(undefined),
			]);
			return [snippet.id, simulator ? {accessAnalyzer, simulator} : {accessAnalyzer}];
		}),
	);
	return Object.fromEntries(entries) as LiveValidations;
}

/** The same "unknown" for every snippet (no session to ask with, the run was stopped). */
export function unknownValidations(snippets: Array<Pick<Snippet, 'id'>>, reason: string): LiveValidations {
	const out: LiveValidations = {};
	for (const snippet of snippets) {
		out[snippet.id] = {
			accessAnalyzer: {status: 'unknown', reason},
			...(snippet.id === 'caller-identity-policy' ? {simulator: {status: 'unknown' as const, reason}} : {}),
		};
	}
	return out;
}

/** passed: nothing to act on; warning: read it first; failed: the document is wrong; unknown: not checked. */
export type LiveTone = 'passed' | 'warning' | 'failed' | 'unknown';

export interface LiveLine {
	tone: LiveTone;
	text: string;
}

const FINDING_WORDS: Array<[type: string, one: string, many: string]> = [
	['ERROR', 'error', 'errors'],
	['SECURITY_WARNING', 'security warning', 'security warnings'],
	['WARNING', 'warning', 'warnings'],
	['SUGGESTION', 'suggestion', 'suggestions'],
];

/** "1 error, 2 warnings": counted by finding type, most serious first. */
function countFindings(findings: PolicyFinding[]): string {
	const known = new Set(FINDING_WORDS.map(([type]) => type));
	const parts: string[] = [];
	for (const [type, one, many] of FINDING_WORDS) {
		const n = findings.filter((f) => f.findingType === type).length;
		if (n) parts.push(`${n} ${n === 1 ? one : many}`);
	}
	const other = findings.filter((f) => !known.has(f.findingType)).length;
	if (other) parts.push(`${other} other finding${other === 1 ? '' : 's'}`);
	return parts.join(', ');
}

function findingRank(finding: PolicyFinding): number {
	const index = FINDING_WORDS.findIndex(([type]) => type === finding.findingType);
	return index === -1 ? FINDING_WORDS.length : index;
}

function mostSeriousFirst(findings: PolicyFinding[]): PolicyFinding[] {
	return [...findings].sort((a, b) => findingRank(a) - findingRank(b));
}

function findingTone(finding: PolicyFinding): LiveTone {
	if (finding.findingType === 'ERROR') return 'failed';
	return finding.findingType === 'SUGGESTION' ? 'passed' : 'warning';
}

export function analyzerLine(outcome: AnalyzerOutcome): LiveLine {
	if (outcome.status === 'unknown') return {tone: 'unknown', text: `Access Analyzer: unknown — ${outcome.reason}`};
	const {findings} = outcome;
	if (findings.length === 0) return {tone: 'passed', text: 'Access Analyzer: no findings'};
	const worst = mostSeriousFirst(findings)[0]!;
	return {tone: findingTone(worst), text: `Access Analyzer: ${countFindings(findings)} (${worst.issueCode}: ${worst.details})`};
}

export function simulatorLine(outcome: SimulatorOutcome): LiveLine {
	if (outcome.status === 'unknown') return {tone: 'unknown', text: `IAM simulator: unknown — ${outcome.reason}`};
	const total = outcome.checked.length;
	const skipped = outcome.notes.length ? ' (kms actions of the unresolved key not simulated)' : '';
	if (outcome.notAllowed.length === 0) {
		return {tone: outcome.notes.length ? 'warning' : 'passed', text: `IAM simulator: allows all ${total} action${total === 1 ? '' : 's'} the export needs${skipped}`};
	}
	const names = [...new Set(outcome.notAllowed.map((r) => r.action))];
	return {tone: 'failed', text: `IAM simulator: does not allow ${names.join(', ')} (${outcome.notAllowed.length} of ${total} requests)${skipped}`};
}

/** One line per evaluator, for the screen and the commands alike. */
export function liveValidationLines(validation: LiveValidation): LiveLine[] {
	const lines = [analyzerLine(validation.accessAnalyzer)];
	if (validation.simulator) lines.push(simulatorLine(validation.simulator));
	return lines;
}

/** Every finding and refusal in full, for a notes pane or a report. */
export function liveValidationDetails(validation: LiveValidation): LiveLine[] {
	const lines: LiveLine[] = [];
	const analyzer = validation.accessAnalyzer;
	if (analyzer.status === 'done') {
		for (const f of mostSeriousFirst(analyzer.findings)) {
			lines.push({tone: findingTone(f), text: `Access Analyzer ${f.findingType} ${f.issueCode}: ${f.details}`});
		}
	}
	const simulator = validation.simulator;
	if (simulator?.status === 'done') {
		for (const r of simulator.notAllowed) lines.push({tone: 'failed', text: `IAM simulator: ${r.action} on ${r.resource}: ${r.decision}`});
		for (const note of simulator.notes) lines.push({tone: 'warning', text: note});
	}
	return lines;
}
