// Where the V8 code caches live: the user's own cache folder, never the shared temp
// folder (another local user could plant a folder or a symlink there, and a reboot
// wipes it). A cached file is run as code, so its folder must be one only this user
// can write to.

import {join, isAbsolute} from 'node:path';

export interface CachePlace {
	/** The folder the tool creates if missing (mode 0700) and keeps its caches in. */
	folder: string;
	/** The folder above it: the user's cache folder, created (0700) if it is missing. */
	parent: string;
}

export interface Surroundings {
	env: Record<string, string | undefined>;
	platform: NodeJS.Platform;
	/** The user's home folder, if known. */
	home: string | undefined;
}

const NAME = 'ddb-export';

/**
 * $XDG_CACHE_HOME/ddb-export (an absolute XDG_CACHE_HOME only, as the XDG spec says),
 * else ~/.cache/ddb-export, ~/Library/Caches/ddb-export on macOS, and
 * %LOCALAPPDATA%\ddb-export on Windows. Undefined when there is no home to put it in.
 */
export function cachePlace({env, platform, home}: Surroundings): CachePlace | undefined {
	const within = (parent: string | undefined) => (parent && isAbsolute(parent) ? {parent, folder: join(parent, NAME)} : undefined);
	if (platform === 'win32') return within(env.LOCALAPPDATA) ?? (home ? within(join(home, 'AppData', 'Local')) : undefined);
	const xdg = within(env.XDG_CACHE_HOME);
	if (xdg) return xdg;
	if (!home || !isAbsolute(home)) return undefined;
	return within(platform === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache'));
}
