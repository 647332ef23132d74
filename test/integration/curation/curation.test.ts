/**
 * Curation against the emulator's demo seed: tags/description edit with read-back, concurrent-edit detection (the
 * other writer is a direct PUT between the user's read and our write), rebase of non-overlapping edits, and
 * archive/restore of versions and models in a workspace and in the registry, including the archived-container rule.
 */
import * as assert from 'node:assert/strict';
import { ArmClientFactory } from '../../../src/azure/clientFactory';
import { ArmCuration } from '../../../src/azure/armCuration';
import { sendJson } from '../../../src/azure/armLro';
import type { ModelScope, ModelVersion, Workspace } from '../../../src/core/domain/model';
import { InventoryError } from '../../../src/core/errors';
import type { ArmCatalog } from '../../../src/azure/armCatalog';
import type { RunningServices } from '../../support/serviceTypes';
import { discoverScopes, emulatorCatalog, emulatorCloud, emulatorServices, servicePrincipal } from '../adapters/emulatorCatalog';

function baselineOf(v: ModelVersion) {
  return { tags: v.tags, description: v.description ?? '', ...(v.lastModifiedAt ? { lastModifiedAt: v.lastModifiedAt.toISOString() } : {}) };
}

describe('curation adapter against the emulator', function () {
  this.timeout(60_000);
  let services: RunningServices;
  let catalog: ArmCatalog;
  let clients: ArmClientFactory;
  let curation: ArmCuration;
  let fraud: Workspace;
  let registry: ModelScope;
  const log: string[] = [];

  /** Another writer: GET → change tags → PUT, straight to the emulator. */
  async function otherWriter(scope: ModelScope, model: string, version: string, change: (tags: Record<string, string>) => void): Promise<void> {
    const url = `${services.armEndpoint}${scope.id}/models/${model}/versions/${version}?api-version=2024-04-01`;
    const client = clients.forSubscription(scope.subscriptionId);
    const raw = (await sendJson<{ properties: { tags: Record<string, string> } }>(client, 'GET', url, undefined)).body;
    change(raw.properties.tags);
    await sendJson(client, 'PUT', url, { properties: raw.properties });
  }

  before(async () => {
    services = emulatorServices();
    await services.reset();
    catalog = emulatorCatalog(services);
    clients = new ArmClientFactory({ cloud: emulatorCloud(services), credential: servicePrincipal(services), userAgentPrefix: 'aml-tools.aml-model-inventory/test' });
    curation = new ArmCuration(clients, { verifyDelayMs: 50, log: (line) => log.push(line) });
    const scopes = await discoverScopes(catalog);
    fraud = scopes.workspaces.find((w) => w.name === 'ws-fraud-prod')!;
    registry = scopes.registries.find((r) => r.name === 'shared-models')!;
    assert.ok(fraud && registry);
  });
  afterEach(async () => {
    await services.reset();
  });

  describe('tags and description', () => {
    it('writes, reads back and keeps every other field of the version', async () => {
      const before = await catalog.getVersion(fraud, 'fraud-detector', '3');
      const outcome = await curation.editVersionMetadata(fraud, 'fraud-detector', '3', {
        baseline: baselineOf(before),
        desired: { tags: { owner: 'fraud-team', framework: 'sklearn', approval: 'approved' }, description: 'Approved candidate' },
      });
      assert.equal(outcome.status, 'saved');
      assert.ok(outcome.status === 'saved');
      assert.deepEqual(outcome.plan.tagChanges.map((c) => `${c.kind} ${c.key}`), ['added approval', 'removed candidate', 'changed owner']);
      const after = await catalog.getVersion(fraud, 'fraud-detector', '3');
      assert.deepEqual(after.tags, { owner: 'fraud-team', framework: 'sklearn', approval: 'approved' });
      assert.equal(after.description, 'Approved candidate');
      assert.equal(after.modelUri, before.modelUri);
      assert.equal(after.jobName, before.jobName);
      assert.deepEqual(after.flavors, before.flavors);
      assert.deepEqual(after.properties, before.properties);
      assert.equal(after.createdAt?.toISOString(), before.createdAt?.toISOString());
    });

    it('edits a registry version the same way', async () => {
      const before = await catalog.getVersion(registry, 'diabetes-regressor', '2');
      const outcome = await curation.editVersionMetadata(registry, 'diabetes-regressor', '2', {
        baseline: baselineOf(before), desired: { tags: { ...before.tags, approval: 'approved' }, description: before.description ?? '' },
      });
      assert.equal(outcome.status, 'saved');
      assert.equal((await catalog.getVersion(registry, 'diabetes-regressor', '2')).tags['approval'], 'approved');
    });

    it('says "unchanged" and sends no PUT when the values already are what the user wants', async () => {
      const before = await catalog.getVersion(fraud, 'fraud-detector', '2');
      await services.requestCount(true);
      const outcome = await curation.editVersionMetadata(fraud, 'fraud-detector', '2', { baseline: baselineOf(before), desired: { tags: before.tags, description: before.description ?? '' } });
      assert.equal(outcome.status, 'unchanged');
      assert.equal(await services.requestCount(), 1, 'one GET only');
    });

    it('detects a concurrent change between the read and the write, and writes nothing', async () => {
      const seen = await catalog.getVersion(fraud, 'fraud-detector', '3'); // what the user started editing from
      await otherWriter(fraud, 'fraud-detector', '3', (tags) => {
        tags['owner'] = 'someone-else';
      });
      const outcome = await curation.editVersionMetadata(fraud, 'fraud-detector', '3', {
        baseline: baselineOf(seen), desired: { tags: { ...seen.tags, owner: 'me' }, description: seen.description ?? '' },
      });
      assert.equal(outcome.status, 'conflict');
      assert.ok(outcome.status === 'conflict');
      assert.deepEqual(outcome.changedFields, ['tag owner']);
      assert.deepEqual(outcome.overlapping, ['tag owner']);
      assert.equal(outcome.current.tags['owner'], 'someone-else');
      assert.equal((await catalog.getVersion(fraud, 'fraud-detector', '3')).tags['owner'], 'someone-else', 'not overwritten');
      assert.ok(log.some((l) => /changed since the edit started/.test(l)));
    });

    it('rebases a non-overlapping edit on top of the concurrent change when asked, never an overlapping one', async () => {
      const seen = await catalog.getVersion(fraud, 'fraud-detector', '3');
      await otherWriter(fraud, 'fraud-detector', '3', (tags) => {
        tags['window'] = '2025-02';
      });
      const desired = { tags: { ...seen.tags, approval: 'approved' }, description: seen.description ?? '' };
      const first = await curation.editVersionMetadata(fraud, 'fraud-detector', '3', { baseline: baselineOf(seen), desired });
      assert.ok(first.status === 'conflict' && first.overlapping.length === 0);
      const rebased = await curation.editVersionMetadata(fraud, 'fraud-detector', '3', { baseline: baselineOf(seen), desired, rebase: true });
      assert.equal(rebased.status, 'saved');
      const after = await catalog.getVersion(fraud, 'fraud-detector', '3');
      assert.equal(after.tags['window'], '2025-02', 'their change kept');
      assert.equal(after.tags['approval'], 'approved', 'ours applied');

      const overlapping = await curation.editVersionMetadata(fraud, 'fraud-detector', '3', {
        baseline: baselineOf(seen), desired: { tags: { ...seen.tags, window: '2025-03' }, description: seen.description ?? '' }, rebase: true,
      });
      assert.equal(overlapping.status, 'conflict');
      assert.equal((await catalog.getVersion(fraud, 'fraud-detector', '3')).tags['window'], '2025-02');
    });
  });

  describe('archive and restore', () => {
    const activeVersions = async (scope: ModelScope, model: string, view: 'ActiveOnly' | 'All' = 'ActiveOnly') =>
      (await catalog.listVersions(scope, model, { listViewType: view, top: 50, orderBy: 'createdtime desc' })).items.map((v) => v.version);

    it('archives a workspace version (hidden from ActiveOnly, listed with All) and restores it', async () => {
      assert.ok((await activeVersions(fraud, 'fraud-detector')).includes('3'));
      const archived = await curation.setVersionArchived(fraud, 'fraud-detector', '3', true);
      assert.equal(archived.isArchived, true);
      assert.ok(!(await activeVersions(fraud, 'fraud-detector')).includes('3'));
      assert.ok((await activeVersions(fraud, 'fraud-detector', 'All')).includes('3'));
      const restored = await curation.setVersionArchived(fraud, 'fraud-detector', '3', false);
      assert.equal(restored.isArchived, false);
      assert.ok((await activeVersions(fraud, 'fraud-detector')).includes('3'));
      const after = await catalog.getVersion(fraud, 'fraud-detector', '3');
      assert.deepEqual(after.tags, { owner: 'risk-team', framework: 'sklearn', candidate: 'true' }, 'tags untouched');
    });

    it('refuses to restore a version of an archived model, with the reason, and restores the model first', async () => {
      const legacy = await catalog.getModel(fraud, 'legacy-scorer');
      assert.equal(legacy.isArchived, true);
      await curation.setVersionArchived(fraud, 'legacy-scorer', '1', true);
      const error = await curation.setVersionArchived(fraud, 'legacy-scorer', '1', false).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof InventoryError);
      assert.equal(error.kind, 'validation');
      assert.equal(error.details.code, 'ContainerArchived');
      assert.match(error.message, /model legacy-scorer is archived\. Restore the model first/);
      const container = await curation.setModelArchived(fraud, 'legacy-scorer', false);
      assert.equal(container.isArchived, false);
      const models = (await catalog.listModels(fraud, { listViewType: 'ActiveOnly' })).items.map((m) => m.name);
      assert.ok(models.includes('legacy-scorer'));
      assert.equal((await curation.setVersionArchived(fraud, 'legacy-scorer', '1', false)).isArchived, false);
    });

    it('archives and restores a registry version and a registry model', async () => {
      const v = await curation.setVersionArchived(registry, 'diabetes-regressor', '1', true);
      assert.equal(v.isArchived, true);
      assert.deepEqual(await activeVersions(registry, 'diabetes-regressor'), ['2']);
      const model = await curation.setModelArchived(registry, 'iris-classifier', true);
      assert.equal(model.isArchived, true);
      assert.ok(!(await catalog.listModels(registry, { listViewType: 'ActiveOnly' })).items.some((m) => m.name === 'iris-classifier'));
      assert.ok((await catalog.listModels(registry, { listViewType: 'All' })).items.some((m) => m.name === 'iris-classifier'));
      assert.equal((await curation.setModelArchived(registry, 'iris-classifier', false)).isArchived, false);
      assert.equal((await curation.setVersionArchived(registry, 'diabetes-regressor', '1', false)).isArchived, false);
    });

    it('sends nothing when the version already is in the requested state', async () => {
      await curation.setVersionArchived(fraud, 'fraud-detector', '2', false); // warm-up (token)
      await services.requestCount(true);
      await curation.setVersionArchived(fraud, 'fraud-detector', '1', true); // seeded archived
      assert.equal(await services.requestCount(), 1, 'one GET');
    });
  });
});
