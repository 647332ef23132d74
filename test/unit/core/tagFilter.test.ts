import * as assert from 'node:assert/strict';
import { formatTagQuery, parseTagFilters } from '../../../src/core/domain/tagFilter';

describe('tag filters', () => {
  it('parses keys and key=value pairs with whitespace trimmed', () => {
    assert.deepEqual(parseTagFilters(' env = prod ,approved,  team=ml '), {
      ok: true, filters: [{ key: 'env', value: 'prod' }, { key: 'approved' }, { key: 'team', value: 'ml' }],
    });
  });

  it('treats empty text and stray commas as no filter', () => {
    assert.deepEqual(parseTagFilters(''), { ok: true, filters: [] });
    assert.deepEqual(parseTagFilters(' , a,, '), { ok: true, filters: [{ key: 'a' }] });
  });

  it('explains an empty key', () => {
    const result = parseTagFilters('a, =prod');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /"=prod" has no tag name/);
  });

  it('explains "=" without a value and a second "="', () => {
    const noValue = parseTagFilters('env=');
    assert.match(!noValue.ok ? noValue.message : '', /"env=" has "=" but no value.*just env/);
    const twoEquals = parseTagFilters('a=b=c');
    assert.match(!twoEquals.ok ? twoEquals.message : '', /more than one "="/);
  });

  it('formats the server query exactly as the SDK sends it', () => {
    assert.equal(formatTagQuery([{ key: 'a' }, { key: 'b', value: 'c' }]), 'a,b=c');
    assert.equal(formatTagQuery([]), undefined);
    assert.equal(formatTagQuery(undefined), undefined);
  });

  it('round-trips parse → format', () => {
    const parsed = parseTagFilters('stage=prod, owner');
    assert.ok(parsed.ok);
    assert.equal(formatTagQuery(parsed.ok ? parsed.filters : []), 'stage=prod,owner');
  });

  it('refuses to format filters the wire format cannot carry', () => {
    assert.throws(() => formatTagQuery([{ key: 'a,b' }]), RangeError);
    assert.throws(() => formatTagQuery([{ key: 'a', value: 'x=y' }]), RangeError);
    assert.throws(() => formatTagQuery([{ key: '' }]), RangeError);
  });
});
