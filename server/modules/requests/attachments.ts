// Checking an uploaded file: base64 that decodes, at most 5 MB, and really a PDF, JPEG or PNG by its
// first bytes (the declared type and the file name are not trusted).
import { ATTACHMENT_MAX_BYTES, type TAttachmentType, type TAttachmentUpload } from '../../../api/requests.ts';
import type { TLocale } from '../../../api/tenant.ts';

export type CheckedAttachment = { fileName: string; contentType: TAttachmentType; content: Buffer };

const signatures: ReadonlyArray<{ type: TAttachmentType; bytes: readonly number[] }> = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The type a file's first bytes show, or null when it is none of the accepted ones. */
export function sniffType(content: Buffer): TAttachmentType | null {
  return signatures.find((s) => s.bytes.every((byte, index) => content[index] === byte))?.type ?? null;
}

const maxMegabytes = ATTACHMENT_MAX_BYTES / 1024 / 1024;

export const attachmentMessages = {
  tooLarge: {
    de: `Der Anhang ist zu groß. Erlaubt sind Dateien bis ${String(maxMegabytes)} MB.`,
    en: `The attachment is too large. Files up to ${String(maxMegabytes)} MB are allowed.`,
  },
  wrongType: {
    de: 'Dieses Dateiformat können wir nicht annehmen. Bitte senden Sie ein PDF, JPEG oder PNG.',
    en: 'We cannot accept this file format. Please send a PDF, JPEG or PNG.',
  },
  empty: { de: 'Die Datei ist leer.', en: 'The file is empty.' },
} as const;

/** A file name safe to store and to send back: no folders, no control characters. */
export function cleanFileName(name: string, type: TAttachmentType): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  if (cleaned !== '') return cleaned;
  return { 'application/pdf': 'anhang.pdf', 'image/jpeg': 'anhang.jpg', 'image/png': 'anhang.png' }[type];
}

/** Checks an upload; returns the file or a translated message for the field `attachment`. */
export function checkAttachment(upload: TAttachmentUpload, locale: TLocale): { ok: true; file: CheckedAttachment } | { ok: false; message: string } {
  const encoded = upload.contentBase64.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return { ok: false, message: attachmentMessages.wrongType[locale] };
  const content = Buffer.from(encoded, 'base64');
  if (content.length === 0) return { ok: false, message: attachmentMessages.empty[locale] };
  if (content.length > ATTACHMENT_MAX_BYTES) return { ok: false, message: attachmentMessages.tooLarge[locale] };
  const type = sniffType(content);
  const declared = upload.contentType.toLowerCase() === 'image/jpg' ? 'image/jpeg' : upload.contentType.toLowerCase();
  // Browsers leave the type empty when they do not know it; otherwise it must match the content.
  if (!type || (declared !== '' && declared !== type)) return { ok: false, message: attachmentMessages.wrongType[locale] };
  return { ok: true, file: { fileName: cleanFileName(upload.fileName, type), contentType: type, content } };
}

/** Content-Disposition for a download: ASCII fallback plus the UTF-8 name (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
