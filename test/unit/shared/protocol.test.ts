import * as assert from 'node:assert/strict';
import { isEnvelope } from '../../../src/shared/protocol/envelope';
import {
  isModelVersionHostMessage, isModelVersionInbound, isPersistedPanelState, persistedStateVersion,
} from '../../../src/shared/protocol/modelVersion';

const identity = {
  scopeKind: 'workspace',
  scopeId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws',
  modelName: 'fraud',
  version: '3',
};

describe('message envelope', () => {
  it('accepts the four kinds in their shapes', () => {
    assert.ok(isEnvelope({ kind: 'command', method: 'ready', params: {} }));
    assert.ok(isEnvelope({ kind: 'request', id: 1, method: 'assetId/copy', params: { spelling: 'armId' } }));
    assert.ok(isEnvelope({ kind: 'response', id: 1, ok: true, result: { copied: true } }));
    assert.ok(isEnvelope({ kind: 'response', id: 1, ok: false, error: { code: 'failed', message: 'no' } }));
    assert.ok(isEnvelope({ kind: 'notification', method: 'state/replace', params: { identity } }));
  });

  it('rejects malformed messages', () => {
    for (const bad of [
      null, 'ready', 42, [], {}, { kind: 'command' }, { kind: 'command', method: '', params: {} },
      { kind: 'command', method: 'ready' }, { kind: 'request', id: -1, method: 'x', params: {} },
      { kind: 'request', id: 1.5, method: 'x', params: {} }, { kind: 'response', id: 1, ok: 'yes', result: 1 },
      { kind: 'response', id: 1, ok: false, error: 'boom' }, { kind: 'event', method: 'x', params: {} },
      { kind: 'command', method: 'x'.repeat(101), params: {} },
    ]) {
      assert.equal(isEnvelope(bad), false, JSON.stringify(bad));
    }
  });
});

describe('model version protocol guards', () => {
  it('accepts every inbound method with valid params', () => {
    for (const method of ['ready', 'refresh', 'studio/open', 'job/open', 'version/download', 'deployment/compare', 'deployment/rollback']) {
      assert.ok(isModelVersionInbound({ kind: 'command', method, params: {} }), method);
    }
    assert.ok(isModelVersionInbound({ kind: 'request', id: 7, method: 'assetId/copy', params: { spelling: 'registryUri' } }));
  });

  it('rejects unknown methods, wrong kinds and bad params', () => {
    for (const bad of [
      { kind: 'command', method: 'eval', params: {} },
      { kind: 'command', method: 'ready', params: { extra: 1 } },
      { kind: 'command', method: 'ready', params: null },
      { kind: 'notification', method: 'state/replace', params: {} },
      { kind: 'request', id: 1, method: 'assetId/copy', params: {} },
      { kind: 'request', id: 1, method: 'assetId/copy', params: { spelling: 5 } },
      { kind: 'request', id: 1, method: 'assetId/copy', params: { spelling: 'a', more: 'b' } },
      { kind: 'command', method: 'assetId/copy', params: { spelling: 'armId' } },
    ]) {
      assert.equal(isModelVersionInbound(bad), false, JSON.stringify(bad));
    }
  });

  it('lets the webview accept snapshots and responses only', () => {
    assert.ok(isModelVersionHostMessage({ kind: 'notification', method: 'state/replace', params: { identity, status: 'loading' } }));
    assert.ok(isModelVersionHostMessage({ kind: 'response', id: 1, ok: true, result: { copied: true } }));
    assert.equal(isModelVersionHostMessage({ kind: 'notification', method: 'state/replace', params: { identity: { ...identity, scopeId: 'x' } } }), false);
    assert.equal(isModelVersionHostMessage({ kind: 'command', method: 'ready', params: {} }), false);
  });

  it('accepts only the current persisted state shape', () => {
    const state = { v: persistedStateVersion, identity, ui: { collapsed: ['tags'] } };
    assert.ok(isPersistedPanelState(state));
    assert.equal(isPersistedPanelState({ ...state, v: 0 }), false);
    assert.equal(isPersistedPanelState({ ...state, identity: { ...identity, scopeKind: 'cluster' } }), false);
    assert.equal(isPersistedPanelState({ ...state, ui: { collapsed: [1] } }), false);
    assert.equal(isPersistedPanelState({ v: persistedStateVersion, identity }), false);
    assert.equal(isPersistedPanelState(undefined), false);
  });
});
