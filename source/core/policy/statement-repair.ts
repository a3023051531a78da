// A statement of someone's policy that refuses the export for a reason its author did not
// mean, and the condition that narrows it: a Deny on a missing encryption header (multipart
// parts carry none) gets a `Null` guard; a Deny on the source network gets
// `aws:ViaAWSService = false`, so that the service's own writes are not caught. The rest of
// the statement, and of the policy, stays as written.

import type {ConditionBlock, PolicyDocument, Statement} from './types.js';

export interface StatementRepair {
	/** Index of the statement in the policy, and its Sid when it has one (checked on apply). */
	index: number;
	sid?: string;
	/** Condition operators and keys to add (AND-ed with the statement's own). */
	add: ConditionBlock;
	/** One sentence: why, for the notes. */
	why: string;
}

export const SSE_HEADER_KEY = 's3:x-amz-server-side-encryption';

/** Denies only requests that state an encryption, not those that carry no header (UploadPart). */
export function nullGuardRepair(index: number, sid: string | undefined): StatementRepair {
	return {
		index,
		sid,
		add: {Null: {[SSE_HEADER_KEY]: 'false'}},
		why: `${sid ? `"${sid}"` : `Statement #${index + 1}`} tests ${SSE_HEADER_KEY} with a negated operator, which also matches requests without the header (multipart UploadPart); the Null condition limits it to requests that state a wrong encryption.`,
	};
}

/** Leaves the writes AWS services make on the caller's behalf (the export's) out of a network condition. */
export function viaServiceRepair(index: number, sid: string | undefined, keys: string[]): StatementRepair {
	return {
		index,
		sid,
		add: {Bool: {'aws:ViaAWSService': 'false'}},
		why: `${sid ? `"${sid}"` : `Statement #${index + 1}`} tests ${keys.join(', ')}, which DynamoDB's writes do not come from; aws:ViaAWSService = false keeps the rule for requests people send themselves (unconfirmed in detail for exports).`,
	};
}

function withCondition(statement: Statement, add: ConditionBlock): Statement {
	const condition: ConditionBlock = {...(statement.Condition ?? {})};
	for (const [operator, keys] of Object.entries(add)) {
		const existing = Object.keys(condition).find((op) => op.toLowerCase() === operator.toLowerCase()) ?? operator;
		condition[existing] = {...(condition[existing] ?? {}), ...keys};
	}
	return {...statement, Condition: condition};
}

/** The policy with each repair applied to its statement (matched by index and Sid); the others untouched. */
export function applyRepairs(document: PolicyDocument, repairs: StatementRepair[]): {document: PolicyDocument; repaired: Statement[]} {
	const repaired: Statement[] = [];
	const statements = document.Statement.map((statement, index) => {
		const mine = repairs.filter((r) => r.index === index && r.sid === statement.Sid);
		if (!mine.length) return statement;
		const changed = mine.reduce((s, r) => withCondition(s, r.add), statement);
		repaired.push(changed);
		return changed;
	});
	return {document: {...document, Statement: statements}, repaired};
}
