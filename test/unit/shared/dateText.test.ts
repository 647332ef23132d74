import * as assert from 'node:assert/strict';
import { formatShortDate, formatTimestamp } from '../../../src/shared/dateText';

describe('date text', () => {
  it('formats a timestamp in UTC to the minute, from a Date or an ISO string', () => {
    assert.equal(formatTimestamp(new Date('2025-01-08T12:40:59.123Z')), '2025-01-08 12:40 UTC');
    assert.equal(formatTimestamp('2025-01-08T14:40:00+02:00'), '2025-01-08 12:40 UTC');
  });

  it('formats the short date as the UTC calendar day', () => {
    assert.equal(formatShortDate(new Date('2025-01-08T23:30:00-02:00')), '2025-01-09');
    assert.equal(formatShortDate('2025-01-08T12:40:00Z'), '2025-01-08');
  });

  it('returns undefined for a missing or invalid date', () => {
    for (const value of [undefined, '', 'not a date', new Date(Number.NaN)]) {
      assert.equal(formatTimestamp(value), undefined);
      assert.equal(formatShortDate(value), undefined);
    }
  });
});
