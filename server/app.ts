// The app factory: everything a request needs, without listening. Tests use app.inject().
import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { TDemoAccounts } from '../api/tenant.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { resolveSecretsKey } from './secrets-key.ts';
import type { Database } from './db/database.ts';
import { isAppError, type ErrorCode } from './errors.ts';
import { registerMetrics } from './http/metrics.ts';
import { sendProblem } from './http/problem.ts';
import { registerSecurity } from './http/security.ts';
import { registerSpa, unknownHostPage } from './http/spa.ts';
import { registerTenantContext } from './http/tenant-context.ts';
import { registerBankingRoutes } from './modules/banking/banking.routes.ts';
import { registerAccountRoutes } from './modules/account/account.routes.ts';
import { registerContractRoutes } from './modules/contracts/contracts.routes.ts';
import { registerConsumptionRoutes } from './modules/consumption/consumption.routes.ts';
import { registerDevRoutes } from './modules/dev/dev.routes.ts';
import { registerDocumentRoutes } from './modules/documents/documents.routes.ts';
import { registerHealthRoutes } from './modules/health/health.routes.ts';
import { registerFactorRoutes } from './modules/identity/factors.routes.ts';
import { registerIdentityRoutes } from './modules/identity/identity.routes.ts';
import { registerMyDataRoutes } from './modules/my-data/my-data.routes.ts';
import { registerReadingRoutes } from './modules/readings/readings.routes.ts';
import { registerOverviewRoutes } from './modules/overview/overview.routes.ts';
import { registerRequestRoutes } from './modules/requests/requests.routes.ts';
import { registerCustomerDataRoutes } from './modules/customer-data/customer-data.routes.ts';
import { registerInstalmentRoutes } from './modules/instalments/instalments.routes.ts';
import { registerIntegrationRoutes } from './modules/integration/integration.routes.ts';
import { registerIntervalImportRoutes } from './modules/integration/interval-import.routes.ts';
import { requireClient } from './modules/integration/clients.service.ts';
import { registerExportRoutes } from './modules/integration/events.routes.ts';
import { integrationSecuritySchemes } from '../api/integration.ts';
import { registerTenantRoutes } from './modules/tenants/tenants.routes.ts';
import { registerStaffRoutes } from './modules/staff/staff.routes.ts';
import { registerOperatorRoutes } from './modules/operator/operator.routes.ts';
import { registerBackofficeRoutes } from './modules/backoffice/backoffice.routes.ts';
import { registerGpLetterRoutes } from './modules/backoffice/gp-letters.routes.ts';
import { registerRegistrationReviewRoutes } from './modules/registration-reviews/registration-reviews.routes.ts';
import { registerSettingsRoutes } from './modules/backoffice/settings.routes.ts';
import { registerIntegrationAdminRoutes } from './modules/backoffice/integration-admin.routes.ts';
import { TenantResolver } from './modules/tenants/tenants.service.ts';
import { ChangeFeed } from './db/change-feed.ts';
import { registerTextInputCheck } from './http/text-input.ts';

export type AppDeps = {
  config: Config;
  database: Database;
  /** Reports readiness; the server flips it during shutdown. */
  isShuttingDown?: () => boolean;
  /** Demo mode: the demo logins and unregistered customers (GET /dev/demo-accounts.json). */
  demoAccounts?: () => Promise<TDemoAccounts>;
  /** The time source; tests pass a controllable clock. */
  clock?: Clock;
  /**
   * Sessions and start pages cached in memory, kept current by the database's change feed
   * (ADR 0019). Default on; benchmarks and tests turn it off to measure or test the database path.
   */
  caches?: boolean;
  /** Test hook: extra routes registered inside the app (e.g. to provoke a 500). */
  extraRoutes?: (app: FastifyInstance) => void;
};

export const API_VERSION = '1.0.0';

const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/;

