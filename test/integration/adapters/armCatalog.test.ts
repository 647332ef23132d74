/**
 * ArmCatalog + @azure/identity against the ARM emulator: real SDK, real bearer tokens, real paging and faults.
 * Seed contents are discovered, not assumed; the only seed facts relied on are stated in the assertions.
 */
import * as assert from 'node:assert/strict';
import type { ModelContainer, ModelScope, ModelVersion, Workspace } from '../../../src/core/domain/model';
import { InventoryError } from '../../../src/core/errors';
import type { VersionListQuery } from '../../../src/core/ports/catalog';
import type { ArmCatalog } from '../../../src/azure/armCatalog';
import { createCredential } from '../../../src/azure/credentials';
import type { RunningServices } from '../../support/serviceTypes';
import { discoverScopes, emulatorCatalog, emulatorCloud, emulatorServices, servicePrincipal, type SeededScopes } from './emulatorCatalog';

async function rejection(promise: Promise<unknown>): Promise<InventoryError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof InventoryError, `expected an InventoryError, got ${String(error)}`);
  return error;
}

async function allModels(catalog: ArmCatalog, scope: ModelScope, listViewType: 'ActiveOnly' | 'ArchivedOnly' | 'All' = 'All'): Promise<ModelContainer[]> {
  const models: ModelContainer[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await catalog.listModels(scope, { listViewType, continuationToken });
    models.push(...page.items);
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return models;
}

const time = (v: ModelVersion): number => v.createdAt?.getTime() ?? Number.NaN;

describe('ArmCatalog against the emulator', function () {
  this.timeout(60_000);
  let services: RunningServices;
  let catalog: ArmCatalog;
  let scopes: SeededScopes;
  /** The workspace model with the most versions, and that workspace. */
  let big: { workspace: Workspace; model: ModelContainer };

  before(async () => {
    services = emulatorServices();
    await services.clearFaults();
    catalog = emulatorCatalog(services);
    scopes = await discoverScopes(catalog);
    let best: { workspace: Workspace; model: ModelContainer; latest: number } | undefined;
    for (const workspace of scopes.workspaces) {
      for (const model of await allModels(catalog, workspace)) {
        const latest = Number(model.latestVersion);
        if (Number.isFinite(latest) && (!best || latest > best.latest)) best = { workspace, model, latest };
      }
    }
    assert.ok(best, 'the seed has at least one workspace model');
    big = best;
  });

  afterEach(async () => {
    await services.clearFaults();
  });

  describe('listing scopes', () => {
    it('lists exactly the seeded subscriptions', async () => {
      const subs = await catalog.listSubscriptions();
      assert.deepEqual(subs.map((s) => s.subscriptionId.toLowerCase()).sort(), services.subscriptionIds.map((s) => s.toLowerCase()).sort());
      for (const s of subs) assert.equal(s.id.toLowerCase(), `/subscriptions/${s.subscriptionId.toLowerCase()}`);
    });

    it('lists workspaces with their ARM coordinates and GUIDs', () => {
      assert.ok(scopes.workspaces.length > 0);
      for (const ws of scopes.workspaces) {
        assert.equal(ws.kind, 'workspace');
        assert.ok(services.subscriptionIds.some((s) => s.toLowerCase() === ws.subscriptionId.toLowerCase()), ws.id);
        assert.ok(ws.resourceGroup, ws.id);
        assert.match(ws.id, new RegExp(`/workspaces/${ws.name}$`, 'i'));
        assert.ok(ws.workspaceGuid, `${ws.name} has a workspace GUID`);
      }
    });

    it('lists registries through raw 2024-04-01 calls', () => {
      assert.ok(scopes.registries.length > 0, 'the seed has a registry');
      for (const r of scopes.registries) {
        assert.equal(r.kind, 'registry');
        assert.match(r.id, new RegExp(`/registries/${r.name}$`, 'i'));
        assert.ok(r.resourceGroup);
      }
    });

    it('signs in with the environment credential mode too (AZURE_* variables + AZURE_AUTHORITY_HOST)', async () => {
      const viaEnvironment = emulatorCatalog(services, createCredential('environment', emulatorCloud(services)));
      assert.equal((await viaEnvironment.listSubscriptions()).length, services.subscriptionIds.length);
    });
  });

  describe('paging versions of a large model', () => {
    const query = (top: number, continuationToken?: string): VersionListQuery => ({ top, orderBy: 'createdtime desc', listViewType: 'All', continuationToken });

    it('the seed has a model with 1,000+ versions', () => {
      assert.ok(Number(big.model.latestVersion) >= 1000, `largest model ${big.model.name} has latest version ${big.model.latestVersion}`);
    });

    it('returns one page of $top items per call, with one ARM request per page, newest first, until the last page', async () => {
      const top = 250;
      const seen = new Set<string>();
      const all: ModelVersion[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        await services.requestCount(true);
        const page = await catalog.listVersions(big.workspace, big.model.name, query(top, token));
        assert.equal(await services.requestCount(), 1, `page ${pages + 1} took exactly one ARM request`);
        pages++;
        token = page.continuationToken;
        if (token) assert.equal(page.items.length, top, `page ${pages} is full`);
        else assert.ok(page.items.length <= top);
        for (const v of page.items) {
          assert.ok(!seen.has(v.version), `version ${v.version} appears once`);
          seen.add(v.version);
          assert.equal(v.modelName, big.model.name);
        }
        all.push(...page.items);
      } while (token);
      assert.ok(all.length >= 1000, `${all.length} versions`);
      assert.equal(pages, Math.ceil(all.length / top));
      for (let i = 1; i < all.length; i++) assert.ok(time(all[i - 1]!) >= time(all[i]!), `newest first at ${i}`);
    });

    it('does not drain: the first page costs one request however large the model', async () => {
      await services.requestCount(true);
      const page = await catalog.listVersions(big.workspace, big.model.name, query(5));
      assert.equal(await services.requestCount(), 1);
      assert.equal(page.items.length, 5);
      assert.ok(page.continuationToken);
    });

    it('orders oldest first when asked', async () => {
      const oldest = await catalog.listVersions(big.workspace, big.model.name, { ...query(20), orderBy: 'createdtime asc' });
      const newest = await catalog.listVersions(big.workspace, big.model.name, query(1));
      for (let i = 1; i < oldest.items.length; i++) assert.ok(time(oldest.items[i - 1]!) <= time(oldest.items[i]!));
      assert.ok(time(oldest.items[0]!) <= time(newest.items[0]!));
    });
  });

  describe('filters pushed to the server', () => {
    it('tag filters select on the server (key=value and key)', async () => {
      const sample = (await catalog.listVersions(big.workspace, big.model.name, { top: 50, orderBy: 'createdtime desc', listViewType: 'All' })).items;
      const tagged = sample.find((v) => Object.keys(v.tags).length > 0);
      assert.ok(tagged, 'some version in the first page has a tag');
      const [key, value] = Object.entries(tagged.tags)[0]!;
      await services.requestCount(true);
      const byValue = await catalog.listVersions(big.workspace, big.model.name, { top: 100, orderBy: 'createdtime desc', listViewType: 'All', tags: [{ key, value }] });
      assert.equal(await services.requestCount(), 1);
      assert.ok(byValue.items.some((v) => v.version === tagged.version));
      for (const v of byValue.items) assert.equal(v.tags[key], value);
      const byKey = await catalog.listVersions(big.workspace, big.model.name, { top: 100, orderBy: 'createdtime desc', listViewType: 'All', tags: [{ key }] });
      for (const v of byKey.items) assert.ok(key in v.tags);
      const none = await catalog.listVersions(big.workspace, big.model.name, { top: 100, orderBy: 'createdtime desc', listViewType: 'All', tags: [{ key, value: `${value}-no-such-value-${Date.now()}` }] });
      assert.deepEqual(none.items, []);
    });

    it('archived models and versions are filtered by listViewType', async () => {
      let archivedSeen = 0;
      for (const scope of [...scopes.workspaces, ...scopes.registries]) {
        const active = await allModels(catalog, scope, 'ActiveOnly');
        const archived = await allModels(catalog, scope, 'ArchivedOnly');
        const everything = await allModels(catalog, scope, 'All');
        assert.ok(active.every((m) => !m.isArchived) && archived.every((m) => m.isArchived), scope.name);
        assert.equal(everything.length, active.length + archived.length, scope.name);
        archivedSeen += archived.length;
      }
      const archivedVersions = await catalog.listVersions(big.workspace, big.model.name, { top: 100, orderBy: 'createdtime desc', listViewType: 'ArchivedOnly' });
      const activeVersions = await catalog.listVersions(big.workspace, big.model.name, { top: 100, orderBy: 'createdtime desc', listViewType: 'ActiveOnly' });
      assert.ok(archivedVersions.items.every((v) => v.isArchived));
      assert.ok(activeVersions.items.every((v) => !v.isArchived));
      archivedSeen += archivedVersions.items.length;
      assert.ok(archivedSeen > 0, 'the seed archives at least one model, or a version of the largest model');
    });
  });

  describe('reading single items', () => {
    it('getVersion maps the same fields the list returned', async () => {
      const [listed] = (await catalog.listVersions(big.workspace, big.model.name, { top: 1, orderBy: 'createdtime desc', listViewType: 'All' })).items;
      assert.ok(listed);
      const got = await catalog.getVersion(big.workspace, big.model.name, listed.version);
      assert.deepEqual(
        { id: got.id, version: got.version, modelType: got.modelType, modelUri: got.modelUri, tags: got.tags, createdAt: got.createdAt?.toISOString(), jobName: got.jobName },
        { id: listed.id, version: listed.version, modelType: listed.modelType, modelUri: listed.modelUri, tags: listed.tags, createdAt: listed.createdAt?.toISOString(), jobName: listed.jobName },
      );
      assert.equal(got.version, big.model.latestVersion, 'newest version is the container latestVersion');
    });

    it('reads registry models and versions through raw calls', async () => {
      let checked = 0;
      for (const registry of scopes.registries) {
        for (const model of await allModels(catalog, registry)) {
          assert.match(model.id, /\/registries\//i);
          const page = await catalog.listVersions(registry, model.name, { top: 10, orderBy: 'createdtime desc', listViewType: 'All' });
          for (const v of page.items) {
            assert.equal(v.scope, registry);
            const got = await catalog.getVersion(registry, model.name, v.version);
            assert.deepEqual([got.version, got.modelUri, got.modelType], [v.version, v.modelUri, v.modelType]);
            checked++;
          }
          const container = await catalog.getModel(registry, model.name);
          assert.equal(container.name, model.name);
        }
      }
      assert.ok(checked > 0, 'the seed has at least one registry model version');
    });

    it('getJob returns the lineage of a version produced by a job', async () => {
      let found: { workspace: Workspace; version: ModelVersion } | undefined;
      for (const workspace of scopes.workspaces) {
        for (const model of await allModels(catalog, workspace)) {
          const page = await catalog.listVersions(workspace, model.name, { top: 20, orderBy: 'createdtime desc', listViewType: 'All' });
          const version = page.items.find((v) => v.jobName);
          if (version) found = { workspace, version };
          if (found) break;
        }
        if (found) break;
      }
      assert.ok(found, 'some seeded version names its training job');
      const job = await catalog.getJob(found.workspace, found.version.jobName!);
      assert.equal(job.name, found.version.jobName);
      assert.match(job.id, new RegExp(`/jobs/${job.name}$`, 'i'));
      assert.ok(job.jobType);
      assert.ok(job.inputs.length + job.outputs.length > 0, 'the job has inputs or outputs');
      for (const io of [...job.inputs, ...job.outputs]) assert.ok(io.type && io.type !== 'unknown', `${io.name} has a type`);
    });
  });

  describe('errors', () => {
    it('a missing model is notFound with the inner code ModelNotFound', async () => {
      const error = await rejection(catalog.getModel(big.workspace, `no-such-model-${Date.now()}`));
      assert.equal(error.kind, 'notFound');
      assert.equal(error.details.code, 'ModelNotFound');
      assert.equal(error.details.statusCode, 404);
      assert.ok(error.details.requestId, 'keeps x-ms-request-id');
    });

    it('a missing version is notFound too', async () => {
      const error = await rejection(catalog.getVersion(big.workspace, big.model.name, 'no-such-version'));
      assert.equal(error.kind, 'notFound');
    });

    it('403 on one workspace is forbidden there only', async () => {
      const [denied, other] = scopes.workspaces;
      await services.setFaults({
        failures: { count: 1, status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action.', pathPattern: `/workspaces/${denied!.name}/models` },
      });
      if (other) await catalog.listModels(other, { listViewType: 'All' });
      const error = await rejection(catalog.listModels(denied!, { listViewType: 'All' }));
      assert.equal(error.kind, 'forbidden');
      assert.equal(error.details.code, 'AuthorizationFailed');
      await catalog.listModels(denied!, { listViewType: 'All' });
    });

    it('429 with Retry-After is retried transparently', async () => {
      await services.setFaults({ throttle: { count: 1, retryAfterSeconds: 1, pathPattern: `/models/${big.model.name}/versions` } });
      await services.requestCount(true);
      const started = Date.now();
      const page = await catalog.listVersions(big.workspace, big.model.name, { top: 3, orderBy: 'createdtime desc', listViewType: 'All' });
      assert.equal(page.items.length, 3);
      assert.equal(await services.requestCount(), 2, 'the throttled request plus its retry');
      assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    });

    it('a wrong client secret is notSignedIn', async () => {
      const wrong = emulatorCatalog(services, servicePrincipal(services, 'not-the-secret'));
      const error = await rejection(wrong.listSubscriptions());
      assert.equal(error.kind, 'notSignedIn');
      assert.ok(!error.message.includes('not-the-secret'));
    });

    it('a token ARM does not accept is notSignedIn', async () => {
      const forged = emulatorCatalog(services, { getToken: async () => ({ token: 'forged.token.value', expiresOnTimestamp: Date.now() + 3_600_000 }) });
      const error = await rejection(forged.listSubscriptions());
      assert.equal(error.kind, 'notSignedIn');
      assert.equal(error.details.statusCode, 401);
    });

    it('aborting a slow call is cancelled, promptly', async () => {
      await services.setFaults({ latencyMs: 3000 });
      const controller = new AbortController();
      const started = Date.now();
      const pending = catalog.listModels(big.workspace, { listViewType: 'All' }, { abortSignal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const error = await rejection(pending);
      assert.equal(error.kind, 'cancelled');
      assert.ok(Date.now() - started < 2000, 'did not wait for the response');
    });
  });
});
