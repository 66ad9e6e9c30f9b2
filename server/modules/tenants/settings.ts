// Tenant settings for admins (ADR 0024): read the configuration, and change it section by section
// with checks a schema cannot express: WCAG 2.1 contrast of the brand colour, number formats that
// compile and cannot backtrack catastrophically (and match their example), logos by their bytes.
// Every update is audited with the changed keys (never values) and announced on the change feed.
import { sql, type Kysely } from 'kysely';
import {
  SETTINGS_LIMITS,
  ZSettingsPatch,
  type TLogoContentType,
  type TNumberFormatTestResult,
  type TSettings,
  type TSettingsPatch,
} from '../../../api/settings.ts';
import { ZTenantConfig, type TLocale, type TTenantConfig } from '../../../api/tenant.ts';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.generated.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { normalizeCustomerNumber } from '../identity/proof.ts';
import * as repo from './settings.repository.ts';

// ---------------------------------------------------------------------------------------------
// Messages (field errors shown by the back office)

type Text = { de: string; en: string };
const t = (de: string, en: string): Text => ({ de, en });

const messages = {
  contrast: (ratio: string, against: Text): Text =>
    t(
      `Der Kontrast zu ${against.de} beträgt nur ${ratio}:1; nötig sind mindestens 4,5:1 (WCAG 2.1 AA). Bitte wählen Sie eine dunklere Farbe.`,
      `The contrast with ${against.en} is only ${ratio}:1; at least 4.5:1 is needed (WCAG 2.1 AA). Please choose a darker colour.`,
    ),
  whiteText: t('weißer Schrift', 'white text'),
  pageBackground: t('dem Seitenhintergrund', 'the page background'),
  regexInvalid: t('Das ist kein gültiger regulärer Ausdruck.', 'This is not a valid regular expression.'),
  regexUnsafe: t(
    'Dieses Muster kann bei manchen Eingaben sehr lange rechnen (verschachtelte Wiederholungen). Bitte vereinfachen Sie es, z. B. \\d{8} statt (\\d+)+.',
    'This pattern can take very long on some inputs (nested repetition). Please simplify it, e.g. \\d{8} instead of (\\d+)+.',
  ),
  regexFeature: t(
    'Rückverweise und Lookarounds sind in Nummernformaten nicht erlaubt.',
    'Back-references and lookarounds are not allowed in number formats.',
  ),
  exampleMismatch: t('Das Beispiel passt nicht zum Muster.', 'The example does not match the pattern.'),
  logoSvg: t('SVG-Logos sind nicht erlaubt; bitte laden Sie PNG, JPEG oder WebP hoch.', 'SVG logos are not allowed; please upload PNG, JPEG or WebP.'),
  logoType: t('Die Datei ist kein PNG-, JPEG- oder WebP-Bild.', 'The file is not a PNG, JPEG or WebP image.'),
  logoTypeMismatch: (actual: string): Text =>
    t(`Die Datei ist ein ${actual}-Bild, nicht der angegebene Typ.`, `The file is a ${actual} image, not the type given.`),
  logoSize: (kb: number): Text =>
    t(`Das Logo ist ${String(kb)} KB groß; erlaubt sind höchstens 512 KB.`, `The logo is ${String(kb)} KB; at most 512 KB are allowed.`),
  logoBase64: t('Die Datei ist nicht korrekt Base64-kodiert.', 'The file is not valid base64.'),
  duplicates: t('Jeder Eintrag darf nur einmal vorkommen.', 'Each entry may appear only once.'),
  duplicateCode: (code: string): Text => t(`Den Code „${code}“ gibt es schon; jeder Code darf nur einmal vorkommen.`, `The code "${code}" exists already; each code may appear only once.`),
  typeInUse: (code: string, count: number): Text =>
    t(
      `Die Dokumentart „${code}“ kann nicht gelöscht werden: ${String(count)} ${count === 1 ? 'Dokument verwendet' : 'Dokumente verwenden'} sie.`,
      `The document type "${code}" cannot be deleted: ${String(count)} ${count === 1 ? 'document uses' : 'documents use'} it.`,
    ),
  bankingNeedsSepa: t(
    'Das Modul Bankverbindung braucht eine Gläubiger-ID (SEPA); bitte wenden Sie sich an den Betrieb.',
    'The banking module needs a SEPA creditor identifier; please contact operations.',
  ),
  versionConflict: t(
    'Die Einstellungen wurden inzwischen geändert. Bitte laden Sie die Seite neu und wiederholen Sie Ihre Änderung.',
    'The settings were changed meanwhile. Please reload the page and make your change again.',
  ),
};

