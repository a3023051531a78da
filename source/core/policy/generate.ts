// Policy generation for an export plan: the statements (export-statements.ts) and the
// snippets built from them for the people who must apply them (snippets.ts).

export {bucketPolicyStatement, callerIdentityPolicy, keyPolicyCallerStatement, keyPolicyReaderStatement} from './export-statements.js';
export {INLINE_POLICY_NAME, buildSnippets, type Snippet, type SnippetId, type SnippetInput} from './snippets.js';
