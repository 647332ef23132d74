import * as assert from 'node:assert/strict';
import {
  buildDownloadPlan, decideExisting, findPathClashes, isPartialFolderOf, needsLocalMd5, partialFolderName, unsafePathReason,
  type BlobListing, type RemoteBlob,
} from '../../../src/core/download/plan';
import { describeTransfer, formatBytes, progressThrottle } from '../../../src/core/transfer/progress';

const P = 'LocalUpload/0123abcd/model';
const blob = (name: string, size = 10, extra: Partial<RemoteBlob> = {}): RemoteBlob => ({ name, size, contentMd5: 'bWQ1', ...extra });
const plan = (listing: Partial<BlobListing> & { under: RemoteBlob[] }, caseInsensitive = false) =>
  buildDownloadPlan({ modelName: 'fraud', version: '3', listing: { prefix: P, ...listing }, caseInsensitive });

describe('download plan: layout', () => {
  it('mirrors the blob tree under <prefix>/ into <model>/<version>/', () => {
    const r = plan({ under: [blob(`${P}/MLmodel`), blob(`${P}/sub/weights.bin`, 2048), blob(`${P}/conda.yaml`)] });
    assert.ok(r.ok);
    assert.deepEqual(r.plan.folder, ['fraud', '3']);
    assert.deepEqual(r.plan.files.map((f) => f.relPath), ['MLmodel', 'conda.yaml', 'sub/weights.bin']);
    assert.equal(r.plan.totalBytes, 2068);
    assert.equal(r.plan.kind, 'folder');
  });

  it('a single-file model (the prefix is the blob) becomes <model>/<version>/<file name>', () => {
    const r = buildDownloadPlan({ modelName: 'm', version: '1', caseInsensitive: false, listing: { prefix: 'LocalUpload/h/model.pkl', under: [], exact: blob('LocalUpload/h/model.pkl', 99) } });
    assert.ok(r.ok);
    assert.equal(r.plan.kind, 'file');
    assert.deepEqual(r.plan.files.map((f) => f.relPath), ['model.pkl']);
  });

  it('prefix-sharing: experiment_tracking.py next to experiment/ is not part of experiment', () => {
    const r = buildDownloadPlan({ modelName: 'm', version: '1', caseInsensitive: false, listing: {
      prefix: 'runs/experiment',
      under: [blob('runs/experiment/a.txt'), blob('runs/experiment_tracking.py'), blob('runs/experiment2/x')],
      exact: blob('runs/experiment', 5),
    } });
    assert.ok(r.ok);
    assert.deepEqual(r.plan.files.map((f) => f.relPath), ['a.txt']);
    assert.equal(r.plan.kind, 'folder', 'a folder wins over a same-named blob, as with the CLI');
  });

  it('no blobs → a "no files" problem, never an empty success; only folder markers count as none', () => {
    const none = plan({ under: [] });
    assert.ok(!none.ok && none.problem.code === 'noFiles');
    assert.match(!none.ok ? none.problem.message : '', /no files at "LocalUpload\/0123abcd\/model"/);
    const markers = plan({ under: [blob(`${P}/empty`, 0, { isFolderMarker: true }), blob(`${P}/dir/`, 0)] });
    assert.ok(!markers.ok && markers.problem.code === 'noFiles');
    assert.match(!markers.ok ? markers.problem.message : '', /2 empty folder markers/);
  });

  it('folder markers are skipped, zero-byte files kept', () => {
    const r = plan({ under: [blob(`${P}/sub`, 0, { isFolderMarker: true }), blob(`${P}/sub/empty.txt`, 0), blob(`${P}/a`)] });
    assert.ok(r.ok);
    assert.deepEqual(r.plan.files.map((f) => f.relPath), ['a', 'sub/empty.txt']);
    assert.deepEqual(r.plan.folderMarkers, [`${P}/sub`]);
    assert.equal(r.plan.zeroByteFiles, 1);
  });
});

