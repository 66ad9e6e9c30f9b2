// Worker thread entry: renders batches of PDF jobs and sends the bytes back (transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { preloadPdfFonts } from '../modules/documents/invoice-pdf.ts';
import { renderPdfJob, type PdfJob } from './pdf-jobs.ts';

export type WorkerRequest = { batch: number; jobs: PdfJob[] };
export type WorkerResponse = { batch: number; pdfs: ArrayBuffer[] } | { batch: number; error: string };

const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    void (async () => {
      try {
        const pdfs: ArrayBuffer[] = [];
        for (const job of request.jobs) {
          const pdf = await renderPdfJob(job);
          const copy = new Uint8Array(pdf.length);
          copy.set(pdf);
          pdfs.push(copy.buffer);
        }
        const response: WorkerResponse = { batch: request.batch, pdfs };
        port.postMessage(response, pdfs);
      } catch (error) {
        const response: WorkerResponse = {
          batch: request.batch,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        };
        port.postMessage(response);
      }
    })();
  });
  preloadPdfFonts();
  port.postMessage('ready');
}
