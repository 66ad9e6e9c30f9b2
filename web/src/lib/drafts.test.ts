import { describe, expect, it } from 'vitest';
import {
  DRAFT_MAX_AGE_MS,
  draftKey,
  draftOwner,
  dropDraft,
  dropDrafts,
  fieldWords,
  hasDrafts,
  isSensitiveField,
  loadDraft,
  saveDraft,
} from './drafts.ts';

/** sessionStorage as far as the draft store uses it. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
  /** Everything stored, for "never written anywhere" checks. */
  dump(): string {
    return JSON.stringify([...this.items]);
  }
}

class FullStorage extends MemoryStorage {
  override setItem(): void {
    throw new DOMException('full', 'QuotaExceededError');
  }
}

const HOST = 'musterstadt.localhost:3000';
const anna = draftOwner(HOST, 'anna.schmidt@example.com');
const michael = draftOwner(HOST, 'michael.bauer@example.org');
const now = Date.parse('2026-11-21T12:00:00Z');

const linkFields = ['customerNumber', 'meterNumber', 'gpNumber', 'name', 'otherPassword'] as const;
const emptyLink = { customerNumber: '', meterNumber: '', gpNumber: '', name: '', otherPassword: '' };
const typed = { ...emptyLink, customerNumber: '10012345', meterNumber: '1ESY1160123456', otherPassword: 'Geheim-2024!' };

describe('which fields are sensitive', () => {
  it('splits field names into words', () => {
    expect(fieldWords('newPasswordRepeat')).toEqual(['new', 'password', 'repeat']);
    expect(fieldWords('totp_code')).toEqual(['totp', 'code']);
    expect(fieldWords('recovery-code')).toEqual(['recovery', 'code']);
    expect(fieldWords('IBANNumber')).toEqual(['iban', 'number']);
  });

  it('treats every password field of the portal as sensitive', () => {
    // The names used by the forms with a PasswordInput (sign-in, registration, activation, reset,
    // change password, link account, e-mail change, delete registration).
    for (const name of ['password', 'passwordRepeat', 'currentPassword', 'newPassword', 'newPasswordRepeat', 'otherPassword']) {
      expect(isSensitiveField(name), name).toBe(true);
    }
  });

  it('treats second-factor codes, tokens and secrets as sensitive', () => {
    for (const name of ['totpCode', 'otp', 'mfaCode', 'recoveryCode', 'token', 'resetToken', 'secret', 'pin', 'tan', 'passkeyName', 'cvc']) {
      expect(isSensitiveField(name), name).toBe(true);
    }
  });

  it('keeps ordinary fields, also when a sensitive word is only part of a word', () => {
    for (const name of ['customerNumber', 'meterNumber', 'gpNumber', 'name', 'email', 'newEmail', 'identifier', 'postalCode', 'iban', 'spinner', 'tangent', 'pinned']) {
      expect(isSensitiveField(name), name).toBe(false);
    }
  });

  it('adds the fields a form lists as sensitive', () => {
    expect(isSensitiveField('birthDate')).toBe(false);
    expect(isSensitiveField('birthDate', ['birthDate'])).toBe(true);
  });
});

describe('saveDraft', () => {
  it('keeps what was typed, but never a password', () => {
    const storage = new MemoryStorage();
    expect(saveDraft(storage, anna, 'link-account', typed, { initial: emptyLink, now })).toBe(true);
    expect(storage.dump()).not.toContain('Geheim-2024!');
    expect(storage.dump()).not.toContain('otherPassword');
    const draft = loadDraft(storage, anna, 'link-account', linkFields, { now });
    expect(draft).toEqual({ values: { customerNumber: '10012345', meterNumber: '1ESY1160123456' }, droppedSensitive: true, savedAt: now });
  });

  it('leaves out the fields a form lists as sensitive', () => {
    const storage = new MemoryStorage();
    saveDraft(storage, anna, 'f', { customerNumber: '1', birthDate: '1970-01-01' }, { initial: {}, sensitive: ['birthDate'], now });
    expect(storage.dump()).not.toContain('1970-01-01');
    expect(loadDraft(storage, anna, 'f', ['customerNumber', 'birthDate'], { sensitive: ['birthDate'], now })?.values).toEqual({ customerNumber: '1' });
  });

  it('says nothing about secrets when none were typed', () => {
    const storage = new MemoryStorage();
    saveDraft(storage, anna, 'link-account', { ...typed, otherPassword: '' }, { initial: emptyLink, now });
    expect(loadDraft(storage, anna, 'link-account', linkFields, { now })?.droppedSensitive).toBe(false);
  });

  it('keeps only fields that differ from the initial values', () => {
    const storage = new MemoryStorage();
    const initial = { street: 'Hauptstraße', city: 'Musterstadt' };
    saveDraft(storage, anna, 'address', { street: 'Hauptstraße', city: 'Neustadt' }, { initial, now });
    expect(loadDraft(storage, anna, 'address', ['street', 'city'], { now })?.values).toEqual({ city: 'Neustadt' });
  });

  it('writes nothing when only secrets were typed, and removes an older draft of the form', () => {
    const storage = new MemoryStorage();
    const passwords = { currentPassword: 'alt', newPassword: 'Neu und lang genug', newPasswordRepeat: 'Neu und lang genug' };
    const none = { currentPassword: '', newPassword: '', newPasswordRepeat: '' };
    expect(saveDraft(storage, anna, 'change-password', passwords, { initial: none, now })).toBe(false);
    expect(storage.length).toBe(0);

    saveDraft(storage, anna, 'link-account', typed, { initial: emptyLink, now });
    expect(saveDraft(storage, anna, 'link-account', emptyLink, { initial: emptyLink, now })).toBe(false);
    expect(storage.length).toBe(0);
  });

  it('copes with full or missing storage', () => {
    expect(saveDraft(new FullStorage(), anna, 'link-account', typed, { initial: emptyLink, now })).toBe(false);
    expect(saveDraft(null, anna, 'link-account', typed, { initial: emptyLink, now })).toBe(false);
    expect(loadDraft(null, anna, 'link-account', linkFields)).toBeNull();
    expect(() => {
      dropDrafts(null, HOST);
    }).not.toThrow();
  });
});

