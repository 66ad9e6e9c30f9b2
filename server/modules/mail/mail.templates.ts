// Mail templates: each renders subject and content blocks in German or English.
// A module keeps its templates in its own `<module>.mails.ts` (built with `define` from mail.template.ts)
// and spreads them into `templates` below; payloads are validated when the job is delivered.
import { z } from 'zod';
import type { Tenant } from '../tenants/tenants.service.ts';
import { renderLayout, type RenderedMail } from './mail.layout.ts';
import { define, type Template } from './mail.template.ts';
import { bankingMails } from '../banking/banking.mails.ts';
import { myDataMails } from '../my-data/my-data.mails.ts';
import { documentsMails } from '../documents/documents.mails.ts';
import { readingsMails } from '../readings/readings.mails.ts';
import { registrationReviewMails } from '../registration-reviews/registration-reviews.mails.ts';
import { staffMails } from '../staff/staff.mails.ts';


export const templates = {
  /** Sent by operators (`cli mail test`) to check the mail setup of a tenant. */
  test_mail: define({
    data: z.object({ requestedBy: z.string().max(200) }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      return renderLayout(tenant, locale, {
        subject: de ? `Testnachricht aus dem Kundenportal ${tenant.config.displayName}` : `Test message from the ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'diese Nachricht bestätigt, dass der E-Mail-Versand des Kundenportals funktioniert.'
              : 'this message confirms that the customer portal can send e-mail.',
          },
          { kind: 'facts', rows: [[de ? 'Angefordert von' : 'Requested by', data.requestedBy]] },
          { kind: 'button', label: de ? 'Zum Kundenportal' : 'Open the customer portal', url: links.portalUrl },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  /** Registration: confirm the e-mail address (and, for some methods, set the password). */
  activation: define({
    data: z.object({ path: z.string().startsWith('/'), needsPassword: z.boolean(), expiresHours: z.number().int() }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      const name = tenant.config.displayName;
      return renderLayout(tenant, locale, {
        subject: de ? `Bitte bestätigen Sie Ihre E-Mail-Adresse – Kundenportal ${name}` : `Please confirm your e-mail address – ${name} customer portal`,
        greeting: de ? 'Herzlich willkommen!' : 'Welcome!',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? `Sie haben sich im Kundenportal der ${name} registriert. Bitte bestätigen Sie Ihre E-Mail-Adresse, damit wir Ihren Zugang freischalten können${data.needsPassword ? '; dabei legen Sie Ihr Passwort fest' : ''}.`
              : `You have registered for the ${name} customer portal. Please confirm your e-mail address so that we can activate your access${data.needsPassword ? '; you will set your password there' : ''}.`,
          },
          { kind: 'button', label: de ? 'E-Mail-Adresse bestätigen' : 'Confirm e-mail address', url: links.portalUrl + data.path },
          {
            kind: 'paragraph',
            text: de
              ? `Der Link gilt ${data.expiresHours} Stunden und nur einmal. Wenn Sie sich nicht registriert haben, können Sie diese E-Mail ignorieren.`
              : `The link is valid for ${data.expiresHours} hours and can be used once. If you did not register, you can ignore this e-mail.`,
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  /** Someone registered with an address that already has access: no error on screen, a notice here. */
  already_registered: define({
    data: z.object({
      signInPath: z.string().startsWith('/'),
      resetPath: z.string().startsWith('/'),
      /** What was tried: a registration, or moving another access to this address. */
      attempt: z.enum(['register', 'email_change']).default('register'),
    }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      const tried =
        data.attempt === 'email_change'
          ? de
            ? 'gerade wurde versucht, die E-Mail-Adresse eines anderen Zugangs zum Kundenportal auf diese Adresse zu ändern. Für diese Adresse besteht bereits ein Zugang, daher wurde nichts geändert. Melden Sie sich einfach wie gewohnt an.'
            : 'someone just tried to change the e-mail address of another customer portal access to this address. This address already has access, so nothing was changed. Simply sign in as usual.'
          : de
            ? 'gerade wurde versucht, mit dieser E-Mail-Adresse einen Zugang zum Kundenportal anzulegen. Für diese Adresse besteht bereits ein Zugang. Melden Sie sich einfach an; weitere Kundennummern können Sie nach der Anmeldung unter „Mein Zugang“ hinzufügen.'
            : 'someone just tried to register for the customer portal with this e-mail address. This address already has access. Simply sign in; you can add further customer numbers under "My access" after signing in.';
      return renderLayout(tenant, locale, {
        subject: de ? `Sie sind bereits registriert – Kundenportal ${tenant.config.displayName}` : `You are already registered – ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          { kind: 'paragraph', text: tried },
          { kind: 'button', label: de ? 'Anmelden' : 'Sign in', url: links.portalUrl + data.signInPath },
          {
            kind: 'paragraph',
            text: de
              ? `Passwort vergessen? Hier können Sie ein neues festlegen: ${links.portalUrl + data.resetPath}. Wenn Sie das nicht waren, können Sie diese E-Mail ignorieren.`
              : `Forgot your password? You can set a new one here: ${links.portalUrl + data.resetPath}. If this was not you, you can ignore this e-mail.`,
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  /** The customer account is already registered by another e-mail address. */
  account_claimed: define({
    data: z.object({ maskedEmail: z.string(), customerNumber: z.string() }),
    render(tenant, locale, data) {
      const de = locale === 'de';
      const c = tenant.config.contact;
      return renderLayout(tenant, locale, {
        subject: de ? `Ihre Registrierung im Kundenportal ${tenant.config.displayName}` : `Your registration for the ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? `für die Kundennummer ${data.customerNumber} besteht bereits ein Zugang mit der E-Mail-Adresse ${data.maskedEmail}. Bitte melden Sie sich mit dieser Adresse an oder nutzen Sie dort „Passwort vergessen“. Wenn Sie die Adresse nicht kennen, hilft Ihnen unser Kundenservice weiter.`
              : `customer number ${data.customerNumber} already has access with the e-mail address ${data.maskedEmail}. Please sign in with that address or use "Forgot password" there. If you do not know the address, our customer service will help you.`,
          },
          { kind: 'facts', rows: [[de ? 'Telefon' : 'Phone', c.phone], [de ? 'E-Mail' : 'E-mail', c.email]] },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  /** A customer account was added to the login (or the login was merged into another). */
  account_linked: define({
    data: z.object({ customerNumber: z.string() }),
    render(tenant, locale, data) {
      const de = locale === 'de';
      const c = tenant.config.contact;
      return renderLayout(tenant, locale, {
        subject: de ? `Kundenkonto verknüpft – Kundenportal ${tenant.config.displayName}` : `Customer account linked – ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? `das Kundenkonto ${data.customerNumber} ist jetzt mit Ihrem Zugang zum Kundenportal verknüpft. Nach der Anmeldung wählen Sie oben, in welchem Konto Sie arbeiten.`
              : `customer account ${data.customerNumber} is now linked to your customer portal access. After signing in, choose at the top which account to work in.`,
          },
          {
            kind: 'paragraph',
            text: de ? `Wenn Sie das nicht veranlasst haben, melden Sie sich bitte bei uns: ${c.phone}, ${c.email}.` : `If you did not do this, please contact us: ${c.phone}, ${c.email}.`,
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  /** Copy of a "request your GP-Nr" form for the requester. */
  gp_request_copy: define({
    data: z.object({ name: z.string(), address: z.string(), connectionAddress: z.string().nullable(), meterNumber: z.string(), email: z.string() }),
    render(tenant, locale, data) {
      const de = locale === 'de';
      const rows: Array<[string, string]> = [
        ['Name', data.name],
        [de ? 'Anschrift' : 'Address', data.address],
        ...(data.connectionAddress ? [[de ? 'Anschlussobjekt' : 'Connection address', data.connectionAddress] as [string, string]] : []),
        [de ? 'Zählernummer' : 'Meter number', data.meterNumber],
        [de ? 'E-Mail-Adresse' : 'E-mail address', data.email],
      ];
      return renderLayout(tenant, locale, {
        subject: de ? `Ihre Anfrage nach der Geschäftspartner-Nr. Netz – ${tenant.config.displayName}` : `Your request for the grid business partner number – ${tenant.config.displayName}`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'vielen Dank für Ihre Nachricht. Wir senden Ihnen die Geschäftspartner-Nr. Netz per Post zu. Damit können Sie anschließend unter „Zugang beantragen“ Ihren Zugang einrichten. Ihre Angaben:'
              : 'thank you for your message. We will send you the grid business partner number by post. With it you can then set up your access under "Request access". Your details:',
          },
          { kind: 'facts', rows },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  email_change_confirm: define({
    data: z.object({ path: z.string().startsWith('/'), expiresHours: z.number().int() }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      return renderLayout(tenant, locale, {
        subject: de ? `Neue E-Mail-Adresse bestätigen – Kundenportal ${tenant.config.displayName}` : `Confirm your new e-mail address – ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'Sie möchten diese E-Mail-Adresse für Ihren Zugang zum Kundenportal verwenden. Bitte bestätigen Sie das; erst dann wird die Änderung wirksam.'
              : 'You want to use this e-mail address for your customer portal access. Please confirm; the change takes effect only then.',
          },
          { kind: 'button', label: de ? 'Neue E-Mail-Adresse bestätigen' : 'Confirm new e-mail address', url: links.portalUrl + data.path },
          {
            kind: 'paragraph',
            text: de ? `Der Link gilt ${data.expiresHours} Stunden. Wenn Sie das nicht waren, ignorieren Sie diese E-Mail.` : `The link is valid for ${data.expiresHours} hours. If this was not you, ignore this e-mail.`,
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  /** To the old address after an e-mail change (SEC-12): no link, no new address in full. */
  email_changed_notice: define({
    data: z.object({ maskedNewEmail: z.string() }),
    render(tenant, locale, data) {
      const de = locale === 'de';
      const c = tenant.config.contact;
      return renderLayout(tenant, locale, {
        subject: de ? `Ihre E-Mail-Adresse wurde geändert – Kundenportal ${tenant.config.displayName}` : `Your e-mail address was changed – ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? `für Ihren Zugang zum Kundenportal gilt ab sofort die E-Mail-Adresse ${data.maskedNewEmail}. An diese Adresse schicken wir Ihnen keine Nachrichten mehr.`
              : `your customer portal access now uses the e-mail address ${data.maskedNewEmail}. We will no longer send messages to this address.`,
          },
          { kind: 'paragraph', text: de ? `Wenn Sie das nicht waren, melden Sie sich bitte sofort bei uns: ${c.phone}, ${c.email}.` : `If this was not you, please contact us right away: ${c.phone}, ${c.email}.` },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  registration_deleted: define({
    data: z.object({}),
    render(tenant, locale) {
      const de = locale === 'de';
      return renderLayout(tenant, locale, {
        subject: de ? `Ihre Registrierung wurde gelöscht – Kundenportal ${tenant.config.displayName}` : `Your registration was deleted – ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'Ihr Zugang zum Kundenportal ist gelöscht: Anmeldedaten und Sitzungen sind entfernt. Ihre Verträge und Kundendaten bleiben bei uns, wie gesetzlich vorgesehen. Sie können sich jederzeit wieder registrieren.'
              : 'Your customer portal access has been deleted: sign-in data and sessions are removed. Your contracts and customer records stay with us as the law requires. You can register again at any time.',
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  invitation: define({
    data: z.object({ path: z.string().startsWith('/'), expiresDays: z.number().int() }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      return renderLayout(tenant, locale, {
        subject: de ? `Einladung zum Kundenportal ${tenant.config.displayName}` : `Invitation to the ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? `Sie wurden zum Kundenportal der ${tenant.config.displayName} eingeladen. Über den folgenden Link legen Sie Ihr Passwort fest; danach können Sie sich anmelden.`
              : `You have been invited to the ${tenant.config.displayName} customer portal. Set your password with the following link; then you can sign in.`,
          },
          { kind: 'button', label: de ? 'Einladung annehmen' : 'Accept invitation', url: links.portalUrl + data.path },
          { kind: 'paragraph', text: de ? `Der Link gilt ${data.expiresDays} Tage und nur einmal.` : `The link is valid for ${data.expiresDays} days and can be used once.` },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  password_reset: define({
    data: z.object({ path: z.string().startsWith('/'), expiresMinutes: z.number().int() }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      return renderLayout(tenant, locale, {
        subject: de ? `Neues Passwort festlegen – Kundenportal ${tenant.config.displayName}` : `Set a new password – ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'Sie haben ein neues Passwort für das Kundenportal angefordert. Über den folgenden Link legen Sie es fest:'
              : 'You asked for a new password for the customer portal. Set it with the following link:',
          },
          { kind: 'button', label: de ? 'Neues Passwort festlegen' : 'Set new password', url: links.portalUrl + data.path },
          {
            kind: 'paragraph',
            text: de
              ? `Der Link gilt ${data.expiresMinutes} Minuten und nur einmal. Wenn Sie kein neues Passwort angefordert haben, ignorieren Sie diese E-Mail; Ihr bisheriges Passwort bleibt gültig.`
              : `The link is valid for ${data.expiresMinutes} minutes and can be used once. If you did not ask for a new password, ignore this e-mail; your current password stays valid.`,
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  password_changed: define({
    data: z.object({ at: z.string() }),
    render(tenant, locale, data) {
      const de = locale === 'de';
      const c = tenant.config.contact;
      return renderLayout(tenant, locale, {
        subject: de ? `Ihr Passwort wurde geändert – Kundenportal ${tenant.config.displayName}` : `Your password was changed – ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? `das Passwort Ihres Zugangs zum Kundenportal wurde am ${data.at} geändert. Alle anderen Anmeldungen wurden beendet.`
              : `the password of your customer portal access was changed on ${data.at}. All other sessions were ended.`,
          },
          {
            kind: 'paragraph',
            text: de
              ? `Wenn Sie das nicht waren, setzen Sie Ihr Passwort bitte sofort über „Passwort vergessen“ zurück und informieren Sie uns: ${c.phone}, ${c.email}.`
              : `If this was not you, please reset your password right away with "Forgot password" and let us know: ${c.phone}, ${c.email}.`,
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  second_factor_changed: define({
    data: z.object({
      at: z.string(),
      change: z.enum(['totp_enabled', 'totp_disabled', 'passkey_added', 'passkey_removed', 'recovery_codes_renewed', 'recovery_code_used']),
      /** Name of the passkey, for passkey changes. */
      label: z.string().optional(),
    }),
    render(tenant, locale, data) {
      const de = locale === 'de';
      const c = tenant.config.contact;
      const label = data.label ?? '';
      const what = {
        totp_enabled: {
          de: 'die Anmeldung mit Code aus einer Authenticator-App (Zwei-Faktor-Anmeldung) wurde eingeschaltet',
          en: 'sign-in with a code from an authenticator app (two-factor sign-in) was turned on',
        },
        totp_disabled: { de: 'die Anmeldung mit Code aus einer Authenticator-App wurde ausgeschaltet', en: 'sign-in with a code from an authenticator app was turned off' },
        passkey_added: { de: `der Passkey „${label}“ wurde hinzugefügt`, en: `the passkey "${label}" was added` },
        passkey_removed: { de: `der Passkey „${label}“ wurde entfernt`, en: `the passkey "${label}" was removed` },
        recovery_codes_renewed: { de: 'es wurden neue Wiederherstellungscodes erstellt; die alten gelten nicht mehr', en: 'new recovery codes were created; the old ones no longer work' },
        recovery_code_used: { de: 'bei einer Anmeldung wurde ein Wiederherstellungscode verwendet', en: 'a recovery code was used to sign in' },
      }[data.change];
      return renderLayout(tenant, locale, {
        subject: de
          ? `Sicherheit Ihres Zugangs geändert – Kundenportal ${tenant.config.displayName}`
          : `Security of your access changed – ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          { kind: 'paragraph', text: de ? `für Ihren Zugang zum Kundenportal ${what.de} (${data.at}).` : `for your customer portal access, ${what.en} (${data.at}).` },
          {
            kind: 'paragraph',
            text: de
              ? `Wenn Sie das nicht waren, ändern Sie bitte sofort Ihr Passwort und informieren Sie uns: ${c.phone}, ${c.email}.`
              : `If this was not you, please change your password right away and let us know: ${c.phone}, ${c.email}.`,
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  /** Confirmation of a customer request (message, change request) with its reference number. */
  request_received: define({
    data: z.object({
      reference: z.string(),
      subject: z.string(),
      kind: z.enum(['message', 'address', 'bank', 'instalment', 'reading', 'contact']),
      path: z.string().startsWith('/'),
    }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      return renderLayout(tenant, locale, {
        subject: de ? `Ihr Anliegen ${data.reference} ist bei uns eingegangen – ${tenant.config.displayName}` : `We have received your request ${data.reference} – ${tenant.config.displayName}`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'vielen Dank für Ihre Nachricht. Ihr Anliegen ist bei uns eingegangen; wir melden uns so bald wie möglich. Über jede Änderung des Bearbeitungsstands informieren wir Sie per E-Mail.'
              : 'thank you for your message. We have received your request and will get back to you as soon as possible. We will let you know by e-mail whenever its status changes.',
          },
          { kind: 'facts', rows: [[de ? 'Vorgangsnummer' : 'Reference number', data.reference], [de ? 'Betreff' : 'Subject', data.subject]] },
          { kind: 'button', label: de ? 'Anliegen ansehen' : 'View request', url: links.portalUrl + data.path },
          {
            kind: 'paragraph',
            text: de ? 'Bitte geben Sie bei Rückfragen die Vorgangsnummer an.' : 'Please quote the reference number if you contact us about it.',
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  /** The status of a customer request changed (back office or billing system). */
  request_status_changed: define({
    data: z.object({
      reference: z.string(),
      subject: z.string(),
      status: z.enum(['received', 'in_progress', 'done', 'rejected']),
      reason: z.string().nullable(),
      path: z.string().startsWith('/'),
    }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      const status = {
        received: { de: 'eingegangen', en: 'received' },
        in_progress: { de: 'in Bearbeitung', en: 'in progress' },
        done: { de: 'erledigt', en: 'done' },
        rejected: { de: 'abgelehnt', en: 'rejected' },
      }[data.status];
      const rows: Array<[string, string]> = [
        [de ? 'Vorgangsnummer' : 'Reference number', data.reference],
        [de ? 'Betreff' : 'Subject', data.subject],
        [de ? 'Neuer Status' : 'New status', de ? status.de : status.en],
        ...(data.reason ? [[data.status === 'rejected' ? (de ? 'Begründung' : 'Reason') : de ? 'Hinweis' : 'Note', data.reason] as [string, string]] : []),
      ];
      return renderLayout(tenant, locale, {
        subject: de ? `Ihr Anliegen ${data.reference}: ${status.de} – ${tenant.config.displayName}` : `Your request ${data.reference}: ${status.en} – ${tenant.config.displayName}`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de ? `der Bearbeitungsstand Ihres Anliegens hat sich geändert: ${status.de}.` : `the status of your request has changed: ${status.en}.`,
          },
          { kind: 'facts', rows },
          { kind: 'button', label: de ? 'Anliegen ansehen' : 'View request', url: links.portalUrl + data.path },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  ...readingsMails,
  ...documentsMails,
  ...myDataMails,
  ...bankingMails,
  ...staffMails,
  ...registrationReviewMails,
} as const;

export type TemplateName = keyof typeof templates;

export const ZMailJob = z.object({
  to: z.email(),
  locale: z.enum(['de', 'en']),
  template: z.enum(Object.keys(templates) as [TemplateName, ...TemplateName[]]),
  data: z.unknown(),
});
export type TMailJob = z.infer<typeof ZMailJob>;

function renderWith<T extends z.ZodType>(template: Template<T>, tenant: Tenant, job: TMailJob, links: { portalUrl: string }): RenderedMail {
  return template.render(tenant, job.locale, template.data.parse(job.data), links);
}

export function renderMail(tenant: Tenant, job: TMailJob, links: { portalUrl: string }): RenderedMail {
  return renderWith<z.ZodType>(templates[job.template], tenant, job, links);
}
