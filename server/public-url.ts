// Links in mails and on printed letters are built from configuration, never from a Host header.
import type { Config } from './config.ts';

export function tenantBaseUrl(
  config: Pick<Config, 'baseDomain' | 'publicScheme' | 'port'>,
  tenant: { slug: string; domains?: string[] },
): string {
  const custom = tenant.domains?.[0];
  if (custom) return `${config.publicScheme}://${custom}`;
  if (config.baseDomain) return `${config.publicScheme}://${tenant.slug}.${config.baseDomain}`;
  return `http://${tenant.slug}.localhost:${config.port}`;
}

/** The installation host (no tenant): the operator console lives there at /betrieb. */
export function installationBaseUrl(config: Pick<Config, 'baseDomain' | 'publicScheme' | 'port'>): string {
  if (config.baseDomain) return `${config.publicScheme}://${config.baseDomain}`;
  return `http://localhost:${config.port}`;
}
