/**
 * Issue 8 part 2 — the bad-input catalogue, pure layer: every hostile or malformed input a user, a folder or the
 * service can hand the core validators, with the exact message (or message substring) the user sees. One table, so
 * a reader sees every case in one place. The cases that need the service (malformed ARM bodies in the emulator,
 * hostile blob names in Azurite, odd model URIs) are in test/integration/catalogue/badInput.test.ts.
 *
 * Folder cases run against a real temporary folder through the production adapter (LocalFileTree) — symlinks,
 * unicode, long paths, > 1,500 files, empty — except "unreadable": the suite runs as root, whom chmod does not
 * stop, so that case goes through an in-memory FileTreeReader that fails `checkReadable` like EACCES does.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileTree } from '../../../src/azure/localFiles';
import { toModelContainer, toModelVersion } from '../../../src/azure/mappers';
import { validateDescription, validateTagRows } from '../../../src/core/curation/metadataEdit';
import { buildDownloadPlan, type RemoteBlob } from '../../../src/core/download/plan';
import { parseAssetRef } from '../../../src/core/domain/ids';
import type { ModelScope } from '../../../src/core/domain/model';
import { validateModelName } from '../../../src/core/domain/modelName';
import { parseTagFilters } from '../../../src/core/domain/tagFilter';
import type { EntryStat, FileTreeReader } from '../../../src/core/register/fileTree';
import { scanFolder } from '../../../src/core/register/folderScan';
import { parseKeyValues, validateRegisterName, validateVersion } from '../../../src/core/register/validation';
import { ModelSpecError, parseModelSpec } from '../../../src/core/register/yamlSpec';
import { versionTooltip } from '../../../src/tree/tooltips';
import { detailsView } from '../../../src/webviews/modelVersion/versionView';

type Expect = string | RegExp | undefined;

interface Case {
  readonly area: string;
  readonly input: string;
  /** The message the user sees (undefined: accepted, no message). */
  readonly run: () => Expect | Promise<Expect>;
  readonly expect: Expect;
}

let tmp = '';
const folder = (name: string): string => join(tmp, name);

async function scanProblems(root: string): Promise<string> {
  const scan = await scanFolder(new LocalFileTree(root));
  return [...scan.problems.map((p) => p.message), ...scan.warnings.map((w) => `warning: ${w.message}`)].join(' | ');
}

/** A memory tree whose `unreadable` entries fail like EACCES does (root is never refused by chmod). */
function memoryTree(files: Record<string, string>, unreadable: readonly string[]): FileTreeReader {
  return {
    realPath: async (rel) => `/mem/${rel}`,
    readDir: async (rel) => (rel === '' ? Object.keys(files) : []),
    lstat: async (rel): Promise<EntryStat> => ({ kind: 'file', size: files[rel]?.length ?? 0 }),
    resolveLink: async () => undefined,
    checkReadable: async (rel) => {
      if (unreadable.includes(rel)) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
    },
    async *readChunks(rel) {
      yield Buffer.from(files[rel] ?? '');
    },
    readText: async (rel) => files[rel],
  };
}

function spec(text: string): string | undefined {
  try {
    parseModelSpec(text, '/w/model.yml', '/w');
    return undefined;
  } catch (error) {
    if (error instanceof ModelSpecError) return error.message;
    throw error;
  }
}

const ws: ModelScope = { kind: 'workspace', id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws', name: 'ws', subscriptionId: 's', resourceGroup: 'rg', tags: {} } as ModelScope;

function downloadProblem(names: readonly string[], caseInsensitive = false): string | undefined {
  const under: RemoteBlob[] = names.map((name) => ({ name, size: 1 }));
  const result = buildDownloadPlan({ modelName: 'm', version: '1', listing: { prefix: 'LocalUpload/abc/model', under }, caseInsensitive });
  return result.ok ? undefined : result.problem.message;
}

/** Renders hostile text through every surface that shows it; returns what is unsafe, or 'safe'. */
function renderHostile(text: string, field: 'description' | 'tag'): string {
  const raw = field === 'description' ? { properties: { description: text, tags: {} } } : { properties: { tags: { note: text } } };
  const version = toModelVersion(ws, 'hostile', { name: '1', id: `${ws.id}/models/hostile/versions/1`, ...raw });
  const tooltip = versionTooltip(version);
  const view = detailsView(version);
  const problems: string[] = [];
  if (/<script|<img|javascript:/i.test(tooltip) && !/\\</.test(tooltip)) problems.push('tooltip renders HTML');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069]/.test(tooltip)) problems.push('tooltip keeps control/bidi characters');
  if (tooltip.length > 4000) problems.push(`tooltip is ${tooltip.length} characters`);
  // The webview gets the text verbatim and renders it with textContent (see test/unit/security): it must arrive intact.
  const shown = field === 'description' ? view.description : view.tags.find((r) => r.name === 'note')?.value;
  if (shown !== text) problems.push('webview view model altered the text');
  return problems.length ? problems.join(', ') : 'safe';
}

