// Drafts of signed-in forms (REL-06, ADR 0010). When the session ends before a form is sent, what the
// user typed is kept in sessionStorage until they have signed in again and sent it. The rules:
// * a draft belongs to one tenant host, one login (its e-mail address) and one form id; nothing else
//   reads it, and signing in as another login drops the drafts of all other logins of the host;
// * secrets are never written: fields named like passwords, codes of a second factor or tokens
//   (isSensitiveField) and the fields a form lists as `sensitive` are left out;
// * a draft goes after a successful send, a sign-out by hand, or DRAFT_MAX_AGE_MS.
// Everything here is pure apart from the Storage passed in, which may be null (storage disabled).

/** Whose draft: the tenant's host and the login, both lower case. */
export interface DraftOwner {
  host: string;
  login: string;
}

export interface Draft {
  /** Only the fields that differ from the form's initial values, never a sensitive one. */
  values: Record<string, string>;
  /** A sensitive field (e.g. a password) had a value that was not kept. */
  droppedSensitive: boolean;
  savedAt: number;
}

/** Enough for a break; sessionStorage ends with the tab anyway. */
export const DRAFT_MAX_AGE_MS = 24 * 60 * 60_000;

const PREFIX = 'kundenportal.draft:';

/**
 * Words that make a field sensitive wherever they occur in its name (camelCase, snake_case and
 * kebab-case are split into words): passwords, second-factor and recovery codes, one-time codes,
 * tokens and secrets. Anything else that must not be kept is listed in the form's `sensitive`.
 */
const SENSITIVE_WORDS: ReadonlySet<string> = new Set([
  'password',
  'passwort',
  'kennwort',
  'passphrase',
  'passcode',
  'pin',
  'tan',
  'otp',
  'totp',
  'mfa',
  'recovery',
  'secret',
  'token',
  'passkey',
  'cvc',
  'cvv',
]);

export function draftOwner(host: string, email: string): DraftOwner {
  return { host: host.trim().toLowerCase(), login: email.trim().toLowerCase() };
}

/** "otherPassword" → ["other", "password"], "totp_code" → ["totp", "code"]. */
export function fieldWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** Never written to a draft: listed by the form, or named like a secret (see SENSITIVE_WORDS). */
export function isSensitiveField(name: string, sensitive: readonly string[] = []): boolean {
  return sensitive.includes(name) || fieldWords(name).some((word) => SENSITIVE_WORDS.has(word));
}

export function draftKey(owner: DraftOwner, formId: string): string {
  return PREFIX + JSON.stringify([owner.host, owner.login, formId]);
}

function ownerOfKey(key: string): DraftOwner | null {
  if (!key.startsWith(PREFIX)) return null;
  try {
    const parts: unknown = JSON.parse(key.slice(PREFIX.length));
    if (!Array.isArray(parts) || parts.length !== 3) return null;
    const [host, login] = parts as unknown[];
    return typeof host === 'string' && typeof login === 'string' ? { host, login } : null;
  } catch {
    return null;
  }
}

function keysOf(storage: Storage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    if (key !== null) keys.push(key);
  }
  return keys;
}

function remove(storage: Storage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // storage unavailable: nothing was kept either
  }
}

function parseDraft(text: string | null): Draft | null {
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { values, droppedSensitive, savedAt } = parsed as Record<string, unknown>;
    if (typeof values !== 'object' || values === null || typeof savedAt !== 'number') return null;
    const strings: Record<string, string> = {};
    for (const [field, value] of Object.entries(values)) if (typeof value === 'string') strings[field] = value;
    return { values: strings, droppedSensitive: droppedSensitive === true, savedAt };
  } catch {
    return null;
  }
}

function isExpired(draft: Draft, now: number): boolean {
  return now - draft.savedAt > DRAFT_MAX_AGE_MS || draft.savedAt > now + DRAFT_MAX_AGE_MS;
}

