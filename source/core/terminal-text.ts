// Text from outside (AWS's answers, a message piped to `diagnose -`) made safe to print:
// a terminal obeys control characters, so an error message or a key description could
// clear the screen, rewrite lines, plant a link (OSC 8) or set the clipboard (OSC 52).
// Every C0 control but newline and tab, DEL, and every C1 control (U+0080–U+009F, which
// some terminals read as ESC [ and friends) is shown as a visible escape such as \x1b; an
// ESC sequence thereby loses its ESC and prints as plain text.

const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const hasControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** The same, minus what JSON allows between tokens (\r too), for text that is a JSON document. */
const jsonControls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

const hex = (char: string) => char.charCodeAt(0).toString(16).padStart(2, '0');

/** `text` with each control character shown as \xNN (ESC → \x1b, CSI U+009B → \x9b). */
export function visibleControls(text: string): string {
	return text.replace(controls, (char) => `\\x${hex(char)}`);
}

/**
 * A JSON document (or JSON lines) with its control characters written as JSON escapes
 * (\u001b): the same document to a parser, nothing a terminal acts on. Undefined when the
 * text is not JSON, so that policies and manifests keep their meaning and stay parseable.
 */
export function jsonWithEscapedControls(text: string): string | undefined {
	const start = text.trimStart()[0];
	if (start !== '{' && start !== '[') return undefined;
	const escaped = text.replace(jsonControls, (char) => `\\u00${hex(char)}`);
	const parses = (candidate: string) => {
		try {
			JSON.parse(candidate);
			return true;
		} catch {
			return false;
		}
	};
	if (parses(escaped)) return escaped;
	const lines = escaped.split('\n').filter((line) => line.trim() !== '');
	return lines.length > 1 && lines.every(parses) ? escaped : undefined;
}

/** A string from outside, safe to print: a JSON document keeps its meaning, anything else shows its controls. */
export function terminalSafe(text: string): string {
	if (!hasControl.test(text)) return text;
	return jsonWithEscapedControls(text) ?? visibleControls(text);
}

/** Every string in `value` made terminalSafe (objects and arrays copied; Dates, numbers and the rest kept). */
export function terminalSafeValue<T>(value: T, depth = 0): T {
	if (typeof value === 'string') return terminalSafe(value) as T;
	if (value === null || typeof value !== 'object' || depth > 32) return value;
	if (Array.isArray(value)) return value.map((item: unknown) => terminalSafeValue(item, depth + 1)) as T;
	if (Object.getPrototypeOf(value) !== Object.prototype) return value;
	const out: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[terminalSafe(key)] = terminalSafeValue(item, depth + 1);
	return out as T;
}

/**
 * JSON text with every DEL and C1 character written as \u007f–\u009f: JSON.stringify
 * escapes C0 controls itself but passes these through raw, and a terminal reading
 * `--output json` or a policy document would act on them.
 */
export function escapeC1InJson(json: string): string {
	return json.replace(/[\u007f-\u009f]/g, (char) => `\\u00${hex(char)}`);
}
