// Figures: how each is recorded, summarised and printed.

export function median(values) {
	const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/**
 * One row of the table. `met` is true/false, or null for a figure shown for
 * information (no target). `data` keeps the raw measurements for --json.
 */
export function figure({id, name, value, unit, reference, referenceLabel, ratio, target, met, data}) {
	return {id, name, value: round(value), unit, reference: reference === undefined ? undefined : round(reference), referenceLabel, ratio: ratio === undefined ? undefined : round(ratio, 2), target, met, data};
}

/** A figure that could not be measured (its error is the value). */
export function failedFigure(id, name, error) {
	return {id, name, value: null, unit: '', target: '', met: false, error: String(error?.message ?? error).split('\n')[0]};
}

function cell(row) {
	const value = row.value === null ? `failed: ${row.error}` : `${row.value}${row.unit ? ` ${row.unit}` : ''}`;
	const reference = row.reference === undefined ? (row.referenceLabel ?? '') : `${row.reference} ms${row.referenceLabel ? ` ${row.referenceLabel}` : ''}`;
	const ratio = row.ratio === undefined ? '' : `${row.ratio}×`;
	const met = row.met === null ? '·' : row.met ? '✔' : '✖';
	return [row.name, value, reference, ratio, row.target ?? '', met];
}

export function formatTable(rows) {
	const header = ['figure', 'value', 'reference', 'ratio', 'target', 'met'];
	const cells = [header, ...rows.map(cell)];
	const widths = header.map((_, i) => Math.max(...cells.map((r) => [...String(r[i])].length)));
	const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
