import { keyOf, PROVIDER, workspaceArmId } from '../../state/ids';
import type { ProxyResourceRecord, WorkspaceRecord } from '../../state/model';
import { ok } from '../context';
import { assetNotFound } from '../errors';
import { byCreatedAt, listViewTypeOf, passesListView } from '../listFilters';
import { requireWorkspace } from '../lookup';
import { pageOf } from '../paging';
import type { Router } from '../router';

/** Jobs (read-only, for model lineage): get and list (listViewType, jobType, tag). Bodies are stored as seeded. */
const WS = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/workspaces/{ws}`;

function render(ws: WorkspaceRecord, job: ProxyResourceRecord) {
  return { id: `${workspaceArmId(ws)}/jobs/${job.name}`, name: job.name, type: `${PROVIDER}/workspaces/jobs`, properties: job.properties, systemData: job.systemData };
}

export function registerJobRoutes(router: Router): void {
  router.add('GET', `${WS}/jobs`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const view = listViewTypeOf(ctx);
    const jobType = ctx.query.get('jobType')?.toLowerCase();
    const tag = ctx.query.get('tag');
    const items = Object.values(ws.jobs)
      .filter((j) => passesListView(j.properties.isArchived === true, view))
      .filter((j) => !jobType || String(j.properties.jobType).toLowerCase() === jobType)
      .filter((j) => !tag || Object.keys((j.properties.tags ?? {}) as object).includes(tag))
      .sort(byCreatedAt('desc'));
    return ok(pageOf(ctx, items, 100, (j) => render(ws, j)));
  });
  router.add('GET', `${WS}/jobs/{job}`, (ctx) => {
    const ws = requireWorkspace(ctx);
    const job = ws.jobs[keyOf(ctx.params.job)];
    if (!job) throw assetNotFound('JobNotFound', `Job with name: ${ctx.params.job} not found.`);
    return ok(render(ws, job));
  });
}
