import { PROVIDER } from '../../state/ids';
import { ok } from '../context';
import { ArmError } from '../errors';
import { requireSubscription } from '../lookup';
import { POLL_RETRY_AFTER_SECONDS } from '../lro';
import type { Router } from '../router';

/** Polling endpoints of Azure ML long-running operations (`Azure-AsyncOperation` and `Location` targets). */
export function registerOperationRoutes(router: Router): void {
  const base = `/subscriptions/{sub}/providers/${PROVIDER}/locations/{location}`;
  const notFound = (name: string) => new ArmError(404, 'NotFound', `Operation '${name}' was not found.`);

  router.add('GET', `${base}/mfeOperationsStatus/{operation}`, (ctx) => {
    requireSubscription(ctx);
    const body = ctx.lro.pollStatus(ctx.params.operation);
    if (!body) throw notFound(ctx.params.operation);
    return ok(body, 200, body.status === 'Updating' ? { 'Retry-After': POLL_RETRY_AFTER_SECONDS } : {});
  });

  router.add('GET', `${base}/mfeOperationResults/{operation}`, (ctx) => {
    requireSubscription(ctx);
    const state = ctx.lro.pollResult(ctx.params.operation);
    if (!state) throw notFound(ctx.params.operation);
    if (state === 'running') return ok(undefined, 202, { Location: ctx.url.href.replace(/^https?:\/\/[^/]+/, ctx.baseUrl), 'Retry-After': POLL_RETRY_AFTER_SECONDS });
    if (state === 'Failed') throw new ArmError(400, 'OperationFailed', ctx.lro.failureMessage(ctx.params.operation));
    return ok(undefined, 204);
  });
}
