import * as assert from 'node:assert/strict';
import type { ScopeRef } from '../../../src/core/domain/ids';
import { describeHistoryEntry, lastUndoable, maxHistoryEntries, readHistory, withHistoryEntry } from '../../../src/core/deployments/history';
import { workspaceVersionKey } from '../../../src/core/deployments/modelReference';
import { blockers, describePlan, lastRollback, planRollback, planUndo, questions } from '../../../src/core/deployments/rollbackPlan';
import { parseTrafficCompact, shiftTraffic, trafficSum, validateTrafficChange } from '../../../src/core/deployments/traffic';
import type { OnlineDeployment, OnlineEndpoint } from '../../../src/core/deployments/types';

const ws: ScopeRef = { kind: 'workspace', subscriptionId: 'sub', resourceGroup: 'rg', name: 'ws' };
const id = (model: string, v: string) => `/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/${model}/versions/${v}`;
const context = { workspace: ws };

function endpoint(traffic: Record<string, number>, extra: Partial<OnlineEndpoint> = {}): OnlineEndpoint {
  return { id: 'e', name: 'fraud-online', workspace: ws, traffic, mirrorTraffic: {}, tags: {}, provisioningState: 'Succeeded', ...extra };
}
function deployment(name: string, model: string, extra: Partial<OnlineDeployment> = {}): OnlineDeployment {
  return { id: name, name, endpointName: 'fraud-online', workspace: ws, model, tags: {}, provisioningState: 'Succeeded', ...extra };
}
const target = (model: string, version: string, isArchived = false) => ({ target: { kind: 'workspace' as const, workspace: ws, modelName: model, version }, isArchived });

describe('deployments: traffic plans', () => {
  it('moves one share and keeps every other deployment listed with its share', () => {
    const after = shiftTraffic({ blue: 70, green: 20, red: 10 }, 'green', 'blue', ['blue', 'green', 'red', 'idle']);
    assert.deepEqual(after, { blue: 90, green: 0, red: 10, idle: 0 });
    assert.equal(trafficSum(after), 100);
  });

  it('matches deployment names case-insensitively and keeps the map spelling', () => {
    assert.deepEqual(shiftTraffic({ Blue: 90, GREEN: 10 }, 'green', 'blue', ['blue', 'green']), { Blue: 100, GREEN: 0 });
  });

  it('refuses maps that drop a deployment, do not sum to 100, name unknown deployments or collide with mirror traffic', () => {
    const codes = (after: Record<string, number>, mirror: Record<string, number> = {}) =>
      validateTrafficChange({ before: { blue: 90, green: 10 }, after, mirror, deployments: ['blue', 'green', 'red'] }).map((p) => p.code).sort();
    assert.deepEqual(codes({ blue: 100 }), ['dropped']);
    assert.deepEqual(codes({ blue: 90, green: 0 }), ['sum']);
    assert.deepEqual(codes({ blue: 50, green: 0, purple: 50 }), ['unknownDeployment']);
    assert.deepEqual(codes({ blue: 0, green: 0, red: 100 }, { red: 10 }), ['mirrorConflict']);
    assert.deepEqual(codes({ blue: 99.5, green: 0.5 }), ['notInteger', 'notInteger']);
    assert.deepEqual(codes({ blue: 0, green: 0 }), ['sum']);
    assert.deepEqual(codes({ blue: 100, green: 0 }), []);
  });

  it('round-trips the compact form', () => {
    assert.deepEqual(parseTrafficCompact('blue=90,green=10'), { blue: 90, green: 10 });
    assert.equal(parseTrafficCompact('blue=ninety'), undefined);
  });
});

