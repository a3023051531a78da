// DynamoDB JSON ({"a": {"S": "x"}, "n": {"N": "12345678901234567890123456789012345678"}})
// to plain values with the SDK's own unmarshall, so every type is read as the SDK reads
// it: SS/NS/BS → Set, B → bytes, NULL → null, M/L nested. Numbers are wrapped as
// ExactNumber (their digits), never made doubles: 38 digits do not fit in one.

import {unmarshall} from '@aws-sdk/util-dynamodb';
import {ExactNumber} from '../core/read/exact-number.js';
import type {Unmarshal} from '../core/read/export-record.js';
import type {PlainValue} from '../core/read/plain-json.js';

export const unmarshalItem: Unmarshal = (image) =>
	unmarshall(image as Parameters<typeof unmarshall>[0], {wrapNumbers: (digits: string) => new ExactNumber(digits)}) as Record<string, PlainValue>;
