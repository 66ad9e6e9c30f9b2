import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults for the embedded quick start', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database.kind).toBe('pglite');
    expect(config.demo).toBe(true);
    expect(config.smtpUrl).toBeNull();
    expect(config.appRole).toBe('kp_app');
  });

  it('switches to PostgreSQL with DATABASE_URL and keeps demo mode outside production', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/portal' });
    expect(config.database).toMatchObject({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/portal' });
    expect(config.demo).toBe(true);
  });

  it('lists every problem in one readable error', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
      expect(message).toContain('SMTP_URL: must be an smtp:// or smtps:// URL');
    }
  });

  it('refuses demo mode and the dev mailbox in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO: 'true', SMTP_URL: 'smtp://m', BASE_DOMAIN: 'p.example' })).toThrow(
      /demo mode cannot be enabled/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SMTP_URL: required/);
    expect(() => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', BASE_DOMAIN: 'portal.example' })).toThrow(/SECRETS_KEY: required/);
    const key = Buffer.alloc(32, 1).toString('base64');
    const production = loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', BASE_DOMAIN: 'portal.example', SECRETS_KEY: key });
    expect(production.demo).toBe(false);
    expect(production.publicScheme).toBe('https');
    expect(production.secretsKey?.equals(Buffer.alloc(32, 1))).toBe(true);
  });

  it('accepts a secrets key of 32 bytes only, as base64 or hex', () => {
    expect(loadConfig({ SECRETS_KEY: 'ab'.repeat(32) }).secretsKey?.toString('hex')).toBe('ab'.repeat(32));
    expect(() => loadConfig({ SECRETS_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/SECRETS_KEY: must be 32 random bytes/);
    expect(loadConfig({}).secretsKey).toBeNull();
  });

  it('rejects a runtime role name that is not a plain identifier', () => {
    expect(() => loadConfig({ DB_APP_ROLE: 'kp_app; drop table x' })).toThrow(/DB_APP_ROLE/);
  });
});
