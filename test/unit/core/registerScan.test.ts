import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileTree, openLocalSource } from '../../../src/azure/localFiles';
import type { EntryStat, FileTreeReader, LinkTarget } from '../../../src/core/register/fileTree';
import { maxFilesPerVersion, scanFolder } from '../../../src/core/register/folderScan';
import { IgnoreRules } from '../../../src/core/register/ignoreRules';
import { detectModelType, parseMlmodelFlavors } from '../../../src/core/register/modelType';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const realModels = resolve(__dirname, '../../../..', '..', 'shared', 'fixtures', 'real-models');

function rules(text: string, file: '.amlignore' | '.gitignore' = '.amlignore'): IgnoreRules {
  return IgnoreRules.parse(file, text);
}

describe('register: ignore rules (gitwildmatch)', () => {
  it('matches a bare name at any depth, files and folders', () => {
    const r = rules('*.log\n__pycache__\n');
    assert.ok(r.isExcluded('a.log'));
    assert.ok(r.isExcluded('deep/x/a.log'));
    assert.ok(r.isExcluded('__pycache__'));
    assert.ok(r.isExcluded('src/__pycache__/m.pyc'));
    assert.ok(!r.isExcluded('a.logx'));
  });

  it('anchors patterns with a leading or inner slash', () => {
    const r = rules('/build\ndocs/tmp\n');
    assert.ok(r.isExcluded('build'));
    assert.ok(r.isExcluded('build/out.bin'));
    assert.ok(!r.isExcluded('src/build'));
    assert.ok(r.isExcluded('docs/tmp/a'));
    assert.ok(!r.isExcluded('x/docs/tmp'));
  });

  it('directory patterns (trailing slash) exclude what is below, as pathspec does', () => {
    const r = rules('cache/\n');
    assert.ok(!r.isExcluded('cache'));
    assert.ok(r.isExcluded('cache/a'));
    assert.ok(r.isExcluded('x/cache/a/b'));
  });

  it('supports ** in every position', () => {
    const r = rules('**/logs\na/**/b.txt\nout/**\n');
    assert.ok(r.isExcluded('logs'));
    assert.ok(r.isExcluded('x/y/logs/z'));
    assert.ok(r.isExcluded('a/b.txt'));
    assert.ok(r.isExcluded('a/x/y/b.txt'));
    assert.ok(r.isExcluded('out/q'));
    assert.ok(!r.isExcluded('out'));
  });

  it('negation re-includes; the last match wins; comments, blanks and escapes', () => {
    const r = rules('# comment\n\n*.bin\n!keep.bin\n\\#hash\n\\!bang\n?x[0-9].txt\n[!a]b\n');
    assert.ok(r.isExcluded('w.bin'));
    assert.ok(!r.isExcluded('keep.bin'));
    assert.ok(!r.isExcluded('sub/keep.bin'));
    assert.ok(r.isExcluded('#hash'));
    assert.ok(r.isExcluded('!bang'));
    assert.ok(r.isExcluded('ax7.txt'));
    assert.ok(!r.isExcluded('ax.txt'));
    assert.ok(r.isExcluded('bb'));
    assert.ok(!r.isExcluded('ab'));
  });
});

