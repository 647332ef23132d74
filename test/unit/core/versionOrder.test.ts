import * as assert from 'node:assert/strict';
import { compareVersions, highestVersion, sortVersionsNewestFirst } from '../../../src/core/domain/versionOrder';

describe('version ordering', () => {
  it('orders integer versions numerically, not as strings', () => {
    assert.ok(compareVersions('9', '10') < 0);
    assert.ok(compareVersions('10', '9') > 0);
    assert.ok(compareVersions('100000000000000000000001', '99999999999999999999999') > 0, 'beyond Number precision');
    assert.equal(compareVersions('3', '3'), 0);
  });

  it('orders dotted and dated versions chunk by chunk', () => {
    assert.ok(compareVersions('1.2', '1.10') < 0);
    assert.ok(compareVersions('1.2', '1.2.1') < 0);
    assert.ok(compareVersions('2024-05-01', '2024-11-30') < 0);
    assert.ok(compareVersions('v3-rc1', 'v3-rc2') < 0);
  });

  it('puts numeric chunks after text chunks at the same place (release after pre-release)', () => {
    assert.ok(compareVersions('1.0.1', '1.0.beta') > 0);
  });

  it('is a total order: distinct strings never compare equal, and it is antisymmetric', () => {
    assert.notEqual(compareVersions('01', '1'), 0);
    assert.notEqual(compareVersions('Beta', 'beta'), 0);
    const all = ['1', '2', '10', '1.2', '1.10', 'a', 'B', '01', '2024-01-01'];
    for (const a of all) for (const b of all) assert.equal(Math.sign(compareVersions(a, b)), -Math.sign(compareVersions(b, a)) || 0, `${a} vs ${b}`);
  });

  it('sorts newest first and finds the highest', () => {
    const versions = ['1', '10', '2', '9', '11'];
    assert.deepEqual(sortVersionsNewestFirst(versions, (v) => v), ['11', '10', '9', '2', '1']);
    assert.equal(highestVersion(versions), '11');
    assert.equal(highestVersion([]), undefined);
  });
});
