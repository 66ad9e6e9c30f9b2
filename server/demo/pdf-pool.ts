// Renders many PDFs on worker threads while the main thread keeps writing to the database. Workers
// start (and load pdfkit and the fonts) as soon as the pool is created; results arrive in batches,
// in job order, so the caller can store documents while later ones still render. Falls back to the
// main thread when no worker can be started.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderPdfJob, type PdfJob } from './pdf-jobs.ts';
import type { WorkerRequest, WorkerResponse } from './pdf-worker.ts';

const BATCH = 20;
/** Batches handed to a worker ahead of time, so it keeps working while the main thread is busy. */
const IN_FLIGHT = 3;

/** Lets the event loop deliver worker messages (promise chains alone never reach that phase). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

type Batch = {
  id: number;
  jobs: PdfJob[];
  started: boolean;
  settled: boolean;
  promise: Promise<Buffer[]>;
  resolve: (pdfs: Buffer[]) => void;
  reject: (error: Error) => void;
};

function newBatch(id: number, jobs: PdfJob[]): Batch {
  let resolve: (pdfs: Buffer[]) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<Buffer[]>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  const batch: Batch = {
    id,
    jobs,
    started: false,
    settled: false,
    promise,
    resolve: (pdfs) => {
      if (batch.settled) return;
      batch.settled = true;
      resolve(pdfs);
    },
    reject: (error) => {
      if (batch.settled) return;
      batch.settled = true;
      reject(error);
    },
  };
  return batch;
}

/**
 * The worker entry is TypeScript. Node 20 does not apply the parent's tsx loader to a worker's entry
 * module, so the worker starts from a tiny JavaScript module that registers tsx and then imports it.
 */
function workerUrl(): URL {
  const require = createRequire(import.meta.url);
  // The ESM build of tsx's API (package export "tsx/esm/api", condition "import").
  const api = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs');
  if (!fs.existsSync(api)) throw new Error('tsx ESM API not found');
  const entry = new URL('./pdf-worker.ts', import.meta.url).href;
  const bootstrap = [
    `import { register } from ${JSON.stringify(pathToFileURL(api).href)};`,
    'register();',
    `await import(${JSON.stringify(entry)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

export type PdfRendering = {
  /** The PDFs of jobs [start, end) of this submission, in order; resolves once those are rendered. */
  range(start: number, end: number): Promise<Buffer[]>;
};

export type PdfPool = {
  submit(jobs: PdfJob[]): PdfRendering;
  /** Batches rendered so far by workers and by the calling thread. */
  stats(): { workerBatches: number; mainBatches: number; workers: number };
  /** Stops the workers; unfinished batches are rejected. */
  close(): void;
};

/** threads = 0 renders on the main thread. The output depends only on the job data. */
export function createPdfPool(options: { threads?: number } = {}): PdfPool {
  const queue: Batch[] = [];
  const byId = new Map<number, Batch>();
  let nextId = 0;
  let closed = false;
  let workerBatches = 0;
  let mainBatches = 0;
  let inlineRunning = false;
  type Slot = { worker: Worker; ready: boolean; inFlight: Batch[]; alive: boolean };
  const slots: Slot[] = [];

  const renderHere = async (batch: Batch): Promise<void> => {
    batch.started = true;
    try {
      const pdfs: Buffer[] = [];
      for (const job of batch.jobs) pdfs.push(await renderPdfJob(job));
      byId.delete(batch.id);
      mainBatches++;
      batch.resolve(pdfs);
    } catch (error) {
      batch.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const renderInline = async (): Promise<void> => {
    if (inlineRunning) return;
    inlineRunning = true;
    try {
      for (let batch = queue.shift(); batch && !closed; batch = queue.shift()) await renderHere(batch);
    } finally {
      inlineRunning = false;
    }
  };

  const dispatch = (): void => {
    if (closed) return;
    if (!slots.some((s) => s.alive)) {
      void renderInline();
      return;
    }
    for (const slot of slots) {
      if (!slot.alive || !slot.ready) continue;
      while (slot.inFlight.length < IN_FLIGHT) {
        const batch = queue.shift();
        if (!batch) return;
        slot.inFlight.push(batch);
        batch.started = true;
        const request: WorkerRequest = { batch: batch.id, jobs: batch.jobs };
        slot.worker.ref();
        slot.worker.postMessage(request);
      }
    }
  };

  // The main thread renders too while it waits for results, so one core is left for it.
  const threads = options.threads ?? Math.max(1, Math.min(4, os.availableParallelism() - 1));
  for (let i = 0; i < threads; i++) {
    let worker: Worker;
    try {
      // A larger young generation: rendering allocates many short-lived objects.
      worker = new Worker(workerUrl(), { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 192 } });
    } catch {
      break;
    }
    const slot: Slot = { worker, ready: false, inFlight: [], alive: true };
    slots.push(slot);
    const fail = (): void => {
      if (!slot.alive) return;
      slot.alive = false;
      // The batches this worker had go back to the front of the queue.
      for (const batch of slot.inFlight.reverse()) {
        if (batch.settled) continue;
        batch.started = false;
        queue.unshift(batch);
      }
      slot.inFlight = [];
      void worker.terminate();
      dispatch();
    };
    worker.on('message', (response: WorkerResponse | 'ready') => {
      if (response === 'ready') {
        slot.ready = true;
        dispatch();
        return;
      }
      const batch = byId.get(response.batch);
      if (!batch || 'error' in response) {
        fail();
        return;
      }
      byId.delete(response.batch);
      workerBatches++;
      batch.resolve(response.pdfs.map((pdf) => Buffer.from(pdf)));
      slot.inFlight = slot.inFlight.filter((b) => b !== batch);
      dispatch();
      if (slot.inFlight.length === 0) worker.unref();
    });
    worker.on('error', fail);
    worker.on('exit', fail);
    // Idle workers must not keep the process alive; a busy one is referenced (see dispatch).
    worker.unref();
  }

  return {
    submit(jobs) {
      const batches: Batch[] = [];
      for (let start = 0; start < jobs.length; start += BATCH) {
        const batch = newBatch(nextId++, jobs.slice(start, start + BATCH));
        byId.set(batch.id, batch);
        batches.push(batch);
        queue.push(batch);
      }
      dispatch();
      return {
        async range(start, end) {
          const parts: Buffer[] = [];
          for (let b = Math.floor(start / BATCH); b * BATCH < end && b < batches.length; b++) {
            const batch = batches[b];
            if (!batch) break;
            // Instead of waiting idle: render this batch here if no worker has it yet, otherwise help
            // with the last queued batch (workers take batches from the front).
            while (!batch.settled && !closed) {
              if (!batch.started) {
                const at = queue.indexOf(batch);
                if (at >= 0) queue.splice(at, 1);
                await renderHere(batch);
                break;
              }
              const spare = queue.pop();
              if (!spare) break;
              await renderHere(spare);
              await yieldToEventLoop();
            }
            const pdfs = await batch.promise;
            pdfs.forEach((pdf, i) => {
              const index = b * BATCH + i;
              if (index >= start && index < end) parts.push(pdf);
            });
          }
          return parts;
        },
      };
    },
    stats() {
      return { workerBatches, mainBatches, workers: slots.filter((s) => s.alive).length };
    },
    close() {
      closed = true;
      for (const slot of slots) {
        slot.alive = false;
        void slot.worker.terminate();
      }
      for (const batch of byId.values()) batch.reject(new Error('PDF pool closed'));
      byId.clear();
      queue.length = 0;
    },
  };
}
