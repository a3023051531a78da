// Whether this run is in CI, by the rule Ink itself uses (the is-in-ci package): CI or
// CONTINUOUS_INTEGRATION set to anything but "0" or "false". So CI=false, which some
// people export to say "not CI", leaves the questions on.

export function isInCi(env: NodeJS.ProcessEnv = process.env): boolean {
	const set = (name: string) => name in env && env[name] !== '0' && env[name] !== 'false';
	return set('CI') || set('CONTINUOUS_INTEGRATION');
}
