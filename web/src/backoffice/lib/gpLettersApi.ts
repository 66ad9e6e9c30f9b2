// GP-Nr requests and letters in the back office (grid operators): the list, printing a batch of
// letters (a PDF for window envelopes) and downloading a printed batch again.
import i18next from 'i18next';
import { z } from 'zod';
import { ZGpRequestItem, type TGpRequestItem } from '../../../../api/gp-letters.ts';
import { problemOf } from '../../lib/api.ts';
import { get } from './api.ts';

export function gpRequests(status: 'open' | 'letter_sent', signal?: AbortSignal): Promise<TGpRequestItem[]> {
  return get(`/gp-requests?status=${status}`, z.array(ZGpRequestItem), signal);
}

export type PrintedBatch = { pdf: Blob; fileName: string; letters: number; unmatched: number; remaining: number };

/** Prints the open requests; the answer is the PDF with the counts in headers. Errors are ApiErrors. */
export async function printGpLetters(): Promise<PrintedBatch> {
  const response = await fetch('/api/v1/backoffice/gp-letters', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/pdf', 'accept-language': i18next.resolvedLanguage === 'en' ? 'en' : 'de' } });
  if (!response.ok) throw await problemOf(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  return {
    pdf: await response.blob(),
    fileName: fileName ? decodeURIComponent(fileName) : 'gp-nr-schreiben.pdf',
    letters: Number(response.headers.get('x-letters') ?? '0'),
    unmatched: Number(response.headers.get('x-unmatched') ?? '0'),
    remaining: Number(response.headers.get('x-remaining') ?? '0'),
  };
}

export function gpBatchUrl(batchId: string): string {
  return `/api/v1/backoffice/gp-letters/${encodeURIComponent(batchId)}`;
}
