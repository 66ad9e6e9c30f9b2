// Builds the web app when it is missing or older than its sources (used by npm start and the e2e tests).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stampFile = path.join(root, 'dist', '.web-build-stamp');

function newestMtime(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function webBuildIsStale() {
  if (!fs.existsSync(path.join(root, 'dist', 'web', 'index.html')) || !fs.existsSync(stampFile)) return true;
  const sources = ['web', 'api', 'package-lock.json'].map((p) => path.join(root, p)).filter((p) => fs.existsSync(p));
  return Math.max(...sources.map(newestMtime)) > fs.statSync(stampFile).mtimeMs;
}

export async function ensureWebBuild() {
  if (!webBuildIsStale()) return;
  let viteBin;
  try {
    viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    throw new Error('The web app is not built and Vite is not installed. Run `npm install` (with dev dependencies) and `npm run build`.');
  }
  console.log('Building the web app (first start only)...');
  // In a child process: Vite sets NODE_ENV=production in the process that builds.
  const result = spawnSync(process.execPath, [viteBin, 'build', '--config', path.join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Always the production bundle, whatever mode the server itself runs in.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('Building the web app failed (see above).');
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, new Date().toISOString());
}
