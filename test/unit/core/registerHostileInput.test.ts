import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileTree } from '../../../src/azure/localFiles';
import { scanFolder } from '../../../src/core/register/folderScan';
import { compilePattern, IgnoreRules } from '../../../src/core/register/ignoreRules';

const canMkfifo = process.platform !== 'win32';

describe('register: non-regular files are never opened as text (FIFO hang)', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'regfifo-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  for (const name of ['.amlignore', '.gitignore']) {
    it(`a FIFO named ${name} is reported, not read (the scan does not hang)`, async function () {
      if (!canMkfifo) this.skip();
      this.timeout(5000);
      execFileSync('mkfifo', [join(tmp, name)]);
      writeFileSync(join(tmp, 'a.txt'), 'abc');
      const scan = await scanFolder(new LocalFileTree(tmp));
      assert.ok(scan.problems.some((p) => p.code === 'unreadable' && /not a regular file/.test(p.message)), JSON.stringify(scan.problems));
    });
  }

  it('readText refuses a FIFO, MLmodel or config.pbtxt alike, and still returns undefined for a missing file', async function () {
    if (!canMkfifo) this.skip();
    this.timeout(5000);
    for (const name of ['MLmodel', 'config.pbtxt', 'spec.yml']) execFileSync('mkfifo', [join(tmp, name)]);
    const reader = new LocalFileTree(tmp);
    for (const name of ['MLmodel', 'config.pbtxt', 'spec.yml']) {
      await assert.rejects(reader.readText(name), /not a regular file/);
      await assert.rejects(reader.checkReadable(name), /not a regular file|ENXIO/);
    }
    assert.equal(await reader.readText('absent'), undefined);
    writeFileSync(join(tmp, 'real.txt'), 'hello');
    assert.equal(await reader.readText('real.txt'), 'hello');
  });

  it('a FIFO among the model files is skipped with a warning (MLmodel FIFO included)', async function () {
    if (!canMkfifo) this.skip();
    this.timeout(5000);
    execFileSync('mkfifo', [join(tmp, 'MLmodel')]);
    writeFileSync(join(tmp, 'a.txt'), 'abc');
    const scan = await scanFolder(new LocalFileTree(tmp));
    assert.deepEqual(scan.files.map((f) => f.relPath), ['a.txt']);
    assert.ok(scan.warnings.some((w) => w.code === 'skippedSpecial' && w.path === 'MLmodel'));
  });
});

describe('register: ignore patterns cannot be made to backtrack (ReDoS)', () => {
  it('a 40-star pattern against a 200-character name finishes in milliseconds', () => {
    const rules = IgnoreRules.parse('.amlignore', `${'*'.repeat(40)}a\n${'*a'.repeat(20)}b\n`);
    const started = Date.now();
    assert.equal(rules.isExcluded('b'.repeat(200)), false);
    assert.equal(rules.isExcluded('a'.repeat(200)), true);
    assert.ok(Date.now() - started < 100, `took ${Date.now() - started} ms`);
  });

  it('runs of stars collapse to one; inner double-star segments stay linear', () => {
    assert.equal(compilePattern('*****a')!.regex.source, compilePattern('*a')!.regex.source);
    const nested = compilePattern(`a/${'**/x/'.repeat(12)}y`)!;
    const path = `a/${'x/'.repeat(150)}z`;
    const started = Date.now();
    assert.equal(nested.regex.test(path), false);
    assert.equal(nested.regex.test(`a/${'x/'.repeat(150)}y`), true);
    assert.ok(Date.now() - started < 100, `took ${Date.now() - started} ms`);
  });

  it('keeps gitwildmatch semantics for stars, double stars, classes and escapes', () => {
    const cases: ReadonlyArray<readonly [string, string, boolean]> = [
      ['**a', 'xa', true], ['**a', 'x/a', true], ['a**b', 'ab', true], ['a**b', 'a/b', false],
      ['*', 'x', true], ['*', 'x/y', true], ['/*', 'x/y', true], ['/*.py', 'a/b.py', false], ['/*.py', 'b.py', true],
      ['a/**/b', 'a/b', true], ['a/**/b', 'a/x/y/b', true], ['a/**/b', 'ab', false], ['a/**', 'a/x', true], ['a/**', 'a', false],
      ['**/b', 'b', true], ['**/b', 'x/y/b/c', true], ['[!a]x', 'bx', true], ['[!a]x', 'ax', false], ['[ab]?', 'b/', false],
      ['\\*x', '*x', true], ['a\\*x', 'abx', false], ['a\\*x', 'a*x', true], ['d?', 'dé', true], ['*.🙂', 'a.🙂', true], ['?', '🙂', true],
      ['b/', 'b', false], ['b/', 'b/c', true], ['**', 'any/thing', true],
    ];
    for (const [pattern, path, expected] of cases) {
      assert.equal(compilePattern(pattern)!.regex.test(path), expected, `${pattern} vs ${path}`);
    }
  });
});
