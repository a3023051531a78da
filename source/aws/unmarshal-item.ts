// DynamoDB JSON ({"a": {"S": "x"}, "n": {"N": "12345678901234567890123456789012345678"}})
// to plain values with the SDK's own unmarshall, so every type is read as the SDK reads
// it: SS/NS/BS → Set, B → bytes, NULL → null, M/L nested. Numbers are wrapped as
// ExactNumber (their digits), never made doubles: 38 digits do not fit in one. The SDK
// package is loaded with import(), as every SDK package here is (nothing before it is needed).

import {ExactNumber} from '../core/read/exact-number.js';
import type {Unmarshal} from '../core/read/export-record.js';
import type {PlainValue} from '../core/read/plain-json.js';

export async function loadUnmarshal(): Promise<Unmarshal> {
	const {unmarshall} = await import('@aws-sdk/util-dynamodb');
	return (image) => unmarshall(image as Parameters<typeof unmarshall>[0], {wrapNumbers: (digits: string) => new ExactNumber(digits)}) as Record<string, PlainValue>;
}
