// Customer requests ("Meine Anliegen"): list, detail, consumption points and the contact form.
import { z } from 'zod';
import { ZCreatedRequest, ZPremise, ZRequestDetail, ZRequestListItem, type TAttachmentUpload, type TCreatedRequest, type TMessageRequest } from '../../../api/requests.ts';
import { getJson, request } from './api.ts';
import { ME_KEY } from './session.ts';

export const REQUESTS_KEY = [...ME_KEY, 'requests'] as const;
export const PREMISES_KEY = [...ME_KEY, 'premises'] as const;

export function listRequests(signal?: AbortSignal) {
  return getJson('/api/v1/customer/requests', z.array(ZRequestListItem), signal);
}

export function getRequest(id: string, signal?: AbortSignal) {
  return getJson(`/api/v1/customer/requests/${encodeURIComponent(id)}`, ZRequestDetail, signal);
}

export function listPremises(signal?: AbortSignal) {
  return getJson('/api/v1/customer/premises', z.array(ZPremise), signal);
}

export function attachmentUrl(requestId: string, attachmentId: string): string {
  return `/api/v1/customer/requests/${encodeURIComponent(requestId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

export async function sendMessage(body: TMessageRequest): Promise<TCreatedRequest> {
  return (await request('/api/v1/customer/requests/messages', ZCreatedRequest, { method: 'POST', body })).data;
}

/** A file as the JSON body carries it (base64 without the data: prefix). */
export function fileUpload(file: File): Promise<TAttachmentUpload> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve({ fileName: file.name, contentType: file.type, contentBase64: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error('file could not be read'));
    };
    reader.readAsDataURL(file);
  });
}

/** "1,2 MB", "340 KB" */
export function formatFileSize(bytes: number, locale: string): string {
  const format = (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  return bytes >= 1024 * 1024 ? `${format(bytes / 1024 / 1024)} MB` : `${format(Math.max(1, Math.round(bytes / 1024)))} KB`;
}
