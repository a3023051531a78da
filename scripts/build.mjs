// Bundles cli.tsx into dist/ with esbuild. A bundle starts about twice as fast as
// unbundled tsc output (Ink alone is ~540 ESM files), see shared/STACK-NOTES.md.
// The AWS SDK is reached only through dynamic import(), so with code splitting it
// lands in its own chunks and is loaded after the first frame.
import {build} from 'esbuild';
import {statSync, readdirSync, existsSync, rmSync, readFileSync} from 'node:fs';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

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

if (process.argv.includes('--if-needed') && existsSync(out) && statSync(out).mtimeMs >= newestSource()) {
	process.exit(0);
}

rmSync(join(root, 'dist'), {recursive: true, force: true});
await build({
	entryPoints: {cli: join(root, 'cli.tsx')},
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
	define: {'process.env.NODE_ENV': '"production"'},
	plugins: [yogaWithoutFetch],
});
