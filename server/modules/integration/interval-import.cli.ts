// `npm run cli -- import --tenant <slug> --type intervals [--format csv|json|mscons] <file>`
// (ADR 0022, docs/OPERATIONS.md "Importing"): streams the file into importIntervalData with a
// progress bar on stderr when it is a terminal (plain lines otherwise) and prints a summary with
// the positioned errors. Returns the exit code: 0 imported, 1 errors (nothing written).
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { detectFormat, importIntervalData, type IntervalFormat, type IntervalImportProgress } from './interval-import.service.ts';
import { positionText } from './interval-values.ts';

export type CliOutput = { out: (line: string) => void; err: NodeJS.WritableStream & { isTTY?: boolean } };

const FORMATS: readonly IntervalFormat[] = ['csv', 'json', 'mscons'];

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

export async function importIntervalsFile(database: Database, tenant: Tenant, file: string, format: string | undefined, io: CliOutput): Promise<number> {
  const resolved = path.resolve(file);
  let size: number;
  try {
    size = fs.statSync(resolved).size;
  } catch {
    io.out(`File not found: ${file}`);
    return 1;
  }
  let chosen: IntervalFormat | null;
  if (format !== undefined) {
    chosen = FORMATS.includes(format as IntervalFormat) ? (format as IntervalFormat) : null;
    if (!chosen) {
      io.out(`Unknown format "${format}" (csv, json or mscons).`);
      return 1;
    }
  } else {
    const handle = fs.openSync(resolved, 'r');
    const head = Buffer.alloc(512);
    const read = fs.readSync(handle, head, 0, head.length, 0);
    fs.closeSync(handle);
    chosen = detectFormat(resolved, head.subarray(0, read).toString('utf8'));
    if (!chosen) {
      io.out(`Cannot tell the format of ${file}: pass --format csv, json or mscons.`);
      return 1;
    }
  }
  const tty = io.err.isTTY === true;
  let lastDraw = 0;
  let lastLine = performance.now();
  const onProgress = (p: IntervalImportProgress) => {
    const now = performance.now();
    if (tty) {
      if (now - lastDraw < 100) return;
      lastDraw = now;
      const share = size > 0 ? Math.min(1, p.bytes / size) : 1;
      const width = 30;
      const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
      io.err.write(
        `\r[${bar}] ${(share * 100).toFixed(0).padStart(3)}%  ${p.values.toLocaleString('en')} values  ${megabytes(p.bytes)}/${megabytes(size)} MB` +
          (p.errors > 0 ? `  ${p.errors.toLocaleString('en')} errors` : '') +
          '   ',
      );
    } else if (now - lastLine >= 5000) {
      lastLine = now;
      io.err.write(`progress: ${p.values.toLocaleString('en')} values, ${megabytes(p.bytes)} of ${megabytes(size)} MB, ${String(p.errors)} errors\n`);
    }
  };
  const result = await importIntervalData(
    database,
    tenant.id,
    { format: chosen, input: fs.createReadStream(resolved, { highWaterMark: 256 * 1024 }), source: 'cli', fileName: path.basename(resolved), actor: 'cli' },
    onProgress,
  );
  if (tty) io.err.write('\n');
  const seconds = (result.durationMs / 1000).toFixed(1);
  if (result.status === 'succeeded') {
    io.out(
      `Imported ${path.basename(resolved)} (${chosen}) into ${tenant.slug}: ${result.series.toLocaleString('en')} series, ` +
        `${result.days.toLocaleString('en')} days, ${result.values.toLocaleString('en')} values in ${seconds} s (run ${result.runId}).`,
    );
    return 0;
  }
  io.out(
    `Import of ${path.basename(resolved)} (${chosen}) failed after ${seconds} s: ${result.errorCount.toLocaleString('en')} error(s), nothing was written ` +
      `(run ${result.runId}; ${result.records.toLocaleString('en')} records read).`,
  );
  for (const error of result.errors) io.out(`  ${positionText(error) || 'file'}: ${error.message.de} / ${error.message.en}`);
  if (result.errorCount > result.errors.length) io.out(`  ... and ${(result.errorCount - result.errors.length).toLocaleString('en')} more`);
  return 1;
}
