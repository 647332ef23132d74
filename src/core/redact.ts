/**
 * Removes credentials from text that may reach a log or a message: bearer tokens, JWTs, SAS signatures,
 * account keys and client secrets. Service error messages sometimes echo request URLs, and those may carry SAS.
 */

const patterns: ReadonlyArray<readonly [RegExp, string]> = [
  [/(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, '$1<redacted>'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '<redacted-jwt>'],
  [/([?&](?:sig|se|skoid|sktid|skt|ske|sks|skv|saoid|suoid)=)[^&\s"']*/gi, '$1<redacted>'],
  [/((?:AccountKey|SharedAccessSignature|client_secret|access_token|refresh_token|password)\s*[=:]\s*"?)[^;&\s"']+/gi, '$1<redacted>'],
];

export function redactSecrets(text: string): string {
  return patterns.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}
