// What a settled request changes in the portal's copy of the utility's data. The billing system stays
// the master (it will send the same data through the integration API), but the customer should see
// the processed change at once: a done address change is the billing address on file, a done
// instalment change is the amount from its first due date, and a reviewed reading is accepted or
// rejected. Called by changeStatus in the same transaction, whoever settles the request (back office
// or integration API).
import { z } from 'zod';
import type { TenantTransaction } from '../../db/database.ts';
import { updateAddress } from '../customer-data/customer-data.repository.ts';
import { startPlan } from '../instalments/instalments.repository.ts';
import { settleReviewedSubmission } from '../readings/readings.repository.ts';
import type { RequestRow } from './requests.repository.ts';

const ZAddressPayload = z.object({
  address: z.object({ street: z.string(), houseNumber: z.string(), postalCode: z.string(), city: z.string(), country: z.string() }),
});
const ZInstalmentPayload = z.object({ contractId: z.uuid(), desiredAmountCents: z.number().int().positive(), firstDueDate: z.iso.date() });

export async function applySettledRequest(trx: TenantTransaction, tenantId: string, request: RequestRow, status: 'done' | 'rejected'): Promise<void> {
  if (request.kind === 'reading') {
    await settleReviewedSubmission(trx, tenantId, request.id, status === 'done' ? 'accepted' : 'rejected');
    return;
  }
  if (status !== 'done') return;
  if (request.kind === 'address') {
    const payload = ZAddressPayload.safeParse(request.payload);
    if (payload.success) await updateAddress(trx, tenantId, request.customerId, payload.data.address);
  } else if (request.kind === 'instalment') {
    const payload = ZInstalmentPayload.safeParse(request.payload);
    if (payload.success) await startPlan(trx, tenantId, payload.data.contractId, payload.data.desiredAmountCents, payload.data.firstDueDate);
  }
}
