// SQL of the customer data module. Every function takes the tenant first and the customer account.
import type { TenantTransaction } from '../../db/database.ts';

export type CustomerRow = {
  customerNumber: string;
  kind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  country: string;
  email: string | null;
  phone: string | null;
};

/** The columns of a CustomerRow (also read by the back office's customer search and view). */
export const customerColumns = [
  'customer_number as customerNumber',
  'kind',
  'first_name as firstName',
  'last_name as lastName',
  'company_name as companyName',
  'street',
  'house_number as houseNumber',
  'postal_code as postalCode',
  'city',
  'country',
  'email',
  'phone',
] as const;

export async function findCustomer(trx: TenantTransaction, tenantId: string, customerId: string): Promise<CustomerRow | undefined> {
  return trx.selectFrom('customers').select(customerColumns).where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst();
}

/** The customer, locked: changes of the same account's data wait for each other. */
export async function lockCustomer(trx: TenantTransaction, tenantId: string, customerId: string): Promise<CustomerRow | undefined> {
  return trx.selectFrom('customers').select(customerColumns).where('tenant_id', '=', tenantId).where('id', '=', customerId).forUpdate().executeTakeFirst();
}

export async function updateContact(trx: TenantTransaction, tenantId: string, customerId: string, contact: { phone: string | null; email: string | null }): Promise<void> {
  await trx.updateTable('customers').set({ phone: contact.phone, email: contact.email }).where('tenant_id', '=', tenantId).where('id', '=', customerId).execute();
}

export async function findLoginEmail(trx: TenantTransaction, tenantId: string, loginId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('logins').select('email').where('tenant_id', '=', tenantId).where('id', '=', loginId).executeTakeFirst();
  return row?.email;
}

export type PendingRequestRow = { id: string; reference: string; status: string; createdAt: Date; payload: unknown };

/** The customer's newest request of `kind` that the utility has not finished (received or in progress). */
export async function findPendingRequest(trx: TenantTransaction, tenantId: string, customerId: string, kind: 'address'): Promise<PendingRequestRow | undefined> {
  return trx
    .selectFrom('customer_requests')
    .select(['id', 'reference', 'status', 'created_at as createdAt', 'payload'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', kind)
    .where('status', 'in', ['received', 'in_progress'])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The billing address on file (the utility processed an address change). */
export async function updateAddress(
  trx: TenantTransaction,
  tenantId: string,
  customerId: string,
  address: { street: string; houseNumber: string; postalCode: string; city: string; country: string },
): Promise<void> {
  await trx
    .updateTable('customers')
    .set({ street: address.street, house_number: address.houseNumber, postal_code: address.postalCode, city: address.city, country: address.country })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .execute();
}