/** An in-memory tree for cases the disk cannot produce as root (unreadable files). */
function memoryTree(files: Record<string, string>, unreadable: string[] = []): FileTreeReader {
  const dirs = new Set<string>(['']);
  for (const p of Object.keys(files)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return {
    realPath: async (rel) => `/mem/${rel}`,
    readDir: async (rel) => [...new Set([...Object.keys(files), ...dirs].filter((p) => p !== rel && (rel === '' ? !p.includes('/') : p.startsWith(`${rel}/`) && !p.slice(rel.length + 1).includes('/'))).map((p) => p.split('/').pop()!))],
    lstat: async (rel): Promise<EntryStat> => (dirs.has(rel) ? { kind: 'directory', size: 0 } : { kind: 'file', size: files[rel]!.length }),
    resolveLink: async (): Promise<LinkTarget | undefined> => undefined,
    checkReadable: async (rel) => {
      if (unreadable.includes(rel)) throw Object.assign(new Error('denied'), { code: 'EACCES' });
    },
    async *readChunks(rel) {
      yield Buffer.from(files[rel]!);
    },
    readText: async (rel) => files[rel],
  };
}

describe('register: folder scan policies', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'regscan-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('.amlignore wins over .gitignore; only the root file counts', async () => {
    const root = join(tmp, 'm');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, '.gitignore'), '*.txt\n');
    writeFileSync(join(root, '.amlignore'), '*.log\n');
    writeFileSync(join(root, 'sub', '.amlignore'), '*.bin\n');
    for (const f of ['a.txt', 'a.log', 'sub/a.bin']) writeFileSync(join(root, f), 'x');
    const scan = await scanFolder(new LocalFileTree(root));
    assert.equal(scan.ignore.file, '.amlignore');
    assert.deepEqual(scan.files.map((f) => f.relPath), ['.amlignore', '.gitignore', 'a.txt', 'sub/.amlignore', 'sub/a.bin']);
    assert.equal(scan.ignoredCount, 1);
  });

  it('an excluded folder is not entered (a negation below it cannot re-include)', async () => {
    const root = join(tmp, 'm');
    mkdirSync(join(root, 'build'), { recursive: true });
    writeFileSync(join(root, '.amlignore'), 'build\n!build/keep.txt\n');
    writeFileSync(join(root, 'build', 'keep.txt'), 'k');
    writeFileSync(join(root, 'model.bin'), 'm');
    const scan = await scanFolder(new LocalFileTree(root));
    assert.deepEqual(scan.files.map((f) => f.relPath), ['.amlignore', 'model.bin']);
  });

  it('empty folder, all files ignored: specific problems', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    assert.deepEqual((await scanFolder(new LocalFileTree(empty))).problems.map((p) => p.code), ['emptyFolder']);
    const ignored = join(tmp, 'ignored');
    mkdirSync(ignored);
    writeFileSync(join(ignored, '.amlignore'), '*\n');
    writeFileSync(join(ignored, 'a.bin'), 'x');
    const scan = await scanFolder(new LocalFileTree(ignored));
    assert.deepEqual(scan.problems.map((p) => p.code), ['allIgnored']);
    assert.match(scan.problems[0]!.message, /excluded by \.amlignore \(2 ignored\)/);
  });

  it(`more than ${maxFilesPerVersion} files is refused with the count`, async function () {
    this.timeout(20_000);
    const root = join(tmp, 'many');
    mkdirSync(root);
    for (let i = 0; i <= maxFilesPerVersion; i++) writeFileSync(join(root, `f${i}`), '');
    const scan = await scanFolder(new LocalFileTree(root));
    assert.deepEqual(scan.problems.map((p) => p.code), ['tooManyFiles']);
    assert.match(scan.problems[0]!.message, /1,501 files.*at most 1,500/);
  });

  it('symlinks: inside followed, outside refused, dangling skipped with a warning, loops detected', async () => {
    const outside = join(tmp, 'outside.bin');
    writeFileSync(outside, 'o');
    const root = join(tmp, 'm');
    mkdirSync(join(root, 'd'), { recursive: true });
    writeFileSync(join(root, 'd', 'w.bin'), 'w');
    symlinkSync(join(root, 'd', 'w.bin'), join(root, 'inside.bin'));
    symlinkSync(join(root, 'd'), join(root, 'dirlink'));
    symlinkSync(outside, join(root, 'out.bin'));
    symlinkSync(join(root, 'nothing'), join(root, 'dangling'));
    symlinkSync(root, join(root, 'd', 'loop'));
    const scan = await scanFolder(new LocalFileTree(root));
    assert.deepEqual(scan.problems.map((p) => [p.code, p.path]), [['symlinkLoop', 'd/loop'], ['symlinkLoop', 'dirlink/loop'], ['symlinkOutside', 'out.bin']]);
    assert.deepEqual(scan.warnings.map((w) => [w.code, w.path]), [['danglingSymlink', 'dangling']]);
    assert.deepEqual(scan.files.map((f) => f.relPath), ['d/w.bin', 'dirlink/w.bin', 'inside.bin']);
  });

  it('unreadable files are reported by path', async () => {
    const scan = await scanFolder(memoryTree({ 'a.bin': 'a', 'secret/key.bin': 'k' }, ['secret/key.bin']));
    assert.deepEqual(scan.problems.map((p) => [p.code, p.path]), [['unreadable', 'secret/key.bin']]);
    assert.match(scan.problems[0]!.message, /EACCES/);
  });

  it('empty subfolders are hashed but reported as not uploadable', async () => {
    const root = join(tmp, 'm');
    mkdirSync(join(root, 'e'), { recursive: true });
    writeFileSync(join(root, 'a'), 'a');
    const scan = await scanFolder(new LocalFileTree(root));
    assert.deepEqual(scan.warnings.map((w) => w.code), ['emptySubfolder']);
    assert.deepEqual(scan.hashSteps, [{ name: 'a' }, { file: 'a' }, { name: 'e' }]);
  });
});