function say(text: Text, locale: TLocale): string {
  return text[locale];
}

// ---------------------------------------------------------------------------------------------
// WCAG 2.1 contrast

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/iu.exec(hex);
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`not a #rrggbb colour: ${hex}`);
  return 0.2126 * channel(parseInt(match[1], 16)) + 0.7152 * channel(parseInt(match[2], 16)) + 0.0722 * channel(parseInt(match[3], 16));
}

/** The WCAG 2.1 contrast ratio of two #rrggbb colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(hexA: string, hexB: string): number {
  const a = luminance(hexA);
  const b = luminance(hexB);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** Text on buttons in the brand colour is white; headings and links in it stand on the page (web/src/styles.css --surface). */
export const WHITE_TEXT = '#ffffff';
export const PAGE_BACKGROUND = '#ffffff';
export const MIN_CONTRAST = 4.5;

/** Rounded down, so a ratio shown as 4.5 really reaches 4.5. */
function formatRatio(ratio: number, locale: TLocale): string {
  const floored = Math.floor(ratio * 100) / 100;
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 2 }).format(floored);
}

function contrastErrors(primaryColor: string, locale: TLocale): FieldError[] {
  // Checks with the same background colour are one check, naming both uses.
  const checks = new Map<string, Text[]>();
  for (const [against, label] of [
    [WHITE_TEXT, messages.whiteText],
    [PAGE_BACKGROUND, messages.pageBackground],
  ] as const) {
    checks.set(against, [...(checks.get(against) ?? []), label]);
  }
  const errors: FieldError[] = [];
  for (const [against, labels] of checks) {
    const ratio = contrastRatio(primaryColor, against);
    if (ratio >= MIN_CONTRAST) continue;
    const label = t(labels.map((l) => l.de).join(' und '), labels.map((l) => l.en).join(' and '));
    errors.push({ field: 'branding.primaryColor', message: say(messages.contrast(formatRatio(ratio, locale), label), locale) });
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Number formats

export type PatternProblem = 'invalid' | 'unsafe' | 'feature';

/**
 * Why a number-format pattern must not be used, or null. Beyond compiling (with the `u` flag, as
 * registration does) it refuses back-references and lookarounds, and a group repeated more than ten
 * times that contains a variable repetition (`(\d+)+`, `(\d{2,3})*`) or alternatives (`(a|ab)*`):
 * the shapes that backtrack exponentially. Fixed counts inside (`(\d{3}-)*`) are fine. Inputs are at
 * most 64 characters, so what is left (`\d*\d*`, `(\d+){2}`) stays polynomial and cheap.
 */
export function patternProblem(pattern: string): PatternProblem | null {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'invalid';
  }
  // Per open group: whether it contains a variable repetition or alternatives (also nested).
  type Group = { variable: boolean; alternatives: boolean };
  const plain = (): Group => ({ variable: false, alternatives: false });
  const stack: Group[] = [plain()];
  const current = (): Group => stack[stack.length - 1] ?? plain();
  // What a following quantifier applies to: a closed group, a plain atom, or nothing.
  let atom: Group | null = null;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9k]/u.test(next)) return 'feature';
      const braced = (next === 'u' || next === 'p' || next === 'P') && pattern[i + 2] === '{';
      i = braced ? Math.max(i + 2, pattern.indexOf('}', i) + 1) : i + 2;
      atom = plain();
      continue;
    }
    if (c === '[') {
      i += 1;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i += 1;
      atom = plain();
      continue;
    }
    if (c === '(') {
      if (/^\(\?(?:[=!]|<[=!])/u.test(pattern.slice(i))) return 'feature';
      stack.push(plain());
      const named = /^\(\?<[A-Za-z_$][\w$]*>/u.exec(pattern.slice(i));
      i += named ? named[0].length : pattern.startsWith('(?:', i) ? 3 : 1;
      atom = null;
      continue;
    }
    if (c === ')') {
      atom = stack.pop() ?? plain();
      current().variable ||= atom.variable;
      current().alternatives ||= atom.alternatives;
      i += 1;
      continue;
    }
    if (c === '|') {
      current().alternatives = true;
      atom = null;
      i += 1;
      continue;
    }
    const quantifier = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/u.exec(pattern.slice(i));
    if (quantifier) {
      const [text, symbol, from, comma, to] = quantifier;
      const min = symbol === '+' ? 1 : symbol ? 0 : Number(from);
      const max = symbol === '?' ? 1 : symbol ? Infinity : comma === undefined ? Number(from) : to ? Number(to) : Infinity;
      if (max > 10 && atom && (atom.variable || atom.alternatives)) return 'unsafe';
      if (min !== max) current().variable = true;
      atom = null;
      i += text.length;
      continue;
    }
    atom = plain();
    i += 1;
  }
  return null;
}

