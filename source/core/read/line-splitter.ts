// Splits a stream of bytes into lines without holding more than one line (plus one
// chunk) at a time. A line longer than `maxBytes` is an error, not a reason to grow
// without bound: a DynamoDB item is at most 400 KB, so its line is far shorter.

export class LineTooLong extends Error {}

export async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxBytes = 16 * 1024 * 1024): AsyncGenerator<Buffer> {
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	for await (const data of chunks) {
		const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
		let start = 0;
		for (let newline = chunk.indexOf(0x0a, start); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
			let line = chunk.subarray(start, newline);
			if (pending.length > 0) {
				line = Buffer.concat([...pending, line]);
				pending = [];
				pendingBytes = 0;
			}
			start = newline + 1;
			yield line.at(-1) === 0x0d ? line.subarray(0, -1) : line;
		}
		if (start < chunk.length) {
			pending.push(chunk.subarray(start));
			pendingBytes += chunk.length - start;
			if (pendingBytes > maxBytes) throw new LineTooLong(`a line is longer than ${Math.round(maxBytes / 1024 / 1024)} MB (no newline): not an export's data file`);
		}
	}
	if (pending.length > 0) {
		const line = Buffer.concat(pending);
		yield line.at(-1) === 0x0d ? line.subarray(0, -1) : line;
	}
}
