// CLI import of entities: CSV (`;` or `,`, BOM, quotes, German decimal comma, dotted nested
// headers) and JSON through the same upsert service; errors carry the file's line numbers and
// a batch with an error writes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { createTenant } from '../../../test/factories.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { csvRecords, germanDecimal, importEntitiesFile, parseCsv } from './upsert.import.ts';

let database: Database;
let tenant: Tenant;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-import-'));

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(name: string, content: string, type: Parameters<typeof importEntitiesFile>[2]) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  const lines: string[] = [];
  const err = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
  return importEntitiesFile(database, tenant, type, file, undefined, { out: (l) => lines.push(l), err }).then((code) => ({ code, lines }));
}

describe('CSV parsing', () => {
  it('detects the separator, keeps quoted separators, quotes and line breaks, and counts lines', () => {
    const { delimiter, rows } = parseCsv('a;b\r\n"x;1";"say ""hi"""\n"multi\nline";2\n\n3;4\n');
    expect(delimiter).toBe(';');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x;1', 'say "hi"'] },
      { line: 3, cells: ['multi\nline', '2'] },
      { line: 6, cells: ['3', '4'] },
    ]);
    expect(parseCsv('a,b\n1,2').delimiter).toBe(',');
  });

  it('reads German decimals and nested headers by the record schema', () => {
    expect(germanDecimal('1.234,56')).toBe('1234.56');
    expect(germanDecimal('28,45')).toBe('28.45');
    expect(germanDecimal('28.45')).toBe('28.45');
    const [meter] = csvRecords('meters', 'meterNumber;premiseId;division;installedOn;registers.0.obis;registers.0.unit;registers.0.digits\nZ1;P1;electricity;2020-01-01;1-0:1.8.0;kWh;6\n');
    expect(meter?.record).toEqual({ meterNumber: 'Z1', premiseId: 'P1', division: 'electricity', installedOn: '2020-01-01', registers: [{ obis: '1-0:1.8.0', unit: 'kWh', digits: 6 }] });
    const [tariff] = csvRecords('tariffs', 'code,validFrom,name,division,energyPriceCt,basePriceCentsPerYear\nT,2026-01-01,Basis,electricity,"28,45","12000"\n');
    expect(tariff?.record).toMatchObject({ energyPriceCt: '28.45', basePriceCentsPerYear: 12000 });
  });
});

describe('import --type', () => {
  it('imports customers from a CSV with BOM, then reports them unchanged', async () => {
    const csv = '\uFEFFcustomerNumber;kind;firstName;lastName;companyName;street;houseNumber;postalCode;city;country;email\n' +
      '41000001;person;Erika;Mustermann;;Hauptstraße;5;12345;Teststadt;DE;erika@example.org\n' +
      '41000002;company;;;Bäckerei Korn GmbH;"Am Markt; Hinterhaus";1;12345;Teststadt;DE;\n';
    const first = await run('customers.csv', csv, 'customers');
    expect(first.lines.at(-1)).toBe('customers: 2 records, created 2, updated 0, unchanged 0, errors 0');
    expect(first.code).toBe(0);
    const second = await run('customers2.csv', csv, 'customers');
    expect(second.lines.at(-1)).toContain('created 0, updated 0, unchanged 2');
    const street = await withTenant(database, tenant.id, (trx) => trx.selectFrom('customers').select('street').where('customer_number', '=', '41000002').executeTakeFirstOrThrow());
    expect(street.street).toBe('Am Markt; Hinterhaus');
  });

  it('names the line of every error and writes nothing of the batch', async () => {
    const csv = 'customerNumber;kind;lastName;street;houseNumber;postalCode;city;country\n' +
      '41000010;person;Neu;Weg;1;12345;X;DE\n' +
      '123;person;Falsch;Weg;1;12345;X;DE\n' +
      '41000011;person;Neu;Weg;1;ABC;X;DE\n';
    const result = await run('bad.csv', csv, 'customers');
    expect(result.code).toBe(1);
    expect(result.lines[0]).toMatch(/^line 3 \(123\): customerNumber format: /);
    expect(result.lines[1]).toMatch(/^line 4 \(41000011\): postalCode invalid_format: /);
    expect(result.lines.at(-1)).toContain('errors 2');
    const written = await withTenant(database, tenant.id, (trx) => trx.selectFrom('customers').select('id').where('customer_number', '=', '41000010').execute());
    expect(written).toHaveLength(0);
  });

  it('imports JSON {records: [...]} and refuses other JSON', async () => {
    const ok = await run('premises.json', JSON.stringify({ records: [{ externalId: 'P-1', customerNumber: '41000001', street: 'Weg', houseNumber: '1', postalCode: '12345', city: 'X', country: 'DE', maloId: '52935155442' }] }), 'premises');
    expect(ok.lines.at(-1)).toContain('created 1');
    const bad = await run('bad.json', JSON.stringify({ rows: [] }), 'premises');
    expect(bad.code).toBe(1);
    expect(bad.lines[0]).toContain('{"records": [...]}');
  });
});
