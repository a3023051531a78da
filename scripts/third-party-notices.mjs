// dist/THIRD-PARTY-NOTICES: the licence texts of every package whose code is in dist/.
// The bundles keep no comments, and the published package has no node_modules, so this
// file is where those licences travel with the code. The list comes from esbuild's own
// metafiles (every input file of every bundle), not from node_modules or package.json:
// it names exactly what was bundled, tree-shaking included, and nothing else.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join, sep} from 'node:path';

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$|^(licen[cs]e|copying)[-.]/i;

/** Each package folder (relative to root) the metafiles' inputs come from, with those inputs. */
export function bundledPackageFolders(metafiles) {
	const folders = new Map();
	for (const metafile of metafiles) {
		for (const input of Object.keys(metafile.inputs)) {
			const path = input.split('/').join(sep);
			const at = path.lastIndexOf(`node_modules${sep}`);
			if (at === -1) continue;
			const parts = path.slice(at).split(sep);
			const folder = path.slice(0, at) + parts.slice(0, parts[1].startsWith('@') ? 3 : 2).join(sep);
			folders.set(folder, [...(folders.get(folder) ?? []), path]);
		}
	}
	return folders;
}

// The MIT licence's standard text, for a package that names MIT but ships no licence file
// (yoga-layout): its copyright lines come from the headers of its bundled files.
const MIT_TEXT = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

/** The copyright lines in the first lines of a package's bundled files. */
function copyrightLines(root, inputs) {
	const lines = new Set();
	for (const input of inputs) {
		const head = readFileSync(join(root, input), 'utf8').slice(0, 2000);
		for (const m of head.matchAll(/^[\s/*#]*(Copyright\b.*?)\s*$/gim)) lines.add(m[1]);
	}
	return [...lines];
}

function packageNotice(root, folder, inputs) {
	const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
	const licence = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN');
	const files = readdirSync(join(root, folder))
		.filter((name) => LICENCE_FILE.test(name))
		.sort();
	const text = files.map((name) => readFileSync(join(root, folder, name), 'utf8').replace(/\r\n/g, '\n').trim()).join('\n\n');
	return {name: manifest.name, version: manifest.version, licence, text, copyrights: text ? [] : copyrightLines(root, inputs)};
}

/** The licence text for a package that ships none: the standard text of the licence it names. */
function standardText(notice, notices) {
	if (notice.licence === 'MIT') return `MIT License\n\n${notice.copyrights.join('\n') || `Copyright (c) the authors of ${notice.name}`}\n\n${MIT_TEXT}`;
	// The Apache licence text has no holder in it: another bundled package's copy is the text.
	const apache = notices.find((n) => n.licence === 'Apache-2.0' && /^\s*Apache License\s+Version 2\.0, January 2004/.test(n.text));
	if (notice.licence === 'Apache-2.0' && apache) return `${notice.copyrights.join('\n')}\n\n${apache.text}`.trim();
	throw new Error(`third-party notices: ${notice.name} ships no licence file and names ${notice.licence}; add its text to scripts/third-party-notices.mjs`);
}

/**
 * Writes the notices file; returns the packages it names. Packages whose licence texts are
 * identical (the AWS SDK's are one Apache-2.0 text) share one copy of it. `also` names
 * packages bundled in a way the metafiles do not show (a module built from a package's data).
 * A bundled package under a licence that is not allowed stops the build.
 */
export function writeThirdPartyNotices({root, file, metafiles, also = []}) {
	const folders = bundledPackageFolders(metafiles);
	for (const name of also) folders.set(join('node_modules', name), folders.get(join('node_modules', name)) ?? []);
	const notices = [...folders].filter(([folder]) => existsSync(join(root, folder, 'package.json'))).map(([folder, inputs]) => packageNotice(root, folder, inputs));
	const refused = notices.filter((n) => /\b(A?GPL|SSPL)\b/i.test(n.licence) && !/\bOR\b/.test(n.licence));
	if (refused.length > 0) throw new Error(`third-party notices: ${refused.map((n) => `${n.name} (${n.licence})`).join(', ')} cannot be bundled`);
	const byText = new Map();
	for (const notice of notices.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))) {
		const key = notice.text || standardText(notice, notices);
		byText.set(key, [...(byText.get(key) ?? []), notice]);
	}
	const sections = [...byText].map(([text, group]) => `${group.map((n) => `${n.name}@${n.version} (${n.licence})`).join('\n')}\n\n${text}\n`);
	const unique = new Set(notices.map((n) => `${n.name}@${n.version}`));
	const header = `ddb-export bundles the code of the ${unique.size} packages below into dist/. Their licences follow;
packages that ship the same licence text are listed together above one copy of it. For a
package that ships no licence file, the standard text of the licence its package.json names
follows the copyright lines of its files.
`;
	writeFileSync(file, `${header}\n${sections.join(`\n${'-'.repeat(78)}\n\n`)}`);
	return notices;
}
