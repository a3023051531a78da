// Bundles cli.tsx into dist/ with esbuild. A bundle starts about twice as fast as
// unbundled tsc output (Ink alone is ~540 ESM files), see shared/STACK-NOTES.md.
// The AWS SDK is reached only through dynamic import(), so with code splitting it
// lands in its own chunks and is loaded after the first frame. What else keeps the
// first frame fast is measured by `npm run bench` (README, Performance).
//   node scripts/build.mjs [--if-needed]   (NO_MINIFY=1 for readable output)
// scripts/bench.mjs imports bundleOptions() to bundle its workers the same way.
import {build} from 'esbuild';
import {createHash} from 'node:crypto';
import {statSync, readdirSync, existsSync, rmSync, readFileSync, mkdirSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join, dirname} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import vm from 'node:vm';

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

// The Ink face's libraries (Ink, React, react-reconciler, yoga-layout) are half of what
// V8 compiles before the first frame. Node 20 keeps no compiled code for ES modules
// (module.enableCompileCache() is 22.1+), so these libraries go into one CommonJS file,
// chunks/ui-vendor-<hash>.cjs, run through vm.Script with V8's code cache: the first run
// stores the compiled code (functions compiled while running included) in a per-user
// cache folder, later runs start from it. 'ink', 'react' and 'react/jsx-runtime' in the
// ES bundle are small modules that re-export from that file, so there is one React.
// A cache that cannot be read or written, or that V8 rejects (another Node version),
// only costs speed. If a new Ink or yoga version changes what is patched below, the
// build warns and bundles them as ES modules as before.
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
				if (file === YOGA_LOADER) source = source.replace(YOGA_HOOK, `w||(w=Buffer.from(H.slice(37),'base64'));${YOGA_HOOK}`);
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
	};
}

/** Builds chunks/ui-vendor-<hash>.cjs; returns its name and each module's export names. */
async function buildUiVendor(options) {
	const result = await build({
		stdin: {contents: Object.entries(VENDOR_MODULES).map(([module, name]) => `export * as ${name} from '${module}';`).join('\n'), resolveDir: root, loader: 'js'},
		...vendorBuildOptions(options),
		define: {'process.env.NODE_ENV': '"production"'},
		alias: options.alias,
		plugins: [vendorPatched, yogaWithoutFetch, terminalWidth, inlined],
	});
	const code = result.outputFiles[0].contents;
	const name = `ui-vendor-${createHash('sha256').update(code).digest('hex').slice(0, 12).toUpperCase()}.cjs`;
	const file = join(options.outdir, 'chunks', name);
	mkdirSync(dirname(file), {recursive: true});
	writeFileSync(file, code);
	// The names each module exports, for the re-exporting modules of the ES bundle.
	const module = {exports: {}};
	new vm.Script(`(function (exports, require, module) {${result.outputFiles[0].text}\n})`, {filename: file}).runInThisContext()(module.exports, createRequire(file), module);
	const names = Object.fromEntries(Object.values(VENDOR_MODULES).map((key) => [key, Object.keys(module.exports[key])]));
	return {name, names};
}

// storeEarly: also store 1 s after loading (the Ink face: once the first frame is drawn);
// else only at exit, so that the SDK's cache holds the code of the calls made, not only of loading.
const VENDOR_LOADER_SOURCE = (name, loaderName = 'uiVendor', storeEarly = true) => `import {mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';

const NAME = ${JSON.stringify(name)};
let loaded;

/** Per user: compiled code from a folder others can write to could run as this user. */
function cacheFolder() {
	const uid = process.getuid?.();
	if (process.env.XDG_CACHE_HOME) return join(process.env.XDG_CACHE_HOME, 'ddb-export');
	return join(tmpdir(), \`ddb-export-\${uid ?? 'user'}-v8cache\`);
}

function usableFolder(folder) {
	const st = statSync(folder);
	const uid = process.getuid?.();
	return st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

export function ${loaderName}() {
	if (loaded) return loaded;
	const file = fileURLToPath(new URL(\`./\${NAME}\`, import.meta.url));
	const source = readFileSync(file, 'utf8');
	let folder;
	let cacheFile;
	let cachedData;
	try {
		folder = cacheFolder();
		cacheFile = join(folder, \`\${NAME}-\${process.version}-\${process.arch}.v8\`);
		if (usableFolder(folder)) cachedData = readFileSync(cacheFile);
	} catch {
		// No cache yet.
	}
	const script = new vm.Script(\`(function (exports, require, module, __filename, __dirname) {\${source}\\n})\`, {filename: file, cachedData});
	const module = {exports: {}};
	script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
	loaded = module.exports;
	if (cacheFile && (!cachedData || script.cachedDataRejected)) {
		// Stored once the first frame is drawn (storeEarly), or at exit, so that the functions compiled
		// while running are in it too.
		let stored = false;
		const store = () => {
			if (stored) return;
			stored = true;
			try {
				// Not {recursive: true}: on Node 20 it loops forever under some paths (/proc/…).
				try {
					mkdirSync(folder, {mode: 0o700});
				} catch (error) {
					if (error?.code !== 'EEXIST') return;
				}
				if (!usableFolder(folder)) return;
				const temporary = \`\${cacheFile}.\${process.pid}.tmp\`;
				writeFileSync(temporary, script.createCachedData(), {mode: 0o600});
				renameSync(temporary, cacheFile);
			} catch {
				// A cache that cannot be written only costs speed.
			}
		};
		${storeEarly ? 'setTimeout(store, 1000).unref();' : '// At exit only.'}
		process.once('exit', store);
	}
	return loaded;
}
`;

