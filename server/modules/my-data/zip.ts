// Writes the export as a ZIP stream with fflate: one entry after the other, each produced only when
// the stream reaches it (large files such as PDFs and 15-minute values are loaded then), so memory
// holds one file at a time and a slow client holds back the producer (Readable.from backpressure).
import { Readable } from 'node:stream';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { wallClock } from './time.ts';

export type ExportEntry = {
  /** Path inside the archive, '/'-separated. */
  path: string;
  /** Text is written as UTF-8; bytes as they are. Called once, when the stream reaches the entry. */
  content: () => Promise<string | Uint8Array | null> | string | Uint8Array | null;
  /** PDFs and images are already compressed: stored as they are. */
  store?: boolean;
};

/** The wall-clock time of `timeZone` as a Date in the server's zone (ZIP times have no zone). */
export function zipTime(now: Date, timeZone: string): Date {
  const w = wallClock(now.getTime(), timeZone);
  return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

async function* zipChunks(entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>, mtime: Date): AsyncGenerator<Buffer> {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  const drain = function* (): Generator<Buffer> {
    if (failure) throw failure;
    for (const chunk of chunks.splice(0)) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  };
  for await (const entry of entries) {
    const content = await entry.content();
    if (content === null) continue;
    const file = entry.store ? new ZipPassThrough(entry.path) : new ZipDeflate(entry.path, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    file.push(typeof content === 'string' ? strToU8(content) : content, true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}

/** The archive of `entries` as a stream (entries whose content is null are left out). */
export function zipStream(entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>, mtime: Date): Readable {
  return Readable.from(zipChunks(entries, mtime), { objectMode: false });
}
