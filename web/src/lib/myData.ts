// "Meine Daten": the last export and the download of the ZIP. The download is a POST (it is audited
// and mailed, so no link another site could make the browser follow); the answer becomes a file
// through an object URL, so a step-up request can be answered first like any other API call.
import i18next from 'i18next';
import { ZPersonalDataSummary } from '../../../api/my-data.ts';
import { getJson, NetworkError, problemOf } from './api.ts';

export const MY_DATA_KEY = ['personal-data'] as const;

export function getPersonalDataSummary(signal?: AbortSignal) {
  return getJson('/api/v1/me/personal-data', ZPersonalDataSummary, signal);
}

/** The file name from Content-Disposition (filename* first), or a fallback. */
export function fileNameOf(header: string | null): string {
  const extended = header ? /filename\*=UTF-8''([^;]+)/i.exec(header) : null;
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = header ? /filename="([^"]+)"/i.exec(header) : null;
  return plain?.[1] ?? 'kundenportal-daten.zip';
}

/** Saves `blob` as a download named `fileName`. */
function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file over by then; the memory can go.
  window.setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}

/** Asks the server for the ZIP and saves it; returns the file name. Throws ApiError (e.g. step_up_required). */
export async function downloadPersonalData(): Promise<{ fileName: string }> {
  let response: Response;
  try {
    response = await fetch('/api/v1/me/personal-data/export', {
      method: 'POST',
      headers: { accept: 'application/zip, application/problem+json', 'accept-language': i18next.resolvedLanguage === 'en' ? 'en' : 'de' },
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new NetworkError('POST /api/v1/me/personal-data/export failed', { cause: error });
  }
  if (!response.ok) throw await problemOf(response);
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch (error) {
    throw new NetworkError('the download broke off', { cause: error });
  }
  const fileName = fileNameOf(response.headers.get('content-disposition'));
  save(blob, fileName);
  return { fileName };
}