describe('deployments: rollback plans', () => {
  const deployments = [deployment('blue', id('m', '1')), deployment('green', `azureml:${id('m', '2')}`)];

  it('plans a swap (GET → model → PUT) that leaves traffic alone, and a shift to the deployment already serving the target', () => {
    const options = planRollback({ endpoint: endpoint({ blue: 90, green: 10 }), deployments, deploymentName: 'green', target: target('m', '1'), context });
    assert.equal(options.swap.toModel, id('m', '1'));
    assert.equal(options.swap.fromLabel, 'm:2');
    assert.equal(options.swap.expectKey, workspaceVersionKey(ws, 'm', '1'));
    assert.deepEqual(blockers(options.swap), []);
    assert.deepEqual(options.swap.history, { action: 'swap', from: 'azureml:m:2', to: 'azureml:m:1', seq: 1 });
    assert.ok(options.shift);
    assert.deepEqual(options.shift.trafficAfter, { blue: 100, green: 0 });
    assert.deepEqual(options.shift.history, { action: 'shift', from: 'blue=90,green=10', to: 'blue=100,green=0', seq: 1 });
    assert.deepEqual(describePlan(options.shift), ['Workspace: ws', 'Endpoint: fraud-online', 'Deployment: green (m:2) → traffic moves to blue (m:1)', 'Traffic: blue 90 %, green 10 % → blue 100 %, green 0 %']);
    assert.deepEqual(describePlan(options.swap), ['Workspace: ws', 'Endpoint: fraud-online', 'Deployment: green', 'Model: m:2 → m:1', 'Traffic: blue 90 %, green 10 % → unchanged']);
  });

  it('does not offer a shift when nobody else serves the target or there is no traffic to move', () => {
    const none = planRollback({ endpoint: endpoint({ blue: 90, green: 10 }), deployments, deploymentName: 'green', target: target('m', '7'), context });
    assert.equal(none.shift, undefined);
    assert.match(none.shiftUnavailable ?? '', /No other deployment/);
    const idle = planRollback({ endpoint: endpoint({ blue: 100, green: 0 }), deployments, deploymentName: 'green', target: target('m', '1'), context });
    assert.match(idle.shiftUnavailable ?? '', /no live traffic/);
  });

  it('keeps mirror traffic and refuses a shift onto a mirrored deployment', () => {
    const three = [...deployments, deployment('shadow', id('m', '1'))];
    const ep = endpoint({ blue: 0, green: 100 }, { mirrorTraffic: { shadow: 10 } });
    const options = planRollback({ endpoint: ep, deployments: three.map((d) => (d.name === 'blue' ? { ...d, provisioningState: 'Failed' } : d)), deploymentName: 'green', target: target('m', '1'), context });
    // blue is Failed, shadow is mirrored: the ranking prefers neither perfectly; whichever is chosen, the plan must say why it is blocked.
    assert.ok(options.shift);
    assert.deepEqual(options.shift.mirrorTraffic, { shadow: 10 });
    assert.ok(blockers(options.shift).length > 0);
  });

  it('blocks (with retry) when the endpoint or deployment is still updating, and asks for archived targets', () => {
    const busy = planRollback({ endpoint: endpoint({ blue: 90, green: 10 }, { provisioningState: 'Updating' }), deployments, deploymentName: 'green', target: target('m', '1', true), context });
    assert.deepEqual(blockers(busy.swap).map((i) => [i.code, i.retryable]), [['endpointBusy', true]]);
    assert.deepEqual(questions(busy.swap).map((i) => i.code), ['archivedTarget']);
    const same = planRollback({ endpoint: endpoint({ blue: 90, green: 10 }), deployments, deploymentName: 'blue', target: target('m', '1'), context });
    assert.deepEqual(blockers(same.swap).map((i) => i.code), ['alreadyServing']);
  });
});

