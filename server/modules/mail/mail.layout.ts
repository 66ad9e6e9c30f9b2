// The branded frame around every mail: HTML (table layout, inline styles, as mail clients need)
// and plain text with the same content.
import type { TLocale } from '../../../api/tenant.ts';
import { localized, type Tenant } from '../tenants/tenants.service.ts';

export type MailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'facts'; rows: Array<[string, string]> };

export type RenderedMail = { subject: string; text: string; html: string };

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const footerText = {
  de: 'Dies ist eine automatisch versendete E-Mail. Bitte antworten Sie nicht darauf, sondern nutzen Sie den Kontaktbereich im Kundenportal oder unsere Hotline.',
  en: 'This e-mail was sent automatically. Please do not reply to it; use the contact section of the customer portal or our hotline instead.',
};

export function renderLayout(
  tenant: Tenant,
  locale: TLocale,
  mail: { subject: string; greeting: string; blocks: MailBlock[]; closing: string },
): RenderedMail {
  const c = tenant.config;
  const color = c.branding.primaryColor;
  const hours = localized(c.contact.hours, locale);
  const contactLine = `${c.legalName} · ${c.address.street} · ${c.address.postalCode} ${c.address.city}`;
  const contactLine2 = `${locale === 'de' ? 'Telefon' : 'Phone'} ${c.contact.phone} · ${c.contact.email} · ${hours}`;

  const textParts: string[] = [mail.greeting, ''];
  const htmlParts: string[] = [`<p style="margin:0 0 16px">${escapeHtml(mail.greeting)}</p>`];
  for (const block of mail.blocks) {
    if (block.kind === 'paragraph') {
      textParts.push(block.text, '');
      htmlParts.push(`<p style="margin:0 0 16px">${escapeHtml(block.text)}</p>`);
    } else if (block.kind === 'button') {
      textParts.push(`${block.label}:`, block.url, '');
      htmlParts.push(
        `<p style="margin:24px 0"><a href="${escapeHtml(block.url)}" style="background:${color};color:#ffffff;` +
          `padding:12px 20px;border-radius:4px;text-decoration:none;display:inline-block;font-weight:bold">` +
          `${escapeHtml(block.label)}</a></p>` +
          `<p style="margin:0 0 16px;font-size:13px;color:#444444">${escapeHtml(block.url)}</p>`,
      );
    } else {
      for (const [label, value] of block.rows) textParts.push(`${label}: ${value}`);
      textParts.push('');
      htmlParts.push(
        `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${block.rows
          .map(
            ([label, value]) =>
              `<tr><td style="padding:2px 16px 2px 0;color:#444444">${escapeHtml(label)}</td>` +
              `<td style="padding:2px 0;font-weight:bold">${escapeHtml(value)}</td></tr>`,
          )
          .join('')}</table>`,
      );
    }
  }
  textParts.push(mail.closing, c.displayName, '', '--', footerText[locale], contactLine, contactLine2);
  htmlParts.push(`<p style="margin:24px 0 0">${escapeHtml(mail.closing)}<br>${escapeHtml(c.displayName)}</p>`);

  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(mail.subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;font-size:16px;line-height:1.5">` +
    `<table role="presentation" width="100%" style="border-collapse:collapse"><tr><td align="center" style="padding:24px 12px">` +
    `<table role="presentation" width="100%" style="max-width:600px;border-collapse:collapse;background:#ffffff">` +
    `<tr><td style="background:${color};color:#ffffff;padding:16px 24px;font-size:20px;font-weight:bold">${escapeHtml(c.displayName)}</td></tr>` +
    `<tr><td style="padding:24px">${htmlParts.join('')}</td></tr>` +
    `<tr><td style="padding:16px 24px;border-top:1px solid #dddddd;font-size:12px;color:#555555">` +
    `<p style="margin:0 0 8px">${escapeHtml(footerText[locale])}</p>` +
    `<p style="margin:0">${escapeHtml(contactLine)}<br>${escapeHtml(contactLine2)}</p></td></tr>` +
    `</table></td></tr></table></body></html>`;

  return { subject: mail.subject, text: textParts.join('\n'), html };
}
