// Resolves the tenant of every request from its Host header. Routes that need a tenant call
// requireTenant(); an unknown host never falls back to another tenant.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Tenant, TenantResolver } from '../modules/tenants/tenants.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null;
    /** true for bare localhost / the base domain itself (the tenant chooser in demo mode). */
    isRootHost: boolean;
  }
}

const hostIndependent = ['/healthz', '/readyz', '/metrics'];

export function registerTenantContext(app: FastifyInstance, resolver: TenantResolver): void {
  app.decorateRequest('tenant', null);
  app.decorateRequest('isRootHost', false);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?', 1)[0] ?? '';
    if (hostIndependent.includes(path)) return;
    const host = request.headers.host;
    request.isRootHost = resolver.classify(host).kind === 'root';
    request.tenant = request.isRootHost ? null : await resolver.resolve(host);
    if (request.tenant) request.log = request.log.child({ tenant: request.tenant.slug });
  });
}

export function requireTenant(request: FastifyRequest): Tenant {
  if (!request.tenant) throw new AppError('tenant_not_found');
  return request.tenant;
}
