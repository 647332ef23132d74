import * as assert from 'node:assert/strict';
import {
  applyMetadataEdit, checkConcurrentChange, checkReadBack, describeMetadataEdit, formatTagText, parseTagText, planMetadataEdit,
  validateDescription, validateTagRows,
} from '../../../src/core/curation/metadataEdit';
import { planArchive, type ArchiveTarget } from '../../../src/core/curation/archivePlan';
import type { DeployedWhere } from '../../../src/core/deployments/deployedIndex';

describe('curation: tag validation', () => {
  it('accepts rows, trims values, skips blank rows', () => {
    const r = validateTagRows([{ key: 'owner', value: ' risk-team ' }, { key: '', value: '' }, { key: 'approval', value: 'approved' }]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.tags, { owner: 'risk-team', approval: 'approved' });
  });

  const cases: Array<[string, { key: string; value: string }[], RegExp]> = [
    ['empty value', [{ key: 'owner', value: '' }], /"owner" has an empty value/],
    ['whitespace-only value', [{ key: 'owner', value: '   ' }], /"owner" has an empty value/],
    ['value without key', [{ key: ' ', value: 'x' }], /Tag 1 has a value but no key/],
    ['duplicate key', [{ key: 'a', value: '1' }, { key: 'a', value: '2' }], /"a" is given twice/],
    ['keys differing in case', [{ key: 'Owner', value: '1' }, { key: 'owner', value: '2' }], /"Owner" and "owner" differ only in case/],
    ['control character in key', [{ key: 'a\u0007b', value: '1' }], /contains a control character/],
    ['line break in value', [{ key: 'a', value: 'x\ny' }], /tags are single-line/],
    ['key with surrounding spaces', [{ key: ' a', value: '1' }], /starts or ends with spaces/],
    ['key with =', [{ key: 'a=b', value: '1' }], /contains "="/],
    ['key with ,', [{ key: 'a,b', value: '1' }], /contains ","/],
    ['key too long', [{ key: 'k'.repeat(257), value: '1' }], /longer than 256/],
    ['value too long', [{ key: 'k', value: 'v'.repeat(5001) }], /longer than 5,000/],
  ];
  for (const [name, rows, message] of cases) {
    it(`reports ${name} specifically`, () => {
      const r = validateTagRows(rows);
      assert.equal(r.problems.length, 1, r.problems.join(' | '));
      assert.match(r.problems[0]!, message);
    });
  }

  it('validates descriptions (length, control characters; line breaks allowed)', () => {
    assert.equal(validateDescription('two\nlines\tand a tab'), undefined);
    assert.match(validateDescription('x'.repeat(5001))!, /longer than 5,000/);
    assert.match(validateDescription('bell\u0007')!, /control character/);
  });

  it('parses and formats the palette text form', () => {
    assert.deepEqual(parseTagText('a=1; b = two\nc'), [{ key: 'a', value: '1' }, { key: 'b', value: ' two' }, { key: 'c', value: '' }]);
    assert.equal(formatTagText({ b: '2', a: '1' }), 'a=1; b=2');
    assert.match(validateTagRows(parseTagText('c')).problems[0]!, /"c" has an empty value/);
  });
});

