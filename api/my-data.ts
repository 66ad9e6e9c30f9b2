// "Meine Daten": the download of everything stored about the login and its linked customer accounts
// (GDPR Art. 15 and 20). Shared by the server (OpenAPI) and the web app.
import { z } from 'zod';

/** At most one export per login in this many seconds (429 rate_limited with Retry-After otherwise). */
export const EXPORT_INTERVAL_SECONDS = 60;

export const ZPersonalDataSummary = z.object({
  /** When this login last downloaded its data (ISO 8601), null when never. */
  lastExportAt: z.string().nullable(),
  /** The customer numbers whose data the download contains (every account linked to the login). */
  customerNumbers: z.array(z.string()),
});
export type TPersonalDataSummary = z.infer<typeof ZPersonalDataSummary>;

/** The name of the downloaded file: kundenportal-daten-2026-05-04.zip (the utility's local date). */
export function exportFileName(localDate: string): string {
  return `kundenportal-daten-${localDate}.zip`;
}
