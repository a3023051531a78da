// The shape of a table's items, learned from the key schema and a sample of items in
// DynamoDB JSON ({"S": …}, {"N": …}, {"M": {…}}, …): for each attribute, every type seen
// (one attribute may hold a string in one item and a number in another), nested
// through maps and lists. Athena's column types are rendered from it.

import type {AttributeDefinition, KeySchemaElement} from '../ports.js';

/** Every DynamoDB type seen at one place, with what is inside maps and lists. */
export interface Shape {
	types: Set<string>;
	/** For M: the fields seen in the maps, in first-seen order. */
	fields?: Map<string, Shape>;
	/** For L: the shape of the elements. */
	element?: Shape;
}

const SCALARS = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS']);
/** Deeper than this, a map or list is not described (the sample is a guide, not a schema). */
const MAX_DEPTH = 8;

function emptyShape(): Shape {
	return {types: new Set()};
}

function addValue(shape: Shape, value: unknown, depth: number): void {
	if (typeof value !== 'object' || value === null) return;
	for (const [type, inner] of Object.entries(value)) {
		if (SCALARS.has(type)) shape.types.add(type);
		else if (type === 'M' && depth < MAX_DEPTH && typeof inner === 'object' && inner !== null) {
			shape.types.add('M');
			shape.fields ??= new Map();
			addFields(shape.fields, inner as Record<string, unknown>, depth + 1);
		} else if (type === 'L' && depth < MAX_DEPTH && Array.isArray(inner)) {
			shape.types.add('L');
			shape.element ??= emptyShape();
			for (const element of inner) addValue(shape.element, element, depth + 1);
		}
	}
}

function addFields(fields: Map<string, Shape>, item: Record<string, unknown>, depth: number): void {
	for (const [name, value] of Object.entries(item)) {
		let shape = fields.get(name);
		if (!shape) {
			shape = emptyShape();
			fields.set(name, shape);
		}
		addValue(shape, value, depth);
	}
}

/**
 * The attributes of the items: the key attributes first (partition key, sort key), with
 * their declared types, then every attribute of the sample in first-seen order.
 */
export function itemShape(keySchema: KeySchemaElement[], definitions: AttributeDefinition[], sample: Record<string, unknown>[] = []): Map<string, Shape> {
	const fields = new Map<string, Shape>();
	const ordered = [...keySchema].sort((a, b) => (a.keyType === 'HASH' ? 0 : 1) - (b.keyType === 'HASH' ? 0 : 1));
	for (const key of ordered) {
		const type = definitions.find((d) => d.attributeName === key.attributeName)?.attributeType;
		fields.set(key.attributeName, {types: new Set(type ? [type] : [])});
	}
	for (const item of sample) addFields(fields, item, 0);
	return fields;
}