function patternMessage(problem: PatternProblem, locale: TLocale): string {
  return say(problem === 'invalid' ? messages.regexInvalid : problem === 'unsafe' ? messages.regexUnsafe : messages.regexFeature, locale);
}

/** The back office's live test field: is the pattern usable, and does the value match it? */
export function testNumberFormat(pattern: string, value: string, locale: TLocale = 'de'): TNumberFormatTestResult {
  const normalized = normalizeCustomerNumber(value);
  const problem = patternProblem(pattern);
  if (problem) return { valid: false, matches: false, normalized, error: patternMessage(problem, locale) };
  return { valid: true, matches: new RegExp(`^(?:${pattern})$`, 'u').test(normalized), normalized, error: null };
}

// ---------------------------------------------------------------------------------------------
// Logo

/** The image type by the file's first bytes, 'svg' for something that looks like SVG/XML, or null. */
export function sniffImage(bytes: Buffer): TLogoContentType | 'svg' | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'image/webp';
  }
  const head = bytes.subarray(0, 512).toString('utf8').replace(/^\uFEFF/u, '').trimStart().toLowerCase();
  if (head.startsWith('<')) return 'svg';
  return null;
}

function logoErrors(upload: { contentType: TLogoContentType; dataBase64: string }, locale: TLocale): { errors: FieldError[]; data: Buffer | null } {
  const field = 'branding.logo';
  const cleaned = upload.dataBase64.replace(/\s+/gu, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(cleaned) || cleaned.length % 4 !== 0) {
    return { errors: [{ field, message: say(messages.logoBase64, locale) }], data: null };
  }
  const data = Buffer.from(cleaned, 'base64');
  if (data.length > SETTINGS_LIMITS.logoBytes) {
    return { errors: [{ field, message: say(messages.logoSize(Math.ceil(data.length / 1024)), locale) }], data: null };
  }
  const kind = sniffImage(data);
  if (kind === 'svg') return { errors: [{ field, message: say(messages.logoSvg, locale) }], data: null };
  if (kind === null) return { errors: [{ field, message: say(messages.logoType, locale) }], data: null };
  if (kind !== upload.contentType) {
    return { errors: [{ field, message: say(messages.logoTypeMismatch(kind.replace('image/', '').toUpperCase()), locale) }], data: null };
  }
  return { errors: [], data };
}

// ---------------------------------------------------------------------------------------------
// Reading

function logoUrl(updatedAt: Date): string {
  return `/api/v1/tenant/logo?v=${String(updatedAt.getTime())}`;
}

function versionOf(updatedAt: Date): string {
  return String(updatedAt.getTime());
}

/** The configuration as the settings page shows it. Reads the global tenants row (owner connection). */
export async function getSettings(db: Kysely<DB>, tenantId: string): Promise<TSettings> {
  const row = await repo.findSettings(db, tenantId);
  if (!row) throw new AppError('not_found');
  return {
    config: ZTenantConfig.parse(row.config),
    logo: row.logoType ? { contentType: row.logoType, url: logoUrl(row.updatedAt) } : null,
    version: versionOf(row.updatedAt),
  };
}

// ---------------------------------------------------------------------------------------------
// Updating