const uiVendor = {
	name: 'ui-vendor',
	setup(pluginBuild) {
		const options = pluginBuild.initialOptions;
		let vendor;
		pluginBuild.onStart(async () => {
			vendor = undefined;
			if (!vendorPatchable()) {
				return {warnings: [{text: 'ink or yoga-layout changed: bundled as ES modules (no V8 code cache on Node 20)'}]};
			}
			vendor = await buildUiVendor({minify: options.minify, outdir: options.outdir, alias: options.alias});
		});
		const filter = new RegExp(`^(${Object.keys(VENDOR_MODULES).map((m) => m.replace('/', '\\/')).join('|')})$`);
		pluginBuild.onResolve({filter}, (args) => (vendor ? {path: args.path, namespace: 'ddb-ui-vendor'} : undefined));
		pluginBuild.onResolve({filter: new RegExp(`^${VENDOR_LOADER}$`)}, () => ({path: VENDOR_LOADER, namespace: 'ddb-ui-vendor-loader'}));
		pluginBuild.onLoad({filter: /.*/, namespace: 'ddb-ui-vendor-loader'}, () => ({contents: VENDOR_LOADER_SOURCE(vendor.name), loader: 'js', resolveDir: root}));
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
// the shared-ini loader) is most of what V8 compiles in `ddb-export check` (~37 ms of
// ~225 ms on Node 20). Like the Ink face, the clients and credential providers go into one CommonJS file,
// chunks/sdk-vendor-<hash>.cjs, run through vm.Script with V8's code cache. Each
// specifier is a getter that require()s its module: esbuild then wraps the SDK's modules
// in lazy initialisers, so a client's top-level code runs only once it is asked for, and
// the SDK's own import()s (credential providers → sts, sso, sso-oidc) resolve inside the
// file. In the ES bundle each specifier is a small module that re-exports from the file,
// so all SDK code (and every @smithy class) exists once.
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

/** Builds chunks/sdk-vendor-<hash>.cjs; returns its name and each module's export names. */
async function buildSdkVendor(options) {
	const result = await build({
		stdin: {contents: `module.exports = {\n${SDK_MODULES.map((m) => `\tget ${JSON.stringify(m)}() {\n\t\treturn require(${JSON.stringify(m)});\n\t},`).join('\n')}\n};\n`, resolveDir: root, loader: 'js'},
		...vendorBuildOptions(options),
	});
	// esbuild leaves import() of Node's built-ins (node:http, node:async_hooks) as is, and
	// code run by vm.Script has no import(): they become require(), which answers the same.
	const text = result.outputFiles[0].text.replace(/\bimport\(("node:[\w/]+")\)/g, 'Promise.resolve().then(()=>require($1))');
	if (/\bimport\(/.test(text)) throw new Error('sdk-vendor: an import() the vendor file cannot run is left in the AWS SDK');
	const code = Buffer.from(text);
	const name = `sdk-vendor-${createHash('sha256').update(code).digest('hex').slice(0, 12).toUpperCase()}.cjs`;
	const file = join(options.outdir, 'chunks', name);
	mkdirSync(dirname(file), {recursive: true});
	writeFileSync(file, code);
	const module = {exports: {}};
	new vm.Script(`(function (exports, require, module, __filename, __dirname) {${text}\n})`, {filename: file}).runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
	const names = Object.fromEntries(SDK_MODULES.map((specifier) => [specifier, Object.keys(module.exports[specifier])]));
	return {name, names};
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
		pluginBuild.onResolve({filter: new RegExp(`^${SDK_LOADER}$`)}, () => ({path: SDK_LOADER, namespace: 'ddb-sdk-vendor-loader'}));
		pluginBuild.onLoad({filter: /.*/, namespace: 'ddb-sdk-vendor-loader'}, () => ({contents: VENDOR_LOADER_SOURCE(vendor.name, 'sdkVendor', false), loader: 'js', resolveDir: root}));
		pluginBuild.onLoad({filter: /.*/, namespace: 'ddb-sdk-vendor'}, (args) => {
			const names = vendor.names[args.path].filter((n) => n !== 'default' && n !== '__esModule');
			return {
				resolveDir: root,
				loader: 'js',
				contents: `import {sdkVendor} from '${SDK_LOADER}';
export const {${names.join(', ')}} = sdkVendor()[${JSON.stringify(args.path)}];
`,
			};
		});
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
		plugins: [launcher, uiVendor, sdkVendor, yogaWithoutFetch, terminalWidth, inlined],
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
