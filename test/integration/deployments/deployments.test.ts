/**
 * Deployed-where index, rollback (swap and shift), verify, history tags and undo against the emulator's seeded
 * blue/green endpoint (fraud-online: blue 90 % → online-model-1:1 by ARM id, green 10 % → online-model-2:1 by
 * `azureml:/` id; fraud-shared/main → registry diabetes-regressor:2; batch fraud-batch/nightly-scoring →
 * fraud-detector:2), plus every fault of issue 6.
 */
import * as assert from 'node:assert/strict';
import { InventoryError } from '../../../src/core/errors';
import { buildDeploymentIndex, describeDeployedWhere } from '../../../src/core/deployments/deployedIndex';
import { readHistory } from '../../../src/core/deployments/history';
import { registryVersionKey, workspaceVersionKey, type ModelVersionTarget } from '../../../src/core/deployments/modelReference';
import { blockers, lastRollback, planRollback, planUndo, type SwapPlan } from '../../../src/core/deployments/rollbackPlan';
import type { ArmDeployments } from '../../../src/azure/armDeployments';
import type { RunningServices } from '../../support/serviceTypes';
import { emulatorCatalog, emulatorServices } from '../adapters/emulatorCatalog';
import { deploymentAdapters, editFraudWorkspace, fraudWorkspace as ws } from './helpers';

const who = 'integration-test@contoso.com';
const fast = { who, pollIntervalMs: 100 };
const target = (modelName: string, version: string): ModelVersionTarget => ({ kind: 'workspace', workspace: ws, modelName, version });

async function rejection(promise: Promise<unknown>): Promise<InventoryError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof InventoryError, `expected an InventoryError, got ${String(error)}`);
  return error;
}

async function plan(deployments: ArmDeployments, deploymentName: string, t: ModelVersionTarget) {
  const data = await deployments.readWorkspace(ws);
  const endpoint = data.onlineEndpoints.find((e) => e.name === 'fraud-online')!;
  return planRollback({ endpoint, deployments: data.onlineDeployments, deploymentName, target: { target: t }, context: { workspace: ws } });
}

