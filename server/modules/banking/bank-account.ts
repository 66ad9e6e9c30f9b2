// How an IBAN is stored: sealed with the SECRETS_KEY (AES-256-GCM, bound to tenant and customer
// account), plus what the portal shows: the masked form, the last four characters, the country and
// the BIC where the bank directory knows it (ADR 0017).
import bankDirectory from 'iban-to-bic';
import { maskIban } from '../../../api/banking.ts';
import { seal } from '../identity/secret-box.ts';

/** Associated data of a sealed IBAN: it cannot be moved to another customer account or tenant. */
export function ibanSealPurpose(tenantId: string, customerId: string): string {
  return `iban:${tenantId}:${customerId}`;
}

export type StoredIban = {
  iban_sealed: string;
  iban_masked: string;
  iban_last4: string;
  iban_country: string;
  bic: string | null;
};

/** The columns of a checked IBAN in its electronic form (DE89370400440532013000). */
export function storedIban(secretsKey: Buffer, tenantId: string, customerId: string, iban: string): StoredIban {
  return {
    iban_sealed: seal(secretsKey, iban, ibanSealPurpose(tenantId, customerId)),
    iban_masked: maskIban(iban),
    iban_last4: iban.slice(-4),
    iban_country: iban.slice(0, 2),
    bic: bankDirectory.ibanToBic(iban) ?? null,
  };
}
