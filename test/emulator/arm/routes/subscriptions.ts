import { EMULATOR_TENANT_ID } from '../../config';
import type { SubscriptionRecord } from '../../state/model';
import { ok } from '../context';
import { requireSubscription } from '../lookup';
import { pageOf } from '../paging';
import type { Router } from '../router';

/** Microsoft.Resources subscriptions (api 2022-12-01): list and get. */
function render(sub: SubscriptionRecord) {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: sub.subscriptionId,
    tenantId: EMULATOR_TENANT_ID,
    displayName: sub.displayName,
    state: sub.state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    tags: {},
  };
}

export function registerSubscriptionRoutes(router: Router): void {
  router.add('GET', '/subscriptions', (ctx) => ok(pageOf(ctx, ctx.state.subscriptions, 100, render)));
  router.add('GET', '/subscriptions/{sub}', (ctx) => ok(render(requireSubscription(ctx))));
}
