/**
 * Download against the emulator + Azurite through the real SDKs: every real model folder registered (with the
 * register adapter) to a workspace and to the registry comes back byte for byte; the seeded versions too; prefix
 * sharing, single files, "no files", a malicious blob name, a wrong Content-MD5, job-output and runs:/ URIs,
 * existing destinations (overwrite / skip identical), ARM faults, storage resets, Azurite stopped and restarted, cancel.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ContainerClient, StorageSharedKeyCredential, generateBlobSASQueryParameters, ContainerSASPermissions } from '@azure/storage-blob';
import { sendJson } from '../../../src/azure/armLro';
import { ArmClientFactory } from '../../../src/azure/clientFactory';
import { ModelDownloader, type DownloadModelOptions, type DownloadOutcome } from '../../../src/azure/downloadModel';
import { openLocalSource } from '../../../src/azure/localFiles';
import { ModelRegistrar } from '../../../src/azure/registerModel';
import type { CloudEndpoints } from '../../../src/core/domain/cloud';
import type { ModelScope, ModelVersion } from '../../../src/core/domain/model';
import { InventoryError } from '../../../src/core/errors';
import { catalogModelLookup } from '../../../src/core/register/modelLookup';
import { prepareRegisterPlan } from '../../../src/core/register/plan';
import { azurite, cuttingProxy, localTree } from '../faults/faultKit';
import { emulatorCatalog, emulatorCloud, emulatorServices, servicePrincipal } from '../adapters/emulatorCatalog';

const services = emulatorServices();
const realModels = resolve(__dirname, '../../../..', '..', 'shared', 'fixtures', 'real-models');
const [prodSub, researchSub] = services.subscriptionIds as [string, string];
const scopeOf = (kind: 'workspace' | 'registry', sub: string, rg: string, name: string): ModelScope => ({
  kind, id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/${kind === 'workspace' ? 'workspaces' : 'registries'}/${name}`, name, subscriptionId: sub, resourceGroup: rg, tags: {},
} as ModelScope);
const researchWs = scopeOf('workspace', prodSub, 'rg-ml-research', 'ws-research');
const fraudWs = scopeOf('workspace', prodSub, 'rg-ml-prod', 'ws-fraud-prod');
const visionWs = scopeOf('workspace', researchSub, 'rg-vision', 'ws-vision');
const registry = scopeOf('registry', prodSub, 'rg-ml-shared', 'shared-models');

const credential = servicePrincipal(services);
const catalog = emulatorCatalog(services, credential);
const fastArm = { maxRetries: 4, retryDelayInMs: 100, maxRetryDelayInMs: 1000 };
const cloud = emulatorCloud(services);
const clients = new ArmClientFactory({ cloud, credential, retryOptions: fastArm });
const downloader = new ModelDownloader(clients, cloud, credential);
const registrar = new ModelRegistrar(clients, cloud, credential);
const storagePipeline = { retryOptions: { maxTries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 500, tryTimeoutInMs: 10_000 } };
const fastRetry = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };


function assertSameTree(expectedRoot: string, actualRoot: string): void {
  const expected = statSync(expectedRoot).isDirectory() ? localTree(expectedRoot) : [expectedRoot.split('/').pop()!];
  assert.deepEqual(localTree(actualRoot), expected);
  for (const rel of expected) {
    const source = statSync(expectedRoot).isDirectory() ? join(expectedRoot, rel) : expectedRoot;
    assert.ok(readFileSync(join(actualRoot, rel)).equals(readFileSync(source)), `${rel} differs`);
  }
}

async function download(version: ModelVersion, dest: string, options: DownloadModelOptions = {}): Promise<DownloadOutcome> {
  return downloader.download(version, dest, { storagePipeline, transfer: { retry: fastRetry }, ...options });
}

async function accountKey(): Promise<string> {
  const url = `${services.armEndpoint}${researchWs.id}/datastores/workspaceblobstore/listSecrets?api-version=2022-10-01`;
  return (await sendJson<{ key: string }>(clients.forSubscription(prodSub), 'POST', url, undefined)).body.key;
}

async function blobstore(scope: ModelScope): Promise<ContainerClient> {
  const ws = (await catalog.listWorkspaces(scope.subscriptionId)).find((w) => w.name === scope.name)!;
  return new ContainerClient(`${services.blobEndpointTemplate.replace('{accountName}', 'devstoreaccount1')}/azureml-blobstore-${ws.workspaceGuid}`, new StorageSharedKeyCredential('devstoreaccount1', await accountKey()));
}

/** Creates a workspace version pointing at `modelUri` (raw PUT, as any client could). */
async function putVersion(scope: ModelScope, name: string, modelUri: string): Promise<ModelVersion> {
  const url = `${services.armEndpoint}${scope.id}/models/${name}/versions/1?api-version=2024-04-01`;
  await sendJson(clients.forSubscription(scope.subscriptionId), 'PUT', url, { properties: { modelUri, modelType: 'custom_model' } });
  return catalog.getVersion(scope, name, '1');
}

