// Ion text, as DynamoDB writes it (each line "$ion_1_0 {Item:{…}}"), read with ion-js into
// the same plain values as DynamoDB JSON unmarshalled: decimal and int → the number's
// digits, blob → bytes, lists annotated $dynamodb_SS / _NS / _BS → sets (arrays), list →
// array, struct → map, any null → null.

import {makeReader, IonTypes, type Reader} from 'ion-js';
import {decimalText, ExactNumber} from './exact-number.js';
import type {PlainValue} from './plain-json.js';

function plainValueAt(reader: Reader): PlainValue {
	const type = reader.type();
	if (type === null || reader.isNull()) return null;
	switch (type) {
		case IonTypes.BOOL:
			return reader.booleanValue();
		case IonTypes.INT:
			return new ExactNumber(String(reader.bigIntValue()));
		case IonTypes.DECIMAL: {
			const decimal = reader.decimalValue()!;
			const coefficient = decimal.getCoefficient();
			const negative = decimal.isNegative();
			return new ExactNumber(decimalText(negative, String(coefficient < 0n ? -coefficient : coefficient), decimal.getExponent()));
		}
		case IonTypes.FLOAT: {
			const number = reader.numberValue()!;
			return Number.isFinite(number) ? new ExactNumber(String(number)) : String(number);
		}
		case IonTypes.STRING:
		case IonTypes.SYMBOL:
			return reader.stringValue();
		case IonTypes.TIMESTAMP:
			return reader.timestampValue()!.toString();
		case IonTypes.BLOB:
		case IonTypes.CLOB:
			return reader.uInt8ArrayValue();
		case IonTypes.STRUCT: {
			const map: Record<string, PlainValue> = {};
			reader.stepIn();
			while (reader.next() !== null) map[reader.fieldName()!] = plainValueAt(reader);
			reader.stepOut();
			return map;
		}
		default: {
			// list and sexp; a set's annotation ($dynamodb_SS…) only says which kind of set.
			const list: PlainValue[] = [];
			reader.stepIn();
			while (reader.next() !== null) list.push(plainValueAt(reader));
			reader.stepOut();
			return list;
		}
	}
}

/** The top-level structs of one Ion text (one line of a data file); the version marker is not a value. */
export function ionStructs(text: string): Record<string, PlainValue>[] {
	const reader = makeReader(text);
	const structs: Record<string, PlainValue>[] = [];
	for (let type = reader.next(); type !== null; type = reader.next()) {
		if (type !== IonTypes.STRUCT || reader.isNull()) throw new Error(`a top-level ${type.name} where an item's struct belongs`);
		structs.push(plainValueAt(reader) as Record<string, PlainValue>);
	}
	return structs;
}

/** How many top-level structs one Ion text holds, read with ion-js but not turned into values. */
export function countIonStructs(text: string): number {
	const reader = makeReader(text);
	let count = 0;
	for (let type = reader.next(); type !== null; type = reader.next()) {
		if (type !== IonTypes.STRUCT || reader.isNull()) throw new Error(`a top-level ${type.name} where an item's struct belongs`);
		count++;
	}
	return count;
}
