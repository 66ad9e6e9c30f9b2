// One error type with a closed set of codes; this table is the only place that maps them to HTTP.
// Responses are problem+json (RFC 9457) with a request id and never a stack trace.
export const errorCodes = {
  bad_request: { status: 400, title: { de: 'Die Anfrage ist ungültig.', en: 'The request is invalid.' } },
  validation_failed: {
    status: 400,
    title: { de: 'Bitte prüfen Sie Ihre Eingaben.', en: 'Please check your input.' },
  },
  unauthenticated: { status: 401, title: { de: 'Bitte melden Sie sich an.', en: 'Please sign in.' } },
  invalid_credentials: {
    status: 401,
    title: {
      de: 'E-Mail-Adresse, Kundennummer oder Passwort sind nicht richtig.',
      en: 'The e-mail address, customer number or password is not correct.',
    },
  },
  session_expired: {
    status: 401,
    title: {
      de: 'Sie wurden wegen Inaktivität abgemeldet. Bitte melden Sie sich erneut an.',
      en: 'You were signed out after a period of inactivity. Please sign in again.',
    },
  },
  second_factor_invalid: {
    status: 401,
    title: {
      de: 'Der Code ist nicht richtig oder schon verwendet. Bitte geben Sie den aktuellen Code ein.',
      en: 'The code is not correct or has been used already. Please enter the current code.',
    },
  },
  passkey_failed: {
    status: 401,
    title: {
      de: 'Die Anmeldung mit dem Passkey hat nicht geklappt. Bitte versuchen Sie es erneut oder melden Sie sich mit Passwort an.',
      en: 'Signing in with the passkey did not work. Please try again or sign in with your password.',
    },
  },
  invalid_token: {
    status: 401,
    title: {
      de: 'Das Zugriffstoken fehlt, ist ungültig oder abgelaufen.',
      en: 'The access token is missing, invalid or expired.',
    },
  },
  insufficient_scope: {
    status: 403,
    title: {
      de: 'Das Zugriffstoken hat nicht die nötige Berechtigung (Scope).',
      en: 'The access token does not have the required scope.',
    },
  },
  idempotency_key_reused: {
    status: 422,
    title: {
      de: 'Dieser Idempotency-Key wurde schon für eine andere Anfrage verwendet.',
      en: 'This Idempotency-Key was already used for a different request.',
    },
  },
  records_invalid: {
    status: 422,
    title: {
      de: 'Einige Datensätze sind fehlerhaft; es wurde nichts gespeichert.',
      en: 'Some records are invalid; nothing was saved.',
    },
  },
  account_not_selected: {
    status: 409,
    title: {
      de: 'Bitte wählen Sie zuerst das Kundenkonto, in dem Sie arbeiten möchten.',
      en: 'Please choose the customer account you want to work in first.',
    },
  },
  forbidden: { status: 403, title: { de: 'Dafür fehlt Ihnen die Berechtigung.', en: 'You are not allowed to do this.' } },
  activation_pending: {
    status: 403,
    title: {
      de: 'Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse. Wir haben Ihnen den Aktivierungslink erneut geschickt.',
      en: 'Please confirm your e-mail address first. We have sent you the activation link again.',
    },
  },
  login_locked: {
    status: 403,
    title: {
      de: 'Ihr Zugang ist gesperrt. Bitte wenden Sie sich an unseren Kundenservice.',
      en: 'Your access is locked. Please contact our customer service.',
    },
  },
  step_up_required: {
    status: 403,
    title: { de: 'Bitte bestätigen Sie diese Änderung mit Ihrem Passwort.', en: 'Please confirm this change with your password.' },
  },
  csrf_rejected: {
    status: 403,
    title: { de: 'Die Anfrage kam nicht von dieser Seite.', en: 'The request did not come from this site.' },
  },
  not_found: { status: 404, title: { de: 'Nicht gefunden.', en: 'Not found.' } },
  module_disabled: {
    status: 404,
    title: { de: 'Diesen Bereich bietet Ihr Versorger im Kundenportal nicht an.', en: 'Your utility does not offer this section in the customer portal.' },
  },
  tenant_not_found: {
    status: 404,
    title: { de: 'Unter dieser Adresse gibt es kein Kundenportal.', en: 'There is no customer portal at this address.' },
  },
  gp_requests_none_pending: {
    status: 409,
    title: {
      de: 'Es liegen keine offenen Anfragen nach der Geschäftspartnernummer vor.',
      en: 'There are no open requests for a business partner number.',
    },
  },
  gp_letters_none_printable: {
    status: 422,
    title: {
      de: 'Keine der offenen Anfragen passt eindeutig zu einem Kunden. Bitte prüfen Sie die Anfragen in der Liste.',
      en: 'None of the open requests matches a customer unambiguously. Please check the requests in the list.',
    },
  },
  method_not_allowed: { status: 405, title: { de: 'Methode nicht erlaubt.', en: 'Method not allowed.' } },
  conflict: { status: 409, title: { de: 'Das wurde bereits geändert.', en: 'This was changed in the meantime.' } },
  payload_too_large: {
    status: 413,
    title: { de: 'Die Anfrage ist zu groß.', en: 'The request is too large.' },
  },
  unsupported_media_type: {
    status: 415,
    title: { de: 'Dieses Format wird nicht unterstützt.', en: 'This format is not supported.' },
  },
  token_invalid: {
    status: 410,
    title: {
      de: 'Dieser Link ist ungültig, wurde bereits verwendet oder ist abgelaufen.',
      en: 'This link is invalid, has already been used or has expired.',
    },
  },
  proof_mismatch: {
    status: 422,
    title: {
      de: 'Kundennummer und Zählernummer passen nicht zusammen.',
      en: 'The customer number and meter number do not match.',
    },
  },
  unprocessable: {
    status: 422,
    title: { de: 'Die Anfrage kann so nicht verarbeitet werden.', en: 'The request cannot be processed.' },
  },
  rate_limited: {
    status: 429,
    title: { de: 'Zu viele Versuche. Bitte warten Sie kurz.', en: 'Too many attempts. Please wait a moment.' },
  },
  internal: {
    status: 500,
    title: {
      de: 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.',
      en: 'An internal error occurred. Please try again later.',
    },
  },
  unavailable: {
    status: 503,
    title: { de: 'Der Dienst ist gerade nicht verfügbar.', en: 'The service is unavailable right now.' },
  },
} as const satisfies Record<string, { status: number; title: { de: string; en: string } }>;

export type ErrorCode = keyof typeof errorCodes;

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldError[];
  /** Shown to the client; never put internals here. */
  readonly detail: string | undefined;
  /** For rate_limited: seconds until the next attempt is allowed (Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    options: { detail?: string; fields?: FieldError[]; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(options.detail ?? errorCodes[code].title.en, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.fields = options.fields ?? [];
    this.detail = options.detail;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
