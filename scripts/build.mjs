// Builds dist/ with esbuild: a small CommonJS launcher (dist/cli.js) and three CommonJS
// files in dist/chunks, each run through vm.Script with V8's code cache:
//   app-<hash>.cjs         the product (cli.tsx and source/), see buildProduct
//   ui-vendor-<hash>.cjs   Ink, React, react-reconciler, Yoga
//   sdk-vendor-<hash>.cjs  the parts of the AWS SDK the product uses, loaded on first use
// What keeps start-up fast is measured by `npm run bench` (README, Performance).
//   node scripts/build.mjs [--if-needed]   (NO_MINIFY=1 for readable output)
// scripts/bench.mjs imports bundleOptions() to bundle its workers with the same stand-ins.
import {build} from 'esbuild';
import {createHash} from 'node:crypto';
import {statSync, readdirSync, existsSync, rmSync, readFileSync, mkdirSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join, dirname} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import vm from 'node:vm';
import {writeThirdPartyNotices} from './third-party-notices.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cli.js');

// Every package the bundles contain is a devDependency: the published package needs none
// at run time (npm installs it alone). A package that must stay a run-time dependency is
// listed in package.json's dependencies, with the reason here. None today.
// The metafiles of every bundle of one build, for dist/THIRD-PARTY-NOTICES.
const metafiles = [];

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
const withYogaBytes = (source) => source.replace(YOGA_HOOK, `w||(w=Buffer.from(H.slice(37),'base64'));${YOGA_HOOK}`);
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(pluginBuild) {
		pluginBuild.onLoad({filter: YOGA_LOADER}, (args) => {
			const source = readFileSync(args.path, 'utf8');
			if (source.split(YOGA_HOOK).length !== 2 || !source.includes('"data:application/octet-stream;base64,')) {
				return {contents: source, loader: 'js', warnings: [{text: 'yoga-layout loader changed: left as is (it will load undici through fetch at start-up)'}]};
			}
			return {contents: withYogaBytes(source), loader: 'js'};
		});
	},
};

