/**
 * Removes credentials from text that may reach a log or a message: bearer tokens, JWTs, SAS signatures,
 * account keys and client secrets. Service error messages sometimes echo request URLs, and those may carry SAS.
 */

/** Characters of a bearer token / opaque credential. */
const tokenChars = String.raw`A-Za-z0-9\-._~+/`;
/** Key names whose value is a secret, in `key=value`, `key: value` and JSON `"key":"value"` spellings. */
const secretKeys = String.raw`account_?key|shared_?access_?(?:signature|key)|client_?secret|access_?token|refresh_?token|id_?token|password|secret`;
/** SAS query parameters that are (or sign) the credential. */
const sasParams = 'sig|se|skoid|sktid|skt|ske|sks|skv|saoid|suoid';

const patterns: ReadonlyArray<readonly [RegExp, string | ((...groups: string[]) => string)]> = [
  // `Bearer <token>` (also URL-encoded `bearer%20…`), but only something that looks like a token: long, JWT-like, or
  // with digits/inner punctuation. Prose such as the SDK's "Bearer token authentication is not permitted…" stays readable.
  [new RegExp(String.raw`(\bBearer(?:\s+|%20|\+))(?:(?=[${tokenChars}]{20})|(?=eyJ)|(?=[${tokenChars}]{6})(?=[A-Za-z]*(?:[0-9\-_~+/]|\.[A-Za-z0-9])))[${tokenChars}]+=*`, 'gi'), '$1<redacted>'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '<redacted-jwt>'],
  // SAS parameters: after `?`/`&`, their URL-encoded forms (`%3F`, `%26`, `sig%3D`), or at the start of a word.
  [new RegExp(String.raw`((?:^|[?&\s;,"'(]|%3F|%26)(?:${sasParams})(?:=|%3D))(?:(?!%26)[^&\s"'])*`, 'gi'), '$1<redacted>'],
  // Storage Shared Key authorization: `SharedKey account:signature`.
  [/(\bSharedKey(?:Lite)?\s+[^\s:]+:)[A-Za-z0-9+/=]+/gi, '$1<redacted>'],
  // key=value, key: value, "key":"value" (quoted values may hold spaces; the quotes are kept).
  [
    new RegExp(String.raw`(\b(?:${secretKeys})["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^;&\s"',}]+)`, 'gi'),
    (_match: string, key: string, value: string) => `${key}${/^["']/.test(value) ? `${value[0]}<redacted>${value[0]}` : '<redacted>'}`,
  ],
  // A bare storage account key (or any long base64 secret ending in `==`), e.g. echoed in a header dump.
  [/(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{64,}==(?![A-Za-z0-9+/=])/g, '<redacted-key>'],
];

export function redactSecrets(text: string): string {
  return patterns.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement as string), text);
}
