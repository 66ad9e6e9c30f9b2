// The billing system answers customer requests: it sets their status by reference through the
// requests module's changeStatus (transitions, history, the customer's mail, audit, and the
// request.status_changed event). Kept apart from events.service, which requests.service imports.
import type { TIntegrationStatusChange } from '../../../api/integration-events.ts';
import type { TLocale } from '../../../api/tenant.ts';
import type { TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { changeStatus } from '../requests/requests.service.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import type { IntegrationClient } from './events.service.ts';
import * as repo from './events.repository.ts';

/** 404 for an unknown reference (or another tenant's), 409 for a change the request's status does not allow. */
export async function setRequestStatusByReference(
  trx: TenantTransaction,
  tenant: Tenant,
  client: IntegrationClient,
  reference: string,
  change: TIntegrationStatusChange,
  meta: { now: Date; locale: TLocale; traceId?: string },
): Promise<{ reference: string; status: TIntegrationStatusChange['status'] }> {
  const requestId = await repo.requestIdByReference(trx, tenant.id, reference);
  if (!requestId) throw new AppError('not_found');
  await changeStatus(trx, tenant, requestId, {
    status: change.status,
    reason: change.reason ?? null,
    actor: { type: 'integration', id: client.clientId },
    now: meta.now,
    locale: meta.locale,
    ...(meta.traceId ? { traceId: meta.traceId } : {}),
  });
  return { reference, status: change.status };
}
