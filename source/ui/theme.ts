// Symbols used across the views. Plain characters that every terminal font has.

export const symbols = {
	pointer: '❯',
	up: '▲',
	down: '▼',
	passed: '✔',
	failed: '✖',
	unknown: '?',
	warning: '!',
	skipped: '-',
	pending: '·',
	bullet: '•',
	arrow: '→',
};
