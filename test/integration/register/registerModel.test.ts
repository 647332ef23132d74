/**
 * Register against the emulator + Azurite through the real SDKs: real folders to a workspace and to the registry,
 * blobs read back byte for byte at the CLI's path, dedupe, ARM and storage faults, cancellation, bad inputs.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { sendJson } from '../../../src/azure/armLro';
import { ArmClientFactory } from '../../../src/azure/clientFactory';
import { openLocalSource } from '../../../src/azure/localFiles';
import { ModelRegistrar, type RegisterOptions, type RegisterOutcome } from '../../../src/azure/registerModel';
import type { ModelScope } from '../../../src/core/domain/model';
import { InventoryError } from '../../../src/core/errors';
import { catalogModelLookup } from '../../../src/core/register/modelLookup';
import { prepareRegisterPlan, type RegisterPlan, type RegisterRequest } from '../../../src/core/register/plan';
import { cliObjectHash } from '../../emulator/seed/cliHash';
import { emulatorCatalog, emulatorCloud, emulatorServices, servicePrincipal } from '../adapters/emulatorCatalog';

const services = emulatorServices();
const realModels = resolve(__dirname, '../../../..', '..', 'shared', 'fixtures', 'real-models');
const [prodSub, researchSub] = services.subscriptionIds as [string, string];
const visionWs: ModelScope = { kind: 'workspace', id: `/subscriptions/${researchSub}/resourceGroups/rg-vision/providers/Microsoft.MachineLearningServices/workspaces/ws-vision`, name: 'ws-vision', subscriptionId: researchSub, resourceGroup: 'rg-vision', tags: {} };
const researchWs: ModelScope = { kind: 'workspace', id: `/subscriptions/${prodSub}/resourceGroups/rg-ml-research/providers/Microsoft.MachineLearningServices/workspaces/ws-research`, name: 'ws-research', subscriptionId: prodSub, resourceGroup: 'rg-ml-research', tags: {} };
const registry: ModelScope = { kind: 'registry', id: `/subscriptions/${prodSub}/resourceGroups/rg-ml-shared/providers/Microsoft.MachineLearningServices/registries/shared-models`, name: 'shared-models', subscriptionId: prodSub, resourceGroup: 'rg-ml-shared', tags: {} };

const credential = servicePrincipal(services);
const catalog = emulatorCatalog(services, credential);
// Fast retries so fault tests finish quickly; production keeps the SDK defaults.
const clients = new ArmClientFactory({ cloud: emulatorCloud(services), credential, retryOptions: { maxRetries: 4, retryDelayInMs: 100, maxRetryDelayInMs: 1000 } });
const registrar = new ModelRegistrar(clients, emulatorCloud(services), credential);
const storagePipeline = { retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 1000, tryTimeoutInMs: 10_000 } };

async function planFor(path: string, scope: ModelScope, request: Partial<RegisterRequest> & { name: string }): Promise<{ plan: RegisterPlan; root: string; isFile: boolean }> {
  const { reader, source } = await openLocalSource(path);
  const result = await prepareRegisterPlan(reader, { scope, source, ...request }, catalogModelLookup(catalog, scope, request.name));
  if (!result.ok) throw new Error(`plan failed: ${result.problems.join(' | ')}`);
  return { plan: result.plan, root: reader.root, isFile: source.kind === 'file' };
}

async function register(path: string, scope: ModelScope, request: Partial<RegisterRequest> & { name: string }, options: RegisterOptions = {}): Promise<{ plan: RegisterPlan; outcome: RegisterOutcome }> {
  const { plan, root } = await planFor(path, scope, request);
  const outcome = await registrar.register(plan, (rel) => join(root, ...rel.split('/')), { storagePipeline, ...options });
  return { plan, outcome };
}

/** The account key, read the way a client would (listSecrets of the seeded workspaceblobstore). */
async function accountKey(): Promise<string> {
  const url = `${services.armEndpoint}${researchWs.id}/datastores/workspaceblobstore/listSecrets?api-version=2022-10-01`;
  return (await sendJson<{ key: string }>(clients.forSubscription(prodSub), 'POST', url, undefined)).body.key;
}

async function workspaceContainer(scope: ModelScope): Promise<ContainerClient> {
  const ws = await catalog.listWorkspaces(scope.subscriptionId);
  const guid = ws.find((w) => w.name === scope.name)!.workspaceGuid!;
  const url = `${services.blobEndpointTemplate.replace('{accountName}', 'devstoreaccount1')}/azureml-blobstore-${guid}`;
  return new ContainerClient(url, new StorageSharedKeyCredential('devstoreaccount1', await accountKey()));
}

