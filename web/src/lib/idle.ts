// Idle timeout maths. The server decides when a session ends (idleExpiresAt); the browser's clock may
// be off by minutes, so the deadline is converted to the browser's clock with the Date header of the
// answer that carried it. Two minutes before the deadline the portal warns, at the deadline it signs out.

export const WARNING_BEFORE_MS = 2 * 60_000;

/**
 * The idle deadline on the browser's clock (ms since epoch). `serverDate` is the Date header of the
 * answer (null when missing), `receivedAt` the browser's time when it arrived. Never more than the
 * idle timeout away from `receivedAt`, whatever the clocks say.
 */
export function idleDeadline(
  session: { idleExpiresAt: string; idleTimeoutSeconds: number },
  serverDate: number | null,
  receivedAt: number,
): number {
  const expiresAt = Date.parse(session.idleExpiresAt);
  if (Number.isNaN(expiresAt)) return receivedAt + session.idleTimeoutSeconds * 1000;
  const remaining = expiresAt - (serverDate ?? receivedAt);
  return receivedAt + Math.min(Math.max(0, remaining), session.idleTimeoutSeconds * 1000);
}

export type IdlePhase =
  | { phase: 'active'; msUntilWarning: number }
  | { phase: 'warning'; msLeft: number }
  | { phase: 'expired' };

export function idlePhase(now: number, deadline: number, warnBefore = WARNING_BEFORE_MS): IdlePhase {
  const msLeft = deadline - now;
  if (msLeft <= 0) return { phase: 'expired' };
  if (msLeft <= warnBefore) return { phase: 'warning', msLeft };
  return { phase: 'active', msUntilWarning: msLeft - warnBefore };
}

/** "2:00", "0:59": minutes and seconds left, rounded up to the full second. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${String(Math.floor(seconds / 60))}:${String(seconds % 60).padStart(2, '0')}`;
}
