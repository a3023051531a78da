// A DynamoDB number as its digits. DynamoDB keeps 38 significant digits; a JavaScript
// number keeps about 16, so a number that went through a double would come out changed.
// Numbers stay text from the export's bytes to the printed JSON.

/** A number's digits, printed as a JSON number as they are (never through a double). */
export class ExactNumber {
	readonly text: string;
	constructor(text: string) {
		this.text = text;
	}
}

const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const anyDecimal = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eEdD]([+-]?\d+))?$/;

/**
 * The number as JSON number text, same value. DynamoDB's own text ("123", "-0.5") is
 * JSON already and is kept as it is; other spellings ("+5", ".5", "5.", "007") are
 * rewritten digit for digit. Undefined when the text is not a number at all.
 */
export function jsonNumberText(text: string): string | undefined {
	if (jsonNumber.test(text)) return text;
	const match = anyDecimal.exec(text);
	if (!match || `${match[2]}${match[3] ?? ''}` === '') return undefined;
	const [, sign, whole = '', fraction = '', exponent] = match;
	return decimalText(sign === '-', `${whole}${fraction}`, (exponent === undefined ? 0 : Number(exponent)) - fraction.length);
}

/**
 * coefficient × 10^exponent as JSON number text: plain digits while they stay short
 * (an Ion `6d2` prints 600, `103.` prints 103), with an exponent beyond 40 places.
 */
export function decimalText(negative: boolean, coefficient: string, exponent: number): string {
	let digits = coefficient.replace(/^0+(?=\d)/, '');
	if (digits === '') digits = '0';
	const sign = negative && /[1-9]/.test(digits) ? '-' : '';
	if (exponent >= 0) {
		if (digits === '0') return '0';
		if (exponent <= 40) return `${sign}${digits}${'0'.repeat(exponent)}`;
		return `${sign}${digits}e${exponent}`;
	}
	const places = -exponent;
	if (places > 40 + digits.length) return `${sign}${digits}e${exponent}`;
	const padded = digits.padStart(places + 1, '0');
	const whole = padded.slice(0, padded.length - places);
	const fraction = padded.slice(padded.length - places);
	return `${sign}${whole}.${fraction}`;
}
