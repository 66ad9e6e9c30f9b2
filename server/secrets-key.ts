// The key that seals secrets stored in the database (TOTP seeds). Production sets SECRETS_KEY (the
// configuration refuses to start without it). Elsewhere a random key is created once in the data
// folder, so `npm start` needs no setup and a restart keeps the factors working.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';

export function resolveSecretsKey(config: Config): Buffer {
  if (config.secretsKey) return config.secretsKey;
  const file = path.join(config.dataDir, 'secrets.key');
  try {
    const bytes = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (bytes.length === 32) return bytes;
    throw new Error(`${file} does not hold a 32-byte key; remove it or set SECRETS_KEY`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveSecretsKey(config);
    throw error;
  }
}
