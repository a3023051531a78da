// Bundles cli.tsx into dist/ with esbuild. A bundle starts about twice as fast as
// unbundled tsc output (Ink alone is ~540 ESM files), see shared/STACK-NOTES.md.
// The AWS SDK is reached only through dynamic import(), so with code splitting it
// lands in its own chunks and is loaded after the first frame. What else keeps the
// first frame fast is measured by `npm run bench` (README, Performance).
//   node scripts/build.mjs [--if-needed]   (NO_MINIFY=1 for readable output)
// scripts/bench.mjs imports bundleOptions() to bundle its workers the same way.
import {build} from 'esbuild';
import {statSync, readdirSync, existsSync, rmSync, readFileSync} from 'node:fs';
import {join, dirname} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cli.js');

function newestSource() {
	let newest = 0;
	const visit = (path) => {
		const st = statSync(path);
		if (st.isDirectory()) {
			for (const name of readdirSync(path)) visit(join(path, name));
		} else newest = Math.max(newest, st.mtimeMs);
	};
	for (const p of ['cli.tsx', 'source', 'package.json', 'scripts/build.mjs']) visit(join(root, p));
	return newest;
}

// Ink's layout engine (yoga-layout) carries its WebAssembly as a base64 data: URL and,
// because Node has a global fetch(), loads it with fetch(). That first fetch() loads
// undici (http2, tls, worker_threads…): ~30 ms before the first frame. Handing the
// emscripten loader the bytes up front takes its synchronous path instead. If a new
// yoga version changes the loader, the build warns and keeps the original code.
const YOGA_LOADER = /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/;
const YOGA_HOOK = 'if(!ua(H)){';
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(pluginBuild) {
		pluginBuild.onLoad({filter: YOGA_LOADER}, (args) => {
			const source = readFileSync(args.path, 'utf8');
			if (source.split(YOGA_HOOK).length !== 2 || !source.includes('"data:application/octet-stream;base64,')) {
				return {contents: source, loader: 'js', warnings: [{text: 'yoga-layout loader changed: left as is (it will load undici through fetch at start-up)'}]};
			}
			return {contents: source.replace(YOGA_HOOK, `w||(w=Buffer.from(H.slice(37),'base64'));${YOGA_HOOK}`), loader: 'js'};
		});
	},
};

// string-width builds an emoji regex and an Intl.Segmenter when it loads (~30 ms before
// the first frame); source/ui/terminal-width.ts gives the same answers lazily.
const terminalWidth = {
	name: 'terminal-width',
	setup(pluginBuild) {
		pluginBuild.onResolve({filter: /^string-width$/}, () => ({path: join(root, 'source', 'ui', 'terminal-width.ts')}));
	},
};

// Small stand-ins for two of Ink's dependencies, to keep start-up work down:
// - cli-spinners: 31 kB of spinner definitions; the views only use 'dots' (any other
//   name gets 'dots' too rather than crashing).
// - terminal-size: imports node:child_process (net, dgram…) to run `tput` when stdout is
//   not a terminal; Ink only draws on a terminal here, so the sizes are always known.
const inlineModules = {
	'cli-spinners': () => {
		const {dots} = JSON.parse(readFileSync(join(root, 'node_modules', 'cli-spinners', 'spinners.json'), 'utf8'));
		return `const dots = ${JSON.stringify(dots)};\nexport default new Proxy({dots}, {get: (spinners, name) => spinners[name] ?? dots});\n`;
	},
	'terminal-size': () => `export default function terminalSize() {
	const {env, stdout, stderr} = process;
	if (stdout?.columns && stdout?.rows) return {columns: stdout.columns, rows: stdout.rows};
	if (stderr?.columns && stderr?.rows) return {columns: stderr.columns, rows: stderr.rows};
	const columns = Number.parseInt(env.COLUMNS ?? '', 10);
	const rows = Number.parseInt(env.LINES ?? '', 10);
	return columns > 0 && rows > 0 ? {columns, rows} : {columns: 80, rows: 24};
}
`,
};
const inlined = {
	name: 'inlined-modules',
	setup(pluginBuild) {
		const filter = new RegExp(`^(${Object.keys(inlineModules).join('|')})$`);
		pluginBuild.onResolve({filter}, (args) => ({path: args.path, namespace: 'ddb-inline'}));
		pluginBuild.onLoad({filter: /.*/, namespace: 'ddb-inline'}, (args) => ({contents: inlineModules[args.path](), loader: 'js'}));
	},
};

// dist/cli.js is a small launcher: on Node 22.1+ it turns on Node's compile cache (V8
// code for every module of the bundle, kept in the OS temp folder) before the rest is
// loaded; on Node 20 the call does not exist and nothing changes. Static imports would
// be compiled before any code runs, hence the import() of the real entry.
const LAUNCHER = 'ddb-export:launcher';
const launcher = {
	name: 'launcher',
	setup(pluginBuild) {
		pluginBuild.onResolve({filter: new RegExp(`^${LAUNCHER}$`)}, () => ({path: LAUNCHER, namespace: 'ddb-launcher'}));
		pluginBuild.onLoad({filter: /.*/, namespace: 'ddb-launcher'}, () => ({
			resolveDir: root,
			loader: 'js',
			contents: `import nodeModule from 'node:module';
try {
	nodeModule.enableCompileCache?.();
} catch {
	// A cache that cannot be written only costs speed.
}
await import('./cli.tsx');
`,
		}));
	},
};

/** The esbuild options of the product bundle; `overrides` for other entry points (the bench). */
export function bundleOptions(overrides = {}) {
	return {
		entryPoints: {cli: LAUNCHER},
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		// Prefer the ESM builds (the SDK ships both): import() of a CJS build exposes only
		// `default` in a bundle, and ESM tree-shakes better.
		mainFields: ['module', 'main'],
		target: 'node20',
		outdir: join(root, 'dist'),
		chunkNames: 'chunks/[name]-[hash]',
		minify: !process.env.NO_MINIFY,
		legalComments: 'linked',
		logLevel: 'warning',
		jsx: 'automatic',
		// Ink imports its devtools integration optionally; it is never used at run time.
		alias: {'react-devtools-core': join(root, 'scripts', 'empty-module.mjs')},
		// Some dependencies call require() from ESM; give the bundle a real require.
		banner: {
			js: "#!/usr/bin/env node\nimport {createRequire as __ddbCreateRequire} from 'node:module';const require=__ddbCreateRequire(import.meta.url);",
		},
		// React and its reconciler drop their development checks.
		define: {'process.env.NODE_ENV': '"production"'},
		plugins: [launcher, yogaWithoutFetch, terminalWidth, inlined],
		...overrides,
	};
}

export function isBuildNeeded() {
	return !existsSync(out) || statSync(out).mtimeMs < newestSource();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	if (!process.argv.includes('--if-needed') || isBuildNeeded()) {
		rmSync(join(root, 'dist'), {recursive: true, force: true});
		await build(bundleOptions());
	}
}
