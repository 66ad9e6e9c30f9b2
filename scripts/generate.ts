// Writes the generated files (DB types, OpenAPI spec); with --check, fails when they drift.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../server/db/database.ts';
import { generateDbTypes } from '../server/db/introspect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { openApiDocument } from '../server/openapi.ts';

const check = process.argv.includes('--check');
const root = path.resolve(import.meta.dirname, '..');

async function generated(): Promise<Record<string, string>> {
  const database = await openDatabase({ database: { kind: 'pglite', dataDir: null }, appRole: 'kp_app' });
  try {
    await migrateToLatest(database);
    const files: Record<string, string> = {
      'server/db/schema.generated.ts': await generateDbTypes(database),
    };
    files['docs/api/openapi.json'] = `${JSON.stringify(await openApiDocument(database), null, 2)}\n`;
    return files;
  } finally {
    await database.close();
  }
}

const files = await generated();
let drift = false;
for (const [file, content] of Object.entries(files)) {
  const target = path.join(root, file);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (current === content) continue;
  if (check) {
    drift = true;
    console.error(`${file} is out of date: run \`npm run gen\` and commit the result.`);
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    console.log(`wrote ${file}`);
  }
}
if (drift) process.exit(1);
