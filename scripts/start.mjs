// `npm start`: builds the web app when it is missing or older than its sources, then starts the
// server (TypeScript run through tsx). Arguments are passed to the CLI (default: serve).
import { ensureWebBuild } from './build-web.mjs';

try {
  await ensureWebBuild();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../server/main.ts');
