import { useTranslation } from 'react-i18next';
import { HelpDisclosure } from './HelpDisclosure.tsx';

/** Help like the utilities' own guides: the meter number, reading the meter, HT/NT, why values are checked. */
export function ReadingHelp() {
  const { t } = useTranslation();
  return (
    <div className="readings-help">
      <HelpDisclosure title={t('readings.help.meterNumberTitle')}>
        <p>{t('readings.help.meterNumberText')}</p>
      </HelpDisclosure>
      <HelpDisclosure title={t('readings.help.readTitle')}>
        <p>{t('readings.help.readDigits')}</p>
        <p>{t('readings.help.readDigital')}</p>
        <p>{t('readings.help.readTypo')}</p>
      </HelpDisclosure>
      <HelpDisclosure title={t('readings.help.htntTitle')}>
        <p>{t('readings.help.htntText')}</p>
      </HelpDisclosure>
      <HelpDisclosure title={t('readings.help.checkTitle')}>
        <p>{t('readings.help.checkText')}</p>
      </HelpDisclosure>
    </div>
  );
}