describe('deployments adapter against the emulator', function () {
  this.timeout(60_000);
  let services: RunningServices;
  let deployments: ArmDeployments;
  let log: string[];

  before(async () => {
    services = emulatorServices();
    await services.reset();
  });
  beforeEach(() => {
    ({ deployments, log } = deploymentAdapters(services));
  });
  afterEach(async () => {
    await services.reset();
  });

  describe('deployed-where index', () => {
    it('indexes the seeded blue/green endpoint, the registry deployment and the batch deployment, in 5 requests', async () => {
      await deployments.readWorkspace(ws); // token warm-up
      await services.requestCount(true);
      const data = await deployments.readWorkspace(ws);
      assert.equal(await services.requestCount(), 5, 'online + batch endpoint lists, then 2 online and 1 batch deployment lists');
      const fraudOnline = data.onlineEndpoints.find((e) => e.name === 'fraud-online');
      assert.deepEqual(fraudOnline?.traffic, { blue: 90, green: 10 });
      assert.deepEqual(fraudOnline?.mirrorTraffic, {});
      const index = buildDeploymentIndex([data]);
      const rows = (key: string) => (index.byVersionKey.get(key) ?? []).map(describeDeployedWhere);
      assert.deepEqual(rows(workspaceVersionKey(ws, 'online-model-1', '1')), ['fraud-online/blue — 90 % traffic']);
      assert.deepEqual(rows(workspaceVersionKey(ws, 'online-model-2', '1')), ['fraud-online/green — 10 % traffic']);
      assert.deepEqual(rows(registryVersionKey('shared-models', 'diabetes-regressor', '2')), ['fraud-shared/main — 100 % traffic']);
      assert.deepEqual(rows(workspaceVersionKey(ws, 'fraud-detector', '2')), ['fraud-batch/nightly-scoring — batch, default']);
      assert.equal(index.unresolved.length, 0);
    });

    it('benchmark: 30 endpoints × 3 deployments in 2 rounds of parallel requests', async () => {
      const latencyMs = 300;
      await editFraudWorkspace(services, (w) => {
        const template = w.onlineEndpoints['fraud-online'];
        for (let i = 1; i <= 30; i++) {
          const name = `bench-${String(i).padStart(2, '0')}`;
          const ep = structuredClone(template);
          ep.name = name;
          ep.properties.traffic = { a: 50, b: 30, c: 20 };
          ep.deployments = {};
          for (const d of ['a', 'b', 'c']) ep.deployments[d] = { ...structuredClone(template.deployments.blue), name: d };
          w.onlineEndpoints[name] = ep;
        }
        delete w.onlineEndpoints['fraud-online'];
        delete w.onlineEndpoints['fraud-shared'];
        w.batchEndpoints = {};
      });
      await deployments.readWorkspace(ws); // token warm-up
      await services.setFaults({ latencyMs });
      await services.requestCount(true);
      const started = Date.now();
      const data = await deployments.readWorkspace(ws);
      const elapsed = Date.now() - started;
      const requests = await services.requestCount();
      const rounds = elapsed / latencyMs;
      console.log(`      index of 30 endpoints × 3 deployments: ${requests} requests in ${elapsed} ms at ${latencyMs} ms per request = ${rounds.toFixed(2)} rounds`);
      assert.equal(data.onlineEndpoints.length, 30);
      assert.equal(data.onlineDeployments.length, 90);
      assert.equal(requests, 32);
      assert.ok(rounds < 3, `expected ≤ 2 rounds (+ overhead), took ${rounds.toFixed(2)}`);
    });
  });

  describe('swap strategy', () => {
    it('swaps green to blue\'s version, verifies, records the history on the deployment, and undoes it', async () => {
      const options = await plan(deployments, 'green', target('online-model-1', '1'));
      assert.deepEqual(blockers(options.swap), []);
      const progress: string[] = [];
      const outcome = await deployments.execute(options.swap, { ...fast, reason: 'green regressed', onProgress: (p) => progress.push(p.phase) });
      assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome));
      assert.ok(outcome.status === 'succeeded');
      assert.match(outcome.operationUrl ?? '', /mfeOperationsStatus\/odidp:/);
      assert.ok(log.some((l) => l.includes(outcome.operationUrl!)), 'the operation URL is logged');
      assert.deepEqual([...new Set(progress)], ['sending', 'started', 'polling', 'verifying']);
      assert.equal(outcome.observed.deployment?.model, '/subscriptions/a1b2c3d4-0001-4e5f-8a9b-00000000d001/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/ws-fraud-prod/models/online-model-1/versions/1');
      assert.deepEqual(outcome.observed.endpoint?.traffic, { blue: 90, green: 10 }, 'traffic untouched by a swap');

      const data = await deployments.readWorkspace(ws);
      const green = data.onlineDeployments.find((d) => d.name === 'green')!;
      const [entry] = readHistory(green.tags);
      assert.deepEqual({ action: entry?.action, who: entry?.who, reason: entry?.reason, from: entry?.from, to: entry?.to }, { action: 'swap', who, reason: 'green regressed', from: 'azureml:online-model-2:1', to: 'azureml:online-model-1:1' });
      const index = buildDeploymentIndex([data]);
      assert.deepEqual((index.byVersionKey.get(workspaceVersionKey(ws, 'online-model-1', '1')) ?? []).map(describeDeployedWhere), ['fraud-online/blue — 90 % traffic', 'fraud-online/green — 10 % traffic']);

      const endpoint = data.onlineEndpoints.find((e) => e.name === 'fraud-online')!;
      const recorded = lastRollback(endpoint, data.onlineDeployments);
      assert.ok(recorded);
      const undo = planUndo({ endpoint, deployments: data.onlineDeployments, recorded, context: { workspace: ws } });
      assert.deepEqual(blockers(undo), []);
      const undone = await deployments.execute(undo, fast);
      assert.equal(undone.status, 'succeeded', JSON.stringify(undone));
      const after = await deployments.readWorkspace(ws);
      const greenAfter = after.onlineDeployments.find((d) => d.name === 'green')!;
      assert.equal(buildDeploymentIndex([after]).byVersionKey.get(workspaceVersionKey(ws, 'online-model-2', '1'))?.[0]?.deploymentName, 'green');
      assert.deepEqual(readHistory(greenAfter.tags).map((e) => [e.seq, e.action, e.undoes]), [[2, 'undo-swap', 1], [1, 'swap', undefined]]);
      assert.equal(lastRollback(after.onlineEndpoints.find((e) => e.name === 'fraud-online')!, after.onlineDeployments), undefined, 'nothing left to undo');
    });
  });

  describe('shift strategy', () => {
    it('moves green\'s share to blue with a full map, keeps the mirror setting, records on the endpoint, and undoes it', async () => {
      await editFraudWorkspace(services, (w) => {
        const ep = w.onlineEndpoints['fraud-online'];
        ep.deployments.shadow = { ...structuredClone(ep.deployments.green), name: 'shadow' };
        ep.properties.mirrorTraffic = { shadow: 10 };
      });
      const options = await plan(deployments, 'green', target('online-model-1', '1'));
      assert.ok(options.shift, options.shiftUnavailable);
      assert.deepEqual(options.shift.trafficAfter, { blue: 100, green: 0, shadow: 0 });
      const outcome = await deployments.execute(options.shift, { ...fast, reason: 'quick rollback' });
      assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome));
      const endpoint = await deployments.getEndpoint(ws, 'fraud-online');
      assert.deepEqual(endpoint.traffic, { blue: 100, green: 0, shadow: 0 });
      assert.deepEqual(endpoint.mirrorTraffic, { shadow: 10 }, 'mirror traffic preserved');
      assert.deepEqual(readHistory(endpoint.tags).map((e) => [e.action, e.from, e.to]), [['shift', 'blue=90,green=10', 'blue=100,green=0,shadow=0']]);

      const all = await deployments.listOnlineDeployments(ws, 'fraud-online');
      const recorded = lastRollback(endpoint, all)!;
      assert.equal(recorded.on, 'endpoint');
      const undone = await deployments.execute(planUndo({ endpoint, deployments: all, recorded, context: { workspace: ws } }), fast);
      assert.equal(undone.status, 'succeeded', JSON.stringify(undone));
      const restored = await deployments.getEndpoint(ws, 'fraud-online');
      assert.deepEqual(restored.traffic, { blue: 90, green: 10, shadow: 0 });
      assert.deepEqual(restored.mirrorTraffic, { shadow: 10 });
    });

    it('refuses traffic that does not sum to 100, or a partial map, before sending anything', async () => {
      await deployments.getEndpoint(ws, 'fraud-online'); // token warm-up
      await services.requestCount(true);
      const notHundred = await rejection(deployments.setTraffic(ws, 'fraud-online', { blue: 80, green: 10 }, fast));
      assert.equal(notHundred.kind, 'validation');
      assert.match(notHundred.message, /add up to 100 %, but it adds up to 90 %/);
      const partial = await rejection(deployments.setTraffic(ws, 'fraud-online', { blue: 100 }, fast));
      assert.match(partial.message, /'green' has 10 % of the traffic but is missing/);
      assert.equal(await services.requestCount(), 4, 'two reads per attempt, no PUT');
      assert.deepEqual((await deployments.getEndpoint(ws, 'fraud-online')).traffic, { blue: 90, green: 10 });
    });
  });

  describe('faults', () => {
    async function swapPlan(): Promise<SwapPlan> {
      return (await plan(deployments, 'green', target('online-model-1', '1'))).swap;
    }

    it('LRO ends Failed: reports the service error and that the state is unchanged; nothing recorded', async () => {
      const swap = await swapPlan();
      await services.setFaults({ lroOutcome: 'Failed', lroFailureMessage: 'Not enough quota for Standard_DS3_v2 in eastus.' });
      const outcome = await deployments.execute(swap, fast);
      assert.equal(outcome.status, 'failed');
      assert.ok(outcome.status === 'failed');
      assert.match(outcome.message, /Not enough quota/);
      assert.equal(outcome.stateUnchanged, true);
      assert.equal(outcome.observed.deployment?.provisioningState, 'Failed');
      assert.deepEqual(readHistory(outcome.observed.deployment?.tags ?? {}), []);
    });

    it('LRO never ends: stops watching after the budget and reports "still in progress" with the operation URL; cancel says so too', async () => {
      const swap = await swapPlan();
      await services.setFaults({ lroOutcome: 'Never' });
      const timedOut = await deployments.execute(swap, { ...fast, maxWaitMs: 800 });
      assert.equal(timedOut.status, 'inProgress');
      assert.ok(timedOut.status === 'inProgress');
      assert.equal(timedOut.reason, 'timeout');
      assert.match(timedOut.operationUrl, /mfeOperationsStatus/);
      // Still Updating: a second attempt is refused before sending.
      const busy = await rejection(deployments.execute(swap, fast));
      assert.equal(busy.kind, 'conflict');
      assert.match(busy.message, /Updating/);
      // Keep watching, then give up by cancelling.
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const resumed = await deployments.resume(swap, timedOut.operationUrl, { ...fast, abortSignal: controller.signal });
      assert.deepEqual(resumed.status === 'inProgress' && [resumed.reason, resumed.operationUrl], ['cancelled', timedOut.operationUrl]);
    });

    it('409 while another operation runs on the endpoint: a clear conflict message, nothing changed', async () => {
      const swap = await swapPlan();
      await editFraudWorkspace(services, (w) => { w.onlineEndpoints['fraud-online'].tags['emulator.ongoingOperation'] = 'scale-out'; });
      const error = await rejection(deployments.execute(swap, fast));
      assert.equal(error.kind, 'conflict');
      assert.equal(error.details.statusCode, 409);
      assert.match(error.message, /another update of this endpoint is running \(409 Conflict\)\. Nothing was changed/);
      assert.match((await deployments.listOnlineDeployments(ws, 'fraud-online')).find((d) => d.name === 'green')?.model ?? '', /online-model-2/);
    });

    it('403: a clear permission message', async () => {
      const swap = await swapPlan();
      await services.setFaults({ failures: { count: 5, status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/write.', pathPattern: 'deployments/green$' } });
      const error = await rejection(deployments.execute(swap, fast));
      assert.equal(error.kind, 'forbidden');
      assert.match(error.message, /You do not have permission to update deployment 'green' of endpoint 'fraud-online' \(403 AuthorizationFailed\)/);
    });

    it('endpoint deleted meanwhile: says so, nothing sent', async () => {
      const swap = await swapPlan();
      await editFraudWorkspace(services, (w) => { delete w.onlineEndpoints['fraud-online']; });
      const error = await rejection(deployments.execute(swap, fast));
      assert.equal(error.kind, 'notFound');
      assert.match(error.message, /endpoint 'fraud-online' no longer exists \(it was deleted meanwhile\)/);
    });

    it('deployment changed since the plan: refused, nothing overwritten', async () => {
      const swap = await swapPlan();
      await editFraudWorkspace(services, (w) => { w.onlineEndpoints['fraud-online'].deployments.green.properties.model = 'azureml:fraud-detector:3'; });
      const error = await rejection(deployments.execute(swap, fast));
      assert.equal(error.kind, 'conflict');
      assert.match(error.message, /changed since the plan was made/);
    });

    it('endpoint not in a terminal state: the plan blocks with a retryable reason', async () => {
      await editFraudWorkspace(services, (w) => { w.onlineEndpoints['fraud-online'].properties.provisioningState = 'Updating'; });
      const options = await plan(deployments, 'green', target('online-model-1', '1'));
      assert.deepEqual(blockers(options.swap).map((b) => [b.code, b.retryable]), [['endpointBusy', true]]);
      const error = await rejection(deployments.execute(options.swap, fast));
      assert.equal(error.kind, 'validation');
    });

    it('a deployment referencing a deleted version still shows, by its reference', async () => {
      await editFraudWorkspace(services, (w) => { w.onlineEndpoints['fraud-online'].deployments.green.properties.model = 'azureml:deleted-model:9'; });
      const index = buildDeploymentIndex([await deployments.readWorkspace(ws)]);
      assert.deepEqual((index.byVersionKey.get(workspaceVersionKey(ws, 'deleted-model', '9')) ?? []).map(describeDeployedWhere), ['fraud-online/green — 10 % traffic']);
    });
  });

  describe('artifact manifests (compare)', () => {
    it('lists workspace and registry artifacts with sizes and Content-MD5, without downloading', async () => {
      const { manifests } = deploymentAdapters(services);
      const catalog = emulatorCatalog(services);
      const scope = (await catalog.listWorkspaces(ws.subscriptionId)).find((w) => w.name === ws.name)!;
      const blue = await manifests.listArtifactFiles(await catalog.getVersion(scope, 'online-model-1', '1'));
      const green = await manifests.listArtifactFiles(await catalog.getVersion(scope, 'online-model-2', '1'));
      assert.ok(blue.length > 0 && green.length > 0);
      assert.ok(blue.every((f) => f.size >= 0 && !f.path.startsWith('/')));
      assert.ok(blue.some((f) => f.contentMd5), 'Content-MD5 is reported');
      const registry = (await catalog.listRegistries(ws.subscriptionId))[0]!;
      const shared = await manifests.listArtifactFiles(await catalog.getVersion(registry, 'diabetes-regressor', '2'));
      assert.ok(shared.some((f) => f.path === 'MLmodel'), JSON.stringify(shared.map((f) => f.path)));
    });

    it('a registry the caller cannot read: a clear 403', async () => {
      const { manifests } = deploymentAdapters(services);
      const catalog = emulatorCatalog(services);
      const registry = (await catalog.listRegistries(ws.subscriptionId))[0]!;
      const version = await catalog.getVersion(registry, 'diabetes-regressor', '2');
      await services.setFaults({ failures: { count: 5, status: 403, code: 'AuthorizationFailed', message: 'No read access to registry.', pathPattern: 'registries/shared-models' } });
      const error = await rejection(manifests.listArtifactFiles(version));
      assert.equal(error.kind, 'forbidden');
    });
  });
});

