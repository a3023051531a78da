// The full-screen face: renders the Ink app over the wizard controller and returns
// the exit code when the wizard ends (or on SIGTERM / SIGHUP; SIGINT is Ctrl-C).

import {render} from 'ink';
import {App, preloadPhaseViews} from '../ui/app.js';
import {softWrapAware} from '../ui/soft-wrap-stdout.js';
import {wrapWords} from '../ui/text-layout.js';
import {WizardController} from '../core/wizard/controller.js';
import {createAwsGateway, preloadSdk} from '../aws/gateway.js';
import {timeoutsOf} from './arguments.js';
import {makeClientToken, retryMessage, type Runtime} from './run.js';

/**
 * How long the first frame may wait for the profile list. Reading ~/.aws takes a few
 * milliseconds; drawing "Reading your AWS profiles…" first made the list wait for Ink's
 * frame throttle (up to 33 ms, 17 at 60 fps) after it was read. Past this, the loading
 * frame is drawn.
 */
const FIRST_FRAME_WAIT_MS = 150;

/** Resolves when the profiles are read (or failed), or after `ms`. */
function profilesSettled(controller: WizardController, ms: number): Promise<void> {
	return new Promise((resolve) => {
		const settled = () => controller.getState().loaded.profiles.status !== 'loading';
		if (settled()) return resolve();
		const done = () => {
			clearTimeout(timer);
			unsubscribe();
			resolve();
		};
		const timer = setTimeout(done, ms);
		const unsubscribe = controller.subscribe(() => {
			if (settled()) done();
		});
	});
}

export async function runInkWizard({options, defaults, flags, signalsTaken}: Runtime): Promise<number> {
	let controller: WizardController | undefined;
	// Debug lines on the terminal Ink draws on would scribble over the screen: they are
	// written only when stderr goes elsewhere (2>debug.log), and the person is told so.
	if (options.debug && process.stderr.isTTY) {
		process.stderr.write('ddb-export: --debug writes nothing while the wizard draws on this terminal; redirect stderr (2>debug.log) to keep the lines.\n');
	}
	const gateway = createAwsGateway({
		endpointUrl: flags.endpointUrl,
		caBundle: options.caBundle,
		timeouts: timeoutsOf(options),
		onRetry: (event) => controller?.notifyRetry(retryMessage(event), `${event.service} ${event.operation}`),
		onCall: (event) => controller?.notifyCallEnded(`${event.service} ${event.operation}`),
		debug: options.debug && !process.stderr.isTTY ? (line) => process.stderr.write(`[debug] ${line}\n`) : undefined,
	});
	let exit: ((code: number) => void) | undefined;
	let exitedEarly: number | undefined;
	controller = new WizardController({
		gateway,
		defaults,
		given: flags.given,
		probe: options.probe,
		clientToken: flags.clientToken,
		makeClientToken,
		batchConcurrency: options.concurrency,
		// The batch's record, so that watch --batch-token finds its tables (the command printed
		// on Ctrl-C names the profile too, which finds them by token where no record is kept).
		// Not for the demo: its sandbox ends with this run.
		onBatchStart: options.demo
			? undefined
			: (plan) => {
					void import('./batch-record.js').then(({defaultStatePlace, recordStore}) => recordStore(defaultStatePlace()).save(plan, new Date())).catch(() => {});
				},
		onExit: (code) => (exit ? exit(code) : (exitedEarly = code)),
	});
	// Keys typed before Ink takes the terminal would be echoed and read as a line (Enter
	// arrives as "\n", not "\r"); in raw mode they wait unechoed until Ink reads them.
	if (process.stdin.isTTY) process.stdin.setRawMode(true);
	await profilesSettled(controller, FIRST_FRAME_WAIT_MS);
	return await new Promise<number>((resolve) => {
		let finished = false;
		const finish = (code: number) => {
			if (finished) return;
			finished = true;
			controller?.dispose();
			instance.unmount();
			void instance.waitUntilExit().finally(() => {
				// Raw mode was turned on before Ink's own (see above); give the terminal back.
				if (process.stdin.isTTY) process.stdin.setRawMode(false);
				// What the wizard says on its way out (a detached batch's watch command), after
				// the last frame, so it is the terminal's last line.
				const phase = controller?.getState().phase;
				if (phase?.kind === 'exit' && phase.message) {
					// Prose wrapped at words; the last line (a command) whole, for the terminal's soft wrap.
					const lines = phase.message.split('\n');
					const columns = process.stdout.columns || 80;
					const prose = lines.slice(0, -1).flatMap((line) => wrapWords(line, columns));
					process.stdout.write(`${[...prose, lines.at(-1)].join('\n')}\n`);
				}
				resolve(code);
			});
		};
		exit = finish;
		// 120 frames a second at most: Ink holds a frame back until 1000/maxFps ms after the
		// last one, so at the default 30 a key typed just after a frame waited ~33 ms to show,
		// at 60 up to 17 ms, which while tables stream in (a page and a spinner tick every
		// ~100 ms) made the median keystroke ~20 ms. Frames are drawn only on changes.
		// ARNs and commands are drawn as lines longer than the terminal, for its soft wrap
		// (a copy then gives them whole): the stream wrapper makes Ink's redraws erase the
		// rows such lines take.
		const instance = render(<App controller={controller!} />, {stdout: softWrapAware(process.stdout), exitOnCtrlC: false, maxFps: 120});
		// While the person reads the first question, load the SDK the next steps call
		// (identity and tables, then buckets): the first call then costs one round trip;
		// then the views after the review. After Ink's own start-up (it reads keys from its
		// first effects), not before.
		setTimeout(() => {
			void preloadSdk(['sts', 'dynamodb'])
				.then(() => preloadSdk(['s3']))
				.then(() => preloadPhaseViews())
				.catch(() => {});
		}, 20);
		const onSignal = (signal: NodeJS.Signals) => finish(signal === 'SIGTERM' ? 143 : 129);
		process.once('SIGTERM', onSignal);
		process.once('SIGHUP', onSignal);
		// In raw mode Ctrl-C is a key; a SIGINT sent from elsewhere (kill -INT) is the same
		// request: stop what runs, and the next one quits. Without this, Node's default ended
		// the process on the spot with the terminal left in raw mode.
		const onInterrupt = () => controller?.dispatch({type: 'interrupt'});
		process.on('SIGINT', onInterrupt);
		signalsTaken?.();
		void instance.waitUntilExit().finally(() => process.off('SIGINT', onInterrupt));
		if (exitedEarly !== undefined) finish(exitedEarly);
	});
}
