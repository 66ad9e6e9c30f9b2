// Serves the built React app: hashed assets from dist/web, index.html for every other page of a
// tenant host (and of the root host in demo mode, where the SPA shows the tenant chooser).
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../modules/mail/mail.layout.ts';

export function unknownHostPage(host: string): string {
  return (
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>Kein Kundenportal unter dieser Adresse</title></head><body><main>` +
    `<h1>Kein Kundenportal unter dieser Adresse</h1>` +
    `<p>Unter <strong>${escapeHtml(host)}</strong> ist kein Kundenportal eingerichtet. Bitte prüfen Sie die Adresse ` +
    `oder nutzen Sie den Link auf der Website Ihrer Stadtwerke.</p>` +
    `<p lang="en">There is no customer portal at this address. Please check the address or use the link on your utility's website.</p>` +
    `</main></body></html>`
  );
}

const notBuiltPage =
  '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Kundenportal</title></head><body><main>' +
  '<h1>Die Weboberfläche ist noch nicht gebaut</h1><p>Bitte <code>npm run build</code> ausführen ' +
  '(<code>npm start</code> erledigt das automatisch).</p></main></body></html>';

export function registerSpa(app: FastifyInstance, webRoot: string): (request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  const indexFile = path.join(webRoot, 'index.html');
  const built = fs.existsSync(indexFile);
  const indexHtml = built ? fs.readFileSync(indexFile, 'utf8') : null;
  if (built) {
    // Hashed file names: cache forever. Only assets; index.html is served below, per host.
    app.register(fastifyStatic, {
      root: path.join(webRoot, 'assets'),
      prefix: '/assets/',
      index: false,
      wildcard: false,
      immutable: true,
      maxAge: 365 * 24 * 3600 * 1000,
    });
    for (const file of fs.readdirSync(webRoot)) {
      const full = path.join(webRoot, file);
      if (file === 'index.html' || !fs.statSync(full).isFile()) continue;
      const body = fs.readFileSync(full);
      app.get(`/${file}`, { schema: { hide: true } }, async (_request, reply) =>
        reply.type(file.endsWith('.svg') ? 'image/svg+xml' : 'application/octet-stream').header('Cache-Control', 'public, max-age=3600').send(body),
      );
    }
  }
  return (request, reply) => {
    if (!indexHtml) return reply.code(503).type('text/html; charset=utf-8').send(notBuiltPage);
    return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
  };
}
