// Ion text, as DynamoDB writes it (each line "$ion_1_0 {Item:{…}}"), read with ion-js into
// the same plain values as DynamoDB JSON unmarshalled: decimal and int → the number's
// digits, blob → bytes, lists annotated $dynamodb_SS / _NS / _BS → sets (arrays), list →
// array, struct → map, any null → null.

import {makeReader, IonTypes, type IonType, type Reader} from 'ion-js';
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

function digitsOf(reader: Reader, type: IonType): string {
	if (type === IonTypes.INT) return String(reader.bigIntValue());
	if (type === IonTypes.FLOAT) return String(reader.numberValue());
	const decimal = reader.decimalValue()!;
	const coefficient = decimal.getCoefficient();
	return decimalText(decimal.isNegative(), String(coefficient < 0n ? -coefficient : coefficient), decimal.getExponent());
}

/** The value under the reader as DynamoDB JSON ({"S": …}, {"N": …}, {"SS": […]}…), by AWS's Ion mapping read backwards. */
function attributeValueAt(reader: Reader): Record<string, unknown> {
	const type = reader.type();
	if (type === null || reader.isNull()) return {NULL: true};
	switch (type) {
		case IonTypes.BOOL:
			return {BOOL: reader.booleanValue()};
		case IonTypes.INT:
		case IonTypes.DECIMAL:
		case IonTypes.FLOAT:
			return {N: digitsOf(reader, type)};
		case IonTypes.STRING:
		case IonTypes.SYMBOL:
			return {S: reader.stringValue()};
		case IonTypes.TIMESTAMP:
			return {S: reader.timestampValue()!.toString()};
		case IonTypes.BLOB:
		case IonTypes.CLOB:
			return {B: Buffer.from(reader.uInt8ArrayValue()!).toString('base64')};
		case IonTypes.STRUCT:
			return {M: membersAt(reader)};
		default: {
			const set = reader.annotations().find((a) => /^\$dynamodb_(SS|NS|BS)$/.test(a))?.slice(-2);
			const members: Record<string, unknown>[] = [];
			reader.stepIn();
			while (reader.next() !== null) members.push(attributeValueAt(reader));
			reader.stepOut();
			if (set) return {[set]: members.map((m) => Object.values(m)[0])};
			return {L: members};
		}
	}
}

function membersAt(reader: Reader): Record<string, unknown> {
	const map: Record<string, unknown> = {};
	reader.stepIn();
	while (reader.next() !== null) map[reader.fieldName()!] = attributeValueAt(reader);
	reader.stepOut();
	return map;
}

/**
 * The records of one Ion line in DynamoDB JSON's shape ({Item: {pk: {S: …}}}, or
 * {Keys: …, NewImage: …}), types kept (a set stays a set), for code that reads the types.
 */
export function ionRecordsAsDynamoDbJson(text: string): Record<string, Record<string, unknown>>[] {
	const reader = makeReader(text);
	const records: Record<string, Record<string, unknown>>[] = [];
	for (let type = reader.next(); type !== null; type = reader.next()) {
		if (type !== IonTypes.STRUCT || reader.isNull()) throw new Error(`a top-level ${type.name} where an item's struct belongs`);
		const record: Record<string, Record<string, unknown>> = {};
		reader.stepIn();
		while (reader.next() !== null) {
			if (reader.type() === IonTypes.STRUCT && !reader.isNull()) record[reader.fieldName()!] = membersAt(reader);
		}
		reader.stepOut();
		records.push(record);
	}
	return records;
}
