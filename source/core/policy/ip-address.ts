// IPv4 and IPv6 addresses and CIDR blocks for the IpAddress / NotIpAddress condition operators.

interface Cidr {
	version: 4 | 6;
	network: bigint;
	prefix: number;
}

function parseIpv4(text: string): bigint | undefined {
	const parts = text.split('.');
	if (parts.length !== 4) return undefined;
	let value = 0n;
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part)) return undefined;
		const n = Number(part);
		if (n > 255) return undefined;
		value = (value << 8n) | BigInt(n);
	}
	return value;
}

function parseIpv6(text: string): bigint | undefined {
	let address = text;
	// An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
	const v4Tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
	if (v4Tail) {
		const v4 = parseIpv4(v4Tail[1]!);
		if (v4 === undefined) return undefined;
		address = `${address.slice(0, v4Tail.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
	}
	const halves = address.split('::');
	if (halves.length > 2) return undefined;
	const head = halves[0] ? halves[0].split(':') : [];
	const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
	const missing = 8 - head.length - tail.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
	let value = 0n;
	for (const group of groups) {
		if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
		value = (value << 16n) | BigInt(Number.parseInt(group, 16));
	}
	return value;
}

export function parseCidr(text: string): Cidr | undefined {
	const [address, prefixText, extra] = text.trim().split('/');
	if (address === undefined || extra !== undefined) return undefined;
	const version: 4 | 6 = address.includes(':') ? 6 : 4;
	const value = version === 4 ? parseIpv4(address) : parseIpv6(address);
	if (value === undefined) return undefined;
	const bits = version === 4 ? 32 : 128;
	let prefix = bits;
	if (prefixText !== undefined) {
		if (!/^\d{1,3}$/.test(prefixText)) return undefined;
		prefix = Number(prefixText);
		if (prefix > bits) return undefined;
	}
	const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
	return {version, network: value & mask, prefix};
}

/** Is the address inside the block? Different IP versions never match. */
export function ipInCidr(ip: string, block: string): boolean | undefined {
	const address = parseCidr(ip);
	const cidr = parseCidr(block);
	if (!address || !cidr) return undefined;
	if (address.version !== cidr.version) return false;
	const bits = cidr.version === 4 ? 32 : 128;
	const mask = cidr.prefix === 0 ? 0n : ((1n << BigInt(cidr.prefix)) - 1n) << BigInt(bits - cidr.prefix);
	return (address.network & mask) === cidr.network;
}
