import * as assert from 'node:assert/strict';
import { redactSecrets } from '../../../src/core/redact';

describe('redactSecrets', () => {
  it('removes SAS signatures but keeps the rest of the URL readable', () => {
    const url = 'https://acct.blob.core.windows.net/c/p?sv=2021-08-06&sr=c&sp=rl&se=2030-01-01&sig=AbC%2Fdef%3D';
    const out = redactSecrets(`Failed to read ${url}`);
    assert.ok(!out.includes('AbC%2Fdef'));
    assert.match(out, /sr=c&sp=rl/);
  });

  it('removes bearer tokens, JWTs, account keys and client secrets', () => {
    const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2lnbmF0dXJl';
    const out = redactSecrets(`Authorization: Bearer ${jwt}; token ${jwt}; AccountKey=abc123==; client_secret=s3cr3t`);
    assert.ok(!out.includes('c2lnbmF0dXJl'));
    assert.ok(!out.includes('abc123'));
    assert.ok(!out.includes('s3cr3t'));
  });

  it('leaves ordinary text alone', () => {
    assert.equal(redactSecrets("Model 'churn' version 3 was not found."), "Model 'churn' version 3 was not found.");
  });
});
