// The evaluator's public face: one policy (evaluate-policy.ts) and policies combined the way
// AWS combines them (evaluate-access.ts).

export {evaluatePolicy, type EvaluateOptions} from './evaluate-policy.js';
export {evaluateAccess, evaluateKeyPolicyAccess, type AccessDecision} from './evaluate-access.js';
