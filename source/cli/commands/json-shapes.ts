// The shapes of the JSON documents the commands print (--output json). Dates are ISO
// 8601 strings; absent values are left out rather than null, except where a reader
// needs to tell "none" from "not known".

import type {CheckResult} from '../../core/checks/types.js';
import type {AccessDeniedInfo} from '../../core/diagnosis/types.js';
import type {ExportFailureExplanation} from '../../core/diagnosis/explain-export-failure.js';
import type {Snippet} from '../../core/policy/generate.js';
import {liveValidationLines, type LiveValidation} from '../../core/policy/live-validation.js';
import {toExportRequest, type ExportPlan} from '../../core/plan.js';
import type {ExportDescription, ExportSummary} from '../../core/ports.js';
import {renderAwsCommand} from '../../core/render-aws-command.js';
import {formatIso} from '../../core/time-input.js';

function iso(date: Date | undefined): string | undefined {
	return date ? formatIso(date) : undefined;
}

export function planJson(plan: ExportPlan, clientToken?: string) {
	return {
		profile: plan.profile,
		region: plan.region,
		tableArn: plan.tableArn,
		bucket: plan.bucket,
		bucketOwner: plan.bucketOwner,
		bucketRegion: plan.bucketRegion,
		prefix: plan.prefix,
		sse: plan.sse,
		kmsKeyId: plan.kmsKeyId,
		format: plan.format,
		type: plan.type,
		exportTime: iso(plan.exportTime) ?? (plan.type === 'FULL_EXPORT' ? 'latest' : undefined),
		incremental: plan.incremental
			? {from: iso(plan.incremental.from), to: iso(plan.incremental.to), viewType: plan.incremental.viewType}
			: undefined,
		request: toExportRequest(plan, clientToken),
		awsCommand: renderAwsCommand(plan, {clientToken}),
	};
}

export function checkJson(result: CheckResult) {
	return {
		id: result.id,
		title: result.title,
		status: result.status,
		summary: result.summary,
		cause: result.cause ?? null,
		evidence: result.evidence ?? [],
		fix: result.fix ?? null,
	};
}

export function exportJson(description: ExportDescription) {
	return {
		exportArn: description.exportArn,
		status: description.status,
		tableArn: description.tableArn,
		startTime: iso(description.startTime),
		endTime: iso(description.endTime),
		exportTime: iso(description.exportTime),
		itemCount: description.itemCount,
		billedSizeBytes: description.billedSizeBytes,
		exportManifest: description.exportManifest,
		failureCode: description.failureCode,
		failureMessage: description.failureMessage,
		s3Bucket: description.s3Bucket,
		s3BucketOwner: description.s3BucketOwner,
		s3Prefix: description.s3Prefix,
		s3SseAlgorithm: description.s3SseAlgorithm,
		s3SseKmsKeyId: description.s3SseKmsKeyId,
		exportFormat: description.exportFormat,
		exportType: description.exportType,
		clientToken: description.clientToken,
	};
}

export function explanationJson(explained: ExportFailureExplanation) {
	return {
		headline: explained.headline,
		details: explained.details,
		likelyChecks: explained.likelyChecks,
		accessDenied: explained.accessDenied ? accessDeniedJson(explained.accessDenied) : undefined,
	};
}

export function accessDeniedJson(info: AccessDeniedInfo) {
	return {
		principal: info.principal,
		action: info.action,
		resource: info.resource,
		denyKind: info.denyKind,
		policyType: info.policyType,
		policyArn: info.policyArn,
		service: info.service,
		sentence: info.sentence,
		whatToChange: info.whatToChange,
	};
}

/**
 * AWS's verdict on a snippet: accessAnalyzer {status: 'done', findings} or {status:
 * 'unknown', reason}; simulator (caller policy only) {status: 'done', checked, notAllowed,
 * notes} or {status: 'unknown', reason}; and the summary lines as the text output shows them.
 */
export function liveValidationJson(live: LiveValidation) {
	return {accessAnalyzer: live.accessAnalyzer, simulator: live.simulator, lines: liveValidationLines(live)};
}

export function snippetJson(snippet: Snippet, writtenTo?: string, live?: LiveValidation) {
	return {
		id: snippet.id,
		title: snippet.title,
		appliesTo: snippet.appliesTo,
		document: snippet.document,
		statements: snippet.statements,
		diff: snippet.diff,
		applyCommand: snippet.applyCommand,
		fileName: snippet.fileName,
		notes: snippet.notes,
		writtenTo,
		// null: not asked (the command asks for every snippet it prints).
		liveValidation: live ? liveValidationJson(live) : null,
	};
}

export function exportSummaryJson(summary: ExportSummary) {
	return {exportArn: summary.exportArn, status: summary.status, exportType: summary.exportType};
}