/** The container a registry version's files are in: each pending upload gets its own (as in Azure). */
const registryContainer = async (modelUri: string): Promise<ContainerClient> => new ContainerClient(
  `${services.blobEndpointTemplate.replace('{accountName}', 'devstoreaccount1')}/${new URL(modelUri).pathname.split('/')[2]}`,
  new StorageSharedKeyCredential('devstoreaccount1', await accountKey()),
);

/** Every planned file downloaded again and compared byte for byte; Content-MD5 on every blob. */
async function assertBlobsMatch(container: ContainerClient, plan: RegisterPlan, root: string): Promise<void> {
  for (const file of plan.files) {
    const blob = container.getBlockBlobClient(file.blobName);
    const bytes = await blob.downloadToBuffer().catch((e: { statusCode?: number; code?: string }) => {
      throw new Error(`download ${blob.url}: ${e.statusCode} ${e.code}`);
    });
    assert.ok(bytes.equals(readFileSync(join(root, ...file.relPath.split('/')))), `${file.blobName} differs`);
    const props = await blob.getProperties();
    assert.ok(props.contentMD5 && props.contentMD5.length === 16, `${file.blobName} has no Content-MD5`);
  }
}

function uniqueCopy(folder: string, into: string, name?: string): string {
  const target = join(into, name ?? folder.split('/').pop()!);
  cpSync(folder, target, { recursive: true });
  writeFileSync(join(target, 'run-id.txt'), randomBytes(8).toString('hex'));
  return target;
}

const realFolders = ['sklearn-diabetes-mlflow/model', 'cli-assets-model/mlflow-model', 'online-model-1/model', 'online-model-2/model', 'triton-bertsquad'];

