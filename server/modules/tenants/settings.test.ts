// Tenant settings for admins: every rule with good and bad input, the audit of changed keys and the
// change-feed notice that refreshes caches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf } from '../../../test/factories.ts';
import { caller } from '../../../test/http.ts';
import { createStaff, signInStaff } from '../../../test/staff.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { CHANGE_CHANNEL } from '../../db/change-feed.ts';
import { AppError } from '../../errors.ts';
import type { Tenant } from './tenants.service.ts';
import { getTenantBySlug } from './tenants.service.ts';
import { changedKeys, contrastRatio, getSettings, patternProblem, sniffImage, testNumberFormat, updateSettings } from './settings.ts';

let database: Database;
const STAFF = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const NOW = new Date('2026-11-22T09:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

function update(tenant: Tenant, patch: unknown, locale: 'de' | 'en' = 'de') {
  return updateSettings(database, tenant.id, patch, { staffLoginId: STAFF, now: NOW, locale, requestId: 'req-settings' });
}

async function fieldsOf(tenant: Tenant, patch: unknown, locale: 'de' | 'en' = 'de'): Promise<Array<{ field: string; message: string }>> {
  const error = await failure(update(tenant, patch, locale));
  expect(error.code).toBe('validation_failed');
  return error.fields;
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 1, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(32, 3)]);
const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

describe('contrastRatio (WCAG 2.1)', () => {
  it('gives 21 for black on white, 1 for equal colours, and known values in between', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0b5394', '#0B5394')).toBe(1);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('refuses what is not #rrggbb', () => {
    expect(() => contrastRatio('#fff', '#000000')).toThrow();
    expect(() => contrastRatio('red', '#000000')).toThrow();
  });
});

describe('number formats', () => {
  it.each([
    ['4\\d{7}', null],
    ['\\d{7}/\\d', null],
    ['(?:\\d{3}-)*\\d{4}', null],
    ['[0-9]{8}|3\\d{9}', null],
    ['(\\d+){2}', null],
    ['(\\d{3}-)?\\d+', null],
    ['(', 'invalid'],
    ['[a-', 'invalid'],
    ['\\d{2,1}', 'invalid'],
    ['(\\d+)+', 'unsafe'],
    ['(\\d{2,3})*', 'unsafe'],
    ['(a|ab)*c', 'unsafe'],
    ['(?:(?:\\d)+x)+', 'unsafe'],
    ['(\\d)\\1', 'feature'],
    ['(?<n>\\d)\\k<n>', 'feature'],
    ['(?=4)\\d{8}', 'feature'],
    ['(?<!x)\\d', 'feature'],
  ])('%s -> %s', (pattern, problem) => {
    expect(patternProblem(pattern)).toBe(problem);
  });

  it('tests a value in the live field like registration does: spaces removed, whole match', () => {
    expect(testNumberFormat('4\\d{7}', ' 4123 4567 ')).toEqual({ valid: true, matches: true, normalized: '41234567', error: null });
    expect(testNumberFormat('4\\d{7}', '412345678')).toMatchObject({ valid: true, matches: false });
    expect(testNumberFormat('4\\d{7}', '5123456')).toMatchObject({ valid: true, matches: false });
    // A pattern cannot escape the whole-value anchoring with a top-level alternative.
    expect(testNumberFormat('1|2', '12')).toMatchObject({ valid: true, matches: false });
    expect(testNumberFormat('(\\d+)+$', '1')).toMatchObject({ valid: false, matches: false, error: expect.stringContaining('verschachtelte') });
    expect(testNumberFormat('(', '1', 'en')).toMatchObject({ valid: false, error: 'This is not a valid regular expression.' });
  });
});

