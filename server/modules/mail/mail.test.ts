import { describe, expect, it } from 'vitest';
import { tenantFile } from '../../../test/factories.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { renderMail } from './mail.templates.ts';

const file = tenantFile({ displayName: 'Stadtwerke <Musterstadt> & Co' });
const tenant: Tenant = { id: '00000000-0000-0000-0000-000000000001', slug: file.slug, config: file.config, hasLogo: false, updatedAt: new Date() };

describe('mail templates', () => {
  it('render branded German and English mails as HTML and plain text', () => {
    const de = renderMail(tenant, { to: 'a@example.com', locale: 'de', template: 'test_mail', data: { requestedBy: 'Betrieb' } }, { portalUrl: 'https://x.example' });
    expect(de.subject).toBe('Testnachricht aus dem Kundenportal Stadtwerke <Musterstadt> & Co');
    expect(de.text).toContain('Mit freundlichen Grüßen');
    expect(de.text).toContain('https://x.example');
    expect(de.html).toContain('<html lang="de">');
    expect(de.html).toContain(file.config.branding.primaryColor);
    const en = renderMail(tenant, { to: 'a@example.com', locale: 'en', template: 'test_mail', data: { requestedBy: 'ops' } }, { portalUrl: 'https://x.example' });
    expect(en.text).toContain('Kind regards');
    expect(en.html).toContain('<html lang="en">');
  });

  it('escapes tenant and user content in HTML', () => {
    const mail = renderMail(tenant, { to: 'a@example.com', locale: 'de', template: 'test_mail', data: { requestedBy: '<script>alert(1)</script>' } }, { portalUrl: 'https://x.example' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('Stadtwerke &lt;Musterstadt&gt; &amp; Co');
  });

  it('refuses payloads that do not fit the template', () => {
    expect(() => renderMail(tenant, { to: 'a@example.com', locale: 'de', template: 'test_mail', data: { wrong: 1 } }, { portalUrl: 'https://x' })).toThrow();
  });
});