describe('register: model type detection', () => {
  const detect = async (path: string) => {
    const { reader } = await openLocalSource(path);
    const scan = await scanFolder(reader);
    return detectModelType(scan.files.map((f) => f.relPath), scan.directories, false).modelType;
  };

  it('real folders: MLmodel → mlflow_model, Triton → triton_model, pickle → custom_model', async () => {
    assert.equal(await detect(join(realModels, 'sklearn-diabetes-mlflow', 'model')), 'mlflow_model');
    assert.equal(await detect(join(realModels, 'cli-assets-model', 'mlflow-model')), 'mlflow_model');
    assert.equal(await detect(join(realModels, 'triton-bertsquad')), 'triton_model');
    assert.equal(await detect(join(realModels, 'online-model-1', 'model')), 'custom_model');
  });

  it('a Triton model repository (folders of models) and a config.pbtxt without versions', () => {
    assert.equal(detectModelType(['bert/config.pbtxt', 'bert/1/model.onnx', 'resnet/config.pbtxt', 'resnet/3/m.plan'], ['bert', 'bert/1', 'resnet', 'resnet/3'], false).modelType, 'triton_model');
    assert.equal(detectModelType(['config.pbtxt', 'model.onnx'], [], false).modelType, 'custom_model');
    assert.equal(detectModelType(['MLmodel'], [], true).modelType, 'custom_model');
  });

  it('a model one folder down gives a hint (MLflow first, then Triton), only when exactly one sub-folder is one', () => {
    const mlflowDown = detectModelType(['README.md', 'model/MLmodel', 'model/model.pkl'], ['model'], false);
    assert.equal(mlflowDown.modelType, 'custom_model');
    assert.equal(mlflowDown.hint, "An MLflow model was found in 'model/'. Register that folder to get an MLflow model.");
    const tritonDown = detectModelType(['README.md', 'triton/config.pbtxt', 'triton/1/m.onnx', 'docs/a.md'], ['triton', 'triton/1', 'docs'], false);
    assert.equal(tritonDown.hint, "A Triton model was found in 'triton/'. Register that folder to get a Triton model.");
    const repoDown = detectModelType(['x.txt', 'repo/bert/config.pbtxt', 'repo/bert/1/m.onnx'], ['repo', 'repo/bert', 'repo/bert/1'], false);
    assert.equal(repoDown.hint, "A Triton model was found in 'repo/'. Register that folder to get a Triton model.");
    assert.equal(detectModelType(['a/MLmodel', 'b/MLmodel'], ['a', 'b'], false).hint, undefined, 'two candidates: no guess');
    assert.equal(detectModelType(['a/x/MLmodel'], ['a', 'a/x'], false).hint, undefined, 'only one level down');
    assert.equal(detectModelType(['MLmodel', 'model/MLmodel'], ['model'], false).hint, undefined, 'the root is the model');
  });

  it('reads the flavors of the real MLmodel files (multi-line signatures do not confuse it)', () => {
    const flavors = parseMlmodelFlavors(readFileSync(join(realModels, 'sklearn-diabetes-mlflow', 'model', 'MLmodel'), 'utf8'));
    assert.deepEqual(Object.keys(flavors), ['python_function', 'sklearn']);
    assert.equal(flavors['sklearn']!.data['sklearn_version'], '0.24.1');
    assert.equal(flavors['python_function']!.data['loader_module'], 'mlflow.sklearn');
  });
});