describe('logo bytes', () => {
  it('recognises PNG, JPEG and WebP by their first bytes and spots SVG', () => {
    expect(sniffImage(PNG)).toBe('image/png');
    expect(sniffImage(JPEG)).toBe('image/jpeg');
    expect(sniffImage(WEBP)).toBe('image/webp');
    expect(sniffImage(SVG)).toBe('svg');
    expect(sniffImage(Buffer.from('\uFEFF  <svg/>'))).toBe('svg');
    expect(sniffImage(Buffer.from('GIF89a....'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });
});

describe('changedKeys', () => {
  it('lists changed leaves with dotted paths, arrays as a whole', () => {
    expect(changedKeys({ a: { b: 1, c: 2 }, d: [1, 2] }, { a: { b: 1, c: 3 }, d: [2, 1], e: 'x' })).toEqual(['a.c', 'd', 'e']);
    expect(changedKeys({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

describe('getSettings / updateSettings', () => {
  it('reads the configuration with a version and no logo', async () => {
    const tenant = await createTenant(database);
    const settings = await getSettings(database.db, tenant.id);
    expect(settings.config.displayName).toBe(tenant.config.displayName);
    expect(settings.logo).toBeNull();
    expect(settings.version).toBe(String(tenant.updatedAt.getTime()));
    expect((await failure(getSettings(database.db, '00000000-0000-4000-8000-000000000000'))).code).toBe('not_found');
  });

  it('changes sections, audits the changed keys without values, bumps the version and notifies the change feed', async () => {
    const tenant = await createTenant(database);
    const notices: string[] = [];
    const stop = await database.listen(CHANGE_CHANNEL, (payload) => notices.push(payload), () => undefined);
    try {
      const result = await update(tenant, {
        branding: { primaryColor: '#00457C' },
        contact: { phone: '+49 4841 123-0', hours: { de: 'Mo–Do 8–18 Uhr', en: 'Mon–Thu 8am–6pm' } },
        legal: { imprint: { de: '# Impressum\n\nNeu' } },
        security: { idleTimeoutMinutes: 20 },
        mail: { fromName: 'Stadtwerke Kundenservice', fromAddress: 'portal@stadtwerke.example' },
        registrationMethods: ['customer_meter', 'invitation'],
        modules: ['readings', 'invoices', 'requests'],
      });
      expect(result.changed.sort()).toEqual([
        'branding.primaryColor',
        'contact.hours.de',
        'contact.hours.en',
        'contact.phone',
        'legal.imprint.de',
        'legal.imprint.en',
        'mail.fromAddress',
        'mail.fromName',
        'modules',
        'registrationMethods',
        'session.idleTimeoutMinutes',
      ]);
      expect(result.config.branding.primaryColor).toBe('#00457c');
      expect(result.config.legal.imprint).toEqual({ de: '# Impressum\n\nNeu' });
      expect(result.version).not.toBe(String(tenant.updatedAt.getTime()));
      const fresh = await getTenantBySlug(database.db, tenant.slug);
      expect(fresh?.config.session.idleTimeoutMinutes).toBe(20);
      expect(fresh?.config.mail).toEqual({ fromName: 'Stadtwerke Kundenservice', fromAddress: 'portal@stadtwerke.example' });

      const audit = await withTenant(database, tenant.id, (trx) =>
        trx.selectFrom('audit_log').select(['action', 'actor_type', 'actor_id', 'target_id', 'request_id', 'details']).where('action', '=', 'tenant.settings_updated').execute(),
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_type: 'staff', actor_id: STAFF, target_id: tenant.id, request_id: 'req-settings' });
      const details = JSON.stringify(audit[0]?.details);
      expect(details).toContain('mail.fromAddress');
      expect(details).not.toContain('portal@stadtwerke.example');
      expect(details).not.toContain('Neu');

      // Removing the mail sender again.
      const removed = await update(tenant, { mail: { fromName: null, fromAddress: null } });
      expect(removed.config.mail).toEqual({});
      await expect.poll(() => notices.filter((n) => n === `${tenant.id} tenant *`).length).toBe(2);
    } finally {
      await stop();
    }
  });

  it('changes nothing and audits nothing when the values are the same', async () => {
    const tenant = await createTenant(database);
    const result = await update(tenant, { branding: { primaryColor: tenant.config.branding.primaryColor } });
    expect(result.changed).toEqual([]);
    expect(result.version).toBe(String(tenant.updatedAt.getTime()));
    const audit = await withTenant(database, tenant.id, (trx) => trx.selectFrom('audit_log').select('id').where('action', '=', 'tenant.settings_updated').execute());
    expect(audit).toHaveLength(0);
  });

  it('refuses a brand colour below 4.5:1 and names the measured ratio, in German and English', async () => {
    const tenant = await createTenant(database);
    const [de] = await fieldsOf(tenant, { branding: { primaryColor: '#f1c232' } });
    expect(de?.field).toBe('branding.primaryColor');
    expect(de?.message).toContain('1,67:1');
    expect(de?.message).toContain('weißer Schrift und dem Seitenhintergrund');
    const [en] = await fieldsOf(tenant, { branding: { primaryColor: '#777777' } }, 'en');
    expect(en?.message).toContain('4.47:1');
    expect(en?.message).toContain('white text and the page background');
    expect((await fieldsOf(tenant, { branding: { primaryColor: 'blue' } }))[0]?.field).toBe('branding.primaryColor');
    // Nothing was written.
    expect((await getSettings(database.db, tenant.id)).config.branding.primaryColor).toBe(tenant.config.branding.primaryColor);
    // The accent colour is not text on the page; it is not checked here.
    expect((await update(tenant, { branding: { accentColor: '#f1c232' } })).changed).toEqual([]);
  });

  it('refuses unusable number formats and an example that does not match', async () => {
    const tenant = await createTenant(database);
    expect(await fieldsOf(tenant, { numberFormats: { customerNumber: { pattern: '(\\d+)+' } } })).toEqual([
      { field: 'numberFormats.customerNumber.pattern', message: expect.stringContaining('verschachtelte Wiederholungen') },
    ]);
    expect((await fieldsOf(tenant, { numberFormats: { customerNumber: { pattern: '[' } } }))[0]?.message).toBe('Das ist kein gültiger regulärer Ausdruck.');
    expect(await fieldsOf(tenant, { numberFormats: { customerNumber: { pattern: '3\\d{9}' } } }, 'en')).toEqual([
      { field: 'numberFormats.customerNumber.example', message: 'The example does not match the pattern.' },
    ]);
    const ok = await update(tenant, { numberFormats: { customerNumber: { pattern: '3\\d{9}', example: '3000123456' }, meterNumber: { stripLeadingZeros: true } } });
    expect(ok.changed.sort()).toEqual(['customerNumber.example', 'customerNumber.pattern', 'meterNumber.stripLeadingZeros']);
  });

  it('takes PNG, JPEG and WebP logos up to 512 KB by their bytes, refuses SVG, lies and oversize, and removes the logo', async () => {
    const tenant = await createTenant(database);
    const logo = (bytes: Buffer, contentType: string) => ({ branding: { logo: { contentType, dataBase64: bytes.toString('base64') } } });
    const png = await update(tenant, logo(PNG, 'image/png'));
    expect(png.changed).toEqual(['branding.logo']);
    expect(png.logo).toEqual({ contentType: 'image/png', url: `/api/v1/tenant/logo?v=${png.version}` });
    const webp = await update(tenant, logo(WEBP, 'image/webp'));
    expect(webp.logo?.contentType).toBe('image/webp');
    expect((await update(tenant, logo(JPEG, 'image/jpeg'))).logo?.contentType).toBe('image/jpeg');
    const stored = await database.db.selectFrom('tenants').select(['logo', 'logo_type']).where('id', '=', tenant.id).executeTakeFirstOrThrow();
    expect(stored.logo?.equals(JPEG)).toBe(true);

    expect((await fieldsOf(tenant, logo(SVG, 'image/png')))[0]).toEqual({ field: 'branding.logo', message: expect.stringContaining('SVG-Logos sind nicht erlaubt') });
    expect((await fieldsOf(tenant, logo(SVG, 'image/svg+xml')))[0]?.field).toBe('branding.logo.contentType');
    expect((await fieldsOf(tenant, logo(JPEG, 'image/png')))[0]?.message).toContain('ist ein JPEG-Bild');
    expect((await fieldsOf(tenant, logo(Buffer.from('GIF89a-not-allowed'), 'image/png')))[0]?.message).toContain('kein PNG-, JPEG- oder WebP-Bild');
    const big = Buffer.concat([PNG, Buffer.alloc(512 * 1024)]);
    expect((await fieldsOf(tenant, logo(big, 'image/png'), 'en'))[0]?.message).toBe('The logo is 513 KB; at most 512 KB are allowed.');
    expect((await fieldsOf(tenant, { branding: { logo: { contentType: 'image/png', dataBase64: '!!!!not base64!!!!' } } }))[0]?.message).toContain('Base64');
    expect((await fieldsOf(tenant, { branding: { logo: { contentType: 'image/png', dataBase64: 'A'.repeat(700_001) } } }))[0]?.field).toBe('branding.logo.dataBase64');

    const removed = await update(tenant, { branding: { logo: null } });
    expect(removed.logo).toBeNull();
    expect(removed.changed).toEqual(['branding.logo']);
    expect((await update(tenant, { branding: { logo: null } })).changed).toEqual([]);
  });

  it('keeps timeouts, limits and lists within bounds and from the known values', async () => {
    const tenant = await createTenant(database);
    expect((await fieldsOf(tenant, { security: { idleTimeoutMinutes: 4 } }))[0]?.field).toBe('security.idleTimeoutMinutes');
    expect((await fieldsOf(tenant, { security: { idleTimeoutMinutes: 61 } }))[0]?.field).toBe('security.idleTimeoutMinutes');
    expect((await fieldsOf(tenant, { security: { idleTimeoutMinutes: 15.5 } }))[0]?.field).toBe('security.idleTimeoutMinutes');
    expect((await fieldsOf(tenant, { security: { passwordMinLength: 8 } }))[0]?.field).toBe('security.passwordMinLength');
    expect((await fieldsOf(tenant, { instalments: { maxDecreasePercent: 101 } }))[0]?.field).toBe('instalments.maxDecreasePercent');
    expect((await fieldsOf(tenant, { instalments: { instalmentsPerYear: 10 } }))[0]?.field).toBe('instalments.instalmentsPerYear');
    expect((await fieldsOf(tenant, { registrationMethods: [] }))[0]?.field).toBe('registrationMethods');
    expect((await fieldsOf(tenant, { registrationMethods: ['password_only'] }))[0]?.field).toBe('registrationMethods.0');
    expect((await fieldsOf(tenant, { registrationMethods: ['invitation', 'invitation'] }))[0]).toEqual({ field: 'registrationMethods', message: 'Jeder Eintrag darf nur einmal vorkommen.' });
    expect((await fieldsOf(tenant, { modules: ['readings', 'teleportation'] }))[0]?.field).toBe('modules.1');
    expect(await fieldsOf(tenant, { modules: ['banking'] }, 'en')).toEqual([{ field: 'modules', message: expect.stringContaining('SEPA creditor identifier') }]);
    expect((await fieldsOf(tenant, { mail: { fromAddress: 'not-an-address' } }))[0]?.field).toBe('mail.fromAddress');
    expect((await fieldsOf(tenant, { mail: { fromName: 'Evil\r\nBcc: victim@example.com' } }))[0]?.field).toBe('mail.fromName');
    expect((await fieldsOf(tenant, { contact: { email: 'x@' } }))[0]?.field).toBe('contact.email');
    expect((await fieldsOf(tenant, { contact: { phone: 'call me' } }))[0]?.field).toBe('contact.phone');
    expect((await fieldsOf(tenant, { legal: { imprint: { de: '' } } }))[0]?.field).toBe('legal.imprint.de');
    expect((await fieldsOf(tenant, { legal: { privacy: { de: 'x'.repeat(20_001) } } }))[0]?.field).toBe('legal.privacy.de');
    expect((await fieldsOf(tenant, { legal: { accessibility: { de: 'Erklärung', en: 'x'.repeat(20_001) } } }))[0]?.field).toBe('legal.accessibility.en');
    expect((await fieldsOf(tenant, { legal: { terms: { de: 'AGB' } } }))[0]?.field).toBe('legal');
    expect((await fieldsOf(tenant, { general: { displayName: 'x'.repeat(121) } }))[0]?.field).toBe('general.displayName');
    expect((await fieldsOf(tenant, { general: { address: { street: 'X 1', postalCode: '123', city: 'Y' } } }))[0]?.field).toBe('general.address.postalCode');
  });

  it('refuses unknown sections and fields (mass assignment) and settings the admin may not change', async () => {
    const tenant = await createTenant(database);
    expect((await fieldsOf(tenant, { sepa: { creditorId: 'DE98ZZZ09999999999' } }))[0]?.field).toBe('(root)');
    expect((await fieldsOf(tenant, { branding: { primaryColor: '#00457c', logoUrl: 'https://evil.example/x.svg' } }))[0]?.field).toBe('branding');
    expect((await fieldsOf(tenant, JSON.parse('{"__proto__": {"admin": true}, "general": {"country": "AT"}}')))[0]?.field).toBe('general');
    expect((await fieldsOf(tenant, 'not an object'))[0]?.field).toBe('(root)');
    expect((await getSettings(database.db, tenant.id)).config.country).toBe('DE');
  });

  it('refuses a stale version (two admins editing at once) and unknown tenants', async () => {
    const tenant = await createTenant(database);
    const { version } = await getSettings(database.db, tenant.id);
    await update(tenant, { version, general: { displayName: 'Stadtwerke Erste' } });
    const second = await failure(update(tenant, { version, general: { displayName: 'Stadtwerke Zweite' } }, 'en'));
    expect(second.code).toBe('conflict');
    expect(second.detail).toContain('changed meanwhile');
    expect((await getSettings(database.db, tenant.id)).config.displayName).toBe('Stadtwerke Erste');
    const unknown = await failure(updateSettings(database, '00000000-0000-4000-8000-000000000000', {}, { staffLoginId: STAFF, now: NOW }));
    expect(unknown.code).toBe('not_found');
  });
});

describe('HTTP', () => {
  it('admins read and change settings; the public tenant answer shows the change at once; clerks and other tenants cannot', async () => {
    const now = new Date();
    const app = await buildTestApp(database, { extra: { clock: () => now } });
    try {
      const tenant = await createTenant(database);
      const other = await createTenant(database);
      const admin = await signInStaff(app, tenant, await createStaff(database, tenant, 'admin'), now);
      const clerk = await signInStaff(app, tenant, await createStaff(database, tenant, 'clerk'), now);
      const foreign = await signInStaff(app, other, await createStaff(database, other, 'admin'), now);
      const call = caller(app, tenant);
      const patch = (body: unknown, cookie: string, extra: Record<string, string> = {}) =>
        app.inject({ method: 'PATCH', url: '/api/v1/backoffice/settings', headers: { host: hostOf(tenant), cookie, 'content-type': 'application/json', ...extra }, payload: JSON.stringify(body) });

      expect((await call('GET', '/api/v1/backoffice/settings')).statusCode).toBe(401);
      expect((await call('GET', '/api/v1/backoffice/settings', { cookie: clerk })).statusCode).toBe(403);
      const readOnly = await signInStaff(app, tenant, await createStaff(database, tenant, 'read_only'), now);
      expect((await call('GET', '/api/v1/backoffice/settings', { cookie: readOnly })).statusCode).toBe(403);
      expect((await call('GET', '/api/v1/backoffice/settings', { cookie: foreign })).statusCode).toBe(401);
      const read = await call('GET', '/api/v1/backoffice/settings', { cookie: admin });
      expect(read.statusCode, read.body).toBe(200);
      const { version } = read.json<{ version: string }>();

      // Warm the resolver's cache, then change: the next request sees the new colour.
      expect((await call('GET', '/api/v1/tenant')).json().branding.primaryColor).toBe('#0b5394');
      const changed = await patch({ version, branding: { primaryColor: '#004d40' } }, admin);
      expect(changed.statusCode, changed.body).toBe(200);
      expect((await call('GET', '/api/v1/tenant')).json().branding.primaryColor).toBe('#004d40');

      const weak = await patch({ branding: { primaryColor: '#ffcc00' } }, admin, { 'accept-language': 'en' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors).toEqual([{ field: 'branding.primaryColor', message: expect.stringContaining(':1; at least 4.5:1') }]);
      expect((await patch({ version, general: { displayName: 'Zu spät' } }, admin)).statusCode).toBe(409);
      expect((await patch({ branding: { primaryColor: '#004d40' } }, clerk)).statusCode).toBe(403);
      expect((await patch({ legal: { imprint: { de: 'Impressum' } } }, readOnly)).statusCode).toBe(403);
      expect((await patch({ general: { displayName: 'Fremd' } }, foreign)).statusCode).toBe(401);
      expect((await patch({ nonsense: true }, admin)).statusCode).toBe(400);
      const huge = await patch({ legal: { imprint: { de: 'x'.repeat(1024 * 1024) } } }, admin);
      expect(huge.statusCode).toBe(413);

      const tested = await call('POST', '/api/v1/backoffice/settings/number-format-test', { cookie: admin, body: { pattern: '4\\d{7}', value: '4123 4567' } });
      expect(tested.json()).toEqual({ valid: true, matches: true, normalized: '41234567', error: null });
      const unsafe = await call('POST', '/api/v1/backoffice/settings/number-format-test', { cookie: admin, body: { pattern: '(\\d+)+', value: '1' } });
      expect(unsafe.json()).toMatchObject({ valid: false });
      expect((await call('POST', '/api/v1/backoffice/settings/number-format-test', { cookie: clerk, body: { pattern: '1', value: '1' } })).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});
