// dist/cli.js: runs the product file (chunks/app-<hash>.cjs) from its code cache. The
// build bundles this file into a small CommonJS launcher and names the product file.

import {join} from 'node:path';
import {cacheFlavour, storesEarly} from './cache-flavour.js';
import {runCachedScript} from './cached-script.js';

export function launch(distFolder: string, productFile: string): void {
	runCachedScript(join(distFolder, 'chunks', productFile), storesEarly(cacheFlavour(process.argv.slice(2))));
}
