import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ScopeRef } from '../../../src/core/domain/ids';
import type { ModelContainer, ModelVersion, Workspace } from '../../../src/core/domain/model';
import { positionAt, recogniseModelReferences, summariseDeploymentYaml, summariseDeploymentYamlDocuments, yamlDocumentSpans } from '../../../src/core/references/recognise';
import { ReferenceResolver, type ModelKey, type ModelSnapshot } from '../../../src/core/references/resolver';
import { sharedFixturesDir } from '../../emulator/paths';

const fixtures = resolve(__dirname, '../../../../test/vscode/fixtures/workspace/model-references');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const raws = (text: string) => recogniseModelReferences(text).references.map((r) => r.raw);
const sub = 'a1b2c3d4-0001-4e5f-8a9b-00000000d001';
const arm = `/subscriptions/${sub}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/ws-fraud-prod/models/online-model-1/versions/1`;

describe('references: recogniser', () => {
  it('treats the inline model of every real safe-rollout deployment YAML as a local path, not a reference', () => {
    const dir = join(sharedFixturesDir(), 'real-models', 'online-safe-rollout');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
    assert.ok(files.length >= 3);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const result = recogniseModelReferences(text);
      assert.deepEqual(result.references, [], file);
      const summary = summariseDeploymentYaml(text, result);
      if (file === 'endpoint.yml') {
        assert.equal(summary, undefined);
        continue;
      }
      assert.equal(summary?.endpointName, 'my-endpoint', file);
      assert.equal(summary?.model?.kind, 'local', file);
      assert.match(summary?.model?.kind === 'local' ? summary.model.match.path : '', /^\.\.\/\.\.\/model-[12]\/model\/$/);
      const span = summary!.model!.kind === 'local' ? summary!.model!.match : undefined;
      assert.equal(text.slice(span!.start, span!.end), summary?.model?.kind === 'local' ? summary.model.match.path : '');
    }
  });

  it('reads a deployment YAML with `model: azureml:name:version` and skips the environment reference', () => {
    const text = read('blue-deployment.yml');
    const result = recogniseModelReferences(text);
    assert.deepEqual(result.references.map((r) => [r.raw, r.confidence, r.key]), [['azureml:fraud-detector:3', 'certain', 'model']]);
    const summary = summariseDeploymentYaml(text, result);
    assert.equal(summary?.name, 'blue');
    assert.equal(summary?.endpointName, 'fraud-online');
    assert.equal(summary?.model?.kind, 'reference');
    const pos = positionAt(text, result.references[0]!.start);
    assert.deepEqual(pos, { line: 3, character: 7 });
  });

  it('multi-document YAML: one summary per deployment document, offsets into the whole text', () => {
    const text = [
      '$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json',
      'name: fraud-online',
      '---',
      'name: blue',
      'endpoint_name: fraud-online',
      'model: azureml:fraud-detector:3',
      '--- # green',
      'name: green',
      'endpoint_name: fraud-online',
      'model: azureml:fraud-detector:4',
      '---',
      '',
    ].join('\n');
    assert.equal(yamlDocumentSpans(text).length, 3);
    const summaries = summariseDeploymentYamlDocuments(text);
    assert.deepEqual(summaries.map((s) => s.name), ['blue', 'green']);
    for (const [i, s] of summaries.entries()) {
      assert.equal(text.slice(s.modelKey!.start, s.modelKey!.end), `model: azureml:fraud-detector:${3 + i}`);
      assert.equal(s.model?.kind, 'reference');
      const m = s.model!.kind === 'reference' ? s.model!.match : undefined;
      assert.equal(text.slice(m!.start, m!.end), `azureml:fraud-detector:${3 + i}`);
    }
    // A single document reads as before.
    const single = 'name: blue\nendpoint_name: e\nmodel: azureml:m:1\n';
    assert.deepEqual(summariseDeploymentYamlDocuments(single), [summariseDeploymentYaml(single)]);
  });

  it('recognises the flow-mapping inline model as local', () => {
    const result = recogniseModelReferences('name: x\nendpoint_name: e\nmodel: {path: ./m, name: foo}\n');
    assert.deepEqual(result.references, []);
    assert.deepEqual(result.localModels.map((l) => l.path), ['./m']);
  });

  it('finds every spelling in Python, with confidence, and skips non-model assets', () => {
    const found = recogniseModelReferences(read('score_job.py')).references.map((r) => [r.raw, r.ref.kind, r.confidence]);
    assert.deepEqual(found, [
      ['azureml:fraud-detector:2', 'nameVersion', 'likely'],
      ['azureml:fraud-detector:1', 'nameVersion', 'likely'],
      ['azureml:fraud-detector:42', 'nameVersion', 'likely'],
      ['azureml://registries/shared-models/models/diabetes-regressor/versions/2', 'registryAsset', 'certain'],
      ['azureml:fraud-detector@latest', 'nameLabel', 'likely'],
      [arm, 'arm', 'certain'],
    ]);
  });

  it('finds references in JSON (model keys certain) and Markdown prose (trailing punctuation trimmed)', () => {
    assert.deepEqual(recogniseModelReferences(read('models.json')).references.map((r) => [r.raw, r.confidence]), [
      ['azureml:fraud-detector:3', 'certain'], ['azureml:no-such-model:1', 'certain'],
    ]);
    assert.deepEqual(raws(read('NOTES.md')), [
      'azureml:online-model-1:1', 'azureml:fraud-detector:3', 'azureml://registries/shared-models/models/diabetes-regressor/versions/2',
    ]);
  });

  it('handles azureml:-prefixed ARM ids, location ids, model ids without version, and ignores other asset ids', () => {
    const text = [
      `a: azureml:${arm}`,
      'b: azureml://locations/eastus/workspaces/5f1c2d3e-4a5b-4c6d-8e7f-00000000a001/models/churn/versions/4',
      `c: ${arm.replace('/versions/1', '')}`,
      `d: ${arm.replace('/models/online-model-1/versions/1', '/environments/env/versions/1')}`,
      'e: azureml://registries/r/environments/env/versions/1',
      'f: azureml://datastores/workspaceblobstore/paths/LocalUpload/x',
      'model: fraud-detector@latest',
    ].join('\n');
    const refs = recogniseModelReferences(text).references;
    assert.deepEqual(refs.map((r) => r.ref.kind), ['arm', 'locationAsset', 'arm', 'nameLabel']);
    assert.equal(refs[0]!.raw, `azureml:${arm}`);
    assert.equal(refs[3]!.raw, 'fraud-detector@latest');
  });

  it('reports ranges that slice back to the raw text', () => {
    for (const file of ['score_job.py', 'models.json', 'NOTES.md', 'blue-deployment.yml']) {
      const text = read(file);
      for (const r of recogniseModelReferences(text).references) assert.equal(text.slice(r.start, r.end), r.raw, file);
    }
  });
});

