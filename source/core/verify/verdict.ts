// What one file's reading found, and what the whole export's results add up to. Pure:
// the reading is in verify-export.ts.

export type FileStatus = 'intact' | 'damaged' | 'missing' | 'unreadable' | 'extra' | 'unknown';

export interface FileResult {
	key: string;
	status: FileStatus;
	bytes?: number;
	expectedItems?: number;
	/** null when the items could not be counted (said in `problems`). */
	countedItems?: number | null;
	expectedMd5?: string;
	actualMd5?: string;
	problems: string[];
}

export type Verdict = 'intact' | 'damaged' | 'unknown';

export interface VerifyReport {
	verdict: Verdict;
	exportArn: string;
	bucket: string;
	manifestSummaryKey: string;
	outputFormat?: string;
	summaryItemCount?: number;
	manifestItemCount?: number;
	countedItemCount?: number | null;
	bytes: number;
	files: FileResult[];
	/** Problems of the export as a whole (manifests, totals). */
	problems: string[];
	/** Why a part could not be told (refusals, network), each once. */
	unknowns: string[];
}

/** A read file's status from its digest and its count. */
export function fileStatus(result: Omit<FileResult, 'status'>, readable: boolean): FileStatus {
	if (!readable) return 'unreadable';
	if (result.actualMd5 !== result.expectedMd5) return 'damaged';
	if (result.countedItems === null) return 'unknown';
	if (result.countedItems !== result.expectedItems) return 'damaged';
	return 'intact';
}

/** Damaged beats unknown: one bad file is enough to say the export is not intact. */
export function overallVerdict(report: Pick<VerifyReport, 'files' | 'problems' | 'unknowns'>): Verdict {
	const bad = report.files.some((f) => f.status === 'damaged' || f.status === 'missing' || f.status === 'unreadable' || f.status === 'extra');
	if (bad || report.problems.length > 0) return 'damaged';
	if (report.unknowns.length > 0 || report.files.some((f) => f.status === 'unknown')) return 'unknown';
	return 'intact';
}

/** The exit code the verdict promises: 0 intact, 1 damaged or unreadable, 2 could not tell. */
export function verdictExitCode(verdict: Verdict): 0 | 1 | 2 {
	return verdict === 'intact' ? 0 : verdict === 'damaged' ? 1 : 2;
}