export interface SaveOptions {
  /** The form's initial values: a field still at its initial value is not kept. */
  initial: Readonly<Record<string, string>>;
  sensitive?: readonly string[];
  now?: number;
}

/**
 * Keeps what the user changed, without sensitive fields. Returns whether a draft was written; when
 * nothing is worth keeping, an older draft of the form is removed.
 */
export function saveDraft(
  storage: Storage | null,
  owner: DraftOwner,
  formId: string,
  values: Readonly<Record<string, string>>,
  { initial, sensitive = [], now = Date.now() }: SaveOptions,
): boolean {
  if (!storage) return false;
  const kept: Record<string, string> = {};
  let droppedSensitive = false;
  for (const [field, value] of Object.entries(values)) {
    if (value === (initial[field] ?? '')) continue;
    if (isSensitiveField(field, sensitive)) droppedSensitive ||= value !== '';
    else kept[field] = value;
  }
  const key = draftKey(owner, formId);
  if (Object.keys(kept).length === 0) {
    remove(storage, key);
    return false;
  }
  const draft: Draft = { values: kept, droppedSensitive, savedAt: now };
  try {
    storage.setItem(key, JSON.stringify(draft));
    return true;
  } catch {
    return false; // full or disabled: the form still shows the values while it is mounted
  }
}

export interface LoadOptions {
  sensitive?: readonly string[];
  now?: number;
}

/**
 * The draft of this owner and form, limited to the form's fields that are not sensitive (checked
 * again: a field may have become sensitive since the draft was written); null when there is none
 * or it is too old (then it is removed).
 */
export function loadDraft(
  storage: Storage | null,
  owner: DraftOwner,
  formId: string,
  fields: readonly string[],
  { sensitive = [], now = Date.now() }: LoadOptions = {},
): Draft | null {
  if (!storage) return null;
  const key = draftKey(owner, formId);
  let draft: Draft | null;
  try {
    draft = parseDraft(storage.getItem(key));
  } catch {
    return null;
  }
  if (draft === null) return null;
  if (isExpired(draft, now)) {
    remove(storage, key);
    return null;
  }
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = draft.values[field];
    if (value !== undefined && !isSensitiveField(field, sensitive)) values[field] = value;
  }
  return Object.keys(values).length > 0 ? { ...draft, values } : null;
}

/** After a successful send (or when the form is reset). */
export function dropDraft(storage: Storage | null, owner: DraftOwner, formId: string): void {
  remove(storage, draftKey(owner, formId));
}

/**
 * Removes the drafts of a host: all of them (sign-out by hand), or all but those of `keepLogin`
 * (someone signed in: nobody else's draft stays behind). Too old drafts go as well.
 */
export function dropDrafts(storage: Storage | null, host: string, keepLogin?: string, now = Date.now()): void {
  if (!storage) return;
  const scope = draftOwner(host, keepLogin ?? '');
  try {
    for (const key of keysOf(storage)) {
      const owner = ownerOfKey(key);
      if (!owner) continue;
      const mine = owner.host === scope.host && keepLogin !== undefined && owner.login === scope.login;
      const draft = mine ? parseDraft(storage.getItem(key)) : null;
      if (owner.host === scope.host && (!mine || draft === null || isExpired(draft, now))) storage.removeItem(key);
    }
  } catch {
    // storage unavailable
  }
}

/** Whether any login has a usable draft on this host (the sign-in page says it was kept). */
export function hasDrafts(storage: Storage | null, host: string, now = Date.now()): boolean {
  if (!storage) return false;
  const scope = draftOwner(host, '');
  try {
    return keysOf(storage).some((key) => {
      if (ownerOfKey(key)?.host !== scope.host) return false;
      const draft = parseDraft(storage.getItem(key));
      return draft !== null && !isExpired(draft, now);
    });
  } catch {
    return false;
  }
}

/** The tab's sessionStorage, or null where the browser refuses it. Never localStorage. */
export function draftStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
