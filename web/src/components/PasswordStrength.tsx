import { Label, Meter } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { StrengthLevel, StrengthVerdict } from '../lib/passwordStrength.ts';
import { passwordLength } from '../lib/passwordStrength.ts';
import { usePasswordStrength } from '../lib/usePasswordStrength.ts';

const SEGMENTS = [1, 2, 3, 4] as const;

type LevelKey = 'tooShort' | 'rejected' | 'weak' | 'fair' | 'good' | 'strong';

function levelKey(level: StrengthLevel): LevelKey {
  return level === 'tooLong' || level === 'common' ? 'rejected' : level;
}

function useStatusText(verdict: StrengthVerdict | null, password: string, minLength: number): string {
  const { t } = useTranslation();
  if (!verdict) return '';
  switch (verdict.level) {
    case 'tooShort':
      return t('password.status.tooShort', { length: passwordLength(password), min: minLength });
    case 'tooLong':
      return t('password.status.tooLong');
    case 'common':
      return t('password.status.common');
    default: {
      const strength = t(`password.status.${verdict.level}`);
      return verdict.accepted ? `${strength} ${t('password.status.accepted')}` : strength;
    }
  }
}

/**
 * Strength meter under a new password: how hard it is to guess (zxcvbn, common and German
 * dictionaries) and whether the server accepts it. The text below the bar is a polite live region,
 * updated once typing pauses.
 */
export function PasswordStrength({
  password,
  minLength,
  userInputs = [],
}: {
  password: string;
  minLength: number;
  userInputs?: readonly string[];
}) {
  const { t } = useTranslation();
  const { verdict, warning } = usePasswordStrength(password, minLength, userInputs);
  const status = useStatusText(verdict, password, minLength);
  return (
    <div className="strength">
      {verdict && (
        <Meter
          className="strength__meter"
          value={verdict.segments}
          minValue={0}
          maxValue={4}
          valueLabel={t(`password.levels.${levelKey(verdict.level)}`)}
        >
          {({ valueText }) => (
            <>
              <div className="strength__row">
                <Label className="strength__label">{t('password.strengthLabel')}</Label>
                <span className="strength__value">{valueText}</span>
              </div>
              <div className="strength__bar" data-level={verdict.level}>
                {SEGMENTS.map((segment) => (
                  <span key={segment} className="strength__segment" data-on={segment <= verdict.segments || undefined} />
                ))}
              </div>
            </>
          )}
        </Meter>
      )}
      <div className="strength__status" aria-live="polite">
        {status && <p>{status}</p>}
        {warning && <p>{t(`password.warnings.${warning}`)}</p>}
      </div>
    </div>
  );
}
