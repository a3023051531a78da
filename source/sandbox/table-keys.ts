// The primary key of each sandbox table, matching the items export-files.ts generates
// for it (orders by orderId, customers by customerId, any other table by pk and sk),
// so that DescribeTable and the exported items agree as they do on AWS.

export interface SandboxKey {
	attributeName: string;
	keyType: 'HASH' | 'RANGE';
	attributeType: 'S' | 'N' | 'B';
}

export function sandboxTableKey(tableName: string): SandboxKey[] {
	if (tableName === 'orders') return [{attributeName: 'orderId', keyType: 'HASH', attributeType: 'S'}];
	if (tableName === 'customers') return [{attributeName: 'customerId', keyType: 'HASH', attributeType: 'S'}];
	return [
		{attributeName: 'pk', keyType: 'HASH', attributeType: 'S'},
		{attributeName: 'sk', keyType: 'RANGE', attributeType: 'S'},
	];
}