describe('download plan: path safety', () => {
  for (const [name, why] of [
    [`${P}/../../evil.txt`, /\.\./],
    [`${P}/a/../../b`, /\.\./],
    [`${P}/..`, /\.\./],
    [`${P}//etc/passwd`, /absolute path/],
    [`${P}/a//b`, /empty path segment/],
    [`${P}/C:/Windows/x`, /drive letter/],
    [`${P}/C:evil`, /drive letter/],
    [`${P}/a\\..\\..\\evil`, /\.\.|backslash/],
    [`${P}/./x`, /"\." segment/],
    [`${P}/bad\u0000name`, /control character/],
  ] as const) {
    it(`refuses the whole download for ${JSON.stringify(name)}`, () => {
      const r = plan({ under: [blob(`${P}/fine.txt`), blob(name)] });
      assert.ok(!r.ok);
      assert.equal(r.problem.code, 'unsafeName');
      assert.ok(r.problem.code === 'unsafeName' && r.problem.blobName === name);
      assert.match(r.problem.message, why);
      assert.match(r.problem.message, /Nothing was written/);
    });
  }

  it('accepts ordinary names with spaces, #, %, unicode and dots inside names', () => {
    for (const rel of ['weights #a %41.bin', 'sub dir/ünï 模型.txt', '.hidden', 'a..b', 'v1.2/model.onnx']) assert.equal(unsafePathReason(rel), undefined, rel);
    assert.match(unsafePathReason('/abs')!, /absolute/);
  });

  it('refuses a model name or version that is not a safe folder name', () => {
    const bad = buildDownloadPlan({ modelName: '..', version: '1', caseInsensitive: false, listing: { prefix: P, under: [blob(`${P}/a`)] } });
    assert.ok(!bad.ok && bad.problem.code === 'unsafeName');
    const slash = buildDownloadPlan({ modelName: 'm', version: 'a/b', caseInsensitive: false, listing: { prefix: P, under: [blob(`${P}/a`)] } });
    assert.ok(!slash.ok && /version/.test(slash.problem.message));
  });

  it('a path that is both a file and a folder is refused', () => {
    const r = plan({ under: [blob(`${P}/a`), blob(`${P}/a/b`)] });
    assert.ok(!r.ok && r.problem.code === 'pathConflict');
  });
});

describe('download plan: names that differ only in case', () => {
  const under = [blob(`${P}/Model.pkl`), blob(`${P}/model.pkl`), blob(`${P}/README`), blob(`${P}/readme/x`)];
  it('finds case twins and file/folder case clashes', () => {
    const clashes = findPathClashes(['Model.pkl', 'model.pkl', 'README', 'readme/x', 'ok']);
    assert.deepEqual(clashes.caseGroups, [['Model.pkl', 'model.pkl']]);
    assert.deepEqual(clashes.fileFolder, [['README', 'readme/x']]);
  });
  it('on a case-insensitive file system: refused, naming them', () => {
    const r = plan({ under }, true);
    assert.ok(!r.ok && r.problem.code === 'caseCollision');
    assert.match(r.problem.message, /"Model\.pkl" \/ "model\.pkl"/);
  });
  it('on a case-sensitive file system: downloaded, with a warning', () => {
    const r = plan({ under }, false);
    assert.ok(r.ok);
    assert.equal(r.plan.caseCollisions.length, 2);
    assert.match(r.plan.warnings[0]!, /differ only in letter case/);
  });
});

describe('download plan: skip identical files', () => {
  const file = { blobName: `${P}/a`, relPath: 'a', size: 10, contentMd5: 'bWQ1' };
  it('keeps a local file only when size and MD5 match', () => {
    assert.equal(decideExisting(file, { size: 10, md5: 'bWQ1' }), 'keep');
    assert.equal(decideExisting(file, { size: 10, md5: 'b3RoZXI=' }), 'download');
    assert.equal(decideExisting(file, { size: 11, md5: 'bWQ1' }), 'download');
    assert.equal(decideExisting(file, undefined), 'download');
  });
  it('a blob without Content-MD5 cannot be proven identical: downloaded', () => {
    const { contentMd5: _, ...noMd5 } = file;
    assert.equal(decideExisting(noMd5, { size: 10, md5: 'bWQ1' }), 'download');
    assert.equal(needsLocalMd5(noMd5, { size: 10 }), false);
    assert.equal(needsLocalMd5(file, { size: 10 }), true);
    assert.equal(needsLocalMd5(file, { size: 9 }), false);
  });
  it('names the temporary sibling so it never looks like a version folder', () => {
    assert.equal(partialFolderName('3', 'ab12'), '.3.partial-ab12');
    assert.ok(isPartialFolderOf('3', '.3.partial-ab12'));
    assert.ok(isPartialFolderOf('3', '.3.replaced-ff00'));
    assert.ok(!isPartialFolderOf('3', '.31.partial-ab12'));
    assert.ok(!isPartialFolderOf('3', '3'));
  });
});

describe('transfer progress text', () => {
  it('formats bytes, rate and ETA', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(describeTransfer({ bytesDone: 10 * 1048576, bytesTotal: 30 * 1048576, filesDone: 1, filesTotal: 3 }, 2000), '1/3 files, 10.0 MB of 30.0 MB — 5.0 MB/s, 4 s left');
  });
  it('throttles reports but always lets the last one through, with percent increments', () => {
    let t = 0;
    const throttle = progressThrottle(250, () => t);
    t = 100;
    assert.ok(throttle({ bytesDone: 50, bytesTotal: 100, filesDone: 0, filesTotal: 1 }));
    t = 200;
    assert.equal(throttle({ bytesDone: 60, bytesTotal: 100, filesDone: 0, filesTotal: 1 }), undefined);
    t = 210;
    assert.equal(throttle({ bytesDone: 100, bytesTotal: 100, filesDone: 1, filesTotal: 1 })?.increment, 50);
  });
});