// Dependencies replaced by source files of the product:
// - string-width builds an emoji regex and an Intl.Segmenter when it loads (~30 ms before
//   the first frame); source/core/terminal-width.ts gives the same answers lazily.
// - restore-cursor (cli-cursor's) writes ESC[?25h to stderr at exit even when stderr is a
//   file; source/ui/restore-cursor.ts writes it to the terminal only.
const STAND_INS = {
	'string-width': join(root, 'source', 'core', 'terminal-width.ts'),
	'restore-cursor': join(root, 'source', 'ui', 'restore-cursor.ts'),
};
const standIns = {
	name: 'stand-ins',
	setup(pluginBuild) {
		pluginBuild.onResolve({filter: new RegExp(`^(${Object.keys(STAND_INS).join('|')})$`)}, (args) => ({path: STAND_INS[args.path]}));
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

// The Ink face's libraries (Ink, React, react-reconciler, yoga-layout) are half of what
// V8 compiles before the first frame. Node 20 keeps no compiled code for ES modules
// (module.enableCompileCache() is 22.1+), so these libraries go into one CommonJS file,
// chunks/ui-vendor-<hash>.cjs, run through vm.Script with V8's code cache (see
// source/launcher/cached-script.ts). 'ink', 'react' and 'react/jsx-runtime' in the product file are
// small modules that re-export from that file, so there is one React. If a new Ink or
// yoga version changes what is patched below, the build stops and says what to update
// (the bench's ES-module workers only get a warning).
const VENDOR_MODULES = {ink: 'ink', react: 'react', 'react/jsx-runtime': 'jsxRuntime'};
const VENDOR_LOADER = 'ddb-export:ui-vendor-loader';
const YOGA_DIR = join(root, 'node_modules', 'yoga-layout', 'dist');
const INK_RECONCILER = /ink[\\/]build[\\/]reconciler\.js$/;
// CommonJS cannot have top-level await: yoga-layout awaits its WebAssembly, and Ink
// awaits its devtools and package.json when DEV=true.
const vendorPatches = [
	{file: YOGA_LOADER, from: 'var _scriptDir = import.meta.url;', to: 'var _scriptDir = undefined;'},
	// With the bytes at hand (yogaWithoutFetch), instantiate synchronously.
	{file: YOGA_LOADER, from: 'if(h.instantiateWasm)try{', to: 'if(w){var ddbInstance=new WebAssembly.Instance(new WebAssembly.Module(w),d);a(ddbInstance);return ddbInstance.exports}if(h.instantiateWasm)try{'},
	{file: INK_RECONCILER, from: "await import('./devtools.js');", to: "throw Object.assign(new Error('React devtools are not bundled'), {code: 'ERR_MODULE_NOT_FOUND'});"},
	{file: INK_RECONCILER, from: 'await loadPackageJson()', to: '{ name: undefined, version: undefined }'},
];
const vendorPatched = {
	name: 'ui-vendor-patches',
	setup(pluginBuild) {
		// yoga-layout's entry awaits the WebAssembly; here it is loaded synchronously.
		pluginBuild.onResolve({filter: /^yoga-layout$/}, () => ({path: 'yoga-layout', namespace: 'ddb-yoga-sync'}));
		pluginBuild.onLoad({filter: /.*/, namespace: 'ddb-yoga-sync'}, () => ({
			resolveDir: root,
			loader: 'js',
			contents: `import loadYoga from ${JSON.stringify(join(YOGA_DIR, 'binaries', 'yoga-wasm-base64-esm.js'))};
import wrapAssembly from ${JSON.stringify(join(YOGA_DIR, 'src', 'wrapAssembly.js'))};
const lib = {};
loadYoga(lib);
if (!lib.calledRun) throw new Error('yoga-layout did not load synchronously');
export default wrapAssembly(lib);
export * from ${JSON.stringify(join(YOGA_DIR, 'src', 'generated', 'YGEnums.js'))};
`,
		}));
		for (const file of [YOGA_LOADER, INK_RECONCILER]) {
			pluginBuild.onLoad({filter: file}, (args) => {
				let source = readFileSync(args.path, 'utf8');
				if (file === YOGA_LOADER) source = withYogaBytes(source);
				for (const patch of vendorPatches.filter((p) => p.file === file)) source = source.replace(patch.from, patch.to);
				return {contents: source, loader: 'js'};
			});
		}
	},
};

/** Whether every patch still applies (else the libraries stay ES modules). */
function vendorPatchable() {
	const yoga = join(YOGA_DIR, 'binaries', 'yoga-wasm-base64-esm.js');
	const reconciler = join(root, 'node_modules', 'ink', 'build', 'reconciler.js');
	const sources = {yoga: readFileSync(yoga, 'utf8'), reconciler: readFileSync(reconciler, 'utf8')};
	return sources.yoga.split(YOGA_HOOK).length === 2 && vendorPatches.every((p) => (p.file === YOGA_LOADER ? sources.yoga : sources.reconciler).split(p.from).length === 2);
}

/** What both vendor files (UI, SDK) are built with: one CommonJS file, kept in memory. */
function vendorBuildOptions(options) {
	return {
		bundle: true,
		format: 'cjs',
		platform: 'node',
		mainFields: ['module', 'main'],
		target: 'node20',
		minify: options.minify,
		legalComments: 'none',
		logLevel: 'warning',
		write: false,
		metafile: true,
	};
}

/** Builds chunks/ui-vendor-<hash>.cjs; returns its name and each module's export names. */
async function buildUiVendor(options) {
	const result = await build({
		stdin: {contents: Object.entries(VENDOR_MODULES).map(([module, name]) => `export * as ${name} from '${module}';`).join('\n'), resolveDir: root, loader: 'js'},
		...vendorBuildOptions(options),
		define: {'process.env.NODE_ENV': '"production"'},
		alias: options.alias,
		plugins: [vendorPatched, yogaWithoutFetch, standIns, inlined],
	});
	metafiles.push(result.metafile);
	const name = writeHashed(options.outdir, 'ui-vendor', result.outputFiles[0].contents);
	const file = join(options.outdir, 'chunks', name);
	// The names each module exports, for the re-exporting modules of the product file.
	const module = {exports: {}};
	new vm.Script(`(function (exports, require, module) {${result.outputFiles[0].text}\n})`, {filename: file}).runInThisContext()(module.exports, createRequire(file), module);
	const names = Object.fromEntries(Object.values(VENDOR_MODULES).map((key) => [key, Object.keys(module.exports[key])]));
	return {name, names};
}

// The launcher and the cache loader are source files (source/launcher/: typed, tested);
// the build only names the files they load.
const LAUNCHER = join(root, 'source', 'launcher', 'launch.ts');
const CACHED_SCRIPT = join(root, 'source', 'launcher', 'cached-script.ts');

/**
 * Makes `import {<exportName>} from '<specifier>'` a function that runs a built file
 * through source/launcher/cached-script.ts (once) and returns its exports. `settings()`
 * is asked when it is loaded, once the file it loads has been built: its name, the folder
 * it is in (a JS expression, see besideProduct) and whether its cache is stored early.
 */
function serveCachedScriptLoader(pluginBuild, specifier, namespace, settings) {
	pluginBuild.onResolve({filter: new RegExp(`^${specifier}$`)}, () => ({path: specifier, namespace}));
	pluginBuild.onLoad({filter: /.*/, namespace}, () => {
		const {name, exportName, locate, early} = settings();
		return {
			contents: `import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {runCachedScript} from ${JSON.stringify(CACHED_SCRIPT)};
export const ${exportName} = () => runCachedScript(join(${locate}, ${JSON.stringify(name)}), ${early});
`,
			loader: 'js',
			resolveDir: root,
		};
	});
}

/** Where a loader inside the product file finds the files next to it (chunks/). */
function besideProduct(format) {
	return format === 'cjs' ? '__dirname' : 'dirname(fileURLToPath(import.meta.url))';
}

/**
 * Code run by vm.Script has no import(): esbuild leaves import() of Node's built-ins
 * (node:http, node:child_process…) as is, and require() answers the same.
 */
function withoutImport(text, what) {
	const out = text.replace(/\bimport\(("node:[\w/]+")\)/g, 'Promise.resolve().then(()=>require($1))');
	// A getter or method named import (ion-js's symbol table has `get import()`) is not a call.
	if (/(?<!\bget\s*|\.)\bimport\(/.test(out)) throw new Error(`${what}: an import() that code run by vm.Script cannot run is left in it`);
	return out;
}

/** Writes chunks/<prefix>-<hash>.cjs; returns its name. */
function writeHashed(outdir, prefix, code) {
	const name = `${prefix}-${createHash('sha256').update(code).digest('hex').slice(0, 12).toUpperCase()}.cjs`;
	const file = join(outdir, 'chunks', name);
	mkdirSync(dirname(file), {recursive: true});
	writeFileSync(file, code);
	return name;
}

const uiVendor = {
	name: 'ui-vendor',
	setup(pluginBuild) {
		const options = pluginBuild.initialOptions;
		let vendor;
		pluginBuild.onStart(async () => {
			vendor = undefined;
			if (!vendorPatchable()) {
				// Bundled as they are, yoga's top-level await cannot be in a CommonJS file.
				const text = 'ink or yoga-layout changed: a patch in scripts/build.mjs (vendorPatches, YOGA_HOOK) no longer applies; update it for the new version';
				return options.format === 'cjs' ? {errors: [{text}]} : {warnings: [{text: `${text} (bundled as ES modules meanwhile)`}]};
			}
			vendor = await buildUiVendor({minify: options.minify, outdir: options.outdir, alias: options.alias});
		});
		const filter = new RegExp(`^(${Object.keys(VENDOR_MODULES).map((m) => m.replace('/', '\\/')).join('|')})$`);
		pluginBuild.onResolve({filter}, (args) => (vendor ? {path: args.path, namespace: 'ddb-ui-vendor'} : undefined));
		serveCachedScriptLoader(pluginBuild, VENDOR_LOADER, 'ddb-ui-vendor-loader', () => ({
			name: vendor.name,
			exportName: 'uiVendor',
			locate: besideProduct(options.format),
			early: true,
		}));
		pluginBuild.onLoad({filter: /.*/, namespace: 'ddb-ui-vendor'}, (args) => {
			const key = VENDOR_MODULES[args.path];
			const names = vendor.names[key].filter((n) => n !== 'default' && n !== '__esModule');
			const hasDefault = vendor.names[key].includes('default');
			return {
				resolveDir: root,
				loader: 'js',
				contents: `import {uiVendor} from '${VENDOR_LOADER}';
const m = uiVendor().${key};
${hasDefault ? 'export default m.default;\n' : ''}export const {${names.join(', ')}} = m;
`,
			};
		});
	},
};

// The AWS SDK (the clients source/aws loads with import(), the credential providers and
// the shared-ini loader) is most of what V8 compiles in `ddb-export check`. Like the Ink
// face, it goes into one CommonJS file, chunks/sdk-vendor-<hash>.cjs, run through vm.Script
// with V8's code cache. Only what the product uses is in it (see sdkNamesUsed): a client
// package's index re-exports every command, error and aggregated client, and a file of
// whole packages was 1.06 MB where the used parts are ~0.63 MB, all of which V8 reads from
// the cache on each run. The SDK's own import()s (credential providers → sts, sso,
// sso-oidc) stay lazy inside the file. In the ES bundle each specifier is a small module
// that re-exports from the file, so all SDK code (and every @smithy class) exists once.
const SDK_MODULES = [
	'@aws-sdk/client-dynamodb',
	'@aws-sdk/client-s3',
	'@aws-sdk/client-kms',
	'@aws-sdk/client-sts',
	'@aws-sdk/client-iam',
	'@aws-sdk/client-organizations',
	'@aws-sdk/client-accessanalyzer',
	'@aws-sdk/credential-providers',
];
// Not '@smithy/shared-ini-file-loader': source/aws/profiles.ts lists the profiles with it
// before the first frame, and loading the whole vendor file there cost ~15 ms of start-up.
// It stays an ES module (plain functions, no classes crossing over); the vendor file has
// its own copy for the credential providers, which so read the two small ini files again.
const SDK_LOADER = 'ddb-export:sdk-vendor-loader';
const SDK_USED = 'ddb-export:sdk-used:';

// The product reaches the SDK's values in three ways only: `new module.XClient(...)`,
// `new m.XCommand(...)` and the credential providers' `fromX(...)` (types are erased). So
// each module keeps the exports of those forms whose names occur in source/ (the
// sandbox aside); anything else the product would use has to follow the same forms, or
// be added here, else it is undefined at run time (the end-to-end tests run the build).
const SDK_VALUE_NAME = /^(?:[A-Z]\w*(?:Client|Command)|from[A-Z]\w*)$/;

function sourceTokens() {
	const tokens = new Set();
	const visit = (path) => {
		for (const entry of readdirSync(path, {withFileTypes: true})) {
			const full = join(path, entry.name);
			if (entry.isDirectory()) {
				if (full !== join(root, 'source', 'sandbox')) visit(full);
			} else if (/\.tsx?$/.test(entry.name)) {
				for (const token of readFileSync(full, 'utf8').match(/[A-Za-z_$][\w$]*/g) ?? []) tokens.add(token);
			}
		}
	};
	visit(join(root, 'source'));
	return tokens;
}

/** For each SDK module, the names of its exports the product uses. */
function sdkNamesUsed() {
	const tokens = sourceTokens();
	const require = createRequire(join(root, 'package.json'));
	return Object.fromEntries(
		SDK_MODULES.map((specifier) => {
			const names = Object.keys(require(specifier)).filter((name) => SDK_VALUE_NAME.test(name) && tokens.has(name));
			if (names.length === 0) throw new Error(`sdk-vendor: nothing of ${specifier} is used; drop it from SDK_MODULES`);
			return [specifier, names.sort()];
		}),
	);
}

/** Builds chunks/sdk-vendor-<hash>.cjs; returns its name and each module's export names. */
async function buildSdkVendor(options) {
	const used = sdkNamesUsed();
	const result = await build({
		stdin: {
			contents: `${SDK_MODULES.map((m, i) => `import * as m${i} from ${JSON.stringify(SDK_USED + m)};`).join('\n')}
export default {${SDK_MODULES.map((m, i) => `${JSON.stringify(m)}: m${i}`).join(', ')}};
`,
			resolveDir: root,
			loader: 'js',
		},
		...vendorBuildOptions(options),
		plugins: [
			{
				name: 'sdk-used',
				setup(pluginBuild) {
					pluginBuild.onResolve({filter: new RegExp(`^${SDK_USED}`)}, (args) => ({path: args.path.slice(SDK_USED.length), namespace: 'ddb-sdk-used'}));
					pluginBuild.onLoad({filter: /.*/, namespace: 'ddb-sdk-used'}, (args) => ({
						contents: `export {${used[args.path].join(', ')}} from ${JSON.stringify(args.path)};\n`,
						resolveDir: root,
						loader: 'js',
					}));
				},
			},
		],
	});
	metafiles.push(result.metafile);
	const name = writeHashed(options.outdir, 'sdk-vendor', withoutImport(result.outputFiles[0].text, 'sdk-vendor'));
	return {name, names: used};
}

const sdkVendor = {
	name: 'sdk-vendor',
	setup(pluginBuild) {
		const options = pluginBuild.initialOptions;
		let vendor;
		pluginBuild.onStart(async () => {
			vendor = await buildSdkVendor({minify: options.minify, outdir: options.outdir});
		});
		const filter = new RegExp(`^(${SDK_MODULES.map((m) => m.replace(/[/.-]/g, '\\$&')).join('|')})$`);
		pluginBuild.onResolve({filter}, (args) => ({path: args.path, namespace: 'ddb-sdk-vendor'}));
		serveCachedScriptLoader(pluginBuild, SDK_LOADER, 'ddb-sdk-vendor-loader', () => ({
			name: vendor.name,
			exportName: 'sdkVendor',
			locate: besideProduct(options.format),
			early: false,
		}));
		pluginBuild.onLoad({filter: /.*/, namespace: 'ddb-sdk-vendor'}, (args) => {
			const names = vendor.names[args.path].filter((n) => n !== 'default' && n !== '__esModule');
			return {
				resolveDir: root,
				loader: 'js',
				contents: `import {sdkVendor} from '${SDK_LOADER}';
export const {${names.join(', ')}} = sdkVendor().default[${JSON.stringify(args.path)}];
`,
			};
		});
	},
};

/**
 * What the product file and the bench's workers are bundled with. The workers (scripts/
 * bench) are ES modules split into chunks: `overrides` names their entry points.
 */
export function bundleOptions(overrides = {}) {
	return {
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
		legalComments: 'eof',
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
		plugins: [uiVendor, sdkVendor, yogaWithoutFetch, standIns, inlined],
		...overrides,
	};
}

// The product itself (cli.tsx and all of source/ but the sandbox's entry) is one CommonJS
// file too, chunks/app-<hash>.cjs, run through vm.Script with V8's code cache like the two
// vendor files. Node 20 keeps no compiled code for ES modules, and its ES module loader
// is slow: as 40 split ES chunks, `ddb-export check` spent ~50 ms between Node's start
// and its first line of SDK code; from the cached file, ~15 ms. Code that only some
// runs need (the Ink views, the sandbox of --demo, line mode) is in the file as lazy
// initialisers, so it costs nothing until it is used. The file is strict, as the ES
// modules it is made of were.
async function buildProduct(outdir) {
	const result = await build(
		bundleOptions({
			entryPoints: {app: join(root, 'cli.tsx')},
			format: 'cjs',
			splitting: false,
			write: false,
			metafile: true,
			outdir,
			banner: {js: "'use strict';"},
		}),
	);
	metafiles.push(result.metafile);
	const output = result.outputFiles.find((file) => file.path.endsWith('.js'));
	if (!output || result.outputFiles.length !== 1) throw new Error(`product build: expected one file, got ${result.outputFiles.map((f) => f.path).join(', ')}`);
	return writeHashed(outdir, 'app', withoutImport(output.text, 'product file'));
}

// dist/cli.js is a small CommonJS launcher (source/launcher/launch.ts): it runs
// chunks/app-<hash>.cjs from its code cache.
async function buildLauncher(outdir, appName) {
	await build({
		stdin: {contents: `import {launch} from ${JSON.stringify(LAUNCHER)};\nlaunch(__dirname, ${JSON.stringify(appName)});\n`, resolveDir: root, loader: 'js'},
		bundle: true,
		format: 'cjs',
		platform: 'node',
		target: 'node20',
		minify: !process.env.NO_MINIFY,
		legalComments: 'none',
		logLevel: 'warning',
		outfile: join(outdir, 'cli.js'),
		banner: {js: '#!/usr/bin/env node'},
	});
}

/** Builds dist/: the launcher, the product file and the two vendor files. */
export async function buildDist() {
	const outdir = join(root, 'dist');
	rmSync(outdir, {recursive: true, force: true});
	metafiles.length = 0;
	const appName = await buildProduct(outdir);
	await buildLauncher(outdir, appName);
	// cli-spinners: its 'dots' are inlined from its JSON (inlineModules), which no metafile shows.
	writeThirdPartyNotices({root, file: join(outdir, 'THIRD-PARTY-NOTICES'), metafiles, also: ['cli-spinners']});
	// dist/cli.js is CommonJS: Node then starts without its ES module loader (~8 ms).
	writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({type: 'commonjs'})}\n`);
}

export function isBuildNeeded() {
	return !existsSync(out) || statSync(out).mtimeMs < newestSource();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	if (!process.argv.includes('--if-needed') || isBuildNeeded()) await buildDist();
}