describe('register: workspace target (az ml layout)', function () {
  this.timeout(60_000);
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'regint-'))));
  afterEach(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await services.reset();
  });

  for (const folder of realFolders) {
    it(`registers ${folder}: blob path = CLI hash path, bytes identical, indicator marked, version points there`, async () => {
      const path = join(realModels, folder);
      const { plan, outcome } = await register(path, visionWs, { name: `reg-${folder.replace(/[^a-z0-9]+/gi, '-')}` });
      const name = resolve(path).split('/').pop()!;
      assert.equal(plan.blobPrefix, `LocalUpload/${cliObjectHash(path)}/${name}/`);
      const container = await workspaceContainer(visionWs);
      await assertBlobsMatch(container, plan, path);
      const indicator = await container.getBlockBlobClient(plan.indicatorBlob).getProperties();
      assert.equal(indicator.metadata?.['upload_status'], 'completed');
      const version = await catalog.getVersion(visionWs, plan.name, plan.version);
      assert.equal(version.modelUri?.replace('/resourceGroups/', '/resourcegroups/'), outcome.modelUri);
      assert.equal(version.modelType, plan.modelType);
      if (plan.modelType === 'mlflow_model') assert.ok(version.flavors['sklearn']);
    });
  }

  it('dedupes with an earlier az ml upload (the seeded bertsquad in ws-vision) and with its own second registration', async () => {
    const { outcome: first } = await register(join(realModels, 'triton-bertsquad'), visionWs, { name: 'bert-again' });
    assert.equal(first.uploadSkipped, true, 'the seed (CLI layout) already holds this content');
    assert.equal(first.storageRequests, 0);

    const copy = uniqueCopy(join(realModels, 'sklearn-diabetes-mlflow', 'model'), tmp);
    const a = await register(copy, visionWs, { name: 'dedupe-me' });
    assert.equal(a.outcome.uploadSkipped, false);
    assert.equal(a.outcome.uploadedFiles, 5);
    const container = await workspaceContainer(visionWs);
    const before = (await container.getBlockBlobClient(a.plan.files[2]!.blobName).getProperties()).lastModified;
    const b = await register(copy, visionWs, { name: 'dedupe-me' });
    assert.equal(b.plan.version, '2');
    assert.equal(b.outcome.uploadSkipped, true);
    assert.equal(b.outcome.storageRequests, 0);
    assert.equal(b.outcome.modelUri, a.outcome.modelUri);
    const after = (await container.getBlockBlobClient(a.plan.files[2]!.blobName).getProperties()).lastModified;
    assert.equal(after?.getTime(), before?.getTime());
  });

  it('single file, and names with spaces, #, %, unicode: stored under exactly those names (no double encoding)', async () => {
    const root = join(tmp, 'my model #1 %20 модель');
    mkdirSync(join(root, 'sub dir'), { recursive: true });
    writeFileSync(join(root, 'weights #a %41.bin'), randomBytes(3000));
    writeFileSync(join(root, 'sub dir', 'ünï 模型.txt'), 'unicode');
    const { plan } = await register(root, researchWs, { name: 'odd-names', tags: ['team=vision'] });
    const container = await workspaceContainer(researchWs);
    const names: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix: plan.blobPrefix })) names.push(b.name.slice(plan.blobPrefix.length));
    assert.deepEqual(names.sort(), ['sub dir/ünï 模型.txt', 'weights #a %41.bin']);
    assert.equal(plan.blobPrefix, `LocalUpload/${cliObjectHash(root)}/my model #1 %20 модель/`);
    await assertBlobsMatch(container, plan, root);

    const file = join(realModels, 'cli-assets-model', 'mlflow-model', 'model.pkl');
    const single = await register(file, researchWs, { name: 'single-file' });
    assert.equal(single.plan.modelPath, `LocalUpload/${cliObjectHash(file)}/model.pkl`);
  });

  it('a large multi-block file streams in blocks with Content-MD5 of the whole blob', async () => {
    const root = join(tmp, 'big');
    mkdirSync(root);
    writeFileSync(join(root, 'weights.bin'), randomBytes(20 * 1024 * 1024 + 123));
    const progress: number[] = [];
    const { plan, outcome } = await register(root, researchWs, { name: 'big-one' }, { transfer: { blockSize: 4 * 1024 * 1024, window: 4 }, onProgress: (p) => progress.push(p.bytesDone) });
    assert.ok(outcome.storageRequests >= 6, `blocks + commit, got ${outcome.storageRequests}`);
    assert.ok(progress.some((b) => b > 0 && b < plan.totalBytes), 'byte-level progress while uploading');
    await assertBlobsMatch(await workspaceContainer(researchWs), plan, root);
  });

  it('ARM faults: 429 + Retry-After, 5xx and a connection reset are retried; the registration completes', async () => {
    const copy = uniqueCopy(join(realModels, 'online-model-1', 'model'), tmp);
    await services.setFaults({
      throttle: { count: 1, retryAfterSeconds: 1, pathPattern: 'datastores/workspaceblobstore$' },
      serverErrors: { count: 2, status: 503, pathPattern: 'listSecrets' },
      connectionResets: { count: 1, pathPattern: '/models/fault-model/versions/1' },
    });
    const { plan } = await register(copy, researchWs, { name: 'fault-model' });
    await services.clearFaults();
    assert.equal((await catalog.getVersion(researchWs, 'fault-model', plan.version)).version, '1');
  });

  it('a persistent ARM failure on the version PUT leaves the blobs but no version; the retry reuses them', async () => {
    const copy = uniqueCopy(join(realModels, 'online-model-1', 'model'), tmp);
    await services.setFaults({ failures: { count: 1, status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action write.', pathPattern: '/models/denied-model/versions/1' } });
    await assert.rejects(register(copy, researchWs, { name: 'denied-model' }), (e: unknown) => e instanceof InventoryError && e.kind === 'forbidden' && /create version 1 of model 'denied-model'/.test(e.message));
    await services.clearFaults();
    await assert.rejects(catalog.getVersion(researchWs, 'denied-model', '1'), (e: unknown) => e instanceof InventoryError && e.kind === 'notFound');
    const again = await register(copy, researchWs, { name: 'denied-model' });
    assert.equal(again.outcome.uploadSkipped, true, 'the upload was complete and marked; only the PUT is repeated');
  });

  it('cancel mid-upload: stops within a second, no version; the retry reuses the files already uploaded', async () => {
    const root = join(tmp, 'many');
    mkdirSync(root);
    for (let i = 0; i < 24; i++) writeFileSync(join(root, `part-${String(i).padStart(2, '0')}.bin`), randomBytes(3 * 1024 * 1024));
    const controller = new AbortController();
    let abortedAt = 0;
    const pending = register(root, researchWs, { name: 'cancel-me' }, {
      signal: controller.signal,
      transfer: { window: 2, blockSize: 1024 * 1024 },
      onProgress: (p) => {
        if (!abortedAt && p.filesDone >= 4) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });
    await assert.rejects(pending, (e: unknown) => e instanceof InventoryError && e.kind === 'cancelled' && /No version was created/.test(e.message));
    const stopMs = Date.now() - abortedAt;
    assert.ok(stopMs < 1000, `stopped after ${stopMs} ms`);
    await assert.rejects(catalog.getModel(researchWs, 'cancel-me'), (e: unknown) => e instanceof InventoryError && e.kind === 'notFound');
    const again = await register(root, researchWs, { name: 'cancel-me' });
    assert.ok(again.outcome.reusedFiles >= 4, `reused ${again.outcome.reusedFiles}`);
    assert.equal(again.outcome.reusedFiles + again.outcome.uploadedFiles, 24);
    await assertBlobsMatch(await workspaceContainer(researchWs), again.plan, root);
  });

  it('Azurite stopped and restarted mid-upload: per-block retries carry the upload through', async function () {
    this.timeout(120_000);
    const root = join(tmp, 'restart');
    mkdirSync(root);
    for (let i = 0; i < 12; i++) writeFileSync(join(root, `p${i}.bin`), randomBytes(2 * 1024 * 1024));
    let restarted: Promise<void> | undefined;
    const retries: string[] = [];
    const { plan } = await register(root, researchWs, { name: 'azurite-restart' }, {
      transfer: { window: 2, blockSize: 512 * 1024, retry: { attempts: 8, baseDelayMs: 250, maxDelayMs: 4000 } },
      onProgress: (p) => {
        if (!restarted && p.filesDone >= 2) restarted = services.restartAzurite();
      },
      onLog: (l) => l.startsWith('Retrying') && retries.push(l),
    });
    await restarted;
    await assertBlobsMatch(await workspaceContainer(researchWs), plan, root);
    console.log(`      (Azurite restart: ${retries.length} block/file retries logged)`);
  });

  it('token expiry during a registration: the credential renews and the PUT succeeds', async () => {
    await services.setFaults({ tokenLifetimeSeconds: 1 });
    const fresh = servicePrincipal(services);
    const shortLived = new ModelRegistrar(new ArmClientFactory({ cloud: emulatorCloud(services), credential: fresh }), emulatorCloud(services), fresh);
    const copy = uniqueCopy(join(realModels, 'online-model-2', 'model'), tmp);
    const { plan, root } = await planFor(copy, researchWs, { name: 'token-expiry' });
    await new Promise((r) => setTimeout(r, 1500));
    const outcome = await shortLived.register(plan, (rel) => join(root, rel), { storagePipeline });
    assert.equal(outcome.version.version, '1');
    await services.clearFaults();
  });

  it('bad inputs: an existing version offers the next free one; a datastore 403 says what failed', async () => {
    const taken = await prepareRegisterPlan((await openLocalSource(join(realModels, 'online-model-1', 'model'))).reader,
      { scope: registry, source: (await openLocalSource(join(realModels, 'online-model-1', 'model'))).source, name: 'diabetes-regressor', version: '2' },
      catalogModelLookup(catalog, registry, 'diabetes-regressor'));
    assert.ok(!taken.ok);
    assert.match(taken.problems[0]!, /Version 2 already exists; the next free version is 3/);
    await services.setFaults({ failures: { count: 1, status: 403, code: 'AuthorizationFailed', message: 'no access', pathPattern: 'datastores/workspaceblobstore' } });
    await assert.rejects(register(uniqueCopy(join(realModels, 'online-model-1', 'model'), tmp), researchWs, { name: 'no-access' }),
      (e: unknown) => e instanceof InventoryError && e.kind === 'forbidden' && /workspaceblobstore datastore of workspace 'ws-research'/.test(e.message));
  });
});

describe('register: registry target (pending upload + LRO)', function () {
  this.timeout(60_000);
  afterEach(() => services.reset());

  for (const folder of realFolders) {
    it(`registers ${folder} into the registry: <folder>/ in the SAS container, bytes identical, LRO to Succeeded`, async () => {
      const path = join(realModels, folder);
      const name = `reg-${folder.replace(/[^a-z0-9]+/gi, '-')}`;
      const { plan, outcome } = await register(path, registry, { name });
      assert.equal(plan.blobPrefix, `${resolve(path).split('/').pop()}/`);
      await assertBlobsMatch(await registryContainer(outcome.modelUri), plan, path);
      const version = await catalog.getVersion(registry, name, '1');
      assert.equal(version.modelUri, outcome.modelUri);
      assert.ok(outcome.modelUri.endsWith(`/${plan.modelPath}`));
      assert.equal(outcome.version.version, '1');
    });
  }

  it('LRO ending Failed: a clear error and no usable version', async () => {
    await services.setFaults({ lroOutcome: 'Failed', lroFailureMessage: 'Model validation failed in the registry.' });
    await assert.rejects(register(join(realModels, 'online-model-1', 'model'), registry, { name: 'lro-fails' }),
      (e: unknown) => e instanceof InventoryError && /Model validation failed in the registry/.test(e.message));
  });

  it('registry name/version rules are enforced before any upload', async () => {
    const { reader, source } = await openLocalSource(join(realModels, 'online-model-1', 'model'));
    const result = await prepareRegisterPlan(reader, { scope: registry, source, name: 'x', version: '1.5' }, catalogModelLookup(catalog, registry, 'x'));
    assert.ok(!result.ok);
    assert.match(result.problems.join(' '), /positive whole number/);
  });
});