const datastoreUri = (scope: ModelScope, path: string): string =>
  `azureml://subscriptions/${scope.subscriptionId}/resourcegroups/${scope.resourceGroup}/workspaces/${scope.name}/datastores/workspaceblobstore/paths/${path}`;

async function registerFolder(path: string, scope: ModelScope, name: string): Promise<ModelVersion> {
  const { reader, source } = await openLocalSource(path);
  const result = await prepareRegisterPlan(reader, { scope, source, name }, catalogModelLookup(catalog, scope, name));
  if (!result.ok) throw new Error(result.problems.join(' '));
  return (await registrar.register(result.plan, (rel) => reader.absolute(rel), { storagePipeline })).version;
}

function isInventoryError(kind: InventoryError['kind'], pattern: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    if (!(e instanceof InventoryError) || e.kind !== kind || !pattern.test(e.message)) {
      throw new Error(`expected ${kind} ${pattern}, got ${(e as InventoryError).kind}: ${(e as Error).message}`);
    }
    return true;
  };
}

/** Nothing but the parent folders exist under `dest` (no final folder, no temporary sibling). */
function assertNothingLeft(dest: string, model: string): void {
  const folder = join(dest, model);
  const left = existsSync(folder) ? readdirSync(folder) : [];
  assert.deepEqual(left, [], `left behind in ${folder}: ${left.join(', ')}`);
}

const realFolders = ['sklearn-diabetes-mlflow/model', 'cli-assets-model/mlflow-model', 'online-model-1/model', 'online-model-2/model', 'triton-bertsquad', 'online-safe-rollout', 'cli-assets-model/mlflow-model/model.pkl'];

let tmp: string;
beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'dlint-'))));
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('download: round trips of the real model folders (register adapter → download)', function () {
  this.timeout(60_000);
  after(() => services.reset());
  for (const target of [visionWs, registry]) {
    for (const folder of realFolders) {
      it(`${folder} via ${target.kind}: every file back byte for byte at <dest>/<model>/<version>/`, async () => {
        const name = `dl-${folder.replace(/[^a-z0-9]+/gi, '-')}`.slice(0, 60);
        const version = await registerFolder(join(realModels, folder), target, name);
        const outcome = await download(version, tmp);
        assert.equal(outcome.path, join(tmp, name, version.version));
        assertSameTree(join(realModels, folder), outcome.path);
        assert.equal(outcome.verifiedFiles, outcome.fileCount, 'every file MD5-verified');
        assert.deepEqual(readdirSync(join(tmp, name)), [version.version], 'no temporary folder left');
      });
    }
  }
});

describe('download: the seeded versions', function () {
  this.timeout(60_000);
  const seeded: Array<[ModelScope, string, string, string]> = [
    [fraudWs, 'fraud-detector', '1', 'sklearn-diabetes-mlflow/model'],
    [fraudWs, 'fraud-detector', '2', 'sklearn-diabetes-mlflow/model'],
    [fraudWs, 'online-model-1', '1', 'online-model-1/model'],
    [fraudWs, 'online-model-2', '1', 'online-model-2/model'],
    [fraudWs, 'legacy-scorer', '1', 'online-model-1/model'],
    [researchWs, 'iris-mlflow', '1', 'cli-assets-model/mlflow-model'],
    [researchWs, 'local-file-example', '1', 'cli-assets-model/mlflow-model/model.pkl'],
    [visionWs, 'bertsquad-triton', '1', 'triton-bertsquad'],
    [registry, 'diabetes-regressor', '1', 'sklearn-diabetes-mlflow/model'],
    [registry, 'diabetes-regressor', '2', 'sklearn-diabetes-mlflow/model'],
    [registry, 'iris-classifier', '1', 'cli-assets-model/mlflow-model'],
  ];
  for (const [scope, name, v, source] of seeded) {
    it(`${scope.name} ${name}:${v}`, async () => {
      const outcome = await download(await catalog.getVersion(scope, name, v), tmp);
      assertSameTree(join(realModels, source), outcome.path);
    });
  }

  it('a registry version\'s container holds only that version (each pending upload has its own container)', async () => {
    const [a, b] = await Promise.all(['1', '2'].map((v) => catalog.getVersion(registry, 'diabetes-regressor', v)));
    assert.notEqual(new URL(a!.modelUri!).pathname.split('/')[2], new URL(b!.modelUri!).pathname.split('/')[2]);
  });
});

