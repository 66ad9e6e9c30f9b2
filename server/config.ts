// Configuration is read from the environment exactly once, here, and validated with zod.
// Nothing else in the server reads process.env.
import path from 'node:path';
import { z } from 'zod';

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DB_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL role name')
    .default('kp_app'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  BASE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d+)?$/, 'must be a host name such as portal.example.de')
    .optional(),
  PUBLIC_URL_SCHEME: z.enum(['http', 'https']).optional(),
  DEMO: boolFromEnv.optional(),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_TOKEN: z.string().min(16).optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  WORKER: z.enum(['embedded', 'off']).default('embedded'),
  SECRETS_KEY: z
    .string()
    .refine((value) => keyBytes(value) !== null, 'must be 32 random bytes, base64 or hex encoded (openssl rand -base64 32)')
    .optional(),
});

/** 32 bytes from base64 or hex, or null. */
function keyBytes(value: string): Buffer | null {
  const bytes = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes : null;
}

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  database:
    | { kind: 'pglite'; dataDir: string | null; /** tests: start from a dumped, migrated template */ template?: Blob }
    | { kind: 'postgres'; url: string; poolSize: number };
  appRole: string;
  smtpUrl: string | null;
  mailFrom: string;
  baseDomain: string | null;
  /** Scheme used in links in mails; https when a base domain is set, unless overridden. */
  publicScheme: 'http' | 'https';
  demo: boolean;
  trustProxy: boolean | string;
  logLevel: string;
  metricsToken: string | null;
  bodyLimitBytes: number;
  outboxPollMs: number;
  worker: 'embedded' | 'off';
  webRoot: string;
  /**
   * Seals secrets kept in the database (TOTP seeds). Null outside production: a key file in the
   * data folder is used then (see secrets-key.ts).
   */
  secretsKey: Buffer | null;
};

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses the environment into a Config, or throws a ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const demo = e.DEMO ?? !production;
  const problems: string[] = [];
  if (production && demo) problems.push('DEMO: demo mode cannot be enabled when NODE_ENV=production');
  if (production && !e.SMTP_URL) problems.push('SMTP_URL: required when NODE_ENV=production (the dev mailbox is off)');
  if (production && !e.BASE_DOMAIN) problems.push('BASE_DOMAIN: required when NODE_ENV=production');
  if (production && !e.SECRETS_KEY) problems.push('SECRETS_KEY: required when NODE_ENV=production (openssl rand -base64 32)');
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(e.DATA_DIR);
  let trustProxy: boolean | string = false;
  if (e.TRUST_PROXY === 'true') trustProxy = true;
  else if (e.TRUST_PROXY && e.TRUST_PROXY !== 'false') trustProxy = e.TRUST_PROXY;

  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    appRole: e.DB_APP_ROLE,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? 'Kundenportal <no-reply@kundenportal.localhost>',
    baseDomain: e.BASE_DOMAIN ?? null,
    publicScheme: e.PUBLIC_URL_SCHEME ?? (e.BASE_DOMAIN ? 'https' : 'http'),
    demo,
    trustProxy,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN ?? null,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    outboxPollMs: e.OUTBOX_POLL_MS,
    worker: e.WORKER,
    webRoot: path.resolve(import.meta.dirname, '../dist/web'),
    secretsKey: e.SECRETS_KEY ? keyBytes(e.SECRETS_KEY) : null,
  };
}
