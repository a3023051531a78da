// Copying a policy to the clipboard from a terminal app. OSC 52 asks the terminal itself
// to set the clipboard, which works over SSH and inside tmux/screen, but nothing comes
// back to say whether the terminal honoured it. A local clipboard command (pbcopy,
// wl-copy, xclip, clip.exe) does report success, but over SSH it would fill the remote
// machine's clipboard, so it is used when the session is local, and OSC 52 otherwise or
// when the command is missing or fails.

type Env = Record<string, string | undefined>;

const ESC = '\u001B';
const BEL = '\u0007';
const ST = `${ESC}\\`;
/** GNU screen drops string sequences longer than 768 bytes (since 4.2.1); each piece is framed by 4 bytes. */
const SCREEN_CHUNK = 764;
/** Larger sequences are cut off or ignored by several terminals (hterm's limit). */
export const OSC52_MAX_LENGTH = 100_000;

export type Multiplexer = 'tmux' | 'screen' | undefined;

export function multiplexerOf(env: Env): Multiplexer {
	if (env['TMUX']) return 'tmux';
	if (env['STY']) return 'screen';
	return undefined;
}

/**
 * The bytes that ask the terminal to put `text` on the clipboard. Inside tmux the sequence
 * is passed through in a DCS with every ESC doubled; inside screen in DCS pieces short
 * enough for its buffer.
 */
export function osc52Sequence(text: string, env: Env): string {
	const osc = `${ESC}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${BEL}`;
	switch (multiplexerOf(env)) {
		case 'tmux':
			return `${ESC}Ptmux;${osc.replaceAll(ESC, ESC + ESC)}${ST}`;
		case 'screen': {
			let out = '';
			for (let i = 0; i < osc.length; i += SCREEN_CHUNK) out += `${ESC}P${osc.slice(i, i + SCREEN_CHUNK)}${ST}`;
			return out;
		}
		default:
			return osc;
	}
}

export interface ClipboardCommand {
	command: string;
	args: string[];
}

/** The platform's clipboard command, if this looks like a local desktop session. */
export function clipboardCommand(platform: NodeJS.Platform, env: Env): ClipboardCommand | undefined {
	if (env['SSH_CONNECTION'] || env['SSH_TTY'] || env['SSH_CLIENT']) return undefined;
	if (platform === 'darwin') return {command: 'pbcopy', args: []};
	if (platform === 'win32') return {command: 'clip.exe', args: []};
	if (env['WSL_DISTRO_NAME']) return {command: 'clip.exe', args: []};
	if (env['WAYLAND_DISPLAY']) return {command: 'wl-copy', args: []};
	if (env['DISPLAY']) return {command: 'xclip', args: ['-selection', 'clipboard']};
	return undefined;
}

export interface CopyOutcome {
	/** copied: a clipboard command said it worked; sent: OSC 52 went to the terminal, unconfirmable; failed: neither. */
	result: 'copied' | 'sent' | 'failed';
	/** One line for the status bar saying what was done. */
	message: string;
}

export interface ClipboardDeps {
	env: Env;
	platform: NodeJS.Platform;
	/** The terminal, when output goes to one. */
	terminal?: {isTTY?: boolean; write: (data: string) => unknown};
	/** Runs a clipboard command with `text` on stdin; resolves true when it exited 0, false when it failed or is missing. */
	runCommand: (command: ClipboardCommand, text: string) => Promise<boolean>;
}

/** Feeds `text` to the command; false when it is not installed, fails or hangs. */
export async function runClipboardCommand({command, args}: ClipboardCommand, text: string): Promise<boolean> {
	// Loaded on first copy, not at start-up: node:child_process (with net, dgram…) costs
	// ~2 ms before the first frame otherwise.
	const {spawn} = await import('node:child_process');
	return new Promise((resolve) => {
		let settled = false;
		const done = (ok: boolean) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(ok);
		};
		// xclip and wl-copy fork a child that keeps serving the selection; 'exit' (not
		// 'close') fires when the command itself returns, and no output pipe is held open.
		const child = spawn(command, args, {stdio: ['pipe', 'ignore', 'ignore'], windowsHide: true});
		const timer = setTimeout(() => {
			child.kill();
			done(false);
		}, 3000);
		child.on('error', () => done(false));
		child.on('exit', (code) => done(code === 0));
		child.stdin.on('error', () => done(false));
		child.stdin.end(text);
	});
}

export async function copyToClipboard(text: string, deps: ClipboardDeps): Promise<CopyOutcome> {
	const command = clipboardCommand(deps.platform, deps.env);
	if (command && (await deps.runCommand(command, text))) {
		return {result: 'copied', message: `Copied to the clipboard with ${command.command}.`};
	}
	const missing = command ? `${command.command} failed or is not installed` : undefined;
	const sequence = osc52Sequence(text, deps.env);
	if (!deps.terminal?.isTTY || sequence.length > OSC52_MAX_LENGTH) {
		const why = !deps.terminal?.isTTY ? 'the output is not a terminal' : 'the text is too long for OSC 52';
		return {result: 'failed', message: `Not copied: ${why}${missing ? ` and ${missing}` : ''}. Save it to a file instead.`};
	}
	deps.terminal.write(sequence);
	const through = multiplexerOf(deps.env);
	const hint = through === 'tmux' ? ' through tmux: needs allow-passthrough on' : through === 'screen' ? ' through screen' : '';
	return {
		result: 'sent',
		message: `Sent to the terminal clipboard (OSC 52${hint}); the terminal cannot confirm it, so paste once to check.${missing ? ` (${missing}.)` : ''}`,
	};
}

/** The real terminal and commands of this process. */
export function processClipboard(terminal: ClipboardDeps['terminal']): (text: string) => Promise<CopyOutcome> {
	return (text) => copyToClipboard(text, {env: process.env, platform: process.platform, terminal, runCommand: runClipboardCommand});
}
