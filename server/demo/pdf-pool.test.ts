import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { letterheadFor, logoFromSvg } from './documents.ts';
import type { PdfJob } from './pdf-jobs.ts';
import { createPdfPool } from './pdf-pool.ts';
import { demoTenantFile } from './seed.ts';

const dir = path.dirname(fileURLToPath(import.meta.url));

function jobs(count: number): PdfJob[] {
  const file = demoTenantFile('musterstadt');
  const letterhead = letterheadFor(file, logoFromSvg(fs.readFileSync(path.join(dir, 'tenants', 'musterstadt.svg'), 'utf8')));
  return Array.from({ length: count }, (_, i) => ({
    kind: 'letter' as const,
    data: {
      letterhead,
      recipient: ['Frau', `Erika Muster ${i}`, 'Lindenstraße 3', '59999 Musterstadt'],
      subject: `Testbrief ${i}`,
      date: '2025-03-01',
      references: [{ label: 'Kundennummer', value: String(41234567 + i) }],
      salutation: 'Sehr geehrte Frau Muster,',
      paragraphs: ['dies ist ein Testbrief.'],
      table: undefined,
      closingParagraphs: [],
      signature: ['Mit freundlichen Grüßen'],
    },
  }));
}

describe('PDF pool', () => {
  it('renders on a worker thread, in job order', async () => {
    const pool = createPdfPool({ threads: 1 });
    try {
      const rendering = pool.submit(jobs(25));
      // Without calling range() the calling thread does not help, so a worker must do the work.
      for (let i = 0; i < 300 && pool.stats().workerBatches < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(pool.stats().workerBatches).toBe(2);
      const pdfs = await rendering.range(0, 25);
      expect(pdfs).toHaveLength(25);
      for (const pdf of pdfs) expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      pdfs.forEach((pdf, i) => expect(pdf.includes(Buffer.from(`(Testbrief ${i})`))).toBe(true)); // document title
    } finally {
      pool.close();
    }
  }, 60_000);

  it('falls back to the calling thread without workers', async () => {
    const pool = createPdfPool({ threads: 0 });
    try {
      const pdfs = await pool.submit(jobs(3)).range(1, 3);
      expect(pdfs).toHaveLength(2);
      expect(pool.stats()).toEqual({ workerBatches: 0, mainBatches: 1, workers: 0 });
    } finally {
      pool.close();
    }
  });
});