/** Dotted paths of the leaves that differ between two JSON values (arrays count as leaves). */
export function changedKeys(before: unknown, after: unknown, prefix = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedKeys(before[key], after[key], prefix ? `${prefix}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
}

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

/** The configuration with the patch applied (nothing validated yet). */
function applyPatch(config: TTenantConfig, patch: TSettingsPatch): Record<string, unknown> {
  const next: TTenantConfig = structuredClone(config);
  const { general, contact, branding, legal, numberFormats, security, instalments, mail } = patch;
  if (general) {
    if (general.displayName !== undefined) next.displayName = general.displayName;
    if (general.legalName !== undefined) next.legalName = general.legalName;
    if (general.defaultLocale !== undefined) next.defaultLocale = general.defaultLocale;
    if (general.address !== undefined) next.address = general.address;
  }
  if (contact) next.contact = { ...next.contact, ...contact };
  if (branding) {
    if (branding.primaryColor !== undefined) next.branding.primaryColor = branding.primaryColor.toLowerCase();
    if (branding.accentColor !== undefined) next.branding.accentColor = branding.accentColor.toLowerCase();
  }
  if (legal) next.legal = { ...next.legal, ...legal };
  if (numberFormats?.customerNumber) next.customerNumber = { ...next.customerNumber, ...numberFormats.customerNumber };
  if (numberFormats?.meterNumber) next.meterNumber = { ...next.meterNumber, ...numberFormats.meterNumber };
  if (patch.registrationMethods) next.registrationMethods = patch.registrationMethods;
  if (patch.modules) next.modules = patch.modules;
  if (patch.documentTypes) next.documentTypes = patch.documentTypes;
  if (security?.idleTimeoutMinutes !== undefined) next.session = { ...next.session, idleTimeoutMinutes: security.idleTimeoutMinutes };
  if (security?.passwordMinLength !== undefined) next.passwordMinLength = security.passwordMinLength;
  if (instalments) {
    const { instalmentsPerYear, ...limits } = instalments;
    next.instalmentLimits = { ...next.instalmentLimits, ...limits };
    if (instalmentsPerYear !== undefined) next.instalmentsPerYear = instalmentsPerYear;
  }
  if (mail) {
    // null removes the value (mails then go out with the server's default sender).
    const fromName = mail.fromName === undefined ? next.mail.fromName : (mail.fromName ?? undefined);
    const fromAddress = mail.fromAddress === undefined ? next.mail.fromAddress : (mail.fromAddress ?? undefined);
    next.mail = { ...(fromName === undefined ? {} : { fromName }), ...(fromAddress === undefined ? {} : { fromAddress }) };
  }
  return next;
}

/** Field errors of a patch against the current configuration, and the new configuration. */
export function validateSettings(
  current: TTenantConfig,
  input: unknown,
  locale: TLocale,
): { patch: TSettingsPatch; config: TTenantConfig | null; logo: { data: Buffer; type: TLogoContentType } | null | undefined; errors: FieldError[] } {
  const parsed = ZSettingsPatch.safeParse(input);
  if (!parsed.success) {
    return {
      patch: {},
      config: null,
      logo: undefined,
      errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', message: issue.message })),
    };
  }
  const patch = parsed.data;
  const errors: FieldError[] = [];
  if (patch.registrationMethods && !unique(patch.registrationMethods)) errors.push({ field: 'registrationMethods', message: say(messages.duplicates, locale) });
  if (patch.modules && !unique(patch.modules)) errors.push({ field: 'modules', message: say(messages.duplicates, locale) });
  patch.documentTypes?.forEach((type, index, all) => {
    if (all.findIndex((other) => other.code === type.code) < index) errors.push({ field: `documentTypes.${String(index)}.code`, message: say(messages.duplicateCode(type.code), locale) });
  });
  let logo: { data: Buffer; type: TLogoContentType } | null | undefined;
  if (patch.branding?.logo === null) logo = null;
  else if (patch.branding?.logo) {
    const checked = logoErrors(patch.branding.logo, locale);
    errors.push(...checked.errors);
    if (checked.data) logo = { data: checked.data, type: patch.branding.logo.contentType };
  }
  const candidate = applyPatch(current, patch);
  const full = ZTenantConfig.safeParse(candidate);
  if (!full.success) {
    for (const issue of full.error.issues) {
      const path = issue.path.join('.');
      if (path === 'documentTypes' && errors.some((error) => error.field.startsWith('documentTypes.'))) continue;
      errors.push(path === 'sepa' ? { field: 'modules', message: say(messages.bankingNeedsSepa, locale) } : { field: path || '(root)', message: issue.message });
    }
    return { patch, config: null, logo, errors };
  }
  const config = full.data;
  if (patch.branding?.primaryColor !== undefined) errors.push(...contrastErrors(config.branding.primaryColor, locale));
  if (patch.numberFormats?.customerNumber) {
    const problem = patternProblem(config.customerNumber.pattern);
    if (problem) errors.push({ field: 'numberFormats.customerNumber.pattern', message: patternMessage(problem, locale) });
    else if (!testNumberFormat(config.customerNumber.pattern, config.customerNumber.example).matches) {
      errors.push({ field: 'numberFormats.customerNumber.example', message: say(messages.exampleMismatch, locale) });
    }
  }
  return { patch, config: errors.length === 0 ? config : null, logo, errors };
}

export type SettingsUpdateOptions = { staffLoginId: string; now: Date; locale?: TLocale; requestId?: string | undefined };

/**
 * Applies a partial update (api/settings.ts ZSettingsPatch) after all checks, in one transaction of
 * the owner connection (tenants is global): the row is locked, written, the change audited with the
 * changed keys and announced to every process (`<tenant> tenant *` on the change feed), whose
 * TenantResolver drops the tenant with that notice (this process's too). Throws `validation_failed` with field errors, `conflict`
 * when `version` is stale.
 */
export async function updateSettings(database: Database, tenantId: string, input: unknown, options: SettingsUpdateOptions): Promise<TSettings & { changed: string[] }> {
  const locale = options.locale ?? 'de';
  return database.db.transaction().execute(async (trx) => {
    const row = await repo.lockSettings(trx, tenantId);
    if (!row) throw new AppError('not_found');
    const current = ZTenantConfig.parse(row.config);
    const { patch, config, logo, errors } = validateSettings(current, input, locale);
    if (errors.length > 0 || !config) {
      throw new AppError('validation_failed', { detail: errors.map((e) => `${e.field}: ${e.message}`).join(' '), fields: errors });
    }
    if (patch.version !== undefined && patch.version !== versionOf(row.updatedAt)) {
      throw new AppError('conflict', { detail: say(messages.versionConflict, locale) });
    }
    // A document type that documents use cannot go (their label and filter would be lost).
    const removed = current.documentTypes.filter((type) => !config.documentTypes.some((kept) => kept.code === type.code)).map((type) => type.code);
    const inUse = removed.length === 0 ? [] : await repo.documentTypeUse(trx, tenantId, removed);
    if (inUse.length > 0) {
      const fields = inUse.map(({ code, count }) => ({ field: 'documentTypes', message: say(messages.typeInUse(code, count), locale) }));
      throw new AppError('validation_failed', { detail: fields.map((e) => e.message).join(' '), fields });
    }
    const changed = changedKeys(current, config);
    if (logo !== undefined && !(logo === null && row.logoType === null)) changed.push('branding.logo');
    if (changed.length === 0) {
      return { ...(await getSettings(trx, tenantId)), changed };
    }
    // Later than the stored version even when the clock is behind it (the version must change).
    const updatedAt = new Date(Math.max(options.now.getTime(), row.updatedAt.getTime() + 1));
    await repo.writeSettings(trx, tenantId, { config, updatedAt, ...(logo === undefined ? {} : { logo }) });
    // The audit row belongs to the tenant: write it as the runtime role in the tenant's scope, as
    // withTenant() does, inside this same transaction.
    await sql`select set_config('role', ${database.appRole}, true), set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
    await recordAudit(trx, tenantId, {
      actorType: 'staff',
      actorId: options.staffLoginId,
      action: 'tenant.settings_updated',
      targetType: 'tenant',
      targetId: tenantId,
      requestId: options.requestId ?? null,
      details: { changed },
    });
    await repo.notifyTenantChanged(trx, tenantId);
    const logoType = logo === undefined ? row.logoType : (logo?.type ?? null);
    return { config, logo: logoType ? { contentType: logoType, url: logoUrl(updatedAt) } : null, version: versionOf(updatedAt), changed };
  });
}