describe('download: layouts and refusals', function () {
  this.timeout(60_000);
  afterEach(() => services.reset());

  it('prefix sharing: experiment/ next to experiment_tracking.py; and a single-file model whose prefix is the file', async () => {
    const container = await blobstore(researchWs);
    const base = `shared-${randomBytes(3).toString('hex')}`;
    for (const [name, text] of [[`${base}/experiment/a.txt`, 'a'], [`${base}/experiment/sub/b.txt`, 'bb'], [`${base}/experiment_tracking.py`, 'print(1)'], [`${base}/experiment2/c.txt`, 'c']]) {
      await container.getBlockBlobClient(name!).upload(text!, text!.length);
    }
    const folder = await download(await putVersion(researchWs, 'prefix-folder', datastoreUri(researchWs, `${base}/experiment`)), tmp);
    assert.deepEqual(localTree(folder.path), ['a.txt', 'sub/b.txt']);
    const file = await download(await putVersion(researchWs, 'prefix-file', datastoreUri(researchWs, `${base}/experiment_tracking.py`)), tmp);
    assert.deepEqual(localTree(file.path), ['experiment_tracking.py']);
    assert.equal(readFileSync(join(file.path, 'experiment_tracking.py'), 'utf8'), 'print(1)');
  });

  it('folder markers (hdi_isfolder) are skipped and zero-byte files kept; a prefix with no blobs is a clear "no files" error', async () => {
    const container = await blobstore(researchWs);
    const base = `markers-${randomBytes(3).toString('hex')}`;
    await container.getBlockBlobClient(`${base}/m/sub`).upload('', 0, { metadata: { hdi_isfolder: 'true' } });
    await container.getBlockBlobClient(`${base}/m/sub/empty.txt`).upload('', 0);
    await container.getBlockBlobClient(`${base}/m/x.bin`).upload('xyz', 3);
    const outcome = await download(await putVersion(researchWs, 'markers', datastoreUri(researchWs, `${base}/m`)), tmp);
    assert.deepEqual(localTree(outcome.path), ['sub/empty.txt', 'x.bin']);
    assert.equal(statSync(join(outcome.path, 'sub', 'empty.txt')).size, 0);

    const empty = await putVersion(researchWs, 'no-files', datastoreUri(researchWs, `${base}/nothing-here`));
    await assert.rejects(download(empty, tmp), isInventoryError('validation', /no files at ".*nothing-here"/));
    assertNothingLeft(tmp, 'no-files');
  });

  it('a malicious blob name (model/../../evil.txt) refuses the whole download; nothing is written anywhere', async () => {
    const container = await blobstore(researchWs);
    const base = `mal-${randomBytes(3).toString('hex')}`;
    await container.getBlockBlobClient(`${base}/model/ok.txt`).upload('ok', 2);
    // The SDK (like any URL library) would normalise "..", so the blob is created with a raw request.
    const sas = generateBlobSASQueryParameters({ containerName: container.containerName, permissions: ContainerSASPermissions.parse('rcw'), expiresOn: new Date(Date.now() + 600_000) }, new StorageSharedKeyCredential('devstoreaccount1', await accountKey())).toString();
    const target = new URL(container.url);
    const rawPath = `${target.pathname}/${base}/model/%2E%2E/%2E%2E/evil.txt?${sas}`;
    await new Promise<void>((done, fail) => {
      const req = request({ host: target.hostname, port: target.port, method: 'PUT', path: rawPath, headers: { 'x-ms-blob-type': 'BlockBlob', 'x-ms-version': '2021-12-02', 'content-length': 4 } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? done() : fail(new Error(`PUT evil: ${res.statusCode}`))));
      });
      req.on('error', fail);
      req.end('evil');
    });
    const names: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix: `${base}/` })) names.push(b.name);
    assert.ok(names.includes(`${base}/model/../../evil.txt`), `Azurite stored ${names.join(', ')}`);

    const dest = join(tmp, 'deep', 'dest');
    const version = await putVersion(researchWs, 'malicious', datastoreUri(researchWs, `${base}/model`));
    await assert.rejects(download(version, dest), isInventoryError('validation', /"mal-.*\/model\/\.\.\/\.\.\/evil\.txt" is not a safe file name because it contains "\.\."/));
    assert.deepEqual(localTree(tmp), [], 'nothing written inside or outside the destination');
  });

  it('a blob whose bytes do not match its Content-MD5 fails verification; no final folder', async () => {
    const container = await blobstore(researchWs);
    const base = `md5-${randomBytes(3).toString('hex')}`;
    await container.getBlockBlobClient(`${base}/m/good.txt`).upload('good', 4, { blobHTTPHeaders: { blobContentMD5: createHash('md5').update('good').digest() } });
    await container.getBlockBlobClient(`${base}/m/bad.txt`).upload('bad!', 4);
    // Storage checks Content-MD5 on upload, so the wrong one is set afterwards (as a corrupted property would be).
    await container.getBlockBlobClient(`${base}/m/bad.txt`).setHTTPHeaders({ blobContentMD5: createHash('md5').update('something else').digest() });
    const version = await putVersion(researchWs, 'md5-mismatch', datastoreUri(researchWs, `${base}/m`));
    await assert.rejects(download(version, tmp), isInventoryError('service', /bad\.txt" failed verification \(md5\).*partial download was removed/));
    assertNothingLeft(tmp, 'md5-mismatch');
  });

  it('job-output URIs resolve through the job\'s output binding; runs:/ URIs are refused with the reason', async () => {
    const container = await blobstore(fraudWs);
    await container.getBlockBlobClient('azureml/brave_lime_7x2k9/model/MLmodel').upload('flavors: {}', 11);
    await container.getBlockBlobClient('azureml/brave_lime_7x2k9/model/model.pkl').upload('pkl', 3);
    const fromJob = await download(await putVersion(fraudWs, 'from-job', 'azureml://jobs/brave_lime_7x2k9/outputs/model/paths/'), tmp);
    assert.deepEqual(localTree(fromJob.path), ['MLmodel', 'model.pkl']);
    await assert.rejects(download(await putVersion(fraudWs, 'bad-output', 'azureml://jobs/brave_lime_7x2k9/outputs/nope/paths/model'), tmp),
      isInventoryError('validation', /output 'nope' of job 'brave_lime_7x2k9'.*does not exist/));
    await assert.rejects(download(await putVersion(fraudWs, 'mlflow-run', 'runs:/0a1b2c/model'), tmp),
      isInventoryError('validation', /MLflow tracking store of run '0a1b2c'/));
  });
});

