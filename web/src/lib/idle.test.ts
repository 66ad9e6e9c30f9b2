import { describe, expect, it } from 'vitest';
import { formatCountdown, idleDeadline, idlePhase, WARNING_BEFORE_MS } from './idle.ts';

const minute = 60_000;
const session = (idleExpiresAt: string) => ({ idleExpiresAt, idleTimeoutSeconds: 15 * 60 });

describe('idleDeadline', () => {
  it('converts the server deadline to the browser clock with the Date header', () => {
    const server = Date.parse('2026-11-21T12:00:00Z');
    // The browser clock is 7 minutes behind the server.
    const browser = server - 7 * minute;
    expect(idleDeadline(session('2026-11-21T12:15:00Z'), server, browser)).toBe(browser + 15 * minute);
    // ... or 3 minutes ahead.
    expect(idleDeadline(session('2026-11-21T12:10:00Z'), server, server + 3 * minute)).toBe(server + 13 * minute);
  });

  it('never lies further away than the idle timeout, and never in the past', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(idleDeadline(session('2026-11-21T14:00:00Z'), null, now)).toBe(now + 15 * minute);
    expect(idleDeadline(session('2026-11-21T11:00:00Z'), now, now)).toBe(now);
    expect(idleDeadline(session('not a date'), now, now)).toBe(now + 15 * minute);
  });
});

describe('idlePhase', () => {
  const deadline = Date.parse('2026-11-21T12:15:00Z');

  it('is active until two minutes before the deadline', () => {
    expect(idlePhase(deadline - 15 * minute, deadline)).toEqual({ phase: 'active', msUntilWarning: 13 * minute });
    expect(idlePhase(deadline - WARNING_BEFORE_MS - 1, deadline).phase).toBe('active');
  });

  it('warns in the last two minutes with the time left', () => {
    expect(idlePhase(deadline - WARNING_BEFORE_MS, deadline)).toEqual({ phase: 'warning', msLeft: 2 * minute });
    expect(idlePhase(deadline - 1000, deadline)).toEqual({ phase: 'warning', msLeft: 1000 });
  });

  it('has expired at the deadline', () => {
    expect(idlePhase(deadline, deadline)).toEqual({ phase: 'expired' });
    expect(idlePhase(deadline + 5000, deadline)).toEqual({ phase: 'expired' });
  });

  it('follows a new deadline after "Angemeldet bleiben"', () => {
    const now = deadline - 30_000;
    expect(idlePhase(now, deadline).phase).toBe('warning');
    expect(idlePhase(now, now + 15 * minute).phase).toBe('active');
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds, rounded up', () => {
    expect(formatCountdown(2 * minute)).toBe('2:00');
    expect(formatCountdown(119_001)).toBe('2:00');
    expect(formatCountdown(119_000)).toBe('1:59');
    expect(formatCountdown(9_500)).toBe('0:10');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});
