// Public tenant configuration for the SPA: branding, number formats, legal texts, logo.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZLegalPage, ZLegalPageKind, ZLocale, ZPublicTenant, type TPublicTenant } from '../../../api/tenant.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { ZProblem } from '../../http/problem.ts';
import { findTenantLogo } from './tenants.repository.ts';
import { localized, toPublicTenant, type Tenant } from './tenants.service.ts';

export function registerTenantRoutes(appBase: FastifyInstance, database: Database, demo: boolean): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  // The resolver hands out the same Tenant object until its cache entry expires, so the public JSON
  // is validated and serialised once per tenant and cache period, not per request.
  const publicJson = new WeakMap<Tenant, string>();
  const serialisedPublicTenant = (tenant: Tenant): string => {
    let json = publicJson.get(tenant);
    if (!json) {
      json = JSON.stringify(ZPublicTenant.parse(toPublicTenant(tenant, demo)));
      publicJson.set(tenant, json);
    }
    return json;
  };

  app.get(
    '/api/v1/tenant',
    {
      schema: {
        tags: ['tenant'],
        summary: "The utility's public configuration (branding, number formats, enabled features)",
        response: { 200: ZPublicTenant, 404: ZProblem },
      },
    },
    async (request, reply) => {
      const tenant = requireTenant(request);
      return reply
        .header('Cache-Control', 'no-cache')
        .type('application/json; charset=utf-8')
        // A JSON string is sent as it is; the schema above still documents (and the parse checks) it.
        .send(serialisedPublicTenant(tenant) as unknown as TPublicTenant);
    },
  );

  app.get(
    '/api/v1/tenant/legal/:kind',
    {
      schema: {
        tags: ['tenant'],
        summary: 'Imprint, privacy policy or accessibility statement',
        params: z.object({ kind: ZLegalPageKind }),
        querystring: z.object({ locale: ZLocale.default('de') }),
        response: { 200: ZLegalPage, 404: ZProblem },
      },
    },
    async (request, reply) => {
      const tenant = requireTenant(request);
      const { kind } = request.params;
      const { locale } = request.query;
      return reply
        .header('Cache-Control', 'no-cache')
        .send({ kind, locale, text: localized(tenant.config.legal[kind], locale) });
    },
  );

  // Browsers ask for /favicon.ico on every host: the tenant's logo, or nothing.
  app.get('/favicon.ico', { schema: { hide: true } }, async (request, reply) => {
    if (!request.tenant?.hasLogo) return reply.code(204).header('Cache-Control', 'public, max-age=3600').send();
    return reply.redirect(`/api/v1/tenant/logo?v=${request.tenant.updatedAt.getTime()}`, 302);
  });

  app.get(
    '/api/v1/tenant/logo',
    {
      schema: {
        tags: ['tenant'],
        summary: "The utility's logo (SVG or PNG)",
        querystring: z.object({ v: z.string().max(20).optional() }),
      },
    },
    async (request, reply) => {
      const tenant = requireTenant(request);
      const logo = await findTenantLogo(database.db, tenant.id);
      if (!logo) throw new AppError('not_found');
      // An SVG must never run script, even when opened directly.
      return reply
        .type(logo.logoType)
        .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .header('Cache-Control', request.query.v ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
        .send(logo.logo);
    },
  );
}
