// Keeps secrets out of --debug output. Every debug line goes through redactText()
// last, so a value that slipped past redactValue() is still caught by its shape.

const secretKeys = /^(secretaccesskey|secret_access_key|aws_secret_access_key|sessiontoken|session_token|aws_session_token|securitytoken|x-amz-security-token|authorization|signature|x-amz-signature|password|accesstoken|access_token|refreshtoken|refresh_token|clientsecret|client_secret|tokencode|credentials)$/i;
const accessKeyKeys = /^(accesskeyid|access_key_id|aws_access_key_id|x-amz-credential)$/i;

/** 'AKIAIOSFODNN7EXAMPLE' → 'AKIA…'. */
export function shortenAccessKeyId(id: string): string {
	return `${id.slice(0, 4)}…`;
}

/** A copy of a request/response shape safe to log: secrets replaced, access key ids shortened. */
export function redactValue(value: unknown, depth = 0): unknown {
	if (depth > 8) return '…';
	if (typeof value === 'string') return redactText(value);
	if (value === null || typeof value !== 'object') return value;
	if (value instanceof Date) return value.toISOString();
	if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
	if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
		if (secretKeys.test(key)) out[key] = v === undefined ? undefined : '[redacted]';
		else if (accessKeyKeys.test(key) && typeof v === 'string') out[key] = shortenAccessKeyId(v);
		else out[key] = redactValue(v, depth + 1);
	}
	return out;
}

/** Redacts secrets recognisable by their shape in free text. */
export function redactText(text: string): string {
	return (
		text
			// Authorization: AWS4-HMAC-SHA256 Credential=AKIA.../date/region/service/aws4_request, SignedHeaders=..., Signature=hex
			.replace(/AWS4-HMAC-SHA256\s+Credential=[^,\s"]*(?:,\s*SignedHeaders=[^,\s"]*)?(?:,\s*Signature=[0-9a-f]*)?/gi, 'AWS4-HMAC-SHA256 [redacted]')
			.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]')
			.replace(/(Signature|X-Amz-Signature)=([0-9a-f]{16,})/gi, '$1=[redacted]')
			.replace(/(X-Amz-Security-Token|X-Amz-Credential)=([^&\s"]+)/gi, '$1=[redacted]')
			.replace(/(Credential=)([A-Z0-9]{4})[A-Z0-9]+(\/[^,\s"]*)?/g, '$1$2…')
			// Access key ids anywhere, even glued to other text ('keyAKIA…', 'id=ASIA…').
			.replace(/(?:AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{12,}(?![A-Z0-9])/g, (id: string) => shortenAccessKeyId(id))
			// Session tokens by their fixed opening (base64 of the token's header).
			.replace(/(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+=]*/g, '[redacted]')
			// A secret access key's shape: 40 base64 characters mixing upper, lower case and digits.
			.replace(/(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, '[redacted]')
			// --password hunter2, --client-secret=…, -token "…": command-line flags that name a secret.
			.replace(/(?<![^\s"'=(])(--?[A-Za-z0-9_-]*(?:secret|password|passwd|token|credential|api-?key|private-?key)[A-Za-z0-9_-]*)(=|\s+)("[^"]*"|'[^']*'|[^\s"']+)/gi, '$1$2[redacted]')
			// key = value / "key": "value" pairs whose key names a secret
			.replace(
				/((?:aws_)?(?:secret_access_key|secretAccessKey|SecretAccessKey|session_token|sessionToken|SessionToken|security_token|x-amz-security-token|authorization|password|refresh_token|refreshToken|accessToken|access_token|client_secret|clientSecret))((?:\\*["'])?\s*[:=]\s*(?:\\*["'])?)([^"'\\\s,}]+)/gi,
				'$1$2[redacted]',
			)
	);
}
