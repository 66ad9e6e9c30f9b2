// "Everything under /api/v1 in the OpenAPI spec" (issue 5): every route the app serves under /api/v1
// is documented with its method, and the document names no route the app does not serve.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase } from '../test/db.ts';
import { buildTestApp } from '../test/factories.ts';
import type { Database } from './db/database.ts';

let database: Database;
let app: FastifyInstance;
beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

/** "METHOD /path/{param}" of every route, read from Fastify's route tree. */
function servedRoutes(): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) out.push(`${method} ${path}`);
  }
  return out;
}

it('documents every route under /api/v1, and only those', async () => {
  const spec = (await app.inject({ url: '/api/openapi.json', headers: { host: 'localhost:3000' } })).json<{ paths: Record<string, Record<string, unknown>> }>();
  const documented = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
  const served = servedRoutes().filter((r) => r.split(' ')[1]?.startsWith('/api/v1/'));
  expect(served.length).toBeGreaterThan(100);
  // The bulk upserts take POST as well as PUT; the document says so in the PUT operation.
  const aliases = served.filter((r) => r.startsWith('POST /api/v1/integration/') && documented.includes(r.replace('POST', 'PUT')));
  expect(served.filter((r) => !documented.includes(r) && !aliases.includes(r))).toEqual([]);
  expect(documented.filter((r) => r.split(' ')[1]?.startsWith('/api/v1/') && !served.includes(r))).toEqual([]);
});
