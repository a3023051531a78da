// Policy generation for an export plan: the statements (export-statements.ts) and the
// snippets built from them for the people who must apply them (snippets.ts).

export {
	POLICY_VERSION,
	bucketPolicyStatement,
	callerIdentityPolicy,
	callerIdentityStatements,
	exportKeyArn,
	keyPolicyCallerStatement,
	keyPolicyReaderStatement,
	parseKeyArn,
	type PolicyInput,
} from './export-statements.js';
export {INLINE_POLICY_NAME, buildSnippets, relevantSnippetIds, type Snippet, type SnippetId, type SnippetInput} from './snippets.js';
