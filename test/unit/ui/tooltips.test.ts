import * as assert from 'node:assert/strict';
import type { ModelContainer, ModelVersion, Workspace } from '../../../src/core/domain/model';
import { modelTooltip, tooltipLimits, versionTooltip } from '../../../src/tree/tooltips';

const workspace: Workspace = { kind: 'workspace', id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws', name: 'ws', subscriptionId: 's', resourceGroup: 'rg', tags: {} };

function version(overrides: Partial<ModelVersion> = {}): ModelVersion {
  return {
    scope: workspace, id: `${workspace.id}/models/m/versions/1`, modelName: 'm', version: '1', tags: {}, properties: {}, flavors: {},
    modelType: 'mlflow_model', isArchived: false, isAnonymous: false, createdAt: new Date('2024-05-01T10:00:00Z'), createdBy: 'Ada', ...overrides,
  };
}

describe('tree tooltips', () => {
  it('shows type, stage, creator and date', () => {
    const md = versionTooltip(version({ stage: 'Production' }));
    assert.match(md, /\*\*Type:\*\* MLflow/);
    assert.match(md, /\*\*Stage:\*\* Production/);
    assert.match(md, /2024\\-05\\-01 10\\:00 UTC by Ada/);
  });

  it('escapes hostile tag values and truncates long ones', () => {
    const md = versionTooltip(version({ tags: { xss: '<script>alert(1)</script>', tick: '`rm -rf`', long: 'v'.repeat(1000) } }));
    assert.ok(!md.includes('<script>'));
    assert.ok(md.includes('\\<script\\>'));
    assert.ok(md.includes('\\`rm \\-rf\\`'));
    assert.ok(!md.includes('v'.repeat(tooltipLimits.value)));
    assert.ok(md.includes('…'));
  });

  it(`shows at most ${tooltipLimits.tags} tags and says how many are left out`, () => {
    const tags = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']));
    const md = versionTooltip(version({ tags }));
    assert.equal((md.match(/^- k/gm) ?? []).length, tooltipLimits.tags);
    assert.match(md, /and 7 more/);
  });

  it('lists where the version is deployed, escaped, before the tags; nothing when not deployed', () => {
    const md = versionTooltip(version({ tags: { a: 'b' } }), { deployedWhere: ['fraud-online/blue — 90 % traffic', 'evil_[x](command:rm)/*d* — 10 % traffic'] });
    assert.ok(md.includes('**Deployed:**\n- fraud\\-online\\/blue — 90 \\% traffic\n- '), md);
    assert.ok(!md.includes('[x](command:rm)'), md);
    assert.ok(md.indexOf('**Deployed:**') < md.indexOf('**Tags:**'));
    assert.ok(!versionTooltip(version(), { deployedWhere: [] }).includes('Deployed'));
    const many = versionTooltip(version(), { deployedWhere: Array.from({ length: 8 }, (_, i) => `e/d${i} — 0 % traffic`) });
    assert.equal((many.match(/^- e\\\/d/gm) ?? []).length, tooltipLimits.deployments);
    assert.match(many, /and 3 more/);
  });

  it('renders malformed data without throwing', () => {
    const broken = version({ tags: null as never, modelType: 'SomethingNew', createdAt: new Date('not a date'), createdBy: undefined });
    const md = versionTooltip(broken);
    assert.match(md, /Other \\\(SomethingNew\\\)/);
    const model = { scope: workspace, id: 'x', name: 'm', tags: { k: null }, properties: {}, isArchived: true } as unknown as ModelContainer;
    assert.match(modelTooltip(model), /\*\*Archived\*\*/);
  });
});
