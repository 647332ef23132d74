/**
 * Review findings 1, 2 and 3: an Undo button bound to one history record never undoes another; records are
 * numbered uniquely per endpoint across the endpoint (shifts) and its deployments (swaps); pickers show
 * `name:version` instead of raw model ids.
 */
import * as assert from 'node:assert/strict';
import type { ScopeRef } from '../../../src/core/domain/ids';
import { withHistoryEntry } from '../../../src/core/deployments/history';
import { deploymentModelLabel } from '../../../src/core/deployments/modelReference';
import { checkUndoOf, describePlan, describeRecord, lastRollback, nextRollbackSeq, planRollback, planUndo } from '../../../src/core/deployments/rollbackPlan';
import type { OnlineDeployment, OnlineEndpoint } from '../../../src/core/deployments/types';

const ws: ScopeRef = { kind: 'workspace', subscriptionId: 'sub', resourceGroup: 'rg', name: 'ws' };
const id = (model: string, v: string) => `/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/${model}/versions/${v}`;
const context = { workspace: ws };
const at = (s: number) => new Date(Date.UTC(2025, 0, 6, 9, 0, s));

function endpoint(traffic: Record<string, number>, tags: Record<string, string> = {}): OnlineEndpoint {
  return { id: 'e', name: 'fraud-online', workspace: ws, traffic, mirrorTraffic: {}, tags, provisioningState: 'Succeeded' };
}
function deployment(name: string, model: string, tags: Record<string, string> = {}): OnlineDeployment {
  return { id: name, name, endpointName: 'fraud-online', workspace: ws, model, tags, provisioningState: 'Succeeded' };
}

describe('deployments: undo bound to a record, unique numbering', () => {
  // shift #1 (endpoint), its undo #2 (endpoint), then a swap of green #3 (deployment).
  const shift = withHistoryEntry({}, { at: at(0), action: 'shift', who: 'a', from: 'blue=90,green=10', to: 'blue=100,green=0' });
  const undoShift = withHistoryEntry(shift.tags, { at: at(1), action: 'undo-shift', undoes: 1, who: 'a', from: 'blue=100,green=0', to: 'blue=90,green=10' }, 2);

  it('numbers records after every record of the endpoint and its deployments', () => {
    const ep = endpoint({ blue: 90, green: 10 }, undoShift.tags);
    const deployments = [deployment('blue', id('m', '1')), deployment('green', id('m', '2'))];
    assert.equal(nextRollbackSeq(ep, deployments), 3);
    const options = planRollback({ endpoint: ep, deployments, deploymentName: 'green', target: { target: { kind: 'workspace', workspace: ws, modelName: 'm', version: '1' } }, context });
    assert.equal(options.swap.history.seq, 3);
    // The deployment has no records yet; the planned number wins over its own "next".
    const swap = withHistoryEntry({}, { at: at(2), action: 'swap', who: 'a', from: 'azureml:m:2', to: 'azureml:m:1' }, options.swap.history.seq);
    assert.equal(swap.entry.seq, 3);
    assert.ok(swap.tags['amlInventory.rollback.3']);
    // A resource that already has a higher number keeps counting from it.
    assert.equal(withHistoryEntry(swap.tags, { at: at(3), action: 'swap', who: 'a', from: 'x', to: 'y' }, 2).entry.seq, 4);
  });

  it('refuses a stale Undo: the old shift was already undone, and never undoes the newer swap instead', () => {
    const ep = endpoint({ blue: 90, green: 10 }, undoShift.tags);
    const swap = withHistoryEntry({}, { at: at(2), action: 'swap', who: 'a', from: 'azureml:m:2', to: 'azureml:m:1' }, 3);
    const deployments = [deployment('blue', id('m', '1')), deployment('green', id('m', '1'), swap.tags)];
    const stale = checkUndoOf(ep, deployments, { on: 'endpoint', seq: 1 });
    assert.equal(stale.status, 'refused');
    assert.match(stale.status === 'refused' ? stale.message : '', /^Rollback #1 on fraud-online was already undone \(by #2\)/);
    const current = checkUndoOf(ep, deployments, { on: 'deployment', deploymentName: 'green', seq: 3 });
    assert.ok(current.status === 'ok');
    assert.equal(describeRecord('fraud-online', current.recorded), 'model swap #3 on fraud-online/green');
    assert.equal(current.recorded.entry.seq, 3);
  });

  it('refuses an Undo when newer changes exist since the record', () => {
    const ep = endpoint({ blue: 100, green: 0 }, shift.tags);
    const swap = withHistoryEntry({}, { at: at(5), action: 'swap', who: 'a', from: 'azureml:m:2', to: 'azureml:m:1' }, 2);
    const deployments = [deployment('blue', id('m', '1')), deployment('green', id('m', '1'), swap.tags)];
    const check = checkUndoOf(ep, deployments, { on: 'endpoint', seq: 1 });
    assert.equal(check.status, 'refused');
    assert.match(check.status === 'refused' ? check.message : '', /^Rollback #1 on fraud-online can no longer be undone: there are newer changes since \(latest: model swap #2 on fraud-online\/green/);
    // Without newer changes the same record is undoable, and described by kind and target.
    const alone = checkUndoOf(ep, [deployment('blue', id('m', '1')), deployment('green', id('m', '2'))], { on: 'endpoint', seq: 1 });
    assert.ok(alone.status === 'ok');
    assert.equal(describeRecord('fraud-online', alone.recorded), 'traffic shift #1 on fraud-online');
    // A record that is not in the history at all is refused too.
    assert.equal(checkUndoOf(ep, deployments, { on: 'deployment', deploymentName: 'green', seq: 9 }).status, 'refused');
  });

  it('undo of a shift names the models each deployment serves', () => {
    const ep = endpoint({ blue: 100, green: 0 }, shift.tags);
    const deployments = [deployment('blue', id('m', '1')), deployment('green', id('m', '2'))];
    const plan = planUndo({ endpoint: ep, deployments, recorded: lastRollback(ep, deployments)!, context });
    assert.equal(plan.history.seq, 2);
    assert.deepEqual(describePlan(plan), ['Workspace: ws', 'Endpoint: fraud-online', 'Models: blue (m:1), green (m:2)', 'Traffic: blue 100 %, green 0 % → blue 90 %, green 10 %']);
  });

  it('labels a deployment\'s model as name:version, the raw id only when unresolvable', () => {
    assert.deepEqual(deploymentModelLabel(`azureml:${id('m', '2')}`, context), { label: 'm:2' });
    assert.deepEqual(deploymentModelLabel('azureml://registries/shared/models/m/versions/3', context), { label: 'shared/m:3' });
    const unresolved = deploymentModelLabel('azureml:m@latest', context);
    assert.equal(unresolved.label, 'unresolved model');
    assert.match(unresolved.detail ?? '', /^azureml:m@latest — /);
    assert.deepEqual(deploymentModelLabel(undefined, context), { label: '(no model)' });
  });
});
