import * as assert from 'node:assert/strict';
import { presentError } from '../../../src/commands/errorPresentation';
import { InventoryError } from '../../../src/core/errors';

describe('presentError', () => {
  it('says nothing when the user cancelled', () => {
    assert.equal(presentError(new InventoryError('cancelled', 'Cancelled.')).level, 'none');
  });

  it('offers the action that fixes each kind of failure', () => {
    assert.deepEqual(presentError(new InventoryError('notSignedIn', 'x')).actions, ['signIn']);
    assert.deepEqual(presentError(new InventoryError('notFound', 'x')).actions, ['refresh']);
    assert.deepEqual(presentError(new InventoryError('forbidden', 'x')).actions, ['showLog']);
    assert.deepEqual(presentError(new InventoryError('validation', 'x', { code: 'InvalidCloudSetting' })).actions, ['openSettings']);
    assert.deepEqual(presentError(new InventoryError('validation', 'x')).actions, []);
  });

  it('treats unknown errors as errors with the log one click away, secrets redacted', () => {
    const shown = presentError(new Error('request failed: Authorization: Bearer abc.def.ghi'));
    assert.equal(shown.level, 'error');
    assert.deepEqual(shown.actions, ['showLog']);
    assert.ok(!shown.message.includes('abc.def.ghi'));
  });
});
