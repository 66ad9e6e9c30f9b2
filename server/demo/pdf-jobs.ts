// A PDF to render: plain data, so that it can be posted to a worker thread.
import {
  renderInvoicePdf,
  renderLetterPdf,
  type InvoicePdfData,
  type LetterPdfData,
} from '../modules/documents/invoice-pdf.ts';

export type PdfJob = { kind: 'invoice'; data: InvoicePdfData } | { kind: 'letter'; data: LetterPdfData };

export function renderPdfJob(job: PdfJob): Promise<Buffer> {
  return job.kind === 'invoice' ? renderInvoicePdf(job.data) : renderLetterPdf(job.data);
}
