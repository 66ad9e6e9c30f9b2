// The command line as an operator uses it: tenants from JSON files, clear errors, the data-folder lock.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/db.ts';
import { tenantFile } from '../test/factories.ts';
import type { Database } from './db/database.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
// Each call starts a process that opens (and at first migrates) the database: seconds each on a
// busy machine, so these tests get more time than the default.
const CLI_TIMEOUT_MS = 120_000;

let dir: string;
let database: (Database & { url?: string }) | null = null;
let env: Record<string, string>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-cli-'));
  env = { ...(process.env as Record<string, string>), DEMO: 'false', LOG_LEVEL: 'silent', DATA_DIR: path.join(dir, 'data') };
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase();
    env.DATABASE_URL = database.url ?? '';
  }
});
afterAll(async () => {
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ['server/main.ts', ...args], { cwd: root, env });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('cli tenants', () => {
  it('creates, lists and updates a tenant from a JSON file, with a logo', async () => {
    const file = tenantFile({ displayName: 'Stadtwerke Kommandozeile', domains: ['kundenportal.cli-test.example'] });
    fs.writeFileSync(path.join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    fs.writeFileSync(path.join(dir, 'tenant.json'), JSON.stringify({ ...file, logo: 'logo.svg' }));

    expect(await cli('tenants', 'create', path.join(dir, 'tenant.json'))).toMatchObject({ code: 0, out: expect.stringContaining(`Tenant ${file.slug} created.`) });
    const again = await cli('tenants', 'create', path.join(dir, 'tenant.json'));
    expect(again.code).toBe(1);
    expect(again.out).toContain('exists already');

    const list = await cli('tenants', 'list');
    expect(list.out).toMatch(new RegExp(`${file.slug}\\s+Stadtwerke Kommandozeile\\s+DE kundenportal.cli-test.example`));

    fs.writeFileSync(path.join(dir, 'tenant.json'), JSON.stringify({ ...file, config: { ...file.config, displayName: 'Stadtwerke Neu' } }));
    expect((await cli('tenants', 'update', path.join(dir, 'tenant.json'))).code).toBe(0);
    expect((await cli('tenants', 'list')).out).toContain('Stadtwerke Neu');
  }, CLI_TIMEOUT_MS);

  it('names the wrong fields of an invalid file', async () => {
    const file = tenantFile();
    fs.writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify({ ...file, config: { ...file.config, country: 'CH', customerNumber: { ...file.config.customerNumber, example: '123' } } }),
    );
    const result = await cli('tenants', 'create', path.join(dir, 'bad.json'));
    expect(result.code).toBe(1);
    expect(result.out).toContain('config.country');
  });

  it('explains configuration errors instead of printing a stack', async () => {
    const result = await run(tsx, ['server/main.ts', 'migrate'], { cwd: root, env: { ...env, PORT: 'abc' } }).catch((e: unknown) => e as { code: number; stderr: string });
    expect('code' in result && result.code).toBe(1);
    expect('stderr' in result && result.stderr).toContain('Invalid configuration');
    expect('stderr' in result && result.stderr).not.toContain('    at ');
  });
});
