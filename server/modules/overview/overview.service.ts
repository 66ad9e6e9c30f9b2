// The start page (Übersicht) of the selected customer account: consumption points with contracts
// and meters, balance, next instalment, new documents and open requests, collected in one tenant
// transaction from the modules that own them. Sections of modules the utility does not offer are null.
import { localDate } from '../../clock.ts';
import type { TOverview, TOverviewPremise } from '../../../api/overview.ts';
import { ZContractDirection } from '../../../api/contracts.ts';
import { ZDivision } from '../../../api/tenant.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { accountSummary } from '../account/account.service.ts';
import * as contractsRepo from '../contracts/contracts.repository.ts';
import { statusOf } from '../contracts/contracts.service.ts';
import { newDocuments } from '../documents/documents.service.ts';
import { selectedCustomer, type AuthContext } from '../identity/sessions.ts';
import { customerMeters } from '../readings/readings.service.ts';
import { openRequests } from '../requests/requests.service.ts';

/** How many open requests and new documents the start page lists. */
const START_PAGE_ITEMS = { requests: 5, documents: 3 } as const;

export async function customerOverview(database: Database, auth: AuthContext, now: Date): Promise<TOverview> {
  const tenant = auth.tenant;
  const modules = new Set(tenant.config.modules);
  const today = localDate(now, tenant.config.timeZone);
  return withTenant(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const premises = await contractsRepo.listPremises(trx, tenant.id, customerId);
    const contracts = await contractsRepo.listContracts(trx, tenant.id, customerId);
    const meters = modules.has('readings') ? await customerMeters(trx, tenant, customerId, now) : [];
    const wantsAccount = modules.has('account_statement') || modules.has('instalments');
    const summary = wantsAccount ? await accountSummary(trx, tenant, customerId, now) : null;
    const documents = modules.has('invoices') ? await newDocuments(trx, tenant.id, customerId, tenant.config.timeZone, START_PAGE_ITEMS.documents, tenant.config.documentTypes) : null;
    const requests = await openRequests(trx, tenant.id, customerId, START_PAGE_ITEMS.requests);

    const views: TOverviewPremise[] = premises.map((premise) => ({
      id: premise.id,
      address: `${premise.street} ${premise.houseNumber}, ${premise.postalCode} ${premise.city}`,
      maloId: premise.maloId,
      contracts: contracts
        .filter((c) => c.premiseId === premise.id)
        .map((c) => ({ row: c, status: statusOf(c, today) }))
        .filter(({ status }) => status !== 'ended')
        .map(({ row, status }) => ({
          id: row.id,
          contractNumber: row.contractNumber,
          division: ZDivision.parse(row.division),
          direction: ZContractDirection.parse(row.direction),
          status,
          productName: row.tariffName,
          startDate: row.startDate,
          endDate: row.endDate,
        })),
      meters: meters
        .filter((m) => m.premise.id === premise.id && m.selfReadingBlocked !== 'removed' && m.selfReadingBlocked !== 'no_supply')
        .map((m) => ({
          id: m.id,
          meterNumber: m.meterNumber,
          division: m.division,
          kind: m.kind,
          selfReadingBlocked: m.selfReadingBlocked,
          readingDue: m.readingDue,
          registers: m.registers.map((r) => ({ id: r.id, label: r.label, unit: r.unit, lastReading: r.lastReading })),
        })),
    }));
    return {
      today,
      // Consumption points without a current contract (moved out) last.
      premises: views.sort((a, b) => Number(b.contracts.length > 0) - Number(a.contracts.length > 0)),
      account: summary && modules.has('account_statement') ? { balanceCents: summary.balanceCents, overdueCents: summary.overdueCents } : null,
      nextInstalment: summary && modules.has('instalments') ? summary.nextInstalment : null,
      documents,
      requests,
    };
  });
}