describe('loadDraft', () => {
  it('belongs to one host, one login and one form', () => {
    const storage = new MemoryStorage();
    saveDraft(storage, anna, 'link-account', typed, { initial: emptyLink, now });
    expect(loadDraft(storage, michael, 'link-account', linkFields, { now })).toBeNull();
    expect(loadDraft(storage, draftOwner('alpenstadt.localhost:3000', 'anna.schmidt@example.com'), 'link-account', linkFields, { now })).toBeNull();
    expect(loadDraft(storage, anna, 'change-email', linkFields, { now })).toBeNull();
    // The same login, however the address was typed at sign-in.
    expect(loadDraft(storage, draftOwner(HOST.toUpperCase(), ' Anna.Schmidt@Example.com '), 'link-account', linkFields, { now })).not.toBeNull();
  });

  it('restores only fields of the form that are not sensitive, whatever the storage holds', () => {
    const storage = new MemoryStorage();
    const planted = { values: { customerNumber: '1', otherPassword: 'planted', unknown: 'x', meterNumber: 7 }, droppedSensitive: false, savedAt: now };
    storage.setItem(draftKey(anna, 'link-account'), JSON.stringify(planted));
    expect(loadDraft(storage, anna, 'link-account', linkFields, { now })?.values).toEqual({ customerNumber: '1' });
  });

  it('ignores malformed entries', () => {
    const storage = new MemoryStorage();
    storage.setItem(draftKey(anna, 'a'), '{not json');
    storage.setItem(draftKey(anna, 'b'), JSON.stringify({ values: 'x', savedAt: now }));
    storage.setItem(draftKey(anna, 'c'), JSON.stringify({ values: { customerNumber: '1' } }));
    for (const form of ['a', 'b', 'c']) expect(loadDraft(storage, anna, form, linkFields, { now })).toBeNull();
  });

  it('forgets drafts older than a day', () => {
    const storage = new MemoryStorage();
    saveDraft(storage, anna, 'link-account', typed, { initial: emptyLink, now });
    expect(loadDraft(storage, anna, 'link-account', linkFields, { now: now + DRAFT_MAX_AGE_MS })).not.toBeNull();
    expect(loadDraft(storage, anna, 'link-account', linkFields, { now: now + DRAFT_MAX_AGE_MS + 1 })).toBeNull();
    expect(storage.length).toBe(0);
  });
});

describe('dropping drafts', () => {
  function filled(): MemoryStorage {
    const storage = new MemoryStorage();
    saveDraft(storage, anna, 'link-account', typed, { initial: emptyLink, now });
    saveDraft(storage, anna, 'change-email', { newEmail: 'neu@example.com' }, { initial: { newEmail: '' }, now });
    saveDraft(storage, michael, 'link-account', typed, { initial: emptyLink, now });
    saveDraft(storage, draftOwner('alpenstadt.localhost:3000', 'anna.schmidt@example.com'), 'link-account', typed, { initial: emptyLink, now });
    storage.setItem('kundenportal.locale', 'en');
    return storage;
  }

  it('drops one form after it was sent', () => {
    const storage = filled();
    dropDraft(storage, anna, 'link-account');
    expect(loadDraft(storage, anna, 'link-account', linkFields, { now })).toBeNull();
    expect(loadDraft(storage, anna, 'change-email', ['newEmail'], { now })).not.toBeNull();
    expect(storage.length).toBe(4);
  });

  it('drops every draft of the host when signing out by hand', () => {
    const storage = filled();
    expect(hasDrafts(storage, HOST, now)).toBe(true);
    dropDrafts(storage, HOST, undefined, now);
    expect(hasDrafts(storage, HOST, now)).toBe(false);
    // Other tenants' hosts and other entries are not touched.
    expect(hasDrafts(storage, 'alpenstadt.localhost:3000', now)).toBe(true);
    expect(storage.getItem('kundenportal.locale')).toBe('en');
  });

  it('drops the drafts of other logins when someone signs in: A’s input never reaches B', () => {
    const storage = filled();
    dropDrafts(storage, HOST, 'michael.bauer@example.org', now);
    expect(loadDraft(storage, anna, 'link-account', linkFields, { now })).toBeNull();
    expect(loadDraft(storage, anna, 'change-email', ['newEmail'], { now })).toBeNull();
    expect(loadDraft(storage, michael, 'link-account', linkFields, { now })).not.toBeNull();
    expect(hasDrafts(storage, 'alpenstadt.localhost:3000', now)).toBe(true);
  });

  it('drops outdated drafts on the way', () => {
    const storage = filled();
    dropDrafts(storage, HOST, 'michael.bauer@example.org', now + DRAFT_MAX_AGE_MS + 1);
    expect(hasDrafts(storage, HOST, now)).toBe(false);
  });
});