const statusToCode: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    return503OnClosing: true,
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });

  registerSecurity(app);
  registerTextInputCheck(app);
  const changeFeed = deps.caches === false ? null : await ChangeFeed.start(database, app.log);
  app.decorate('changeFeed', changeFeed);
  app.addHook('onClose', async () => changeFeed?.close());
  // Tenant settings saved in any process reach this one's resolver through the feed (ADR 0019).
  const resolver = new TenantResolver(database.db, config.baseDomain, { feed: changeFeed });
  registerTenantContext(app, resolver);
  app.decorate('tenantResolver', resolver);
  if (changeFeed) {
    // Read your own writes: a changing request answers once this process has heard of its changes.
    app.addHook('onSend', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') await changeFeed.sync();
    });
  }

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kundenportal API',
        version: API_VERSION,
        description:
          'Self-service API of the Kundenportal. Every request is answered for the utility (tenant) named by the host, ' +
          'e.g. `https://musterstadt.portal.example/api/v1/...`. Errors are `application/problem+json`.',
      },
      tags: [
        { name: 'tenant', description: "The utility's public configuration" },
        { name: 'identity', description: 'Registration, sign-in, sessions and passwords' },
        { name: 'second factor', description: 'Authenticator app, passkeys and recovery codes' },
        { name: 'requests', description: 'Messages and requests of the selected customer account ("Meine Anliegen")' },
        { name: 'overview', description: 'The start page (Übersicht) of the selected customer account' },
        { name: 'readings', description: 'Meters and meter readings with plausibility checks (Zählerstände)' },
        { name: 'consumption', description: 'Consumption by year, month, day and quarter hour, downloads and the cost projection (Verbrauch)' },
        { name: 'documents', description: 'Invoices and documents with PDF download (Rechnungen und Dokumente)' },
        { name: 'account', description: 'Account statement: bookings, balance, open items (Kontoübersicht)' },
        { name: 'contracts', description: 'Contracts and prices per consumption point (Verträge)' },
        { name: 'instalments', description: 'Instalments and change requests (Abschlag)' },
        { name: 'banking', description: 'Bank details and SEPA direct debit mandates (Bankverbindung)' },
        { name: 'customer data', description: 'Contact data and billing address (Persönliche Daten)' },
        { name: 'my-data', description: 'Download of all personal data (Meine Daten, GDPR Art. 15/20)' },
        { name: 'back office', description: "The utility's staff: sign-in with a second factor, staff accounts, work queues, customer view" },
        { name: 'operator', description: 'The installation\'s operator console across tenants (installation host only): sign-in with a second factor, tenants, their staff, failed messages, the operator team' },
        { name: 'operations', description: 'Health and readiness' },
        { name: 'integration', description: "The utility's billing system: OAuth2 client credentials, idempotent bulk upserts by its own ids" },
      ],
      components: { securitySchemes: integrationSecuritySchemes },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: false,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'no-cache').send(app.swagger()),
  );

  registerMetrics(app, database, config.metricsToken);
  registerHealthRoutes(app, database, deps.isShuttingDown ?? (() => false));
  registerTenantRoutes(app, database, config.demo);
  registerIdentityRoutes(app, database, deps.clock ?? systemClock);
  registerFactorRoutes(app, database, deps.clock ?? systemClock, { secretsKey: resolveSecretsKey(config) });
  registerRequestRoutes(app, database, deps.clock ?? systemClock);
  registerReadingRoutes(app, database, deps.clock ?? systemClock);
  registerBankingRoutes(app, database, deps.clock ?? systemClock, { secretsKey: resolveSecretsKey(config) });
  registerConsumptionRoutes(app, database, deps.clock ?? systemClock);
  registerMyDataRoutes(app, database, deps.clock ?? systemClock);
  registerCustomerDataRoutes(app, database, deps.clock ?? systemClock);
  registerInstalmentRoutes(app, database, deps.clock ?? systemClock);
  registerDocumentRoutes(app, database, deps.clock ?? systemClock);
  registerAccountRoutes(app, database, deps.clock ?? systemClock);
  registerContractRoutes(app, database, deps.clock ?? systemClock);
  registerOverviewRoutes(app, database, deps.clock ?? systemClock);
  registerIntegrationRoutes(app, database, deps.clock ?? systemClock);
  registerIntervalImportRoutes(app, database, { requireClient });
  registerExportRoutes(app, database, deps.clock ?? systemClock, { secretsKey: resolveSecretsKey(config), production: config.env === 'production' });
  registerStaffRoutes(app, database, deps.clock ?? systemClock, { secretsKey: resolveSecretsKey(config) });
  registerOperatorRoutes(app, database, deps.clock ?? systemClock, { secretsKey: resolveSecretsKey(config) });
  registerBackofficeRoutes(app, database, deps.clock ?? systemClock);
  registerGpLetterRoutes(app, database, deps.clock ?? systemClock, config);
  registerRegistrationReviewRoutes(app, database, deps.clock ?? systemClock);
  registerSettingsRoutes(app, database, deps.clock ?? systemClock);
  registerIntegrationAdminRoutes(app, database, deps.clock ?? systemClock, { secretsKey: resolveSecretsKey(config), production: config.env === 'production' });
  if (config.env !== 'production') registerDevRoutes(app, config, database, deps.demoAccounts, deps.clock ?? systemClock);
  deps.extraRoutes?.(app);

  const serveIndex = registerSpa(app, config.webRoot);

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    const isApi = path.startsWith('/api/') || path.startsWith('/dev/');
    if (isApi) return sendProblem(request, reply, request.tenant || request.isRootHost ? 'not_found' : 'tenant_not_found');
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    // The installation host serves the tenant chooser (demo only) and the operator console (/betrieb, always).
    const isConsole = path === '/betrieb' || path.startsWith('/betrieb/');
    if (isPage && (request.tenant || (request.isRootHost && (config.demo || isConsole)))) return serveIndex(request, reply);
    if (!request.tenant && !request.isRootHost) {
      return reply.code(404).type('text/html; charset=utf-8').send(unknownHostPage(request.headers.host ?? ''));
    }
    return sendProblem(request, reply, 'not_found');
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      if (error.retryAfterSeconds !== undefined) reply.header('Retry-After', String(error.retryAfterSeconds));
      return sendProblem(request, reply, error.code, {
        detail: error.detail,
        fields: error.fields,
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendProblem(request, reply, 'validation_failed', {
        fields: error.validation.map((issue) => ({
          field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
          message: issue.message ?? 'invalid',
        })),
      });
    }
    const status = error.statusCode ?? 500;
    const code = statusToCode[status];
    if (status < 500 && code) return sendProblem(request, reply, code);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'internal');
  });

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    tenantResolver: TenantResolver;
    /** Null when the app runs without caches (`AppDeps.caches: false`). */
    changeFeed: ChangeFeed | null;
  }
}
