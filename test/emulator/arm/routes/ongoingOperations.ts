import { keyOf, PROVIDER } from '../../state/ids';
import { ArmError } from '../errors';
import { requireWorkspace } from '../lookup';
import { Router } from '../router';
import { registerOnlineEndpointRoutes } from './onlineEndpoints';

/**
 * Opt-in "another operation is running" conflicts. Azure ML answers 409 to writes on an endpoint (or its
 * deployments) while another operation on it is still running. Tests opt in per endpoint by giving its record the
 * tag `emulator.ongoingOperation` (through `PUT /__emulator/state`); then every PUT/PATCH/DELETE on the endpoint and
 * its deployments answers 409 `Conflict` and changes nothing. Without the tag, requests go to the normal routes.
 * Registered before the online-endpoint routes, so it sees the writes first.
 */
export const ONGOING_OPERATION_TAG = 'emulator.ongoingOperation';

const WS = `/subscriptions/{sub}/resourceGroups/{rg}/providers/${PROVIDER}/workspaces/{ws}`;

export function registerOngoingOperationRoutes(router: Router): void {
  const inner = new Router();
  registerOnlineEndpointRoutes(inner);
  for (const template of [`${WS}/onlineEndpoints/{endpoint}`, `${WS}/onlineEndpoints/{endpoint}/deployments/{deployment}`]) {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      router.add(method, template, (ctx) => {
        const ws = requireWorkspace(ctx);
        const marker = ws.onlineEndpoints[keyOf(ctx.params.endpoint)]?.tags?.[ONGOING_OPERATION_TAG];
        if (marker) {
          throw new ArmError(409, 'Conflict', `There is an ongoing operation on endpoint '${ctx.params.endpoint}' (${marker}). Wait for it to complete before starting another one.`);
        }
        const match = inner.match(method, ctx.url.pathname);
        if (!match || match === 'method-not-allowed') throw new ArmError(404, 'NotFound', `No route for ${method} ${ctx.url.pathname}.`);
        return match.handler({ ...ctx, params: match.params });
      });
    }
  }
}
