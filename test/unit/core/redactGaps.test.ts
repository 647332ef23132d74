import * as assert from 'node:assert/strict';
import { redactSecrets } from '../../../src/core/redact';

const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

function hides(text: string, secret: string, keep?: RegExp): string {
  const out = redactSecrets(text);
  assert.ok(!out.includes(secret), `${secret} survived in: ${out}`);
  if (keep) assert.match(out, keep);
  return out;
}

describe('redactSecrets: the gaps found in review', () => {
  it('URL-encoded SAS signatures (sig%3D inside an encoded URL)', () => {
    hides('Upload to https://acct.blob.core.windows.net/c/b%3Fsv%3D2021%26sig%3DSECRETSIG1%26sp%3Dr failed', 'SECRETSIG1', /sp%3Dr failed/);
  });

  it('a bare sig= at the start of the text or of a word', () => {
    hides('sig=LEADINGSECRET&sv=1', 'LEADINGSECRET', /sv=1/);
    hides('token sig=BARESECRETSIG&sv=2021', 'BARESECRETSIG', /sv=2021/);
  });

  it('JSON-quoted and camelCase secret keys', () => {
    hides('{"client_secret":"emulator-secret-for-local-tests-only"}', 'emulator-secret', /"client_secret":"<redacted>"/);
    hides(`{"accountKey":"${accountKey}","name":"x"}`, accountKey.slice(0, 20), /"name":"x"/);
    hides('{"accessToken":"abc123opaque"}', 'abc123opaque');
    hides('clientSecret: emulator-secret-for-local-tests-only', 'emulator-secret');
    hides("refreshToken='r3fr3sh'", 'r3fr3sh');
    hides('password: "hunter2 with spaces"', 'hunter2');
  });

  it('bare base64 account keys (64+ base64 characters ending in ==)', () => {
    hides(`storage key ${accountKey} rejected`, accountKey.slice(10, 40), /storage key .* rejected/);
    hides(`x-ms-encryption-key: ${accountKey}`, accountKey.slice(10, 40));
    // Short base64 and ordinary identifiers are not keys.
    assert.equal(redactSecrets('etag "0x8DC=="; id abc=='), 'etag "0x8DC=="; id abc==');
  });

  it('Shared Key authorization headers', () => {
    hides('Authorization: SharedKey devstoreaccount1:kH3GpG7yP1s8n5Hn7rIYc9k2c4UjJ0sU3sH5xB3c9rE=', 'kH3GpG7yP1s8', /SharedKey devstoreaccount1:<redacted>/);
  });

  it('URL-encoded bearer tokens', () => {
    hides('authorization=bearer%20eyJhbGciOi', 'eyJhbGciOi');
    hides('Authorization: Bearer abc.def123', 'abc.def123');
  });

  it("keeps the SDK's prose about Bearer authentication readable", () => {
    const sdk = 'Bearer token authentication is not permitted for non-TLS protected (non-https) URLs.';
    assert.equal(redactSecrets(sdk), sdk);
    assert.equal(redactSecrets('The service expects a Bearer token.'), 'The service expects a Bearer token.');
  });

  it('stays linear on long hostile input', () => {
    const started = Date.now();
    redactSecrets(`${'A'.repeat(200_000)} ${'Bearer '.repeat(20_000)} ${'sig%3D'.repeat(20_000)}`);
    assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`);
  });
});
