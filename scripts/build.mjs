// Bundles cli.tsx into dist/ with esbuild. A bundle starts about twice as fast as
// unbundled tsc output (Ink alone is ~540 ESM files), see shared/STACK-NOTES.md.
// The AWS SDK is reached only through dynamic import(), so with code splitting it
// lands in its own chunks and is loaded after the first frame.
import {build} from 'esbuild';
import {statSync, readdirSync, existsSync, rmSync} from 'node:fs';
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
	target: 'node20',
	outdir: join(root, 'dist'),
	chunkNames: 'chunks/[name]-[hash]',
	minify: true,
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
});
