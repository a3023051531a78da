// dist/THIRD-PARTY-NOTICES is made from esbuild's metafiles: these run the generator on a
// made-up node_modules, for the cases the real one does not show at every build.

import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
// @ts-expect-error: a build script, plain JavaScript without types.
import {writeThirdPartyNotices} from '../scripts/third-party-notices.mjs';

const root = mkdtempSync(join(tmpdir(), 'ddb-export-notices-'));
after(() => rmSync(root, {recursive: true, force: true}));

const APACHE = 'Apache License\n                           Version 2.0, January 2004\n\n(the rest of the text)';

function addPackage(path: string, manifest: Record<string, unknown>, files: Record<string, string>) {
	mkdirSync(join(root, path), {recursive: true});
	writeFileSync(join(root, path, 'package.json'), JSON.stringify(manifest));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(root, path, name), text);
}

function notices(inputs: string[], also: string[] = []): string {
	const file = join(root, 'NOTICES');
	writeThirdPartyNotices({root, file, metafiles: [{inputs: Object.fromEntries(inputs.map((i) => [i, {}]))}], also});
	return readFileSync(file, 'utf8');
}

describe('third-party notices', () => {
	addPackage('node_modules/@scope/a', {name: '@scope/a', version: '1.0.0', license: 'Apache-2.0'}, {LICENSE: APACHE, 'index.js': ''});
	addPackage('node_modules/b', {name: 'b', version: '2.0.0', license: 'Apache-2.0'}, {'LICENSE.txt': APACHE, 'index.js': ''});
	addPackage('node_modules/b/node_modules/c', {name: 'c', version: '0.1.0', license: 'MIT'}, {'index.js': '/**\n * Copyright (c) Example Corp.\n */\n'});
	addPackage('node_modules/d', {name: 'd', version: '1.0.0', license: 'MIT'}, {'licence.md': 'MIT Licence, Copyright D', 'data.json': '{}'});

	it('names every bundled package once, nested copies included, and shares identical texts', () => {
		const text = notices(['node_modules/@scope/a/index.js', 'node_modules/b/index.js', 'node_modules/b/node_modules/c/index.js', 'source/app.ts'], ['d']);
		assert.match(text, /the 4 packages below/);
		assert.match(text, /^@scope\/a@1\.0\.0 \(Apache-2\.0\)\nb@2\.0\.0 \(Apache-2\.0\)\n\nApache License/m, 'one copy of the shared text under both names');
		assert.equal(text.split('Version 2.0, January 2004').length, 2);
		assert.match(text, /^d@1\.0\.0 \(MIT\)\n\nMIT Licence, Copyright D/m, 'a package added with `also`');
	});

	it('gives a package without a licence file the standard text with its copyright lines', () => {
		const text = notices(['node_modules/b/node_modules/c/index.js']);
		assert.match(text, /^c@0\.1\.0 \(MIT\)\n\nMIT License\n\nCopyright \(c\) Example Corp\.\n\nPermission is hereby granted/m);
	});

	it('stops the build for a GPL package, or one with no licence text it can supply', () => {
		addPackage('node_modules/e', {name: 'e', version: '1.0.0', license: 'GPL-3.0'}, {LICENSE: 'GNU GENERAL PUBLIC LICENSE', 'index.js': ''});
		assert.throws(() => notices(['node_modules/e/index.js']), /e \(GPL-3\.0\) cannot be bundled/);
		addPackage('node_modules/f', {name: 'f', version: '1.0.0', license: 'BSD-3-Clause'}, {'index.js': ''});
		assert.throws(() => notices(['node_modules/f/index.js']), /f ships no licence file and names BSD-3-Clause/);
	});
});
