import * as assert from 'node:assert/strict';
import { buildContextValue } from '../../../src/tree/contextValue';

describe('buildContextValue', () => {
  it('is the prefixed kind alone when no flag is set', () => {
    assert.equal(buildContextValue('subscription'), 'amlInventory:subscription');
    assert.equal(buildContextValue('model', { archived: false }), 'amlInventory:model');
  });

  it('appends set flags sorted, whatever the order given', () => {
    assert.equal(buildContextValue('modelVersion', { registry: true, archived: true, deployed: false, hasJob: true }),
      'amlInventory:modelVersion+archived+hasJob+registry');
  });

  it('keeps kinds that prefix each other apart for \\b-anchored menu regexes', () => {
    const model = buildContextValue('model', { filtered: true });
    const version = buildContextValue('modelVersion');
    assert.match(model, /^amlInventory:model\b/);
    assert.doesNotMatch(version, /^amlInventory:model\b/);
    assert.match(model, /\+filtered\b/);
  });
});