describe('download: an existing destination', function () {
  this.timeout(60_000);
  it('cancel leaves it alone; skip identical keeps matching files (size + MD5), refetches changed ones and drops extras; overwrite replaces it', async () => {
    const version = await catalog.getVersion(fraudWs, 'fraud-detector', '2');
    const source = join(realModels, 'sklearn-diabetes-mlflow', 'model');
    const first = await download(version, tmp);
    writeFileSync(join(first.path, 'MLmodel'), 'locally edited');
    writeFileSync(join(first.path, 'extra.txt'), 'not in Azure');

    await assert.rejects(download(version, tmp), isInventoryError('cancelled', /already exists and was left as it was/));
    assert.equal(readFileSync(join(first.path, 'MLmodel'), 'utf8'), 'locally edited');

    const asked: string[] = [];
    const skipped = await download(version, tmp, { onExisting: async (e) => (asked.push(e.path), 'skipIdentical') });
    assert.deepEqual(asked, [first.path]);
    assert.equal(skipped.keptFiles, first.fileCount - 1);
    assert.equal(skipped.downloadedFiles, 1);
    assert.equal(skipped.removedFiles, 1, 'extra.txt');
    assertSameTree(source, skipped.path);

    const overwritten = await download(version, tmp, { onExisting: async () => 'overwrite' });
    assert.equal(overwritten.replacedExisting, true);
    assert.equal(overwritten.downloadedFiles, overwritten.fileCount);
    assertSameTree(source, overwritten.path);
    assert.deepEqual(readdirSync(join(tmp, 'fraud-detector')), ['2']);
  });
});