describe('curation: edit plans', () => {
  const before = { tags: { owner: 'risk', stale: 'yes', approval: 'pending' }, description: 'Old' };

  it('diffs tags (added, removed, changed) and the description', () => {
    const plan = planMetadataEdit(before, { tags: { owner: 'risk', approval: 'approved', window: '2025-01' }, description: 'New' });
    assert.deepEqual(plan.tagChanges, [
      { kind: 'changed', key: 'approval', before: 'pending', value: 'approved' },
      { kind: 'removed', key: 'stale', before: 'yes' },
      { kind: 'added', key: 'window', value: '2025-01' },
    ]);
    assert.deepEqual(plan.description, { before: 'Old', after: 'New' });
    assert.equal(plan.isEmpty, false);
    assert.deepEqual(describeMetadataEdit(plan), ['~ tag approval: pending → approved', '- tag stale (was yes)', '+ tag window = 2025-01', '~ description: Old → New']);
  });

  it('treats an undefined and an empty description alike; no change is an empty plan', () => {
    assert.equal(planMetadataEdit({ tags: {} }, { tags: {}, description: '' }).isEmpty, true);
  });

  it('detects a concurrent change and which fields overlap; rebases non-overlapping edits', () => {
    const ours = planMetadataEdit(before, { ...before, tags: { ...before.tags, approval: 'approved' } });
    const theirsSameKey = { tags: { ...before.tags, approval: 'rejected' }, description: 'Old' };
    const conflict = checkConcurrentChange(before, theirsSameKey, ours);
    assert.equal(conflict.status, 'changed');
    assert.deepEqual(conflict.status === 'changed' && conflict.overlapping, ['tag approval']);

    const theirsOther = { tags: { ...before.tags, owner: 'fraud' }, description: 'Old' };
    const other = checkConcurrentChange(before, theirsOther, ours);
    assert.deepEqual(other.status === 'changed' && other.overlapping, []);
    assert.deepEqual(applyMetadataEdit(theirsOther, ours).tags, { owner: 'fraud', stale: 'yes', approval: 'approved' });

    assert.equal(checkConcurrentChange(before, { ...before, lastModifiedAt: '2030-01-01T00:00:00Z' }, ours).status, 'unchanged', 'a newer timestamp with the same values is no conflict');
  });

  it('compares the read-back with what was written', () => {
    assert.deepEqual(checkReadBack({ tags: { a: '1' }, description: 'x' }, { tags: { a: '1' }, description: 'x' }), []);
    assert.deepEqual(checkReadBack({ tags: { a: '1' }, description: 'x' }, { tags: { a: '2', b: '1' }, description: 'y' }), ['tag a', 'tag b', 'the description']);
  });
});

describe('curation: archive / restore rules', () => {
  const version: ArchiveTarget = { kind: 'version', modelName: 'fraud-detector', version: '2', scopeName: 'ws-fraud-prod', scopeKind: 'workspace' };
  const model: ArchiveTarget = { kind: 'model', modelName: 'fraud-detector', scopeName: 'ws-fraud-prod', scopeKind: 'workspace' };
  const deployed = [{ kind: 'online', endpointName: 'fraud-online', deploymentName: 'blue', trafficPercent: 90, mirrorPercent: 0 } as unknown as DeployedWhere];

  it('asks before archiving a deployed version and says it keeps serving', () => {
    const plan = planArchive({ action: 'archive', target: version, versionArchived: false, containerArchived: false, deployedWhere: deployed });
    assert.equal(plan.isDestructive, true);
    assert.match(plan.warning!, /deployed: fraud-online\/blue — 90 % traffic/);
    assert.match(plan.warning!, /keeps serving traffic/);
    assert.match(plan.confirmation, /Archive fraud-detector:2/);
  });

  it('archives an undeployed version with a confirmation but no warning', () => {
    const plan = planArchive({ action: 'archive', target: version, versionArchived: false, containerArchived: false, deployedWhere: [] });
    assert.equal(plan.warning, undefined);
    assert.equal(plan.blocked, undefined);
  });

  it('explains why a version of an archived model cannot be restored', () => {
    const plan = planArchive({ action: 'restore', target: version, versionArchived: true, containerArchived: true, deployedWhere: [] });
    assert.match(plan.blocked!, /model fraud-detector itself is archived.*restore the model first/);
  });

  it('is a no-op when already in the requested state', () => {
    assert.match(planArchive({ action: 'archive', target: version, versionArchived: true, containerArchived: false, deployedWhere: [] }).noop!, /already archived/);
    assert.match(planArchive({ action: 'restore', target: model, containerArchived: false, deployedWhere: [] }).noop!, /already active/);
  });

  it('warns when archiving a model with deployed versions', () => {
    const plan = planArchive({ action: 'archive', target: model, containerArchived: false, deployedWhere: deployed });
    assert.match(plan.warning!, /model fraud-detector .* is deployed/);
    assert.match(plan.detail, /cannot be restored one by one until the model is restored/);
  });
});
