import * as assert from 'node:assert/strict';
import { maxModelNameLength, validateModelName } from '../../../src/core/domain/modelName';

describe('model name validation', () => {
  it('accepts names the service accepts (real names from the recordings and examples)', () => {
    for (const name of ['test_269749567585', 'sklearn-diabetes', '1498425f064ef007b4f000a85a5f4645', 'a', 'x'.repeat(maxModelNameLength)]) {
      assert.equal(validateModelName(name), undefined, name);
    }
  });

  it('rejects empty and too long names', () => {
    assert.match(validateModelName('') ?? '', /Enter a model name/);
    assert.match(validateModelName('x'.repeat(256)) ?? '', /at most 255.*256/);
  });

  it('rejects a leading "-" or "_"', () => {
    assert.match(validateModelName('-model') ?? '', /start with a letter or a digit/);
    assert.match(validateModelName('_model') ?? '', /start with a letter or a digit/);
  });

  it('names the first invalid character and its position', () => {
    assert.match(validateModelName('my.model') ?? '', /found "\." at position 3/);
    assert.match(validateModelName('my model') ?? '', /found a space at position 3/);
    assert.match(validateModelName('model:1') ?? '', /found ":"/);
  });
});