describe('deployments: history tags and undo plans', () => {
  const at = new Date('2025-03-01T10:00:00.000Z');

  it('writes a compact entry within ARM tag limits and reads it back', () => {
    const { tags, entry } = withHistoryEntry({ team: 'risk' }, { at, action: 'swap', who: 'alice@contoso.com', reason: 'bad | precision\nregression', from: 'azureml:m:2', to: 'azureml:m:1' });
    assert.equal(tags.team, 'risk');
    assert.equal(entry.seq, 1);
    assert.equal(tags['amlInventory.rollback.1'], 'v1|2025-03-01T10:00:00.000Z|swap|-|alice@contoso.com|bad   precision regression');
    for (const value of Object.values(tags)) assert.ok(value.length <= 256);
    const [read] = readHistory(tags);
    assert.equal(read?.from, 'azureml:m:2');
    assert.equal(read?.to, 'azureml:m:1');
    assert.match(describeHistoryEntry(read!), /^2025-03-01 10:00 UTC · alice@contoso.com · swap · azureml:m:2 → azureml:m:1 · bad/);
  });

  it('shortens long reasons, prunes old entries and refuses records that cannot fit', () => {
    let tags: Record<string, string> = {};
    for (let i = 0; i < maxHistoryEntries + 3; i++) tags = withHistoryEntry(tags, { at, action: 'swap', who: 'bob', reason: 'r'.repeat(400), from: 'a', to: 'b' }).tags;
    const entries = readHistory(tags);
    assert.equal(entries.length, maxHistoryEntries);
    assert.equal(entries[0]?.seq, maxHistoryEntries + 3);
    for (const value of Object.values(tags)) assert.ok(value.length <= 256);
    assert.throws(() => withHistoryEntry({}, { at, action: 'swap', who: 'x', from: 'y'.repeat(300), to: 'b' }), /longer than an Azure tag value/);
    const crowded = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`t${i}`, 'v']));
    assert.throws(() => withHistoryEntry(crowded, { at, action: 'swap', who: 'x', from: 'a', to: 'b' }), /limit of 50/);
  });

  it('undo restores the recorded model, only while nothing changed since', () => {
    const swapped = withHistoryEntry({}, { at, action: 'swap', who: 'alice', from: 'azureml:m:2', to: 'azureml:m:1' });
    const green = deployment('green', id('m', '1'), { tags: swapped.tags });
    const ep = endpoint({ blue: 90, green: 10 });
    const recorded = lastRollback(ep, [deployment('blue', id('m', '1')), green]);
    assert.ok(recorded && recorded.on === 'deployment' && recorded.deploymentName === 'green');
    const plan = planUndo({ endpoint: ep, deployments: [green], recorded, context });
    assert.equal(plan.kind, 'swap');
    assert.ok(plan.kind === 'swap');
    assert.equal(plan.toModel, id('m', '2'));
    assert.deepEqual(plan.history, { action: 'undo-swap', from: 'azureml:m:1', to: 'azureml:m:2', undoes: 1, seq: 2 });
    assert.deepEqual(blockers(plan), []);
    const moved = planUndo({ endpoint: ep, deployments: [{ ...green, model: id('m', '5') }], recorded, context });
    assert.deepEqual(blockers(moved).map((b) => b.code), ['changedSince']);
    // After the undo is recorded there is nothing left to undo.
    const undone = withHistoryEntry(swapped.tags, { at: new Date(at.getTime() + 1000), action: 'undo-swap', undoes: 1, who: 'alice', from: 'azureml:m:1', to: 'azureml:m:2' });
    assert.equal(lastUndoable(readHistory(undone.tags)), undefined);
    assert.equal(lastRollback(ep, [{ ...green, tags: undone.tags }]), undefined);
  });

  it('undo of a shift restores the full previous map and refuses when a deployment with a share is gone', () => {
    const shifted = withHistoryEntry({}, { at, action: 'shift', who: 'alice', from: 'blue=90,green=10', to: 'blue=100,green=0' });
    const ep = endpoint({ blue: 100, green: 0 }, { tags: shifted.tags });
    const both = [deployment('blue', id('m', '1')), deployment('green', id('m', '2'))];
    const recorded = lastRollback(ep, both)!;
    const plan = planUndo({ endpoint: ep, deployments: both, recorded, context });
    assert.ok(plan.kind === 'shift');
    assert.deepEqual(plan.trafficAfter, { blue: 90, green: 10 });
    assert.deepEqual(blockers(plan), []);
    const gone = planUndo({ endpoint: ep, deployments: [both[0]!], recorded, context });
    assert.ok(blockers(gone).some((b) => b.code === 'deploymentMissing'));
  });
});