const long = (n: number): string => 'a'.repeat(n);

const cases: Case[] = [
  // ---- model names ----
  { area: 'name', input: 'empty', run: () => validateModelName(''), expect: 'Enter a model name.' },
  { area: 'name', input: '256 characters', run: () => validateModelName(long(256)), expect: 'A model name can be at most 255 characters (this one has 256).' },
  { area: 'name', input: 'starts with "-"', run: () => validateModelName('-model'), expect: 'A model name must start with a letter or a digit.' },
  { area: 'name', input: 'space', run: () => validateModelName('my model'), expect: 'A model name can contain only letters, digits, "-" and "_" (found a space at position 3).' },
  { area: 'name', input: '"#"', run: () => validateModelName('model#1'), expect: 'A model name can contain only letters, digits, "-" and "_" (found "#" at position 6).' },
  { area: 'name', input: '"%"', run: () => validateModelName('m%20'), expect: 'found "%" at position 2' },
  { area: 'name', input: 'unicode', run: () => validateModelName('модель'), expect: 'A model name must start with a letter or a digit.' },
  { area: 'name', input: 'dot (allowed for versions, not names)', run: () => validateModelName('model.v2'), expect: 'found "." at position 6' },
  { area: 'name', input: 'registry: path separator', run: () => validateRegisterName('a/b', 'registry'), expect: 'found "/" at position 2). (Registry model names follow the same rule.)' },
  { area: 'name', input: '255 characters (limit, accepted)', run: () => validateModelName(long(255)), expect: undefined },
  // ---- versions ----
  { area: 'version', input: 'registry: "1.5"', run: () => validateVersion('1.5', 'registry'), expect: 'In a registry the version must be a positive whole number such as 1 or 2 (got "1.5").' },
  { area: 'version', input: 'registry: "0"', run: () => validateVersion('0', 'registry'), expect: 'positive whole number such as 1 or 2 (got "0")' },
  { area: 'version', input: 'registry: "007"', run: () => validateVersion('007', 'registry'), expect: 'Write the version without leading zeros (7).' },
  { area: 'version', input: 'whitespace only', run: () => validateVersion('   ', 'workspace'), expect: 'Enter a version.' },
  { area: 'version', input: 'padded " 3"', run: () => validateVersion(' 3', 'workspace'), expect: 'A version cannot start or end with spaces.' },
  { area: 'version', input: 'workspace: 31 characters', run: () => validateVersion(long(31), 'workspace'), expect: 'at most 30 characters' },
  { area: 'version', input: 'workspace: "1/2"', run: () => validateVersion('1/2', 'workspace'), expect: 'contain only letters, digits, ".", "-" and "_", at most 30 characters (got "1/2")' },
  { area: 'version', input: 'already exists', run: () => validateVersion('2', 'registry', { exists: true, nextVersion: '3' }), expect: 'Version 2 already exists; the next free version is 3. Versions cannot be overwritten.' },
  // ---- tags and properties (register key=value entry) ----
  { area: 'tags', input: 'no "="', run: () => parseKeyValues(['team'], 'tag').problems.join(), expect: '"team" is not key=value: add "=" and a value for the tag.' },
  { area: 'tags', input: 'empty value', run: () => parseKeyValues(['team='], 'tag').problems.join(), expect: 'The tag "team" has an empty value; give it a value or remove it.' },
  { area: 'tags', input: 'whitespace-only value', run: () => parseKeyValues(['team=   '], 'tag').problems.join(), expect: 'The tag "team" has an empty value' },
  { area: 'tags', input: 'duplicate key', run: () => parseKeyValues(['a=1', 'a=2'], 'tag').problems.join(), expect: 'The tag "a" is given twice; keep one.' },
  { area: 'tags', input: 'empty key', run: () => parseKeyValues(['=x'], 'tag').problems.join(), expect: 'A tag key cannot be empty.' },
  { area: 'tags', input: 'control character in key', run: () => parseKeyValues(['a\u0007b=1'], 'tag').problems.join(), expect: 'contains a control character.' },
  { area: 'tags', input: 'value > 5,000 characters', run: () => parseKeyValues([`k=${long(5001)}`], 'tag').problems.join(), expect: 'The value of tag "k" is longer than 5,000 characters.' },
  { area: 'properties', input: 'key > 256 characters', run: () => parseKeyValues([`${long(257)}=1`], 'property').problems.join(), expect: `The property key "${long(20)}…" is longer than 256 characters.` },
  { area: 'tags (editor)', input: 'keys differing only in case', run: () => validateTagRows([{ key: 'Team', value: 'a' }, { key: 'team', value: 'b' }]).problems.join(), expect: 'The tags "Team" and "team" differ only in case; keep one.' },
  { area: 'tags (editor)', input: 'line break in value', run: () => validateTagRows([{ key: 'k', value: 'a\nb' }]).problems.join(), expect: 'The value of tag "k" contains a control character (such as a line break); tags are single-line.' },
  { area: 'tags (editor)', input: 'value without key', run: () => validateTagRows([{ key: ' ', value: 'x' }]).problems.join(), expect: 'Tag 1 has a value but no key.' },
  { area: 'tags (filter)', input: '"a=b=c"', run: () => { const r = parseTagFilters('a=b=c'); return r.ok ? undefined : r.message; }, expect: '"a=b=c" has more than one "=". Write key=value; a tag filter cannot contain "=" in its value.' },
  { area: 'description', input: '5,001 characters', run: () => validateDescription(long(5001)), expect: 'The description is longer than 5,000 characters (5,001).' },
  { area: 'description', input: 'NUL character', run: () => validateDescription('ok\u0000no'), expect: 'The description contains a control character; remove it (line breaks and tabs are fine).' },
  // ---- folders ----
  { area: 'path', input: 'empty folder', run: () => { mkdirSync(folder('empty')); return scanProblems(folder('empty')); }, expect: 'The folder is empty: there is nothing to register.' },
  {
    area: 'path', input: 'every file ignored', expect: 'Every file in the folder is excluded by .amlignore (2 ignored): there is nothing to upload.',
    run: () => { mkdirSync(folder('ign')); writeFileSync(join(folder('ign'), '.amlignore'), '*\n'); writeFileSync(join(folder('ign'), 'a.bin'), 'x'); return scanProblems(folder('ign')); },
  },
  {
    area: 'path', input: '1,501 files', expect: 'The folder has 1,501 files; Azure ML allows at most 1,500 per model version. Exclude files with .amlignore or archive them.',
    run: () => { mkdirSync(folder('many')); for (let i = 0; i < 1501; i++) writeFileSync(join(folder('many'), `f${i}`), ''); return scanProblems(folder('many')); },
  },
  {
    area: 'path', input: 'symlink to outside the folder', expect: /Symbolic link "escape" points outside the folder \(.*\/outside-target\)\. Copy the file into the folder or remove the link\./,
    run: () => { mkdirSync(folder('out')); writeFileSync(folder('outside-target'), 'x'); writeFileSync(join(folder('out'), 'm.bin'), 'x'); symlinkSync(folder('outside-target'), join(folder('out'), 'escape')); return scanProblems(folder('out')); },
  },
  {
    area: 'path', input: 'symlink loop (link to its parent)', expect: 'Symbolic link "sub/loop" points to its own parent folder (a loop). Remove the link or add it to .amlignore.',
    run: () => { mkdirSync(join(folder('loop'), 'sub'), { recursive: true }); writeFileSync(join(folder('loop'), 'm.bin'), 'x'); symlinkSync('..', join(folder('loop'), 'sub', 'loop')); return scanProblems(folder('loop')); },
  },
  {
    area: 'path', input: 'dangling symlink (warning, skipped)', expect: 'warning: Symbolic link "gone" points to nothing and is skipped.',
    run: () => { mkdirSync(folder('dangle')); writeFileSync(join(folder('dangle'), 'm.bin'), 'x'); symlinkSync(join(folder('dangle'), 'nowhere'), join(folder('dangle'), 'gone')); return scanProblems(folder('dangle')); },
  },
  {
    area: 'path', input: 'unreadable file (in-memory reader, EACCES)', expect: '"secret.bin" cannot be read (EACCES). Fix its permissions or add it to .amlignore.',
    run: async () => (await scanFolder(memoryTree({ 'model.bin': 'x', 'secret.bin': 'y' }, ['secret.bin']))).problems.map((p) => p.message).join(' | '),
  },
  {
    area: 'path', input: 'unicode, spaces, # and % in names (accepted)', expect: undefined,
    run: async () => { const root = folder('uni #1 %41 模型'); mkdirSync(root); writeFileSync(join(root, 'ünï 模型 #a %41.bin'), 'x'); return (await scanProblems(root)) || undefined; },
  },
  {
    area: 'path', input: 'long path (20 levels, 240-char file name; accepted)', expect: undefined,
    run: async () => {
      let dir = folder('deep');
      for (let i = 0; i < 20; i++) dir = join(dir, `level-${i}-${long(20)}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${long(240)}.bin`), 'x');
      const scan = await scanFolder(new LocalFileTree(folder('deep')));
      assert.equal(scan.files.length, 1);
      assert.ok(scan.files[0]!.relPath.length > 700);
      return scan.problems.map((p) => p.message).join() || undefined;
    },
  },
  // ---- YAML specs ----
  { area: 'yaml', input: 'unknown key', run: () => spec('name: m\npath: ./model\nflavour: x\n'), expect: 'line 3: unknown key "flavour"; a model spec has' },
  { area: 'yaml', input: 'missing path', run: () => spec('name: m\n'), expect: '"path" is missing: give the model folder or file, relative to the YAML file.' },
  { area: 'yaml', input: 'missing name', run: () => spec('path: ./m\n'), expect: '"name" is missing: a model spec needs a name.' },
  { area: 'yaml', input: 'remote path', run: () => spec('name: m\npath: azureml://datastores/x/paths/y\n'), expect: 'line 2: path "azureml://datastores/x/paths/y" is remote; this command uploads a local folder or file.' },
  { area: 'yaml', input: 'unknown type', run: () => spec('name: m\npath: ./m\ntype: pickle\n'), expect: 'line 3: unknown type "pickle"; use one of' },
  // ---- asset-id spellings (undefined = not recognised; the caller says "not a model reference") ----
  { area: 'asset id', input: 'azureml:name (no version)', run: () => (parseAssetRef('azureml:name') ? 'parsed' : undefined), expect: undefined },
  { area: 'asset id', input: 'azureml:a:b:c', run: () => (parseAssetRef('azureml:a:b:c') ? 'parsed' : undefined), expect: undefined },
  { area: 'asset id', input: 'runs:/ without run id', run: () => (parseAssetRef('runs://model') ? 'parsed' : undefined), expect: undefined },
  { area: 'asset id', input: 'ARM id of another provider', run: () => (parseAssetRef('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/workspaces/w/models/m/versions/1') ? 'parsed' : undefined), expect: undefined },
  { area: 'asset id', input: 'mixed-case azureml://REGISTRIES/… (accepted)', run: () => parseAssetRef('AZUREML://REGISTRIES/shared/MODELS/m/VERSIONS/2')?.kind, expect: 'registryAsset' },
  // ---- hostile blob names (download plan) ----
  { area: 'blob name', input: '".." segment', run: () => downloadProblem(['LocalUpload/abc/model/../../evil.txt']), expect: 'the blob "LocalUpload/abc/model/../../evil.txt" is not a safe file name because it contains ".." (it would resolve outside the destination). Nothing was written.' },
  { area: 'blob name', input: 'drive letter', run: () => downloadProblem(['LocalUpload/abc/model/C:/x.txt']), expect: 'because it contains a drive letter' },
  { area: 'blob name', input: 'backslash', run: () => downloadProblem(['LocalUpload/abc/model/a\\b.txt']), expect: 'because it contains a backslash (a folder separator on Windows)' },
  { area: 'blob name', input: 'control character', run: () => downloadProblem(['LocalUpload/abc/model/a\u0001.txt']), expect: 'because it contains a control character' },
  { area: 'blob name', input: 'empty segment "//"', run: () => downloadProblem(['LocalUpload/abc/model/a//b.txt']), expect: 'because it contains an empty path segment' },
  { area: 'blob name', input: 'case-only twins on a case-insensitive disk', run: () => downloadProblem(['LocalUpload/abc/model/A.txt', 'LocalUpload/abc/model/a.txt'], true), expect: 'which ignores letter case: 1 name differ only in letter case' },
  { area: 'blob name', input: 'file and folder of the same name', run: () => downloadProblem(['LocalUpload/abc/model/x', 'LocalUpload/abc/model/x/y']), expect: 'is both a file and a folder' },
  { area: 'blob name', input: 'no blobs under the prefix', run: () => downloadProblem([]), expect: 'there are no files at "LocalUpload/abc/model" in its storage' },
  // ---- hostile service text (rendered in tooltips and the details webview) ----
  { area: 'hostile text', input: 'description with <script>', run: () => renderHostile('<script>alert(1)</script><img src=x onerror=alert(2)>', 'description'), expect: 'safe' },
  { area: 'hostile text', input: 'tag value with [link](javascript:…)', run: () => renderHostile('[click](javascript:alert(1)) **bold** `code`', 'tag'), expect: 'safe' },
  { area: 'hostile text', input: 'control characters', run: () => renderHostile('a\u0000b\u0007c\u001bd', 'description'), expect: 'safe' },
  { area: 'hostile text', input: 'RTL override (U+202E) in a tag', run: () => renderHostile('invoice\u202Efdp.exe', 'tag'), expect: 'safe' },
  { area: 'hostile text', input: 'huge description (1 MB)', run: () => renderHostile('x'.repeat(1024 * 1024), 'description'), expect: 'safe' },
  // ---- malformed ARM bodies (mapper level; the emulator round trip is in the integration catalogue) ----
  { area: 'ARM body', input: 'version without properties', run: () => toModelVersion(ws, 'm', { name: '1' } as never).version, expect: '1' },
  { area: 'ARM body', input: 'tags: null, flavors: "x", properties: []', run: () => { const v = toModelVersion(ws, 'm', { name: '2', properties: { tags: null, flavors: 'x', properties: [] } } as never); return `${Object.keys(v.tags).length}/${Object.keys(v.flavors).length}`; }, expect: '0/0' },
  { area: 'ARM body', input: 'container with numeric latestVersion, tags: "x"', run: () => { const c = toModelContainer(ws, { name: 'zz', id: `${ws.id}/models/zz`, properties: { latestVersion: 7, tags: 'x' } } as never); return `${c.name}/${c.latestVersion ?? 'none'}/${Object.keys(c.tags).length}`; }, expect: 'zz/' },
];

describe('bad-input catalogue (pure validators, issue 8)', function () {
  this.timeout(30_000);
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'badinput-'))));
  after(() => {
    rmSync(tmp, { recursive: true, force: true });
    console.log(`      bad-input catalogue (unit): ${cases.length} cases`);
  });

  it('has at least 40 cases', () => assert.ok(cases.length >= 40, `${cases.length}`));

  for (const c of cases) {
    it(`${c.area}: ${c.input}`, async () => {
      let got: Expect;
      try {
        got = await c.run();
      } catch (error) {
        assert.fail(`threw instead of answering: ${(error as Error).stack}`);
      }
      if (c.expect === undefined) assert.equal(got || undefined, undefined, `expected acceptance, got: ${String(got)}`);
      else if (c.expect instanceof RegExp) assert.match(String(got), c.expect);
      else assert.ok(typeof got === 'string' && got.includes(c.expect), `expected …${c.expect}…\n     got ${String(got)}`);
    });
  }
});
