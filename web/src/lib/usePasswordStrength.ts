// The strength meter's state: zxcvbn (lazy chunk) and the server's verdict, both for the password as
// it is once typing pauses (400 ms), so the live region speaks once per pause and not per key.
import { useEffect, useMemo, useState } from 'react';
import type { TPasswordCheckResponse } from '../../../api/identity.ts';
import { checkPassword } from './identity.ts';
import {
  loadStrengthEstimator,
  passwordLength,
  strengthVerdict,
  type StrengthEstimator,
  type StrengthVerdict,
  type WarningKey,
} from './passwordStrength.ts';
import { useDebouncedValue } from './useDebouncedValue.ts';

export const PASSWORD_CHECK_DELAY_MS = 400;

export function usePasswordStrength(
  password: string,
  minLength: number,
  userInputs: readonly string[],
): { verdict: StrengthVerdict | null; warning: WarningKey | null } {
  const settled = useDebouncedValue(password, PASSWORD_CHECK_DELAY_MS);
  const [estimator, setEstimator] = useState<StrengthEstimator | null>(null);
  const [server, setServer] = useState<{ password: string; result: TPasswordCheckResponse } | null>(null);
  const typing = password !== '';

  useEffect(() => {
    if (!typing || estimator) return;
    let active = true;
    loadStrengthEstimator().then(
      (loaded) => {
        if (active) setEstimator(() => loaded);
      },
      () => undefined, // the meter then relies on the server's verdict alone
    );
    return () => {
      active = false;
    };
  }, [typing, estimator]);

  useEffect(() => {
    // Too short is known without asking; the server is asked about everything else.
    if (settled === '' || passwordLength(settled) < minLength) return;
    const controller = new AbortController();
    checkPassword(settled, controller.signal).then(
      (result) => {
        setServer({ password: settled, result });
      },
      () => undefined, // no verdict: the form's submit still gets the server's answer
    );
    return () => {
      controller.abort();
    };
  }, [settled, minLength]);

  const inputsKey = userInputs.join('\n');
  const estimate = useMemo(
    () => (estimator && settled !== '' ? estimator(settled, inputsKey.split('\n').filter((s) => s !== '')) : null),
    [estimator, settled, inputsKey],
  );
  if (password === '') return { verdict: null, warning: null };
  const verdict = strengthVerdict({
    password: settled,
    minLength,
    estimate,
    server: server?.password === settled ? server.result : null,
  });
  const showWarning = verdict !== null && (verdict.level === 'weak' || verdict.level === 'fair');
  return { verdict, warning: showWarning ? (estimate?.warning ?? null) : null };
}
