import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileTree } from '../../../src/azure/localFiles';
import { parseTrafficCompact } from '../../../src/core/deployments/traffic';
import { buildDownloadPlan, findPathClashes, windowsPathReason, type RemoteBlob } from '../../../src/core/download/plan';
import { escapeIcons, printable } from '../../../src/core/printable';
import { registerNameReason, scanFolder } from '../../../src/core/register/folderScan';
import { parseKeyValues } from '../../../src/core/register/validation';
import { isOutsideSpecFolder, ModelSpecError, parseModelSpec } from '../../../src/core/register/yamlSpec';

function plan(names: readonly string[], windowsNames = false): ReturnType<typeof buildDownloadPlan> {
  const under: RemoteBlob[] = names.map((n) => ({ name: `LocalUpload/h/model/${n}`, size: 1 }));
  return buildDownloadPlan({ modelName: 'm', version: '1', listing: { prefix: 'LocalUpload/h/model', under }, caseInsensitive: false, windowsNames });
}

describe('hostile names: printable messages', () => {
  it('printable escapes controls and bidi overrides JSON-style', () => {
    assert.equal(printable('a\nb'), '"a\\nb"');
    assert.equal(printable('evil\u202Etxt.exe'), '"evil\\u202etxt.exe"');
    assert.equal(printable('back\\slash'), '"back\\slash"');
    assert.equal(printable('модель-é'), '"модель-é"');
  });

  it('the download refusal echoes the blob name escaped, and refuses bidi overrides', () => {
    const result = plan(['ok.bin', 'a\u202Egnp.exe']);
    assert.ok(!result.ok);
    assert.match(result.problem.message, /\\u202e/);
    assert.ok(!result.problem.message.includes('\u202E'));
    const nl = plan(['line\nbreak']);
    assert.ok(!nl.ok && /\\n/.test(nl.problem.message) && !nl.problem.message.includes('\n'));
  });

  it('QuickPick labels show $( literally', () => {
    assert.equal(escapeIcons('$(alert) urgent'), '\\$(alert) urgent');
    assert.equal(escapeIcons('plain'), 'plain');
  });
});

describe('register refuses names download would refuse', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'regnames-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('registerNameReason: newline, other controls, backslash, bidi override', () => {
    for (const bad of ['a\nb', 'a\tb', 'a\u0085b', 'a\\b', 'x\u202Efdp.exe', 'x\u2066y']) assert.ok(registerNameReason(bad), JSON.stringify(bad));
    for (const ok of ['model.pkl', 'модель.bin', 'a b.txt', '👩‍👩‍👧.png']) assert.equal(registerNameReason(ok), undefined, ok);
  });

  it('the scan reports such files by escaped name, up front', async function () {
    if (process.platform === 'win32') this.skip();
    writeFileSync(join(tmp, 'ok.txt'), 'x');
    writeFileSync(join(tmp, 'new\nline.txt'), 'x');
    writeFileSync(join(tmp, 'evil\u202Etxt.exe'), 'x');
    writeFileSync(join(tmp, 'back\\slash'), 'x');
    const scan = await scanFolder(new LocalFileTree(tmp));
    const unsafe = scan.problems.filter((p) => p.code === 'unsafeName');
    assert.equal(unsafe.length, 3, JSON.stringify(scan.problems));
    for (const p of unsafe) assert.ok(!/[\n\u202E]/.test(p.message), p.message);
    assert.ok(unsafe.some((p) => p.message.includes('"new\\nline.txt"')));
    assert.ok(unsafe.some((p) => p.message.includes('\\u202e')));
  });
});

describe('download: Windows names and Unicode case collisions', () => {
  it('windowsPathReason: reserved device names (with extensions), trailing dot/space, ":"', () => {
    for (const bad of ['CON', 'nul.txt', 'sub/Aux.tar.gz', 'COM1', 'lpt9.log', 'trailing.', 'space ', 'file:stream', 'a/b:c']) assert.ok(windowsPathReason(bad), bad);
    for (const ok of ['console.txt', 'com10', 'a.b', 'conx/y']) assert.equal(windowsPathReason(ok), undefined, ok);
  });

  it('fatal on Windows, reported elsewhere', () => {
    const win = plan(['CON.txt'], true);
    assert.ok(!win.ok && /reserved device name/.test(win.problem.message));
    const other = plan(['CON.txt', 'ads:stream'], false);
    assert.ok(other.ok);
    assert.equal(other.plan.warnings.length, 2);
    assert.match(other.plan.warnings.join(' '), /reserved device name.*|NTFS alternate data stream/);
  });

  it('case collisions compare NFC-normalised names', () => {
    const { caseGroups } = findPathClashes(['caf\u00e9.txt', 'cafe\u0301.txt', 'other']);
    assert.equal(caseGroups.length, 1);
  });
});

describe('YAML spec: paths outside the folder and reserved keys', () => {
  it('flags absolute and escaping paths; inside paths are not flagged', () => {
    assert.equal(isOutsideSpecFolder('/home/u/proj', './model'), false);
    assert.equal(isOutsideSpecFolder('/home/u/proj', 'model/sub/..'), false);
    assert.equal(isOutsideSpecFolder('/home/u/proj', '../other'), true);
    assert.equal(isOutsideSpecFolder('/home/u/proj', '/etc'), true);
    assert.equal(isOutsideSpecFolder('C:\\proj', 'C:\\Windows'), true);
    assert.equal(isOutsideSpecFolder('C:\\proj', 'model'), false);
    const spec = parseModelSpec('name: m\npath: ../../secrets\n', '/home/u/proj/spec.yml', '/home/u/proj');
    assert.equal(isOutsideSpecFolder('/home/u/proj', spec.path), true);
  });

  it('__proto__ in tags/properties is rejected with a message, not dropped', () => {
    assert.throws(() => parseModelSpec('name: m\npath: .\ntags:\n  __proto__: x\n', '/p/spec.yml', '/p'), (e: unknown) => e instanceof ModelSpecError && /"__proto__" is not allowed/.test(e.message));
    assert.throws(() => parseModelSpec('name: m\npath: .\nproperties:\n  constructor: x\n', '/p/spec.yml', '/p'), ModelSpecError);
    const kv = parseKeyValues(['__proto__=x', 'ok=1'], 'tag');
    assert.equal(kv.problems.length, 1);
    assert.match(kv.problems[0]!, /__proto__/);
    assert.equal(parseTrafficCompact('__proto__=100'), undefined);
    assert.deepEqual(parseTrafficCompact('blue=90,green=10'), { blue: 90, green: 10 });
  });
});
