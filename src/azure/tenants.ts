/** Tenants the signed-in identity can reach (`GET /tenants`), for the tenant picker. */
import type { Tenant } from '../core/domain/model';
import type { CallOptions } from '../core/ports/catalog';
import { apiVersions } from './apiVersions';
import { getAllPages } from './armRequest';
import type { ArmClientFactory } from './clientFactory';
import { toInventoryError } from './errorMapping';
import { toTenant, type RawTenant } from './mappers';

export async function listTenants(clients: ArmClientFactory, options: CallOptions = {}): Promise<readonly Tenant[]> {
  try {
    const raw = await getAllPages<RawTenant>(clients.forTenant(), `${clients.endpoint}/tenants`, { 'api-version': apiVersions.resources }, options);
    return raw.map(toTenant).filter((t) => t.tenantId);
  } catch (error) {
    throw toInventoryError(error, { action: 'list your tenants', abortSignal: options.abortSignal });
  }
}
