import { useEffect, useState } from 'react';
import { idlePhase, type IdlePhase } from './idle.ts';

/**
 * The idle phase for a deadline on the browser's clock, re-evaluated when the warning starts, every
 * second during the warning (for the countdown) until the deadline.
 */
export function useIdlePhase(deadline: number): IdlePhase & { now: number } {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const phase = idlePhase(Date.now(), deadline);
    if (phase.phase === 'expired') return; // the session layer takes over
    const delay = phase.phase === 'active' ? phase.msUntilWarning : phase.msLeft % 1000 || 1000;
    const timer = window.setTimeout(() => {
      setNow(Date.now());
    }, delay + 10);
    return () => {
      window.clearTimeout(timer);
    };
  }, [deadline, now]);
  return { ...idlePhase(now, deadline), now };
}