describe('download: faults and cancel', function () {
  this.timeout(120_000);
  let bigVersion: ModelVersion;
  let bigRoot: string;
  before(async () => {
    bigRoot = mkdtempSync(join(tmpdir(), 'dlbig-'));
    const folder = join(bigRoot, 'big-model');
    mkdirSync(join(folder, 'shards'), { recursive: true });
    writeFileSync(join(folder, 'weights.bin'), randomBytes(24 * 1024 * 1024 + 17));
    for (let i = 0; i < 20; i++) writeFileSync(join(folder, 'shards', `s${String(i).padStart(2, '0')}.bin`), randomBytes(512 * 1024 + i));
    bigVersion = await registerFolder(folder, researchWs, 'big-download');
  });
  after(async () => {
    rmSync(bigRoot, { recursive: true, force: true });
    await services.reset();
  });
  afterEach(() => services.clearFaults());

  const small = { rangeSize: 1024 * 1024, window: 4, retry: { attempts: 8, baseDelayMs: 200, maxDelayMs: 3000 } };

  it('429 + Retry-After, 5xx and a connection reset on ARM are retried; the download completes', async () => {
    await services.setFaults({
      throttle: { count: 1, retryAfterSeconds: 1, pathPattern: 'datastores/workspaceblobstore$' },
      serverErrors: { count: 2, status: 503, pathPattern: 'listSecrets' },
      connectionResets: { count: 1, pathPattern: 'datastores/workspaceblobstore$' },
    });
    const outcome = await download(bigVersion, tmp);
    assertSameTree(join(bigRoot, 'big-model'), outcome.path);
  });

  it('a persistent ARM failure fails cleanly before any file is written', async () => {
    await services.setFaults({ failures: { count: 10, status: 403, code: 'AuthorizationFailed', message: 'no access', pathPattern: 'listSecrets' } });
    await assert.rejects(download(bigVersion, tmp), isInventoryError('forbidden', /find the files of big-download:1.*no access/));
    assertNothingLeft(tmp, 'big-download');
  });

  it('storage connections cut mid-range resume from the byte reached (per-range retry); the result is verified', async () => {
    const proxy = await cuttingProxy(new URL(services.blobEndpointTemplate.replace('{accountName}', '')), 6);
    try {
      const proxied: CloudEndpoints = { ...cloud, blobEndpointTemplate: proxy.template };
      const viaProxy = new ModelDownloader(clients, proxied, credential);
      const retries: string[] = [];
      const outcome = await viaProxy.download(bigVersion, tmp, { storagePipeline: { retryOptions: { maxTries: 1 } }, transfer: small, onLog: (l) => l.startsWith('Retrying') && retries.push(l) });
      assert.equal(proxy.cut(), 6);
      assert.ok(retries.length >= 1, 'the engine retried ranges');
      assertSameTree(join(bigRoot, 'big-model'), outcome.path);
    } finally {
      await proxy.close();
    }
  });

  it('Azurite restarted mid-download: retries carry it through', async () => {
    let restarted: Promise<void> | undefined;
    const retries: string[] = [];
    try {
      const outcome = await download(bigVersion, tmp, {
        transfer: small,
        onLog: (l) => l.startsWith('Retrying') && retries.push(l),
        onProgress: (p) => {
          if (!restarted && p.phase === 'downloading' && p.bytesDone > 4 * 1024 * 1024) restarted = services.restartAzurite();
        },
      });
      assertSameTree(join(bigRoot, 'big-model'), outcome.path);
      console.log(`      (Azurite restart: ${retries.length} range retries logged)`);
    } finally {
      await restarted;
    }
  });

  it('Azurite stopped mid-download: fails cleanly — no final folder, temporary folder removed', async () => {
    let stopped: Promise<unknown> | undefined;
    try {
      await assert.rejects(download(bigVersion, tmp, {
        transfer: { ...small, retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 200 } },
        onProgress: (p) => {
          if (!stopped && p.phase === 'downloading' && p.bytesDone > 2 * 1024 * 1024) stopped = azurite(services, 'stop');
        },
      }), isInventoryError('network', /partial download was removed\. Nothing was left/));
      assertNothingLeft(tmp, 'big-download');
    } finally {
      await stopped;
      await azurite(services, 'start');
    }
  });

  it('cancel: stops within a second, no final folder, temporary folder removed', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    await assert.rejects(download(bigVersion, tmp, {
      signal: controller.signal,
      transfer: { ...small, window: 2 },
      onProgress: (p) => {
        if (!abortedAt && p.phase === 'downloading' && p.bytesDone > 2 * 1024 * 1024) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    }), isInventoryError('cancelled', /partial download was removed/));
    assert.ok(Date.now() - abortedAt < 1000, `stopped after ${Date.now() - abortedAt} ms`);
    assertNothingLeft(tmp, 'big-download');
  });
});
