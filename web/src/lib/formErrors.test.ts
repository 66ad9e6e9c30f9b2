import { describe, expect, it } from 'vitest';
import { assignFieldProblems, hasErrors, summaryItems } from './formErrors.ts';

const fields = ['customerNumber', 'meterNumber', 'email', 'password'] as const;

describe('form errors', () => {
  it('assigns server messages to fields, first message per field, the rest separately', () => {
    const result = assignFieldProblems(fields, [
      { field: 'password', message: 'zu kurz' },
      { field: 'password', message: 'zu häufig' },
      { field: 'email', message: 'ungültig' },
      { field: 'proof.customerNumber', message: 'Format' },
    ]);
    expect(result.fieldErrors).toEqual({ password: 'zu kurz', email: 'ungültig' });
    expect(result.unassigned).toEqual(['Format']);
  });

  it('lists the summary in field order with links, then messages without a field', () => {
    const items = summaryItems(fields, { password: 'P', customerNumber: 'K' }, (f) => `register-${f}`, ['Sonstiges']);
    expect(items).toEqual([
      { targetId: 'register-customerNumber', message: 'K' },
      { targetId: 'register-password', message: 'P' },
      { targetId: null, message: 'Sonstiges' },
    ]);
  });

  it('treats undefined and empty messages as no error', () => {
    expect(hasErrors({ email: undefined, password: '' })).toBe(false);
    expect(hasErrors({ email: 'x' })).toBe(true);
  });
});
