import * as assert from 'node:assert/strict';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { InventoryError } from '../../../src/core/errors';
import { restErrorFromResponse } from '../../../src/azure/armRequest';
import { toInventoryError } from '../../../src/azure/errorMapping';

const context = { action: "read model 'churn'" };

/** The MFE 404 body recorded in azure-recordings/test_model.pyTestModeltest_crud_file.json. */
const recordedNotFound = {
  error: {
    code: 'UserError', message: 'The specified resource was not found.',
    details: [{ code: 'ModelNotFound', message: 'Model container with name: test_907403507619 not found.', details: [], additionalInfo: [] }],
    additionalInfo: [{ type: 'ComponentName', info: { value: 'managementfrontend' } }],
  },
};

function restError(status: number, body: unknown, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: 'https://arm.test/subscriptions/s/models?api-version=1&sig=SECRET' });
  return restErrorFromResponse({ request, status, headers: createHttpHeaders({ 'x-ms-request-id': 'rid-1', ...headers }), bodyAsText: JSON.stringify(body) });
}

describe('error mapping', () => {
  it('maps the recorded 404 to notFound with the inner code and the request id', () => {
    const e = toInventoryError(restError(404, recordedNotFound), context);
    assert.equal(e.kind, 'notFound');
    assert.deepEqual(e.details, { statusCode: 404, code: 'ModelNotFound', requestId: 'rid-1' });
    assert.match(e.message, /read model 'churn'.*not found.*ModelNotFound.*refresh/);
  });

  it('maps status codes to kinds', () => {
    const cases: Array<[number, string]> = [[401, 'notSignedIn'], [403, 'forbidden'], [409, 'conflict'], [429, 'throttled'], [400, 'validation'], [500, 'service'], [503, 'service']];
    for (const [status, kind] of cases) {
      const e = toInventoryError(restError(status, { error: { code: `Code${status}`, message: 'm' } }), context);
      assert.equal(e.kind, kind, String(status));
      assert.equal(e.details.code, `Code${status}`);
    }
  });

  it('uses the outer code when there is no inner one and keeps actionable wording', () => {
    const e = toInventoryError(restError(403, { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization.' } }), context);
    assert.equal(e.details.code, 'AuthorizationFailed');
    assert.match(e.message, /permission to read model 'churn'.*role/);
  });

  it('mentions Retry-After for throttling', () => {
    const e = toInventoryError(restError(429, { error: { code: 'TooManyRequests', message: 'x' } }, { 'retry-after': '17' }), context);
    assert.match(e.message, /Wait 17 s/);
  });

  it('survives non-JSON bodies', () => {
    const request = createPipelineRequest({ url: 'https://arm.test/x' });
    const e = toInventoryError(restErrorFromResponse({ request, status: 502, headers: createHttpHeaders(), bodyAsText: '<html>Bad gateway</html>' }), context);
    assert.equal(e.kind, 'service');
    assert.equal(e.details.statusCode, 502);
  });

  it('never leaks tokens or SAS from service messages', () => {
    const e = toInventoryError(restError(400, { error: { code: 'UserError', message: 'Bad url https://a.blob.core.windows.net/c?sv=1&sig=TOPSECRET with Bearer abc.def.ghi' } }), context);
    assert.ok(!e.message.includes('TOPSECRET'));
    assert.ok(!e.message.includes('abc.def.ghi'));
  });

  it('maps aborts to cancelled, whatever error the abort produced', () => {
    const abort = new Error('The operation was aborted.');
    abort.name = 'AbortError';
    assert.equal(toInventoryError(abort, context).kind, 'cancelled');
    const controller = new AbortController();
    controller.abort();
    assert.equal(toInventoryError(new RestError('socket closed', { code: 'REQUEST_SEND_ERROR' }), { ...context, abortSignal: controller.signal }).kind, 'cancelled');
  });

  it('maps socket and TLS failures to network with the host, not the query string', () => {
    const request = createPipelineRequest({ url: 'https://arm.test/subscriptions?sig=SECRET' });
    const refused = toInventoryError(new RestError('connect ECONNREFUSED', { code: 'ECONNREFUSED', request }), context);
    assert.equal(refused.kind, 'network');
    assert.match(refused.message, /arm\.test.*ECONNREFUSED/);
    assert.ok(!refused.message.includes('SECRET'));
    const tls = toInventoryError(new RestError('self signed', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', request }), context);
    assert.match(tls.message, /certificate/);
  });

  it('maps @azure/identity failures to notSignedIn', () => {
    for (const name of ['CredentialUnavailableError', 'AuthenticationError', 'AggregateAuthenticationError']) {
      const e = new Error('AADSTS7000215: Invalid client secret provided.\nTrace ID: …');
      e.name = name;
      const mapped = toInventoryError(e, context);
      assert.equal(mapped.kind, 'notSignedIn', name);
      assert.match(mapped.message, /AADSTS7000215/);
      assert.ok(!mapped.message.includes('Trace ID'));
    }
  });

  it('passes InventoryErrors through unchanged', () => {
    const original = new InventoryError('validation', 'bad');
    assert.equal(toInventoryError(original, context), original);
  });
});
