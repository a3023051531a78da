// The full-screen face: renders the Ink app over the wizard controller and returns
// the exit code when the wizard ends (or on SIGTERM / SIGHUP).

import React from 'react';
import {render} from 'ink';
import {App} from '../ui/app.js';
import {WizardController} from '../core/wizard/controller.js';
import {createAwsGateway} from '../aws/gateway.js';
import {makeClientToken} from './run.js';
import type {Runtime} from './run.js';

export async function runInkWizard({options, defaults, given}: Runtime): Promise<number> {
	let controller: WizardController | undefined;
	const gateway = createAwsGateway({
		endpointUrl: options.endpointUrl,
		onRetry: (event) => controller?.notifyRetry(`Retrying ${event.service} ${event.operation} (attempt ${event.attempt}): ${event.error}`),
	});
	return await new Promise<number>((resolve) => {
		let finished = false;
		const finish = (code: number) => {
			if (finished) return;
			finished = true;
			controller?.dispose();
			instance.unmount();
			void instance.waitUntilExit().finally(() => resolve(code));
		};
		controller = new WizardController({
			gateway,
			defaults,
			given,
			probe: options.probe,
			makeClientToken,
			onExit: finish,
		});
		const instance = render(<App controller={controller} />, {exitOnCtrlC: false});
		const onSignal = (signal: NodeJS.Signals) => finish(signal === 'SIGTERM' ? 143 : 129);
		process.once('SIGTERM', onSignal);
		process.once('SIGHUP', onSignal);
	});
}
