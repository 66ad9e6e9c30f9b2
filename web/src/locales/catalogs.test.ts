import { describe, expect, it } from 'vitest';
import { ZModule } from '../../../api/tenant.ts';
import { deCatalog as de, enCatalog as en } from './catalogs.ts';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('translation catalogs', () => {
  it('have the same keys in German and English', () => {
    expect(keys(en).sort()).toEqual(keys(de).sort());
  });

  it('describe every portal module', () => {
    for (const module of ZModule.options) {
      expect(keys(de)).toContain(`modules.${module}.title`);
      expect(keys(de)).toContain(`modules.${module}.description`);
    }
  });
});
