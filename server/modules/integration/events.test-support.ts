// Test support for the export feed and webhooks: the app with integration clients signed in through
// the OAuth2 token endpoint, a recording HTTP receiver, and a worker for the outbox jobs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { TIntegrationScope } from '../../../api/integration.ts';
import { buildTestApp, hostOf, silentLogger, TEST_SECRETS_KEY, testConfig } from '../../../test/factories.ts';
import type { Clock } from '../../clock.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { createMailHandler, MAIL_TOPIC } from '../mail/mail.ts';
import type { OutboxJob } from '../outbox/outbox.repository.ts';
import { OutboxWorker } from '../outbox/outbox.worker.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { createClient } from './clients.service.ts';
import { createWebhookHandler, WEBHOOK_TOPIC, type WebhookDeps } from './webhooks.service.ts';

export const webhookDeps: WebhookDeps = { secretsKey: Buffer.from(TEST_SECRETS_KEY, 'base64'), production: false };

/** The app as served (the feed and webhook routes with the OAuth2 bearer-token check). */
export async function buildIntegrationTestApp(database: Database, clock: Clock): Promise<FastifyInstance> {
  return buildTestApp(database, { extra: { clock } });
}

/** An integration client of `tenant` with these scopes, signed in with client credentials: its bearer token and client id. */
export async function clientToken(app: FastifyInstance, database: Database, tenant: Tenant, scopes: TIntegrationScope[]): Promise<{ token: string; clientId: string }> {
  const created = await withTenant(database, tenant.id, (trx) => createClient(trx, tenant.id, { name: 'Abrechnung', scopes, createdBy: 'test' }));
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/integration/oauth/token',
    headers: { host: hostOf(tenant), 'content-type': 'application/json' },
    payload: JSON.stringify({ grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret }),
  });
  if (res.statusCode !== 200) throw new Error(`token: ${res.body}`);
  return { token: res.json<{ access_token: string }>().access_token, clientId: created.id };
}

/** Runs the due outbox jobs (webhooks and mails); answers how many webhook jobs ran. */
export async function deliverWebhooks(database: Database, options: { timeoutMs?: number } = {}): Promise<number> {
  const webhook = createWebhookHandler(database, { ...webhookDeps, ...options });
  let webhookJobs = 0;
  const handlers = {
    [MAIL_TOPIC]: createMailHandler(testConfig(), database),
    [WEBHOOK_TOPIC]: (job: OutboxJob) => {
      webhookJobs += 1;
      return webhook(job);
    },
  };
  const worker = new OutboxWorker(database, handlers, silentLogger);
  while ((await worker.runOnce()) > 0) {
    // drain
  }
  return webhookJobs;
}

export type Received = { headers: http.IncomingHttpHeaders; body: string; path: string };

/** A local receiver: records every request and answers with the next queued status (default 200). */
export async function startReceiver(): Promise<{ url: string; received: Received[]; answers: number[]; close: () => Promise<void>; hang: { on: boolean } }> {
  const received: Received[] = [];
  const answers: number[] = [];
  const hang = { on: false };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), path: request.url ?? '' });
      if (hang.on) return;
      const status = answers.shift() ?? 200;
      if (status >= 300 && status < 400) response.setHeader('location', '/redirected');
      response.statusCode = status;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/hooks`,
    received,
    answers,
    hang,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
