import { keyOf, PROVIDER, workspaceArmId } from '../../state/ids';
import type { EndpointRecord, TrackedResourceRecord, WorkspaceRecord } from '../../state/model';
import { ok } from '../context';
import { assetNotFound } from '../errors';
import { byCreatedAt } from '../listFilters';
import { requireWorkspace } from '../lookup';
import { pageOf } from '../paging';
import type { Router } from '../router';
import { renderTracked } from './trackedResources';

/** Batch endpoints and deployments, read-only (list/get). Deployment `model` is `{referenceType:'Id', assetId}`. */
const WS = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/workspaces/{ws}`;

function requireEndpoint(ws: WorkspaceRecord, name: string): EndpointRecord {
  const ep = ws.batchEndpoints[keyOf(name)];
  if (!ep) throw assetNotFound('BatchEndpointNotFound', `Batch endpoint ${name} not found.`);
  return ep;
}

export function registerBatchEndpointRoutes(router: Router): void {
  const endpointBody = (ws: WorkspaceRecord, ep: EndpointRecord) => renderTracked(ep, `${workspaceArmId(ws)}/batchEndpoints/${ep.name}`, `${PROVIDER}/workspaces/batchEndpoints`);
  const deploymentBody = (ws: WorkspaceRecord, ep: EndpointRecord, d: TrackedResourceRecord) =>
    renderTracked(d, `${workspaceArmId(ws)}/batchEndpoints/${ep.name}/deployments/${d.name}`, `${PROVIDER}/workspaces/batchEndpoints/deployments`);

  router.add('GET', `${WS}/batchEndpoints`, (ctx) => {
    const ws = requireWorkspace(ctx);
    return ok(pageOf(ctx, Object.values(ws.batchEndpoints).sort(byCreatedAt('desc')), 100, (ep) => endpointBody(ws, ep)));
  });
  router.add('GET', `${WS}/batchEndpoints/{endpoint}`, (ctx) => {
    const ws = requireWorkspace(ctx);
    return ok(endpointBody(ws, requireEndpoint(ws, ctx.params.endpoint)));
  });
  router.add('GET', `${WS}/batchEndpoints/{endpoint}/deployments`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const ep = requireEndpoint(ws, ctx.params.endpoint);
    return ok(pageOf(ctx, Object.values(ep.deployments).sort(byCreatedAt('desc')), 100, (d) => deploymentBody(ws, ep, d)));
  });
  router.add('GET', `${WS}/batchEndpoints/{endpoint}/deployments/{deployment}`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const ep = requireEndpoint(ws, ctx.params.endpoint);
    const d = ep.deployments[keyOf(ctx.params.deployment)];
    if (!d) throw assetNotFound('BatchDeploymentNotFound', `Batch deployment ${ctx.params.deployment} not found under endpoint ${ep.name}.`);
    return ok(deploymentBody(ws, ep, d));
  });
}
