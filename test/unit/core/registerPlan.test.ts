import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openLocalSource } from '../../../src/azure/localFiles';
import type { Registry, Workspace } from '../../../src/core/domain/model';
import { buildRegisterPlan, prepareRegisterPlan, readSource, summarizePlan, type ModelLookup, type RegisterRequest } from '../../../src/core/register/plan';
import { parseKeyValues, validateVersion } from '../../../src/core/register/validation';
import { exportModelSpec, ModelSpecError, parseModelSpec } from '../../../src/core/register/yamlSpec';
import { parseYamlSubset } from '../../../src/core/register/yamlSubset';

const realModels = resolve(__dirname, '../../../..', '..', 'shared', 'fixtures', 'real-models');
const ws: Workspace = { kind: 'workspace', id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w', name: 'w', subscriptionId: 's', resourceGroup: 'rg', tags: {} };
const reg: Registry = { kind: 'registry', id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/registries/r', name: 'r', subscriptionId: 's', resourceGroup: 'rg', tags: {} };
const newModel: ModelLookup = { nextVersion: async () => undefined, versionExists: async () => false };
const existing = (next: string, versions: string[]): ModelLookup => ({ nextVersion: async () => next, versionExists: async (v) => versions.includes(v) });

async function plan(path: string, request: Partial<RegisterRequest>, lookup: ModelLookup = newModel) {
  const { reader, source } = await openLocalSource(path);
  return prepareRegisterPlan(reader, { scope: ws, source, name: 'm', ...request }, lookup);
}

describe('register: validation', () => {
  it('registry versions are positive integers; workspace versions follow the asset rule', () => {
    assert.equal(validateVersion('3', 'registry'), undefined);
    assert.match(validateVersion('1.0', 'registry')!, /positive whole number/);
    assert.match(validateVersion('0', 'registry')!, /positive whole number/);
    assert.match(validateVersion('07', 'registry')!, /leading zeros \(7\)/);
    assert.equal(validateVersion('1.0-beta', 'workspace'), undefined);
    assert.match(validateVersion('a b', 'workspace')!, /letters, digits/);
    assert.match(validateVersion('2', 'workspace', { exists: true, nextVersion: '5' })!, /already exists; the next free version is 5/);
  });

  it('key=value tags: empty values, whitespace values, duplicates, missing "=", bad keys', () => {
    const r = parseKeyValues(['a=1', 'b=', 'c=   ', 'a=2', 'novalue', ' =x', 'ok = fine '], 'tag');
    assert.deepEqual(r.values, { a: '1', ok: 'fine' });
    assert.deepEqual(r.problems, [
      'The tag "b" has an empty value; give it a value or remove it.',
      'The tag "c" has an empty value; give it a value or remove it.',
      'The tag "a" is given twice; keep one.',
      '"novalue" is not key=value: add "=" and a value for the tag.',
      'A tag key cannot be empty.',
    ]);
  });
});

describe('register: plan', () => {
  it('workspace plan for the real MLflow folder: type, flavors, CLI prefix, indicator, long URI, defaults', async () => {
    const result = await plan(join(realModels, 'sklearn-diabetes-mlflow', 'model'), { tags: ['team=risk'] }, existing('4', ['1', '2', '3']));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    const p = result.plan;
    assert.equal(p.version, '4');
    assert.ok(p.versionWasDefaulted);
    assert.equal(p.modelType, 'mlflow_model');
    assert.deepEqual(Object.keys(p.flavors ?? {}), ['python_function', 'sklearn']);
    assert.match(p.blobPrefix, /^LocalUpload\/[0-9a-f]{32}\/model\/$/);
    assert.deepEqual(p.files.map((f) => f.blobName.slice(p.blobPrefix.length)), ['MLmodel', 'conda.yaml', 'model.pkl', 'requirements.txt']);
    assert.equal(p.indicatorBlob, `${p.blobPrefix}MLmodel`);
    assert.equal(p.modelUri, `azureml://subscriptions/s/resourcegroups/rg/workspaces/w/datastores/workspaceblobstore/paths/${p.blobPrefix.slice(0, -1)}`);
    assert.equal(p.totalBytes, 771 + 235 + 749 + 59);
    const text = summarizePlan(p);
    for (const part of ["model 'm' version 4 (next free version)", 'Type: mlflow_model (detected: an MLmodel file at the root)', 'MLflow flavors: python_function, sklearn', 'Tags: team=risk', 'Files: 4 (1.8 KB)', p.modelUri!]) {
      assert.ok(text.includes(part), `${part} in\n${text}`);
    }
  });

  it('the real sklearn-diabetes-mlflow/ (MLmodel in model/) registers as custom_model with a note pointing at model/', async () => {
    const note = "An MLflow model was found in 'model/'. Register that folder to get an MLflow model.";
    const result = await plan(join(realModels, 'sklearn-diabetes-mlflow'), {});
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.equal(result.plan.modelType, 'custom_model');
    assert.deepEqual(result.plan.notes, [note]);
    assert.ok(summarizePlan(result.plan).includes(`Note: ${note}`), summarizePlan(result.plan));
    // Asking for mlflow_model on the outer folder fails, and says where the MLmodel is.
    const forced = await plan(join(realModels, 'sklearn-diabetes-mlflow'), { modelType: 'mlflow_model' });
    assert.ok(!forced.ok);
    assert.ok(forced.problems.includes(note), forced.problems.join('\n'));
    // The model folder itself: no note.
    const inner = await plan(join(realModels, 'sklearn-diabetes-mlflow', 'model'), {});
    assert.ok(inner.ok);
    assert.deepEqual(inner.plan.notes, []);
  });

  it('a type stated by a spec is shown as "from the spec", not "detected"', async () => {
    const path = join(realModels, 'sklearn-diabetes-mlflow', 'model');
    const fromSpec = await plan(path, { modelType: 'mlflow_model', modelTypeSource: 'spec' });
    assert.ok(fromSpec.ok);
    assert.match(summarizePlan(fromSpec.plan), /^Type: mlflow_model \(from the spec\)$/m);
    const differing = await plan(path, { modelType: 'custom_model', modelTypeSource: 'spec' });
    assert.ok(differing.ok);
    assert.match(summarizePlan(differing.plan), /^Type: custom_model \(from the spec; the folder looks like mlflow_model\)$/m);
    assert.doesNotMatch(summarizePlan(differing.plan), /detected/);
    const typed = await plan(path, { modelType: 'custom_model', modelTypeSource: 'user' });
    assert.ok(typed.ok);
    assert.match(summarizePlan(typed.plan), /^Type: custom_model \(detected mlflow_model, overridden\)$/m);
  });

  it('registry plan: <folder>/ prefix, no hash, no modelUri yet', async () => {
    const { reader, source } = await openLocalSource(join(realModels, 'triton-bertsquad'));
    const read = await readSource(reader, source, 'registry');
    const result = buildRegisterPlan({ scope: reg, source, name: 'bert' }, read, { versionExists: false });
    assert.ok(result.ok);
    assert.equal(result.plan.blobPrefix, 'triton-bertsquad/');
    assert.equal(result.plan.modelType, 'triton_model');
    assert.equal(result.plan.contentHash, undefined);
    assert.deepEqual(result.plan.files.map((f) => f.blobName), ['triton-bertsquad/1/.gitkeep', 'triton-bertsquad/config.pbtxt']);
  });

  it('single file: LocalUpload/<hash>/<file>', async () => {
    const result = await plan(join(realModels, 'cli-assets-model', 'mlflow-model', 'model.pkl'), {});
    assert.ok(result.ok);
    assert.match(result.plan.modelPath, /^LocalUpload\/[0-9a-f]{32}\/model\.pkl$/);
    assert.equal(result.plan.files[0]!.blobName, result.plan.modelPath);
    assert.equal(result.plan.modelType, 'custom_model');
  });

  it('bad name / existing version fail before the folder is read; all problems at once otherwise', async () => {
    const bad = await plan(join(realModels, 'online-model-1', 'model'), { name: 'bad name' });
    assert.ok(!bad.ok);
    assert.match(bad.problems[0]!, /found a space/);
    const taken = await plan(join(realModels, 'online-model-1', 'model'), { version: '2' }, existing('3', ['1', '2']));
    assert.ok(!taken.ok);
    assert.match(taken.problems.join(' '), /Version 2 already exists; the next free version is 3/);
    const many = await plan(join(realModels, 'online-model-1', 'model'), { tags: ['a='], modelType: 'mlflow_model' });
    assert.ok(!many.ok);
    assert.equal(many.problems.length, 2);
  });

  it('registry version rules apply to the plan', async () => {
    const { reader, source } = await openLocalSource(join(realModels, 'online-model-1', 'model'));
    const result = await prepareRegisterPlan(reader, { scope: reg, source, name: 'm', version: 'v1' }, newModel);
    assert.ok(!result.ok);
    assert.match(result.problems[0]!, /In a registry the version must be a positive whole number/);
  });

  it('an explicit mlflow_model type (a spec\'s type:) is checked against the folder read, not before it', async () => {
    const mlflow = await plan(join(realModels, 'cli-assets-model', 'mlflow-model'), { modelType: 'mlflow_model' });
    assert.ok(mlflow.ok, mlflow.ok ? '' : mlflow.problems.join(' '));
    assert.equal(mlflow.plan.modelType, 'mlflow_model');
    const custom = await plan(join(realModels, 'online-model-1', 'model'), { modelType: 'mlflow_model' });
    assert.ok(!custom.ok);
    assert.deepEqual(custom.problems, ['The type mlflow_model needs an MLmodel file at the root of the folder.']);
  });
});

describe('register: YAML subset and az ml specs', () => {
  const dir = join(realModels, 'cli-assets-model');

  it('parses the real specs; path resolved relative to the YAML file', () => {
    const mlflow = parseModelSpec(readFileSync(join(dir, 'local-mlflow.yml'), 'utf8'), 'local-mlflow.yml', dir);
    assert.deepEqual(mlflow, { name: 'local-mlflow-example', path: 'mlflow-model', resolvedPath: join(dir, 'mlflow-model'), type: 'mlflow_model', description: 'Model created from local MLflow model directory.', tags: {}, properties: {} });
    const file = parseModelSpec(readFileSync(join(dir, 'local-file.yml'), 'utf8'), 'local-file.yml', dir);
    assert.equal(file.resolvedPath, join(dir, 'mlflow-model', 'model.pkl'));
  });

  it('quotes, comments, nested tags/properties, version as a number', () => {
    const spec = parseModelSpec([
      '# a comment', 'name: "my-model"  # trailing', "version: 3", "path: ../models/m o#del", 'description: \'it\'\'s "fine"\'',
      'tags:', '  team: risk', '  "key with space": "v: 1"', 'properties:', '  auc: 0.93', 'stage: Production',
    ].join('\n'), 's.yml', '/home/u/specs');
    assert.equal(spec.name, 'my-model');
    assert.equal(spec.version, '3');
    assert.equal(spec.resolvedPath, '/home/u/models/m o#del');
    assert.equal(spec.description, 'it\'s "fine"');
    assert.deepEqual(spec.tags, { team: 'risk', 'key with space': 'v: 1' });
    assert.deepEqual(spec.properties, { auc: '0.93' });
    assert.equal(spec.stage, 'Production');
  });

  it('rejects unknown keys, missing path, lists, flow maps, block scalars, tabs, duplicates — with line numbers', () => {
    const problems = (text: string): string => {
      try {
        parseModelSpec(text, 's.yml', '/x');
      } catch (e) {
        assert.ok(e instanceof ModelSpecError);
        return e.problems.join(' | ');
      }
      return 'no error';
    };
    assert.match(problems('name: a\npath: p\ncolour: red\n'), /line 3: unknown key "colour"/);
    assert.match(problems('name: a\n'), /"path" is missing/);
    assert.match(problems('name: a\npath: p\ntags:\n  - a\n'), /line 4: lists/);
    assert.match(problems('name: a\npath: p\ntags: {a: 1}\n'), /line 3: flow collections/);
    assert.match(problems('name: a\ndescription: |\n  x\npath: p\n'), /line 2: block scalars/);
    assert.match(problems('name: a\npath: p\ntags:\n\tx: 1\n'), /line 4: tabs/);
    assert.match(problems('name: a\nname: b\npath: p\n'), /line 2: duplicate key "name" \(first on line 1\)/);
    assert.match(problems('name: a\npath: p\ntags:\n  t: ""\n'), /line 4: tag "t" has an empty value/);
    assert.match(problems('name: a\npath: azureml://datastores/x/paths/y\n'), /remote/);
    assert.match(problems('name: a\npath: p\nflavors:\n  x: y\n'), /line 3: "flavors" is not supported/);
    assert.match(problems('name: a\npath: p\ndescription: "open\n'), /line 3: a quoted value is not closed/);
  });

  it('export → parse round-trips a version', () => {
    const text = exportModelSpec({
      scope: ws, id: 'x', modelName: 'fraud-detector', version: '2', description: 'Retrained: Feb #2', tags: { owner: 'risk-team', 'odd key': 'a "q"' },
      properties: { auc: '0.93' }, modelType: 'mlflow_model', flavors: {}, stage: 'Production', isArchived: false, isAnonymous: false,
      modelUri: 'azureml://subscriptions/s/resourceGroups/rg/workspaces/w/datastores/workspaceblobstore/paths/LocalUpload/abc/model',
    });
    parseYamlSubset(text);
    const spec = parseModelSpec(text, 'e.yml', '/tmp');
    assert.equal(spec.name, 'fraud-detector');
    assert.equal(spec.version, '2');
    assert.equal(spec.description, 'Retrained: Feb #2');
    assert.deepEqual(spec.tags, { owner: 'risk-team', 'odd key': 'a "q"' });
    assert.equal(spec.stage, 'Production');
  });
});
