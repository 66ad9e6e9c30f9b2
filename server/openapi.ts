// The OpenAPI document as the app generates it (committed as docs/api/openapi.json).
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { Database } from './db/database.ts';

export async function openApiDocument(database: Database): Promise<unknown> {
  // Generated with demo and dev routes off: the committed spec documents the production API.
  const config = loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://localhost:25', BASE_DOMAIN: 'portal.example', LOG_LEVEL: 'silent', SECRETS_KEY: Buffer.alloc(32).toString('base64') });
  const app = await buildApp({ config, database, caches: false });
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}
