import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';

describe('password hashing (SEC-03)', () => {
  it('stores argon2id with at least 19 MiB and two passes', async () => {
    const stored = await hashPassword('Zählerstand-2024');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/);
    const [, m, t] = /m=(\d+),t=(\d+)/.exec(stored) ?? [];
    expect(Number(m)).toBeGreaterThanOrEqual(19_456);
    expect(Number(t)).toBeGreaterThanOrEqual(2);
  });

  it('verifies, normalises Unicode and does not truncate long passwords', async () => {
    const long = `${'ä'.repeat(40)}-end-A`;
    const stored = await hashPassword(long);
    expect(await verifyPassword(stored, long)).toBe(true);
    expect(await verifyPassword(stored, `${'ä'.repeat(40)}-end-B`)).toBe(false);
    const composed = await hashPassword('Gr\u00fc\u00dfe aus M\u00fcnchen');
    expect(await verifyPassword(composed, 'Gru\u0308\u00dfe aus Mu\u0308nchen')).toBe(true);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});
