import * as assert from 'node:assert/strict';
import type { DeployedWhere } from '../../../src/core/deployments/deployedIndex';
import type { ModelContainer, ModelVersion, Workspace } from '../../../src/core/domain/model';
import { recogniseModelReferences, summariseDeploymentYaml } from '../../../src/core/references/recognise';
import type { ReferenceResolution } from '../../../src/core/references/resolver';
import { codeLensTitle, diagnosticMessage, hoverMarkdown } from '../../../src/references/referenceText';
import { isModelVersionInbound } from '../../../src/shared/protocol/modelVersion';

const scope: Workspace = { kind: 'workspace', id: '/x', name: 'ws-fraud-prod', subscriptionId: 's', resourceGroup: 'rg', tags: {} };
const container: ModelContainer = { scope, id: '/x/models/m', name: 'm', tags: {}, properties: {}, isArchived: false, latestVersion: '4' };
const version = (v: string, tags: Record<string, string> = {}, isArchived = false): ModelVersion => ({
  scope, id: `/x/models/m/versions/${v}`, modelName: 'm', version: v, tags, properties: {}, flavors: {}, isArchived, isAnonymous: false, modelType: 'mlflow_model', createdAt: new Date('2025-01-06T09:00:00Z'),
});
const key = { location: { kind: 'scope' as const, scope: { kind: 'workspace' as const, subscriptionId: 's', resourceGroup: 'rg', name: 'ws-fraud-prod' } }, modelName: 'm' };
const match = (raw: string) => recogniseModelReferences(`model: ${raw}`).references[0]!;

describe('model reference texts', () => {
  it('escapes hostile service text in the hover and puts the approval tag first', () => {
    const found: ReferenceResolution = { status: 'found', key, container, version: version('3', { xss: '<script>alert(1)</script>', approval: 'approved', z: '**bold**' }), newer: [version('4')] };
    const deployed = [{ kind: 'online', endpointName: 'fraud-online', deploymentName: 'blue', trafficPercent: 90, mirrorPercent: 0 } as unknown as DeployedWhere];
    const md = hoverMarkdown(match('azureml:m:3'), { resolution: found, deployed, approvalTagKey: 'approval' }, { openDetails: 'command:x?1' });
    assert.ok(!md.includes('<script>'), md);
    assert.match(md, /\\<script\\>/);
    assert.match(md, /\*\*Approval:\*\* approved/);
    assert.match(md, /\\\*\\\*bold\\\*\\\*/);
    assert.match(md, /fraud\\-online\\\/blue — 90 \\% traffic/);
    assert.match(md, /_Azure ML model reference:_ azureml\\:m\\:3$/);
    assert.match(md, /Newer versions available:\*\* 4/);
    assert.match(md, /\[Open details\]\(command:x\?1\)/);
  });

  it('words diagnostics only for archived, missing, and certain unknown models', () => {
    assert.match(diagnosticMessage(match('azureml:m:1'), { status: 'found', key, container, version: version('1', {}, true), newer: [version('4')] })!, /m:1 is archived; newer: 4/);
    assert.equal(diagnosticMessage(match('azureml:m:4'), { status: 'found', key, container, version: version('4'), newer: [] }), undefined);
    assert.match(diagnosticMessage(match('azureml:m:9'), { status: 'versionMissing', key, container, version: '9', latest: '4' })!, /has no version 9 \(latest is 4\)/);
    const likely = recogniseModelReferences('x = "azureml:data:1"').references[0]!;
    assert.equal(diagnosticMessage(likely, { status: 'modelMissing', key }), undefined, 'a likely reference may be data');
    assert.match(diagnosticMessage(match('azureml:m:1'), { status: 'modelMissing', key })!, /No model named m in workspace ws-fraud-prod/);
  });

  it('a version deployed nowhere says "not in any endpoint of <workspace>"', () => {
    const found: ReferenceResolution = { status: 'found', key, container, version: version('3'), newer: [] };
    assert.match(hoverMarkdown(match('azureml:m:3'), { resolution: found, deployed: [], approvalTagKey: '', workspaceName: 'ws-chosen' }, {}), /\*\*Deployed:\*\* not in any endpoint of ws\\-chosen/);
    assert.match(hoverMarkdown(match('azureml:m:3'), { resolution: found, deployed: [], approvalTagKey: '' }, {}), /\*\*Deployed:\*\* not in any endpoint of ws\\-fraud\\-prod/);
    assert.doesNotMatch(hoverMarkdown(match('azureml:m:3'), { resolution: found, deployed: [], approvalTagKey: '' }, {}), /nowhere/);
  });

  it('titles the deployment CodeLens "live: vX (N %) · this file: vY"', () => {
    const yaml = 'name: blue\nendpoint_name: fraud-online\nmodel: azureml:m:4\n';
    const summary = summariseDeploymentYaml(yaml)!;
    assert.equal(codeLensTitle(summary, { kind: 'online', modelName: 'm', version: '3', trafficPercent: 90 }), 'live: v3 (90 %) · this file: v4');
    assert.equal(codeLensTitle(summary, { kind: 'online', modelName: 'other', version: '1', trafficPercent: 10 }), 'live: other:1 (10 %) · this file: m:4');
    assert.equal(codeLensTitle(summary, undefined), 'live: no deployment blue on fraud-online · this file: m:4');
  });
});

describe('details panel protocol: curation messages', () => {
  const request = (method: string, params: unknown) => ({ kind: 'request', id: 1, method, params });
  it('accepts a well-formed save and archive request', () => {
    assert.ok(isModelVersionInbound(request('metadata/save', { tags: [{ name: 'a', value: '1' }], description: '' })));
    assert.ok(isModelVersionInbound(request('version/setArchived', { archived: true })));
  });
  it('rejects malformed ones (the webview is untrusted)', () => {
    assert.ok(!isModelVersionInbound(request('metadata/save', { tags: [{ name: 'a' }], description: '' })));
    assert.ok(!isModelVersionInbound(request('metadata/save', { tags: 'a=1', description: '' })));
    assert.ok(!isModelVersionInbound(request('metadata/save', { tags: [], description: 'x'.repeat(20_001) })));
    assert.ok(!isModelVersionInbound(request('metadata/save', { tags: [], description: '', extra: 1 })));
    assert.ok(!isModelVersionInbound(request('metadata/save', { tags: Array.from({ length: 501 }, () => ({ name: 'a', value: 'b' })), description: '' })));
    assert.ok(!isModelVersionInbound(request('version/setArchived', { archived: 'yes' })));
  });
});
