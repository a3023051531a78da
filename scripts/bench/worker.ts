// The bench's worker process, bundled by scripts/bench/workers.mjs with the product's
// own esbuild options (so the SDK loads as it does in dist/). One mode per process:
//   sandbox  a sandbox server for the other processes (IPC: stats, reset, stop)
//   checks   runChecks through createAwsGateway, cold then warm
//   round-trip  one warm ListTables page, the reference for the big-account figure
//   wizard   a whole wizard run through the controller: questions, checks, export, watch
//   batch    a 300-table batch: checks, starts, a while of watching
// Each mode is imported on demand so that a mode loads only what it needs.
// Input: JSON in argv[3]; output: one JSON line on stdout (or IPC for the sandbox).

const mode = process.argv[2];
const input = JSON.parse(process.argv[3] ?? '{}') as Record<string, unknown>;

switch (mode) {
	case 'sandbox':
		await (await import('./sandbox-runner.js')).runSandbox(input);
		break;
	case 'checks':
		console.log(JSON.stringify(await (await import('./checks-worker.js')).measureChecks(input)));
		break;
	case 'round-trip':
		console.log(JSON.stringify(await (await import('./checks-worker.js')).measureRoundTrip(input)));
		break;
	case 'wizard':
		console.log(JSON.stringify(await (await import('./wizard-worker.js')).measureWizard(input)));
		break;
	case 'batch':
		console.log(JSON.stringify(await (await import('./batch-worker.js')).measureBatch(input)));
		break;
	default:
		console.error(`worker: unknown mode ${mode}`);
		process.exitCode = 2;
}