describe('references: resolver (cache, batching, dedupe)', () => {
  const ws: ScopeRef = { kind: 'workspace', subscriptionId: sub, resourceGroup: 'rg-ml-prod', name: 'ws-fraud-prod' };
  const scope: Workspace = { kind: 'workspace', id: '/x', name: ws.name, subscriptionId: sub, resourceGroup: ws.resourceGroup, tags: {} };
  const container: ModelContainer = { scope, id: '/x/models/m', name: 'm', tags: {}, properties: {}, isArchived: false, latestVersion: '3' };
  const version = (v: string, minute: number, isArchived = false): ModelVersion => ({
    scope, id: `/x/models/m/versions/${v}`, modelName: 'm', version: v, tags: {}, properties: {}, flavors: {}, isArchived, isAnonymous: false, createdAt: new Date(Date.UTC(2025, 0, 1, 0, minute)),
  });

  function fakeLoader() {
    const calls: Array<{ key: ModelKey; wanted: readonly string[] }> = [];
    const loader = async (key: ModelKey, wanted: readonly string[]): Promise<ModelSnapshot> => {
      calls.push({ key, wanted });
      if (key.modelName !== 'm') return { status: 'modelMissing' };
      const versions = new Map([['1', version('1', 1, true)], ['2', version('2', 2)], ['3', version('3', 3)]]);
      return { status: 'found', container, versions, missing: new Set(wanted.filter((w) => !versions.has(w))) };
    };
    return { calls, loader };
  }
  const ref = (raw: string) => recogniseModelReferences(`model: ${raw}`).references[0]!.ref;

  it('batches every version of one model into one read and caches it', async () => {
    const { calls, loader } = fakeLoader();
    const resolver = new ReferenceResolver(loader);
    const results = await Promise.all(['azureml:m:1', 'azureml:m:2', 'azureml:m:2', 'azureml:m:9', 'azureml:m@latest'].map((r) => resolver.resolve(ref(r), { workspace: ws })));
    assert.equal(calls.length, 1);
    assert.deepEqual([...calls[0]!.wanted].sort(), ['1', '2', '9']);
    assert.deepEqual(results.map((r) => r.status), ['found', 'found', 'found', 'versionMissing', 'found']);
    const first = results[0]!;
    assert.ok(first.status === 'found' && first.version.isArchived);
    assert.deepEqual(first.status === 'found' && first.newer.map((v) => v.version), ['3', '2']);
    const latest = results[4]!;
    assert.ok(latest.status === 'found' && latest.version.version === '3' && latest.viaLabel === 'latest');
    await resolver.resolve(ref('azureml:m:3'), { workspace: ws });
    assert.equal(calls.length, 1, 'served from the cache');
    resolver.refresh();
    await resolver.resolve(ref('azureml:m:3'), { workspace: ws });
    assert.equal(calls.length, 2, 'refresh forgets');
  });

  it('expires entries after the TTL', async () => {
    let now = 0;
    const { calls, loader } = fakeLoader();
    const resolver = new ReferenceResolver(loader, { ttlMs: 1000, now: () => now });
    await resolver.resolve(ref('azureml:m:2'), { workspace: ws });
    now = 500;
    await resolver.resolve(ref('azureml:m:2'), { workspace: ws });
    now = 2000;
    await resolver.resolve(ref('azureml:m:2'), { workspace: ws });
    assert.equal(calls.length, 2);
  });

  it('reports missing models, short refs without a workspace, and unknown location GUIDs', async () => {
    const { loader } = fakeLoader();
    const resolver = new ReferenceResolver(loader);
    assert.equal((await resolver.resolve(ref('azureml:nope:1'), { workspace: ws })).status, 'modelMissing');
    assert.equal((await resolver.resolve(ref('azureml:m:1'), {})).status, 'noWorkspace');
    assert.equal((await resolver.resolve(ref('azureml://locations/eastus/workspaces/abc/models/m/versions/1'), {})).status, 'unresolvable');
  });

  it('keeps loader failures as errors (briefly cached) instead of throwing', async () => {
    const resolver = new ReferenceResolver(async () => {
      throw new Error('boom');
    });
    const r = await resolver.resolve(ref('azureml:m:1'), { workspace: ws });
    assert.deepEqual(r.status === 'error' && r.message, 'boom');
  });
});
