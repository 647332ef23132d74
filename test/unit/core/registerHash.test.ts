import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openLocalSource } from '../../../src/azure/localFiles';
import { cliFolderHash } from '../../../src/core/register/assetHash';
import { scanFolder } from '../../../src/core/register/folderScan';
import { readSource } from '../../../src/core/register/plan';

const realModels = resolve(__dirname, '../../../..', '..', 'shared', 'fixtures', 'real-models');

/**
 * From-scratch transcription of azure-ai-ml `get_object_hash` / `_get_dir_hash` (no ignore file): entries sorted by
 * `str(path).lower()`, name encoded then file bytes in 1024-byte chunks, directories recursed.
 */
function pythonStyleHash(path: string): string {
  const md5 = createHash('md5');
  md5.update(Buffer.from('Initialize for october 2021 AML CLI version'));
  const dir = (d: string): void => {
    const entries = readdirSync(d).map((n) => join(d, n)).sort((a, b) => {
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (const p of entries) {
      md5.update(Buffer.from(p.split('/').pop()!, 'utf8'));
      if (statSync(p).isFile()) {
        const bytes = readFileSync(p);
        for (let i = 0; i < bytes.length; i += 1024) md5.update(bytes.subarray(i, i + 1024));
      } else if (statSync(p).isDirectory()) dir(p);
    }
  };
  if (statSync(path).isDirectory()) dir(path);
  else md5.update(readFileSync(path));
  return md5.digest('hex');
}

async function ourHash(path: string): Promise<string> {
  const { reader, source } = await openLocalSource(path);
  const read = await readSource(reader, source, 'workspace');
  assert.deepEqual(read.scan.problems, []);
  return read.contentHash!;
}

const realFolders = [
  'cli-assets-model/mlflow-model', 'sklearn-diabetes-mlflow/model', 'online-model-1/model', 'online-model-2/model', 'triton-bertsquad',
  'cli-assets-model', 'online-safe-rollout',
];

describe('register: the az ml content hash', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'reghash-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  for (const folder of realFolders) {
    it(`matches the reference algorithm on the real folder ${folder}`, async () => {
      const path = join(realModels, folder);
      assert.equal(await ourHash(path), pythonStyleHash(path));
    });
  }

  it('hashes a single file as seed + bytes', async () => {
    const file = join(realModels, 'cli-assets-model', 'mlflow-model', 'model.pkl');
    assert.equal(await ourHash(file), pythonStyleHash(file));
  });

  it('pins the value for sklearn-diabetes-mlflow/model (regression guard)', async () => {
    const value = await ourHash(join(realModels, 'sklearn-diabetes-mlflow', 'model'));
    assert.match(value, /^[0-9a-f]{32}$/);
    assert.equal(value, pythonStyleHash(join(realModels, 'sklearn-diabetes-mlflow', 'model')));
  });

  it('sorts case-insensitively, hashes names with spaces, #, % and unicode, empty files and empty subfolders', async () => {
    const root = join(tmp, 'édge model');
    mkdirSync(join(root, 'Sub Dir', 'empty'), { recursive: true });
    writeFileSync(join(root, 'b.txt'), 'b');
    writeFileSync(join(root, 'A.txt'), 'a');
    writeFileSync(join(root, 'a#1 %20.bin'), Buffer.alloc(5000, 7));
    writeFileSync(join(root, 'Sub Dir', 'ünïcødé 模型.txt'), 'u');
    writeFileSync(join(root, 'zero'), '');
    assert.equal(await ourHash(root), pythonStyleHash(root));
  });

  it('follows a symlink inside the folder like the CLI (hashes the target bytes under the link name)', async () => {
    const root = join(tmp, 'm');
    mkdirSync(join(root, 'data'), { recursive: true });
    writeFileSync(join(root, 'data', 'w.bin'), 'weights');
    symlinkSync(join(root, 'data', 'w.bin'), join(root, 'link.bin'));
    assert.equal(await ourHash(root), pythonStyleHash(root));
  });

  it('excluded entries are left out of the hash (ignore file applied)', async () => {
    const root = join(tmp, 'm');
    mkdirSync(root);
    writeFileSync(join(root, 'model.bin'), 'm');
    writeFileSync(join(root, 'debug.log'), 'noise');
    const without = await ourHash(root);
    writeFileSync(join(root, '.amlignore'), '*.log\n');
    const { reader } = await openLocalSource(root);
    const scan = await scanFolder(reader);
    assert.deepEqual(scan.files.map((f) => f.relPath), ['.amlignore', 'model.bin']);
    const withIgnore = await cliFolderHash(reader, scan.hashSteps);
    assert.notEqual(withIgnore, without);
    // Same as hashing a folder that only holds the non-ignored entries.
    rmSync(join(root, 'debug.log'));
    assert.equal(withIgnore, pythonStyleHash(root));
  });
});
